"""The ``budgetkg`` command: it only parses arguments and wires the modules together."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetkg.build import build
from budgetkg.connection import AUTH_NAMES
from budgetkg.errors import BudgetKGError
from budgetkg.export import FORMATS, export
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
    DEFAULT_ENGINE,
    ENGINES,
    findings_json,
    findings_text,
    report_turtle,
    validate_store,
)

DEFAULT_STORE = Path("kg")


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
    """Copy every graph of the store to a SPARQL server with the Graph Store Protocol (PUT)."""
    endpoint = _endpoint(args)
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


def _remote_options(verb: argparse.ArgumentParser, endpoint: str, required: bool, timeout: float) -> None:
    """The options of a verb that talks to a SPARQL server: where it is and how to reach it."""
    verb.add_argument("--endpoint", metavar="URL", required=required, help=endpoint)
    verb.add_argument("--user", help="user name for the endpoint")
    verb.add_argument("--password", help="password (or set BUDGETKG_PASSWORD)")
    verb.add_argument("--auth", choices=AUTH_NAMES, default="basic", help="HTTP authentication")
    verb.add_argument(
        "--timeout", type=float, default=timeout, metavar="S", help=f"seconds (default {timeout:g})"
    )


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command."""
    main = argparse.ArgumentParser(
        prog="budgetkg",
        description="Turn Chinese budget disclosures into a validated, queryable knowledge graph.",
    )
    verbs = main.add_subparsers(dest="verb", required=True)

    build_verb = verbs.add_parser("build", help="read documents into the store")
    build_verb.add_argument("inputs", nargs="*", type=Path, help="document files or folders")
    build_verb.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: kg)")
    build_verb.add_argument(
        "--manifest",
        type=Path,
        help="CSV naming files with what is known of them: file, region, department, year, phase, group "
        "(files of one group make one document); its values win over the options below",
    )
    build_verb.add_argument(
        "--region", help="the publishing government's six-digit 行政区划代码 (100000: 中央)"
    )
    build_verb.add_argument("--year", help="the budget year (for final accounts, the year accounted for)")
    build_verb.add_argument("--department", help="the publishing department or unit")
    build_verb.add_argument("--phase", help="approved (预算) or executed (决算)")
    build_verb.set_defaults(run=command_build)

    queries_verb = verbs.add_parser("queries", help="list the saved questions")
    queries_verb.set_defaults(run=command_queries)

    query_verb = verbs.add_parser("query", help="answer a saved question")
    query_verb.add_argument("name", help="name of the saved question (see 'budgetkg queries')")
    query_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    query_verb.add_argument("--format", choices=sorted(RENDERERS), default="table")
    query_verb.add_argument("-o", "--output", type=Path, help="write to a file instead of the terminal")
    query_verb.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter of the question, e.g. region=420103 (repeat for several; see 'budgetkg queries')",
    )
    _remote_options(
        query_verb, "ask a SPARQL 1.1 endpoint instead of the store", required=False, timeout=60.0
    )
    query_verb.add_argument(
        "--union-default-graph",
        action="store_true",
        help="with --endpoint: the server's default graph is the union of its graphs (e.g. Oxigraph "
        "server started with --union-default-graph), so no dataset is sent; not for Virtuoso",
    )
    query_verb.set_defaults(run=command_query)

    validate_verb = verbs.add_parser("validate", help="check every document graph against the shapes")
    validate_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    validate_verb.add_argument("--format", choices=["text", "json", "turtle"], default="text")
    validate_verb.add_argument("-o", "--output", type=Path)
    validate_verb.add_argument(
        "--record",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="store the findings in the graph, one findings graph per document (default: on)",
    )
    validate_verb.add_argument(
        "--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"SHACL engine (default: {DEFAULT_ENGINE})"
    )
    validate_verb.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    validate_verb.set_defaults(run=command_validate)

    export_verb = verbs.add_parser("export", help="write the graph as linked data")
    export_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    export_verb.add_argument("--format", choices=sorted(FORMATS), default="trig")
    export_verb.add_argument("-o", "--output", type=Path, required=True)
    export_verb.add_argument(
        "--documents-only",
        action="store_true",
        help="leave out the ontology, the code lists and the region summaries",
    )
    export_verb.set_defaults(run=command_export)

    flows_verb = verbs.add_parser("flows", help="draw the funding flows (HTML Sankey and GraphML)")
    flows_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    flows_verb.add_argument("-o", "--output", type=Path, default=Path("flows.html"))
    flows_verb.add_argument("--graphml", type=Path, help="GraphML file (default: next to the HTML)")
    flows_verb.add_argument(
        "--min-share",
        default="0.01",
        help="group flows below this share of their source into 其他 (0 keeps all)",
    )
    flows_verb.set_defaults(run=command_flows)

    demo_verb = verbs.add_parser("demo", help="build the bundled samples and write every output")
    demo_verb.add_argument("--out", type=Path, default=Path("demo-output"))
    demo_verb.set_defaults(run=command_demo)

    push_verb = verbs.add_parser("push", help="copy the store to a SPARQL server (Graph Store Protocol, PUT)")
    push_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    _remote_options(push_verb, "the server's SPARQL query endpoint", required=True, timeout=300.0)
    push_verb.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol endpoint (default: guessed for Oxigraph server and Virtuoso)",
    )
    push_verb.add_argument(
        "--graph-param",
        help="name of the graph parameter of the Graph Store (default: graph-uri for Virtuoso, else graph)",
    )
    push_verb.add_argument(
        "--prune", action="store_true", help="delete document graphs the server holds but the store does not"
    )
    push_verb.set_defaults(run=command_push)

    serve_verb = verbs.add_parser(
        "serve", help="serve the store over HTTP on 127.0.0.1 (SPARQL, questions, IRIs)"
    )
    serve_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    serve_verb.add_argument("--port", type=int, default=8000)
    serve_verb.add_argument(
        "--update-token",
        metavar="TOKEN",
        help="allow SPARQL updates sent with 'Authorization: Bearer TOKEN' (or set BUDGETKG_UPDATE_TOKEN)",
    )
    serve_verb.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="query time limit (default 30)"
    )
    serve_verb.add_argument(
        "--max-rows", type=int, default=100000, metavar="N", help="result size limit in rows (default 100000)"
    )
    serve_verb.set_defaults(run=command_serve)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetkg`` command."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BudgetKGError as error:
        print(f"budgetkg: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
