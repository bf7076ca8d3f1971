"""Why not: for an atom that does not hold, the closest failed instance of each rule that could
derive it, and the missing premise in analysts' words.

The closest instance is the grounding that satisfies the most body literals. It is found by a
branch-and-bound search over the model: each positive literal either matches a fact (binding
its variables) or is counted as missing; negations, comparisons and counts are checked once
their variables are bound. The search stops at a budget of steps per rule (the answer is then
the best found so far, marked incomplete).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Iterator, Mapping

from reasoner.explain.match import (Binding, Matcher, aggregate_groups, substitute, unify,
                                    value_of)
from reasoner.explain.model import Attempt, Fact, Missing, show
from reasoner.explain.proofs import bindings_of, literal_text, location, rule_text
from reasoner.explain.sources import Provenance
from reasoner.rules.ast import Atom, BodyLiteral, Const, Negation, Program, Rule, Value, Var

BUDGET = 20_000  # search steps per rule
QUOTE_WIDTH = 90  # characters of a sentence quoted in a why-not reason
ROLES = {"party": "party", "actor": "actor", "actor_party": "actor", "target": "target",
         "target_party": "target", "co_actors": "co-actor"}
# Atoms that name an event's type: the fact itself, and the rules' "it happened" (parties.dl).
TYPE_PREDICATES = frozenset({"event_type", "occurred"})


@dataclass(frozen=True, slots=True)
class Closest:
    binding: Mapping[str, Value]
    satisfied: tuple[int, ...]
    failed: tuple[int, ...]
    unchecked: tuple[int, ...]
    complete: bool


@dataclass
class Search:
    """Branch and bound for the grounding of one rule body that satisfies the most literals."""

    matcher: Matcher
    body: tuple[BodyLiteral, ...]
    groups: dict[int, list[str]]
    budget: int = BUDGET
    steps: int = 0
    best: Closest | None = None

    def run(self, start: Binding) -> Closest:
        self._visit(tuple(range(len(self.body))), start, (), ())
        assert self.best is not None
        complete = self.steps <= self.budget
        return Closest(self.best.binding, self.best.satisfied, self.best.failed,
                       self.best.unchecked, complete)

    def _score(self) -> int:
        return -1 if self.best is None else len(self.best.satisfied)

    def _visit(self, pending: tuple[int, ...], binding: Binding, sat: tuple[int, ...],
               failed: tuple[int, ...]) -> None:
        self.steps += 1
        if len(sat) + len(pending) <= self._score() or (self.steps > self.budget and self.best):
            return
        i = self.matcher.next_literal(self.body, pending, binding, self.groups) if pending else None
        if i is None:
            self.best = Closest(dict(binding), sat, failed, pending, True)
            return
        rest = tuple(j for j in pending if j != i)
        literal = self.body[i]
        if isinstance(literal, Atom):
            for extended, _ in self.matcher.matches(literal, binding, self.matcher.relation(literal.pred)):
                self._visit(rest, extended, sat + (i,), failed)
        else:
            found = next(self.matcher.step(literal, i, binding, self.matcher.model_source, None), None)
            if found is not None:
                self._visit(rest, found[0], sat + (i,), failed)
                return
        self._visit(rest, binding, sat, failed + (i,))


@dataclass
class WhyNotFinder:
    program: Program
    matcher: Matcher
    provenance: Provenance | None = None

    @property
    def idb(self) -> set[str]:
        return {r.head.pred for r in self.program.rules if not r.is_fact}

    def attempts(self, goal: Fact, depth: int = 0) -> tuple[Attempt, ...]:
        """The closest failed instance of each rule whose head can match ``goal``, closest first."""
        found = []
        for index, rule in enumerate(self.program.rules):
            if rule.head.pred != goal.pred or rule.is_fact:
                continue
            start = unify(rule.head, goal.args, {})
            if start is not None:
                found.append(self.attempt(index, rule, start, depth))
        return tuple(sorted(found, key=lambda a: (len(a.missing) + len(a.unchecked), -a.score,
                                                  a.rule_index)))

    def attempt(self, index: int, rule: Rule, start: Binding, depth: int) -> Attempt:
        search = Search(self.matcher, rule.body, aggregate_groups(rule.body, rule.head))
        closest = search.run(start)
        binding = closest.binding
        text = [literal_text(substitute(lit, binding)) for lit in rule.body]
        return Attempt(rule_text(rule), location(rule.span), index, bindings_of(rule, binding),
                       tuple(text[i] for i in closest.satisfied),
                       tuple(self.missing(rule, closest, depth)), len(rule.body),
                       tuple(text[i] for i in closest.unchecked), closest.complete)

    def missing(self, rule: Rule, closest: Closest, depth: int) -> Iterator[Missing]:
        binding = closest.binding
        atoms = [rule.body[i] for i in closest.failed if isinstance(rule.body[i], Atom)]
        for group in _groups(atoms, binding):  # type: ignore[arg-type]
            yield self.missing_atoms(rule, group, binding, depth)
        for i in closest.failed:
            literal = rule.body[i]
            if isinstance(literal, Negation):
                text = literal_text(substitute(literal.atom, binding))
                yield Missing((literal_text(substitute(literal, binding)),),
                              f"{text} holds, and the rule needs it not to")
            elif not isinstance(literal, Atom):
                text = literal_text(substitute(literal, binding))
                yield Missing((text,), f"{text} is false")

    def missing_atoms(self, rule: Rule, group: list[Atom], binding: Mapping[str, Value],
                      depth: int) -> Missing:
        """One group of missing atoms: an event pattern in words, or a single fact (with why it
        does not hold, one level down, when rules would derive it)."""
        ground = [substitute(a, binding) for a in group]
        texts = tuple(literal_text(a) for a in ground)
        event = _event_var(group)
        if event is not None:
            return Missing(texts, self.describe_event(rule, event, group, binding))
        if len(ground) > 1:
            return Missing(texts, "no facts match " + " and ".join(texts))
        atom = ground[0]
        derived = atom.pred in self.idb
        deeper: tuple[Attempt, ...] = ()
        if derived and depth == 0 and _ground(atom):  # type: ignore[arg-type]
            deeper = self.attempts(Fact(atom.pred, _row(atom)), depth + 1)  # type: ignore[arg-type]
        return Missing(texts, self.describe_atom(atom), derived, deeper)  # type: ignore[arg-type]

    # -- wording -----------------------------------------------------------------------------
    def describe_atom(self, atom: Atom) -> str:
        text = literal_text(atom)
        if not _ground(atom):
            return f"no fact matches {text}"
        if atom.pred in self.idb:
            return f"{text} does not hold"
        return f"no sentence or background fact says {text}"

    def describe_event(self, rule: Rule, event: Var, group: list[Atom],
                       binding: Mapping[str, Value]) -> str:
        """``no sentence says ukraine and china took part in a joint_statement``, from everything
        the rule asks of the event, then what the closest event lacks."""
        unbound = {k: v for k, v in binding.items() if k != event.name}
        pattern = [substitute(a, unbound) for a in rule.body
                   if isinstance(a, Atom) and a.args and a.args[0] == event]
        general = _pattern_words(pattern)  # type: ignore[arg-type]
        value = binding.get(event.name)
        if value is None:
            return general
        lacks = self.describe_known_event(value, [substitute(a, unbound) for a in group])  # type: ignore[misc]
        return f"{general} (closest: {lacks})"

    def describe_known_event(self, event: Value, atoms: list[Atom]) -> str:
        actual = sorted(show(r[1]) for r in self.matcher.relation("event_type").lookup((0,), (event,)))
        name = f"the {' and '.join(actual) or 'event'} {self.where(event)}"
        parts = []
        wanted = next((a.args[1] for a in atoms if a.pred in TYPE_PREDICATES), None)
        if wanted is not None and _term(wanted) in actual:
            modalities = sorted(show(r[1]) for r in self.matcher.relation("modality").lookup((0,), (event,)))
            parts.append(f"is {_and(modalities) or 'of no modality'}, not stated as having happened")
        elif wanted is not None:
            parts.append(f"is not {_a(_term(wanted))}")
        for role, who in _roles(atoms).items():
            plural = "s" if len(who) > 1 else ""
            parts.append(f"does not have {_and(who)} as {role}{plural}" if plural else
                         f"does not have {who[0]} as {_a(role)}")
        extras = [a for a in atoms if a.pred not in TYPE_PREDICATES and a.pred not in ROLES]
        parts.extend(f"has no {a.pred} {_term(a.args[1])}" for a in extras if len(a.args) == 2)
        return f"{name} " + " and ".join(parts) if parts else f"{name} does not match"

    def where(self, event: Value) -> str:
        sentence = self.provenance.sentence_of(event) if self.provenance else None
        if sentence is None or sentence.number is None:
            return f"({show(event)})"
        doc = sentence.graph.rsplit("/", 1)[-1]
        quote = textwrap.shorten(sentence.text or "", width=QUOTE_WIDTH, placeholder=" ...")
        return f"in sentence {sentence.number} of {doc} (\"{quote}\")"


def _pattern_words(atoms: list[Atom]) -> str:
    """What no sentence says: the event type, the parties in their roles, other details."""
    wanted = next((a.args[1] for a in atoms if a.pred in TYPE_PREDICATES), None)
    kind = _a(_term(wanted)) if wanted is not None else "an event"
    roles = _roles(atoms)
    extras = " ".join(f"with {a.pred} {_term(a.args[1])}" for a in atoms
                      if a.pred not in ROLES and a.pred not in TYPE_PREDICATES and len(a.args) == 2)
    extras = f" {extras}" if extras else ""
    parties, together = roles.get("party", []), roles.get("co-actor", [])
    actors, targets = roles.get("actor", []), roles.get("target", [])
    if together and not (parties or actors or targets):
        return f"no sentence says {_and(together)} acted together in {kind}{extras}"
    if parties and not (together or actors or targets):
        return f"no sentence says {_and(parties)} took part in {kind}{extras}"
    pieces = [f"{_and(actors)} as actor{'s' if len(actors) > 1 else ''}" if actors else "",
              f"{_and(targets)} as target{'s' if len(targets) > 1 else ''}" if targets else "",
              f"{_and(parties + together)} taking part" if parties or together else ""]
    detail = " and ".join(p for p in pieces if p)
    return f"no sentence reports {kind}" + (f" with {detail}" if detail else "") + extras


def _groups(atoms: list[Atom], binding: Mapping[str, Value]) -> list[list[Atom]]:
    """The failed atoms grouped by the unbound variables they share, and by the event they are
    about (``event_type(E, T)``, ``occurred(E, T)`` and role atoms on ``E`` go together even when ``E`` is bound)."""
    groups: list[tuple[set[str], list[Atom]]] = []
    for atom in atoms:
        names = {t.name for t in atom.args if isinstance(t, Var) and not t.anonymous
                 and t.name not in binding}
        first = atom.args[0] if atom.args else None
        if isinstance(first, Var) and not first.anonymous and \
                (atom.pred in TYPE_PREDICATES or atom.pred in ROLES):
            names.add(first.name)
        joined = [g for g in groups if g[0] & names]
        merged = (names.union(*(g[0] for g in joined)), [a for g in joined for a in g[1]] + [atom])
        groups = [g for g in groups if not any(g is j for j in joined)] + [merged]
    return [g[1] for g in groups]


def _event_var(atoms: list[Atom]) -> Var | None:
    """The event variable the failed atoms are about: the first argument of ``event_type`` or of
    role atoms (``party``, ``actor``, ...), when all of them share it."""
    firsts = {a.args[0] for a in atoms if a.args and (a.pred in TYPE_PREDICATES or a.pred in ROLES)}
    if len(firsts) != 1:
        return None
    event = next(iter(firsts))
    if not isinstance(event, Var) or event.anonymous:
        return None
    return event if all(a.args and a.args[0] == event for a in atoms) else None


def _roles(atoms: list[Atom]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for atom in atoms:
        role = ROLES.get(atom.pred)
        if role is not None:
            for term in atom.args[1:]:
                roles.setdefault(role, [])
                if _term(term) not in roles[role]:
                    roles[role].append(_term(term))
    return roles


def _term(term: Var | Const) -> str:
    return show(term.value) if isinstance(term, Const) else "someone"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _ground(atom: Atom) -> bool:
    return all(isinstance(t, Const) for t in atom.args)


def _row(atom: Atom) -> tuple[Value, ...]:
    return tuple(value_of(t, {}) for t in atom.args)  # type: ignore[misc]

