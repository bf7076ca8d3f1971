"""A SparkPlan evaluated over DataFrames of ids: joins in Spark, the fixpoint driven from here.

Every relation is a DataFrame of BIGINT columns ``c0, c1, ...`` registered as a temporary view
(its name in the plan). A component's base queries are unioned into the relation
(``EXCEPT`` keeps it a set); a recursive component then repeats rounds: each recursive
rule's delta variants, minus what is known, become the new rows and the next delta, until a
round adds nothing. Each relation is materialised once per component or round
(``localCheckpoint``), so plans never grow with the number of rounds. A time limit cancels
the running Spark jobs from a timer and is checked between queries.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import reduce
from typing import TYPE_CHECKING, Callable

from reasoner.engines.base import at_deadline
from reasoner.engines.duckdb.sql import columns
from reasoner.engines.spark.plan import Query, SparkPlan, Step
from reasoner.engines.spark.session import first_line, memory_hint
from reasoner.errors import Diagnostic, EngineError, EngineTimeout
from reasoner.rules import ast

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


class Runner:
    """One evaluation's relations, and how its queries fail."""

    def __init__(self, spark: "SparkSession", plan: SparkPlan, program: ast.Program,
                 deadline: float | None, on_timeout: Callable[[], EngineTimeout]) -> None:
        self.spark, self.plan, self.program = spark, plan, program
        self.deadline, self.on_timeout = deadline, on_timeout
        self.frames: dict[str, DataFrame] = {}
        self.rounds = 0

    def run(self, given: Mapping[str, "DataFrame"]) -> dict[str, "DataFrame"]:
        """Every relation of the plan after the fixpoint, from the given facts."""
        for pred, arity in self.plan.arities.items():
            self.put(pred, given[pred] if pred in given else self.empty(arity))
        for step in self.plan.steps:
            self.step(step)
        return self.frames

    def heads(self) -> "DataFrame":
        """Every rule head's rows in one DataFrame, so they come back in one Spark job:
        column ``h`` numbers the head (plan.heads), ``c0...`` its arguments (0 past its arity)."""
        from pyspark.sql import functions as F

        width = max([1, *(self.plan.arities[p] for p in self.plan.heads)])
        parts = []
        for index, pred in enumerate(self.plan.heads):
            frame = self.frames[pred]
            arity = max(self.plan.arities[pred], 1)
            padding = [F.lit(0).cast("bigint").alias(c) for c in columns(width)[arity:]]
            parts.append(frame.select(F.lit(index).alias("h"), *frame.columns, *padding))
        return _union(parts)

    def empty(self, arity: int) -> "DataFrame":
        """No rows, made in the JVM (a DataFrame of a Python list would start Python workers)."""
        from pyspark.sql import functions as F

        return self.spark.range(0).select(*(F.lit(0).cast("bigint").alias(c)
                                            for c in columns(arity)))

    def put(self, pred: str, frame: "DataFrame") -> None:
        self.frames[pred] = frame
        frame.createOrReplaceTempView(self.plan.views[pred])

    def step(self, step: Step) -> None:
        """The base rules into each relation (kept in memory, computed on first use), then
        the recursive rounds."""
        for pred in step.predicates:
            parts = [self.query(q) for q in step.base if q.pred == pred]
            if parts:
                found = _union([self.frames[pred], *parts]).distinct()
                self.put(pred, found if step.recursive else found.cache())
        if step.recursive:
            self.fixpoint(step)

    def fixpoint(self, step: Step) -> None:
        """Semi-naive rounds; a relation grows as a union of its materialised pieces, and each
        round costs one Spark job per predicate: its new rows, counted as they are made."""
        for pred in step.predicates:  # materialised first: a round joining a relation with
            # itself (sym(Y, X) :- sym(X, Y)) must not meet its own plan's columns again
            self.put(pred, self.checkpoint(self.frames[pred], step))
            self.frames[pred].createOrReplaceTempView(self.plan.deltas[pred])
        while True:
            self.rounds += 1
            added = {}
            for pred in step.predicates:
                parts = [self.query(q) for q in step.recursive if q.pred == pred]
                if parts:
                    found, count = self.counted(_union(parts).subtract(self.frames[pred]), step)
                    if count:
                        added[pred] = found
            if not added:
                return
            for pred in step.predicates:
                delta = added.get(pred, self.empty(self.plan.arities[pred]))
                delta.createOrReplaceTempView(self.plan.deltas[pred])
                if pred in added:
                    self.put(pred, self.frames[pred].union(delta))

    def query(self, query: Query) -> "DataFrame":
        self.check_time()
        arity = self.plan.arities[query.pred]
        try:
            return self.spark.sql(query.sql).toDF(*columns(arity))
        except Exception as exc:  # pyspark's AnalysisException, ParseException, Py4JError
            raise EngineError(self.diagnostic(query.rule, exc)) from None

    def counted(self, frame: "DataFrame", step: Step) -> tuple["DataFrame", int]:
        """The frame computed now and kept, and its number of rows (counted in the same job)."""
        from pyspark.sql import Observation
        from pyspark.sql import functions as F

        seen = Observation()
        kept = self.checkpoint(frame.observe(seen, F.count(F.lit(1)).alias("n")), step)
        return kept, int(seen.get["n"])

    def checkpoint(self, frame: "DataFrame", step: Step) -> "DataFrame":
        """The frame computed now and kept (its plan cut short)."""
        self.check_time()
        try:
            return frame.localCheckpoint(eager=True)
        except Exception as exc:
            self.check_time()
            rule = next((q.rule for q in (*step.base, *step.recursive)), None)
            raise EngineError(self.diagnostic(rule, exc)) from None

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise self.on_timeout()

    def diagnostic(self, rule: ast.Rule | None, exc: Exception) -> Diagnostic:
        span = rule.span if rule else None
        message = first_line(exc)
        return Diagnostic("engine", f"spark: {message}", span, hint=memory_hint(message),
                          source_line=self.program.source_line(span))


def _union(frames: list["DataFrame"]) -> "DataFrame":
    return reduce(lambda a, b: a.union(b), frames)


@contextmanager
def cancelled_at(spark: "SparkSession", deadline: float | None) -> Iterator[None]:
    """The evaluation's Spark jobs in a group of their own, cancelled at the deadline."""
    context = spark.sparkContext
    group = f"reasoner-{uuid.uuid4().hex}"
    context.setJobGroup(group, "reasoner rules", interruptOnCancel=True)
    try:
        with at_deadline(deadline, lambda: context.cancelJobGroup(group), name="spark-timeout"):
            yield
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
