"""Program -> a plan of DuckDB statements, stratum by stratum, and its readable SQL script.

The rules are grouped by the components of the predicate dependency graph, dependencies
first and lower strata first. Each component is one block:

* **rules**: no recursion. Each rule is one ``INSERT INTO p SELECT ... EXCEPT SELECT * FROM
  p`` (``EXCEPT`` removes duplicates and rows already there).
* **linear recursion**: one predicate whose every rule mentions it at most once. Its other
  rules are inserted first, then one ``WITH RECURSIVE ... UNION`` query runs the recursive
  rules to the fixpoint inside DuckDB: a 3,000-step chain is one statement, not 3,000.
* **semi-naive loop**: mutual or non-linear recursion. After the base rules, each round
  computes ``p#new`` for every predicate p of the component from each recursive rule with
  one recursive atom reading the last round's ``p#delta`` and the others reading the full
  tables, minus what is already known (``EXCEPT``); the new rows are added and become the
  next delta. The engine repeats the round until no predicate has new rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from reasoner.engines.duckdb.sql import ConstSql, columns, quote, select_sql
from reasoner.engines.duckdb.values import kind_and_text
from reasoner.rules import ast
from reasoner.rules.printer import print_rule
from reasoner.rules.stratify import components, dependency_edges, levels


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str
    rule: ast.Rule | None = None  # the rule it compiles, for error spans


@dataclass(frozen=True, slots=True)
class Block:
    """The statements of one component of the dependency graph."""

    stratum: int
    predicates: tuple[str, ...]
    how: str  # "rules", "linear recursion" or "semi-naive loop"
    setup: tuple[Statement, ...]
    loop: tuple[Statement, ...] = ()  # one round of the semi-naive loop
    grows: tuple[Statement, ...] = ()  # the round's INSERTs: it repeats while they add rows
    cleanup: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    tables: Mapping[str, str]  # predicate -> quoted table name
    arities: Mapping[str, int]
    blocks: tuple[Block, ...]
    heads: tuple[str, ...]  # predicates defined by rules, in program order

    def create_tables(self) -> list[str]:
        return [f"CREATE TABLE {self.tables[p]} "
                f"({', '.join(c + ' BIGINT' for c in columns(n))})"
                for p, n in self.arities.items()]


program_arities = ast.predicate_arities


def table_names(preds: list[str]) -> dict[str, str]:
    """Quoted table names; DuckDB folds case even in quotes, so ``aB`` after ``ab`` gets
    ``"aB#2"`` (``#`` cannot occur in a predicate name)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for pred in preds:
        name, n = pred, 1
        while name.lower() in taken:
            n += 1
            name = f"{pred}#{n}"
        taken.add(name.lower())
        names[pred] = name
    return {p: quote(n) for p, n in names.items()}


def suffixed(table: str, suffix: str) -> str:
    """``"p"`` -> ``"p#delta"``: a helper table of p's."""
    return table[:-1] + "#" + suffix + '"'


def compile_plan(program: ast.Program, const: ConstSql,
                 arities: Mapping[str, int] | None = None) -> Plan:
    """The plan of a checked, stratified program; ``arities`` adds EDB-only predicates."""
    found = {**(arities or {}), **program_arities(program)}
    tables = table_names(list(found))
    blocks = tuple(_block(c.stratum, c.predicates, list(c.rules), tables, const, found)
                   for c in component_rules(program))
    return Plan(tables, found, blocks, tuple(dict.fromkeys(r.head.pred for r in program.rules)))


@dataclass(frozen=True, slots=True)
class Component:
    """The rules of one component of the dependency graph, which ones recurse, its stratum."""

    stratum: int
    predicates: tuple[str, ...]
    rules: tuple[ast.Rule, ...]
    recursive: tuple[ast.Rule, ...]

    def recursive_atoms(self, rule: ast.Rule) -> list[int]:
        """The body positions of ``rule`` whose atoms belong to this component."""
        return _recursive_atoms(rule, set(self.predicates))


def component_rules(program: ast.Program) -> list[Component]:
    """The components of the rule heads, dependencies first and lower strata first (the order
    every SQL engine evaluates them in)."""
    rules = list(program.rules)
    edges = dependency_edges(rules)
    heads = list(dict.fromkeys(r.head.pred for r in rules))
    nodes = list(dict.fromkeys(heads + [e.body for e in edges]))
    level = levels(nodes, edges)
    head_set = set(heads)
    comps = [c for c in components(nodes, edges) if c & head_set]
    comps.sort(key=lambda c: level[next(iter(c))])  # stable: dependencies stay first
    stratum_of = {lv: i for i, lv in enumerate(sorted({level[h] for h in heads}), 1)}
    out = []
    for comp in comps:
        preds = tuple(p for p in heads if p in comp)
        comp_rules = tuple(r for r in rules if r.head.pred in comp)
        out.append(Component(stratum_of[level[preds[0]]], preds, comp_rules,
                             tuple(r for r in comp_rules if _recursive_atoms(r, comp))))
    return out


def _block(stratum: int, preds: tuple[str, ...], rules: list[ast.Rule],
           tables: Mapping[str, str], const: ConstSql, arities: Mapping[str, int]) -> Block:
    comp = set(preds)
    recursive = [r for r in rules if _recursive_atoms(r, comp)]
    base = [r for r in rules if r not in recursive]
    setup = _facts(base, tables, const) + [_insert(r, tables, const) for r in base
                                           if not r.is_fact]
    if not recursive:
        return Block(stratum, preds, "rules", tuple(setup))
    if len(preds) == 1 and all(len(_recursive_atoms(r, comp)) == 1 for r in recursive):
        setup.append(_with_recursive(preds[0], recursive, tables, const))
        return Block(stratum, preds, "linear recursion", tuple(setup))
    return _loop(stratum, preds, setup, recursive, tables, const, arities)


def _recursive_atoms(rule: ast.Rule, comp: set[str]) -> list[int]:
    return [i for i, lit in enumerate(rule.body)
            if isinstance(lit, ast.Atom) and lit.pred in comp]


def _facts(rules: list[ast.Rule], tables: Mapping[str, str], const: ConstSql
           ) -> list[Statement]:
    """One bulk INSERT per predicate for the program's own facts."""
    out = []
    for pred, facts in facts_by_pred(rules).items():
        table = tables[pred]
        out.append(Statement(f"INSERT INTO {table}\n{values_sql(facts, const)}\n"
                             f"EXCEPT SELECT * FROM {table}", facts[0]))
    return out


def facts_by_pred(rules: list[ast.Rule]) -> dict[str, list[ast.Rule]]:
    by_pred: dict[str, list[ast.Rule]] = {}
    for rule in rules:
        if rule.is_fact:
            by_pred.setdefault(rule.head.pred, []).append(rule)
    return by_pred


def values_sql(facts: list[ast.Rule], const: ConstSql) -> str:
    """The rows of a predicate's facts as one ``SELECT * FROM (VALUES ...)``."""
    rows = ",\n  ".join("(" + (", ".join(const(a.value) for a in f.head.args  # type: ignore
                                         ) or "0") + ")" for f in facts)
    names = ", ".join(columns(facts[0].head.arity))
    return f"SELECT * FROM (VALUES\n  {rows}\n) AS v({names})"


def _insert(rule: ast.Rule, tables: Mapping[str, str], const: ConstSql) -> Statement:
    table = tables[rule.head.pred]
    return Statement(f"INSERT INTO {table}\n{select_sql(rule, tables, const)}\n"
                     f"EXCEPT SELECT * FROM {table}", rule)


def _with_recursive(pred: str, rules: list[ast.Rule], tables: Mapping[str, str],
                    const: ConstSql) -> Statement:
    table = tables[pred]
    cte = suffixed(table, "rec")

    def source(_i: int, atom: ast.Atom) -> str:
        return cte if atom.pred == pred else tables[atom.pred]

    selects = [select_sql(r, tables, const, source=source) for r in rules]
    step = selects[0] if len(selects) == 1 else \
        "SELECT * FROM (\n  " + _indent("\nUNION ALL\n".join(selects)) + "\n)"
    body = _indent(f"SELECT * FROM {table}\nUNION\n{step}")
    cols = ", ".join(columns(rules[0].head.arity))
    sql = (f"INSERT INTO {table}\nWITH RECURSIVE {cte}({cols}) AS (\n  {body}\n)\n"
           f"SELECT * FROM {cte} EXCEPT SELECT * FROM {table}")
    return Statement(sql, rules[0])


def _indent(sql: str) -> str:
    return sql.replace("\n", "\n  ")


def _loop(stratum: int, preds: tuple[str, ...], setup: list[Statement],
          recursive: list[ast.Rule], tables: Mapping[str, str], const: ConstSql,
          arities: Mapping[str, int]) -> Block:
    comp = set(preds)
    delta = {p: suffixed(tables[p], "delta") for p in preds}
    new = {p: suffixed(tables[p], "new") for p in preds}
    setup += [Statement(f"CREATE OR REPLACE TEMP TABLE {delta[p]} AS SELECT * FROM {tables[p]}")
              for p in preds]
    loop = []
    for pred in preds:
        variants = [_variant(r, i, tables, delta, const) for r in recursive
                    if r.head.pred == pred for i in _recursive_atoms(r, comp)]
        union = "\nUNION ALL\n".join(variants) or f"SELECT * FROM {tables[pred]} LIMIT 0"
        first = next((r for r in recursive if r.head.pred == pred), None)
        names = ", ".join(columns(arities[pred]))
        loop.append(Statement(f"CREATE OR REPLACE TEMP TABLE {new[pred]} AS\n"
                              f"SELECT * FROM (\n  {_indent(union)}\n) AS u({names})\n"
                              f"EXCEPT SELECT * FROM {tables[pred]}", first))
    loop += [Statement(f"CREATE OR REPLACE TEMP TABLE {delta[p]} AS SELECT * FROM {new[p]}")
             for p in preds]
    grows = tuple(Statement(f"INSERT INTO {tables[p]} SELECT * FROM {new[p]}") for p in preds)
    cleanup = tuple(Statement(f"DROP TABLE {t[p]}") for t in (delta, new) for p in preds)
    return Block(stratum, preds, "semi-naive loop", tuple(setup), tuple(loop), grows, cleanup)


def _variant(rule: ast.Rule, at: int, tables: Mapping[str, str], delta: Mapping[str, str],
             const: ConstSql) -> str:
    """The rule with its recursive atom number ``at`` reading the last round's delta."""
    def source(i: int, atom: ast.Atom) -> str:
        return delta[atom.pred] if i == at else tables[atom.pred]

    return select_sql(rule, tables, const, source=source)


# -- the readable script -------------------------------------------------------------------

_HEADER = """\
-- DuckDB SQL compiled from the rules by the reasoner's duckdb engine.
--
-- Every predicate is a table of BIGINT columns c0, c1, ... (a proposition has one column,
-- always 0) holding value ids. An integer is its own id, a date's id is 2**62 + 2**61 plus
-- its ordinal; every other value gets an id from 2**62 up, in the rule language's value
-- order (symbols < strings < IRIs < dates), so comparing ids compares values. value_ids lists them; at run time the engine writes each
-- constant's id in place of its const_id(kind, text) call, and loads the facts in bulk.
CREATE TABLE value_ids (id BIGINT PRIMARY KEY, kind VARCHAR, text VARCHAR);
CREATE MACRO const_id(k, t) AS (SELECT id FROM value_ids WHERE kind = k AND text = t);"""


def display_const(value: ast.Value) -> str:
    """A constant as readable SQL: ``42`` or ``const_id('symbol', 'russia')``."""
    if isinstance(value, (int, float)):
        return repr(value)
    kind, text = kind_and_text(value)
    return f"const_id('{kind}', '{text.replace(chr(39), chr(39) * 2)}')"


def script(program: ast.Program, plan: Plan) -> str:
    """The plan as one SQL script: a commented block per stratum, component and rule."""
    prefixes = dict(program.prefixes)
    parts = [_HEADER, "\n-- Tables, one per predicate (data facts are loaded into them).",
             ";\n".join(plan.create_tables()) + ";"]
    for stratum, blocks in itertools.groupby(plan.blocks, key=lambda b: b.stratum):
        parts.append(f"\n-- ==== stratum {stratum} " + "=" * 60)
        for block in blocks:
            parts.append(f"\n-- {', '.join(block.predicates)}: {block.how}")
            parts += [_statement(s, prefixes) for s in block.setup]
            if block.loop:
                parts.append("-- LOOP: repeat up to END LOOP until a round's INSERTs add no "
                             "rows")
                parts += [_statement(s, prefixes) for s in (*block.loop, *block.grows)]
                parts.append("-- END LOOP")
                parts += [_statement(s, prefixes) for s in block.cleanup]
    return "\n".join(parts) + "\n"


def _statement(statement: Statement, prefixes: Mapping[str, str]) -> str:
    comment = ""
    rule = statement.rule
    if rule is not None:
        where = f"{rule.span}: " if rule.span else ""
        text = f"facts of {rule.head.pred}, the first one here" if rule.is_fact else \
            print_rule(rule, prefixes)
        comment = f"-- {where}{text}\n"
    return comment + statement.sql + ";"
