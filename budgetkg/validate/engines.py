"""The validation engines: ``fast`` (SHACL-SPARQL shapes evaluated set-wise on pyoxigraph, the
SHACL Core shapes by rudof), ``pyshacl`` (the reference) and ``pyrudof`` (rudof for every shape)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from budgetkg.choices import ENGINES
from budgetkg.errors import BudgetKGError
from budgetkg.validate.results import EngineResult, results_from_report
from budgetkg.validate.setwise import core_data_predicates, core_shapes_text, sparql_shapes
from budgetkg.validate.shapes import ontology_graph, shapes_graph, shapes_text
from budgetkg.validate.terms import SH, load_ntriples, term_text, to_ntriples

_EMPTY_TURTLE = "@prefix empty: <urn:budgetkg:empty#> .\n"
"""A Turtle document without triples: rudof reads no empty text, and a session needs data."""
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def unknown_engine(engine: str) -> BudgetKGError:
    """The error for an engine name that is not one of :data:`ENGINES`."""
    return BudgetKGError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _format_message(template: str, row: ox.QuerySolution) -> str:
    def replace(match: re.Match[str]) -> str:
        value = row[match.group(1)]
        return term_text(value) if value is not None else match.group(0)

    return _PLACEHOLDER.sub(replace, template)


def run_sparql_shapes(data: ox.Store, cross_document: bool) -> list[EngineResult]:
    """The results of the SHACL-SPARQL shapes of a pass, one query per shape over ``data``."""
    results: list[EngineResult] = []
    for shape in sparql_shapes(cross_document):
        solutions = data.query(shape.query)
        assert isinstance(solutions, ox.QuerySolutions)
        variables = {variable.value for variable in solutions.variables}
        for row in solutions:
            focus = row["this"]
            if focus is None or isinstance(focus, ox.Triple):
                continue
            value = row["value"] if "value" in variables else focus
            results.append(
                EngineResult(
                    focus=focus,
                    value=value if not isinstance(value, ox.Triple) else None,
                    shape=shape.iri,
                    severity=shape.severity,
                    messages={lang: _format_message(text, row) for lang, text in shape.messages.items()},
                    path=None,
                    component=SH + "SPARQLConstraintComponent",
                )
            )
    return results


def _core_data(data: ox.Store, ntriples: str, cross_document: bool) -> str:
    """The part of the data the SHACL Core shapes can look at (see :func:`core_data_predicates`),
    as N-Triples: a third less to read and to search for the SHACL engine."""
    predicates = core_data_predicates(cross_document)
    if predicates is None:
        return ntriples
    return to_ntriples(
        ox.Triple(quad.subject, quad.predicate, quad.object)
        for predicate in sorted(predicates)
        for quad in data.quads_for_pattern(None, ox.NamedNode(predicate), None, None)
    )


class CachedSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, keeping each parsed query.

    pyshacl asks the same SHACL-SPARQL query once per focus node, as text; parsing it dominates the
    time of a validation. Registered as rdflib's ``sparql`` processor for the pyshacl engine only;
    the evaluation is rdflib's own.
    """

    cache: ClassVar[dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query]] = {}

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Identifier] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = self.cache.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                self.cache[key] = prepared
            strOrQuery = prepared
        return evalQuery(self.graph, strOrQuery, initBindings, base)


def run_pyshacl(ntriples: str, cross_document: bool) -> list[EngineResult]:
    """pyshacl's results for one graph, without inference, the ontology given for class look-ups."""
    from pyshacl import validate as shacl_validate

    rdflib.plugin.register("sparql", rdflib.query.Processor, __name__, CachedSPARQLProcessor.__name__)

    data = rdflib.Graph().parse(data=ntriples, format="nt")
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(cross_document),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report, rdflib.Graph):
        raise BudgetKGError(f"pyshacl could not validate: {report}")
    store = ox.Store()
    store.load(report.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return results_from_report(store)


class Rudof:
    """One rudof session per process and shapes text, reused for every document.

    The session holds an empty data graph; each document is read into a staging frame that is
    rolled back after validation. Reading into a frame costs a fraction of replacing the data
    graph, which rudof builds anew each time.
    """

    sessions: ClassVar[dict[str, Any]] = {}

    @classmethod
    def _session(cls, shapes: str, shapes_format: str) -> Any:
        import pyrudof

        session = cls.sessions.get(shapes)
        if session is None:
            session = pyrudof.Rudof(pyrudof.RudofConfig())
            session.read_shacl(shapes, getattr(pyrudof.ShaclFormat, shapes_format))
            session.read_data(_EMPTY_TURTLE, pyrudof.RDFFormat.Turtle)
            cls.sessions[shapes] = session
        return session

    @classmethod
    def run(cls, ntriples: str, shapes: str, shapes_format: str = "Turtle") -> list[EngineResult]:
        """rudof's results for one graph against ``shapes`` (Turtle or N-Triples text)."""
        import pyrudof

        session = cls._session(shapes, shapes_format)
        session.begin_staging()
        try:
            if ntriples.strip():
                session.read_data(ntriples, pyrudof.RDFFormat.NTriples, merge=True)
            session.validate_shacl()
            text = session.serialize_shacl_validation_results(pyrudof.ResultShaclValidationFormat.Turtle)
        finally:
            session.rollback_staging()
        report = ox.Store()
        report.load(str(text).encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return results_from_report(report)


def run_engine(ntriples: str, engine: str, cross_document: bool) -> tuple[list[EngineResult], ox.Store]:
    """The results of one engine on one graph, and the graph loaded in a store (for the findings)."""
    data = load_ntriples(ntriples)
    if not ntriples.strip():
        return [], data
    if engine == "pyshacl":
        return run_pyshacl(ntriples, cross_document), data
    if engine == "pyrudof":
        return Rudof.run(ntriples, shapes_text(cross_document)), data
    if engine == "fast":
        results = run_sparql_shapes(data, cross_document)
        core = core_shapes_text(cross_document)
        if core.strip():
            results.extend(Rudof.run(_core_data(data, ntriples, cross_document), core, "NTriples"))
        return results, data
    raise unknown_engine(engine)
