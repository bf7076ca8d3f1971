"""AST -> canonical rule text. ``parse_program(print_program(p)) == p`` for every program."""

from __future__ import annotations

import datetime
import re
from typing import Callable, Mapping

from reasoner.rules import ast

_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_ESCAPE = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"})


def print_program(program: ast.Program) -> str:
    """The whole program: prefixes, then rules and facts, then queries, one per line."""
    prefixes = dict(program.prefixes)
    lines = [f"@prefix {name}: <{iri}> ." for name, iri in program.prefixes]
    lines += [print_decl(decl) for decl in program.decls]
    lines += [print_io(io) for io in program.io]
    lines += [print_rule(rule, prefixes) for rule in program.rules]
    lines += [print_query(query, prefixes) for query in program.queries]
    return "\n".join(lines) + ("\n" if lines else "")


def print_decl(decl: ast.Decl) -> str:
    return f".decl {decl.pred}({', '.join(f'{n}: {t}' for n, t in decl.columns)})"


def print_io(io: ast.Io) -> str:
    options = ", ".join(f"{k}={print_value(v)}" for k, v in io.options)
    return f".{io.kind} {io.pred}" + (f"({options})" if options else "")


def print_rule(rule: ast.Rule, prefixes: Mapping[str, str] | None = None) -> str:
    head = print_literal(rule.head, prefixes)
    if rule.is_fact:
        return head + "."
    return f"{head} :- {print_body(rule.body, prefixes)}."


def print_query(query: ast.Query, prefixes: Mapping[str, str] | None = None) -> str:
    return f"?- {print_body(query.body, prefixes)}."


def print_body(body: tuple[ast.BodyLiteral, ...],
               prefixes: Mapping[str, str] | None = None) -> str:
    return ", ".join(print_literal(lit, prefixes) for lit in body)


def print_literal(literal: ast.BodyLiteral, prefixes: Mapping[str, str] | None = None) -> str:
    match literal:
        case ast.Atom(pred=pred, args=()):
            return pred
        case ast.Atom(pred=pred, args=args):
            return f"{pred}({', '.join(print_term(a, prefixes) for a in args)})"
        case ast.Negation(atom=atom):
            return "not " + print_literal(atom, prefixes)
        case ast.Comparison(op=op, left=left, right=right):
            return f"{print_term(left, prefixes)} {op} {print_term(right, prefixes)}"
        case ast.Aggregate(result=result, func=func, vars=vars_, body=body):
            names = ", ".join(v.name for v in vars_)
            return f"{result.name} = {func} {{ {names} : {print_body(body, prefixes)} }}"
    raise TypeError(literal)


_LEVEL = {"+": 1, "-": 1, "*": 2, "/": 2, "mod": 2}


def print_term(term: ast.Expr, prefixes: Mapping[str, str] | None = None) -> str:
    """A term or an arithmetic expression, with the parentheses its grouping needs."""
    if isinstance(term, ast.BinOp):
        level = _LEVEL[term.op]
        left = _operand(term.left, prefixes, needs=lambda n: n < level)
        right = _operand(term.right, prefixes, needs=lambda n: n <= level)  # left-associative
        return f"{left} {term.op} {right}"
    if isinstance(term, ast.Var):
        return term.name
    return print_value(term.value, prefixes)


def _operand(term: ast.Expr, prefixes: Mapping[str, str] | None,
             needs: Callable[[int], bool]) -> str:
    text = print_term(term, prefixes)
    return f"({text})" if isinstance(term, ast.BinOp) and needs(_LEVEL[term.op]) else text


def print_value(value: ast.Value, prefixes: Mapping[str, str] | None = None) -> str:
    """A value as rule text: ``russia``, ``"text"``, ``42``, ``1.5``, ``2022-02-04``, ``<iri>``."""
    if isinstance(value, ast.Symbol):
        return value.name
    if isinstance(value, ast.Iri):
        return _print_iri(value.value, prefixes or {})
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPE) + '"'
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)  # a float's repr reads back as the same float (1.5, 2000.0, 1e-07)


def _print_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    for name, base in sorted(prefixes.items(), key=lambda p: -len(p[1])):
        local = iri[len(base):]
        if base and iri.startswith(base) and _LOCAL.match(local):
            return f"{name}:{local}"
    return f"<{iri}>"
