"""The pyDatalog engine: the reference the user asked for, not the workhorse.

pyDatalog 0.22.4 keeps global state and does not terminate on some recursive rules over
cyclic data, so it runs only in a child process (reasoner.engines.worker) that is killed at
the time limit. The program is first rewritten into a plan pyDatalog handles
(reasoner.engines.pydatalog.plan) and evaluated level by level.
"""

from __future__ import annotations

from typing import Iterable

from reasoner.engines.base import (BaseEngine, Facts, Model, Row, complete_model,
                                   literals_within, prepare)
from reasoner.engines.pydatalog.plan import decode, encode, make_plan
from reasoner.engines.worker import run_jobs
from reasoner.errors import Diagnostic, EngineError, ReasonerError
from reasoner.rules import ast
from reasoner.rules.arity import split

DEFAULT_TIMEOUT = 60.0  # seconds; pyDatalog may never finish, so there is always a limit
LIKELY_CAUSE = ("pyDatalog 0.22.4 does not terminate on some recursive rules over cyclic data "
                "(non-linear or mutual recursion) and is slow on long joins; "
                "use the clingo engine for this program")


class PyDatalogEngine(BaseEngine):
    """Always in a child process (run_jobs), several programs per child (evaluate_many)."""

    name = "pydatalog"
    batch = True
    arithmetic = False
    likely_cause = LIKELY_CAUSE

    def __init__(self, *, reorder_recursion: bool = True) -> None:
        self.reorder_recursion = reorder_recursion

    def evaluate(self, program: ast.Program, facts: Facts, *,
                 timeout: float | None = None) -> Model:
        """The model of ``program`` over ``facts`` (see base.Engine.evaluate).

        ``timeout`` defaults to DEFAULT_TIMEOUT: this engine never runs unbounded.
        """
        result = self.evaluate_many([(program, facts)], timeout=timeout)[0]
        if isinstance(result, ReasonerError):
            raise result
        return result

    def evaluate_many(self, items: Iterable[tuple[ast.Program, Facts]], *,
                      timeout: float | None = None) -> list[Model | ReasonerError]:
        """Models of several (program, facts) pairs in one worker process, each with its own
        time limit; a failed item yields its error instead of a model."""
        parts = []
        jobs = []
        for program, facts in items:
            prepare(program, facts)
            refuse_unsupported(program, facts)
            parts.append(split(program, facts))  # one pyDatalog name per name/arity
            program, facts = parts[-1].program, parts[-1].facts
            used = {a.pred for r in program.rules for a, _ in ast.body_atoms(r.body)}
            encoded = {p: {tuple(map(encode, row)) for row in rows}
                       for p, rows in facts.items() if p in used}
            jobs.append((make_plan(program, reorder_recursion=self.reorder_recursion), encoded))
        limit = DEFAULT_TIMEOUT if timeout is None else timeout
        results = run_jobs("reasoner.engines.pydatalog.worker:run_job", jobs, timeout=limit,
                           on_timeout=self.timed_out)
        return [r if isinstance(r, ReasonerError) else
                part.join(complete_model(part.program, part.facts, _decoded(r)))
                for part, r in zip(parts, results)]


def refuse_unsupported(program: ast.Program, facts: Facts) -> None:
    """The one-line refusal, before the worker starts, of what this adapter does not
    translate: arithmetic, floats and integers beyond 32 bits (its value encoding orders
    32-bit integers only). sum, min and max are computed between levels, as counts are."""
    what = None
    if any(isinstance(t, ast.BinOp) for r in program.rules for lit in (r.head,
           *literals_within(r.body)) for t in _terms(lit)):
        what = "arithmetic"
    else:
        values = [c.value for r in program.rules for lit in (r.head, *literals_within(r.body))
                  for c in _consts(lit)]
        used = set(ast.predicate_arities(program))  # facts no rule reads are never translated
        values += [v for name, rows in facts.items() if name in used for row in rows for v in row]
        odd = next((v for v in values if type(v) is float or (
            type(v) is int and not ast.INT32_MIN <= v <= ast.INT32_MAX)), None)
        if odd is not None:
            what = f"the {'float' if type(odd) is float else 'integer'} {odd!r}"
    if what:
        raise EngineError(Diagnostic(
            "engine-capability", f"the pydatalog engine does not support {what}",
            hint="use the clingo, duckdb or sparql engine"))


def _terms(lit: ast.BodyLiteral) -> tuple[ast.Expr, ...]:
    match lit:
        case ast.Atom(args=args) | ast.Negation(atom=ast.Atom(args=args)):
            return args
        case ast.Comparison(left=left, right=right):
            return (left, right)
    return ()


def _consts(lit: ast.BodyLiteral) -> list[ast.Const]:
    match lit:
        case ast.Atom(args=args) | ast.Negation(atom=ast.Atom(args=args)):
            return [a for a in args if isinstance(a, ast.Const)]
        case ast.Comparison(left=left, right=right):
            return [*ast.expr_consts(left), *ast.expr_consts(right)]
    return []


def _decoded(rows_by_pred: dict[str, set[tuple[str, ...]]]) -> dict[str, set[Row]]:
    cache: dict[str, ast.Value] = {}

    def value(text: str) -> ast.Value:
        found = cache.get(text)
        if found is None:
            found = cache[text] = decode(text)
        return found

    return {p: {tuple(map(value, row)) for row in rows} for p, rows in rows_by_pred.items()}
