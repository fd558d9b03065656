"""``SERVICE`` refused unless the server was started with ``--allow-service HOST`` for its host.

The query is read as SPARQL tokens (comments, strings and IRIs are tokens of their own, so a word
inside them is no keyword); every ``SERVICE`` keyword's target (an IRI, a prefixed name expanded
with the query's own ``PREFIX`` and ``BASE``, or a variable) must be on an allowed host.  The text
is read twice, as written and with its ``\\u`` escapes decoded, and refused if either reading finds
a service that is not allowed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

from budgetkg.serve.protocol import HTTPProblem

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def refuse_services(text: str, allowed: Collection[str]) -> None:
    """Raise a 400 HTTPProblem if the query or update calls a service whose host is not allowed."""
    hosts = {host.lower() for host in allowed}
    for reading in (text, _unescape(text)):
        for target, host in services(reading):
            if host is None or host.lower() not in hosts:
                permitted = ", ".join(sorted(hosts)) or "none"
                raise HTTPProblem(
                    HTTPStatus.BAD_REQUEST,
                    f"SERVICE {target} is refused: this server calls other hosts only when started with "
                    f"--allow-service HOST (allowed: {permitted})",
                )


def services(text: str) -> Iterator[tuple[str, str | None]]:
    """Each SERVICE target of the text as written, with its host (None for a variable or anything unclear)."""
    tokens = [(kind, value) for kind, value in _tokens(text) if kind not in ("space", "comment")]
    prefixes: dict[str, str] = {}
    base = ""
    for index, (kind, value) in enumerate(tokens):
        keyword = value.upper() if kind == "word" else ""
        following = tokens[index + 1 : index + 4]
        if keyword == "BASE" and following and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
        elif keyword == "PREFIX" and len(following) >= 2 and following[0][0] == "pname":
            prefixes[following[0][1]] = urljoin(base, following[1][1][1:-1])
        elif keyword == "SERVICE":
            if following and following[0][0] == "word" and following[0][1].upper() == "SILENT":
                following = following[1:]
            target = following[0] if following else ("other", "")
            yield target[1], _host(target, prefixes, base)


def _host(target: tuple[str, str], prefixes: dict[str, str], base: str) -> str | None:
    kind, value = target
    if kind == "iri":
        iri = urljoin(base, value[1:-1])
    elif kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix + ":" not in prefixes:
            return None
        iri = prefixes[prefix + ":"] + local
    else:
        return None
    try:
        return urlsplit(iri).hostname
    except ValueError:
        return None


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield kind, match.group()


def _unescape(text: str) -> str:
    return _ESCAPE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group()
