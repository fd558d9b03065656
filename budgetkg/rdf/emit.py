"""Records of one document to quads in the document's own named graph.

Budget lines become RDF Data Cube observations (OpenBudgets.eu measure and dimensions);
departments and units are W3C ORG organisations; codes are SKOS concepts; every fact is
``prov:wasDerivedFrom`` a source location naming the document, table, row, line and page.
"""

from __future__ import annotations

import pyoxigraph as ox

from budgetkg.interpret.rows import code_level
from budgetkg.model import (
    BudgetLine,
    Extraction,
    Organisation,
    Source,
)
from budgetkg.rdf import iris
from budgetkg.rdf.builder import RDF_TYPE, QuadBuilder
from budgetkg.rdf.emit_facts import emit_facts
from budgetkg.rdf.linking import ProjectIndex
from budgetkg.rdf.mappings import national_matches
from budgetkg.rdf.namespaces import DCAT, DCTERMS, OBEU_CURRENCY, OBEU_MEASURE_AMOUNT, ORG, PROV, QB, SKOS
from budgetkg.rdf.question_rows import ComputedRows
from budgetkg.rdf.schemes import Scheme, kind_of, recognise
from budgetkg.rdf.vocab import BKG


class EmittedDocument:
    """Quads of a document's own graph, and quads describing nodes it shares with others.

    Between processes it travels as N-Quads (pickling the quads one by one costs far more than
    reading the document did), and the quads are parsed again only when asked for: the writer
    loads the N-Quads into the store as they are.  The region and budget year of the document
    travel with it, so that the writer needs no quad to know which summaries it changes.
    """

    def __init__(self, document: list[ox.Quad], shared: list[ox.Quad]) -> None:
        self._document: list[ox.Quad] | None = document
        self._shared: list[ox.Quad] | None = shared
        self._serialized: tuple[bytes, bytes] | None = None
        self._counts = (len(document), len(shared))
        self._region_years: frozenset[tuple[ox.NamedNode, ox.Literal]] | None = None
        self.question_rows: ComputedRows | None = None
        """The graph's content hash and its rows of the materialised questions, when the reader
        computed them."""

    @classmethod
    def from_nquads(
        cls,
        document: bytes,
        shared: bytes,
        counts: tuple[int, int],
        region_years: frozenset[tuple[ox.NamedNode, ox.Literal]],
        question_rows: ComputedRows | None = None,
    ) -> EmittedDocument:
        """The document as :meth:`nquads` wrote it."""
        emitted = cls.__new__(cls)
        emitted._document = emitted._shared = None
        emitted._serialized = (document, shared)
        emitted._counts = counts
        emitted._region_years = region_years
        emitted.question_rows = question_rows
        return emitted

    @property
    def document(self) -> list[ox.Quad]:
        if self._document is None:
            self._document = _parse_nquads(self.nquads()[0])
        return self._document

    @property
    def shared(self) -> list[ox.Quad]:
        if self._shared is None:
            self._shared = _parse_nquads(self.nquads()[1])
        return self._shared

    @property
    def counts(self) -> tuple[int, int]:
        """The number of quads of the document's graph and of its shared descriptions."""
        return self._counts

    def nquads(self) -> tuple[bytes, bytes]:
        """The document's quads and its shared quads, each as N-Quads."""
        if self._serialized is None:
            self._serialized = (_serialize_nquads(self.document), _serialize_nquads(self.shared))
        return self._serialized

    def add_to_document(self, quads: list[ox.Quad]) -> None:
        """Add ``quads`` to the document's graph (its N-Quads and counts follow): to the N-Quads
        as they are, without reading them again, when the document travelled as N-Quads."""
        if self._serialized is not None:
            document, shared = self._serialized
            self._serialized = (document + _serialize_nquads(quads), shared)
            if self._document is not None:
                self._document.extend(quads)
        else:
            self.document.extend(quads)
        self._counts = (self._counts[0] + len(quads), self._counts[1])

    def has_blank_nodes(self) -> bool:
        """Whether the document's graph holds blank nodes (their labels would not survive a load)."""
        if self._serialized is not None:  # "_:" elsewhere, in a literal, only costs the slower write
            return b"_:" in self._serialized[0]
        return any(
            isinstance(term, ox.BlankNode) for quad in self.document for term in (quad.subject, quad.object)
        )

    def region_years(self) -> frozenset[tuple[ox.NamedNode, ox.Literal]]:
        """The region and budget year of each document the graph describes."""
        if self._region_years is None:
            self._region_years = _region_years(self.document)
        return self._region_years

    def __reduce__(
        self,
    ) -> tuple[
        object,
        tuple[bytes, bytes, tuple[int, int], frozenset[tuple[ox.NamedNode, ox.Literal]], ComputedRows | None],
    ]:
        document, shared = self.nquads()
        return (
            EmittedDocument.from_nquads,
            (document, shared, self._counts, self.region_years(), self.question_rows),
        )


def _serialize_nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _parse_nquads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS)) if data else []


def _region_years(quads: list[ox.Quad]) -> frozenset[tuple[ox.NamedNode, ox.Literal]]:
    document_class = ox.NamedNode(BKG.BudgetDocument)
    documents = {
        quad.subject for quad in quads if quad.predicate == RDF_TYPE and quad.object == document_class
    }
    regions: dict[object, list[ox.NamedNode]] = {}
    years: dict[object, list[ox.Literal]] = {}
    region, budget_year = str(BKG.region), str(BKG.budgetYear)
    for quad in quads:
        if quad.subject not in documents:
            continue
        if quad.predicate.value == region and isinstance(quad.object, ox.NamedNode):
            regions.setdefault(quad.subject, []).append(quad.object)
        elif quad.predicate.value == budget_year and isinstance(quad.object, ox.Literal):
            years.setdefault(quad.subject, []).append(quad.object)
    return frozenset(
        (found, year)
        for document in documents
        for found in regions.get(document, [])
        for year in years.get(document, [])
    )


class DocumentEmitter:
    """Mints IRIs for one document and writes its quads."""

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        info = extraction.document
        self.info = info
        self.out = QuadBuilder(iris.document_graph(info.name))
        self.shared = QuadBuilder(iris.SHARED_GRAPH)
        self.document_iri = iris.document(info.sha256)
        self.year_iri = iris.year(info.fiscal_year)
        self.phase_iri = iris.concept("budget-phase", info.phase)
        self.organisations = {org.code: org for org in extraction.organisations if org.code}
        self.publisher = self._publisher()
        self.table_iris = {
            table.number: iris.in_document(info.sha256, "table", table.number) for table in extraction.tables
        }
        self.table_kinds = {table.number: table.kind for table in extraction.tables}
        self.projects = ProjectIndex(info.region_code, info.department_name)
        self._locations: set[str] = set()
        self._concepts: set[str] = set()
        self.schemes = recognise(self._printed_codes(), info.fiscal_year, info.region_code)
        self._table_schemes: set[tuple[int, str]] = set()

    def _printed_codes(self) -> list[tuple[str, str, str | None]]:
        """(classification, code, name) of every coded line and cited code of the document."""
        printed: list[tuple[str, str, str | None]] = [
            (line.classification, line.code, line.item_name)
            for line in self.extraction.lines
            if line.classification in ("function", "economic") and line.code
        ]
        cited = [
            *((line.function_code, line.economic_code) for line in self.extraction.procurement),
            *((line.function_code, line.economic_code) for line in self.extraction.services),
        ]
        for function_code, economic_code in cited:
            for kind, code in (("function", function_code), ("economic", economic_code)):
                if code:
                    printed.append((kind, code, None))
        return printed

    # -- identity -------------------------------------------------------------------------

    def _publisher(self) -> Organisation:
        for org in self.extraction.organisations:
            if org.name == self.info.department_name:
                return org
        return Organisation(
            name=self.info.department_name, code=self.info.department_code, level="department"
        )

    def org_iri(self, org: Organisation) -> str:
        """The IRI of an organisation of this document's region."""
        return iris.organisation(self.info.region_code, org.code, org.name)

    def unit_iri(self, unit_code: str | None) -> str:
        """The unit with this code, or the publisher when the code is unknown."""
        org = self.organisations.get(unit_code) if unit_code else None
        return self.org_iri(org or self.publisher)

    def location(self, source: Source) -> str:
        """The source-location node of a fact (created once per location)."""
        if source.table_number is not None:
            key = f"t{source.table_number}r{source.row}"
        elif source.page is not None:
            key = f"p{source.page}l{source.line}"  # lines are counted on each page
        else:
            key = f"l{source.line}"
        if source.group:
            key += f"g{source.group}"
        iri = iris.in_document(self.info.sha256, "loc", key)
        if iri not in self._locations:
            self._locations.add(iri)
            out = self.out
            out.types(iri, BKG.SourceLocation, PROV + "Entity")
            out.iri(iri, BKG.sourceDocument, self.document_iri)
            out.integer(iri, BKG.tableNumber, source.table_number)
            out.integer(iri, BKG.rowNumber, source.row)
            out.integer(iri, BKG.lineNumber, source.line)
            out.integer(iri, BKG.pageNumber, source.page)
            if source.group:
                out.integer(iri, BKG.columnGroup, source.group)
        return iri

    # -- document, organisations, tables ---------------------------------------------------

    def emit(self) -> EmittedDocument:
        """The quads of the document's graph and the descriptions it adds to the shared graph."""
        self._document()
        self._organisations()
        self._tables()
        self._register_projects()
        for line in self.extraction.lines:
            self._line(line)
        emit_facts(self)
        return EmittedDocument(self.out.quads, self.shared.quads)

    def _register_projects(self) -> None:
        """Projects of the project table first (by code, with their amounts), then form names."""
        amounts = {
            (line.project_code, line.project_name): line.amount
            for line in self.extraction.lines
            if line.project_name and line.fund == "all" and line.amount is not None
        }
        for project in self.extraction.projects:
            self.projects.resolve(
                project.code, project.name, project.unit_code, amounts.get((project.code, project.name))
            )

    def _document(self) -> None:
        info, out, doc = self.info, self.out, self.document_iri
        out.types(doc, BKG.BudgetDocument, DCAT + "Dataset", PROV + "Entity")
        out.text(doc, BKG.fileName, info.name)
        out.text(doc, BKG.sha256, info.sha256)
        out.text(doc, BKG.mediaType, info.media_type)
        out.text(doc, DCTERMS + "title", info.title, "zh")
        if info.source_url:
            out.iri(doc, DCAT + "landingPage", info.source_url)
        out.typed(doc, BKG.budgetYear, str(info.fiscal_year), "gYear")
        out.iri(doc, BKG.fiscalYear, self.year_iri)
        out.iri(doc, BKG.region, iris.region(info.region_code))
        out.iri(doc, BKG.publisher, self.org_iri(self.publisher))
        out.iri(doc, BKG.documentKind, iris.concept("document-kind", info.kind))
        out.iri(doc, BKG.budgetPhase, self.phase_iri)
        out.integer(doc, BKG.pageCount, info.page_count)
        for number, part in enumerate(info.parts, start=1):
            iri = f"{doc}/part/{number}"
            out.types(iri, PROV + "Entity")
            out.iri(doc, DCTERMS + "hasPart", iri)
            out.text(iri, BKG.fileName, part.name)
            out.text(iri, BKG.sha256, part.sha256)
            out.integer(iri, BKG.pageNumber, part.first_page)
            out.integer(iri, BKG.pageCount, part.page_count)

    def _organisations(self) -> None:
        out = self.shared
        orgs = list(self.extraction.organisations)
        if self.publisher not in orgs:
            orgs.insert(0, self.publisher)
        for org in orgs:
            iri = self.org_iri(org)
            if org.level == "unit":
                out.types(iri, BKG.BudgetUnit, ORG + "OrganizationalUnit")
            else:
                out.types(iri, BKG.Department, ORG + "FormalOrganization")
            out.text(iri, SKOS + "prefLabel", org.name, "zh")
            out.text(iri, ORG + "identifier", org.code)
            out.iri(iri, BKG.region, iris.region(self.info.region_code))
            parent = self.organisations.get(org.parent_code) if org.parent_code else None
            if parent is not None:
                out.iri(iri, ORG + "unitOf", self.org_iri(parent))
                out.iri(self.org_iri(parent), ORG + "hasUnit", iri)

    def _tables(self) -> None:
        out = self.out
        for table in self.extraction.tables:
            iri = self.table_iris[table.number]
            out.types(iri, BKG.BudgetTable, QB + "DataSet")
            out.iri(iri, QB + "structure", BKG.budgetLineStructure)
            out.iri(iri, BKG.tableKind, iris.concept("table-kind", table.kind))
            out.iri(iri, BKG.inDocument, self.document_iri)
            out.integer(iri, BKG.tableNumber, table.number)
            out.text(iri, BKG.tableTitle, table.title)
            out.text(iri, BKG.printedUnit, table.printed_unit)
            out.integer(iri, BKG.pageNumber, table.page)
            if table.declared_empty:
                out.boolean(iri, BKG.declaredEmpty, True)
                out.text(iri, BKG.emptyStatement, table.empty_statement)

    # -- observations ---------------------------------------------------------------------

    def _classification_scheme(self, scheme: Scheme) -> str:
        """The scheme of a classification in the document's year (and region), declared once."""
        iri = scheme.iri
        if iri not in self._concepts:
            self._concepts.add(iri)
            out = self.shared
            out.types(iri, SKOS + "ConceptScheme", BKG.ClassificationScheme)
            out.text(iri, SKOS + "prefLabel", scheme.label, "zh")
            out.typed(iri, BKG.schemeYear, str(scheme.year), "gYear")
            out.iri(iri, BKG.nationalScheme, iris.scheme(scheme.kind.reference))
            if scheme.region is not None:
                out.types(iri, BKG.LocalClassificationScheme)
                out.iri(iri, BKG.schemeRegion, iris.region(scheme.region))
        return iri

    def scheme_of(self, kind: str, code: str) -> Scheme:
        """The scheme this document prints a code of a classification in."""
        return self.schemes[kind_of(kind, code).key]

    def classification_concept(self, kind: str, code: str, name: str | None) -> str:
        """The concept of a printed code, declared in its scheme with its parents and its
        mapping to the national list."""
        scheme = self.scheme_of(kind, code)
        iri = scheme.concept(code)
        if iri in self._concepts:
            return iri
        self._concepts.add(iri)
        out = self.shared
        scheme_iri = self._classification_scheme(scheme)
        out.types(iri, SKOS + "Concept")
        out.iri(iri, SKOS + "inScheme", scheme_iri)
        out.text(iri, SKOS + "notation", code)
        out.text(iri, SKOS + "prefLabel", name, "zh")
        out.integer(iri, BKG.codeLevel, code_level(code))
        parent_length = {5: 3, 7: 5}.get(len(code))
        if parent_length:
            out.iri(iri, SKOS + "broader", scheme.concept(code[:parent_length]))
        else:
            out.iri(iri, SKOS + "topConceptOf", scheme_iri)
        for predicate, target in national_matches(scheme, code, name):
            out.iri(iri, SKOS + predicate, target)
        return iri

    def named_classification_concept(self, kind: str, names: tuple[str, ...], levelled: bool) -> str:
        """The concept of a class printed by name only: no notation; ``names`` run from its 类
        down to itself when the table shows its level (``levelled``), else hold its name alone."""
        scheme = self.schemes[kind]
        iri = iris.classification_by_name(scheme.family, scheme.year, names if levelled else ("", *names))
        if iri in self._concepts:
            return iri
        self._concepts.add(iri)
        scheme_iri = self._classification_scheme(scheme)
        out = self.shared
        out.types(iri, SKOS + "Concept")
        out.iri(iri, SKOS + "inScheme", scheme_iri)
        out.text(iri, SKOS + "prefLabel", names[-1], "zh")
        for predicate, target in national_matches(scheme, None, names[-1]):
            out.iri(iri, SKOS + predicate, target)
        if not levelled:
            return iri
        out.integer(iri, BKG.codeLevel, len(names))
        if len(names) > 1:
            out.iri(iri, SKOS + "broader", self.named_classification_concept(kind, names[:-1], True))
        else:
            out.iri(iri, SKOS + "topConceptOf", scheme_iri)
        return iri

    def _table_scheme(self, table: int, scheme: Scheme) -> None:
        """Says once which scheme a table prints its codes in."""
        if (table, scheme.iri) not in self._table_schemes:
            self._table_schemes.add((table, scheme.iri))
            scheme_iri = self._classification_scheme(scheme)
            self.out.iri(self.table_iris[table], BKG.classificationScheme, scheme_iri)

    def observation_common(self, iri: str, table: int, source: Source, phase: str | None = None) -> None:
        """Dimensions and attributes every observation of this document shares."""
        out = self.out
        out.iri(iri, QB + "dataSet", self.table_iris[table])
        out.iri(iri, BKG.fiscalYear, self.year_iri)
        if phase is None or phase == self.info.phase:
            out.iri(iri, BKG.budgetPhase, self.phase_iri)
        out.iri(iri, OBEU_CURRENCY, iris.CURRENCY_CNY)
        out.iri(iri, PROV + "wasDerivedFrom", self.location(source))

    def _line(self, line: BudgetLine) -> None:
        out = self.out
        iri = iris.in_document(self.info.sha256, "line", line.order)
        out.types(iri, BKG.BudgetLine, QB + "Observation")
        self.observation_common(iri, line.table, line.source, line.phase)
        out.decimal(iri, OBEU_MEASURE_AMOUNT, line.amount)
        out.text(iri, BKG.printedValue, line.printed_value)
        if line.source.bbox is not None:
            out.text(iri, BKG.bbox, " ".join(f"{value:.2f}" for value in line.source.bbox))
        out.text(
            iri,
            BKG.printedUnit,
            next(
                (table.printed_unit for table in self.extraction.tables if table.number == line.table), None
            ),
        )
        out.iri(iri, BKG.disclosureStatus, iris.concept("disclosure-status", line.status))
        out.text(iri, BKG.itemName, line.item_name)
        out.text(iri, BKG.code, line.code)
        out.boolean(iri, BKG.isTotal, line.is_total)
        if line.is_total:
            out.iri(self.table_iris[line.table], BKG.totalLine, iri)
        out.integer(iri, BKG.orderIndex, line.order)
        if line.phase is not None and line.phase != self.info.phase:
            out.iri(iri, BKG.budgetPhase, iris.concept("budget-phase", line.phase))
        out.iri(iri, BKG.operationCharacter, iris.concept("operation-character", line.operation))
        if line.fund:
            out.iri(iri, BKG.fundSource, iris.concept("fund-source", line.fund))
        if line.expenditure_type:
            out.iri(iri, BKG.expenditureType, iris.concept("expenditure-type", line.expenditure_type))
        if line.summary_item:
            out.iri(iri, BKG.summaryItem, iris.concept("summary-item", line.summary_item))
        out.iri(iri, BKG.organization, self.unit_iri(line.unit_code))
        if line.unit_code:
            out.text(iri, BKG.unitCode, line.unit_code)
            if self.table_kinds.get(line.table) == "general-by-unit":
                out.iri(iri, BKG.administrativeClassification, self.unit_iri(line.unit_code))
        if line.classification in ("function", "economic"):
            concept = (
                self.classification_concept(line.classification, line.code, line.item_name)
                if line.code
                else self.named_classification_concept(
                    line.classification, line.name_path or (line.item_name,), bool(line.name_path)
                )
            )
            predicate = (
                BKG.functionalClassification
                if line.classification == "function"
                else BKG.economicClassification
            )
            out.iri(iri, predicate, concept)
            if line.code:
                self._table_scheme(line.table, self.scheme_of(line.classification, line.code))
        if line.project_name:
            project = self.projects.resolve(line.project_code, line.project_name, line.unit_code, line.amount)
            out.iri(iri, BKG.project, project)
            if line.fund == "all" and line.expenditure_type == "project":
                out.iri(self.table_iris[line.table], BKG.projectLine, iri)


def emit_document(extraction: Extraction) -> EmittedDocument:
    """The quads of one document: its own named graph, and its part of the shared graph."""
    return DocumentEmitter(extraction).emit()
