"""Stance frames: accusations by characterisation, demands by wanting, ties cut, joint reviews.

News often accuses without the verb "accuse": a speaker calls what a party did a provocation
("called his trip a provocation", "said the manoeuvres were an escalation", "Lima took
it as an excuse"). These are read over the flat chunks of a sentence, so that the shape of the
parse (a that-clause, a quotation, a later clause after "but") does not matter. The other
frames here are generic verbs with a meaning of their own, picked by their base form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from reasoner.cnl.chunker import Chunk
from reasoner.cnl.drafts import Ctx, Draft
from reasoner.cnl.items import (
    FORCE_WORDS,
    PARTICIPANTS,
    after_prep,
    top_chunks,
    vp_chunks,
)
from reasoner.cnl.statements import Mention
from reasoner.cnl.transform import VP, Item
from reasoner.cnl.words import inflections


class Frames(Protocol):
    """What these frames use of the frame reader (:class:`reasoner.cnl.frames.Frames`, which calls
    them): described here so that this module does not import back the one that calls it."""

    def parties(self, chunks: list[Chunk], *, speaker: tuple[Mention, ...] = ()) -> list[Mention]: ...

    def nominal(self, items: list[Item], actors: list[Mention], *, open_phrase: bool = False) -> list[Draft]: ...

    def dyadic(self, kind: str, actors: list[Mention], targets: list[Mention], *, split: bool = True,
               topic: str | None = None) -> list[Draft]: ...

    def excerpt(self, item: Item | VP | list[Item]) -> str: ...

ACCUSATION_NOUNS = frozenset({
    "provocation", "provocations", "escalation", "interference", "violation", "violations", "aggression",
    "threat", "pretext", "breach", "breaches", "crime", "crimes", "atrocities", "atrocity", "genocide",
    "blackmail", "lies", "lie", "propaganda", "hysteria", "meddling", "intimidation", "coercion",
    "bullying", "destabilisation", "destabilization", "invasion", "occupation", "excuse", "sabotage"})
# Verbs that name their object and then what it is: "described X as Y", "called X Y".
DESCRIBING = frozenset({"describe", "characterise", "characterize", "brand", "label", "call", "term", "dub",
                        "denounce", "condemn", "criticise", "criticize", "see", "regard", "view", "consider"})
# Verbs whose subject is what the predicate noun says: "X was a provocation", "X constitutes ...".
COPULAS = frozenset({"be", "constitute", "represent", "pose", "amount", "become", "remain", "mark"})
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
NEGATIONS = frozenset({"no", "not", "never", "n't", "nothing"})
CLAUSE_BREAKS = frozenset({"COMMA", "AND_C", "THAT", "END", "REL", "QCOMMA"})
DEMAND_NOUNS = frozenset({"guarantees", "guarantee", "assurances", "withdrawal", "removal", "release", "halt",
                          "ban", "prohibition", "commitment", "commitments", "concessions", "compensation",
                          "pullback", "pullout", "reparations", "extradition", "handover", "return"})
TIE_WORDS = frozenset({"dialogue", "talks", "relations", "ties", "cooperation", "contacts", "exchanges",
                       "consultations", "communication", "channels"})
WINDOW = 6  # how far before the predicate noun its verb may be


def _lemmas(bases: frozenset[str]) -> dict[str, str]:
    return {form: base for base in sorted(bases) for form in inflections(base)}


LEMMAS: dict[str, str] = _lemmas(DESCRIBING | COPULAS | frozenset({
    "want", "seek", "suspend", "cancel", "sever", "freeze", "halt", "cut", "review", "use", "table",
    "sponsor", "participate", "conduct"})) | {form: "be" for form in BE_FORMS} | {"sought": "seek"}


def lemma(chunk: Chunk | None) -> str:
    if chunk is None:
        return ""
    word = chunk.text.lower()
    return LEMMAS.get(word, word)


# ---- accusations by characterisation -------------------------------------------------------
def accusations(f: Frames, chunks: list[Chunk], speaker: list[Mention]) -> list[Draft]:
    """"X described Y as a provocation", "[speaker said] Y was an escalation", "Z took it as an
    excuse": one accusation per predicate noun, from the describer or the speaker, against who
    did Y (the owner of the event Y names, or the party Y is)."""
    drafts: list[Draft] = []
    for p, chunk in enumerate(chunks):
        if chunk.text.lower() not in ACCUSATION_NOUNS or chunk.type not in ("WORD", "NOUN"):
            continue
        found = _predicate_verb(chunks, p)
        if found is None:
            continue
        v, kind = found
        start = _clause_start(chunks, v)
        if kind == "describe":
            accuser = f.parties([c for c in chunks[start:v] if c.type in PARTICIPANTS][:1]) or speaker
            accused = agent_of(f, chunks[v + 1:p])
        elif kind == "use":
            accuser, accused = speaker, f.parties([c for c in chunks[start:v] if c.type in PARTICIPANTS][-1:])
        else:
            accuser, accused = speaker, agent_of(f, chunks[start:v])
        keys = {m.entity.key for m in accuser}
        accused = [m for m in accused if m.entity.key not in keys]
        if accuser and not any(d.actors == accuser for d in drafts):
            drafts.append(Draft("accusation", list(accuser), accused, topic=chunk.text))
    return drafts


def _predicate_verb(chunks: list[Chunk], p: int) -> tuple[int, str] | None:
    """The verb that makes chunk p a predicate noun, and how: (index, describe | use | copula)."""
    for v in range(p - 1, max(-1, p - WINDOW - 1), -1):
        chunk = chunks[v]
        word = chunk.text.lower()
        if word in NEGATIONS or chunk.type in CLAUSE_BREAKS:
            return None
        base = lemma(chunk)
        if chunk.type in ("VERB", "CALL", "OPPOSE", "BE") or base in COPULAS | DESCRIBING:
            if base in DESCRIBING:
                return v, "describe"
            if base == "use":
                return v, "use"
            if base in COPULAS:
                return v, "copula"
            return None
        if chunk.type == "SUBORD" and word == "as":  # "described his trip as a provocation"
            for w in range(v - 1, max(-1, v - 8), -1):
                if lemma(chunks[w]) in DESCRIBING:
                    return w, "describe"
                if lemma(chunks[w]) == "use":
                    return w, "use"
            return None
    return None


def _clause_start(chunks: list[Chunk], v: int) -> int:
    for k in range(v - 1, -1, -1):
        chunk = chunks[k]
        if chunk.type in CLAUSE_BREAKS or chunk.type == "SAY" or chunk.text.lower() in ("but", "while"):
            return k + 1
    return 0


def agent_of(f: Frames, span: list[Chunk]) -> list[Mention]:
    """Who did what a phrase names: the owner of an event noun ("his trip", "manoeuvres Peru
    held"), else the first party it names."""
    for draft in f.nominal(list(span), []):
        if draft.actors and draft.type in ("visit", "deployment", "troop_buildup", "meeting", "sanction_imposed"):
            return list(draft.actors)
    return f.parties([c for c in span if c.type in PARTICIPANTS | {"DEMONYM"}][:1])


# ---- verb frames picked by base form ---------------------------------------------------------
Frame = Callable[[Frames, VP, list[Mention], Ctx], tuple[list[Draft], set[int]]]


def want(f: Frames, vp: VP, actors: list[Mention], ctx: Ctx) -> tuple[list[Draft], set[int]]:
    """"Peru wants written assurances", "wants foreign ships out of its waters": a demand."""
    chunks = list(vp_chunks(vp))[1:]
    words = [c.text.lower() for c in chunks]
    targets = f.parties(after_prep(chunks, {"from"}))
    out_of = [n for n, w in enumerate(words) if w == "out of"]
    if out_of:  # "all foreign soldiers out of Chile": whose troops
        before = chunks[:out_of[0]]
        if any(w in FORCE_WORDS for w in words[:out_of[0]]):
            targets = targets or f.parties([c for c in before if c.type in PARTICIPANTS | {"DEMONYM"}][:1])
    elif not set(words) & DEMAND_NOUNS:
        return [], set()
    keys = {a.entity.key for a in actors}
    targets = [t for t in targets if t.entity.key not in keys]
    return [Draft("demand", actors, targets, topic=f.excerpt(list(vp.items)) or None)], set()


def cut_ties(f: Frames, vp: VP, actors: list[Mention], ctx: Ctx) -> tuple[list[Draft], set[int]]:
    """"halt contacts with Peru", "cut ties with X": a sanction that is carried out."""
    chunks = top_chunks(vp.items)
    if not {c.text.lower() for c in chunks[:6]} & TIE_WORDS:
        return [], set()
    targets = f.parties(after_prep(chunks, {"with"}))
    return ([Draft("sanction_imposed", actors, targets)] if targets else []), set()


def review(f: Frames, vp: VP, actors: list[Mention], ctx: Ctx) -> tuple[list[Draft], set[int]]:
    """"She, Eriksen and Soto reviewed the plan": several parties reviewing together met."""
    targets = f.parties(after_prep(vp.items, {"with"}))
    if targets:
        return f.dyadic("meeting", actors, targets, split=False), set()
    persons = [a for a in actors if a.entity.kind == "person"]
    return ([Draft("meeting", actors)] if len(actors) >= 2 and persons else []), set()


def participate(f: Frames, vp: VP, actors: list[Mention], ctx: Ctx) -> tuple[list[Draft], set[int]]:
    """"X took part in the summit": X joins the meeting named (or the last one)."""
    drafts = f.nominal(list(vp.items), [])
    keys = {a.entity.key for a in actors}
    return [Draft(d.type, list(actors), [m for m in (*d.actors, *d.targets) if m.entity.key not in keys],
                  date=d.date, place=d.place) for d in drafts if d.type == "meeting"], set()


BY_LEMMA: dict[str, Frame] = {
    "want": want, "seek": want, "suspend": cut_ties, "cancel": cut_ties, "sever": cut_ties, "freeze": cut_ties,
    "halt": cut_ties, "cut": cut_ties, "review": review, "participate": participate,
}

