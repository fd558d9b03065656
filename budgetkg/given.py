"""What a user already knows about a document: region, year, department, phase and grouping.

Given on the command line for one document (``budgetkg build FILE --region 440300 --year 2026``)
or, for a batch, in a manifest: a CSV file with the columns ``file``, ``region``, ``department``,
``year``, ``phase``, ``group`` and ``source`` (every column but ``file`` may be left blank).  Given
values win over what is read from the document; a disagreement is reported as an extraction
finding.  ``source`` is the web address the document was published at (an http or https URL),
which the graph records as the document's ``dcat:landingPage`` and the catalogue publishes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from budgetkg.errors import BudgetKGError
from budgetkg.regions import regions

PHASES = {"approved": "approved", "executed": "executed", "预算": "approved", "决算": "executed"}
MANIFEST_COLUMNS = ("file", "region", "department", "year", "phase", "group", "source")


class ManifestError(BudgetKGError):
    """A manifest or a given value that cannot be used, with the place it came from."""


@dataclass(frozen=True)
class GivenIdentity:
    """Values a user states for a document; ``None`` where nothing is given."""

    region: str | None = None
    year: int | None = None
    department: str | None = None
    phase: str | None = None
    source: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, item.name) is not None for item in fields(self))


def merge_given(*layers: GivenIdentity) -> GivenIdentity:
    """One set of given values from several, the first layer that states a value winning."""
    values = {
        item.name: next(
            (getattr(layer, item.name) for layer in layers if getattr(layer, item.name) is not None), None
        )
        for item in fields(GivenIdentity)
    }
    return GivenIdentity(**values)


@dataclass(frozen=True)
class ManifestEntry:
    """One row of a manifest: a file, what is known of it, and the group of files it belongs to."""

    path: Path
    given: GivenIdentity
    group: str | None


def given_identity(
    region: str | None,
    year: str | int | None,
    department: str | None,
    phase: str | None,
    where: str,
    source: str | None = None,
) -> GivenIdentity:
    """Check given values and turn them into a :class:`GivenIdentity`; ``where`` names their origin."""
    region = (region or "").strip() or None
    if region is not None and region not in regions():
        raise ManifestError(f"{where}: region {region!r} is not a six-digit code of the region list")
    year_text = str(year).strip() if year is not None else ""
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        raise ManifestError(f"{where}: year {year_text!r} is not a four-digit year")
    phase_text = (phase or "").strip()
    if phase_text and phase_text not in PHASES:
        raise ManifestError(f"{where}: phase {phase_text!r} is not one of approved, executed (预算, 决算)")
    return GivenIdentity(
        region=region,
        year=int(year_text) if year_text else None,
        department=(department or "").strip() or None,
        phase=PHASES[phase_text] if phase_text else None,
        source=_web_address(source, where),
    )


def _web_address(text: str | None, where: str) -> str | None:
    """A document's web address, checked to be an absolute http(s) URL with no spaces."""
    address = (text or "").strip()
    if not address:
        return None
    parts = urlsplit(address)
    problem = parts.scheme not in ("http", "https") or not parts.netloc
    try:
        ox.NamedNode(address)
    except ValueError:
        problem = True
    if problem:
        raise ManifestError(f"{where}: source {address!r} is not an http or https web address")
    return address


def read_manifest(path: Path) -> list[ManifestEntry]:
    """The rows of a manifest; files are relative to the manifest's folder unless absolute."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [name.strip() for name in reader.fieldnames or []]
            if "file" not in columns:
                raise ManifestError(f"{path.name}: a manifest needs a 'file' column (found {columns})")
            unknown = sorted(set(columns) - set(MANIFEST_COLUMNS))
            if unknown:
                raise ManifestError(
                    f"{path.name}: unknown column(s) {', '.join(unknown)}; "
                    f"the columns are {', '.join(MANIFEST_COLUMNS)}"
                )
            rows = [{(key or "").strip(): (value or "") for key, value in row.items()} for row in reader]
    except OSError as error:
        raise ManifestError(f"{path}: cannot read the manifest ({error.strerror})") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise ManifestError(f"{path.name}: not a UTF-8 CSV file ({error})") from error
    entries = []
    for number, row in enumerate(rows, start=2):
        where = f"{path.name}, line {number}"
        name = row.get("file", "").strip()
        if not name:
            raise ManifestError(f"{where}: no file named")
        file_path = Path(name) if Path(name).is_absolute() else path.parent / name
        region, year, department, phase = (row.get(key) for key in ("region", "year", "department", "phase"))
        given = given_identity(region, year, department, phase, where, row.get("source"))
        entries.append(ManifestEntry(file_path, given, row.get("group", "").strip() or None))
    return entries
