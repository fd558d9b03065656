"""Quads for the facts beside the budget lines: projects, procurement, services, indicators,
staff figures, narrative statements, assets and extraction findings."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from budgetkg.model import ProcurementLine, ServicePurchaseLine, Source
from budgetkg.paths import CODELIST_DIR
from budgetkg.rdf import iris
from budgetkg.rdf.namespaces import OBEU_MEASURE_AMOUNT, ORG, PROV, QB, RDFS, SKOS
from budgetkg.rdf.vocab import BKG

if TYPE_CHECKING:
    from budgetkg.rdf.emit import DocumentEmitter

_CATEGORY_SCHEME = iris.scheme("indicator-category")


@cache
def indicator_categories() -> tuple[dict[str, str], dict[str, str]]:
    """Printed category names (preferred and alternative labels) to concept IRIs: level 1, level 2.

    A level-1 concept is a top concept of the scheme; a level-2 concept has a broader one.
    """
    path = CODELIST_DIR / "core.ttl"
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    in_scheme = {
        quad.subject.value
        for quad in quads
        if quad.predicate.value == SKOS + "inScheme" and quad.object.value == _CATEGORY_SCHEME
    }
    has_broader = {quad.subject.value for quad in quads if quad.predicate.value == SKOS + "broader"}
    level1: dict[str, str] = {}
    level2: dict[str, str] = {}
    for quad in quads:
        if quad.subject.value in in_scheme and quad.predicate.value in (
            SKOS + "prefLabel",
            SKOS + "altLabel",
        ):
            literal = quad.object
            if isinstance(literal, ox.Literal) and literal.language in (None, "zh"):
                target = level2 if quad.subject.value in has_broader else level1
                target.setdefault(literal.value, quad.subject.value)
    return level1, level2


def emit_facts(emitter: DocumentEmitter) -> None:
    """Write every non-line fact of the emitter's extraction."""
    _procurement(emitter)
    _services(emitter)
    _indicators(emitter)
    _staff(emitter)
    _statements(emitter)
    _assets(emitter)
    _findings(emitter)
    _project_nodes(emitter)


def _project_nodes(emitter: DocumentEmitter) -> None:
    out = emitter.shared
    for record in emitter.projects.by_iri.values():
        out.types(record.iri, BKG.Project, PROV + "Entity")
        out.text(record.iri, RDFS + "label", record.name)
        out.text(record.iri, BKG.projectCode, record.code)
        out.text(record.iri, BKG.unitCode, record.unit_code)
        out.iri(record.iri, BKG.organization, emitter.unit_iri(record.unit_code))
        out.iri(record.iri, BKG.fiscalYear, emitter.year_iri)


def _purchase_line(
    emitter: DocumentEmitter,
    iri: str,
    cls: str,
    line: ProcurementLine | ServicePurchaseLine,
    item_name: str,
) -> None:
    """What procurement and purchase-of-services lines share: an observation of an amount for a
    unit's project, with its functional and economic codes."""
    out = emitter.out
    out.types(iri, cls, QB + "Observation")
    emitter.observation_common(iri, line.source.table_number or 0, line.source)
    out.decimal(iri, OBEU_MEASURE_AMOUNT, line.amount)
    out.iri(iri, BKG.disclosureStatus, iris.concept("disclosure-status", "disclosed"))
    out.integer(iri, BKG.orderIndex, line.order)
    out.text(iri, BKG.unitCode, line.unit_code)
    out.iri(iri, BKG.organization, emitter.unit_iri(line.unit_code))
    out.text(iri, BKG.procurementProjectName, line.project_name)
    out.text(iri, BKG.itemName, item_name)
    out.decimal(iri, BKG.quantity, line.quantity)
    for kind, code, predicate in (
        ("function", line.function_code, BKG.functionalClassification),
        ("economic", line.economic_code, BKG.economicClassification),
    ):
        if code:
            out.iri(iri, predicate, emitter.classification_concept(kind, code, None))


def _procurement(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for line in emitter.extraction.procurement:
        iri = iris.in_document(info.sha256, "procurement", line.order)
        _purchase_line(emitter, iri, BKG.ProcurementLine, line, line.item_name)
        if line.catalogue_code:
            out.text(iri, BKG.code, line.catalogue_code)
            out.iri(iri, BKG.catalogueItem, iris.concept("procurement-2022", line.catalogue_code))
        out.text(iri, BKG.quantityUnit, line.quantity_unit)
        out.decimal(iri, BKG.unitPrice, line.unit_price)
        out.decimal(iri, BKG.smeAmount, line.sme_amount)
        out.decimal(iri, BKG.microSmallAmount, line.micro_small_amount)
        out.text(iri, BKG.fundingText, line.funding_text)


def _services(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for line in emitter.extraction.services:
        iri = iris.in_document(info.sha256, "service", line.order)
        _purchase_line(emitter, iri, BKG.ServicePurchaseLine, line, line.content)
        out.text(iri, BKG.fundingText, "/".join(line.catalogue_path) or None)


def _indicators(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    level1_categories, level2_categories = indicator_categories()
    publisher = emitter.org_iri(emitter.publisher)
    for indicator in emitter.extraction.indicators:
        iri = iris.in_document(info.sha256, "indicator", indicator.order)
        out.types(iri, BKG.PerformanceIndicator)
        out.iri(iri, PROV + "wasDerivedFrom", emitter.location(indicator.source))
        out.integer(iri, BKG.orderIndex, indicator.order)
        out.text(iri, BKG.level1Name, indicator.level1)
        out.text(iri, BKG.level2Name, indicator.level2)
        out.text(iri, BKG.level3Name, indicator.level3)
        out.iri(iri, BKG.indicatorCategory, level1_categories.get(indicator.level1))
        if indicator.level2:
            out.iri(iri, BKG.indicatorCategory, level2_categories.get(indicator.level2))
        out.text(iri, BKG.goalName, indicator.goal)
        out.text(iri, BKG.horizon, indicator.horizon)
        out.decimal(iri, BKG.weight, indicator.weight)
        out.iri(iri, BKG.fiscalYear, emitter.year_iri)
        if indicator.scope == "project" and indicator.project_name:
            out.iri(iri, BKG.forProject, emitter.projects.resolve(None, indicator.project_name))
            out.text(iri, BKG.itemName, indicator.project_name)
        else:
            out.iri(iri, BKG.forOrganization, publisher)
        for target in indicator.targets:
            target_iri = f"{iri}/{target.year_role}"
            out.types(target_iri, BKG.IndicatorTarget)
            out.iri(iri, BKG.hasTarget, target_iri)
            out.iri(target_iri, BKG.yearRole, iris.concept("year-role", target.year_role))
            out.iri(target_iri, PROV + "wasDerivedFrom", emitter.location(indicator.source))
            out.text(target_iri, BKG.targetText, target.target.text)
            out.text(target_iri, BKG.comparator, target.target.comparator)
            out.decimal(target_iri, BKG.targetValue, target.target.value)
            out.decimal(target_iri, BKG.targetUpperValue, target.target.upper)
            out.text(target_iri, BKG.targetUnit, target.target.unit)


def _organisation_named(emitter: DocumentEmitter, name: str, first: bool) -> str:
    """The organisation a staff figure speaks of.

    A known department or unit of the document when the names agree; the publisher when it is
    the first organisation the staff section names (documents often use a short name there);
    otherwise a sub-organisation of the publisher, described in the shared graph.
    """
    for org in emitter.extraction.organisations:
        if org.name == name or name in org.name or org.name in name:
            return emitter.org_iri(org)
    publisher = emitter.org_iri(emitter.publisher)
    if first:
        return publisher
    iri = iris.organisation(emitter.info.region_code, None, name)
    emitter.shared.types(iri, ORG + "Organization")
    emitter.shared.text(iri, SKOS + "prefLabel", name, "zh")
    emitter.shared.iri(iri, ORG + "subOrganizationOf", publisher)
    emitter.shared.iri(iri, BKG.region, iris.region(emitter.info.region_code))
    return iri


def _staff(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    first_name = emitter.extraction.staff[0].organisation if emitter.extraction.staff else None
    for index, figure in enumerate(emitter.extraction.staff, start=1):
        iri = iris.in_document(info.sha256, "staff", index)
        out.types(iri, BKG.StaffFigure)
        out.iri(iri, BKG.staffCategory, iris.concept("staff-category", figure.category))
        out.integer(iri, BKG.headcount, figure.headcount)
        out.iri(
            iri,
            BKG.organization,
            _organisation_named(emitter, figure.organisation, figure.organisation == first_name),
        )
        out.text(iri, BKG.itemName, figure.organisation)
        out.iri(iri, PROV + "wasDerivedFrom", emitter.location(figure.source))


def _statements(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for index, statement in enumerate(emitter.extraction.statements, start=1):
        iri = iris.in_document(info.sha256, "statement", index)
        out.types(iri, BKG.NarrativeStatement)
        out.iri(iri, BKG.statementTopic, iris.concept("statement-topic", statement.topic))
        out.decimal(iri, OBEU_MEASURE_AMOUNT, statement.amount)
        out.decimal(iri, BKG.quantity, statement.quantity)
        out.text(iri, BKG.quantityUnit, statement.quantity_unit)
        out.decimal(iri, BKG.changeAmount, statement.change_amount)
        out.decimal(iri, BKG.changePercent, statement.change_percent)
        out.decimal(iri, BKG.changeBase, statement.change_base)
        out.decimal(iri, BKG.sharePercent, statement.share_percent)
        out.decimal(iri, BKG.shareWhole, statement.share_whole)
        if statement.share_whole_topic is not None:
            out.iri(iri, BKG.shareWholeTopic, iris.concept("statement-topic", statement.share_whole_topic))
        out.text(iri, BKG.statementText, statement.text)
        out.iri(iri, BKG.organization, emitter.org_iri(emitter.publisher))
        out.iri(iri, PROV + "wasDerivedFrom", emitter.location(statement.source))


def _assets(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for index, holding in enumerate(emitter.extraction.assets, start=1):
        iri = iris.in_document(info.sha256, "asset", index)
        out.types(iri, BKG.AssetHolding)
        out.text(iri, BKG.itemName, holding.item)
        out.decimal(iri, BKG.quantity, holding.quantity)
        out.decimal(iri, OBEU_MEASURE_AMOUNT, holding.value)
        out.iri(iri, BKG.organization, emitter.org_iri(emitter.publisher))
        out.iri(iri, PROV + "wasDerivedFrom", emitter.location(holding.source))


def _findings(emitter: DocumentEmitter) -> None:
    """Each extraction finding, with its rule, reason, printed text and source location; the
    table it concerns where it has one."""
    out, info = emitter.out, emitter.info
    for index, finding in enumerate(emitter.extraction.findings, start=1):
        iri = iris.in_document(info.sha256, "finding", index)
        out.types(iri, BKG.ExtractionFinding)
        out.text(iri, BKG.ruleId, finding.rule)
        out.text(iri, BKG.severity, finding.severity)
        out.text(iri, BKG.message, finding.reason_zh, "zh")
        out.text(iri, BKG.message, finding.reason_en, "en")
        out.text(iri, BKG.foundValue, finding.printed)
        out.iri(iri, BKG.findingDocument, emitter.document_iri)
        out.iri(iri, BKG.concerns, _table_of(emitter, finding.source))
        out.iri(iri, PROV + "wasDerivedFrom", _finding_origin(emitter, finding.source))


def _table_of(emitter: DocumentEmitter, source: Source) -> str | None:
    return emitter.table_iris.get(source.table_number) if source.table_number is not None else None


def _finding_origin(emitter: DocumentEmitter, source: Source) -> str:
    """Where a finding was read: its row or line, else its table (numbered, with its page), else
    the document."""
    if source.row is not None or source.line is not None:
        return emitter.location(source)
    return _table_of(emitter, source) or emitter.document_iri
