"""Where the project's data folders live: ontology, shapes, queries, template signatures."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
CODELIST_DIR = ONTOLOGY_DIR / "codelists"
SHAPES_DIR = PROJECT_ROOT / "shapes"
QUERIES_DIR = PROJECT_ROOT / "queries"
EXTRACT_DIR = PROJECT_ROOT / "extract"
SAMPLES_DIR = PROJECT_ROOT / "samples"
