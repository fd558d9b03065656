"""Parameters of saved questions: typed, never query text, and harmless whatever a user types.

Also: every output (table, CSV, JSON, and the DataFrame of ``budgetkg.query``) shows the same values,
and the budget-against-final-accounts question on a fixture that holds both phases of one budget.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import numpy
import pandas
import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.contract import CONTRACT_QUESTIONS
from budgetkg.errors import QueryError
from budgetkg.output import as_csv, as_json, as_table
from budgetkg.params import (
    Parameter,
    ParameterError,
    bind,
    outer_group_end,
    parse_assignments,
    parse_parameter,
    sparql_term,
    to_term,
    values_block,
    with_values,
)
from budgetkg.paths import SAMPLES_DIR
from budgetkg.questions import catalogue, load_question, run_answer, run_rows
from budgetkg.remote import remote_text
from budgetkg.store import EmbeddedStore
from tests.servers import HERE as TEST_QUERIES

INJECTION = 'x" } DROP ALL ; #'
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parameter(kind: str) -> Parameter:
    return Parameter("value", kind, None, "")


# ---- types


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("string", "政法", ox.Literal("政法")),
        ("integer", " 42 ", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
        ("decimal", "12.50", ox.Literal("12.50", datatype=ox.NamedNode(XSD + "decimal"))),
        ("year", "2024", ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear"))),
        ("boolean", "yes", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ("iri", "https://example.org/a", ox.NamedNode("https://example.org/a")),
        ("region", "420103", ox.NamedNode("https://w3id.org/budgetkg/id/region/420103")),
        (
            "concept:budget-phase",
            "executed",
            ox.NamedNode("https://w3id.org/budgetkg/id/concept/budget-phase/executed"),
        ),
    ],
)
def test_values_become_typed_terms(kind: str, text: str, expected: ox.NamedNode | ox.Literal) -> None:
    assert to_term(parameter(kind), text, "q") == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("integer", "4.5"),
        ("integer", INJECTION),
        ("decimal", "1e5"),
        ("decimal", INJECTION),
        ("year", "24"),
        ("year", INJECTION),
        ("boolean", "maybe"),
        ("iri", "not an iri"),
        ("iri", "http://example.org/> } DROP ALL ; #"),
        ("region", "4201"),
        ("region", "999999"),
        ("region", INJECTION),
        ("concept:budget-phase", INJECTION),
        ("concept:budget-phase", "xyz"),
    ],
)
def test_values_of_the_wrong_type_are_clear_errors(kind: str, text: str) -> None:
    with pytest.raises(ParameterError, match=rf"parameter value \({re.escape(kind)}\) cannot be"):
        to_term(parameter(kind), text, "q")


def test_header_lines() -> None:
    declared = parse_parameter("year | year | 2024 | the budget year", "q.rq")
    assert declared == Parameter("year", "year", "2024", "the budget year")
    assert declared.variable == "param_year"
    with pytest.raises(QueryError, match="unknown parameter type"):
        parse_parameter("x | colour | | a colour", "q.rq")
    with pytest.raises(QueryError, match="cannot be"):
        parse_parameter("year | year | soon | a year", "q.rq")
    with pytest.raises(QueryError, match="lower-case"):
        parse_parameter("Year | year | | a year", "q.rq")


def test_a_declared_parameter_must_be_used() -> None:
    with pytest.raises(QueryError, match="param_region is not used"):
        load_question(TEST_QUERIES / "unused-parameter.rq")


def test_binding_applies_defaults_and_refuses_unknown_names() -> None:
    declared = (Parameter("year", "year", "2024", ""), Parameter("region", "region", None, ""))
    assert set(bind("q", declared, {})) == {"param_year"}
    assert set(bind("q", declared, {"region": "420103", "year": ""})) == {"param_region"}
    with pytest.raises(ParameterError, match="unknown parameter"):
        bind("q", declared, {"colour": "red"})


def test_command_line_assignments() -> None:
    assert parse_assignments(["region=420103", "department=a=b"]) == {"region": "420103", "department": "a=b"}
    with pytest.raises(ParameterError, match="name=value"):
        parse_assignments(["region"])
    with pytest.raises(ParameterError, match="twice"):
        parse_assignments(["year=2023", "year=2024"])


# ---- the VALUES block of remote questions


@pytest.mark.parametrize(
    "text",
    [INJECTION, 'a\\b"c', "line\nbreak\ttab", "\\u0022 } DROP ALL", "'''", '"""', "中共武汉市江汉区委"],
)
def test_written_terms_read_back_as_the_same_term(text: str) -> None:
    store = ox.Store()
    echo = load_question(TEST_QUERIES / "echo.rq")
    for term in (
        ox.Literal(text),
        ox.Literal(text, language="zh"),
        ox.Literal(text, datatype=ox.NamedNode(XSD + "token")),
    ):
        solutions = store.query(remote_text(echo, {"param_value": term}))
        assert isinstance(solutions, ox.QuerySolutions)
        assert [solution["param_value"] for solution in solutions] == [term]


def test_control_characters_are_refused() -> None:
    with pytest.raises(ParameterError, match="control character"):
        sparql_term(ox.Literal("a\x00b"))


def test_values_go_last_in_the_outermost_group() -> None:
    text = (TEST_QUERIES / "tricky.rq").read_text(encoding="utf-8")
    block = values_block((Parameter("x", "string", None, ""),), {"param_x": ox.Literal(INJECTION)})
    assert block == 'VALUES (?param_x) { ("x\\" } DROP ALL ; #") }'
    placed = with_values(text, block)
    assert placed.endswith(block + "\n}\nORDER BY ?a\n")
    assert outer_group_end(text) == text.rindex("}")
    store = ox.Store()
    assert isinstance(store.query(placed), ox.QuerySolutions)


def test_every_question_binds_its_parameters_and_lists_them() -> None:
    for name in CONTRACT_QUESTIONS:
        declared = {parameter.name: parameter.type for parameter in catalogue()[name].parameters}
        assert declared["region"] == "region" and declared["year"] == "year", name
        assert declared["department"] == "string", name
    for question in catalogue().values():
        assert all(parameter.default is None for parameter in question.parameters), question.name
    assert len(catalogue()) >= 20


# ---- on the seeds


COLUMN_OF = {"region": "region_code", "year": "fiscal_year", "department": "department"}


FILTER_CASES = [
    (name, {key: value})
    for name, question in sorted(catalogue().items())
    for key, value in (("region", "420103"), ("year", "2023"), ("department", "政法"))
    if key in {parameter.name for parameter in question.parameters}
]


@pytest.mark.parametrize(
    ("name", "given"), FILTER_CASES, ids=[f"{name}-{given}" for name, given in FILTER_CASES]
)
def test_a_parameter_keeps_exactly_the_matching_rows(
    seed_store: EmbeddedStore, name: str, given: dict[str, str]
) -> None:
    question = catalogue()[name]
    [(key, wanted)] = given.items()
    columns, everything = run_rows(seed_store, question)
    _, chosen = run_rows(seed_store, question, given)
    column = COLUMN_OF[key]
    assert column in columns

    def keeps(row: dict[str, str | None]) -> bool:
        cell = row[column] or ""
        return wanted in cell if key == "department" else cell == wanted

    matching = [row for row in everything if keeps(row)]
    if name == "largest-projects":
        assert all(keeps(row) for row in chosen) and len(chosen) == min(20, len(chosen))
        assert [row["amount"] for row in matching] == [row["amount"] for row in chosen][: len(matching)]
    else:
        assert chosen == matching


def test_an_injected_value_finds_nothing_and_changes_nothing(seed_store: EmbeddedStore) -> None:
    before = len(seed_store)
    for question in catalogue().values():
        names = {parameter.name for parameter in question.parameters}
        if "department" in names:
            assert run_answer(seed_store, question, {"department": INJECTION}).rows == []
        for typed in names & {"region", "year", "phase"}:
            with pytest.raises(ParameterError, match=typed):
                run_answer(seed_store, question, {typed: INJECTION})
    assert len(seed_store) == before


# ---- every output shows the same values


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_table_csv_json_and_dataframe_show_the_same_values(seed_store: EmbeddedStore, name: str) -> None:
    answer = run_answer(seed_store, catalogue()[name])
    columns, rows = answer.columns, answer.text_rows()
    from_csv = list(csv.reader(io.StringIO(as_csv(columns, rows))))
    assert from_csv[0] == columns
    from_json = json.loads(as_json(columns, rows))
    assert from_json["columns"] == columns
    table = as_table(columns, rows)
    frame = budgetkg.query(name, store=seed_store, exact=True)
    assert list(frame.columns) == columns
    assert len(frame) == len(rows) == len(from_csv) - 1 == len(from_json["rows"])
    for index, row in enumerate(rows):
        for position, column in enumerate(columns):
            text = row[column]
            cell = frame.iloc[index, position]
            assert from_csv[index + 1][position] == ("" if text is None else text)
            assert from_json["rows"][index][column] == text
            if text is None:
                assert pandas.isna(cell), (column, cell)
            elif isinstance(cell, bool | numpy.bool_):
                assert text == ("true" if cell else "false"), (column, text, cell)
            elif isinstance(cell, Decimal | int | numpy.integer):
                exact = Decimal(int(cell)) if isinstance(cell, numpy.integer) else Decimal(cell)
                assert NUMBER.match(text) and Decimal(text) == exact, (column, text, cell)
            else:
                assert cell == text
                assert text in table
    amounts = [cell for column in frame.columns for cell in frame[column] if isinstance(cell, Decimal)]
    # exact: no amount went through a float (the only floats are the NaN of absent text)
    floats = [cell for column in frame.columns for cell in frame[column] if isinstance(cell, float)]
    assert all(pandas.isna(cell) for cell in floats)
    if name == "department-overview":
        assert amounts and frame["total_expenditure"].tolist()[0] == Decimal("1452.21")


def test_dataframe_with_parameters_and_a_store_folder(tmp_path: Path) -> None:
    folder = tmp_path / "kg"
    with EmbeddedStore(folder) as store:
        assert not build([SAMPLES_DIR], store).failed
    frame = budgetkg.query("department-overview", store=folder, params={"region": "420103", "year": 2024})
    assert frame.shape[0] == 1
    assert frame["total_expenditure"].dtype == "float64" and frame["fiscal_year"].dtype == "Int64"
    assert frame.iloc[0]["fiscal_year"] == 2024
    with pytest.raises(QueryError, match="either a store or an endpoint"):
        budgetkg.query("documents", store=folder, endpoint="http://127.0.0.1:9/sparql")


# ---- the command line


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("params") / "kg"
    with EmbeddedStore(folder) as store:
        assert not build([SAMPLES_DIR], store).failed
    return folder


def test_cli_parameters(sample_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["query", "department-overview", "--store", str(sample_store), "--format", "csv"]
    assert main([*command, "--param", "region=420103", "--param", "year=2024"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("420103,江汉区,武汉市江汉区司法局,2024,")
    assert main([*command, "--param", f"department={INJECTION}"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[1:] == []
    assert main([*command, "--param", f"region={INJECTION}"]) == 2
    assert "parameter region (region) cannot be" in capsys.readouterr().err
    assert main([*command, "--param", "colour=red"]) == 2
    assert "unknown parameter(s) colour" in capsys.readouterr().err
    assert main(["queries"]) == 0
    assert "--param region=… (region)" in capsys.readouterr().out


# ---- budget against final accounts, on a fixture holding both phases


def test_budget_against_final_accounts(tmp_path: Path) -> None:
    source = (SAMPLES_DIR / "sample_420103_126_2023.txt").read_text(encoding="utf-8")
    title = "武汉市江汉区司法局 2023 年预算\n"
    total_row = "\t合计\t1,933.03\t642.43\t1,290.60\t"
    assert source.count(title) == 1 and source.count(total_row) == 1
    final = source.replace(title, "武汉市江汉区司法局 2023 年决算\n").replace(
        total_row, "\t合计\t1,901.50\t640.00\t1,261.50\t"
    )
    (tmp_path / "final_420103_126_2023.txt").write_text(final, encoding="utf-8")
    store = EmbeddedStore(None)
    report = build(
        [
            SAMPLES_DIR / "sample_420103_126_2023.txt",
            SAMPLES_DIR / "sample_420103_126_2024.txt",
            tmp_path / "final_420103_126_2023.txt",
        ],
        store,
    )
    assert not report.failed
    question = catalogue()["budget-vs-final-accounts"]
    _, rows = run_rows(store, question)
    assert rows == [
        {
            "region_code": "420103",
            "region_name": "江汉区",
            "department": "武汉市江汉区司法局",
            "fiscal_year": "2023",
            "budget_total": "1933.03",
            "final_total": "1901.5",
            "difference": "-31.53",
            "final_percent": "98.37",
            "budget_basic": "642.43",
            "final_basic": "640",
            "budget_project": "1290.6",
            "final_project": "1261.5",
            "budget_file": "sample_420103_126_2023.txt",
            "final_file": "final_420103_126_2023.txt",
        }
    ]
    assert run_rows(store, question, {"year": "2024"})[1] == []
    assert run_rows(store, question, {"department": "司法"})[1] == rows
    phases = run_rows(store, catalogue()["documents"], {"phase": "executed"})[1]
    assert [row["kind"] for row in phases] == ["final-accounts"]
    overview = run_rows(store, catalogue()["department-overview"], {"year": "2023"})[1]
    assert [row["total_expenditure"] for row in overview] == ["1933.03", "1901.5"]
