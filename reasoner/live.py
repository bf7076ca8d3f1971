"""Conclusions kept up to date as documents come and go: what the console runs on.

The first inference is a full one, by the chosen engine; it is written to the ``inferred``
graph and kept in memory as a :class:`~reasoner.incremental.MaintainedModel`. A change to
some named graphs (a sentence typed, a document loaded or retracted) is then followed
incrementally: the facts those graphs assert before and after the change give the change to
the asserted facts, the model follows it (DRed), and only the derived facts that changed are
written to the ``inferred`` graph. A large change (a big file) or a change of rules runs the
engine again instead, which is faster there.

Only the facts of predicates the program mentions are kept (as ``infer`` reads them); a question
about another asserted predicate (``?- sentence_number(S, N).``) reads that predicate's facts
when it is asked.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from rdflib import URIRef

from reasoner.errors import EngineTimeout
from reasoner.incremental import Change, MaintainedModel, ModelChange
from reasoner.inference import (ANSWER, Answers, InferenceReport, asserted_facts, checked,
                                conclude, program_facts, written)
from reasoner.fact_changes import MAX_INCREMENTAL_FACTS, asserted_elsewhere, minus, size  # noqa: F401
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import INFERRED_GRAPH
from reasoner.rules import parse_query
from reasoner.rules.ast import Atom, Program, Rule, Var, body_atoms, predicate_arities, sort_key

if TYPE_CHECKING:
    from reasoner.kb import KnowledgeBase


class _TooLarge(Exception):
    """A change better recomputed by the engine than followed incrementally."""


@dataclass
class Update:
    """What one tracked change did: the derived facts that changed, or the full report of a
    recomputation when the change was not followed incrementally."""

    derived: dict[str, Change] = field(default_factory=dict)
    report: InferenceReport | None = None
    seconds: float = 0.0

    @property
    def incremental(self) -> bool:
        return self.report is None


class LiveConclusions:
    """A program's conclusions over a knowledge base's asserted graphs, kept up to date."""

    def __init__(self, kb: "KnowledgeBase", program: Program | None = None, *,
                 engine: str = "clingo", timeout: float | None = None) -> None:
        self.kb, self.engine, self.timeout = kb, engine, timeout
        self.program = program or Program()
        self.model: MaintainedModel | None = None

    def recompute(self, program: Program | None = None) -> InferenceReport:
        """Run the engine over every asserted fact, write the ``inferred`` graph, and keep the
        model. The program is replaced only if this succeeds."""
        program = program or self.program
        self.model = None  # stale until the end: a failure below leaves nothing half-updated
        facts = program_facts(self.kb.store, self.kb.graphs("asserted"), program)
        # The console keeps the whole model (helpers too: it maintains them), and refuses a
        # predicate nothing defines, as it always did: a typo there is caught at once. It
        # writes what `infer` writes: the declared outputs (at 100,000 events the helpers
        # are 760,000 of the 880,000 derived facts, and their write was 22 of the 60 s start).
        report = conclude(program, facts, engine=self.engine, timeout=self.timeout, strict=True,
                          write="all")
        kept = written(program)
        self.kb.store.replace_graphs({INFERRED_GRAPH: report.derived.only(kept).triples()})
        self.program = program
        self.model = MaintainedModel(program, facts, report.derived.facts, engine=report.engine)
        gc.freeze()  # see warm_up
        return report

    def warm_up(self) -> None:
        """Build the indexes changes need, so the first change is as quick as later ones, and
        take the kept model out of the garbage collector's view: millions of long-lived rows
        would otherwise make every full collection cost a large part of a second."""
        if self.model is not None:
            self.model.rehearse()
        gc.collect()
        gc.freeze()

    @contextmanager
    def tracking(self, graphs: Iterable[URIRef], *, whole: bool = False) -> Iterator[Update]:
        """Follow the change the ``with`` block makes to these named graphs (``whole``: it may
        change others too, so recompute). If the block raises, nothing is followed (the
        caller puts the graphs back)."""
        graphs = list(graphs)
        before = self._facts_of(graphs)
        update = Update()
        yield update
        started = time.perf_counter()
        after = self._facts_of(graphs)
        lost = minus(before, after)
        gained = minus(after, before)
        if lost:
            lost = minus(lost, self._asserted_elsewhere(lost, graphs))
        try:
            if whole or self.model is None or size(lost) + size(gained) > MAX_INCREMENTAL_FACTS:
                raise _TooLarge
            change = self.model.apply(gained, lost)
            self._write(change)
        except _TooLarge:
            update.report = self.recompute()
        except BaseException:
            self.model = None  # ahead of the store, or half-updated: the next change recomputes
            raise
        else:
            update.derived = change.derived
        update.seconds = time.perf_counter() - started

    def _facts_of(self, graphs: list[URIRef]) -> atoms.Facts:
        return asserted_facts(self.kb.store, [g for g in graphs if self.kb.store.has_graph(g)],
                              predicate_arities(self.program))

    def _asserted_elsewhere(self, facts: atoms.Facts, graphs: list[URIRef]) -> atoms.Facts:
        return asserted_elsewhere(self.kb.store, facts, graphs)

    def _write(self, change: ModelChange) -> None:
        kept = written(self.program)
        changed = [(pred, c) for pred, c in change.derived.items() if kept is None or pred in kept]
        add = [t for pred, c in changed for row in c.added for t in atoms.triples_of(pred, row)]
        remove = [t for pred, c in changed for row in c.removed for t in atoms.triples_of(pred, row)]
        self.kb.store.update_graph(INFERRED_GRAPH, add, remove)

    # -- questions -------------------------------------------------------------------------
    def ask(self, query: str, prefixes: Mapping[str, str] | None = None) -> Answers:
        """Answer a Datalog query from the kept model (the engine is not run again)."""
        if self.model is None:
            self.recompute()
        assert self.model is not None
        parsed = parse_query(query, prefixes=dict(self.program.prefixes if prefixes is None else prefixes))
        variables = parsed.variables
        head = Atom(ANSWER, tuple(Var(v.name) for v in variables))
        unkept = {atom.pred for atom, _ in body_atoms(parsed.body)} - set(predicate_arities(self.program))
        extra = asserted_facts(self.kb.store, self.kb.graphs("asserted"), unkept) if unkept else {}
        checked(Program(self.program.rules + (Rule(head, parsed.body, parsed.span),), (),
                        self.program.prefixes, self.program.texts + (("<query>", query),)),
                {**self.model.edb, **extra}, strict=True)
        found = set()
        deadline = None if not self.timeout else time.monotonic() + self.timeout
        for n, binding in enumerate(self.model.solutions(parsed.body, extra)):
            found.add(tuple(binding[v.name] for v in variables))
            if deadline is not None and n % 10_000 == 0 and time.monotonic() > deadline:
                raise EngineTimeout(f"the query ran past its limit of {self.timeout:g} s")
        rows = sorted(found, key=lambda row: tuple(sort_key(v) for v in row))
        return Answers(tuple(v.name for v in variables), tuple(rows))


