"""Program and facts -> ASP text for clingo, and clingo symbols -> rule values.

Value mapping (exact both ways, and clingo's term order is the rule language's order):

============  =======================  ===================
rule value     clingo term              example
============  =======================  ===================
int            number                   ``42``
Symbol         constant                 ``russia``
str            string                   ``"text"``
Iri            ``iri("...")``           ``iri("http://example.org/x")``
date           ``date(Y,M,D)``          ``date(2022,2,4)``
============  =======================  ===================
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable, Iterable

import clingo

from reasoner.errors import EngineError
from reasoner.rules import ast

_ESCAPE = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n"})


@dataclass(frozen=True, slots=True)
class CompiledProgram:
    text: str
    rules: tuple[ast.Rule, ...]  # rules[i] is on line i + 1 of text


def value_text(value: ast.Value) -> str:
    """A rule value as a clingo term."""
    if isinstance(value, ast.Symbol):
        return value.name
    if isinstance(value, bool):
        raise EngineError(f"{value!r} is not a rule value")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPE) + '"'
    if isinstance(value, ast.Iri):
        return 'iri("' + value.value.translate(_ESCAPE) + '")'
    if isinstance(value, datetime.date):
        return f"date({value.year},{value.month},{value.day})"
    raise EngineError(f"{value!r} is not a rule value")


def symbol_value(symbol: clingo.Symbol) -> ast.Value:
    """A clingo term back as a rule value."""
    kind = symbol.type
    if kind == clingo.SymbolType.Number:
        return symbol.number
    if kind == clingo.SymbolType.String:
        return symbol.string
    if kind == clingo.SymbolType.Function:
        args = symbol.arguments
        if not args:
            return ast.Symbol(symbol.name)
        if symbol.name == "iri" and len(args) == 1:
            return ast.Iri(args[0].string)
        if symbol.name == "date" and len(args) == 3:
            return datetime.date(args[0].number, args[1].number, args[2].number)
    raise EngineError(f"clingo returned a term outside the rule language: {symbol}")


def term_text(term: ast.Term) -> str:
    if isinstance(term, ast.Var):
        return "_" if term.anonymous else "V" + term.name  # V: clingo variables need A-Z
    return value_text(term.value)


def atom_text(atom: ast.Atom) -> str:
    if not atom.args:
        return atom.pred
    return f"{atom.pred}({','.join(term_text(a) for a in atom.args)})"


def literal_text(literal: ast.BodyLiteral) -> str:
    match literal:
        case ast.Atom():
            return atom_text(literal)
        case ast.Negation(atom=atom):
            return "not " + atom_text(atom)
        case ast.Comparison(op=op, left=left, right=right):
            return f"{term_text(left)}{op}{term_text(right)}"
        case ast.Aggregate(result=result, vars=vars_, body=body):
            counted = ",".join(term_text(v) for v in vars_)
            cond = ",".join(literal_text(lit) for lit in body)
            return f"{term_text(result)}=#count{{{counted}:{cond}}}"
    raise TypeError(literal)


def rule_text(rule: ast.Rule) -> str:
    if rule.is_fact:
        return atom_text(rule.head) + "."
    return f"{atom_text(rule.head)}:-{','.join(literal_text(lit) for lit in rule.body)}."


def compile_program(program: ast.Program) -> CompiledProgram:
    """One rule per line, so clingo's line numbers lead back to the rule and its span."""
    return CompiledProgram("\n".join(rule_text(r) for r in program.rules) + "\n", program.rules)


def facts_text(rows_by_pred: Iterable[tuple[str, Iterable[tuple[ast.Value, ...]]]]) -> str:
    """All facts as one ASP text, for one bulk ``Control.add``."""
    cache: dict[ast.Value, str] = {}
    text_of: Callable[[ast.Value], str] = lambda v: cache.get(v) or cache.setdefault(
        v, value_text(v))
    parts = []
    for pred, rows in rows_by_pred:
        for row in rows:
            parts.append(f"{pred}({','.join(map(text_of, row))})." if row else f"{pred}.")
    return "\n".join(parts) + "\n"


def show_text(program: ast.Program, heads: list[str]) -> str:
    """``#show (i, V0, ...) : head_i(V0, ...).`` for every head: the model as tuples tagged with
    the predicate's index, which decodes faster than atoms (no name lookups)."""
    arity = {r.head.pred: r.head.arity for r in program.rules}
    lines = ["#show."]
    for i, pred in enumerate(heads):
        vs = [f"V{k}" for k in range(arity[pred])]
        atom = f"{pred}({','.join(vs)})" if vs else pred
        lines.append(f"#show ({','.join([str(i), *vs])}{',' if not vs else ''}) : {atom}.")
    return "\n".join(lines) + "\n"
