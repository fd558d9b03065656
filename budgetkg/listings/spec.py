"""Which saved questions are materialised, and what their ``.rq`` file says about it.

A question whose header has ``#materialise: per-document`` lists facts of each document on its own:
its answer over any set of documents is the answers over each document, in the order of its
``ORDER BY``.  That order must begin with variables that are one value per document, then ``?graph``
(the document's graph), then whatever orders the rows within a document, so that the answer over
many documents is their tables put in order of those first values, each table in its own order.

Parameters filter documents: one whose variable the question binds from the document (region,
year, phase) keeps the documents whose value it is; a text parameter tested with
``CONTAINS(?column, ?param_x)`` (or ``CONTAINS(STR(?column), ?param_x)``) keeps those whose column
contains it.  A question that tests a parameter another way is answered by SPARQL when it is given.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from budgetkg.errors import QueryError
from budgetkg.questions import SavedQuestion, catalogue

MATERIALISE = re.compile(r"^#\s*materialise\s*:\s*(\S+)\s*$", re.MULTILINE)
PER_DOCUMENT = "per-document"
DOCUMENT_VARIABLE = "graph"
_ORDER_BY = re.compile(r"\bORDER\s+BY\b(?P<terms>[^{}]*?)(?:\bLIMIT\b|\bOFFSET\b|$)", re.IGNORECASE)
_PLAIN_VARIABLE = re.compile(r"^[?$](\w+)$")
_CONTAINS = re.compile(
    r"CONTAINS\(\s*(?:STR\(\s*[?$](?P<inner>\w+)\s*\)|[?$](?P<plain>\w+))\s*,\s*[?$](?P<param>param_\w+)\s*\)"
)


@dataclass(frozen=True)
class ListingSpec:
    """A materialised question: its document keys (the ``ORDER BY`` variables before ``?graph``), and
    the column each text parameter is tested in."""

    question: SavedQuestion
    document_keys: tuple[str, ...]
    text_columns: dict[str, str]
    """parameter variable → the column ``CONTAINS`` tests it in"""

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def version(self) -> str:
        """A digest of the question's text: a table made by another text is not served."""
        return question_version(self.question)

    @property
    def document_columns(self) -> tuple[str, ...]:
        """The variables that must be one value per document: the keys, the parameters and the
        columns text parameters are tested in."""
        names = [*self.document_keys]
        for parameter in self.question.parameters:
            names.append(parameter.variable)
            column = self.text_columns.get(parameter.variable)
            if column is not None:
                names.append(column)
        return tuple(dict.fromkeys(names))


def question_version(question: SavedQuestion) -> str:
    """A digest of a question's text: what was computed by another text is not served."""
    return hashlib.sha256(question.text.encode("utf-8")).hexdigest()[:16]


def order_terms(body: str) -> list[str]:
    """The terms of the outermost (last) ``ORDER BY`` of a query."""
    matches = list(_ORDER_BY.finditer(_without_comments(body)))
    if not matches:
        return []
    return matches[-1].group("terms").split()


def _without_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] if "<" not in line else line for line in text.splitlines())


def listing_spec(question: SavedQuestion) -> ListingSpec | None:
    """The materialised form of ``question``, or None when its header does not ask for one."""
    header = MATERIALISE.search(question.text)
    if header is None:
        return None
    if header.group(1) != PER_DOCUMENT:
        raise QueryError(
            f"{question.path.name}: '#materialise: {header.group(1)}': only {PER_DOCUMENT} is known"
        )
    terms = order_terms(question.body)
    keys: list[str] = []
    for term in terms:
        match = _PLAIN_VARIABLE.match(term)
        if match is None:
            break
        if match.group(1) == DOCUMENT_VARIABLE:
            text_columns = {
                found.group("param"): found.group("inner") or found.group("plain")
                for found in _CONTAINS.finditer(question.body)
            }
            return ListingSpec(question, tuple(keys), text_columns)
        keys.append(match.group(1))
    raise QueryError(
        f"{question.path.name}: a per-document listing orders by variables of the document, then "
        f"?{DOCUMENT_VARIABLE}, then its rows (ORDER BY {' '.join(terms) or 'is missing'})"
    )


@cache
def materialised_specs() -> dict[str, ListingSpec]:
    """The materialised saved questions by name."""
    found = {name: listing_spec(question) for name, question in catalogue().items()}
    return {name: spec for name, spec in found.items() if spec is not None}
