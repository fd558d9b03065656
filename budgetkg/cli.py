"""The ``budgetkg`` command: it only parses arguments and wires the modules together."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from budgetkg.choices import AUTH_NAMES, DEFAULT_ENGINE, ENGINES, EXPORT_FORMATS, OUTPUT_FORMATS
from budgetkg.errors import BudgetKGError, one_line
from budgetkg.suggest import did_you_mean

DEFAULT_STORE = Path("kg")
FLOW_FORMATS = ("html", "json", "graphml")
"""The formats of ``budgetkg flows`` (see :data:`budgetkg.flows.output.FORMATS`)."""


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
    main.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected failure, print its traceback instead of one line saying what failed",
    )
    main.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no line per document")
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
    build_verb.add_argument(
        "--source",
        metavar="URL",
        help="the web address the document was published at (its landing page in the catalogue)",
    )
    build_verb.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes reading documents (default: one per core; 0 reads in this process, without limits)",
    )
    build_verb.add_argument(
        "--time-limit",
        type=float,
        default=120.0,
        metavar="S",
        help="processor seconds a document may take to read before it is stopped and fails (default 120)",
    )
    build_verb.add_argument(
        "--memory-limit",
        default="2G",
        metavar="SIZE",
        help="memory a document may take to read, e.g. 2G or 512M (default 2G); over it, it fails",
    )
    build_verb.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="read the documents on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:PORT) "
        "instead of in --workers processes here; needs budgetkg[cluster]",
    )
    build_verb.add_argument(
        "--shared-folder",
        type=Path,
        metavar="DIR",
        help="with --scheduler: the folder, seen by every cluster worker, where each document's N-Quads "
        "and extraction report are written (default: the store folder's name with .nquads, beside it)",
    )
    build_verb.add_argument(
        "--force",
        action="store_true",
        help="read every document again, even those whose files and reading code are unchanged",
    )
    build_verb.add_argument(
        "--prune",
        action="store_true",
        help="remove from the store the documents whose files are not among the inputs",
    )
    build_verb.set_defaults(run="build")

    queries_verb = verbs.add_parser("queries", help="list the saved questions")
    queries_verb.set_defaults(run="queries")

    query_verb = verbs.add_parser("query", help="answer a saved question")
    query_verb.add_argument("name", help="name of the saved question (see 'budgetkg queries')")
    query_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    query_verb.add_argument("--format", choices=sorted(OUTPUT_FORMATS), default="table")
    query_verb.add_argument(
        "-o", "--output", type=Path, help="write to a file instead of the terminal (required for parquet)"
    )
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
        help="with --endpoint: the server's default graph is the union of its graphs (Oxigraph "
        "server started with --union-default-graph; Virtuoso holding no other copy of the graphs), so "
        "no dataset is sent",
    )
    query_verb.add_argument(
        "--limit", type=int, metavar="N", help="at most N rows, in the question's order (default all)"
    )
    query_verb.add_argument(
        "--offset", type=int, default=0, metavar="M", help="leave out the first M rows (default 0)"
    )
    query_verb.add_argument(
        "--verbose",
        action="store_true",
        help="say on standard error whether the answer came from the materialised tables or SPARQL, and why",
    )
    query_verb.set_defaults(run="query")

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
    validate_verb.set_defaults(run="validate")

    export_verb = verbs.add_parser("export", help="write the graph as linked data")
    export_verb.add_argument("--store", type=Path, default=DEFAULT_STORE)
    export_verb.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    export_verb.add_argument("-o", "--output", type=Path, required=True)
    export_verb.add_argument(
        "--documents-only",
        action="store_true",
        help="leave out the ontology, the code lists and the region summaries",
    )
    export_verb.set_defaults(run="export")

    flows_verb = verbs.add_parser(
        "flows", help="the funding-flow explorer (offline HTML), its data (JSON) or graph (GraphML)"
    )
    flows_verb.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: kg)")
    flows_verb.add_argument(
        "--format",
        choices=FLOW_FORMATS,
        default="html",
        help="html: the offline explorer (default); json: the data it draws; graphml: the graph",
    )
    flows_verb.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the file to write (default: flows.html, flows.json or flows.graphml, after --format)",
    )
    flows_verb.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="region=420103, year=2024, phase=approved|executed or department=政法 (repeat for several)",
    )
    flows_verb.add_argument("--graphml", type=Path, help="also write the GraphML here")
    flows_verb.add_argument(
        "--sources",
        type=Path,
        action="append",
        default=[],
        metavar="FOLDER",
        help="a folder holding the documents that were built (repeatable): the page links each source "
        "page to its file there (only files the store names, with the same SHA-256)",
    )
    flows_verb.add_argument(
        "--min-share",
        default="0.01",
        help="the page groups flows below this share of their source into 其他 (0 keeps all)",
    )
    flows_verb.set_defaults(run="flows")

    demo_verb = verbs.add_parser("demo", help="build the bundled samples and write every output")
    demo_verb.add_argument("--out", type=Path, default=Path("demo-output"))
    demo_verb.set_defaults(run="demo")

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
    bulk = push_verb.add_argument_group(
        "Virtuoso bulk load", "load with Virtuoso's bulk loader (ld_dir, rdf_loader_run) instead of PUT"
    )
    bulk.add_argument(
        "--bulk-load",
        type=Path,
        metavar="DIR",
        help="write one N-Quads file per graph into DIR (a folder the server reads: in DirsAllowed of "
        "virtuoso.ini) and load them there; each graph is cleared first",
    )
    bulk.add_argument(
        "--isql", default="isql-vt", metavar="PROGRAM", help="Virtuoso's SQL client (default isql-vt)"
    )
    bulk.add_argument(
        "--isql-address",
        default="127.0.0.1:1111",
        metavar="HOST:PORT",
        help="its SQL port (default 127.0.0.1:1111)",
    )
    bulk.add_argument("--isql-user", default="dba", help="a SQL user allowed to run the loader (default dba)")
    bulk.add_argument("--isql-password", help="its password (or set BUDGETKG_ISQL_PASSWORD)")
    push_verb.set_defaults(run="push")

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
    serve_verb.add_argument(
        "--sources",
        type=Path,
        action="append",
        default=[],
        metavar="FOLDER",
        help="a folder holding the documents that were built (repeatable): their files are served, "
        "opened at the page of a figure; only files the store names, with the same SHA-256",
    )
    serve_verb.add_argument(
        "--workers",
        type=int,
        default=4,
        metavar="N",
        help="query worker processes for the saved questions, and as many for /sparql (default 4)",
    )
    serve_verb.add_argument(
        "--allow-service",
        nargs="+",
        default=[],
        metavar="HOST",
        help="hosts that SPARQL SERVICE may call (refused for every host unless named)",
    )
    serve_verb.add_argument(
        "--client-timeout",
        type=int,
        default=30,
        metavar="S",
        help="close a connection idle or sending nothing for S seconds (default 30)",
    )
    serve_verb.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="close a connection whose request's headers have not all arrived S seconds after they began "
        "(or after it opened) (default 10)",
    )
    serve_verb.add_argument(
        "--client-connections",
        type=int,
        default=64,
        metavar="N",
        help="connections one client address may hold at once; more are closed as they come (default 64)",
    )
    serve_verb.add_argument(
        "--query-memory",
        type=int,
        default=1024,
        metavar="MIB",
        help="resident memory a query worker may hold while it runs; over it the query is stopped "
        "(503) and the worker replaced (default 1024)",
    )
    serve_verb.add_argument(
        "--client-queries",
        type=int,
        default=2,
        metavar="N",
        help="/sparql queries one client address may run at once; more are answered 429 (default 2)",
    )
    serve_verb.set_defaults(run="serve")
    return main


def _verbs() -> list[str]:
    """The verbs of the command, in the order ``--help`` lists them."""
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit raises nothing."""
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetkg`` command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    verbs = _verbs()
    first = next((argument for argument in arguments if not argument.startswith("-")), None)
    if first is not None and first not in verbs:
        hint = did_you_mean(first, verbs)
        hint = f"; {hint}" if hint else ""
        print(
            f"budgetkg: unknown command {first!r}{hint} (commands: {', '.join(verbs)})",
            file=sys.stderr,
        )
        return 2
    args = parser().parse_args(arguments)
    try:
        from budgetkg import commands

        code: int = getattr(commands, f"command_{args.run}")(args)
    except BudgetKGError as error:
        if args.debug:
            traceback.print_exc()
        print(f"budgetkg: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # whoever read the output stopped reading (`| head`): nothing more to say, to anyone
        _silence_stdout()
        return 128 + signal.SIGPIPE
    except Exception as error:  # anything unforeseen: one line, the traceback only on request
        if args.debug:
            raise
        print(
            f"budgetkg: {args.verb} failed: {one_line(error)} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"budgetkg: {args.verb} interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
