"""The rows of materialised questions computed on a document where it was read, as they travel with
the document from a reader to the writer (a module of types only, so that reading answers never
loads the reading code)."""

from __future__ import annotations

QuestionRows = dict[str, tuple[list[str], list[tuple[tuple[str, str] | None, ...]]]]
"""Rows of questions computed on a document where it was read, by question: the variables and
each row's cells (value and kind, :mod:`budgetkg.listings.cells`)."""
ComputedRows = tuple[str, QuestionRows]
"""The content hash of a document's graph and its rows of the materialised questions."""
