"""Documents published as two files, found by what the files hold.

A department may publish its narrative (情况说明) and its tables (报表) as two files whose names
follow no convention.  Read on their own, both give the same publisher, year and phase; one holds
no table, the other holds the tables.  Such a pair in one folder is one document: it is read again
as one, the narrative first, so that the narrative's statements and the tables share one graph.
A tables file that names no publisher at all (no cover, no 单位名称) fails on its own; when its
folder holds exactly one narrative without tables, the two are read as one in the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import DocumentError, IdentityError
from budgetkg.given import GivenIdentity
from budgetkg.model import Extraction
from budgetkg.rdf.emit import EmittedDocument

Task = tuple[list[Path], GivenIdentity]
Outcome = tuple[Extraction, EmittedDocument] | DocumentError
Extractor = Callable[[Task], Outcome]


def pair_by_content(
    tasks: list[Task], outcomes: list[Outcome], extract: Extractor
) -> list[tuple[Task, Outcome]]:
    """The documents of a batch with narrative-only and tables-only halves of one document joined.

    Two single files in one folder pair when they were read as the same publisher, year and phase,
    exactly one of them holds tables and the other none.  The joined document takes the place of
    the narrative; where reading the two as one fails, both stay as they were read.
    """
    keyed: dict[tuple[Path, str, int, str], list[int]] = defaultdict(list)
    for index, ((files, _), outcome) in enumerate(zip(tasks, outcomes, strict=True)):
        if len(files) == 1 and not isinstance(outcome, DocumentError):
            info = outcome[0].document
            keyed[(files[0].parent, info.department_name, info.fiscal_year, info.phase)].append(index)
    joined: dict[int, tuple[Task, Outcome]] = {}
    dropped: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for members in keyed.values():
        if len(members) != 2:
            continue
        narrative, tables = sorted(members, key=lambda index: _table_count(outcomes[index]))
        if _table_count(outcomes[narrative]) == 0 and _table_count(outcomes[tables]) > 0:
            pairs.append((narrative, tables))
    pairs += _orphan_pairs(tasks, outcomes, {index for pair in pairs for index in pair})
    for narrative, tables in pairs:
        files = tasks[narrative][0] + tasks[tables][0]
        task: Task = (files, tasks[narrative][1])
        outcome = extract(task)
        if isinstance(outcome, DocumentError):
            continue
        joined[narrative] = (task, outcome)
        dropped.add(tables)
    return [
        joined.get(index, (task, outcome))
        for index, (task, outcome) in enumerate(zip(tasks, outcomes, strict=True))
        if index not in dropped
    ]


def _orphan_pairs(tasks: list[Task], outcomes: list[Outcome], taken: set[int]) -> list[tuple[int, int]]:
    """(narrative, tables) for each single file that failed for want of a publisher, year or
    region, in a folder holding exactly one narrative without tables not paired already."""
    narratives: dict[Path, list[int]] = defaultdict(list)
    for index, ((files, _), outcome) in enumerate(zip(tasks, outcomes, strict=True)):
        if len(files) == 1 and index not in taken and _table_count(outcome) == 0:
            narratives[files[0].parent].append(index)
    pairs = []
    for index, ((files, _), outcome) in enumerate(zip(tasks, outcomes, strict=True)):
        if len(files) == 1 and isinstance(outcome, IdentityError):
            candidates = narratives.get(files[0].parent, [])
            if len(candidates) == 1:
                pairs.append((candidates.pop(), index))
    return pairs


def _table_count(outcome: Outcome) -> int:
    return -1 if isinstance(outcome, DocumentError) else len(outcome[0].tables)
