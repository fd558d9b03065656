"""The identity of a source file: its name and the SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_identity(path: Path, data: bytes) -> tuple[str, str]:
    """Return the file name and the hex SHA-256 of ``data``."""
    return path.name, hashlib.sha256(data).hexdigest()


_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes, read in chunks (a large PDF is never held whole)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
