"""``budgetkg serve``: the store over HTTP on 127.0.0.1.

Three kinds of resource, each a module of this package:

``/sparql`` (``sparql.py``)
    A SPARQL 1.1 Protocol endpoint (GET, or POST as a form or as ``application/sparql-query``).
    Results as SPARQL JSON, XML, CSV or TSV for SELECT and ASK, as Turtle, N-Triples, JSON-LD or
    RDF/XML for CONSTRUCT and DESCRIBE (``formats.py``), chosen by the Accept header.  The default
    graph is the union of all graphs, as for the saved questions.  Updates are refused unless the
    server was started with an update token, and then need ``Authorization: Bearer TOKEN``.
``/queries`` and ``/queries/NAME?param=value`` (``saved_questions.py``)
    The saved questions: a list, and the answer of one as CSV, JSON or an HTML page.
``/id/...`` (``resources.py``)
    Every IRI under ``https://w3id.org/budgetkg/id/``: the statements about it (for the name of a
    named graph, the graph; for a resource named but not described, those that refer to it) as
    Turtle, JSON-LD, N-Triples, or an HTML page for people.

``/ui/...`` (``browse.py``) and ``/source/...`` (``sources.py``)
    Pages for reading the budgets: documents by region, year, department and phase, a document's
    tables, a table's printed rows, each figure linked to its page in the source file; what a page
    lists also as CSV or JSON (``alternates.py``).  ``/static/...`` (``static.py``) holds the CJK font
    the pages fall back on.

HTML pages are rendered by Jinja2 from the templates in ``templates/`` (``pages.py``,
``templating.py``).  Every query runs under a deadline and a result-size limit (``evaluation.py``),
in a worker process killed at its deadline (``workers.py``); going over either gives an HTTP error
with a message (503 for the time limit and for a worker over its memory limit, 413 for the size
limit), never a silent partial answer.  One client address runs at most a few endpoint queries at once
(``per_client.py``); connections have a deadline for their headers and a cap per address
(``connections.py``).
``SERVICE`` is refused unless its host is allowed (``service.py``).  The server itself, its routing
and its start-up are in ``server.py``; requests, responses and Accept negotiation in ``protocol.py``.
"""

from __future__ import annotations

from budgetkg.serve.evaluation import ServeOptions
from budgetkg.serve.protocol import HTTPProblem, negotiate
from budgetkg.serve.server import BudgetServer, make_server, serve

__all__ = ["BudgetServer", "HTTPProblem", "ServeOptions", "make_server", "negotiate", "serve"]
