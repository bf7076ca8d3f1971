"""Ranks: the round of a bottom-up evaluation, restricted to the model, in which a fact first
becomes derivable.

Asserted facts and facts written in rule files have rank 0. A derived fact has rank
``1 + max(ranks of the positive premises)`` (``1`` with no positive premise), minimised over the
rule instances that derive it in the model (its negations false in the model, its comparisons
true, its counts equal to the model's). That is exactly the round of naive bottom-up evaluation
in which it first appears. Proofs built only from premises of strictly lower rank are well
founded: no fact can support itself, even through recursive rules over cycles.

The computation is goal directed. It first collects the *support* of the goal facts: the
ground rule instances (over the model) that derive them, the instances that derive their
premises, and so on down to asserted facts and to facts already ranked. Then it ranks the
support with Knuth's generalisation of Dijkstra's algorithm (``1 + max`` is a superior
function): facts are settled in increasing rank from a priority queue, and an instance fires
once all its premises are settled. The cost is linear in the size of the support (instances
times premises, plus a logarithmic queue), not in the model: explaining one path in a
160,000-fact transitive closure touches a few hundred facts.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Collection, Iterable, Mapping

from reasoner.explain.match import Atom, Key, Matcher, Row, row_order, unify
from reasoner.rules.ast import Program, Rule


@dataclass(frozen=True)
class Ranks:
    """The rank of facts (asserted and rule facts: 0; derived facts once ranked)."""

    derived: Mapping[Key, int]
    base: Mapping[str, Collection[Row]]  # asserted facts and rule facts, per predicate

    def rank(self, pred: str, row: Row) -> int | None:
        """The fact's rank, or None if it is not asserted and not (yet) ranked."""
        found = self.derived.get((pred, row))
        if found is not None:
            return found
        return 0 if row in self.base.get(pred, ()) else None


@dataclass
class Support:
    """The ground rule instances under some goals: for each derived fact, the premises of each
    instance that derives it in the model."""

    program: Program
    matcher: Matcher
    ranks: Ranks
    instances: dict[Key, list[tuple[Key, ...]]] = field(default_factory=dict)
    _rules: dict[str, list[Rule]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for rule in self.program.rules:
            if not rule.is_fact:
                self._rules.setdefault(rule.head.pred, []).append(rule)

    def known(self, key: Key) -> bool:
        return self.ranks.rank(*key) is not None

    def collect(self, goals: Iterable[Key]) -> None:
        """Every unranked derived fact below ``goals``, with its instances (iteratively)."""
        todo = [g for g in goals if not self.known(g)]
        while todo:
            key = todo.pop()
            if key in self.instances:
                continue
            found = self.instances[key] = list(self.premises_of(key))
            todo.extend(p for premises in found for p in premises
                        if p not in self.instances and not self.known(p))

    def premises_of(self, key: Key) -> Iterable[tuple[Key, ...]]:
        """The positive premises of each rule instance deriving ``key`` in the model (each once)."""
        pred, row = key
        seen: set[tuple[Key, ...]] = set()
        for rule in self._rules.get(pred, ()):
            start = unify(rule.head, row, {})
            if start is None:
                continue
            atoms = [i for i, lit in enumerate(rule.body) if isinstance(lit, Atom)]
            for _, rows in self.matcher.instances(rule.body, start, self.matcher.model_source,
                                                  head=rule.head):
                premises = tuple((rule.body[i].pred, rows[i]) for i in atoms)  # type: ignore[union-attr]
                if premises not in seen:
                    seen.add(premises)
                    yield premises

    def settle(self) -> dict[Key, int]:
        """Ranks of the collected facts, lowest first (Knuth's algorithm)."""
        waiting: dict[Key, list[int]] = {}  # premise -> instances waiting for it
        state: list[list[object]] = []  # per instance: [head, premises left, highest rank]
        queue: list[tuple[int, tuple[object, ...], Key]] = []
        for head, found in self.instances.items():
            for premises in found:
                index = len(state)
                left = 0
                highest = 0
                for p in set(premises):
                    rank = self.ranks.rank(*p)
                    if rank is None:
                        left += 1
                        waiting.setdefault(p, []).append(index)
                    else:
                        highest = max(highest, rank)
                state.append([head, left, highest])
                if left == 0:
                    heapq.heappush(queue, (highest + 1, _order(head), head))
        settled: dict[Key, int] = {}
        while queue:
            rank, _, key = heapq.heappop(queue)
            if key in settled:
                continue
            settled[key] = rank
            for index in waiting.pop(key, ()):
                entry = state[index]
                entry[1] -= 1  # type: ignore[operator]
                entry[2] = max(entry[2], rank)  # type: ignore[call-overload]
                if entry[1] == 0 and entry[0] not in settled:
                    heapq.heappush(queue, (entry[2] + 1, _order(entry[0]), entry[0]))  # type: ignore[operator, arg-type]
        return settled


def _order(key: Key) -> tuple[object, ...]:
    return (key[0], row_order(key[1]))


def rank_goals(program: Program, matcher: Matcher, ranks: Ranks, goals: Iterable[Key]) -> dict[Key, int]:
    """The ranks of ``goals`` and of every derived fact their proofs may use (facts already in
    ``ranks`` are not looked at again)."""
    support = Support(program, matcher, ranks)
    support.collect(goals)
    return support.settle()
