"""What a file given to a build is, told from ``stat`` alone, before anything opens it.

Only regular files are read: opening a named pipe blocks until something writes to it, and a
device such as ``/dev/zero`` never ends.  A symbolic link is followed; what it points at counts.
A file over its reader's size limit (``extract/limits.toml``) is not hashed either: it is refused
when read, from its size.
"""

from __future__ import annotations

import stat
from pathlib import Path

from budgetkg.readers.limits import reader_limits

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def irregular_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (after following symbolic links), or
    ``None`` for a regular file or one that does not exist (its reading says so)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if path.is_symlink() else None
    except OSError as error:
        return f"a file that cannot be examined ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"{kind} (a symbolic link to {path.resolve()})" if path.is_symlink() else kind


def readable_size(path: Path) -> bool:
    """Whether ``path`` is a regular file within its reader's size limit (or has none), so that
    hashing it ends soon."""
    if irregular_kind(path) is not None:
        return False
    try:
        size = path.stat().st_size
    except OSError:
        return False
    limit = reader_limits().bytes_for(path.suffix)
    return limit is None or size <= limit
