"""Benchmark: what validation reports on a folder of documents, and how much of it is justified.

The documents of the folders are built into one in-memory store and validated as ``budgetkg
validate`` does. Printed:

* findings per document and per rule, by severity, and how many carry evidence, a quote of the
  printed text and a reading caveat;
* precision: the share of findings that are listed, with a reason checked by hand, in
  ``tests/expected/findings/`` (a finding not listed there is either a defect of a rule or not yet
  checked);
* validation time per document (median, wall clock inside the worker) against the target of 0.5 s,
  with the reference engine (pyshacl) on the smallest seeds as the baseline in the same process
  (it takes minutes a document), and whether its findings equal the fast engine's.

    python bench/findings.py [FOLDER ...] [--reference 2]   (default: ../shared/real and ../shared/seeds)

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from budgetkg.build import build
from budgetkg.paths import PROJECT_ROOT
from budgetkg.rdf.iris import document_file_name
from budgetkg.store import EmbeddedStore
from budgetkg.validate import Finding, ValidationResult, validate_store

SHARED = PROJECT_ROOT.parent / "shared"
DEFAULT_FOLDERS = (SHARED / "real", SHARED / "seeds")
EXPECTED = PROJECT_ROOT / "tests" / "expected" / "findings"
KEY_COLUMNS = ("document", "rule_id", "severity", "table", "row", "line", "expected", "found")
TARGET_SECONDS = 0.5

Key = tuple[str, ...]


def finding_key(finding: Finding) -> Key:
    """The columns a hand-checked finding is listed by."""
    values = [getattr(finding, column) for column in KEY_COLUMNS]
    return tuple("" if value is None else str(value) for value in values)


def justified_keys() -> Counter[Key]:
    """Every finding listed with a reason in ``tests/expected/findings/*.csv``."""
    keys: Counter[Key] = Counter()
    for path in sorted(EXPECTED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                if record.get("justification", "").strip():
                    keys[tuple(record[column] for column in KEY_COLUMNS)] += 1
    return keys


def _print_table(title: str, counts: dict[str, Counter[str]]) -> None:
    print(f"\n{title}:")
    print(f"  {'':<62} {'error':>6} {'warn':>6} {'info':>6}")
    for name in sorted(counts):
        row = counts[name]
        print(f"  {name[:62]:<62} {row['error']:>6} {row['warning']:>6} {row['info']:>6}")


def report(result: ValidationResult) -> None:
    """Print the findings per document and per rule, their evidence and their precision."""
    by_document: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for name in result.documents:
        by_document[name] = Counter()
    for finding in result.findings:
        by_document[finding.document][finding.severity] += 1
        by_rule[finding.rule_id][finding.severity] += 1
    _print_table("findings per document", by_document)
    _print_table("findings per rule", by_rule)
    validation = [f for f in result.findings if not f.rule_id.startswith(("extract.", "structure."))]
    with_evidence = sum(1 for f in validation if f.evidence)
    with_quote = sum(1 for f in result.findings if f.printed)
    caveats = sum(1 for f in result.findings if f.reading)
    print(
        f"\n{len(result.findings)} findings on {len(result.documents)} documents; of the "
        f"{len(validation)} raised by validation rules, {with_evidence} carry evidence; "
        f"{with_quote} quote the printed text; {caveats} carry a reading caveat"
    )
    justified = justified_keys()
    unmatched: list[Finding] = []
    for finding in result.findings:
        key = finding_key(finding)
        if justified[key] > 0:
            justified[key] -= 1
        else:
            unmatched.append(finding)
    matched = len(result.findings) - len(unmatched)
    share = matched / len(result.findings) if result.findings else 1.0
    print(f"precision: {matched} of {len(result.findings)} findings justified by hand ({share:.1%})")
    for finding in unmatched[:20]:
        print(f"  not justified: {', '.join(finding_key(finding))}")


def timing(result: ValidationResult, store: EmbeddedStore, seeds: list[str]) -> None:
    """Print the median validation time per document against the target and the reference engine."""
    seconds = sorted(result.seconds.values())
    median = statistics.median(seconds) if seconds else 0.0
    verdict = "within" if median <= TARGET_SECONDS else "OVER"
    print(
        f"\nvalidation (fast engine): median {median:.3f} s per document ({verdict} the "
        f"{TARGET_SECONDS} s target), slowest {max(seconds, default=0.0):.3f} s"
    )
    if not seeds:
        return
    fast = validate_store(store, graphs=seeds, workers=1, cross_document=False)
    start = time.perf_counter()
    reference = validate_store(store, engine="pyshacl", graphs=seeds, workers=1, cross_document=False)
    elapsed = time.perf_counter() - start
    fast_median = statistics.median(fast.seconds.values())
    reference_median = statistics.median(reference.seconds.values())
    same = sorted(map(finding_key, fast.findings)) == sorted(map(finding_key, reference.findings))
    print(
        f"reference (pyshacl) on {len(seeds)} seed(s): median {reference_median:.3f} s per document, "
        f"{reference_median / fast_median:.1f}x the fast engine's {fast_median:.3f} s "
        f"({elapsed:.1f} s in all); findings identical: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS))
    parser.add_argument(
        "--reference", type=int, default=2, help="seeds validated with pyshacl (smallest first)"
    )
    args = parser.parse_args()
    store = EmbeddedStore(None)
    outcome = build(list(args.folders), store)
    print(f"built {len(outcome.built)} document(s), {len(outcome.failed)} failed")
    result = validate_store(store)
    report(result)
    seeds_folder = SHARED / "seeds"
    seed_sizes = (
        {path.name: path.stat().st_size for path in seeds_folder.glob("*")} if seeds_folder.is_dir() else {}
    )
    seeds = sorted(
        (graph for graph in store.document_graphs() if document_file_name(graph) in seed_sizes),
        key=lambda graph: seed_sizes[document_file_name(graph)],
    )[: args.reference]
    timing(result, store, seeds)


if __name__ == "__main__":
    main()
