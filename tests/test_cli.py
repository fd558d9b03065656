"""The command line as a user runs it: build, queries, query, validate, export, flows."""

from __future__ import annotations

import csv
import io
import json
import signal
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.cli import main
from budgetkg.contract import CONTRACT_QUESTIONS


@pytest.fixture(scope="module")
def built_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "kg"
    assert main(["build", str(seeds_dir), "--store", str(store)]) == 0
    return store


def test_queries_lists_every_saved_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["queries"]) == 0
    listed = capsys.readouterr().out
    for name in CONTRACT_QUESTIONS:
        assert f"{name}\n" in listed


def test_query_csv(built_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "overview.csv"
    assert (
        main(
            [
                "query",
                "department-overview",
                "--store",
                str(built_store),
                "--format",
                "csv",
                "-o",
                str(output),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    by_department = {row["department"]: row for row in rows}
    assert by_department["武汉市公安局江汉区分局"]["total_expenditure"] == "89052.55"
    assert by_department["沅江市委政法委员会"]["region_code"] == "430981"


def test_query_table_and_json_show_the_same_values(
    built_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "three-public", "--store", str(built_store), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    totals = {row["department"]: row["total"] for row in payload["rows"]}
    assert totals["武汉市公安局江汉区分局"] == "1048.48"
    assert main(["query", "three-public", "--store", str(built_store)]) == 0
    table = capsys.readouterr().out
    assert "1048.48" in table and "(4 rows)" in table


def test_unknown_question_is_a_clear_error(built_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "no-such-question", "--store", str(built_store)]) == 2
    assert "no saved question named 'no-such-question'" in capsys.readouterr().err


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone, as ``budgetkg query … | head -1`` leaves it."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_stops_reading_ends_the_command_quietly(
    built_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code = main(["query", "indicators", "--store", str(built_store), "--format", "csv"])
    monkeypatch.undo()
    assert code == 128 + signal.SIGPIPE
    assert capsys.readouterr().err == ""


def test_missing_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "projects", "--store", str(tmp_path / "absent")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_union_default_graph_wants_an_endpoint(built_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["query", "documents", "--store", str(built_store), "--union-default-graph"]
    assert main(command) == 2
    captured = capsys.readouterr()
    assert "--union-default-graph" in captured.err and "--endpoint URL" in captured.err
    assert captured.out == ""


def test_validate_json_and_report(built_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "findings.json"
    code = main(["validate", "--store", str(built_store), "--format", "json", "-o", str(output)])
    payload = json.loads(output.read_text(encoding="utf-8"))
    assert code == (0 if payload["conforms"] and not payload["findings"] else 1)
    assert payload["count"] == len(payload["findings"])
    report = tmp_path / "report.ttl"
    main(["validate", "--store", str(built_store), "--format", "turtle", "-o", str(report)])
    graph = list(ox.parse(path=str(report), format=ox.RdfFormat.TURTLE))
    types = {quad.object.value for quad in graph if quad.predicate.value.endswith("#type")}
    assert "http://www.w3.org/ns/shacl#ValidationReport" in types


@pytest.mark.parametrize("format_name", ["turtle", "trig", "nquads", "jsonld"])
def test_export_formats_parse_back(built_store: Path, tmp_path: Path, format_name: str) -> None:
    output = tmp_path / f"budget.{format_name}"
    assert (
        main(
            [
                "export",
                "--store",
                str(built_store),
                "--format",
                format_name,
                "-o",
                str(output),
                "--documents-only",
            ]
        )
        == 0
    )
    parsed = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[format_name]
    statements = list(ox.parse(path=str(output), format=parsed))
    assert len(statements) > 40000


def test_flows_writes_html_and_graphml(built_store: Path, tmp_path: Path) -> None:
    html = tmp_path / "flows.html"
    assert main(["flows", "--store", str(built_store), "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "一般公共预算" in page and "中共武汉市江汉区委政法委员会" in page
    assert "<script src" not in page and "<link" not in page  # nothing loaded from elsewhere
    assert not (tmp_path / "flows.graphml").exists()  # written only when asked with --graphml


def test_help_imports_none_of_the_libraries_the_verbs_need() -> None:
    """``budgetkg --help`` and argument errors are answered by the parser alone: the stores, the
    RDF and SHACL libraries and the readers are loaded only when a verb runs."""
    import subprocess
    import sys

    probe = (
        "import sys, contextlib, io\n"
        "from budgetkg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'pyshacl', 'pdfplumber', 'budgetkg.commands') "
        "if m in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_choices_offered_are_those_implemented() -> None:
    from budgetkg.choices import DEFAULT_ENGINE, ENGINES, EXPORT_FORMATS, OUTPUT_FORMATS
    from budgetkg.errors import BudgetKGError
    from budgetkg.export import FORMATS
    from budgetkg.output import RENDERERS
    from budgetkg.validate.engines import run_engine

    assert sorted(EXPORT_FORMATS) == sorted(FORMATS)
    assert sorted(OUTPUT_FORMATS) == sorted([*RENDERERS, "parquet"])  # parquet: budgetkg.parquet
    assert DEFAULT_ENGINE in ENGINES
    with pytest.raises(BudgetKGError, match="choose one of fast, pyshacl"):
        run_engine("<urn:a> <urn:b> <urn:c> .\n", "rudof", False)


def test_a_mistyped_command_or_question_gets_the_nearest_name(
    built_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["qurey"]) == 2
    error = capsys.readouterr().err
    assert "unknown command 'qurey'; did you mean 'query'?" in error
    assert main(["query", "expenditure-by-funtion", "--store", str(built_store)]) == 2
    assert "did you mean 'expenditure-by-function'?" in capsys.readouterr().err
    assert main(["query", "overview", "--store", str(built_store)]) == 2
    assert "did you mean 'department-overview'?" in capsys.readouterr().err
    assert main(["query", "department-overview", "--param", "regon=420103", "--store", str(built_store)]) == 2
    assert "unknown parameter(s) regon (did you mean 'region'?)" in capsys.readouterr().err


def test_a_name_found_by_neither_spelling_nor_part_gets_no_suggestion() -> None:
    from budgetkg.suggest import nearest

    assert nearest("budget", ["budget-vs-final-accounts", "department-overview"]) == [
        "budget-vs-final-accounts"
    ]
    assert nearest("zzz", ["budget-vs-final-accounts", "department-overview"]) == []
    many = [
        "department-overview",
        "department-year-on-year",
        "departments-with-most-findings",
        "department-procurement",
    ]
    assert nearest("depart", many) == []  # four names contain it and none is spelt near it
