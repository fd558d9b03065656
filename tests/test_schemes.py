"""Classification schemes: recognised from a document's codes and names, emitted as SKOS schemes
mapped to the national lists, and compared across documents only within one scheme."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.rdf.mappings import national_matches
from budgetkg.rdf.schemes import national_names, recognise
from budgetkg.store import EmbeddedStore
from budgetkg.validate.data import cross_document_ntriples
from budgetkg.validate.runner import validate_ntriples
from tests.real_build import RealBuild

FIXTURE = Path(__file__).parent / "fixtures" / "two-schemes.trig"
CONCEPT = "https://w3id.org/budgetkg/id/concept/"


def test_national_lists_hold_the_standard_codes() -> None:
    economic = national_names("national-economic")
    assert economic["30202"] == "印刷费"
    assert economic["30203"] == "咨询费"
    assert economic["31099"] == "其他资本性支出"
    assert national_names("national-government-economic")["50201"] == "办公经费"
    assert national_names("national-function")["204"] == "公共安全支出"


def test_national_codes_and_names_read_as_the_national_scheme() -> None:
    schemes = recognise(
        [
            ("economic", "30201", "办公费"),
            ("economic", "30202", "印刷费"),
            ("function", "2040221", "特别业务"),
        ],
        2024,
        "310107",
    )
    assert schemes["economic"].iri == CONCEPT + "economic/2024"
    assert schemes["function"].iri == CONCEPT + "function/2024"
    assert schemes["economic"].region is None


def test_seven_digit_economic_codes_read_as_the_local_scheme_of_the_province() -> None:
    schemes = recognise(
        [("economic", "302", "商品和服务支出"), ("economic", "3021101", "差旅费")], 2026, "110000"
    )
    assert schemes["economic"].iri == CONCEPT + "economic-110000/2026"
    assert schemes["economic"].concept("3021101") == CONCEPT + "economic-110000/2026/3021101"


def test_names_differing_consistently_read_as_a_local_scheme() -> None:
    printed = [
        ("economic", "30201", "办公费"),
        ("economic", "30202", "咨询费"),
        ("economic", "30203", "印刷费"),
    ]
    assert recognise(printed, 2024, "310107")["economic"].region == "310000"
    # one name printed otherwise is a slip of one document, not a scheme
    one_slip = [
        ("economic", "30201", "办公费"),
        ("economic", "30202", "咨询费"),
        ("economic", "30205", "水费"),
    ]
    assert recognise(one_slip, 2024, "310107")["economic"].region is None


def test_government_economic_codes_read_in_their_own_scheme() -> None:
    schemes = recognise([("economic", "50201", "办公经费")], 2026, "440300")
    assert schemes["economic-government"].concept("50201") == CONCEPT + "economic-government/2026/50201"


def test_mappings_to_the_national_list() -> None:
    schemes = recognise([("economic", "3010201", "规范性津补贴")], 2026, "500000")
    local = schemes["economic"]
    national = CONCEPT + "national-economic/"
    assert national_matches(local, "30201", "办公费") == [("exactMatch", national + "30201")]
    assert national_matches(local, "30202", "咨询费") == [("closeMatch", national + "30203")]
    assert national_matches(local, "3021101", "差旅费") == [("closeMatch", national + "30211")]
    assert national_matches(local, "3010201", "规范性津补贴") == [("broadMatch", national + "30102")]


def _two_document_store(unit_scheme: str) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.load_reference_data()
    text = FIXTURE.read_text(encoding="utf-8").replace("<SCHEME/", f"<{CONCEPT}{unit_scheme}/")
    store.store.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG)
    return store


def test_two_schemes_of_one_region_and_year_are_not_compared_row_by_row() -> None:
    findings, _report = validate_ntriples(
        cross_document_ntriples(_two_document_store("economic-310000/2024")), cross_document=True
    )
    assert not [finding for finding in findings if finding.rule_id == "consistency.code-name"]
    meanings = sorted(
        (finding.found.split("; from ")[0], finding.expected, finding.severity, finding.message_en)
        for finding in findings
        if finding.rule_id == "consistency.scheme-code-meaning"
    )
    assert [meaning[:3] for meaning in meanings] == [
        ("印刷费", "咨询费", "info"),
        ("咨询费", "印刷费", "info"),
    ]
    local, national = "部门预算支出经济分类科目（地方 310000） 2024", "部门预算支出经济分类科目（全国）"
    assert meanings[0][3].endswith(f"from {local} 30203 印刷费 / {national} 30203 咨询费).")
    assert all(finding.document == "" for finding in findings)


def test_one_scheme_for_both_documents_reports_each_row() -> None:
    """What the pass reported when every document's codes were one scheme per year."""
    findings, _report = validate_ntriples(
        cross_document_ntriples(_two_document_store("economic/2024")), cross_document=True
    )
    rows = sorted(
        (finding.document, finding.row) for finding in findings if finding.rule_id == "consistency.code-name"
    )
    assert rows == [("final.pdf", 5), ("final.pdf", 6), ("unit.pdf", 3), ("unit.pdf", 4)]


@pytest.fixture(scope="module")
def schemes_of(real: RealBuild) -> dict[str, set[str]]:
    """The schemes each real document's tables print their codes in."""
    result = real.store.query(
        """
        PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
        SELECT ?file ?scheme WHERE {
            GRAPH ?graph { ?table bkg:classificationScheme ?scheme ; bkg:inDocument ?document .
                           ?document bkg:fileName ?file }
        }
        """
    )
    assert isinstance(result, ox.QuerySolutions)
    found: dict[str, set[str]] = {}
    for row in result:
        file, scheme = row["file"], row["scheme"]
        assert isinstance(file, ox.Literal) and isinstance(scheme, ox.NamedNode)
        found.setdefault(file.value.split(" + ")[0], set()).add(scheme.value.removeprefix(CONCEPT))
    return found


def test_real_documents_print_their_schemes(schemes_of: dict[str, set[str]]) -> None:
    assert schemes_of["BJ_beijing_czj_2026_dept_budget.pdf"] >= {"economic-110000/2026", "function/2026"}
    assert "economic-500000/2026" in schemes_of["CQ_chongqing_ghzyj_2026_dept_budget.pdf"]
    assert "economic/2024" in schemes_of["SH_putuo_caizheng_2024_final.pdf"]
    assert "economic/2024" in schemes_of["SH_putuo_wanli_jiedao_2024_dept_budget.pdf"]
    assert "economic/2025" in schemes_of["SH_putuo_zfban_2025_unit_budget.pdf"]
    # no real document prints the government economic classification (5xx), and only Beijing and
    # Chongqing print a local scheme
    used = {scheme for schemes in schemes_of.values() for scheme in schemes}
    assert not [scheme for scheme in used if scheme.startswith("economic-government")]
    assert sorted(scheme for scheme in used if scheme.split("/")[0].startswith("economic-")) == [
        "economic-110000/2026",
        "economic-500000/2026",
    ]


def test_real_local_codes_map_to_the_national_list(real: RealBuild) -> None:
    result = real.store.query(
        """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?concept ?mapping ?target WHERE {
            VALUES ?concept { <https://w3id.org/budgetkg/id/concept/economic-500000/2026/3010201>
                              <https://w3id.org/budgetkg/id/concept/economic-110000/2026/3021101>
                              <https://w3id.org/budgetkg/id/concept/economic/2024/30202> }
            ?concept ?mapping ?target .
            FILTER (?mapping IN (skos:exactMatch, skos:closeMatch, skos:broadMatch))
        }
        """
    )
    assert isinstance(result, ox.QuerySolutions)
    found = set()
    for row in result:
        concept, mapping, target = row["concept"], row["mapping"], row["target"]
        assert isinstance(concept, ox.NamedNode) and isinstance(mapping, ox.NamedNode)
        assert isinstance(target, ox.NamedNode)
        found.add((concept.value.removeprefix(CONCEPT), mapping.value.rsplit("#", 1)[1], target.value))
    national = CONCEPT + "national-economic/"
    assert found == {
        ("economic-500000/2026/3010201", "broadMatch", national + "30102"),
        ("economic-110000/2026/3021101", "closeMatch", national + "30211"),
        ("economic/2024/30202", "exactMatch", national + "30202"),
    }
