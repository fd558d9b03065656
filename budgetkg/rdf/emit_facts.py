"""Quads for the facts beside the budget lines: projects, procurement, services, indicators,
staff figures, narrative statements, assets and extraction notes."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from budgetkg.paths import CODELIST_DIR
from budgetkg.rdf import iris
from budgetkg.rdf.namespaces import OBEU_MEASURE_AMOUNT, PROV, QB, RDFS, SKOS
from budgetkg.rdf.vocab import BKG

if TYPE_CHECKING:
    from budgetkg.rdf.emit import DocumentEmitter

_CATEGORY_SCHEME = iris.scheme("indicator-category")


@cache
def indicator_categories() -> dict[str, str]:
    """Printed category names (preferred and alternative labels) to concept IRIs."""
    labels: dict[str, str] = {}
    path = CODELIST_DIR / "core.ttl"
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    in_scheme = {
        quad.subject.value
        for quad in quads
        if quad.predicate.value == SKOS + "inScheme" and quad.object.value == _CATEGORY_SCHEME
    }
    for quad in quads:
        if quad.subject.value in in_scheme and quad.predicate.value in (
            SKOS + "prefLabel",
            SKOS + "altLabel",
        ):
            literal = quad.object
            if isinstance(literal, ox.Literal) and literal.language in (None, "zh"):
                labels.setdefault(literal.value, quad.subject.value)
    return labels


def emit_facts(emitter: DocumentEmitter) -> None:
    """Write every non-line fact of the emitter's extraction."""
    _projects(emitter)
    _procurement(emitter)
    _services(emitter)
    _indicators(emitter)
    _staff(emitter)
    _statements(emitter)
    _assets(emitter)
    _notes(emitter)
    _project_nodes(emitter)


def _projects(emitter: DocumentEmitter) -> None:
    for project in emitter.extraction.projects:
        emitter.projects.resolve(project.code, project.name, project.unit_code)


def _project_nodes(emitter: DocumentEmitter) -> None:
    out = emitter.shared
    for record in emitter.projects.by_iri.values():
        out.types(record.iri, BKG.Project, PROV + "Entity")
        out.text(record.iri, RDFS + "label", record.name)
        out.text(record.iri, BKG.projectCode, record.code)
        out.text(record.iri, BKG.unitCode, record.unit_code)
        out.iri(record.iri, BKG.organization, emitter.unit_iri(record.unit_code))
        out.iri(record.iri, BKG.fiscalYear, emitter.year_iri)


def _procurement(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for line in emitter.extraction.procurement:
        iri = iris.in_document(info.sha256, "procurement", line.order)
        out.types(iri, BKG.ProcurementLine, QB + "Observation")
        emitter.observation_common(iri, line.source.table_number or 0, line.source)
        out.decimal(iri, OBEU_MEASURE_AMOUNT, line.amount)
        out.iri(iri, BKG.disclosureStatus, iris.concept("disclosure-status", "disclosed"))
        out.integer(iri, BKG.orderIndex, line.order)
        out.text(iri, BKG.unitCode, line.unit_code)
        out.iri(iri, BKG.organization, emitter.unit_iri(line.unit_code))
        out.text(iri, BKG.procurementProjectName, line.project_name)
        if line.catalogue_code:
            out.text(iri, BKG.code, line.catalogue_code)
            out.iri(iri, BKG.catalogueItem, iris.concept("procurement-2022", line.catalogue_code))
        out.text(iri, BKG.itemName, line.item_name)
        if line.function_code:
            out.iri(
                iri,
                BKG.functionalClassification,
                emitter.classification_concept("function", line.function_code, None),
            )
        if line.economic_code:
            out.iri(
                iri,
                BKG.economicClassification,
                emitter.classification_concept("economic", line.economic_code, None),
            )
        out.decimal(iri, BKG.quantity, line.quantity)
        out.text(iri, BKG.quantityUnit, line.quantity_unit)
        out.decimal(iri, BKG.unitPrice, line.unit_price)
        out.decimal(iri, BKG.smeAmount, line.sme_amount)
        out.decimal(iri, BKG.microSmallAmount, line.micro_small_amount)
        out.text(iri, BKG.fundingText, line.funding_text)


def _services(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for line in emitter.extraction.services:
        iri = iris.in_document(info.sha256, "service", line.order)
        out.types(iri, BKG.ServicePurchaseLine, QB + "Observation")
        emitter.observation_common(iri, line.source.table_number or 0, line.source)
        out.decimal(iri, OBEU_MEASURE_AMOUNT, line.amount)
        out.iri(iri, BKG.disclosureStatus, iris.concept("disclosure-status", "disclosed"))
        out.integer(iri, BKG.orderIndex, line.order)
        out.text(iri, BKG.unitCode, line.unit_code)
        out.iri(iri, BKG.organization, emitter.unit_iri(line.unit_code))
        out.text(iri, BKG.procurementProjectName, line.project_name)
        out.text(iri, BKG.itemName, line.content)
        out.decimal(iri, BKG.quantity, line.quantity)
        if line.function_code:
            out.iri(
                iri,
                BKG.functionalClassification,
                emitter.classification_concept("function", line.function_code, None),
            )
        if line.economic_code:
            out.iri(
                iri,
                BKG.economicClassification,
                emitter.classification_concept("economic", line.economic_code, None),
            )
        out.text(iri, BKG.fundingText, "/".join(line.catalogue_path) or None)


def _indicators(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    categories = indicator_categories()
    publisher = emitter.org_iri(emitter.publisher)
    for indicator in emitter.extraction.indicators:
        iri = iris.in_document(info.sha256, "indicator", indicator.order)
        out.types(iri, BKG.PerformanceIndicator)
        out.iri(iri, PROV + "wasDerivedFrom", emitter.location(indicator.source))
        out.integer(iri, BKG.orderIndex, indicator.order)
        out.text(iri, BKG.level1Name, indicator.level1)
        out.text(iri, BKG.level2Name, indicator.level2)
        out.text(iri, BKG.level3Name, indicator.level3)
        for name in (indicator.level1, indicator.level2):
            if name and name in categories:
                out.iri(iri, BKG.indicatorCategory, categories[name])
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


def _organisation_named(emitter: DocumentEmitter, name: str) -> str:
    for org in emitter.extraction.organisations:
        if org.name == name or name in org.name or org.name in name:
            return emitter.org_iri(org)
    return iris.organisation(emitter.info.region_code, None, name)


def _staff(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for index, figure in enumerate(emitter.extraction.staff, start=1):
        iri = iris.in_document(info.sha256, "staff", index)
        out.types(iri, BKG.StaffFigure)
        out.iri(iri, BKG.staffCategory, iris.concept("staff-category", figure.category))
        out.integer(iri, BKG.headcount, figure.headcount)
        out.iri(iri, BKG.organization, _organisation_named(emitter, figure.organisation))
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


def _notes(emitter: DocumentEmitter) -> None:
    out, info = emitter.out, emitter.info
    for index, note in enumerate(emitter.extraction.notes, start=1):
        iri = iris.in_document(info.sha256, "note", index)
        out.types(iri, BKG.Finding)
        out.text(iri, BKG.ruleId, "extract.not-understood")
        out.text(iri, BKG.severity, "info")
        out.text(iri, BKG.message, note)
        out.iri(iri, BKG.findingDocument, emitter.document_iri)
