"""The spark engine: the rules as Spark SQL over DataFrames of ids, on a local or remote Spark.

Values are the duckdb engine's BIGINT ids (reasoner.engines.duckdb.values: integers as
themselves, dates as day numbers, other values numbered in value order when the rules compare
by order), so the SQL is the duckdb compiler's, carried to Spark SQL by sqlglot
(reasoner.engines.spark.plan). Facts go in as one Arrow table per predicate (no Python loop
per row), the fixpoint runs in Spark (reasoner.engines.spark.run), and the derived relations
come back as Arrow tables, decoded column by column. The session is the process's
(reasoner.engines.spark.session): started once, reused by every evaluation.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from reasoner.engines.base import BaseEngine, Facts, Row, compares_order
from reasoner.engines.duckdb.sql import columns
from reasoner.engines.duckdb.values import Column, Dictionary, checked_columns, program_constants
from reasoner.engines.spark import session as sessions
from reasoner.engines.spark.plan import compile_spark
from reasoner.engines.spark.run import Runner, cancelled_at
from reasoner.errors import Diagnostic, EngineError
from reasoner.rules import ast
from reasoner.rules.rewrite import bind_head_arithmetic, name_arithmetic_steps

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


class SparkEngine(BaseEngine):
    """Spark stops its own jobs at a time limit, so it never needs a child process."""

    name = "spark"
    passes = (bind_head_arithmetic, name_arithmetic_steps)  # SQL computes in the body only,
    # one operation per binding (each a lateral column: SQL linear in the expression's size)

    def __init__(self, *, master: str | None = None) -> None:
        """``master``: the Spark master URL (default: the process's, ``local[*]``)."""
        self.master = master

    def refuse(self, program: ast.Program, facts: Facts) -> None:
        """Nothing before the split: :meth:`given` checks the facts column by column."""

    def given(self, program: ast.Program, facts: Facts) -> dict[str, tuple[Column, ...]]:
        return checked_columns(program, facts, self.name)

    def needs_child(self, program: ast.Program) -> bool:
        return False

    def derive(self, program: ast.Program, given: Mapping[str, tuple[Column, ...]], *,
               timeout: float | None = None) -> dict[str, list[Row]]:
        spark = sessions.session(self.master)  # its start-up is not the rules' time
        deadline = None if timeout is None else time.monotonic() + timeout
        mentioned = set(ast.predicate_arities(program))
        given = {p: cols for p, cols in given.items() if p in mentioned}
        dictionary = Dictionary((c for cols in given.values() for c in cols),
                                program_constants(program, self.name),
                                ordered=compares_order(program))
        plan = compile_spark(program, dictionary.sql_of, {p: len(c) for p, c in given.items()})
        runner = Runner(spark, plan, program, deadline, lambda: self.timed_out(timeout or 0.0))
        with cancelled_at(spark, deadline):
            frames = {p: to_frame(spark, [dictionary.encode(c) for c in cols])
                      for p, cols in given.items()}
            try:
                runner.run(frames)
                return read_heads(runner, dictionary)
            except EngineError:
                runner.check_time()  # a job cancelled at the deadline is a timeout
                raise



def to_frame(spark: "SparkSession", ids: list[Iterable[int]]) -> "DataFrame":
    """Columns of ids as one DataFrame, through one Arrow table (a proposition: one row 0)."""
    import pyarrow as pa

    arrays = [pa.array(list(c), pa.int64()) for c in ids] or [pa.array([0], pa.int64())]
    table = pa.table(dict(zip(columns(len(ids)), arrays)))
    return spark.createDataFrame(table)


def read_heads(runner: Runner, dictionary: Dictionary) -> dict[str, list[Row]]:
    """Every rule head's rows, read as one Arrow table and decoded per column."""
    plan = runner.plan
    if not plan.heads:
        return {}
    try:
        table = runner.heads().toArrow()
    except Exception as exc:
        runner.check_time()
        message = sessions.first_line(exc)
        raise EngineError(Diagnostic("engine", f"spark: {message}", hint=sessions.memory_hint(message))) from None
    which = table.column(0).to_pylist()
    cells = [table.column(i + 1).to_pylist() for i in range(table.num_columns - 1)]
    found: dict[str, list[Row]] = {p: [] for p in plan.heads}
    for index, pred in enumerate(plan.heads):
        rows = [i for i, h in enumerate(which) if h == index]
        arity = plan.arities[pred]
        if arity == 0:
            found[pred] = [()] if rows else []
            continue
        decoded = [dictionary.decode([column[i] for i in rows]) for column in cells[:arity]]
        found[pred] = list(zip(*decoded))
    return found
