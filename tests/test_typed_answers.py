"""Answers with typed columns: DataFrames of ``budgetkg.query`` and Parquet files of ``budgetkg query``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas
import pyarrow.parquet
import pytest

import budgetkg
from budgetkg.cli import main
from budgetkg.columns import ColumnKind, column_kinds
from budgetkg.questions import get_question, run_answer
from budgetkg.store import EmbeddedStore


@pytest.fixture(scope="module")
def projects(seed_store: EmbeddedStore) -> pandas.DataFrame:
    return budgetkg.query("projects", store=seed_store)


def test_columns_take_the_datatypes_the_question_gives(seed_store: EmbeddedStore) -> None:
    kinds = column_kinds(run_answer(seed_store, get_question("projects")))
    assert kinds == {
        "region_code": ColumnKind.TEXT,
        "department": ColumnKind.TEXT,
        "fiscal_year": ColumnKind.INTEGER,
        "unit_code": ColumnKind.TEXT,
        "project_code": ColumnKind.TEXT,
        "project_name": ColumnKind.TEXT,
        "amount": ColumnKind.DECIMAL,
        "disclosed": ColumnKind.BOOLEAN,
    }


def test_amounts_are_numbers_years_integers_and_disclosure_a_flag(projects: pandas.DataFrame) -> None:
    assert projects["amount"].dtype == "float64"
    assert projects["fiscal_year"].dtype == "Int64"
    assert projects["disclosed"].dtype == "boolean"
    assert sorted(set(projects["fiscal_year"])) == [2023, 2024]


def test_nlargest_and_describe_work_on_amounts(projects: pandas.DataFrame) -> None:
    top = projects.nlargest(2, "amount")
    assert top["project_name"].tolist() == ["办聘及人员经费项目", "外聘人员经费"]
    assert top["amount"].tolist() == [8104.09, 3199.14]
    summary = projects["amount"].describe()
    assert summary["count"] == 48 and summary["max"] == 8104.09 and summary["min"] == 1.28


def test_withheld_projects_have_no_amount_and_are_not_disclosed(projects: pandas.DataFrame) -> None:
    withheld = projects[projects["disclosed"] == False]  # noqa: E712 (a nullable boolean column)
    assert len(withheld) > 0 and withheld["amount"].isna().all()
    assert set(withheld["department"]) == {"中共武汉市江汉区委政法委员会"}


def test_exact_keeps_decimals(seed_store: EmbeddedStore) -> None:
    exact = budgetkg.query("projects", store=seed_store, exact=True)
    amounts = exact.set_index("project_name")["amount"]
    assert amounts["办聘及人员经费项目"] == Decimal("8104.09")
    assert isinstance(amounts["外聘人员经费"], Decimal)
    assert exact["fiscal_year"].dtype == "Int64"


def test_parquet_reads_back_with_the_same_values(
    seed_store: EmbeddedStore, projects: pandas.DataFrame, tmp_path: Path
) -> None:
    store_path = tmp_path / "kg"
    with EmbeddedStore(store_path) as copy:
        copy.store.bulk_extend(seed_store.store.quads_for_pattern(None, None, None, None))
    output = tmp_path / "projects.parquet"
    command = ["query", "projects", "--store", str(store_path), "--format", "parquet", "-o", str(output)]
    assert main(command) == 0
    schema = pyarrow.parquet.read_schema(output)
    assert [str(schema.field(name).type) for name in ("fiscal_year", "amount", "disclosed")] == [
        "int64",
        "double",
        "bool",
    ]
    back = pandas.read_parquet(output)
    assert back["amount"].dtype == "float64"
    pandas.testing.assert_frame_equal(back.astype(projects.dtypes.to_dict()), projects)


def test_parquet_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "projects", "--format", "parquet"]) != 0
    assert "-o FILE" in capsys.readouterr().err
