"""Lark Transformer: the parse tree -> a small clause structure (one method per grammar rule).

The structure keeps what the grammar established (clauses, verb groups, tails with their
islands, definitions) and leaves meaning to :mod:`reasoner.cnl.frames`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from lark import Transformer

from reasoner.cnl.chunker import Chunk


@dataclass
class Island:
    """A clause-like island in a tail: "to supply China with gas", "if Russia invades Ukraine"."""

    kind: str  # infinitive, gerund, that, subordinate, relative, if, event_of
    word: Chunk
    items: list["Item"] = field(default_factory=list)
    vps: list["VP"] = field(default_factory=list)


Item = Union[Chunk, Island]


@dataclass
class Defn:
    """The predicate of a definitional sentence: "is the president of Turkey"."""

    relation: str  # is_a, leader_of, member_of, capital_of, demonym, alias, located_in, stands_for
    word: Chunk | None = None  # the kind word or the role reference
    objects: list[Chunk] = field(default_factory=list)


@dataclass
class VP:
    """One verb group: auxiliaries, modals, dates before the verb; the verb; its tail."""

    pre: list[Chunk]
    verb: Chunk | None
    items: list[Item] = field(default_factory=list)  # the tail's flat part
    vps: list["VP"] = field(default_factory=list)  # a clause embedded in the tail (its subject: items)
    defn: Defn | None = None


@dataclass
class Clause:
    kind: str  # main, segment, participle, relative, according, lead
    subject: list[Item]
    vps: list[VP]
    relative: list[VP] = field(default_factory=list)
    qid: Chunk | None = None
    word: Chunk | None = None  # the lead's preposition, the segment's "and"


@dataclass
class SentenceTree:
    leads: list[Clause]
    main: Clause
    segments: list[Clause]


class ToClauses(Transformer):
    """Builds the clause structure. It runs inside the LALR parser (``Lark(transformer=...)``),
    which is fed the chunks themselves as tokens, so every token child is a :class:`Chunk`.
    It keeps no state: the parser shares one instance."""

    # ---- sentence level
    def start(self, children):
        return children[-1]

    def fragment(self, children):
        clauses = [c for c in children if isinstance(c, Clause)]
        main = Clause("fragment", [], children[0])
        return SentenceTree([], main, clauses)

    def sentence(self, children):
        leads = [c for c in children if isinstance(c, Clause) and c.kind == "lead"]
        clauses = [c for c in children if isinstance(c, Clause) and c.kind != "lead"]
        return SentenceTree(leads, clauses[0], clauses[1:])

    def lead_date(self, children):
        return Clause("lead", [children[0]], [], word=children[0])

    def lead_adjunct(self, children):
        items, vps = _split(children[1:-1])
        return Clause("lead", items, vps, word=children[0])

    def lead_cond(self, children):
        return Clause("lead", [children[0]], [], word=children[0].word)

    def lead_according(self, children):
        return Clause("lead", _flat(children[1]), [], word=children[0])

    def main(self, children):
        subject, qid = children[0]
        relative = children[1] if len(children) == 3 else []
        return Clause("main", subject, children[-1], relative, qid)

    def subj_parties(self, children):
        qid = children[1] if len(children) > 1 else None
        return children[0], qid

    def subj_possessive(self, children):
        return children[0] + [children[1]] + children[2], None

    def subj_qualified(self, children):
        return children[0] + [children[1]] + children[2], None

    def subj_descr(self, children):
        return [children[0]] + (children[1] if len(children) > 1 else []), None

    def parties(self, children):
        return [c for c in children]

    def party(self, children):
        return children[-1] if len(children) == 1 else children[-1]

    def relative(self, children):
        return children[1]

    def relative_segment(self, children):
        if len(children) == 3:  # ", which Peru rejects": an object relative with its own subject
            return Clause("segment", children[1], children[2], word=children[0])
        return Clause("relative", [], children[1], word=children[0])

    def seg_clause(self, children):
        word = None
        if children and isinstance(children[0], Chunk) and children[0].type == "AND_C":
            word, children = children[0], children[1:]
        items, vps = _split(children)
        if not vps and len(items) == 1 and isinstance(items[0], Island) and items[0].kind == "relative":
            return Clause("relative", [], items[0].vps, word=items[0].word)  # ", who offered to mediate"
        return Clause("segment", items, vps, word=word)

    def seg_participle(self, children):
        return Clause("participle", [], children[0])

    def seg_according(self, children):
        return Clause("according", children[1], [], word=children[0])

    # ---- verb groups
    def vp_seq(self, children):
        return [c for c in children if isinstance(c, VP)]

    def vp(self, children):
        pre = [c for c in children[:-2]]
        return VP(pre, children[-2], *children[-1])

    def vp_definition(self, children):
        return VP(children[:-1], None, defn=children[-1])

    def vp_stands_for(self, children):
        return VP(children[:-2], children[-2], defn=Defn("stands_for", children[-2], [children[-1]]))

    def pre(self, children):
        return children[0]

    def verb(self, children):
        return children[0]

    def tail(self, children):
        return _split(children)

    # ---- definitions
    def def_kind(self, children):
        return Defn("is_a", children[0])

    def def_leader(self, children):
        return Defn("leader_of", children[0], [children[2]])

    def def_member(self, children):
        return Defn("member_of", None, [children[-1]])

    def def_capital(self, children):
        return Defn("capital_of", None, [children[-1]])

    def def_demonym(self, children):
        return Defn("demonym", None, [children[-1]])

    def def_alias(self, children):
        return Defn("alias", None, children[-1])

    def def_located(self, children):
        return Defn("located_in", None, [children[-1]])

    def aliases(self, children):
        return [c for c in children if c.type not in ("COMMA", "LCOMMA", "AND")]

    def alias(self, children):
        return _merged(children)

    def names(self, children):
        return _merged(children)

    # ---- tails
    def stuff(self, children):
        return _flat(children)

    def tok(self, children):
        return children[0]

    def infinitive(self, children):
        return Island("infinitive", children[0], vps=[children[1]])

    def gerund(self, children):
        return Island("gerund", children[0], vps=[children[1]])

    def that_clause(self, children):
        items, vps = _split(children[1:])
        return Island("that", children[0], items, vps)

    def subordinate(self, children):
        items, vps = _split(children[1:])
        return Island("subordinate", children[0], items, vps)

    def relative_item(self, children):
        return Island("relative", children[0], vps=children[1])

    def cond_if(self, children):
        items, vps = _split(children[1:])
        return Island("if", children[0], items, vps)

    def cond_event(self, children):
        return Island("event_of", children[0], children[1])


def _flat(children: list) -> list[Item]:
    out: list[Item] = []
    for child in children:
        if isinstance(child, list):
            out.extend(child)
        else:
            out.append(child)
    return out


def _split(children: list) -> tuple[list[Item], list[VP]]:
    """(flat items, the verb groups of an embedded clause) from a tail's children."""
    items: list[Item] = []
    vps: list[VP] = []
    for child in children:
        if isinstance(child, tuple):
            sub_items, sub_vps = child
            items.extend(sub_items)
            vps.extend(sub_vps)
        elif isinstance(child, list) and child and isinstance(child[0], VP):
            vps.extend(child)
        elif isinstance(child, list):
            items.extend(child)
        elif child is not None:
            items.append(child)
    return items, vps


def _merged(chunks: list[Chunk]) -> Chunk:
    """Several name tokens read as one new name ("UN" + "Security Council")."""
    if len(chunks) == 1:
        return chunks[0]
    text = " ".join(c.text for c in chunks)
    return Chunk("NEWNAME", text, chunks[0].start, chunks[-1].end, label=text)
