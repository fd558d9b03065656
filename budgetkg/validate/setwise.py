"""The shapes made only of SHACL-SPARQL constraints, rewritten for a set-wise evaluation on
pyoxigraph, and the remaining (SHACL Core) shapes left to a SHACL engine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from budgetkg.validate.shapes import shape_quads
from budgetkg.validate.terms import (
    BKGSH,
    RDF_NIL,
    RDF_TYPE,
    RDFS_SUBCLASS,
    SEVERITIES,
    SH,
    Term,
    first_value,
    objects,
    term_text,
    to_ntriples,
)

_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

_CORE_FREE = {
    RDF_TYPE,
    SH + "targetClass",
    SH + "targetSubjectsOf",
    SH + "targetObjectsOf",
    SH + "targetNode",
    SH + "severity",
    SH + "name",
    SH + "description",
    SH + "message",
    SH + "sparql",
    BKGSH + "ruleId",
}


@dataclass(frozen=True)
class SparqlShape:
    """A node shape made only of SHACL-SPARQL constraints, ready for set-wise evaluation."""

    iri: str
    severity: str
    query: str
    messages: dict[str, str]


def _messages(store: ox.Store, node: Term) -> dict[str, str]:
    return {
        (literal.language or "en"): literal.value
        for literal in objects(store, node, SH + "message")
        if isinstance(literal, ox.Literal)
    }


def _prefix_declarations(store: ox.Store, constraint: Term) -> str:
    lines: list[str] = []
    for prefixes in objects(store, constraint, SH + "prefixes"):
        for declaration in objects(store, prefixes, SH + "declare"):
            prefix = first_value(store, declaration, SH + "prefix")
            namespace = first_value(store, declaration, SH + "namespace")
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {term_text(prefix)}: <{term_text(namespace)}>")
    return "\n".join(lines)


def _target_pattern(store: ox.Store, shape: ox.NamedNode) -> str:
    """A group pattern binding ``?this`` to every target node of the shape, each once."""
    alternatives: list[str] = []
    for cls in objects(store, shape, SH + "targetClass"):
        alternatives.append(f"?this a ?targetType . ?targetType <{RDFS_SUBCLASS}>* <{term_text(cls)}>")
    for predicate in objects(store, shape, SH + "targetSubjectsOf"):
        alternatives.append(f"?this <{term_text(predicate)}> ?targetObject")
    for predicate in objects(store, shape, SH + "targetObjectsOf"):
        alternatives.append(f"?targetSubject <{term_text(predicate)}> ?this")
    for node in objects(store, shape, SH + "targetNode"):
        alternatives.append(f"BIND (<{term_text(node)}> AS ?this)")
    if not alternatives:
        return ""
    union = " UNION ".join("{ " + alternative + " }" for alternative in alternatives)
    return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


def _shapes_with_sparql(store: ox.Store) -> list[tuple[ox.NamedNode, bool]]:
    """The active named node shapes with SHACL-SPARQL constraints, each with whether those
    constraints are all it has (else it also has SHACL Core constraints)."""
    found: list[tuple[ox.NamedNode, bool]] = []
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "NodeShape"), None):
        shape = quad.subject
        if not isinstance(shape, ox.NamedNode) or first_value(store, shape, SH + "deactivated"):
            continue
        if not objects(store, shape, SH + "sparql"):
            continue
        predicates = {q.predicate.value for q in store.quads_for_pattern(shape, None, None, None)}
        found.append((shape, predicates <= _CORE_FREE))
    return found


def _setwise_query(store: ox.Store, constraint: Term, target: str) -> str | None:
    """The constraint's SELECT query joined with the target pattern, or None when it has no
    SELECT query or its shape no target."""
    select = first_value(store, constraint, SH + "select")
    if select is None or not target:
        return None
    text = _THIS.sub("?this", term_text(select))
    where = _WHERE.search(text)
    if where is None:
        return None
    prefixes = _prefix_declarations(store, constraint)
    return prefixes + "\n" + text[: where.end()] + "\n" + target + "\n" + text[where.end() :]


@cache
def sparql_shapes(cross_document: bool = False) -> tuple[SparqlShape, ...]:
    """The SHACL-SPARQL SELECT constraints of the node shapes, one per constraint.

    Their query is rewritten for a set-wise evaluation: ``$this`` becomes a variable that a join
    with the shape's targets binds. This gives the solutions that pre-binding ``$this`` to each
    target gives, because every query of these shapes binds ``$this`` in its top-level group. The
    results of a constraint do not depend on the other constraints of its shape, so a shape that
    also has SHACL Core constraints leaves only those to the SHACL engine.
    """
    store = shape_quads(cross_document)
    found: list[SparqlShape] = []
    for shape, _only_sparql in _shapes_with_sparql(store):
        severity = SEVERITIES.get(term_text(first_value(store, shape, SH + "severity")), "error")
        target = _target_pattern(store, shape)
        for constraint in objects(store, shape, SH + "sparql"):
            query = _setwise_query(store, constraint, target)
            if query is not None:
                messages = _messages(store, constraint) or _messages(store, shape)
                found.append(SparqlShape(shape.value, severity, query, messages))
    return tuple(sorted(found, key=lambda item: item.iri))


@cache
def core_shapes_text(cross_document: bool) -> str:
    """The shapes the set-wise evaluation leaves to a SHACL engine, as N-Triples: every shape
    but those made only of SHACL-SPARQL constraints, without the constraints evaluated set-wise."""
    store = shape_quads(cross_document)
    evaluated = {shape.iri for shape in sparql_shapes(cross_document)}
    whole: set[str] = set()
    links: set[tuple[ox.NamedNode, Term]] = set()
    for shape, only_sparql in _shapes_with_sparql(store):
        if shape.value not in evaluated:
            continue
        if only_sparql:
            whole.add(shape.value)
            continue
        target = _target_pattern(store, shape)
        for constraint in objects(store, shape, SH + "sparql"):
            if _setwise_query(store, constraint, target) is not None:
                links.add((shape, constraint))
    kept: list[ox.Triple] = []
    for quad in store:
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value in whole:
            continue
        if quad.predicate.value == SH + "sparql" and (subject, quad.object) in links:
            continue
        kept.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    reachable = _reachable_from_shapes(kept)
    return to_ntriples(t for t in kept if t.subject in reachable)


def _reachable_from_shapes(triples: list[ox.Triple]) -> set[object]:
    """Subjects reachable from the remaining node and property shapes (their property shapes,
    lists, constraints and prefix declarations); a handled shape's constraint is left out."""
    by_subject: dict[object, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)
    roots = [
        t.subject
        for t in triples
        if t.predicate.value == RDF_TYPE and term_text(t.object) in (SH + "NodeShape", SH + "PropertyShape")
    ]
    seen: set[object] = set()
    todo: list[object] = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in by_subject.get(node, []):
            if triple.predicate.value != RDF_TYPE and triple.object in by_subject:
                todo.append(triple.object)
    return seen


# Constraints that can look at any predicate of the data: with one of them among the shapes left to
# the SHACL engine, that engine gets the whole graph.
_OPEN_CONSTRAINTS = {SH + name for name in ("closed", "sparql", "select", "ask", "validator")} | {
    SH + "nodeValidator",
    SH + "propertyValidator",
}
_PREDICATE_OBJECTS = {
    SH + name for name in ("targetSubjectsOf", "targetObjectsOf", "equals", "disjoint", "lessThan")
} | {SH + "lessThanOrEquals"}


@cache
def core_data_predicates(cross_document: bool) -> frozenset[str] | None:
    """The predicates of the data that the shapes left to a SHACL engine can look at: those of
    their paths and targets, ``rdf:type`` and ``rdfs:subClassOf`` (for targets and ``sh:class``);
    None when a constraint among them can look at any predicate. Validating only the triples with
    these predicates gives the same results as validating the whole graph."""
    shapes = ox.Store()
    shapes.load(core_shapes_text(cross_document).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = {RDF_TYPE, RDFS_SUBCLASS}
    todo: list[Term] = []
    for quad in shapes:
        predicate = quad.predicate.value
        if predicate in _OPEN_CONSTRAINTS:
            return None
        if predicate in _PREDICATE_OBJECTS and isinstance(quad.object, ox.NamedNode):
            found.add(quad.object.value)
        elif predicate == SH + "path":
            todo.append(quad.object)
    seen: set[Term] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, ox.NamedNode):
            found.add(node.value)
        elif isinstance(node, ox.BlankNode):
            todo.extend(quad.object for quad in shapes.quads_for_pattern(node, None, None, None))
    found.discard(RDF_NIL)
    return frozenset(found)
