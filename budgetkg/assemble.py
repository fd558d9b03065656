"""Documents published as several files: find the files that belong together and join them.

A department sometimes publishes the narrative in one file and the tables in another
(``X_dept_budget.pdf`` and ``X_tables.pdf``).  Files whose names share a stem prefix with a file
named ``<prefix>_tables`` form one document: the other file first, then the tables.  Page numbers
of later files continue after the earlier ones, and each file is kept as a part with its own name,
digest and first page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from budgetkg.layout import DocumentPart, Paragraph, ReadDocument, Row, Table, UnreadPage

TABLES_SUFFIX = "_tables"


def document_groups(files: list[Path], stated: Mapping[Path, str] | None = None) -> list[list[Path]]:
    """Files grouped into documents, in the order of their first file: the groups a manifest
    states (``stated`` maps resolved paths to group names; files in the order given), then files
    named as a narrative and its ``_tables``."""
    by_stem = {path: path.stem for path in files}
    grouped: dict[Path, list[Path]] = {}
    claimed: set[Path] = set()
    for members in _stated_groups(files, stated or {}):
        if len(members) > 1:
            grouped[members[0]] = members
            claimed.update(members)
    for tables in files:
        if tables in claimed:
            continue
        stem = by_stem[tables]
        if not stem.endswith(TABLES_SUFFIX):
            continue
        prefix = stem[: -len(TABLES_SUFFIX)] + "_"
        companions = [
            path
            for path in files
            if path is not tables
            and by_stem[path].startswith(prefix)
            and path.parent == tables.parent
            and path not in claimed
        ]
        if len(companions) == 1:
            grouped[companions[0]] = [companions[0], tables]
            claimed.update((companions[0], tables))
    groups: list[list[Path]] = []
    for path in files:
        if path in grouped:
            groups.append(grouped[path])
        elif path not in claimed:
            groups.append([path])
    return groups


def _stated_groups(files: list[Path], stated: Mapping[Path, str]) -> list[list[Path]]:
    by_name: dict[str, list[Path]] = {}
    for path in files:
        name = stated.get(path.resolve())
        if name is not None:
            by_name.setdefault(name, []).append(path)
    return list(by_name.values())


def assemble(documents: list[ReadDocument]) -> ReadDocument:
    """One document from the files of a group, pages numbered on through the files."""
    if len(documents) == 1:
        return documents[0]
    blocks: list[Paragraph | Table] = []
    parts: list[DocumentPart] = []
    unread: list[UnreadPage] = []
    offset = 0
    for document in documents:
        for block in document.blocks:
            blocks.append(_shifted(block, offset))
        unread.extend(UnreadPage(part.page + offset, part.reason) for part in document.unread)
        parts.append(DocumentPart(document.name, document.sha256, offset + 1, document.page_count))
        offset += document.page_count or 0
    for index, table in enumerate((block for block in blocks if isinstance(block, Table)), start=1):
        table.index = index
    digest = hashlib.sha256("".join(document.sha256 for document in documents).encode("ascii")).hexdigest()
    return ReadDocument(
        name=" + ".join(document.name for document in documents),
        sha256=digest,
        media_type=documents[0].media_type,
        blocks=blocks,
        page_count=offset or None,
        parts=parts,
        unread=unread,
    )


def _shifted(block: Paragraph | Table, offset: int) -> Paragraph | Table:
    if offset == 0:
        return block
    if isinstance(block, Paragraph):
        return Paragraph(block.text, block.line, None if block.page is None else block.page + offset)
    rows = [
        Row(
            row.cells,
            row.line,
            None if row.page is None else row.page + offset,
            row.bboxes,
            row.may_continue,
            row.indents,
        )
        for row in block.rows
    ]
    trailing = [
        Paragraph(p.text, p.line, None if p.page is None else p.page + offset) for p in block.trailing
    ]
    return Table(rows, list(block.captions), block.index, trailing)
