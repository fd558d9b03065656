"""The choices the command line offers (export and answer formats, validation engines, HTTP
authentication), kept apart from the modules that implement them so that parsing the command line
imports nothing heavy."""

from __future__ import annotations

EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld")
"""The linked-data formats of ``budgetkg export`` (see :data:`budgetkg.export.FORMATS`)."""

OUTPUT_FORMATS = ("table", "csv", "json", "parquet")
"""How ``budgetkg query`` writes an answer: the text formats of :data:`budgetkg.output.RENDERERS`, and
Parquet (:mod:`budgetkg.parquet`, a file given with ``-o``)."""

ENGINES = ("fast", "pyshacl")
"""The SHACL engines to choose from; ``pyrudof`` (rudof for every shape) is only measured by the
benchmark."""

DEFAULT_ENGINE = "fast"

AUTH_NAMES = ("basic", "digest")
"""The HTTP authentication schemes a SPARQL server may ask for."""
