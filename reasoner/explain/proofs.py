"""Well-founded proof trees over a materialised model.

A derived fact of rank ``r`` is proved by a rule instance whose positive premises all have ranks
below ``r``; among those, the canonical instance is the one with the lowest highest premise rank
(then the earliest rule, then the premises in value order), so proofs are short and the same on
every run. Each fact's canonical proof is built once and shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from reasoner.errors import Span
from reasoner.explain.match import Binding, Key, Matcher, Row, row_order, substitute
from reasoner.explain.model import Check, Fact, Proof, Source, Step, compact, show
from reasoner.explain.rank import Ranks
from reasoner.explain.sources import Provenance
from reasoner.rules import arith
from reasoner.rules import ast
from reasoner.rules.ast import Aggregate, Atom, Comparison, Negation, Program, Rule, Value
from reasoner.rules.printer import print_literal, print_rule

COUNT_SHOWN = 10  # counted tuples shown per count aggregate
MAX_CANDIDATES = 5000  # rule instances looked at to choose a canonical proof
MAX_ALTERNATIVES = 100_000  # rule instances counted for ``all=True``


@dataclass(frozen=True, slots=True)
class Instance:
    """A ground rule instance that derives a fact."""

    rule_index: int
    binding: Mapping[str, Value]
    premises: tuple[Key, ...]
    order: tuple[object, ...]  # the canonical choice takes the smallest

    @property
    def identity(self) -> tuple[object, ...]:
        """Two instances are the same when rule, bindings and matched premises are."""
        return (self.rule_index, tuple(sorted((k, row_order((v,))) for k, v in self.binding.items())),
                self.order[2])


def location(span: Span | None) -> str:
    """``rules/alignment.dl:7``: the file relative to the working folder when it is inside it."""
    if span is None:
        return "<unknown>"
    path = Path(span.source)
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        parts = path.parts
        shown = str(Path(*parts[parts.index("rules"):])) if "rules" in parts else span.source
    return f"{shown}:{span.line}"


def rule_text(rule: Rule) -> str:
    return compact(print_rule(rule))


def literal_text(literal: ast.BodyLiteral) -> str:
    return compact(print_literal(literal))


@dataclass
class Prover:
    """Builds proofs for one program, model and set of ranks (memoised per fact)."""

    program: Program
    matcher: Matcher
    ranks: Ranks
    facts: Mapping[str, set[Row]]
    rule_facts: Mapping[Key, Rule]
    provenance: Provenance | None = None
    _proofs: dict[Key, Proof] = field(default_factory=dict)
    _supports: dict[Key, frozenset[Key]] = field(default_factory=dict)

    # -- instances ---------------------------------------------------------------------------
    def instances(self, key: Key, *, below: int | None) -> Iterator[Instance]:
        """Rule instances deriving ``key`` whose premises are in the model (with ranks below
        ``below``, when given)."""
        pred, row = key
        for index, rule in enumerate(self.program.rules):
            if rule.head.pred != pred or rule.is_fact:
                continue
            start = _unify_head(rule.head, row)
            if start is None:
                continue
            for binding, rows in self.matcher.instances(rule.body, start, self.matcher.model_source,
                                                        admit=self._admit(below), head=rule.head):
                yield self._instance(index, rule, binding, rows)

    def _admit(self, below: int | None):  # type: ignore[no-untyped-def]
        if below is None:
            return lambda pred, row: self.ranks.rank(pred, row) is not None
        return lambda pred, row: (r := self.ranks.rank(pred, row)) is not None and r < below

    def _instance(self, index: int, rule: Rule, binding: Binding, rows: dict[int, Row]) -> Instance:
        premises = tuple((lit.pred, rows[i]) for i, lit in enumerate(rule.body)
                         if isinstance(lit, Atom))
        ranks = [self.ranks.rank(p, r) or 0 for p, r in premises]  # type: ignore[arg-type]
        order = (max(ranks, default=-1), index, tuple((p, row_order(r)) for p, r in premises))  # type: ignore[arg-type]
        return Instance(index, binding, premises, order)  # type: ignore[arg-type]

    def canonical(self, key: Key) -> Instance | None:
        rank = self.ranks.rank(*key)
        if rank is None:
            return None
        best: Instance | None = None
        for n, instance in enumerate(self.instances(key, below=rank)):
            if best is None or instance.order < best.order:
                best = instance
            if n >= MAX_CANDIDATES:
                break
        return best

    # -- proofs ------------------------------------------------------------------------------
    def is_leaf(self, key: Key) -> bool:
        pred, row = key
        return row in self.facts.get(pred, ()) or key in self.rule_facts

    def proof(self, key: Key) -> Proof:
        """The canonical proof of a fact of the model (built bottom-up, iteratively)."""
        stack = [key]
        while stack:
            top = stack[-1]
            if top in self._proofs:
                stack.pop()
                continue
            if self.is_leaf(top):
                self._proofs[top] = self.leaf(top)
                stack.pop()
                continue
            instance = self.canonical(top)
            if instance is None:
                raise LookupError(f"{Fact(*top).text} has no well-founded derivation in the model")
            todo = [p for p in instance.premises if p not in self._proofs]
            if todo:
                stack.extend(todo)
                continue
            self._proofs[top] = self.derived(top, instance)
            stack.pop()
        return self._proofs[key]

    def leaf(self, key: Key) -> Proof:
        pred, row = key
        sources: list[Source] = []
        if row in self.facts.get(pred, ()) and self.provenance is not None:
            sources += self.provenance.sources(pred, row)
        rule = self.rule_facts.get(key)
        if rule is not None:
            sources.append(Source("rule", location=location(rule.span)))
        kinds = {s.kind for s in sources}
        if row not in self.facts.get(pred, ()):
            kind = "rule_fact"
        elif "document" not in kinds and "background" in kinds:
            kind = "background"
        else:
            kind = "asserted"
        return Proof(Fact(pred, row), kind, 0, None, tuple(sources))  # type: ignore[arg-type]

    def derived(self, key: Key, instance: Instance) -> Proof:
        rank = self.ranks.rank(*key) or 0
        return Proof(Fact(*key), "derived", rank, self.step(instance))

    def step(self, instance: Instance) -> Step:
        rule = self.program.rules[instance.rule_index]
        premises = tuple(self.proof(p) for p in instance.premises)
        return Step(rule_text(rule), location(rule.span), instance.rule_index,
                    bindings_of(rule, instance.binding), premises,
                    tuple(self.checks(rule, instance.binding)))

    def checks(self, rule: Rule, binding: Mapping[str, Value]) -> Iterator[Check]:
        for literal in rule.body:
            match literal:
                case Negation(atom=atom):
                    ground = literal_text(substitute(atom, binding))
                    yield Check("not", literal_text(literal), f"no fact {ground} holds")
                case Comparison():
                    yield Check("compare", literal_text(literal),
                                literal_text(substitute(literal, binding)))
                case Aggregate():
                    yield self.count_check(literal, binding)

    def count_check(self, agg: Aggregate, binding: Mapping[str, Value]) -> Check:
        rows = self.matcher.count(agg, binding)
        shown = tuple(", ".join(show(v) for v in r) if len(r) == 1 else
                      "(" + ", ".join(show(v) for v in r) + ")" for r in rows[:COUNT_SHOWN])
        counted = literal_text(substitute(agg, binding))
        value = arith.aggregate(agg.func, rows)  # the count, sum, min or max of the rows
        text = f"{counted.replace(agg.result.name + ' =', show(value) + ' =', 1)}"
        return Check("count", literal_text(agg), text, shown, len(rows))

    # -- alternatives ------------------------------------------------------------------------
    def support(self, key: Key) -> frozenset[Key]:
        """Every fact in the canonical proof of ``key`` (itself included), bottom-up."""
        stack = [key]
        while stack:
            top = stack[-1]
            if top in self._supports:
                stack.pop()
                continue
            proof = self.proof(top)
            children = [(c.fact.pred, c.fact.args) for c in (proof.step.premises if proof.step else ())]
            todo = [c for c in children if c not in self._supports]
            if todo:
                stack.extend(todo)
                continue
            self._supports[top] = frozenset({top}).union(*(self._supports[c] for c in children))
            stack.pop()
        return self._supports[key]

    def alternatives(self, key: Key, limit: int) -> tuple[tuple[Proof, ...], int]:
        """Up to ``limit`` proofs, one per distinct rule instance at the top (canonical first),
        each without circular support, and how many such instances there are."""
        if self.is_leaf(key):
            return (self.proof(key),), 1
        canonical = self.canonical(key)
        found: dict[tuple[object, ...], Instance] = {}
        for n, instance in enumerate(self.instances(key, below=None)):
            if n >= MAX_ALTERNATIVES:
                break
            if all(key not in self.support(p) for p in instance.premises):
                found.setdefault(instance.identity, instance)
        ordered = sorted(found.values(), key=lambda i: (
            canonical is None or i.identity != canonical.identity, i.order))
        proofs = tuple(self.derived(key, i) for i in ordered[:limit])
        return proofs, len(ordered)


def _unify_head(head: Atom, row: Row) -> Binding | None:
    from reasoner.explain.match import unify

    return unify(head, row, {})


def bindings_of(rule: Rule, binding: Mapping[str, Value]) -> tuple[tuple[str, Value], ...]:
    """The rule's named variables with their values, in order of first appearance."""
    names = [v.name for v in ast.literal_vars(rule.head)] + \
        [v.name for lit in rule.body if not isinstance(lit, Aggregate) for v in ast.literal_vars(lit)] + \
        [lit.result.name for lit in rule.body if isinstance(lit, Aggregate)]
    ordered = dict.fromkeys(n for n in names if n != "_" and n in binding)
    return tuple((n, binding[n]) for n in ordered)
