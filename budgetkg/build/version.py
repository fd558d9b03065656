"""The extraction version: a digest of everything that decides what reading a document gives.

It is computed, not declared, so that no change can forget to bump it: the source of every
module that reading a document imports (followed statically from :mod:`budgetkg.build.extract`,
lazy imports included), the data folders reading uses (``extract/`` and ``ontology/`` with its
code lists), and the versions of the other libraries those modules import.  A document whose
files and extraction version are unchanged reads the same, so a build does not read it again.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from collections.abc import Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

from budgetkg.paths import EXTRACT_DIR, ONTOLOGY_DIR, PACKAGE_DIR

ENTRY_MODULE = "budgetkg.build.extract"
"""The module that reads one document; what it imports, directly or not, is reading code."""
PACKAGE = "budgetkg"


def _module_file(name: str) -> Path | None:
    """The source file of a module of the package, or None when ``name`` is no module of it."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of ``body`` and of the blocks within it (functions, classes, branches,
    ``try``), without walking into expressions: imports are statements."""
    for statement in body:
        yield statement
        for block in ("body", "orelse", "finalbody"):
            inner = getattr(statement, block, None)
            if isinstance(inner, list):
                yield from _statements(inner)
        for handler in getattr(statement, "handlers", []):
            yield from _statements(handler.body)


def _imported(name: str, source: Path) -> tuple[set[str], set[str]]:
    """The package modules and the other top-level modules that a module's source imports."""
    own: set[str] = set()
    other: set[str] = set()
    package = name if source.name == "__init__.py" else name.rpartition(".")[0]
    for node in _statements(ast.parse(source.read_bytes(), filename=str(source)).body):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == PACKAGE:
                if _module_file(target) is not None:
                    own.add(target)
            elif target:
                other.add(target.split(".")[0])
    return own, other


def reading_modules() -> tuple[dict[str, Path], set[str]]:
    """Every package module reading a document imports (by name, with its file), and the other
    top-level modules they import."""
    found: dict[str, Path] = {}
    libraries: set[str] = set()
    waiting = [ENTRY_MODULE]
    while waiting:
        name = waiting.pop()
        source = _module_file(name)
        if name in found or source is None:
            continue
        found[name] = source
        own, other = _imported(name, source)
        waiting.extend(own - found.keys())
        libraries |= other
    return found, libraries


def _library_versions(modules: set[str]) -> list[str]:
    """``distribution==version`` of the installed libraries that provide ``modules``."""
    providers = metadata.packages_distributions()
    names = {
        distribution
        for module in modules
        if module not in sys.stdlib_module_names
        for distribution in providers.get(module, [])
    }
    return sorted(f"{name}=={metadata.version(name)}" for name in names)


def _data_files() -> list[tuple[str, Path]]:
    return [
        (f"{folder.name}/{path.relative_to(folder).as_posix()}", path)
        for folder in (EXTRACT_DIR, ONTOLOGY_DIR)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts
    ]


@cache
def extraction_version() -> str:
    """The digest (16 hexadecimal digits) of the reading code, its data and its libraries."""
    modules, libraries = reading_modules()
    digest = hashlib.sha256()
    entries = [(name, path) for name, path in sorted(modules.items())] + _data_files()
    for label, path in entries:
        data = path.read_bytes()
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)
    for version in _library_versions(libraries):
        digest.update(f"{version}\0".encode())
    return digest.hexdigest()[:16]
