"""Incremental maintenance of a materialised model as asserted facts come and go.

Adding one sentence to a knowledge base of a million facts should cost in proportion to what
the sentence changes, not to the whole. This is DRed (Gupta, Mumick and Subrahmanian, 1993)
for stratified programs with ``not`` and ``count``, one stratum at a time, lowest first:

1. **overdelete**: every fact of the stratum with a derivation in the *old* model that used
   something lost (a fact deleted below, a fact that appeared under ``not``, a ``count`` group
   whose tuples changed) and, recursively, every fact such facts supported;
2. **rederive**: the overdeleted facts that still have a derivation in the *new* model stay;
3. **insert**: semi-naive from what was gained (facts added below, facts gone from under
   ``not``, changed ``count`` groups) and from the rederived facts.

Rule bodies are evaluated by the explain matcher (hash indexes, most-bound literal first) over
a state: the new model, or the old one seen through the change (:class:`Before`). The result is
the same model a full evaluation gives (tests compare with every engine), found by touching
only the rule instances a change can reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator, Mapping

from reasoner.explain.match import (Binding, Matcher, aggregate_groups, ground_row, unify,
                                    value_of)
from reasoner.rules.ast import (Aggregate, Atom, BodyLiteral, Negation, Program, Rule, Value, Var,
                                body_vars)
from reasoner.rules.checks import bound_by
from reasoner.rules.rewrite import bind_head_arithmetic
from reasoner.rules.stratify import Stratum, components, dependency_edges, strata

# DRed overdeletes everything a lost fact supported, then rederives what still holds: on a
# closure (blocs) one lost link can overdelete a whole component, quadratic in its size, and
# rederiving it is cubic. Past this many overdeleted facts (or one in INPUT_SHARE of the
# component's input rows, if more: evaluating afresh costs in proportion to those) the
# component is evaluated afresh by the engine from its inputs instead.
BROAD = 2_000
INPUT_SHARE = 20

Row = tuple[Value, ...]
Facts = Mapping[str, Collection[Row]]


class Table:
    """The rows of one predicate, with hash indexes on bound positions kept up to date."""

    __slots__ = ("rows", "arity", "_indexes")

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        self.rows: set[Row] = set(rows)
        self.arity = len(next(iter(self.rows))) if self.rows else None
        self._indexes: dict[tuple[int, ...], dict[Row, set[Row]]] = {}

    def lookup(self, positions: tuple[int, ...], key: Row) -> Collection[Row]:
        """The rows whose values at ``positions`` are ``key`` (do not change the table while
        iterating over them)."""
        if not positions:
            return self.rows
        if len(positions) == self.arity:
            return (key,) if key in self.rows else ()
        index = self._indexes.get(positions)
        if index is None:
            index = self._indexes[positions] = self._index(positions)
        return index.get(key, ())

    def _index(self, positions: tuple[int, ...]) -> dict[Row, set[Row]]:
        index: dict[Row, set[Row]] = {}
        for row in self.rows:
            index.setdefault(tuple([row[i] for i in positions]), set()).add(row)
        return index

    def add(self, row: Row) -> None:
        if row in self.rows:
            return
        self.rows.add(row)
        self.arity = len(row)
        for positions, index in self._indexes.items():
            index.setdefault(tuple([row[i] for i in positions]), set()).add(row)

    def discard(self, row: Row) -> None:
        if row not in self.rows:
            return
        self.rows.discard(row)
        for positions, index in self._indexes.items():
            key = tuple([row[i] for i in positions])
            bucket = index.get(key)
            if bucket is not None:
                bucket.discard(row)
                if not bucket:
                    del index[key]

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, row: object) -> bool:
        return row in self.rows


class Before:
    """A table as it was before a change: without the rows added, with the rows removed."""

    __slots__ = ("table", "added", "removed", "_added", "_removed")

    def __init__(self, table: Table, added: set[Row], removed: set[Row]) -> None:
        self.table, self.added, self.removed = table, added, removed
        self._added, self._removed = Table(added), Table(removed)  # indexed: changes can be big

    def lookup(self, positions: tuple[int, ...], key: Row) -> Collection[Row]:
        rows = self.table.lookup(positions, key)
        hidden = self._added.lookup(positions, key)
        back = self._removed.lookup(positions, key)
        if not hidden and not back:
            return rows
        return _Overlay(rows, hidden, back)

    def __len__(self) -> int:
        return len(self.table) - len(self.added) + len(self.removed)

    def __contains__(self, row: object) -> bool:
        return (row in self.table and row not in self.added) or row in self.removed


class _Overlay(Collection[Row]):
    """Rows without some, plus others, computed as iterated: the matcher often only asks how
    many rows a lookup has, to pick the most selective literal."""

    __slots__ = ("rows", "hidden", "back")

    def __init__(self, rows: Collection[Row], hidden: Collection[Row], back: Collection[Row]) -> None:
        self.rows, self.hidden, self.back = rows, hidden, back

    def __len__(self) -> int:
        return len(self.rows) - len(self.hidden) + len(self.back)

    def __iter__(self) -> Iterator[Row]:
        hidden = self.hidden
        yield from (r for r in self.rows if r not in hidden)
        yield from self.back

    def __contains__(self, row: object) -> bool:
        return (row in self.rows and row not in self.hidden) or row in self.back


Relation = Table | Before


class State(Matcher):
    """The matcher over one state of the model (``not`` and ``count`` read the same state).

    Counts are remembered per group: a component's ``count`` reads only predicates below it,
    which do not change while the component is updated.
    """

    def __init__(self, relation: Callable[[str], Relation]) -> None:
        super().__init__({})
        self._relation = relation
        self._counts: dict[tuple[int, Row], list[Row]] = {}

    def relation(self, pred: str) -> Relation:  # type: ignore[override]
        return self._relation(pred)

    def step(self, literal: BodyLiteral, i: int, binding: Binding, positive: Callable[[int, Atom], Relation],
             admit: object) -> Iterator[tuple[Binding, Row | None]]:
        """As the matcher's, but an atom whose unbound arguments are all ``_`` is a test: one
        match is enough (``same_bloc(X, _)`` would otherwise repeat the rest per match)."""
        steps = super().step(literal, i, binding, positive, admit)  # type: ignore[arg-type]
        if isinstance(literal, Atom) and all(
                isinstance(t, Var) and t.anonymous for t in literal.args if value_of(t, binding) is None):
            first = next(steps, None)
            if first is not None:
                yield first
            return
        yield from steps

    def count(self, agg: Aggregate, binding: Mapping[str, Value]) -> list[Row]:
        inner = {v.name for v in body_vars(agg.body)}
        key = (id(agg), tuple(sorted((k, v) for k, v in binding.items() if k in inner)))
        found = self._counts.get(key)  # type: ignore[arg-type]
        if found is None:
            found = self._counts[key] = self._count(agg, binding)  # type: ignore[index]
        return found

    def _count(self, agg: Aggregate, binding: Mapping[str, Value]) -> list[Row]:
        if len(agg.body) != 1 or not isinstance(agg.body[0], Atom):
            return super().count(agg, binding)
        atom = agg.body[0]  # the common case, one atom: its matches, without the join machinery
        names = [v.name for v in agg.vars]
        return list({tuple(b[n] for n in names)
                     for b, _ in self.matches(atom, binding, self.relation(atom.pred))})


@dataclass
class Change:
    """Rows that appeared in and disappeared from one predicate."""

    added: set[Row] = field(default_factory=set)
    removed: set[Row] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


LOST, GAINED = "lost", "gained"


@dataclass(frozen=True)
class ModelChange:
    """What one update changed: in the whole model, in the asserted facts, and in the derived
    facts (rows of rule-defined predicates that are not asserted), per predicate."""

    model: dict[str, Change]
    asserted: dict[str, Change]
    derived: dict[str, Change]

    @property
    def size(self) -> int:
        return sum(len(c.added) + len(c.removed) for c in self.derived.values())


class MaintainedModel:
    """A program's model over a set of asserted facts, updated in place by :meth:`apply`.

    Build it from the asserted facts and the facts an engine derived from them; it then
    follows every change to the asserted facts without re-evaluating the whole program.
    """

    def __init__(self, program: Program, edb: Facts, derived: Facts, *,
                 engine: str = "clingo") -> None:
        strata(program)  # raises RuleCheckError unless the program is stratified
        program = bind_head_arithmetic(program)  # the matcher computes in bodies, not heads
        self.program, self.engine = program, engine
        self.units = units(program)
        self.edb: dict[str, set[Row]] = {p: set(rows) for p, rows in edb.items()}
        self.tables: dict[str, Table] = {}
        for pred in {*edb, *derived}:
            self.tables[pred] = Table({*edb.get(pred, ()), *derived.get(pred, ())})
        self.heads = {rule.head.pred for rule in program.rules}
        self.rules_for: dict[str, list[Rule]] = {}  # head predicate -> its rules
        for rule in program.rules:
            self.rules_for.setdefault(rule.head.pred, []).append(rule)

    def table(self, pred: str) -> Table:
        found = self.tables.get(pred)
        if found is None:
            found = self.tables[pred] = Table()
        return found

    def derived(self, pred: str) -> set[Row]:
        """The rows of a rule-defined predicate that are not asserted."""
        return self.table(pred).rows - self.edb.get(pred, set())

    def all_derived(self) -> dict[str, frozenset[Row]]:
        """Every rule-defined predicate's derived rows (as ``inference.derived_facts`` gives)."""
        found = {pred: frozenset(self.derived(pred)) for pred in sorted(self.heads)}
        return {pred: rows for pred, rows in found.items() if rows}

    # -- one update ----------------------------------------------------------------------------
    def apply(self, added: Facts, removed: Facts) -> ModelChange:
        """Assert ``added`` and retract ``removed`` (sets of rows per predicate); the change
        to the model. Rows already asserted (or not asserted) are ignored."""
        changes: dict[str, Change] = {}
        edb_change: dict[str, Change] = {}
        for pred, rows in removed.items():
            gone = {r for r in rows if r in self.edb.get(pred, ())}
            if gone:
                self.edb[pred] -= gone
                edb_change.setdefault(pred, Change()).removed |= gone
        for pred, rows in added.items():
            new = {r for r in rows if r not in self.edb.get(pred, ())}
            if new:
                self.edb.setdefault(pred, set()).update(new)
                edb_change.setdefault(pred, Change()).added |= new
        for pred, change in edb_change.items():
            if pred not in self.heads:  # plain asserted predicates change directly
                table = self.table(pred)
                for row in change.removed:
                    table.discard(row)
                for row in change.added:
                    table.add(row)
                changes[pred] = change
        for unit in self.units:
            if self._affected(unit, changes, edb_change):
                _UnitUpdate(self, unit, changes, edb_change).run()
        changes = {p: c for p, c in changes.items() if c}
        return ModelChange(changes, edb_change, self._derived_change(changes, edb_change))

    def _derived_change(self, changes: dict[str, Change],
                        edb_change: dict[str, Change]) -> dict[str, Change]:
        """Derived rows that appeared or disappeared: a row is derived when it is in the model
        and not asserted, so a change to either can change it."""
        out: dict[str, Change] = {}
        for pred in sorted(self.heads & {*changes, *edb_change}):
            model, asserted = changes.get(pred, Change()), edb_change.get(pred, Change())
            table, edb = self.table(pred), self.edb.get(pred, set())
            found = Change()
            for row in model.added | model.removed | asserted.added | asserted.removed:
                was_in = (row in table and row not in model.added) or row in model.removed
                was_asserted = (row in edb and row not in asserted.added) or row in asserted.removed
                before, after = was_in and not was_asserted, row in table and row not in edb
                if after and not before:
                    found.added.add(row)
                elif before and not after:
                    found.removed.add(row)
            if found:
                out[pred] = found
        return out

    def _affected(self, stratum: Stratum, changes: dict[str, Change],
                  edb_change: dict[str, Change]) -> bool:
        if any(p in edb_change for p in stratum.predicates):
            return True
        return any(changes.get(atom.pred) for rule in stratum.rules
                   for atom in _atoms_in(rule.body))

    def rehearse(self) -> None:
        """Retract one event of each type and assert it again: the model ends as it was, and
        the indexes a typical change needs are built now rather than on the first real change."""
        by_type: dict[Value, Value] = {}
        for event, kind in self.edb.get("event_type", ()):  # any event of each type will do
            by_type.setdefault(kind, event)
        events = set(by_type.values())
        own: dict[str, set[Row]] = {}
        for pred, rows in self.edb.items():
            found = {r for r in rows if r[0] in events}
            if found:
                own[pred] = found
        self.apply({}, own)
        self.apply(own, {})

    # -- questions over the model ---------------------------------------------------------------
    def solutions(self, body: tuple[BodyLiteral, ...],
                  extra: Facts | None = None) -> Iterator[Binding]:
        """Every binding under which ``body`` holds in the current model (and in ``extra``, facts
        of predicates the model does not keep)."""
        tables = {pred: Table(rows) for pred, rows in (extra or {}).items()}
        state = State(lambda pred: tables[pred] if pred in tables else self.table(pred))
        return state.solutions(body, {}, state.model_source)


def units(program: Program) -> list[Stratum]:
    """The rules grouped by recursive component of their head predicates, dependencies first:
    finer than strata, so a change reaches only the components that depend on it."""
    edges = dependency_edges(program.rules)
    heads = set(rule.head.pred for rule in program.rules)
    found = []
    for component in components([*sorted(heads), *(e.body for e in edges)], edges):
        preds = frozenset(component & heads)
        if preds:
            found.append(Stratum(preds, tuple(r for r in program.rules if r.head.pred in preds)))
    return found


def _atoms_in(body: tuple[BodyLiteral, ...]) -> Iterator[Atom]:
    for literal in body:
        if isinstance(literal, Atom):
            yield literal
        elif isinstance(literal, Negation):
            yield literal.atom
        elif isinstance(literal, Aggregate):
            yield from _atoms_in(literal.body)


class _Broad(Exception):
    """DRed would touch too much of this component: evaluate it afresh instead."""


class _UnitUpdate:
    """DRed on one recursive component, given the (final) changes of every predicate below."""

    def __init__(self, model: MaintainedModel, stratum: Stratum, changes: dict[str, Change],
                 edb_change: dict[str, Change]) -> None:
        self.model, self.stratum, self.changes = model, stratum, changes
        self.edb_change = edb_change
        self.preds = stratum.predicates
        self.rules = [r for r in stratum.rules if r.body]
        # What the component reads from below (not, count and positive atoms alike).
        self.inputs = {a.pred for rule in stratum.rules for a in _atoms_in(rule.body)} - self.preds
        self.new = State(model.table)
        self.old = State(self._before)
        self._groups: dict[tuple[int, int], set[Row]] = {}
        self._befores: dict[str, Before] = {}
        self.overdeleted: dict[str, set[Row]] = {p: set() for p in self.preds}
        self.inserted: dict[str, set[Row]] = {p: set() for p in self.preds}

    def _before(self, pred: str) -> Relation:
        change = self.changes.get(pred)
        if not change or pred in self.preds:
            return self.model.table(pred)
        if pred not in self._befores:
            self._befores[pred] = Before(self.model.table(pred), change.added, change.removed)
        return self._befores[pred]

    def run(self) -> None:
        try:
            self._dred()
        except _Broad:
            self._evaluate_afresh()

    def _dred(self) -> None:
        overdeleted = self.overdeleted = self._overdelete()
        for pred, rows in overdeleted.items():
            table = self.model.table(pred)
            for row in rows:
                table.discard(row)
        seeds = {p: {r for r in rows if self._derivable(p, r)} for p, rows in overdeleted.items()}
        for pred in self.preds:
            asserted = self.edb_change.get(pred)
            if asserted:
                seeds[pred] |= {r for r in asserted.added if r not in self.model.table(pred)}
        inserted = self._insert(seeds)
        for pred in self.preds:
            table = self.model.table(pred)
            change = Change(inserted[pred] - overdeleted[pred],
                            {r for r in overdeleted[pred] if r not in table})
            if change:
                self.changes[pred] = change

    def _broad(self) -> int:
        rows = sum(len(self.model.table(p)) for p in self.inputs)
        return max(BROAD, rows // INPUT_SHARE) if BROAD else 0

    def _evaluate_afresh(self) -> None:
        """The component's rules run by the engine on their inputs as they are now; the
        change is the difference from the component as it was."""
        from reasoner.engines import get_engine

        facts = {p: set(self.model.table(p).rows) for p in self.inputs}
        facts.update({p: set(self.model.edb[p]) for p in self.preds if self.model.edb.get(p)})
        program = Program(self.stratum.rules, (), self.model.program.prefixes)
        found = get_engine(self.model.engine).evaluate(program, facts, timeout=None)
        for pred in self.preds:
            table = self.model.table(pred)
            before = (table.rows - self.inserted[pred]) | self.overdeleted[pred]
            after = set(found.get(pred, ())) | self.model.edb.get(pred, set())
            change = Change(after - before, before - after)
            for row in before - after:
                table.discard(row)
            for row in after - table.rows:
                table.add(row)
            if change:
                self.changes[pred] = change

    # -- phase 1: overdelete, in the old state ----------------------------------------------------
    def _overdelete(self) -> dict[str, set[Row]]:
        gone = {p: set() for p in self.preds}  # type: dict[str, set[Row]]
        frontier = {p: set() for p in self.preds}  # type: dict[str, set[Row]]
        for pred in self.preds:
            asserted = self.edb_change.get(pred)
            if asserted:
                frontier[pred] |= {r for r in asserted.removed if r in self.model.table(pred)}
        for rule in self.rules:
            table = self.model.table(rule.head.pred)
            frontier[rule.head.pred] |= {r for r in self._heads_from_below(rule, LOST) if r in table}
        while any(frontier.values()):
            for pred, rows in frontier.items():
                gone[pred] |= rows
            if sum(len(rows) for rows in gone.values()) > self._broad():
                raise _Broad
            found = {p: set() for p in self.preds}  # type: dict[str, set[Row]]
            for rule, i, rows in self._recursive_seeds(frontier):
                table = self.model.table(rule.head.pred)
                for binding in self._seeded(self.old, rule.body, rule.head, i, rows):
                    row = ground_row(rule.head, binding)
                    if row is not None and row in table and row not in gone[rule.head.pred]:
                        found[rule.head.pred].add(row)
            frontier = found
        return gone

    # -- phase 2: rederive, in the new state ------------------------------------------------------
    def _derivable(self, pred: str, row: Row) -> bool:
        if row in self.model.edb.get(pred, ()):
            return True
        for rule in self.model.rules_for.get(pred, ()):
            binding = unify(rule.head, row, {})
            if binding is not None and next(
                    self.new.solutions(rule.body, binding, self.new.model_source, head=rule.head),
                    None) is not None:
                return True
        return False

    # -- phase 3: insert, semi-naive in the new state ---------------------------------------------
    def _insert(self, seeds: dict[str, set[Row]]) -> dict[str, set[Row]]:
        inserted = self.inserted
        frontier = {p: set(seeds.get(p, ())) for p in self.preds}
        for rule in self.rules:
            for row in self._heads_from_below(rule, GAINED):
                if row not in self.model.table(rule.head.pred):
                    frontier[rule.head.pred].add(row)
        while any(frontier.values()):
            for pred, rows in frontier.items():
                table = self.model.table(pred)
                for row in rows:
                    table.add(row)
                inserted[pred] |= rows
            found = {p: set() for p in self.preds}  # type: dict[str, set[Row]]
            for rule, i, rows in self._recursive_seeds(frontier):
                for binding in self._seeded(self.new, rule.body, rule.head, i, rows):
                    row = ground_row(rule.head, binding)
                    if row is not None and row not in self.model.table(rule.head.pred):
                        found[rule.head.pred].add(row)
            frontier = found
            if sum(len(rows) for rows in inserted.values()) > 10 * self._broad():
                raise _Broad
        return inserted

    # -- seeds ------------------------------------------------------------------------------------
    def _recursive_seeds(self, frontier: dict[str, set[Row]]) -> Iterator[tuple[Rule, int, set[Row]]]:
        """(rule, position, rows) for each body atom over this stratum with new frontier rows."""
        for rule in self.rules:
            for i, literal in enumerate(rule.body):
                if isinstance(literal, Atom) and frontier.get(literal.pred):
                    yield rule, i, frontier[literal.pred]

    def _heads_from_below(self, rule: Rule, direction: str) -> Iterator[Row]:
        """Heads of the rule instances that a change below this stratum makes lose (``LOST``,
        instances of the old state) or gain (``GAINED``, instances of the new state)."""
        state = self.old if direction == LOST else self.new
        for i, literal in enumerate(rule.body):
            if isinstance(literal, Aggregate):
                bindings: Iterable[Binding] = self._changed_groups(state, rule, i)
            else:
                rows = self._below_rows(literal, direction)
                bindings = self._seeded(state, rule.body, rule.head, i, rows) if rows else ()
            for binding in bindings:
                row = ground_row(rule.head, binding)
                if row is not None:
                    yield row

    def _below_rows(self, literal: BodyLiteral, direction: str) -> set[Row]:
        """Rows of a lower predicate that make ``literal`` lose or gain instances."""
        if isinstance(literal, Atom) and literal.pred not in self.preds:
            change = self.changes.get(literal.pred)
            if change:
                return change.removed if direction == LOST else change.added
        if isinstance(literal, Negation):
            change = self.changes.get(literal.atom.pred)
            if change:  # a fact appearing under `not` loses instances; one vanishing gains some
                return change.added if direction == LOST else change.removed
        return set()

    @staticmethod
    def _seeded(state: State, body: tuple[BodyLiteral, ...], head: Atom | None, i: int,
                rows: set[Row]) -> Iterator[Binding]:
        """Bindings of ``body`` with literal ``i`` matched to ``rows`` (a negated literal's
        atom matched positively: its rows are the ones that changed)."""
        literal = body[i]
        atom = literal.atom if isinstance(literal, Negation) else literal
        assert isinstance(atom, Atom)
        seeded_body = body[:i] + (atom,) + body[i + 1:]
        seed = Table(rows)

        def positive(j: int, a: Atom) -> Relation:
            return seed if j == i else state.relation(a.pred)

        return state.solutions(seeded_body, {}, positive, first=i, head=head)

    def _changed_groups(self, state: State, rule: Rule, i: int) -> Iterator[Binding]:
        """Instances (in ``state``) of the rule for every group of its aggregate ``i`` whose
        counted tuples may have changed."""
        for group in self._groups_of(rule, i):
            names = aggregate_groups(rule.body, rule.head)[i]
            yield from state.solutions(rule.body, dict(zip(names, group)), state.model_source,
                                       head=rule.head)

    def _groups_of(self, rule: Rule, i: int) -> set[Row]:
        key = (id(rule), i)
        if key not in self._groups:
            self._groups[key] = self._find_groups(rule, i)
        return self._groups[key]

    def _find_groups(self, rule: Rule, i: int) -> set[Row]:
        aggregate = rule.body[i]
        assert isinstance(aggregate, Aggregate)
        names = aggregate_groups(rule.body, rule.head)[i]
        if not set(names) <= bound_by(aggregate.body):
            raise _Broad  # a group bound outside the count only: groups cannot be found from changes
        found: set[Row] = set()
        for direction, state in ((LOST, self.old), (GAINED, self.new)):
            for j, literal in enumerate(aggregate.body):
                rows = self._below_rows(literal, direction)
                if not rows:
                    continue
                for binding in self._seeded(state, aggregate.body, None, j, rows):
                    found.add(tuple(binding[n] for n in names))
        return found
