"""A small evaluator of rule bodies over a materialised model.

Everything in explanations is computed over the model an engine returned, so it works with every
engine. This module matches rule bodies against rows: hash-indexed relations, unification,
comparisons in the engine-independent value order, ``not`` against the model and ``count``
aggregates. Rule bodies are evaluated literal by literal, choosing at each step the literal with
the most bound arguments, so joins use the indexes.
"""

from __future__ import annotations

from typing import Callable, Collection, Iterable, Iterator, Mapping

from reasoner.rules import arith, ast
from reasoner.rules.ast import (Aggregate, Atom, BodyLiteral, Comparison, Const, Negation, Rule,
                                Term, Value, Var, sort_key)
from reasoner.rules.checks import group_vars, outside_of

Row = tuple[Value, ...]
Binding = dict[str, Value]
Key = tuple[str, Row]
# The rows a positive body literal may match: (body position, atom) -> relation.
Positive = Callable[[int, Atom], "Relation"]
# Which rows of a positive literal are admitted (e.g. only facts of lower rank).
Admit = Callable[[str, Row], bool]


def row_order(row: Row) -> tuple[tuple[int, object], ...]:
    return tuple(sort_key(v) for v in row)


class Relation:
    """The rows of one predicate with hash indexes on bound positions, built on first use.

    A lookup returns its rows in value order (each bucket is sorted the first time it is read),
    so every search over relations is the same on every run whatever the hash seed.
    """

    __slots__ = ("rows", "_indexes", "_sorted")

    def __init__(self, rows: Collection[Row] = ()) -> None:
        self.rows: Collection[Row] = rows if isinstance(rows, (set, frozenset)) else frozenset(rows)
        self._indexes: dict[tuple[int, ...], dict[Row, list[Row]]] = {}
        self._sorted: set[tuple[tuple[int, ...], Row]] = set()

    def lookup(self, positions: tuple[int, ...], key: Row) -> list[Row]:
        """The rows whose values at ``positions`` are ``key``, in value order."""
        if positions and len(positions) == len(key) and self.rows and \
                len(positions) == len(next(iter(self.rows))) and positions == tuple(range(len(key))):
            return [key] if key in self.rows else []
        index = self._indexes.get(positions)
        if index is None:
            index = self._indexes[positions] = {}
            # a name's rows may have several lengths (name/arity): skip those too short here
            need = max(positions) + 1 if positions else 0
            for row in self.rows:
                if len(row) < need:
                    continue
                index.setdefault(tuple(row[i] for i in positions), []).append(row)
        bucket = index.get(key)
        if bucket is None:
            return []
        if (positions, key) not in self._sorted:
            bucket.sort(key=row_order)
            self._sorted.add((positions, key))
        return bucket

    @property
    def order(self) -> list[Row]:
        """Every row, in value order."""
        return self.lookup((), ())

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, row: object) -> bool:
        return row in self.rows


# -- terms and bindings -------------------------------------------------------------------------

def value_of(term: Term, binding: Mapping[str, Value]) -> Value | None:
    """The value of a term under a binding, or None if it is an unbound (or anonymous) variable."""
    # Hot: called for every argument at every step of every join, so no properties or
    # isinstance chains (a Var named "_" is anonymous).
    if type(term) is Const:
        return term.value  # type: ignore[union-attr]
    if type(term) is ast.BinOp:
        return arith.evaluate(term, binding) if expr_ready(term, binding) else None
    name = term.name  # type: ignore[union-attr]
    return None if name == "_" else binding.get(name)


def expr_ready(term: ast.Expr, binding: Mapping[str, Value]) -> bool:
    """Whether every variable of ``term`` is bound (its value is then known, or undefined)."""
    return all(v.name in binding for v in ast.term_vars(term))


def unify(atom: Atom, row: Row, binding: Mapping[str, Value]) -> Binding | None:
    """``binding`` extended so that ``atom`` matches ``row``, or None."""
    if len(atom.args) != len(row):
        return None
    out = dict(binding)
    for term, value in zip(atom.args, row):
        if type(term) is Const:
            if not same(term.value, value):  # type: ignore[union-attr]
                return None
        elif term.name != "_":  # type: ignore[union-attr]
            known = out.get(term.name)  # type: ignore[union-attr]
            if known is None:
                out[term.name] = value  # type: ignore[union-attr]
            elif not same(known, value):
                return None
    return out


def same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and a == b


def compare(op: str, left: Value, right: Value) -> bool:
    """A comparison in the engine-independent order (integers < symbols < strings < IRIs < dates)."""
    if op in ("=", "!="):  # identity: 1 and 1.0 are different values
        return same(left, right) == (op == "=")
    a, b = sort_key(left), sort_key(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def substitute(literal: BodyLiteral, binding: Mapping[str, Value]) -> BodyLiteral:
    """The literal with its bound variables replaced by their values."""
    def term(t: Term) -> Term:
        value = value_of(t, binding)
        return Const(value) if value is not None and isinstance(t, Var) else t

    match literal:
        case Atom(pred=pred, args=args):
            return Atom(pred, tuple(term(a) for a in args))
        case Negation(atom=atom):
            return Negation(substitute(atom, binding))  # type: ignore[arg-type]
        case Comparison(op=op, left=left, right=right):
            return Comparison(op, term(left), term(right))
        case Aggregate(result=result, func=func, vars=vars_, body=body):
            counted = {v.name for v in vars_}
            inner = {k: v for k, v in binding.items() if k not in counted}
            return Aggregate(result, func, vars_, tuple(substitute(b, inner) for b in body))
    raise TypeError(literal)


def ground_row(atom: Atom, binding: Mapping[str, Value]) -> Row | None:
    """The atom's row under ``binding``, or None if some argument is unbound."""
    values = [value_of(t, binding) for t in atom.args]
    return None if any(v is None for v in values) else tuple(values)  # type: ignore[return-value]


def literal_ready(literal: BodyLiteral, binding: Mapping[str, Value]) -> bool:
    """Whether a non-atom literal can be checked (or bind) under ``binding``."""
    match literal:
        case Negation(atom=atom):
            return all(type(t) is Const or t.name == "_" or t.name in binding  # type: ignore[union-attr]
                       for t in atom.args)
        case Comparison(op=op, left=left, right=right):
            if expr_ready(left, binding) and expr_ready(right, binding):
                return True  # checkable, even if some arithmetic in it is undefined
            lv, rv = value_of(left, binding), value_of(right, binding)
            # "=" binds an unbound variable side, never an expression (N + 1 = 3 solves nothing)
            return op == "=" and ((lv is not None and type(right) is Var) or
                                  (rv is not None and type(left) is Var))
    return False


def aggregate_groups(body: tuple[BodyLiteral, ...], head: Atom | None) -> dict[int, list[str]]:
    """For each aggregate in ``body`` (by position), its grouping variables."""
    head_vars = {v.name for v in ast.literal_vars(head)} if head is not None else set()
    return {i: group_vars(lit, outside_of(lit, body) | head_vars)
            for i, lit in enumerate(body) if isinstance(lit, Aggregate)}


# -- evaluation -----------------------------------------------------------------------------------

class Matcher:
    """Evaluates rule bodies over a model (predicate -> rows)."""

    def __init__(self, model: Mapping[str, Iterable[Row]]) -> None:
        self._model = model
        self._relations: dict[str, Relation] = {}

    def relation(self, pred: str) -> Relation:
        """The model's rows of ``pred`` (sorted, indexed on use)."""
        rel = self._relations.get(pred)
        if rel is None:
            rel = self._relations[pred] = Relation(self._model.get(pred, frozenset()))
        return rel

    def holds(self, pred: str, row: Row) -> bool:
        return row in self.relation(pred)

    def model_source(self, _i: int, atom: Atom) -> Relation:
        return self.relation(atom.pred)

    def matches(self, atom: Atom, binding: Mapping[str, Value],
                relation: Relation) -> Iterator[tuple[Binding, Row]]:
        """Every extension of ``binding`` under which ``atom`` matches a row of ``relation``."""
        for row in relation.lookup(*_pattern(atom, binding)):
            extended = unify(atom, row, binding)
            if extended is not None:
                yield extended, row

    def exists(self, atom: Atom, binding: Mapping[str, Value]) -> bool:
        return next(self.matches(atom, binding, self.relation(atom.pred)), None) is not None

    def count(self, agg: Aggregate, binding: Mapping[str, Value]) -> list[Row]:
        """The distinct counted tuples of ``agg`` in the group ``binding`` fixes, in value order.

        A counted variable already bound outside the aggregate groups it (clingo's semantics:
        with ``Y`` bound, ``count { Y : r(X, Y) }`` is 1 or 0), so the whole binding applies.
        """
        found = {tuple(b[v.name] for v in agg.vars)
                 for b in self.solutions(agg.body, binding, self.model_source)}
        return sorted(found, key=row_order)

    def solutions(self, body: tuple[BodyLiteral, ...], binding: Mapping[str, Value],
                  positive: Positive, *, admit: Admit | None = None, first: int | None = None,
                  head: Atom | None = None) -> Iterator[Binding]:
        """Every binding extending ``binding`` under which ``body`` holds.

        Positive literals match the relation ``positive`` gives for their position (restricted
        by ``admit``); ``not`` and ``count`` are evaluated over the whole model. ``first`` is
        the position to match first (the delta of a semi-naive round).
        """
        for found, _ in self.instances(body, binding, positive, admit=admit, first=first, head=head):
            yield found

    def instances(self, body: tuple[BodyLiteral, ...], binding: Mapping[str, Value],
                  positive: Positive, *, admit: Admit | None = None, first: int | None = None,
                  head: Atom | None = None) -> Iterator[tuple[Binding, dict[int, Row]]]:
        """Like :meth:`solutions`, with the row each positive literal matched (by position)."""
        groups = aggregate_groups(body, head)
        pending = tuple(range(len(body)))
        for found, rows in self._solve(body, pending, dict(binding), (), positive, admit, first, groups):
            yield found, dict(rows)

    def _solve(self, body: tuple[BodyLiteral, ...], pending: tuple[int, ...], binding: Binding,
               rows: tuple[tuple[int, Row], ...], positive: Positive, admit: Admit | None,
               first: int | None, groups: dict[int, list[str]]
               ) -> Iterator[tuple[Binding, tuple[tuple[int, Row], ...]]]:
        if not pending:
            yield binding, rows
            return
        i = first if first in pending else self.next_literal(body, pending, binding, groups, positive)
        if i is None:
            return
        rest = tuple(j for j in pending if j != i)
        for extended, row in self.step(body[i], i, binding, positive, admit):
            matched = rows + ((i, row),) if row is not None else rows
            yield from self._solve(body, rest, extended, matched, positive, admit, None, groups)

    def step(self, literal: BodyLiteral, i: int, binding: Binding, positive: Positive,
             admit: Admit | None) -> Iterator[tuple[Binding, Row | None]]:
        """The extensions of ``binding`` under which one literal holds (with the matched row)."""
        match literal:
            case Atom():
                for extended, row in self.matches(literal, binding, positive(i, literal)):
                    if admit is None or admit(literal.pred, row):
                        yield extended, row
            case Negation(atom=atom):
                if not self.exists(atom, binding):
                    yield binding, None
            case Comparison():
                extended = check_comparison(literal, binding)
                if extended is not None:
                    yield extended, None
            case Aggregate(result=result, func=func):
                n = arith.aggregate(func, self.count(literal, binding))
                if n is None:  # a min or max of nothing, a sum beyond 64 bits
                    return
                known = binding.get(result.name)
                if known is None:
                    yield {**binding, result.name: n}, None
                elif same(known, n):
                    yield binding, None

    def next_literal(self, body: tuple[BodyLiteral, ...], pending: tuple[int, ...],
                     binding: Mapping[str, Value], groups: dict[int, list[str]],
                     positive: Positive | None = None) -> int | None:
        """The literal to evaluate next: a ready check, else the atom with the fewest candidate
        rows (an index lookup), else an aggregate whose groups are bound."""
        best, best_size = None, -1
        for i in pending:
            literal = body[i]
            if isinstance(literal, (Negation, Comparison)) and literal_ready(literal, binding):
                return i
            if isinstance(literal, Atom):
                relation = (positive or self.model_source)(i, literal)
                size = len(relation.lookup(*_pattern(literal, binding)))
                if best is None or size < best_size:
                    best, best_size = i, size
        if best is not None:
            return best
        for i in pending:
            if isinstance(body[i], Aggregate) and all(g in binding for g in groups.get(i, ())):
                return i
        return None


def _pattern(atom: Atom, binding: Mapping[str, Value]) -> tuple[tuple[int, ...], Row]:
    """The bound positions of ``atom`` and their values (the index key)."""
    positions, key = [], []
    for i, term in enumerate(atom.args):
        if type(term) is Const:
            value = term.value  # type: ignore[union-attr]
        else:
            name = term.name  # type: ignore[union-attr]
            value = None if name == "_" else binding.get(name)
        if value is not None:
            positions.append(i)
            key.append(value)
    return tuple(positions), tuple(key)


def check_comparison(literal: Comparison, binding: Mapping[str, Value]) -> Binding | None:
    """``binding`` if the comparison holds (extended when ``=`` binds a variable), else None."""
    lv, rv = value_of(literal.left, binding), value_of(literal.right, binding)
    if (lv is None and expr_ready(literal.left, binding)) or \
            (rv is None and expr_ready(literal.right, binding)):
        return None  # undefined arithmetic: the instance does not hold
    if literal.op == "=" and (lv is None) != (rv is None):
        var = literal.left if lv is None else literal.right
        if isinstance(var, Var) and not var.anonymous:
            return {**binding, var.name: rv if lv is None else lv}  # type: ignore[dict-item]
        return None
    if lv is None or rv is None:
        return None
    return dict(binding) if compare(literal.op, lv, rv) else None


def rule_facts(rules: Iterable[Rule]) -> dict[Key, Rule]:
    """The facts written in rule files (``alliance(nato).``), with the rule that states each."""
    out: dict[Key, Rule] = {}
    for rule in rules:
        if rule.is_fact:
            row = ground_row(rule.head, {})
            if row is not None:
                out.setdefault((rule.head.pred, row), rule)
    return out
