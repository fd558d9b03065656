"""The demonstration run: build the bundled samples and write every kind of output."""

from __future__ import annotations

import shutil
from pathlib import Path

from budgetkg.build import build
from budgetkg.errors import BudgetKGError
from budgetkg.export import export
from budgetkg.flows.output import store_flow_graph, write_flows
from budgetkg.output import as_csv
from budgetkg.paths import SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
from budgetkg.store import EmbeddedStore
from budgetkg.validate import findings_json, findings_text, validate_store


def run_demo(out: Path, samples: Path = SAMPLES_DIR) -> int:
    """Build ``samples`` into ``out/kg`` and write answers, validation, exports and flows there."""
    if not any(samples.glob("*.txt")):
        raise BudgetKGError(f"no sample documents in {samples}")
    if (out / "kg").exists():
        shutil.rmtree(out / "kg")
    out.mkdir(parents=True, exist_ok=True)
    store = EmbeddedStore(out / "kg")
    report = build([samples], store)
    for error in report.failed:
        raise BudgetKGError(f"a bundled sample failed to build: {error}")
    print(f"built {len(report.built)} sample documents into {out / 'kg'} ({len(store)} statements)")

    result = validate_store(store)
    (out / "validation.txt").write_text(findings_text(result), encoding="utf-8")
    (out / "validation.json").write_text(findings_json(result) + "\n", encoding="utf-8")
    print(f"validation: {len(result.findings)} finding(s) -> {out / 'validation.txt'}")

    answers = out / "answers"
    answers.mkdir(exist_ok=True)
    for name, question in catalogue().items():
        columns, rows = run_rows(store, question)
        (answers / f"{name}.csv").write_text(as_csv(columns, rows), encoding="utf-8")
    print(f"answered {len(catalogue())} saved questions -> {answers}/")

    count = export(store, "trig", out / "budget.trig")
    print(f"exported {count} statements -> {out / 'budget.trig'}")

    graph = store_flow_graph(store)
    write_flows(graph, "html", out / "flows.html", title="一般公共预算资金流向（示例数据）")
    write_flows(graph, "graphml", out / "flows.graphml")
    print(f"funding flows ({graph.number_of_edges()} flows) -> {out / 'flows.html'}, {out / 'flows.graphml'}")
    store.flush()
    return 0
