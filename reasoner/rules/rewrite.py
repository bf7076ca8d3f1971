"""Pure rewrites of rule ASTs that several engines share (they never mutate their input)."""

from __future__ import annotations

from dataclasses import replace

from reasoner.rules import ast


def substitute_term(term: ast.Term, name: str, by: ast.Term) -> ast.Term:
    """``by`` in place of the variable ``name``."""
    return by if isinstance(term, ast.Var) and term.name == name else term


def substitute_literal(lit: ast.BodyLiteral, name: str, by: ast.Term) -> ast.BodyLiteral:
    """``lit`` with the variable ``name`` replaced by ``by`` everywhere, aggregate bodies included."""
    match lit:
        case ast.Atom(args=args):
            return replace(lit, args=tuple(substitute_term(a, name, by) for a in args))
        case ast.Negation(atom=atom):
            return replace(lit, atom=substitute_literal(atom, name, by))  # type: ignore[arg-type]
        case ast.Comparison(left=left, right=right):
            return replace(lit, left=substitute_term(left, name, by), right=substitute_term(right, name, by))
        case ast.Aggregate(body=body):
            return replace(lit, body=tuple(substitute_literal(b, name, by) for b in body))
    raise TypeError(lit)
