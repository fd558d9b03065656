"""SHACL validation of document graphs, and findings that point at the source.

Each document's named graph is validated on its own, as a plain graph together with the core code
lists (so that concept types and labels are visible) and the shared descriptions of the nodes it
refers to, without inference. The shapes are the files of ``shapes/``: the structural shapes and the
rules on arithmetic, consistency between tables, the narrative and completeness. The rules across
documents (``shapes/cross-document.ttl``) run afterwards in a separate pass over the whole store.

Two engines give the same findings:

* ``fast`` (the default): the shapes made only of SHACL-SPARQL constraints (every rule) are
  evaluated set-wise on pyoxigraph: one query per shape and document, the focus node bound by a
  join with the shape's targets instead of one query per focus node; the structural shapes (SHACL
  Core) go to rudof (pyrudof);
* ``pyshacl``, the reference, for every shape (much slower; the tests compare the two).

rudof can also run every shape (``pyrudof``, measured by ``bench/validate_corpus.py``), but its
SPARQL engine gets some decimal arithmetic wrong (``-1710200 / 1048.94`` is unbound, ``-171.02 /
1048.94 * 10000`` is 0), so it is not offered for the rules.

Documents are validated in parallel, one document per worker process. Every finding names the
rule, its severity, a message in Chinese and English, the document and, where the focus node was
read from a table row or a text line, its page, table, row and line, and the expected and found
values and the evidence (read from the message, which ends with "(expected X; found Y; from E)" for
the rules).

The parts, one module each:

* :mod:`~budgetkg.validate.terms`: namespaces, severities and store look-ups;
* :mod:`~budgetkg.validate.shapes`: the shape files of each pass and their rule ids;
* :mod:`~budgetkg.validate.setwise`: SHACL-SPARQL shapes rewritten for set-wise evaluation, and
  the SHACL Core shapes left to rudof;
* :mod:`~budgetkg.validate.data`: the data of a document, or of the cross-document pass, read from
  the store with the queries of ``queries/internal/``;
* :mod:`~budgetkg.validate.engines`: the ``fast``, ``pyshacl`` and ``pyrudof`` engines;
* :mod:`~budgetkg.validate.results`: SHACL results read from and written to validation reports;
* :mod:`~budgetkg.validate.evidence`: messages written alike by every engine (decimals, the lists
  of figures a rule's evidence names);
* :mod:`~budgetkg.validate.findings`: findings built from the results;
* :mod:`~budgetkg.validate.output`: findings as text and JSON, reports as Turtle;
* :mod:`~budgetkg.validate.runner`: validation of a graph, or of a whole store in parallel.
"""

from __future__ import annotations

from budgetkg.choices import DEFAULT_ENGINE, ENGINES
from budgetkg.validate.data import cross_document_ntriples, document_graph, document_ntriples
from budgetkg.validate.engines import CachedSPARQLProcessor, run_sparql_shapes
from budgetkg.validate.evidence import canonical_message, canonical_number, canonical_text
from budgetkg.validate.findings import Finding, ValidationResult
from budgetkg.validate.output import findings_json, findings_text, report_turtle
from budgetkg.validate.results import message_language
from budgetkg.validate.runner import validate_graph, validate_ntriples, validate_store
from budgetkg.validate.setwise import sparql_shapes
from budgetkg.validate.shapes import (
    CROSS_DOCUMENT_SHAPES,
    ontology_graph,
    rule_ids,
    shape_files,
    shapes_graph,
)
from budgetkg.validate.terms import (
    BKG,
    BKGSH,
    PROV_DERIVED,
    QB_DATASET,
    RDF_TYPE,
    RDFS_SUBCLASS,
    SEVERITIES,
    SEVERITY_TERMS,
    SH,
)

# Names the tests of the shapes reach for under their earlier, private spelling.
_canonical_text = canonical_text
_run_sparql_shapes = run_sparql_shapes

__all__ = [
    "BKG",
    "BKGSH",
    "CROSS_DOCUMENT_SHAPES",
    "DEFAULT_ENGINE",
    "ENGINES",
    "PROV_DERIVED",
    "QB_DATASET",
    "RDFS_SUBCLASS",
    "RDF_TYPE",
    "SEVERITIES",
    "SEVERITY_TERMS",
    "SH",
    "CachedSPARQLProcessor",
    "Finding",
    "ValidationResult",
    "canonical_message",
    "canonical_number",
    "canonical_text",
    "cross_document_ntriples",
    "document_graph",
    "document_ntriples",
    "findings_json",
    "findings_text",
    "message_language",
    "ontology_graph",
    "report_turtle",
    "rule_ids",
    "run_sparql_shapes",
    "shape_files",
    "shapes_graph",
    "sparql_shapes",
    "validate_graph",
    "validate_ntriples",
    "validate_store",
]
