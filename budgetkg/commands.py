"""What each verb of the ``budgetkg`` command does; loaded only when a verb runs, so that
``budgetkg --help`` answers without importing the libraries the verbs need."""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetkg.build import build
from budgetkg.bulk_load import IsqlClient, bulk_load
from budgetkg.errors import BudgetKGError
from budgetkg.export import export
from budgetkg.extraction_report import finding_line, reading_summary
from budgetkg.findings_store import record_findings
from budgetkg.flows import build_flow_graph, fetch
from budgetkg.flows_render import group_small_flows, render_sankey_html, write_graphml
from budgetkg.given import given_identity, read_manifest
from budgetkg.output import RENDERERS
from budgetkg.params import parse_assignments
from budgetkg.push import GraphStore, graph_param_for, graph_store_url, push
from budgetkg.questions import catalogue, get_question, run_answer
from budgetkg.remote import Endpoint, run_remote
from budgetkg.store import EmbeddedStore
from budgetkg.validate import (
    findings_json,
    findings_text,
    report_turtle,
    validate_store,
)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _open_store(path: Path, must_exist: bool = True) -> EmbeddedStore:
    """The store at ``path``: read-only for the verbs that only read (several may run at once)."""
    if must_exist and not path.exists():
        raise BudgetKGError(f"no store at {path}: run 'budgetkg build DOCUMENTS --store {path}' first")
    return EmbeddedStore(path, read_only=must_exist)


def command_build(args: argparse.Namespace) -> int:
    """Build documents into the store."""
    if not args.inputs and args.manifest is None:
        raise BudgetKGError("nothing to build: name document files or folders, or a --manifest")
    given = given_identity(args.region, args.year, args.department, args.phase, "the command line")
    manifest = read_manifest(args.manifest) if args.manifest is not None else None
    with _open_store(args.store, must_exist=False) as store:
        report = build(args.inputs, store, given=given, manifest=manifest)
        statements = len(store)
    for built in report.built:
        info = built.extraction.document
        print(
            f"built {info.name}: {info.department_name} {info.fiscal_year} ({info.region_code} "
            f"{info.region_name}), {built.triples} triples"
        )
        print(f"  {reading_summary(built.extraction)}")
        for finding in built.extraction.findings:
            print(f"  {finding_line(finding)}")
    for error in report.failed:
        print(f"failed {error}", file=sys.stderr)
    print(
        f"{len(report.built)} document(s) built, {len(report.failed)} failed; store {args.store} "
        f"holds {statements} statements"
    )
    return 1 if report.failed else 0


def command_queries(args: argparse.Namespace) -> int:
    """List the saved questions."""
    for name, question in catalogue().items():
        print(f"{name}\n    {question.title}\n    {question.description}")
        for parameter in question.parameters:
            default = f", default {parameter.default}" if parameter.default else ""
            print(f"    --param {parameter.name}=… ({parameter.type}{default}): {parameter.description}")
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """--password, or the BUDGETKG_PASSWORD environment variable (kept out of the process list)."""
    if args.user is None:
        return None
    password: str | None = args.password or os.environ.get("BUDGETKG_PASSWORD")
    return password


def _endpoint(args: argparse.Namespace, union_default_graph: bool = False) -> Endpoint:
    return Endpoint(
        args.endpoint,
        user=args.user,
        password=_password(args),
        auth=args.auth,
        timeout=args.timeout,
        union_default_graph=union_default_graph,
    )


def command_query(args: argparse.Namespace) -> int:
    """Answer a saved question, on the store or on a remote SPARQL endpoint."""
    if args.union_default_graph and not args.endpoint:
        raise BudgetKGError(
            "--union-default-graph describes a SPARQL server's default graph: give it with --endpoint URL "
            "(the embedded store always answers over the union of its graphs)"
        )
    question = get_question(args.name)
    params = parse_assignments(args.param)
    if args.endpoint:
        answer = run_remote(_endpoint(args, args.union_default_graph), question, params)
    else:
        with _open_store(args.store) as store:
            answer = run_answer(store, question, params)
    _write(RENDERERS[args.format](answer.columns, answer.text_rows()), args.output)
    return 0


def command_push(args: argparse.Namespace) -> int:
    """Copy every graph of the store to a SPARQL server with the Graph Store Protocol (PUT), or to
    Virtuoso with its bulk loader (``--bulk-load DIR``)."""
    endpoint = _endpoint(args)
    if args.bulk_load is not None:
        return _bulk_load(args, endpoint)
    url = args.graph_store or graph_store_url(args.endpoint, args.user is not None)
    target = GraphStore(
        url,
        user=args.user,
        password=_password(args),
        auth=args.auth,
        timeout=args.timeout,
        graph_param=args.graph_param or graph_param_for(url),
    )
    with _open_store(args.store) as store:
        report = push(store, target, endpoint, prune=args.prune)
    print(f"pushed {len(report.graphs)} graphs ({report.triples} statements) to {target.url}")
    for graph in report.deleted:
        print(f"deleted {graph} (no longer in {args.store})")
    return 0


def _bulk_load(args: argparse.Namespace, endpoint: Endpoint) -> int:
    if args.graph_store or args.graph_param:
        raise BudgetKGError(
            "--bulk-load loads through Virtuoso's SQL port: --graph-store and --graph-param do not apply"
        )
    client = IsqlClient(
        address=args.isql_address,
        user=args.isql_user,
        password=args.isql_password or os.environ.get("BUDGETKG_ISQL_PASSWORD", ""),
        program=args.isql,
        timeout=max(args.timeout, 3600.0),
    )
    with _open_store(args.store) as store:
        report = bulk_load(store, args.bulk_load, client, endpoint, prune=args.prune, progress=print)
    print(f"loaded {len(report.graphs)} graphs ({report.triples} statements) with Virtuoso's bulk loader")
    for graph in report.deleted:
        print(f"cleared {graph} (no longer in {args.store})")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Serve the store over HTTP: SPARQL protocol, saved questions and dereferenceable IRIs."""
    from budgetkg.serve import ServeOptions, serve

    options = ServeOptions(
        port=args.port,
        update_token=args.update_token or os.environ.get("BUDGETKG_UPDATE_TOKEN"),
        timeout=args.timeout,
        max_rows=args.max_rows,
    )
    if options.update_token is None and not args.store.exists():
        raise BudgetKGError(
            f"no store at {args.store}: run 'budgetkg build DOCUMENTS --store {args.store}' first"
        )
    serve(args.store, options)
    return 0


def command_validate(args: argparse.Namespace) -> int:
    """Validate every document graph; exit 0 conforms, 1 errors or warnings found, 2 error.

    With ``--record`` (the default) the store is opened for writing and the findings replace each
    validated document's findings graph; ``--no-record`` only reads it.
    """
    if args.workers is not None and args.workers < 1:
        raise BudgetKGError("--workers must be at least 1")
    if args.record:
        if not args.store.exists():
            raise BudgetKGError(
                f"no store at {args.store}: run 'budgetkg build DOCUMENTS --store {args.store}' first"
            )
        with EmbeddedStore(args.store) as store:
            result = validate_store(store, engine=args.engine, workers=args.workers)
            record_findings(store, result)
    else:
        with _open_store(args.store) as store:
            result = validate_store(store, engine=args.engine, workers=args.workers)
    if args.format == "json":
        _write(findings_json(result) + "\n", args.output)
    elif args.format == "turtle":
        _write(report_turtle(result), args.output)
    else:
        _write(findings_text(result), args.output)
    return 1 if any(finding.severity in ("error", "warning") for finding in result.findings) else 0


def command_export(args: argparse.Namespace) -> int:
    """Export the store as linked data."""
    with _open_store(args.store) as store:
        count = export(store, args.format, args.output, documents_only=args.documents_only)
    print(f"wrote {count} statements to {args.output}")
    return 0


def command_flows(args: argparse.Namespace) -> int:
    """Write the funding-flow picture (HTML) and graph (GraphML)."""
    with _open_store(args.store) as store:
        graph = build_flow_graph(fetch(store))
    if graph.number_of_edges() == 0:
        raise BudgetKGError("no general public budget table by function in the store: nothing to draw")
    try:
        share = Decimal(args.min_share)
    except InvalidOperation as error:
        raise BudgetKGError(f"--min-share must be a decimal number, not {args.min_share!r}") from error
    shown = group_small_flows(graph, share) if share > 0 else graph
    _write(render_sankey_html(shown, "一般公共预算资金流向"), args.output)
    graphml = args.graphml or args.output.with_suffix(".graphml")
    write_graphml(graph, graphml)
    print(
        f"wrote {args.output} and {graphml} "
        f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} flows)"
    )
    return 0


def command_demo(args: argparse.Namespace) -> int:
    """Build the bundled samples and produce every output, saying where each one is."""
    from budgetkg.demo import run_demo

    return run_demo(args.out)
