"""The findings of a run written for people (text), for programs (JSON) and as one SHACL
sh:ValidationReport in Turtle."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox

from budgetkg.validate.findings import ValidationResult
from budgetkg.validate.terms import BKG, BKGSH, SEVERITY_TERMS, SH


def findings_json(result: ValidationResult) -> str:
    """The findings as a JSON document."""
    payload = {
        "conforms": result.conforms,
        "count": len(result.findings),
        "findings": [asdict(finding) for finding in result.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def findings_text(result: ValidationResult) -> str:
    """The findings for people: one line each, grouped by document."""
    if not result.findings:
        return "No findings: every document conforms to the shapes.\n"
    lines: list[str] = []
    for finding in result.findings:
        where = [finding.document]
        if finding.page is not None:
            where.append(f"page {finding.page}")
        if finding.table is not None:
            where.append(f"table {finding.table}")
        if finding.row is not None:
            where.append(f"row {finding.row}")
        if finding.line is not None:
            where.append(f"line {finding.line}")
        if finding.rule_id.startswith("structure."):
            detail = f" ({finding.path.rsplit('#', 1)[-1]}" if finding.path else " ("
            detail += f"; found {finding.found})" if finding.found else ")"
            message = f"{finding.message_en} / {finding.message_zh}{detail}"
        else:
            message = f"{finding.message_en} / {finding.message_zh}"
        lines.append(f"[{finding.severity}] {', '.join(where)}: {message} [{finding.rule_id}]")
        if finding.printed:
            lines.append(f"    printed: {finding.printed}")
        if finding.evidence:
            lines.append(f"    computed from: {finding.evidence}")
        if finding.reading:
            lines.append(f"    may be a reading gap: {finding.reading}")
    counts = {severity: sum(f.severity == severity for f in result.findings) for severity in SEVERITY_TERMS}
    lines.append(
        f"{len(result.findings)} finding(s): {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info."
    )
    return "\n".join(lines) + "\n"


def report_turtle(result: ValidationResult, path: Path | None = None) -> str:
    """All SHACL validation reports merged into one Turtle document."""
    triples: list[ox.Triple] = []
    for report in result.reports:
        triples.extend(ox.parse(report.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH, "bkg": BKG, "bkgsh": BKGSH})
    text = data.decode("utf-8") if data else ""
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text
