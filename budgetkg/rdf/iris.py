"""Stable IRIs minted from codes, so that the same thing in two documents is the same node."""

from __future__ import annotations

import hashlib
from urllib.parse import quote, unquote

BASE = "https://w3id.org/budgetkg/id/"
ONTOLOGY = "https://w3id.org/budgetkg/ontology"
YEAR_BASE = "http://reference.data.gov.uk/id/year/"
CONCEPT = BASE + "concept/"
CURRENCY_CNY = "http://publications.europa.eu/resource/authority/currency/CNY"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
CODELIST_GRAPH = BASE + "graph/codelists"
SHARED_GRAPH = BASE + "graph/shared"
"""Descriptions of nodes several documents share (organisations, codes, projects), held once."""
SUMMARY_GRAPH = BASE + "graph/summaries"
"""Figures added up per region and budget year over the documents (see :mod:`budgetkg.summaries`)."""


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def document_graph(file_name: str) -> str:
    """The named graph of a source document, keyed by its file name (rebuilding replaces it)."""
    return f"{BASE}graph/doc/{quote(file_name, safe='')}"


def document_file_name(graph: str) -> str:
    """The file name a document graph is keyed by: the inverse of :func:`document_graph`."""
    return unquote(graph.rsplit("/", 1)[-1])


def document(sha256: str) -> str:
    """The document itself, keyed by the SHA-256 of its bytes."""
    return f"{BASE}doc/{sha256[:16]}"


def in_document(sha256: str, *path: str | int) -> str:
    """A node that exists only within one document (table, line, indicator, location ...)."""
    return "/".join([document(sha256), *(str(part) for part in path)])


def region(code: str) -> str:
    """A 行政区划 by its six-digit code."""
    return f"{BASE}region/{code}"


def organisation(region_code: str, code: str | None, name: str) -> str:
    """A department or unit: by its code within the region, or by its name when it has none."""
    key = code if code else f"n-{_digest(name)}"
    return f"{BASE}org/{region_code}/{key}"


def project(region_code: str, code: str | None, organisation_name: str, name: str) -> str:
    """A project: by its 项目编码 when printed, else by department and name."""
    if code:
        return f"{BASE}project/{code}"
    return f"{BASE}project/{region_code}/n-{_digest(organisation_name, name)}"


def year(value: int) -> str:
    """A calendar year interval, as the OpenBudgets.eu fiscalYear dimension expects."""
    return f"{YEAR_BASE}{value}"


def concept(scheme: str, notation: str) -> str:
    """A concept of one of the project's code lists."""
    return f"{CONCEPT}{scheme}/{quote(notation, safe='')}"


def scheme(name: str) -> str:
    """A concept scheme."""
    return f"{CONCEPT}{name}"


def classification_scheme(kind: str, fiscal_year: int) -> str:
    """The functional or economic classification as printed in one year."""
    return scheme(f"{kind}/{fiscal_year}")


def classification(kind: str, fiscal_year: int, code: str) -> str:
    """A functional (201, 20136, 2013602) or economic (301, 30101) code of a year."""
    return f"{classification_scheme(kind, fiscal_year)}/{code}"


def classification_by_name(kind: str, fiscal_year: int, names: tuple[str, ...]) -> str:
    """A class printed by name only (no code): by its name and the names of its parents."""
    return f"{classification_scheme(kind, fiscal_year)}/n-{_digest(*names)}"
