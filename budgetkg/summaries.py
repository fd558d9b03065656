"""Region summaries: figures added up per region and budget year, kept beside the documents.

A question about every region reads these instead of every line of every document.  They are the
results of the CONSTRUCT queries ``queries/internal/summary-*.rq`` for one region and year, held in
one named graph (``…/id/graph/summaries``) as a ``bkg:RegionSummary`` data set with its
observations.  A build computes again the summary of every region and year whose documents it
changed: the region and year a document had before it was built again as well as the ones it has
now, so a summary is dropped when its last document moves away.  An update through ``budgetkg
serve`` may change any graph, so the server computes every summary again after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.params import sparql_term
from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import SavedQuestion, load_question
from budgetkg.rdf import iris
from budgetkg.rdf.builder import RDF_TYPE
from budgetkg.rdf.namespaces import QB
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore

RegionYear = tuple[ox.NamedNode, ox.Literal]
"""A region IRI and a budget year literal, as the documents state them."""

SUMMARY_QUERIES = ("summary-documents", "summary-functions", "summary-indicators")
_GRAPH = ox.NamedNode(iris.SUMMARY_GRAPH)


@cache
def _questions() -> tuple[SavedQuestion, ...]:
    """The summary queries, read once: a build runs them for every region and year it changed."""
    return tuple(load_question(QUERIES_DIR / "internal" / f"{name}.rq") for name in SUMMARY_QUERIES)


def _objects(
    store: EmbeddedStore, subject: ox.NamedNode | ox.BlankNode, predicate: str, graph: ox.NamedNode
) -> list[object]:
    return [
        quad.object for quad in store.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, graph)
    ]


def document_region_years(store: EmbeddedStore, graph: str) -> set[RegionYear]:
    """The region and budget year of each document in the named graph ``graph`` (none if it is empty)."""
    node = ox.NamedNode(graph)
    found: set[RegionYear] = set()
    for quad in store.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(BKG.BudgetDocument), node):
        document = quad.subject
        if not isinstance(document, ox.NamedNode | ox.BlankNode):
            continue
        for region in _objects(store, document, BKG.region, node):
            for year in _objects(store, document, BKG.budgetYear, node):
                if isinstance(region, ox.NamedNode) and isinstance(year, ox.Literal):
                    found.add((region, year))
    return found


def stored_region_years(store: EmbeddedStore) -> set[RegionYear]:
    """The region and year of every document in the store."""
    found: set[RegionYear] = set()
    for graph in store.document_graphs():
        found |= document_region_years(store, graph)
    return found


def summarised_region_years(store: EmbeddedStore) -> set[RegionYear]:
    """The region and year of every summary the store keeps."""
    found: set[RegionYear] = set()
    for quad in store.store.quads_for_pattern(None, ox.NamedNode(BKG.summaryRegion), None, _GRAPH):
        region = quad.object
        if not isinstance(region, ox.NamedNode) or not isinstance(quad.subject, ox.NamedNode):
            continue
        for year in _objects(store, quad.subject, BKG.summaryYear, _GRAPH):
            if isinstance(year, ox.Literal):
                found.add((region, year))
    return found


def _summary_quads(store: EmbeddedStore, region: ox.NamedNode, year: ox.Literal) -> list[ox.Quad]:
    """The statements of the summary of ``region`` and ``year`` now in the store."""
    quads: list[ox.Quad] = []
    for quad in store.store.quads_for_pattern(None, ox.NamedNode(BKG.summaryRegion), region, _GRAPH):
        summary = quad.subject
        if not isinstance(summary, ox.NamedNode) or year not in _objects(
            store, summary, BKG.summaryYear, _GRAPH
        ):
            continue
        members = [summary] + [
            member.subject
            for member in store.store.quads_for_pattern(None, ox.NamedNode(QB + "dataSet"), summary, _GRAPH)
        ]
        for member in members:
            quads.extend(store.store.quads_for_pattern(member, None, None, _GRAPH))
    return quads


VALUES_LINE = re.compile(r"^([ \t]*)#values:[ \t]*(\?\w+(?:[ \t]+\?\w+)*).*$", re.MULTILINE)
"""The comment line of a summary query that marks where its region and year are bound: inside the
group that finds the documents, so that the query reads only theirs.  (Bound from outside, as
pyoxigraph's substitutions bind them, the sums of every region and year are made before one is
kept: at 5,000 documents 0.2–0.6 s a query instead of 3–38 ms.)"""


def bound_query(question: SavedQuestion, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The text of a summary query with a VALUES block binding ``terms`` (by variable name) in place
    of its ``#values:`` line, which must name those variables."""
    found = VALUES_LINE.search(question.text)
    if found is None:
        raise StoreError(f"{question.path.name}: a summary query needs a '#values: ?variable …' line")
    indent, named = found.groups()
    variables = [name.lstrip("?") for name in named.split()]
    if set(variables) != set(terms):
        raise StoreError(f"{question.path.name}: its '#values:' line must name {sorted(terms)}")
    cells = " ".join(sparql_term(terms[name]) for name in variables)
    block = f"{indent}VALUES ({named}) {{ ({cells}) }}"
    return question.text[: found.start()] + block + question.text[found.end() :]


def computed_summary(store: EmbeddedStore, region: ox.NamedNode, year: ox.Literal) -> list[ox.Quad]:
    """The summary of ``region`` and ``year`` computed from the documents now in the store."""
    terms: dict[str, ox.NamedNode | ox.Literal] = {"param_region": region, "param_year": year}
    quads: list[ox.Quad] = []
    for question in _questions():
        triples = store.query(bound_query(question, terms))
        if not isinstance(triples, ox.QueryTriples):
            raise StoreError(f"{question.path.name}: a summary query must be a CONSTRUCT query")
        quads.extend(ox.Quad(triple.subject, triple.predicate, triple.object, _GRAPH) for triple in triples)
    return quads


def refresh_summaries(store: EmbeddedStore, region_years: Iterable[RegionYear]) -> int:
    """Compute again the summaries of ``region_years``; return how many statements they now hold.

    Every summary is computed first, then the statements that changed are removed and added in one
    transaction, the other summaries left as they are (a build that changed ten documents of ten
    thousand does not write every summary again), so a failing query or a killed process leaves all
    of them as they were.
    """
    chosen = sorted(set(region_years), key=lambda pair: (pair[0].value, pair[1].value))
    if not chosen:
        return 0
    fresh: list[ox.Quad] = []
    stale: set[ox.Quad] = set()
    for region, year in chosen:
        fresh.extend(computed_summary(store, region, year))
        stale.update(_summary_quads(store, region, year))
    added = [quad for quad in dict.fromkeys(fresh) if quad not in stale]
    store.change_graph(iris.SUMMARY_GRAPH, stale - set(fresh), added)
    return len(fresh)


def refresh_all_summaries(store: EmbeddedStore) -> int:
    """Compute again every summary: after changes that name no document (a SPARQL update), or in a
    store built before summaries were kept.  Summaries left without documents are removed."""
    return refresh_summaries(store, stored_region_years(store) | summarised_region_years(store))
