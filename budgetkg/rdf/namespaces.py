"""IRIs of the standard vocabularies the graph reuses (plain strings for quad building)."""

from __future__ import annotations

QB = "http://purl.org/linked-data/cube#"
OBEU_MEASURE_AMOUNT = "http://data.openbudgets.eu/ontology/dsd/measure/amount"
OBEU_CURRENCY = "http://data.openbudgets.eu/ontology/dsd/attribute/currency"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
