"""Where the offline page links to the files its documents were read from: the file found by name
under the folders given (with the SHA-256 recorded at build time, as ``budgetkg serve --sources``
finds it), by a path relative to the page, so that the page and the files can be moved together."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from budgetkg.flows.data import FileLink
from budgetkg.flows.model import SourceFile


def offline_file_link(folders: Sequence[Path], page: Path) -> FileLink:
    """Links from the page written at ``page`` to the source files under ``folders``."""
    from budgetkg.serve.sources import SourceFile as KnownFile
    from budgetkg.serve.sources import SourceFiles

    found = SourceFiles(tuple(folders))
    here = page.resolve().parent

    def link(file: SourceFile) -> str | None:
        path = found.path(KnownFile(file.name, file.sha256, file.first_page))
        if path is None:
            return None
        return quote(Path(os.path.relpath(path.resolve(), here)).as_posix())

    return link
