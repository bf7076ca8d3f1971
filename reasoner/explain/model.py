"""The explanation data: frozen dataclasses, rendered by :mod:`reasoner.explain.render` and
:mod:`reasoner.explain.prov`.

An :class:`Explanation` holds one :class:`Answer` per ground conclusion; an answer holds one
:class:`Proof` (or, with ``all=True``, one per distinct rule instance at the top). A proof is a
tree: a derived fact has a :class:`Step` (the rule, its bindings, its premises as proofs, and the
negations, comparisons and counts it checked); an asserted fact has :class:`Source` records (the
document, sentence number and text, or the background graph, or the rule file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Literal

from reasoner.rdf.namespaces import PREFIX_IRIS
from reasoner.rules.ast import Atom, Const, Value
from reasoner.rules.printer import print_literal, print_value

ProofKind = Literal["derived", "asserted", "background", "rule_fact"]
SourceKind = Literal["document", "background", "rule"]
CheckKind = Literal["not", "compare", "count"]


_IRI = re.compile(r"<([^<>\s\"]+)>")
_BY_LENGTH = sorted(PREFIX_IRIS.items(), key=lambda item: -len(item[1]))


def compact(text: str) -> str:
    """Rule text for reading: ``<https://w3id.org/reasoner/event/doc/3-1>`` -> ``event:doc/3-1``."""
    def short(match: re.Match[str]) -> str:
        iri = match.group(1)
        for prefix, base in _BY_LENGTH:
            if iri.startswith(base) and len(iri) > len(base):
                return f"{prefix}:{iri[len(base):]}"
        return match.group(0)

    return _IRI.sub(short, text)


def show(value: Value) -> str:
    """A value for reading: rule text, IRIs shortened with the project prefixes."""
    return compact(print_value(value))


def exact(value: Value) -> str:
    """A value as exact rule text (IRIs in full): what programs should read."""
    return print_value(value)


@dataclass(frozen=True, slots=True)
class Fact:
    """A ground atom."""

    pred: str
    args: tuple[Value, ...]

    @property
    def text(self) -> str:
        """For reading: ``party(event:doc/3-1, russia)``."""
        return compact(self.exact)

    @property
    def exact(self) -> str:
        """Exact rule text, which parses back: ``party(<https://...>, russia)``."""
        return print_literal(Atom(self.pred, tuple(Const(a) for a in self.args)))

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Source:
    """Where an asserted fact comes from."""

    kind: SourceKind
    graph: str | None = None  # the named graph holding the triple
    doc_id: str | None = None
    sentence: int | None = None  # sentence number in the document
    text: str | None = None  # the sentence as written
    sentence_iri: str | None = None  # doc:<doc-id>/s<n>
    subject: str | None = None  # the node the triple is about (an event), if an IRI
    location: str | None = None  # rules/blocs.dl:9 for a fact written in a rule file

    @property
    def label(self) -> str:
        """One line: ``doc-id, sentence 3: "..."``, ``background`` or ``rule fact at file:line``."""
        if self.kind == "rule":
            return f"rule fact at {self.location}"
        if self.kind == "background":
            return "background knowledge (lexicon)"
        if self.sentence is None:
            return f"{self.doc_id} (stated in the document)"
        return f"{self.doc_id}, sentence {self.sentence}: \"{self.text}\""


@dataclass(frozen=True, slots=True)
class Check:
    """A negation, comparison or count the rule instance checked."""

    kind: CheckKind
    literal: str  # as written in the rule: ``not member_of(X, nato)``
    text: str  # ground and in words: ``no fact member_of(china, nato) holds``
    counted: tuple[str, ...] = ()  # for a count: the counted tuples (bounded)
    total: int = 0  # for a count: how many tuples were counted


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One rule application."""

    rule: str  # the rule's text
    location: str  # file:line
    rule_index: int  # position of the rule in the program
    bindings: tuple[tuple[str, Value], ...]
    premises: tuple["Proof", ...]
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Proof:
    """A well-founded proof of one fact: every premise has a strictly lower rank.

    Proofs of the same fact are shared, so a proof is a DAG in memory; proofs and steps compare
    by identity (a structural comparison would walk the whole DAG).
    """

    fact: Fact
    kind: ProofKind
    rank: int
    step: Step | None = None
    sources: tuple[Source, ...] = ()

    def leaves(self) -> Iterator["Proof"]:
        """The asserted facts (and rule facts) at the bottom of the proof, depth first."""
        stack: list[Proof] = [self]
        while stack:
            node = stack.pop()
            if node.step is None:
                yield node
            else:
                stack.extend(reversed(node.step.premises))


@dataclass(frozen=True, slots=True)
class Answer:
    """One ground conclusion with its derivation(s)."""

    fact: Fact
    proofs: tuple[Proof, ...]
    alternatives: int  # distinct rule instances deriving it at the top (1 for an asserted fact)

    @property
    def shown_alternatives(self) -> int:
        return len(self.proofs)


@dataclass(frozen=True, slots=True)
class Explanation:
    query: str
    answers: tuple[Answer, ...]
    total_answers: int  # answers found (the explanation shows at most ``limit``)
    engine: str = "clingo"

    def __repr__(self) -> str:
        return f"Explanation({self.query!r}, {self.total_answers} answers, engine={self.engine!r})"


@dataclass(frozen=True, slots=True)
class Missing:
    """A premise that fails in the closest instance of a rule, in analysts' words."""

    literals: tuple[str, ...]  # the failed literals, ground where the instance binds them
    reason: str
    derived: bool = False  # the missing link is a fact rules would derive
    deeper: tuple["Attempt", ...] = ()  # why that derived fact does not hold (one level)


@dataclass(frozen=True, slots=True)
class Attempt:
    """The closest failed instance of one rule that could derive the atom."""

    rule: str
    location: str
    rule_index: int
    bindings: tuple[tuple[str, Value], ...]
    satisfied: tuple[str, ...]  # the body literals that hold in this instance
    missing: tuple[Missing, ...]
    total: int  # body literals in the rule
    unchecked: tuple[str, ...] = ()  # checks that cannot be evaluated without the missing facts
    complete: bool = True  # False when the search stopped at its budget

    @property
    def score(self) -> int:
        return len(self.satisfied)


@dataclass(frozen=True, slots=True)
class WhyNot:
    fact: Fact
    attempts: tuple[Attempt, ...]  # closest first
    note: str | None = None  # e.g. the predicate is only asserted, never derived
    engine: str = "clingo"

    def __repr__(self) -> str:
        return f"WhyNot({self.summary!r})"

    @property
    def summary(self) -> str:
        """One line: the atom does not hold, and the closest missing premise."""
        head = f"{self.fact.text} does not hold"
        if not self.attempts:
            return f"{head}: {self.note}" if self.note else head
        best = self.attempts[0]
        if not best.missing:
            return head
        return (f"{head}; closest: {best.location} ({best.score} of {best.total} premises hold): "
                f"{best.missing[0].reason}")
