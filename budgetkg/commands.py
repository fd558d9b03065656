"""What each verb of the ``budgetkg`` command does; loaded only when a verb runs, so that
``budgetkg --help`` answers without importing the libraries the verbs need."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from budgetkg.errors import BudgetKGError
from budgetkg.given import given_identity, read_manifest
from budgetkg.listings import ask, check_page, text_rows
from budgetkg.output import RENDERERS, STREAMED
from budgetkg.params import Term, parse_assignments
from budgetkg.progress import Progress
from budgetkg.questions import Answer, catalogue, get_question
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore

if TYPE_CHECKING:
    from budgetkg.build import Limits
    from budgetkg.remote import Endpoint


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


def _progress(label: str, args: argparse.Namespace) -> Progress:
    """A progress bar on standard error when it is a terminal, unless ``--quiet``."""
    return Progress(label, 0, enabled=False if args.quiet else None)


def _build_limits(args: argparse.Namespace) -> Limits:
    from budgetkg.build import Limits

    if args.workers is not None and args.workers < 0:
        raise BudgetKGError("--workers must be 0 (read in this process) or more")
    if args.time_limit <= 0:
        raise BudgetKGError("--time-limit must be a positive number of seconds")
    return Limits(seconds=args.time_limit, memory=_bytes(args.memory_limit))


def _bytes(text: str) -> int:
    """A memory size such as ``2G``, ``512M`` or a number of bytes."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = units.get(value[-1:], 1)
    number = value[:-1] if value[-1:] in units else value
    try:
        size = int(Decimal(number) * factor)
    except InvalidOperation as error:
        raise BudgetKGError(f"--memory-limit must be a size such as 2G or 512M, not {text!r}") from error
    if size < 64 * 1024**2:
        raise BudgetKGError(f"--memory-limit {text} is too small to start a reader (at least 64M)")
    return size


def command_build(args: argparse.Namespace) -> int:
    """Build documents into the store; exit 1 when some documents failed (they are listed)."""
    from budgetkg.build import BuiltDocument, build, no_documents, survey
    from budgetkg.extraction_report import finding_line, reading_summary

    if not args.inputs and args.manifest is None:
        raise BudgetKGError("nothing to build: name document files or folders, or a --manifest")
    if args.shared_folder is not None and args.scheduler is None:
        raise BudgetKGError("--shared-folder is where a build on a cluster writes: name the --scheduler")
    given = given_identity(
        args.region, args.year, args.department, args.phase, "the command line", args.source
    )
    manifest = read_manifest(args.manifest) if args.manifest is not None else None
    limits = _build_limits(args)
    found = survey(args.inputs)
    skipped = found.unsupported
    if skipped:
        names = ", ".join(path.name for path in skipped[:10]) + (", …" if len(skipped) > 10 else "")
        print(f"budgetkg: skipped {len(skipped)} file(s) budgetkg does not read: {names}", file=sys.stderr)
    irregular = found.irregular
    if irregular:
        names = "; ".join(f"{path.name} ({kind})" for path, kind in irregular[:10])
        more = ", …" if len(irregular) > 10 else ""
        print(
            f"budgetkg: skipped {len(irregular)} file(s) that are not regular files: {names}{more}",
            file=sys.stderr,
        )
    if not found.documents and not manifest:
        raise no_documents(args.inputs)  # before the store is made
    progress = _progress("build", args)

    written = [0]

    def show(built: BuiltDocument) -> None:
        written[0] += built.triples
        if args.quiet:
            return
        progress.clear()
        info = built.extraction.document
        print(
            f"built {info.name}: {info.department_name} {info.fiscal_year} ({info.region_code} "
            f"{info.region_name}), {built.triples} triples"
        )
        print(f"  {reading_summary(built.extraction)}")
        for finding in built.extraction.findings:
            print(f"  {finding_line(finding)}")
        sys.stdout.flush()

    with _open_store(args.store, must_exist=False) as store:
        workers = args.workers if args.workers is not None else os.cpu_count() or 1
        report = build(
            args.inputs,
            store,
            workers,
            given,
            manifest,
            limits=limits,
            progress=progress,
            on_built=show,
            keep=False,
            scheduler=args.scheduler,
            shared_folder=args.shared_folder,
            force=args.force,
            prune=args.prune,
        )
    for error in report.failed:
        print(f"failed {error}", file=sys.stderr)
        if args.debug and error.document in report.tracebacks:
            print(report.tracebacks[error.document], file=sys.stderr)
    _print_removed(report.removed, report.pruned)
    print(
        f"{report.built_count} document(s) built, {len(report.failed)} failed, "
        f"{len(report.unchanged)} unchanged (not read again); {written[0]} statements written to "
        f"{args.store}"
    )
    if report.failed:
        names = ", ".join(error.document for error in report.failed)
        print(f"budgetkg: {len(report.failed)} document(s) failed: {names}", file=sys.stderr)
    return 1 if report.failed else 0


def _print_removed(graphs: list[str], pruned: bool) -> None:
    """Name the documents the store holds whose files were not among the inputs."""
    if not graphs:
        return
    names = [iris.document_file_name(graph) for graph in graphs]
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    if pruned:
        print(f"removed {len(names)} document(s) whose files are not among the inputs: {shown}")
    else:
        print(
            f"budgetkg: the store holds {len(names)} document(s) whose files are not among the inputs "
            f"(build with --prune to remove them): {shown}",
            file=sys.stderr,
        )


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
    from budgetkg.remote import Endpoint

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
    if args.format == "parquet" and args.output is None:
        raise BudgetKGError("--format parquet writes a file: give it with -o FILE")
    question = get_question(args.name)
    params = parse_assignments(args.param)
    check_page(args.limit, args.offset)
    if args.endpoint:
        from budgetkg.remote import run_remote

        answer = run_remote(_endpoint(args, args.union_default_graph), question, params)
        stop = None if args.limit is None else args.offset + args.limit
        _say(args, f"{question.name}: from {args.endpoint}")
        _write_answer(args, answer.columns, iter(answer.rows[args.offset : stop]))
        return 0
    with _open_store(args.store) as store:
        listing = ask(store, question, params, limit=args.limit, offset=args.offset)
        _say(args, f"{question.name}: from {listing.source} ({listing.reason})")
        _write_answer(args, listing.columns, listing.rows)
    return 0


def _say(args: argparse.Namespace, line: str) -> None:
    if args.verbose:
        print(line, file=sys.stderr)


def _write_answer(
    args: argparse.Namespace, columns: list[str], rows: Iterator[tuple[Term | None, ...]]
) -> None:
    """Rows in the format asked for: CSV and JSON written as they come, the table and Parquet once
    all are read."""
    if args.format in STREAMED:
        as_text = text_rows(columns, rows)
        if args.output is None:
            STREAMED[args.format](columns, as_text, sys.stdout)
            return
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", encoding="utf-8", newline="") as out:
            STREAMED[args.format](columns, as_text, out)
        return
    answer = Answer(columns, list(rows))
    if args.format == "parquet":
        from budgetkg.parquet import write_parquet

        write_parquet(answer, args.output)
        return
    _write(RENDERERS[args.format](answer.columns, answer.text_rows()), args.output)


def command_push(args: argparse.Namespace) -> int:
    """Copy every graph of the store to a SPARQL server with the Graph Store Protocol (PUT), or to
    Virtuoso with its bulk loader (``--bulk-load DIR``)."""
    from budgetkg.push import GraphStore, graph_param_for, graph_store_url, push

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
    from budgetkg.bulk_load import IsqlClient, bulk_load

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
        sources=tuple(args.sources),
        workers=args.workers,
        allow_service=tuple(args.allow_service),
        client_timeout=args.client_timeout,
        query_memory_mib=args.query_memory,
        client_queries=args.client_queries,
        header_timeout=args.header_timeout,
        client_connections=args.client_connections,
    )
    counts = (options.workers, options.client_timeout, options.client_queries, options.client_connections)
    if min(counts) < 1 or min(options.timeout, options.header_timeout) <= 0:
        raise BudgetKGError(
            "--workers, --client-timeout, --client-queries and --client-connections must be at least 1, "
            "and --timeout and --header-timeout over 0"
        )
    if options.query_memory_mib < 64:
        raise BudgetKGError("--query-memory must be at least 64 (MiB): a worker holds the store's caches")
    if options.update_token is None and not args.store.exists():
        raise BudgetKGError(
            f"no store at {args.store}: run 'budgetkg build DOCUMENTS --store {args.store}' first"
        )
    serve(args.store, options)
    return 0


def command_validate(args: argparse.Namespace) -> int:
    """Validate every document graph; exit 0 conforms, 1 errors or warnings found, 2 error.

    With ``--record`` (the default) the store is opened for writing and the findings replace each
    validated document's findings graph (the whole answers are then kept again); ``--no-record`` only
    reads it.
    """
    from budgetkg.findings_store import record_findings
    from budgetkg.listings import keep_answers
    from budgetkg.validate import findings_json, findings_text, report_turtle, validate_store

    if args.workers is not None and args.workers < 1:
        raise BudgetKGError("--workers must be at least 1")
    if args.record:
        if not args.store.exists():
            raise BudgetKGError(
                f"no store at {args.store}: run 'budgetkg build DOCUMENTS --store {args.store}' first"
            )
        with EmbeddedStore(args.store) as store:
            result = validate_store(
                store, engine=args.engine, workers=args.workers, progress=_progress("validate", args)
            )
            record_findings(store, result)
            store.flush()
            keep_answers(store)
    else:
        with _open_store(args.store) as store:
            result = validate_store(
                store, engine=args.engine, workers=args.workers, progress=_progress("validate", args)
            )
    if args.format == "json":
        _write(findings_json(result) + "\n", args.output)
    elif args.format == "turtle":
        _write(report_turtle(result), args.output)
    else:
        _write(findings_text(result), args.output)
    return 1 if any(finding.severity in ("error", "warning") for finding in result.findings) else 0


def command_export(args: argparse.Namespace) -> int:
    """Export the store as linked data."""
    from budgetkg.export import export

    with _open_store(args.store) as store:
        count = export(store, args.format, args.output, documents_only=args.documents_only)
    print(f"wrote {count} statements to {args.output}")
    return 0


def command_flows(args: argparse.Namespace) -> int:
    """Write the funding-flow explorer (HTML), its data (JSON) or its graph (GraphML)."""
    from budgetkg.flows.links import offline_file_link
    from budgetkg.flows.output import default_output, store_flow_graph, write_flows

    params = parse_assignments(args.param)
    try:
        share = Decimal(args.min_share)
    except InvalidOperation as error:
        raise BudgetKGError(f"--min-share must be a decimal number, not {args.min_share!r}") from error
    if not Decimal(0) <= share < Decimal(1):
        raise BudgetKGError(f"--min-share must be at least 0 and below 1, not {args.min_share}")
    with _open_store(args.store) as store:
        graph = store_flow_graph(store, params)
    output = args.output or default_output(args.format)
    file_link = offline_file_link(args.sources, output) if args.sources else None
    write_flows(graph, args.format, output, params, float(share), file_link=file_link)
    written = [str(output)]
    if args.graphml is not None and args.format != "graphml":
        write_flows(graph, "graphml", args.graphml)
        written.append(str(args.graphml))
    print(f"wrote {' and '.join(written)} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} flows)")
    return 0


def command_demo(args: argparse.Namespace) -> int:
    """Build the bundled samples and produce every output, saying where each one is."""
    from budgetkg.demo import run_demo

    return run_demo(args.out)
