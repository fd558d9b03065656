"""The generated namespace module must match the ontology it is generated from."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from rdflib import Graph, URIRef

from budgetkg.rdf.vocab import BKG

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "tools" / "gen_namespace.py"
VOCAB = ROOT / "budgetkg" / "rdf" / "vocab.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_namespace", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vocab_module_is_up_to_date() -> None:
    generator = load_generator()
    expected = generator.render()
    assert isinstance(expected, str)
    assert VOCAB.read_text(encoding="utf-8") == expected, "run: python tools/gen_namespace.py"


def test_every_ontology_term_resolves() -> None:
    generator = load_generator()
    graph = Graph().parse(ROOT / "ontology" / "budget.ttl", format="turtle")
    terms = generator.ontology_terms(graph)
    assert len(terms) > 90
    for local, _label in terms:
        assert getattr(BKG, local) == URIRef(generator.NAMESPACE + local)


def test_namespace_is_closed() -> None:
    try:
        _ = BKG.noSuchTerm
    except AttributeError:
        return
    raise AssertionError("BKG accepted an undeclared term")
