"""Write a fixed corpus of damaged and hostile documents for the readers, made from good ones.

    python tools/make_fuzz_corpus.py OUT [--count 1200] [--seed 16] [--shared ../shared]

The good documents are the text dumps of ``../shared/seeds`` and ``samples/``, the same documents
printed as DOCX, XLSX, XLS and HTML (by ``tests/fixtures/factory.py``), and the smaller real PDFs
of ``../shared/real``.  Each input of the corpus is one of them changed by one mutation, chosen by
a seeded generator, so the same arguments always write the same files: bytes flipped, the file
cut short, a member of a ZIP container damaged or its XML garbled, amounts made huge, cells made
to span thousands of rows and columns, elements nested deep, the file emptied, given the suffix of
another format, or replaced by garbage (with or without the magic bytes of its format).

``OUT/index.csv`` lists each input with its mutation and the good document it was made from.
The corpus is generated, never committed.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.readers import read_document  # noqa: E402
from tests.fixtures.factory import Format, render  # noqa: E402

RENDERED: tuple[Format, ...] = ("docx", "xlsx", "xls", "html")
PDF_SOURCES = 6
"""How many real PDFs (the smallest) the corpus is made from; fuzzed PDFs are the slow ones to read."""
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
_AMOUNT = re.compile(rb"(?<![\d.])\d{1,7}\.\d{1,2}(?![\d.])")
_ZIP_SUFFIXES = (".docx", ".xlsx")
_MAGIC = {
    ".pdf": b"%PDF-1.7\n",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".xls": bytes.fromhex("d0cf11e0a1b11ae1"),
    ".html": b"<html><body>",
    ".txt": b"",
}


@dataclass(frozen=True)
class Source:
    """A good document: its name and suffix, and its bytes."""

    stem: str
    suffix: str
    data: bytes


@dataclass(frozen=True)
class FuzzInput:
    """One input of the corpus: its bytes, the suffix it is written with, and how it was made."""

    mutation: str
    source: str
    suffix: str
    data: bytes


Mutation = Callable[[random.Random, Source], FuzzInput]


# -- good documents ---------------------------------------------------------------------------------


def _normalised_zip(data: bytes) -> bytes:
    """A ZIP container written again with fixed times, so that rendering twice gives the same bytes."""
    return _rezip(data, lambda _, member: _TIMESTAMP.sub(b"2020-01-01T00:00:00Z", member))


def good_sources(
    shared: Path, texts: Collection[str] | None = None, pdfs_at_most: int = PDF_SOURCES
) -> list[Source]:
    """The good documents the corpus is made from, in a fixed order: the text dumps (those named
    in ``texts``, or all), each printed in the other formats, and the smallest real PDFs."""
    found = sorted((shared / "seeds").glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))
    chosen = [path for path in found if texts is None or path.name in texts]
    sources = [Source(path.stem, ".txt", path.read_bytes()) for path in chosen]
    with tempfile.TemporaryDirectory() as folder:
        for path in chosen:
            document = read_document(path)
            for kind in RENDERED:
                written = render(document, kind, Path(folder))
                data = written.read_bytes()
                if written.suffix in _ZIP_SUFFIXES:
                    data = _normalised_zip(data)
                sources.append(Source(path.stem, written.suffix, data))
    pdfs = sorted((shared / "real").glob("*.pdf"), key=lambda path: (path.stat().st_size, path.name))
    sources += [Source(path.stem, ".pdf", path.read_bytes()) for path in pdfs[:pdfs_at_most]]
    return sources


# -- mutations --------------------------------------------------------------------------------------


def flip_bytes(rng: random.Random, source: Source) -> FuzzInput:
    data = bytearray(source.data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return FuzzInput("byte-flip", source.stem, source.suffix, bytes(data))


def truncate(rng: random.Random, source: Source) -> FuzzInput:
    cut = rng.randrange(1, len(source.data))
    return FuzzInput("truncated", source.stem, source.suffix, source.data[:cut])


def empty(rng: random.Random, source: Source) -> FuzzInput:
    return FuzzInput("empty", source.stem, source.suffix, b"")


def wrong_suffix(rng: random.Random, source: Source) -> FuzzInput:
    other = rng.choice([suffix for suffix in _MAGIC if suffix != source.suffix])
    return FuzzInput("wrong-suffix", source.stem, other, source.data)


def garbage(rng: random.Random, source: Source) -> FuzzInput:
    size = rng.choice((1, 16, 4096, 200_000))
    noise = rng.randbytes(size)
    if rng.random() < 0.5:
        return FuzzInput("garbage-with-magic", source.stem, source.suffix, _MAGIC[source.suffix] + noise)
    return FuzzInput("garbage", source.stem, source.suffix, noise)


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = change(info.filename, source.read(info.filename))
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), member, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_entry_damaged(rng: random.Random, source: Source) -> FuzzInput:
    """Bytes flipped inside the compressed data of one member: a bad CRC or a broken stream."""
    data = bytearray(source.data)
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        members = [info for info in archive.infolist() if info.compress_size > 4]
    member = rng.choice(members)
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    for _ in range(rng.choice((1, 3, 16))):
        data[start + rng.randrange(member.compress_size)] = rng.randrange(256)
    return FuzzInput("zip-entry-damaged", source.stem, source.suffix, bytes(data))


def zip_xml_garbled(rng: random.Random, source: Source) -> FuzzInput:
    """One XML member cut short or with a tag broken, in an archive that is itself sound."""
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        names = sorted(
            info.filename for info in archive.infolist() if info.filename.endswith((".xml", ".rels"))
        )
    target = rng.choice(names)

    def change(name: str, member: bytes) -> bytes:
        if name != target or not member:
            return member
        cut = rng.randrange(len(member))
        return member[:cut] if rng.random() < 0.5 else member[:cut] + b"<\x00&" + member[cut:]

    return FuzzInput("zip-xml-garbled", source.stem, source.suffix, _rezip(source.data, change))


_HUGE = (b"9" * 400, b"1" + b"0" * 300, b"1e308", b"-1e400", b"1" * 5000, b"NaN", b"0." + b"0" * 500 + b"1")


def _huge(rng: random.Random) -> bytes:
    return rng.choice(_HUGE)


def huge_numbers(rng: random.Random, source: Source) -> FuzzInput:
    """Amounts written as numbers far beyond any budget, in the text or in an XLSX sheet's cells."""
    if source.suffix == ".xlsx":

        def change(name: str, member: bytes) -> bytes:
            if not name.startswith("xl/worksheets/"):
                return member
            return re.sub(rb"<v>[\d.E+-]+</v>", lambda _: b"<v>" + _huge(rng) + b"</v>", member)

        return FuzzInput("huge-numbers", source.stem, source.suffix, _rezip(source.data, change))
    if source.suffix == ".docx":

        def text_change(name: str, member: bytes) -> bytes:
            return _AMOUNT.sub(lambda _: _huge(rng), member) if name == "word/document.xml" else member

        return FuzzInput("huge-numbers", source.stem, source.suffix, _rezip(source.data, text_change))
    return FuzzInput(
        "huge-numbers", source.stem, source.suffix, _AMOUNT.sub(lambda _: _huge(rng), source.data)
    )


def huge_spans(rng: random.Random, source: Source) -> FuzzInput:
    """Cells spanning thousands of rows and columns (HTML, DOCX), or a table made of such cells."""
    span = rng.choice((1000, 65534, 10**9, 0))
    if source.suffix == ".docx":

        def change(name: str, member: bytes) -> bytes:
            if name != "word/document.xml":
                return member
            spanned = b'<w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>' % span
            return member.replace(b"<w:tcPr>", spanned, rng.randrange(1, 200))

        return FuzzInput("huge-spans", source.stem, source.suffix, _rezip(source.data, change))
    cells = b'<td rowspan="%d" colspan="%d">1</td>' % (span, span)
    rows = b"<tr>" + cells * rng.choice((2, 20, 60)) + b"</tr>"
    table = b"<table>" + rows * rng.choice((10, 300, 1000)) + b"</table>"
    return FuzzInput("huge-spans", source.stem, ".html", source.data.replace(b"<table>", table, 1) + table)


def deep_nesting(rng: random.Random, source: Source) -> FuzzInput:
    depth = rng.choice((500, 5000, 100_000))
    tag = rng.choice((b"div", b"span", b"table><tr><td", b"b"))
    return FuzzInput("deep-nesting", source.stem, ".html", b"<" + (tag + b"><") * depth + b"p>1")


def long_line(rng: random.Random, source: Source) -> FuzzInput:
    """A text dump with one endless line (of tabs, of HTML remnants or of plain text)."""
    unit = rng.choice((b"\t", b"<input ", b"1", "预".encode()))
    return FuzzInput(
        "long-line", source.stem, ".txt", source.data + unit * rng.choice((10_000, 300_000, 3_000_000))
    )


def bad_encoding(rng: random.Random, source: Source) -> FuzzInput:
    data = bytearray(source.data)
    for _ in range(rng.choice((1, 5))):
        data.insert(rng.randrange(len(data)), rng.choice((0xFF, 0xC3, 0x00, 0x80)))
    return FuzzInput("bad-encoding", source.stem, source.suffix, bytes(data))


COMMON: tuple[Mutation, ...] = (flip_bytes, flip_bytes, truncate, empty, wrong_suffix, garbage)
BY_SUFFIX: dict[str, tuple[Mutation, ...]] = {
    ".txt": (*COMMON, huge_numbers, long_line, bad_encoding, bad_encoding),
    ".html": (*COMMON, huge_numbers, huge_spans, huge_spans, deep_nesting, bad_encoding),
    ".docx": (*COMMON, zip_entry_damaged, zip_entry_damaged, zip_xml_garbled, huge_numbers, huge_spans),
    ".xlsx": (*COMMON, zip_entry_damaged, zip_entry_damaged, zip_xml_garbled, huge_numbers, huge_numbers),
    ".xls": (*COMMON, flip_bytes, truncate),
    ".pdf": (*COMMON, flip_bytes, flip_bytes, truncate),
}


def corpus(sources: list[Source], count: int, seed: int) -> Iterator[FuzzInput]:
    """``count`` inputs, made from the sources in turn, each by a mutation the seed chooses."""
    rng = random.Random(seed)
    for number in range(count):
        source = sources[number % len(sources)]
        yield rng.choice(BY_SUFFIX[source.suffix])(rng, source)


def write_corpus(out: Path, sources: list[Source], count: int, seed: int) -> list[Path]:
    """Write the corpus into ``out`` with its ``index.csv``; return the inputs' paths in order."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with (out / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        index = csv.writer(handle)
        index.writerow(["file", "mutation", "source"])
        for number, item in enumerate(corpus(sources, count, seed)):
            path = out / f"{number:04d}_{item.mutation}_{item.source}{item.suffix}"
            path.write_bytes(item.data)
            index.writerow([path.name, item.mutation, f"{item.source}"])
            paths.append(path)
    return paths


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("out", type=Path)
    arguments.add_argument("--count", type=int, default=1200)
    arguments.add_argument("--seed", type=int, default=16)
    arguments.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    options = arguments.parse_args()
    paths = write_corpus(options.out, good_sources(options.shared), options.count, options.seed)
    print(f"{len(paths)} inputs written to {options.out}")


if __name__ == "__main__":
    main()
