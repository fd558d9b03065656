"""Where the project's data folders live: ontology, shapes, queries, template signatures, samples.

In a checkout (and an editable install) they are the top-level folders of the repository, next to
the package. An installed wheel carries them inside the package as ``budgetkg/_data/<folder>``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def data_root(package_dir: Path = PACKAGE_DIR) -> Path:
    """The folder holding ontology/, shapes/, queries/, extract/ and samples/ for this package."""
    installed = package_dir / "_data"
    if installed.is_dir():
        return installed
    checkout = package_dir.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        f"budgetkg data folders not found: neither {installed} (installed package) "
        f"nor {checkout / 'ontology'} (checkout) exists"
    )


DATA_ROOT = data_root()
ONTOLOGY_DIR = DATA_ROOT / "ontology"
CODELIST_DIR = ONTOLOGY_DIR / "codelists"
SHAPES_DIR = DATA_ROOT / "shapes"
QUERIES_DIR = DATA_ROOT / "queries"
EXTRACT_DIR = DATA_ROOT / "extract"
SAMPLES_DIR = DATA_ROOT / "samples"
