"""The rows the flow graph is drawn from: the internal flow questions, run with the user's parameters.

The questions are run through a :data:`Runner`, so that the command line runs them on the embedded
store and ``budgetkg serve`` runs them through its evaluator, under the server's limits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.params import Term, bind
from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import ResultRow, SavedQuestion, load_question, make_answer
from budgetkg.store import EmbeddedStore

QUESTIONS = (
    "flow-documents",
    "flow-functions",
    "flow-classification",
    "flow-units",
    "flow-projects",
    "flow-files",
)
PARAMETERS = ("region", "year", "phase", "department")
"""The parameters every flow question accepts."""

Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
Solutions = tuple[list[str], list[tuple[Term | None, ...]]]
Runner = Callable[[str, Substitutions], Solutions]
"""Runs a SELECT query with substitutions; returns the variables and the rows of terms."""


@dataclass(frozen=True)
class FlowRows:
    """The rows the flow graph is drawn from: the documents and the totals they state, their lines by
    function and the functions those are classified under, their units, projects and files."""

    documents: list[ResultRow]
    functions: list[ResultRow]
    classification: list[ResultRow]
    units: list[ResultRow]
    projects: list[ResultRow]
    files: list[ResultRow]


def flow_question(name: str) -> SavedQuestion:
    """One of the internal flow questions."""
    return load_question(QUERIES_DIR / "internal" / f"{name}.rq")


def check_parameters(params: Mapping[str, object] | None) -> None:
    """Refuse unknown or malformed parameters before anything runs (as ``budgetkg query`` does, with
    the name meant where one is near)."""
    question = flow_question(QUESTIONS[0])
    bind("flows", question.parameters, params)


def store_runner(store: EmbeddedStore) -> Runner:
    """A runner on the embedded store."""

    def run(text: str, substitutions: Substitutions) -> Solutions:
        solutions = store.query(text, substitutions)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("a flow question must be a SELECT query")
        variables = [variable.value for variable in solutions.variables]
        return variables, [tuple(solution) for solution in solutions]

    return run


def fetch(run: Runner, params: Mapping[str, object] | None = None) -> FlowRows:
    """Run the flow questions with the parameters (region, year, phase, department)."""
    rows: dict[str, list[ResultRow]] = {}
    for name in QUESTIONS:
        question = flow_question(name)
        bound = bind("flows", question.parameters, params)
        substitutions: Substitutions = {ox.Variable(key): term for key, term in bound.items()}
        variables, solutions = run(question.text, substitutions)
        rows[name] = make_answer(question, variables, solutions).text_rows()
    return FlowRows(*(rows[name] for name in QUESTIONS))
