"""Ranks: the round of a bottom-up evaluation, restricted to the model, in which a fact first
becomes derivable.

Asserted facts and facts written in rule files have rank 0. A derived fact has rank ``k`` when
some rule instance has all its positive premises at ranks below ``k`` (and at least one at
``k - 1``), its negations false in the model, its comparisons true and its counts equal to the
model's. Proofs built only from premises of strictly lower rank are well founded: no fact can
support itself, even through recursive rules over cycles.

The evaluation is goal directed: only the predicates the goal depends on positively are ranked
(negated and counted predicates are complete in the model and need no rank), and it is
semi-naive (each round joins only the facts new in the previous round), so its cost is that of
evaluating the relevant rules once, not quadratic in the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterable, Mapping

from reasoner.explain.match import Atom, Key, Matcher, Relation, Row, ground_row
from reasoner.rules.ast import Program, Rule


def relevant_predicates(program: Program, goals: Iterable[str]) -> frozenset[str]:
    """The goal predicates and every predicate they depend on through positive body atoms."""
    rules_of: dict[str, list[Rule]] = {}
    for rule in program.rules:
        rules_of.setdefault(rule.head.pred, []).append(rule)
    seen: set[str] = set()
    todo = list(goals)
    while todo:
        pred = todo.pop()
        if pred in seen:
            continue
        seen.add(pred)
        for rule in rules_of.get(pred, ()):
            todo.extend(lit.pred for lit in rule.body if isinstance(lit, Atom))
    return frozenset(seen)


@dataclass(frozen=True)
class Ranks:
    """The rank of every fact of the relevant predicates (asserted and rule facts: 0)."""

    derived: Mapping[Key, int]
    base: Mapping[str, Collection[Row]]  # asserted facts and rule facts, per predicate

    def rank(self, pred: str, row: Row) -> int | None:
        """The fact's rank, or None if it is neither asserted nor derivable from the model."""
        found = self.derived.get((pred, row))
        if found is not None:
            return found
        return 0 if row in self.base.get(pred, ()) else None


def compute_ranks(program: Program, base: Mapping[str, Collection[Row]], matcher: Matcher,
                  preds: frozenset[str]) -> dict[Key, int]:
    """The rank of every derived fact of ``preds`` (semi-naive rounds restricted to the model)."""
    rules = [r for r in program.rules if r.head.pred in preds and not r.is_fact]
    idb = {r.head.pred for r in rules}
    known = {p: _start(p, idb, base, matcher) for p in preds}
    ranks: dict[Key, int] = {}
    delta: dict[str, Relation] = {}
    round_ = 1
    while True:
        new = _round(rules, known, delta, matcher, ranks, first_round=round_ == 1)
        if not new:
            return ranks
        delta = {}
        for pred, row in new:
            ranks[(pred, row)] = round_
            known[pred].add(row)
            delta.setdefault(pred, Relation()).add(row)
        round_ += 1


def _start(pred: str, idb: set[str], base: Mapping[str, Collection[Row]], matcher: Matcher) -> Relation:
    """A predicate's rank-0 rows: all its model rows if no rule derives it, else its base rows."""
    if pred not in idb:
        return matcher.relation(pred)
    rows = base.get(pred, ())
    return Relation(r for r in matcher.relation(pred).order if r in rows)


def _round(rules: list[Rule], known: dict[str, Relation], delta: dict[str, Relation],
           matcher: Matcher, ranks: dict[Key, int], *, first_round: bool) -> dict[Key, None]:
    """The facts of the model first derivable in this round, in a deterministic order."""
    new: dict[Key, None] = {}
    for rule in rules:
        positions = [None] if first_round else [
            i for i, lit in enumerate(rule.body) if isinstance(lit, Atom) and lit.pred in delta]
        for i in positions:
            def source(j: int, atom: Atom, i: int | None = i) -> Relation:
                return delta[atom.pred] if j == i else known[atom.pred]

            for binding in matcher.solutions(rule.body, {}, source, first=i, head=rule.head):
                row = ground_row(rule.head, binding)
                key = (rule.head.pred, row)
                if row is not None and key not in ranks and row not in known[rule.head.pred] \
                        and matcher.holds(rule.head.pred, row):
                    new[key] = None  # type: ignore[index]
    return new
