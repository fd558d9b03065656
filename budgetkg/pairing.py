"""Documents published as two files, found by what the files hold.

A department may publish its narrative (情况说明) and its tables (报表) as two files whose names
follow no convention.  Read on their own, both give the same publisher, year and phase; one holds
no table, the other holds the tables.  Such a pair in one folder is one document: it is read again
as one, the narrative first, so that the narrative's statements and the tables share one graph.
A tables file that names no publisher at all (no cover, no 单位名称) fails on its own; when its
folder holds exactly one narrative without tables, the two are read as one in the same way.

Pairs are found from a :class:`Sketch` of each document read (a few fields), so that a build can
write each document as soon as it is read and still find the pairs once all are read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from budgetkg.errors import DocumentError, IdentityError
from budgetkg.given import GivenIdentity
from budgetkg.model import Extraction
from budgetkg.rdf.emit import EmittedDocument

Task = tuple[list[Path], GivenIdentity]
Outcome = tuple[Extraction, EmittedDocument] | DocumentError


@dataclass(frozen=True)
class Sketch:
    """What pairing needs to know of one document read: its files, who published it for which
    year and phase, how many tables it holds (-1: it failed), and whether it failed for want of
    a publisher, year or region."""

    files: tuple[Path, ...]
    department: str = ""
    year: int = 0
    phase: str = ""
    tables: int = -1
    unidentified: bool = False


def sketch(files: list[Path], outcome: Outcome) -> Sketch:
    """The sketch of a document read from ``files``."""
    if isinstance(outcome, DocumentError):
        return Sketch(tuple(files), unidentified=isinstance(outcome, IdentityError))
    info = outcome[0].document
    return Sketch(tuple(files), info.department_name, info.fiscal_year, info.phase, len(outcome[0].tables))


def find_pairs(sketches: list[Sketch]) -> list[tuple[int, int]]:
    """(narrative, tables) indexes of the documents to read again as one.

    Two single files in one folder pair when they were read as the same publisher, year and phase,
    exactly one of them holds tables and the other none.
    """
    keyed: dict[tuple[Path, str, int, str], list[int]] = defaultdict(list)
    for index, item in enumerate(sketches):
        if len(item.files) == 1 and item.tables >= 0:
            keyed[(item.files[0].parent, item.department, item.year, item.phase)].append(index)
    pairs: list[tuple[int, int]] = []
    for members in keyed.values():
        if len(members) != 2:
            continue
        narrative, tables = sorted(members, key=lambda index: sketches[index].tables)
        if sketches[narrative].tables == 0 and sketches[tables].tables > 0:
            pairs.append((narrative, tables))
    return pairs + _orphan_pairs(sketches, {index for pair in pairs for index in pair})


def _orphan_pairs(sketches: list[Sketch], taken: set[int]) -> list[tuple[int, int]]:
    """(narrative, tables) for each single file that failed for want of a publisher, year or
    region, in a folder holding exactly one narrative without tables not paired already."""
    narratives: dict[Path, list[int]] = defaultdict(list)
    for index, item in enumerate(sketches):
        if len(item.files) == 1 and index not in taken and item.tables == 0:
            narratives[item.files[0].parent].append(index)
    pairs = []
    for index, item in enumerate(sketches):
        if len(item.files) == 1 and item.unidentified:
            candidates = narratives.get(item.files[0].parent, [])
            if len(candidates) == 1:
                pairs.append((candidates.pop(), index))
    return pairs
