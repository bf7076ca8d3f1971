"""Predicates are name/arity: ``state/1`` and ``state/4`` are two relations, as in clingo,
Soufflé and Prolog.

Facts and models stay keyed by name (a name's rows may have several lengths; a row's length is
its arity). Engines name a relation by its name alone, so before an engine runs, :func:`split`
renames every name used with two or more arities to one internal name per arity
(``state__1``, ``state__4``), and :meth:`Split.join` folds the model back under the user's names.
A program whose names each have one arity (every shipped rule file) passes through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Collection, Iterable, Mapping, TypeAlias

from reasoner.rules import ast

Signature: TypeAlias = tuple[str, int]  # ("state", 1)
Rows: TypeAlias = Collection[tuple[ast.Value, ...]]


def show(sig: Signature) -> str:
    return f"{sig[0]}/{sig[1]}"


def program_signatures(program: ast.Program) -> dict[Signature, None]:
    """Every name/arity the program mentions (heads, bodies, queries), in order of appearance."""
    found: dict[Signature, None] = {}
    for rule in program.rules:
        found[(rule.head.pred, rule.head.arity)] = None
        for atom, _ in ast.body_atoms(rule.body):
            found[(atom.pred, atom.arity)] = None
    for query in program.queries:
        for atom, _ in ast.body_atoms(query.body):
            found[(atom.pred, atom.arity)] = None
    return found


def fact_signatures(facts: Mapping[str, Rows]) -> set[Signature]:
    """The name/arity of every non-empty fact relation (a name may come with several)."""
    # set(map(len, ...)) runs in C: a million rows cost milliseconds.
    return {(pred, n) for pred, rows in facts.items() for n in set(map(len, rows))}


def as_signatures(edb: Mapping[str, int] | Iterable[Signature] | None) -> set[Signature]:
    """``{"state": 1}`` or ``{("state", 1), ...}`` as a set of signatures."""
    if edb is None:
        return set()
    if isinstance(edb, Mapping):
        return {(name, n) for name, n in edb.items()}
    return set(edb)


@dataclass(frozen=True)
class Split:
    """A program and its facts with one engine name per name/arity, and the way back."""

    program: ast.Program
    facts: Mapping[str, Rows]
    renamed: Mapping[str, str] = field(default_factory=dict)  # internal name -> user's name

    def join(self, model: dict[str, frozenset[tuple[ast.Value, ...]]]
             ) -> dict[str, frozenset[tuple[ast.Value, ...]]]:
        """The engine's model under the user's names (a name's arities in one row set)."""
        if not self.renamed:
            return model
        out: dict[str, frozenset[tuple[ast.Value, ...]]] = {}
        for pred, rows in model.items():
            name = self.renamed.get(pred, pred)
            out[name] = out[name] | rows if name in out else rows
        return out


def split(program: ast.Program, facts: Mapping[str, Rows]) -> Split:
    """See the module docstring. ``facts`` may hold rows of several lengths under one name."""
    arities: dict[str, set[int]] = {}
    for name, n in list(program_signatures(program)) + sorted(fact_signatures(facts)):
        arities.setdefault(name, set()).add(n)
    clashing = {name for name, ns in arities.items() if len(ns) > 1}
    if not clashing:
        return Split(program, facts)
    taken = set(arities)
    internal: dict[Signature, str] = {}
    for name in sorted(clashing):
        for n in sorted(arities[name]):
            candidate = f"{name}__{n}"
            while candidate in taken:  # a user's own name ending in __N: step aside
                candidate += "_"
            taken.add(candidate)
            internal[(name, n)] = candidate
    new_facts: dict[str, Rows] = {}
    for pred, rows in facts.items():
        if pred not in clashing:
            new_facts[pred] = rows
            continue
        for row in rows:
            target = new_facts.setdefault(internal[(pred, len(row))], set())
            target.add(row)  # type: ignore[attr-defined]
    new_program = rename(program, internal)
    return Split(new_program, new_facts, {v: k[0] for k, v in internal.items()})


def rename(program: ast.Program, names: Mapping[Signature, str]) -> ast.Program:
    """``program`` with each atom whose name/arity is in ``names`` renamed."""
    def atom(a: ast.Atom) -> ast.Atom:
        new = names.get((a.pred, a.arity))
        return a if new is None else ast.Atom(new, a.args, a.span)

    def literal(lit: ast.BodyLiteral) -> ast.BodyLiteral:
        match lit:
            case ast.Atom():
                return atom(lit)
            case ast.Negation(atom=inner):
                return ast.Negation(atom(inner), lit.span)
            case ast.Aggregate(body=body):
                return replace(lit, body=tuple(literal(x) for x in body))
        return lit

    rules = tuple(ast.Rule(atom(r.head), tuple(literal(x) for x in r.body), r.span)
                  for r in program.rules)
    queries = tuple(ast.Query(tuple(literal(x) for x in q.body), q.span) for q in program.queries)
    return replace(program, rules=rules, queries=queries)
