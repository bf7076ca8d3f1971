"""Entry points: explain a conclusion, say why an atom does not hold.

:class:`Explainer` reads the store once and runs the engine once; ask it as many questions as
needed (the demo explains every main conclusion with one). :func:`explain` and :func:`why_not`
are the one-question forms over a knowledge base; :func:`explain_model` and
:func:`why_not_model` work on a program, facts and model directly, without a store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Collection, Mapping, Protocol

from reasoner.errors import Diagnostic, EngineError, QueryError, ReasonerError, Span, did_you_mean
from reasoner.explain.match import Key, Matcher, Row, rule_facts
from reasoner.explain.model import Answer, Explanation, Fact, WhyNot, compact
from reasoner.explain.proofs import Prover
from reasoner.explain.rank import Ranks, rank_goals
from reasoner.explain.sources import Provenance, read_provenance
from reasoner.explain.whynot import WhyNotFinder
from reasoner.rules import parse_query
from reasoner.rules.arity import fact_signatures, program_signatures
from reasoner.rules.ast import Atom, Const, Program, body_atoms
from reasoner.rules.printer import print_literal
from reasoner.rules.rewrite import bind_head_arithmetic

if TYPE_CHECKING:
    from rdflib import URIRef

    from reasoner.stores import Store

DEFAULT_LIMIT = 10


class KnowledgeBase(Protocol):
    """What explaining needs of a knowledge base (:class:`reasoner.kb.KnowledgeBase` is one):
    named here so that this package does not import the one that uses it."""

    store: "Store"

    def program(self) -> Program: ...

    def graphs(self, which: str = "all") -> "list[URIRef]": ...


class ExplainError(ReasonerError):
    """An atom that cannot be explained (it does not hold) or needs no why-not (it holds)."""

    code = "explain"


def parse_atom(text: str, program: Program, known: Mapping[str, set[int]]) -> Atom:
    """One atom such as ``aligned(russia, china)`` or ``aligned(X, china)``; QueryError otherwise."""
    query = parse_query(text, prefixes=dict(program.prefixes))
    if len(query.body) != 1 or not isinstance(query.body[0], Atom):
        raise QueryError(_diagnostic(text, "explain takes one atom, such as aligned(russia, china)"))
    atom = query.body[0]
    if atom.pred not in known:
        hint = did_you_mean(atom.pred, known)
        raise QueryError(_diagnostic(text, f"unknown predicate '{atom.pred}': no rule or fact defines it",
                                     atom.span, f"did you mean '{hint}'?" if hint else None))
    if atom.arity not in known[atom.pred]:
        takes = " or ".join(str(n) for n in sorted(known[atom.pred]))
        raise QueryError(_diagnostic(
            text, f"'{atom.pred}' takes {takes} arguments, not {atom.arity}", atom.span))
    return atom


def _diagnostic(text: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    span = span or Span.of(text, 0, len(text), "<query>")
    line = text.splitlines()[span.line - 1] if text.strip() else None
    return Diagnostic("query", message, span, hint=hint, source_line=line)


def signature(program: Program, facts: Mapping[str, Collection[Row]]) -> dict[str, set[int]]:
    """Every predicate name the program or the facts know, with its arities (name/arity)."""
    known: dict[str, set[int]] = {}
    for name, arity in [*program_signatures(program), *fact_signatures(facts)]:
        known.setdefault(name, set()).add(arity)
    return known


@dataclass
class Explainer:
    """Explanations over one program, its facts and the model an engine computed from them."""

    program: Program
    facts: Mapping[str, Collection[Row]]
    model: Mapping[str, Collection[Row]]
    provenance: Provenance | None = None
    engine: str = "clingo"
    _matcher: Matcher = field(init=False, repr=False)
    _ranks: dict[Key, int] = field(init=False, repr=False, default_factory=dict)
    _prover: Prover = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # arithmetic heads as body bindings: a head p(M + 1) cannot be unified with a row
        self.program = bind_head_arithmetic(self.program)
        self._matcher = Matcher(self.model)
        stated = rule_facts(self.program.rules)
        self._base: dict[str, set[Row]] = {p: set(rows) for p, rows in self.facts.items()}
        for pred, row in stated:
            self._base.setdefault(pred, set()).add(row)
        self._known = signature(self.program, self.facts)
        facts = {p: set(rows) for p, rows in self.facts.items()}
        self._prover = Prover(self.program, self._matcher, Ranks(self._ranks, self._base), facts,
                              stated, self.provenance)

    @classmethod
    def from_kb(cls, kb: "KnowledgeBase", *, engine: str = "clingo", program: Program | None = None,
                timeout: float | None = None, strict: bool = False) -> "Explainer":
        """Read the asserted graphs once, run the engine once."""
        from reasoner.inference import checked, evaluate

        program = program or kb.program()
        provenance = read_provenance(kb.store, kb.graphs("asserted"))
        checked(program, provenance.facts, strict=strict)
        model = evaluate(program, provenance.facts, engine, timeout)
        return cls(program, provenance.facts, model, provenance, engine)

    # -- explain -----------------------------------------------------------------------------
    def explain(self, atom_text: str, *, all: bool = False, limit: int = DEFAULT_LIMIT) -> Explanation:  # noqa: A002
        """Explain every answer of ``atom_text`` (at most ``limit``); ExplainError if none holds."""
        atom = parse_atom(atom_text, self.program, self._known)
        rows = self.answers(atom)
        if not rows:
            raise ExplainError(_not_holding(atom))
        shown = [(atom.pred, row) for row in rows[:max(1, limit)]]
        self._ranks.update(rank_goals(self.program, self._matcher, self._prover.ranks, shown))
        answers = tuple(self.answer(key, all=all, limit=limit) for key in shown)
        return Explanation(atom_text.strip(), answers, len(rows), self.engine)

    def answers(self, atom: Atom) -> list[Row]:
        relation = self._matcher.relation(atom.pred)
        return [row for _, row in self._matcher.matches(atom, {}, relation)]

    def answer(self, key: Key, *, all: bool = False, limit: int = DEFAULT_LIMIT) -> Answer:  # noqa: A002
        try:
            if all:
                proofs, total = self._prover.alternatives(key, max(1, limit))
                return Answer(Fact(*key), proofs, total)
            return Answer(Fact(*key), (self._prover.proof(key),), 1)
        except LookupError as exc:
            raise EngineError(f"{exc}: the {self.engine} model does not match the rules") from None

    # -- why not -----------------------------------------------------------------------------
    def why_not(self, atom_text: str) -> WhyNot:
        """The closest failed instance of each rule that could derive a ground atom that does not
        hold; ExplainError if it holds."""
        atom = parse_atom(atom_text, self.program, self._known)
        if not all_ground(atom):
            raise QueryError(_diagnostic(atom_text, "why-not takes a ground atom, such as "
                                         "aligned(ukraine, china)", atom.span))
        fact = Fact(atom.pred, tuple(a.value for a in atom.args))  # type: ignore[union-attr]
        if self._matcher.holds(fact.pred, fact.args):
            raise ExplainError(f"{fact.text} holds; use explain to see why")
        finder = WhyNotFinder(self.program, self._matcher, self.provenance)
        attempts = finder.attempts(fact)
        note = None if attempts else _no_rule_note(fact, self.program)
        return WhyNot(fact, attempts, note, self.engine)


def _not_holding(atom: Atom) -> str:
    text = compact(print_literal(atom))
    return f"{text} does not hold; try --why-not" if all_ground(atom) else f"no fact matches {text}"


def _no_rule_note(fact: Fact, program: Program) -> str:
    if any(r.head.pred == fact.pred for r in program.rules):
        return f"no rule for '{fact.pred}' has a head that matches it"
    return f"no rule derives '{fact.pred}', and no sentence or background fact says {fact.text}"


def all_ground(atom: Atom) -> bool:
    return all(isinstance(t, Const) for t in atom.args)


# -- one-question forms -------------------------------------------------------------------------

def explain(kb: "KnowledgeBase", atom_text: str, *, engine: str = "clingo",
            program: Program | None = None, all: bool = False,  # noqa: A002
            limit: int = DEFAULT_LIMIT, timeout: float | None = None) -> Explanation:
    """Why ``atom_text`` holds: a well-founded proof per answer, down to the sentences.

    Raises QueryError for a malformed atom, ExplainError when it does not hold.
    """
    program = program or kb.program()
    parse_query(atom_text, prefixes=dict(program.prefixes))  # syntax errors before any work
    explainer = Explainer.from_kb(kb, engine=engine, program=program, timeout=timeout)
    return explainer.explain(atom_text, all=all, limit=limit)


def why_not(kb: "KnowledgeBase", atom_text: str, *, engine: str = "clingo",
            program: Program | None = None, timeout: float | None = None) -> WhyNot:
    """Why a ground atom does not hold: per rule, the closest failed instance and what is missing."""
    program = program or kb.program()
    parse_query(atom_text, prefixes=dict(program.prefixes))
    explainer = Explainer.from_kb(kb, engine=engine, program=program, timeout=timeout)
    return explainer.why_not(atom_text)


def explain_model(program: Program, facts: Mapping[str, Collection[Row]],
                  model: Mapping[str, Collection[Row]], atom_text: str, *, all: bool = False,  # noqa: A002
                  limit: int = DEFAULT_LIMIT) -> Explanation:
    """:func:`explain` over a program, its facts and their model (no store, no sources)."""
    return Explainer(program, facts, model).explain(atom_text, all=all, limit=limit)


def why_not_model(program: Program, facts: Mapping[str, Collection[Row]],
                  model: Mapping[str, Collection[Row]], atom_text: str) -> WhyNot:
    """:func:`why_not` over a program, its facts and their model."""
    return Explainer(program, facts, model).why_not(atom_text)


def supporting_sentences(explanation: Explanation) -> list[tuple[str, int, str]]:
    """The sentences the explanation rests on: ``(doc_id, sentence_number, text)``, in document
    order, each once."""
    found: dict[tuple[str, int], str] = {}
    for answer in explanation.answers:
        for proof in answer.proofs:
            for leaf in proof.leaves():
                for source in leaf.sources:
                    if source.kind == "document" and source.sentence is not None:
                        found.setdefault((source.doc_id or "", source.sentence), source.text or "")
    return [(doc, n, found[(doc, n)]) for doc, n in sorted(found)]


__all__ = ["Explainer", "ExplainError", "explain", "explain_model", "supporting_sentences",
           "why_not", "why_not_model"]
