"""Benchmark: what takes the space of a store built from generated documents.

Builds a corpus of :func:`budgetkg.samples.corpus.generate` (or measures a store folder as it is)
and prints:

* the statements, the bytes on disk and the bytes per statement, split into RocksDB's write-ahead
  log (``*.log``), its sorted tables (``*.sst``) and the rest, before and after compaction
  (pyoxigraph ``Store.optimize``);
* the statements of each predicate (the top ``--top``), with their share of the store;
* the objects by kind: IRIs, blank nodes and literals by datatype or language, with how many
  distinct values they hold.

    python bench/store_size.py [--documents 100] [--store DIR] [--top 25] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from budgetkg.build import build
from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore

XSD = "http://www.w3.org/2001/XMLSchema#"


def disk_usage(folder: Path) -> dict[str, int]:
    """Bytes of the store folder by kind of file: write-ahead log, sorted tables, other."""
    usage = {"wal": 0, "sst": 0, "other": 0}
    for path in folder.rglob("*"):
        if path.is_file():
            kind = {".log": "wal", ".sst": "sst"}.get(path.suffix, "other")
            usage[kind] += path.stat().st_size
    return usage


def describe_usage(label: str, usage: dict[str, int], statements: int) -> str:
    total = sum(usage.values())
    return (
        f"{label}: {total / 2**20:,.1f} MiB on disk ({total / max(statements, 1):,.0f} bytes/statement): "
        f"WAL {usage['wal'] / 2**20:,.1f} MiB, SST {usage['sst'] / 2**20:,.1f} MiB, "
        f"other {usage['other'] / 2**20:,.1f} MiB"
    )


def object_kind(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return "IRI"
    if isinstance(term, ox.BlankNode):
        return "blank node"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"literal @{term.language}"
        datatype = term.datatype.value
        return "literal xsd:" + datatype[len(XSD) :] if datatype.startswith(XSD) else f"literal <{datatype}>"
    return type(term).__name__


def census(store: ox.Store) -> tuple[int, Counter[str], Counter[str], dict[str, set[str]]]:
    """Statements, statements per predicate, per kind of object, distinct values per kind."""
    predicates: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    distinct: dict[str, set[str]] = {}
    total = 0
    for quad in store.quads_for_pattern(None, None, None, None):
        total += 1
        predicates[quad.predicate.value] += 1
        kind = object_kind(quad.object)
        kinds[kind] += 1
        if isinstance(quad.object, ox.Literal):
            distinct.setdefault(kind, set()).add(quad.object.value)
    return total, predicates, kinds, distinct


def short(iri: str) -> str:
    for prefix, name in (
        ("https://w3id.org/budgetkg/ontology#", "bkg:"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
        ("http://www.w3.org/ns/prov#", "prov:"),
        ("http://purl.org/linked-data/cube#", "qb:"),
        ("http://www.w3.org/2004/02/skos/core#", "skos:"),
        ("http://purl.org/dc/terms/", "dcterms:"),
    ):
        if iri.startswith(prefix):
            return name + iri[len(prefix) :]
    return f"<{iri}>"


def report(folder: Path, top: int, compact: bool) -> None:
    store = EmbeddedStore(folder)
    start = time.perf_counter()
    total, predicates, kinds, distinct = census(store.store)
    print(f"census of {total:,} statements in {time.perf_counter() - start:.1f} s")
    print(describe_usage("as built", disk_usage(folder), total))
    print(f"top {top} predicates (statements, share):")
    for predicate, count in predicates.most_common(top):
        print(f"  {short(predicate):45} {count:>12,} {100 * count / total:6.1f} %")
    print("objects by kind (statements, share, distinct values):")
    for kind, count in kinds.most_common():
        values = len(distinct.get(kind, ()))
        shown = f"{values:>12,}" if values else f"{'':>12}"
        print(f"  {kind:45} {count:>12,} {100 * count / total:6.1f} % {shown}")
    if compact:
        start = time.perf_counter()
        store.store.optimize()
        store.flush()
        print(f"compaction (Store.optimize) {time.perf_counter() - start:.1f} s")
        store.close()
        print(describe_usage("after compaction and close", disk_usage(folder), total))
    else:
        store.close()
        print(describe_usage("after close", disk_usage(folder), total))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--store", type=Path, help="measure this store folder instead of building one")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-compact", action="store_true", help="do not compact the store")
    args = parser.parse_args(argv)
    if args.store is not None and args.store.exists():
        report(args.store, args.top, not args.no_compact)
        return 0
    with tempfile.TemporaryDirectory(prefix="budgetkg-size-") as temporary:
        root = Path(temporary)
        generate(root / "documents", args.documents)
        folder = args.store or root / "kg"
        with EmbeddedStore(folder) as store:
            start = time.perf_counter()
            built = build([root / "documents"], store, workers=args.workers, keep=False)
            print(f"built {built.built_count} documents in {time.perf_counter() - start:.1f} s")
        report(folder, args.top, not args.no_compact)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
