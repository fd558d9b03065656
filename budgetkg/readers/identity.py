"""The identity of a source file: its name and the SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_identity(path: Path, data: bytes) -> tuple[str, str]:
    """Return the file name and the hex SHA-256 of ``data``."""
    return path.name, hashlib.sha256(data).hexdigest()
