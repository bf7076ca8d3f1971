"""One rule -> one DuckDB ``SELECT``: joins, comparisons, ``NOT EXISTS``, counts as laterals.

Every predicate is a table of BIGINT columns ``c0, c1, ...`` (a proposition has one column,
always 0) holding value ids (reasoner.engines.duckdb.values), so a rule body becomes:

* positive atoms: tables in ``FROM`` (``t0, t1, ...``); a variable's first occurrence binds it
  to a column, later occurrences and constants become ``WHERE`` equalities;
* ``X = t`` that binds X: X stands for t's expression from then on;
* ``N = count { Ys : B }``: a ``LATERAL`` subquery counting the distinct ``Ys`` rows of B,
  correlated on the variables B shares with the rest of the rule. An aggregate without
  ``GROUP BY`` yields one row even when B has none, which gives the count 0 of the other
  engines (docs/rules.md, Counting);
* comparisons: ``WHERE`` conditions on ids, whose order is the values' order;
* ``not p(...)``: ``NOT EXISTS`` over p's table.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reasoner.engines.duckdb.values import BASE, DATE_BASE, DATE_LAST, INT_LOW
from reasoner.errors import Diagnostic, EngineError
from reasoner.rules import ast

ConstSql = Callable[[ast.Value], str]  # a constant as an SQL expression
Source = Callable[[int, ast.Atom], str]  # (index in the body, atom) -> the table to read

_OPS = MappingProxyType({"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="})


def quote(name: str) -> str:
    """An SQL identifier (table names are predicate names, which may be SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def columns(arity: int) -> list[str]:
    """A table's column names; a proposition (arity 0) has one column, always 0."""
    return [f"c{i}" for i in range(max(arity, 1))]


@dataclass
class _Query:
    """A SELECT under construction: FROM items, WHERE conditions, variable bindings."""

    const: ConstSql
    aliases: Iterator[int]
    env: dict[str, str] = field(default_factory=dict)
    froms: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    lateral: bool = False  # computed bindings as LATERAL columns (see select_sql)

    def term(self, term: ast.Expr, where: ast.BodyLiteral | ast.Rule) -> str:
        if isinstance(term, ast.BinOp):
            return arith_sql(term.op, self.term(term.left, where), self.term(term.right, where))
        if isinstance(term, ast.Const):
            return self.const(term.value)
        if term.anonymous or term.name not in self.env:
            raise EngineError(Diagnostic(
                "engine", f"duckdb: cannot compile: variable '{term.name}' is not bound here",
                getattr(where, "span", None)))
        return self.env[term.name]

    def atom(self, atom: ast.Atom, table: str) -> None:
        """A positive atom: a table in FROM, its arguments bound or matched."""
        alias = f"t{next(self.aliases)}"
        self.froms.append(f"{table} AS {alias}")
        for i, arg in enumerate(atom.args):
            column = f"{alias}.c{i}"
            if isinstance(arg, ast.Const):
                self.where.append(f"{column} = {self.const(arg.value)}")
            elif arg.anonymous:
                continue
            elif arg.name in self.env:
                self.where.append(f"{column} = {self.env[arg.name]}")
            else:
                self.env[arg.name] = column

    def sql(self, select: list[str], *, distinct: bool = False, one_line: bool = False) -> str:
        lines = [("SELECT DISTINCT " if distinct else "SELECT ") + ", ".join(select)]
        if self.froms:
            lines.append("FROM " + ", ".join(self.froms))
        if self.where:
            lines.append("WHERE " + "\n  AND ".join(self.where))
        return " ".join(line.replace("\n ", "") for line in lines) if one_line \
            else "\n".join(lines)


_INT = f"BETWEEN {INT_LOW} AND {BASE - 1}"
_DATES = f"BETWEEN {DATE_BASE + 1} AND {DATE_LAST}"
_WIDE = "::HUGEINT"  # computed in 128 bits, then checked: BIGINT would raise on overflow


def _checked_int(sql: str) -> str:
    """A 128-bit integer result as an id: NULL outside 64 bits (undefined, as on every
    engine), an error between 2**62 and 2**63 (ids there are other values')."""
    return (f"CASE WHEN ({sql}) BETWEEN {ast.INT_MIN} AND {ast.INT_MAX} THEN CASE WHEN ({sql}) "
            f"{_INT} THEN ({sql})::BIGINT ELSE error('the duckdb engine cannot hold the "
            f"integer ' || ({sql})::VARCHAR || ': its integers lie in [-2**62, 2**62)') END END")


def _checked_date(sql: str) -> str:
    return f"CASE WHEN ({sql}) {_DATES} THEN ({sql})::BIGINT END"


def arith_sql(op: str, a: str, b: str) -> str:
    """``a op b`` over ids, with the semantics of reasoner.rules.arith: NULL where undefined
    (so the rule instance yields nothing). Integers are their own ids and a date's id is its
    ordinal past DATE_BASE, so dates compute as days."""
    ints = f"({a}) {_INT} AND ({b}) {_INT}"
    wide_a, wide_b = f"({a}){_WIDE}", f"({b}){_WIDE}"
    cases = []
    if op in ("+", "-", "*"):
        cases.append((ints, _checked_int(f"{wide_a} {op} {wide_b}")))
    else:  # DuckDB's // and % truncate toward zero, as clingo's / and \\
        sql_op = "//" if op == "/" else "%"
        cases.append((f"{ints} AND ({b}) <> 0", _checked_int(f"{wide_a} {sql_op} {wide_b}")))
    if op in ("+", "-"):
        cases.append((f"({a}) {_DATES} AND ({b}) {_INT}", _checked_date(f"{wide_a} {op} {wide_b}")))
    if op == "+":
        cases.append((f"({a}) {_INT} AND ({b}) {_DATES}", _checked_date(f"{wide_a} + {wide_b}")))
    if op == "-":
        cases.append((f"({a}) {_DATES} AND ({b}) {_DATES}", f"({a}) - ({b})"))
    return "CASE " + " ".join(f"WHEN {c} THEN {v}" for c, v in cases) + " END"


def select_sql(rule: ast.Rule, tables: Mapping[str, str], const: ConstSql, *,
               source: Source | None = None, lateral: bool = False) -> str:
    """The SELECT of the head's rows for ``rule`` (duplicates possible: callers dedup).

    ``source`` picks the table each positive atom of the body reads (delta tables, the
    recursive CTE); by default an atom reads its predicate's table. ``lateral``: a variable
    bound to arithmetic is a column of a ``LATERAL (SELECT ... AS v)``, not its expression
    written again at each use, so SQL grows linearly with chained bindings (rewrite.
    name_arithmetic_steps) instead of exponentially.
    """
    pick = source or (lambda _i, atom: tables[atom.pred])
    query = _Query(const, itertools.count(), lateral=lateral)
    body_into(query, rule.body, rule, tables, pick)
    head = [query.term(arg, rule) for arg in rule.head.args] or ["0"]
    return query.sql(head)


def body_into(query: _Query, body: tuple[ast.BodyLiteral, ...], rule: ast.Rule,
              tables: Mapping[str, str], source: Source) -> None:
    """Add ``body`` (of ``rule``) to ``query``: atoms, then bindings, then filters."""
    for i, lit in enumerate(body):
        if isinstance(lit, ast.Atom):
            query.atom(lit, source(i, lit))
    pending = [lit for lit in body if not isinstance(lit, ast.Atom)]
    elsewhere = _names_outside(rule)
    while True:
        bound = next((lit for lit in pending if _bind(query, lit, elsewhere, tables)), None)
        if bound is None:
            break
        pending.remove(bound)
    for lit in pending:
        query.where.append(_filter(query, lit, tables))


def _names_outside(rule: ast.Rule) -> Callable[[ast.BodyLiteral], set[str]]:
    """For a literal of ``rule``, the variable names the rule uses outside it (head included)."""
    head = {v.name for v in rule.head.args if isinstance(v, ast.Var)}

    def outside(lit: ast.BodyLiteral) -> set[str]:
        return head | {v.name for other in rule.body if other is not lit
                       for v in ast.global_vars(other)}
    return outside


def _bind(query: _Query, lit: ast.BodyLiteral, elsewhere: Callable[[ast.BodyLiteral], set[str]],
          tables: Mapping[str, str]) -> bool:
    """Bind a variable through ``lit`` if it is a binding equality or a ready count."""
    match lit:
        case ast.Comparison(op="="):
            for var, other in ((lit.left, lit.right), (lit.right, lit.left)):
                if isinstance(var, ast.Var) and not var.anonymous and var.name not in query.env \
                        and all(v.name in query.env for v in ast.term_vars(other)):
                    query.env[var.name] = query.term(other, lit)
                    if isinstance(other, ast.BinOp):  # undefined arithmetic: no instance
                        _as_column(query, var.name)
                        query.where.append(f"({query.env[var.name]}) IS NOT NULL")
                    return True
        case ast.Aggregate():
            return _count(query, lit, elsewhere(lit), tables)
    return False


def _as_column(query: _Query, name: str) -> None:
    """With ``lateral``: the variable's expression computed once, as a lateral column."""
    if query.lateral:
        alias = f"b{next(query.aliases)}"
        lateral = "LATERAL " if query.froms else ""
        query.froms.append(f"{lateral}(SELECT {query.env[name]} AS v) AS {alias}")
        query.env[name] = f"{alias}.v"


def _count(query: _Query, agg: ast.Aggregate, outside: set[str],
           tables: Mapping[str, str]) -> bool:
    """Join the count as a lateral subquery once its group variables are bound."""
    inner_names = dict.fromkeys(v.name for v in ast.body_vars(agg.body) if not v.anonymous)
    counted = {v.name for v in agg.vars}
    group = [n for n in inner_names if n in outside]
    if any(n not in query.env for n in group if n not in counted):
        return False
    inner = _Query(query.const, query.aliases,
                   env={n: query.env[n] for n in group if n in query.env})
    count_rule = ast.Rule(ast.Atom("_count", agg.vars), agg.body, agg.span)
    body_into(inner, agg.body, count_rule, tables, lambda _i, atom: tables[atom.pred])
    rows = inner.sql([f"{inner.term(v, agg)} AS a{i}" for i, v in enumerate(agg.vars)] or
                     ["0"], distinct=True, one_line=True)
    alias = f"g{next(query.aliases)}"
    lateral = "" if not query.froms else "LATERAL "
    what = {"count": "count(*)", "min": "min(a0)", "max": "max(a0)",  # ids in value order
            "sum": _checked_int(f"coalesce(sum(CASE WHEN a0 {_INT} THEN a0{_WIDE} END), 0)")}
    query.froms.append(f"{lateral}(SELECT {what[agg.func]} AS n FROM ({rows}) AS d) AS {alias}")
    if agg.func != "count":  # a min or max of nothing, or a sum beyond 64 bits: no value
        query.where.append(f"{alias}.n IS NOT NULL")
    if agg.result.name in query.env:
        query.where.append(f"{query.env[agg.result.name]} = {alias}.n")
    else:
        query.env[agg.result.name] = f"{alias}.n"
    return True


def _filter(query: _Query, lit: ast.BodyLiteral, tables: Mapping[str, str]) -> str:
    match lit:
        case ast.Comparison(op=op, left=left, right=right):
            return f"{query.term(left, lit)} {_OPS[op]} {query.term(right, lit)}"
        case ast.Negation(atom=atom):
            return _not_exists(query, atom, tables)
    raise EngineError(Diagnostic("engine", "duckdb: cannot compile: this count's group "
                                 "variables are never bound", getattr(lit, "span", None)))


def _not_exists(query: _Query, atom: ast.Atom, tables: Mapping[str, str]) -> str:
    alias = f"n{next(query.aliases)}"
    conditions = [f"{alias}.c{i} = {query.term(arg, atom)}" for i, arg in enumerate(atom.args)
                  if not (isinstance(arg, ast.Var) and arg.anonymous)]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"NOT EXISTS (SELECT 1 FROM {tables[atom.pred]} AS {alias}{where})"
