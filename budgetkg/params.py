"""Parameters of saved questions: text given by a user, turned into typed RDF terms.

A saved question declares each parameter in a header line::

    #param: region | region | | the publishing government's six-digit 行政区划代码

(name | type | default | description).  The parameter ``region`` is the variable ``?param_region`` of
the query.  Its value never becomes query text: on the embedded store it is bound through
pyoxigraph's ``substitutions``, and on a remote endpoint it is sent in a ``VALUES`` block whose terms
are written by :func:`sparql_term` from the typed term (see ``budgetkg/remote.py``).

Types:

``string``     any text, an ``xsd:string`` literal
``integer``    an ``xsd:integer`` literal
``decimal``    an ``xsd:decimal`` literal
``year``       four digits, an ``xsd:gYear`` literal (as ``bkg:budgetYear`` holds it)
``boolean``    true/false, an ``xsd:boolean`` literal
``iri``        an absolute IRI
``region``     a six-digit code of the region code list, its region IRI (…/id/region/420103)
``concept:S``  a notation of the project's code list S, its concept IRI (e.g. ``concept:budget-phase``)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.paths import CODELIST_DIR
from budgetkg.rdf import iris
from budgetkg.regions import regions
from budgetkg.suggest import did_you_mean

PARAM_PREFIX = "param_"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
SKOS = "http://www.w3.org/2004/02/skos/core#"

Term = ox.NamedNode | ox.Literal | ox.BlankNode
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NOTATION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Characters an IRIREF may not hold in SPARQL (and that would let a value leave the <…> brackets).
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


class ParameterError(QueryError):
    """A parameter value that does not fit its declared type, or a parameter that is not declared."""


@dataclass(frozen=True)
class Parameter:
    """A parameter a saved question accepts (bound as a typed RDF term)."""

    name: str
    type: str
    default: str | None
    description: str

    @property
    def variable(self) -> str:
        """The query variable the value is bound to (without the question mark)."""
        return PARAM_PREFIX + self.name


def _string(value: str) -> Term:
    return ox.Literal(value)


def _integer(value: str) -> Term:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d{1,30}", text):
        raise ValueError("a whole number is expected")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))


def _decimal(value: str) -> Term:
    text = value.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError("a decimal number such as 12.5 is expected")
    try:
        number = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above admits only valid numbers
        raise ValueError("a decimal number such as 12.5 is expected") from error
    return ox.Literal(format(number, "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _year(value: str) -> Term:
    text = value.strip()
    if not re.fullmatch(r"(19|20|21)\d\d", text):
        raise ValueError("a four-digit year such as 2024 is expected")
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))


def _boolean(value: str) -> Term:
    text = value.strip().lower()
    if text in ("true", "1", "yes"):
        return ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    if text in ("false", "0", "no"):
        return ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    raise ValueError("true or false is expected")


def _iri(value: str) -> Term:
    text = value.strip()
    if not _SCHEME.match(text) or _IRI_FORBIDDEN.search(text):
        raise ValueError("an absolute IRI without spaces, quotes, braces or angle brackets is expected")
    try:
        return ox.NamedNode(text)
    except ValueError as error:
        raise ValueError(f"not a valid IRI ({error})") from error


def _region(value: str) -> Term:
    code = value.strip()
    if not re.fullmatch(r"\d{6}", code):
        raise ValueError("a six-digit 行政区划代码 such as 420103 is expected")
    if code not in regions():
        raise ValueError(f"{code} is not in the region code list")
    return ox.NamedNode(iris.region(code))


@cache
def _scheme_notations(scheme: str) -> frozenset[str]:
    """The notations of the concepts of the project's code list ``scheme`` (in ``core.ttl``);
    empty for a scheme kept elsewhere, whose values are then only checked for their form."""
    graph = ox.Store()
    graph.load(path=str(CODELIST_DIR / "core.ttl"), format=ox.RdfFormat.TURTLE)
    in_scheme = ox.NamedNode(SKOS + "inScheme")
    notation = ox.NamedNode(SKOS + "notation")
    found: set[str] = set()
    for quad in graph.quads_for_pattern(None, in_scheme, ox.NamedNode(iris.scheme(scheme))):
        found.update(
            item.object.value
            for item in graph.quads_for_pattern(quad.subject, notation, None)
            if isinstance(item.object, ox.Literal)
        )
    return frozenset(found)


def _concept(scheme: str) -> Callable[[str], Term]:
    def convert(value: str) -> Term:
        notation = value.strip()
        if not _NOTATION.match(notation):
            raise ValueError(
                f"a notation of the code list {scheme} (letters, digits, '.', '_', '-') is expected"
            )
        known = _scheme_notations(scheme)
        if known and notation not in known:
            listed = ", ".join(sorted(known))
            raise ValueError(f"{notation} is not in the code list {scheme}; known: {listed}")
        return ox.NamedNode(iris.concept(scheme, notation))

    return convert


_CONVERTERS: dict[str, Callable[[str], Term]] = {
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "year": _year,
    "boolean": _boolean,
    "iri": _iri,
    "region": _region,
}


def converter(kind: str) -> Callable[[str], Term]:
    """The function that turns text into a term of the parameter type ``kind``."""
    if kind in _CONVERTERS:
        return _CONVERTERS[kind]
    if kind.startswith("concept:") and _NOTATION.match(kind[len("concept:") :]):
        return _concept(kind[len("concept:") :])
    raise QueryError(
        f"unknown parameter type {kind!r}; known: {', '.join(sorted(_CONVERTERS))}, concept:SCHEME"
    )


def parse_parameter(spec: str, where: str) -> Parameter:
    """A ``#param:`` header value: ``name | type | default | description``."""
    parts = [part.strip() for part in spec.split("|")]
    while len(parts) < 4:
        parts.append("")
    name, kind, default, description = parts[0], parts[1] or "string", parts[2], "|".join(parts[3:])
    if not _NAME.match(name):
        raise QueryError(f"{where}: parameter name {name!r} must be lower-case letters, digits and '_'")
    converter(kind)
    parameter = Parameter(name=name, type=kind, default=default or None, description=description.strip())
    if parameter.default is not None:
        to_term(parameter, parameter.default, where)
    return parameter


def to_term(parameter: Parameter, value: str, question: str) -> Term:
    """The typed term of ``value``; a :class:`ParameterError` names the question and the parameter."""
    try:
        return converter(parameter.type)(value)
    except ValueError as error:
        raise ParameterError(
            f"{question}: parameter {parameter.name} ({parameter.type}) cannot be {value!r}: {error}"
        ) from error


def bind(
    question: str, declared: tuple[Parameter, ...], given: Mapping[str, object] | None
) -> dict[str, Term]:
    """Typed terms for the parameters given (or defaulted), by variable name; absent ones stay unbound."""
    given = dict(given or {})
    known = {parameter.name: parameter for parameter in declared}
    unknown = sorted(set(given) - set(known))
    if unknown:
        accepted = ", ".join(sorted(known)) or "none"
        hints = [hint for hint in (did_you_mean(name, known) for name in unknown) if hint]
        hint = f" ({'; '.join(hints)})" if hints else ""
        raise ParameterError(
            f"{question}: unknown parameter(s) {', '.join(unknown)}{hint}; it accepts: {accepted}"
        )
    bound: dict[str, Term] = {}
    for parameter in declared:
        raw = given.get(parameter.name)
        text = parameter.default if raw is None else str(raw)
        if text is None or text == "":
            continue
        bound[parameter.variable] = to_term(parameter, text, question)
    return bound


def parse_assignments(pairs: list[str] | None) -> dict[str, str]:
    """``name=value`` strings from the command line as a mapping; a malformed one is an error."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param expects name=value, not {pair!r}")
        if name.strip() in out:
            raise ParameterError(f"--param {name.strip()} is given twice")
        out[name.strip()] = value
    return out


def sparql_term(term: Term) -> str:
    """The SPARQL syntax of a term, for a VALUES block; every character is escaped or refused.

    Literals are written between double quotes with the SPARQL escapes for backslash, quote and the
    control characters that have one; other control characters are refused.  IRIs are checked against
    the characters an IRIREF may not hold, so a value can never end the term early.
    """
    if isinstance(term, ox.NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise ParameterError(f"the IRI {term.value!r} holds characters an IRI may not hold")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        body = []
        for char in term.value:
            if char in _ECHAR:
                body.append(_ECHAR[char])
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                raise ParameterError(f"control character U+{ord(char):04X} in a parameter value")
            else:
                body.append(char)
        quoted = '"' + "".join(body) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise ParameterError(f"malformed language tag {term.language!r}")
            return f"{quoted}@{term.language}"
        if term.datatype.value == XSD_STRING:
            return quoted
        return f"{quoted}^^{sparql_term(term.datatype)}"
    raise ParameterError(f"a {type(term).__name__} cannot be a parameter value")


def values_block(declared: tuple[Parameter, ...], bound: Mapping[str, Term]) -> str:
    """A VALUES block binding every declared parameter: its term, or UNDEF when not given."""
    if not declared:
        return ""
    variables = " ".join(f"?{parameter.variable}" for parameter in declared)
    cells = " ".join(
        sparql_term(bound[parameter.variable]) if parameter.variable in bound else "UNDEF"
        for parameter in declared
    )
    return f"VALUES ({variables}) {{ ({cells}) }}"


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def outer_group_end(text: str) -> int:
    """The index of the brace that closes the outermost group pattern (the WHERE clause) of a query.

    Comments, strings and IRIs are skipped.  The SELECT clause holds no braces, so the first brace
    outside them opens the WHERE clause; its partner closes it.
    """
    index = 0
    depth = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end + 1
            continue
        if char in "\"'":
            index = _skip_string(text, index)
            continue
        if char == "<":
            match = _IRIREF.match(text, index)
            index = match.end() if match else index + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
            if depth < 0:
                break
        index += 1
    raise QueryError("the query has no complete group pattern ('{ … }') to bind parameters in")


def _skip_string(text: str, start: int) -> int:
    quote = text[start]
    long_quote = quote * 3
    if text.startswith(long_quote, start):
        end = start + 3
        while end < len(text):
            if text[end] == "\\":
                end += 2
            elif text.startswith(long_quote, end):
                return end + 3
            else:
                end += 1
        raise QueryError("unterminated string in the query")
    end = start + 1
    while end < len(text):
        if text[end] == "\\":
            end += 2
        elif text[end] == quote:
            return end + 1
        elif text[end] == "\n":
            break
        else:
            end += 1
    raise QueryError("unterminated string in the query")


def with_values(text: str, block: str) -> str:
    """The query with ``block`` placed last in its outermost group pattern.

    Inside a group, a VALUES block is joined with the rest of the group wherever it stands, and the
    group's filters see its variables.  Placed last, Virtuoso 7 compiles it with sub-selects in the
    group (placed first, it fails with "Bad dfe in sqlo_place_exp").
    """
    if not block:
        return text
    at = outer_group_end(text)
    return f"{text[:at]}  {block}\n{text[at:]}"
