"""Program -> the Spark SQL queries of each component, from the duckdb compiler's SELECTs.

The components and their order are the duckdb compiler's (duckdb.plan.component_rules), and
each rule's SELECT is its (duckdb.sql.select_sql) carried to Spark SQL by sqlglot
(spark.dialect). What differs is the driving: Spark has no ``WITH RECURSIVE ... UNION`` (only
``UNION ALL``, which never stops on a cycle), so every recursive component runs semi-naively,
each recursive rule once per recursive atom, that atom reading the last round's delta view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reasoner.engines.duckdb.plan import component_rules, facts_by_pred, values_sql
from reasoner.engines.duckdb.sql import ConstSql, quote, select_sql
from reasoner.engines.spark.dialect import transpile
from reasoner.rules import ast


@dataclass(frozen=True, slots=True)
class Query:
    pred: str
    sql: str  # Spark SQL
    rule: ast.Rule | None  # the rule it compiles, for error spans


@dataclass(frozen=True, slots=True)
class Step:
    """One component: its base queries, then (if it recurses) its delta variants to a fixpoint."""

    stratum: int
    predicates: tuple[str, ...]
    base: tuple[Query, ...]
    recursive: tuple[Query, ...] = ()


@dataclass(frozen=True, slots=True)
class SparkPlan:
    views: Mapping[str, str]  # predicate -> temporary view name
    deltas: Mapping[str, str]  # predicate -> the view of its last round's new rows
    arities: Mapping[str, int]
    steps: tuple[Step, ...]
    heads: tuple[str, ...]


def view_names(preds: list[str], prefix: str) -> dict[str, str]:
    """Unique names Spark accepts (case-insensitive, no quoting needed): ``r3_aligned``."""
    return {p: f"{prefix}{i}_{p}" for i, p in enumerate(preds)}


def compile_spark(program: ast.Program, const: ConstSql,
                  arities: Mapping[str, int] | None = None) -> SparkPlan:
    """The plan of a checked, stratified program (head arithmetic already in bodies)."""
    found = {**(arities or {}), **ast.predicate_arities(program)}
    views = view_names(list(found), "r")
    deltas = view_names(list(found), "d")
    tables = {p: quote(v) for p, v in views.items()}
    steps = []
    for comp in component_rules(program):
        base = [r for r in comp.rules if r not in comp.recursive]
        queries = [Query(p, _spark(values_sql(f, const)), f[0])
                   for p, f in facts_by_pred(base).items()]
        queries += [Query(r.head.pred, _spark(select_sql(r, tables, const, lateral=True)), r)
                    for r in base if not r.is_fact]
        variants = [Query(r.head.pred, _spark(_variant(r, at, tables, deltas, const)), r)
                    for r in comp.recursive for at in comp.recursive_atoms(r)]
        steps.append(Step(comp.stratum, comp.predicates, tuple(queries), tuple(variants)))
    heads = tuple(dict.fromkeys(r.head.pred for r in program.rules))
    return SparkPlan(views, deltas, found, tuple(steps), heads)


def _variant(rule: ast.Rule, at: int, tables: Mapping[str, str], deltas: Mapping[str, str],
             const: ConstSql) -> str:
    def source(i: int, atom: ast.Atom) -> str:
        return quote(deltas[atom.pred]) if i == at else tables[atom.pred]

    return select_sql(rule, tables, const, source=source, lateral=True)


def _spark(sql: str) -> str:
    return transpile(sql, "spark", engine="spark")[0]
