"""Clauses and event nouns -> events, by the event lexicon.

For each clause: the verb's frame (``verbs.tsv``; a frame that names its object wins: "impose
sanctions on"), else a light verb's object noun (``hold talks with``, ``pay a visit to``); then
what the verbs above it do to it (``control.tsv``: "refused to meet" is not asserted, "plans to
visit" is planned, "threatened to impose sanctions" is a sanction threat, "X said" is the
attribution), its own negation, auxiliaries and conditions. Event nouns that no verb took
("the talks between A and B", "Xi's visit to Moscow") state events of their own; a definite one
with no participants ("the meeting") is the last event of its type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Collection, Iterator

from reasoner.cnl.dates import DateExpr, could_start_date, match_date
from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import SYMMETRIC_TYPES, TARGETED_TYPES, Event, Mention
from reasoner.reader.clauses import INVERTING_AUXILIARIES, Clause, clauses
from reasoner.reader.lexicon import EventLexicon, Frame, event_lexicon
from reasoner.reader.paraphrase import ONE_TARGET
from reasoner.reader.participants import Finder, Memory, acting, distinct
from reasoner.reader.syntax import Parse, Token

SYMMETRIC = SYMMETRIC_TYPES
# an appeal may name no one ("called for a ceasefire"): the call itself is the event
NEEDS_TARGET = TARGETED_TYPES
PLACE_PREPS = frozenset({"in", "at"})


@dataclass(frozen=True)
class Reading:
    """What one sentence states."""

    events: tuple[Event, ...]
    not_asserted: tuple[tuple[Event, str], ...]  # negated or refused events, with the reason
    positions: tuple[int, ...] = ()  # where in the sentence each event's word is (characters)
    # types of event nouns in a prepositional phrase the reader read itself, with their own
    # parties or as no event ("protested against the drills": not the protester's)
    unstated: frozenset[str] = frozenset()
    elsewhere: tuple[str, ...] = ()  # per event: "time" (told at another time), "passing" or ""
    perfect: tuple[bool, ...] = ()  # per event: told in the present perfect ("have agreed"): today's news
    names_a_day: bool = False  # whether the sentence names a day of its own ("on Wednesday")


@dataclass(frozen=True)
class _Draft:
    event: Event
    anchor: int  # the token the event hangs from (a verb, or an event noun)
    used: frozenset[int]  # tokens the frame used (an event noun a verb took)
    dropped: str | None = None
    coreferent: Event | None = None  # the earlier event a description refers to ("the talks")


def read_events(parse: Parse, finder: Finder, events: EventLexicon, lexicon: Lexicon,
                published: dt.date | None) -> Reading:
    found = tuple(clauses(parse))
    by_verb = {c.verb: c for c in found}
    finder = replace(finder, bound=_reported_pronouns(parse, by_verb, finder, events))
    finder = replace(finder, bound=finder.bound + _subordinate_pronouns(parse, by_verb, finder))
    dates, vague, noun_dates = _dates(parse, published, set(by_verb))
    drafts = [d for c in found for d in _clause_events(parse, c, finder, events, lexicon, by_verb)]
    used = frozenset(i for d in drafts for i in d.used)
    drafts += _noun_events(parse, finder, events, lexicon, used, by_verb)
    drafts += [d for c in found for d in _characterised(parse, c, finder, events, lexicon, by_verb)]
    drafts += [d for c in found for d in _obliged(parse, c, finder, events, lexicon, by_verb)]
    unstated = _unstated_nouns(parse, events, used)
    if any(d.event.type == "host" and _hosts_talks(parse, d.anchor, events) for d in drafts):
        unstated |= {"meeting"}  # "X hosted talks between A and B": the talks are A and B's, not X's
    drafts = [_governed(parse, d, by_verb, events, finder) for d in drafts]
    drafts = [_addressed(parse, d, drafts) for d in drafts]
    drafts += [b for d in drafts for b in _brokered(parse, d, finder, events)]
    # the sentence's day is its clauses' own, not one told in passing ("where the talks began on ...")
    sentence_date = next((d for v, d in dates.items() if d.is_point and (v not in by_verb or by_verb[v].relation
                                                                           not in ("relcl", "acl"))), None)
    kept: list[Event] = []
    positions: list[int] = []
    anchors: list[int] = []
    refused: list[tuple[Event, str]] = []
    for d in drafts:
        event = _dated(parse, d, by_verb, dates, noun_dates, sentence_date)
        event = replace(event, place=event.place or _place(parse, d, by_verb, finder, lexicon))
        if event.type == "visit" and event.modality == "planned":
            event = replace(event, type="planned_visit")
        if event.type == "meeting" and _remote(parse, d, events):
            event = replace(event, type="call")  # "phone talks", "a video meeting"
        event = as_coded(event)
        if d.dropped:
            refused.append((event, d.dropped))
        elif not any(says_the_same(event, k, lexicon) for k in kept):
            kept.append(event)
            positions.append(parse.tokens[d.anchor].start)
            anchors.append(d.anchor)

    kept, merged = _one_offer_each(kept)
    lesser = _says_less(kept) | merged
    kept, positions, anchors = ([x for i, x in enumerate(xs) if i not in lesser] for xs in (kept, positions, anchors))
    kept = _one_day(parse, kept, anchors, by_verb, vague)
    sides = _sides_of_a_dispute(parse, finder, events)
    kept = [_mediated_between(e, kept, sides) for e in kept]
    elsewhere = tuple(_elsewhere_in_time(parse, a, by_verb, vague) for a in anchors)
    perfect = tuple(_present_perfect(parse, a, by_verb) for a in anchors)
    names_a_day = any(d.is_point for d in (*dates.values(), *noun_dates.values()))
    return Reading(tuple(kept), tuple(refused), tuple(positions), unstated, elsewhere, perfect, names_a_day)


def _unstated_nouns(parse: Parse, events: EventLexicon, used: frozenset[int]) -> frozenset[str]:
    """The types of the directed event nouns in a prepositional phrase ("protested against the
    drills") that no verb frame took: the reader read them with their own parties or as no
    event, and the clause's subject is not their doer."""
    in_phrase = frozenset(frame.type for t in parse.tokens
                          if (frame := events.nouns.get(t.lemma)) is not None and t.pos in ("NOUN", "PROPN")
                          and t.dep == "pobj" and frame.type not in SYMMETRIC
                          and not events.is_a("participation_prep", parse.tokens[t.head].lemma)  # "took part in drills"
                          and t.i not in used)
    return in_phrase | _asked_for_nouns(parse, events)


_ASKING = frozenset({"appeal", "demand", "offer", "threat"})


def _asked_for_nouns(parse: Parse, events: EventLexicon) -> frozenset[str]:
    """The types of event nouns a verb asks for or offers ("demanded talks
    between A and B", "called for a truce"): the reader reads them as not yet held, and the
    asker is not one of their parties."""
    def effect(verb: Token, prep: Token | None) -> str | None:
        lemma = f"{verb.lemma} {prep.lemma}" if prep is not None else verb.lemma
        return events.control.get(lemma)
    out = set()
    for t in parse.tokens:
        frame = events.nouns.get(t.lemma)
        if frame is None or t.pos not in ("NOUN", "PROPN"):
            continue
        head = parse.tokens[t.head]
        if t.dep == "dobj" and head.pos == "VERB" and effect(head, None) in _ASKING:
            out.add(frame.type)
        elif t.dep == "pobj" and head.dep == "prep" and parse.tokens[head.head].pos == "VERB" \
                and effect(parse.tokens[head.head], head) in _ASKING:
            out.add(frame.type)
    return frozenset(out)


def _own_verb(parse: Parse, anchor: int, by_verb: dict[int, Clause]) -> int | None:
    """The verb of the clause an event hangs from (the anchor itself, or the verb above a noun)."""
    return anchor if anchor in by_verb else _verb_above(parse, anchor, by_verb)


def _clauses_up(parse: Parse, anchor: int, by_verb: dict[int, Clause]) -> Iterator[Clause]:
    """The clause an event hangs from, then each clause governing it, outwards."""
    verb, seen = _own_verb(parse, anchor, by_verb), set()
    while verb is not None and verb in by_verb and verb not in seen:
        seen.add(verb)
        yield by_verb[verb]
        verb = by_verb[verb].governor


def _present_perfect(parse: Parse, anchor: int, by_verb: dict[int, Clause]) -> bool:
    """"have agreed", "has met", "X said they have agreed": news of the day. Not what has gone
    on for a while ("has been mediating", "has met twice since March")."""
    for clause in _clauses_up(parse, anchor, by_verb):
        kids = list(parse.children(clause.verb))
        if any(k.lemma == "have" and k.dep == "aux" and k.tag in ("VBZ", "VBP") for k in kids):
            return not (parse.tokens[clause.verb].tag == "VBG" or any(k.lemma == "since" for k in kids))
    return False


def _elsewhere_in_time(parse: Parse, anchor: int, by_verb: dict[int, Clause], vague: set[int]) -> str:
    """How an event's clauses set it apart from the story's day: "time" for a vaguer date ("in
    April", "last year"), the past perfect ("had met") or a clause before or after the
    sentence's time; "passing" for a description in passing ("the deal signed by A and B",
    which may still be an event told before); "" for neither."""
    if -1 in vague:
        return "time"
    passing = ""
    for clause in _clauses_up(parse, anchor, by_verb):
        verb = clause.verb
        if verb in vague or _at_another_time(clause) or (
                "have" in clause.auxiliaries and parse.tokens[verb].tag == "VBN"
                and any(parse.tokens[k.i].tag == "VBD" for k in parse.children(verb) if k.lemma == "have")):
            return "time"
        if clause.relation in ("acl", "relcl"):
            passing = "passing"
    return passing


def as_coded(event: Event) -> Event:
    """An intention as CAMEO codes it. Sanctions "if X attacks" or that one "will impose" are the
    threat of them (1312), not the act (163); "will mediate", "is ready to mediate" is the offer
    to mediate (039 is itself the intent), not a planned one."""
    if event.type == "sanction_imposed" and event.modality in ("conditional", "planned"):
        return replace(event, type="sanction_threat")  # as the controlled language reads it
    if event.type == "mediation_offer" and event.modality == "planned":
        return replace(event, modality="asserted")
    return event


def _mediated_between(e: Event, kept: list[Event], sides: tuple[Mention, ...] = ()) -> Event:
    """"The truce was reached with the help of mediators from X": X mediated between the parties
    of the one agreement or meeting the sentence tells; "offered to help resolve the dispute
    between A and B": between the sides of the one dispute the sentence names."""
    if e.type != "mediation_offer" or e.targets:
        return e
    mediators = {m.entity.key for m in e.actors}
    if len({m.entity.key for m in sides} - mediators) >= 2:
        return replace(e, targets=tuple(m for m in sides if m.entity.key not in mediators))
    told = [k for k in kept if k.type in ("agreement", "meeting") and len(k.actors + k.targets) >= 2
            and not mediators & {m.entity.key for m in k.actors + k.targets}]
    return replace(e, targets=told[0].actors + told[0].targets) if len(told) == 1 else e


def _sides_of_a_dispute(parse: Parse, finder: Finder, events: EventLexicon) -> tuple[Mention, ...]:
    """The parties "between" which the sentence's one dispute, conflict or standoff lies."""
    found = [finder.of(p.i) for t in parse.tokens if events.is_a("dispute_noun", t.lemma)
             for k in parse.children(t.i) if k.dep == "prep" and k.lemma == "between"
             for p in parse.children(k.i) if p.dep == "pobj"]
    return found[0] if len(found) == 1 else ()


def _remote(parse: Parse, d: _Draft, events: EventLexicon) -> bool:
    nouns = [d.anchor, *sorted(d.used)]
    return any(k.dep in ("compound", "amod", "nmod") and events.is_a("remote_modifier", k.lemma)
               for i in nouns for k in parse.children(i))


def _at_another_time(clause: Clause) -> bool:
    """"(weeks) after he hosted B", "before they met": a clause set before or after its
    sentence's time, not on the story's day."""
    return clause.relation == "advcl" and clause.mark in ("after", "before", "since", "until")


def _aside(parse: Parse, anchor: int, by_verb: dict[int, Clause]) -> bool:
    """Whether an event is told in passing: in a relative or participle clause ("X, who chaired
    the talks", "the deal signed by A and B")."""
    verb = _own_verb(parse, anchor, by_verb)
    clause = by_verb.get(verb) if verb is not None else None
    return clause is not None and clause.relation in ("acl", "relcl")


def _one_day(parse: Parse, kept: list[Event], anchors: list[int], by_verb: dict[int, Clause],
             vague: set[int]) -> list[Event]:
    """"At the talks (on Monday), they agreed": a told event with no date takes the one date the
    sentence's other events have, unless its own clause gives a vaguer one ("in April") or it
    is a description in passing ("the declaration signed by A and B")."""
    def aside(anchor: int) -> bool:
        return _aside(parse, anchor, by_verb) or _own_verb(parse, anchor, by_verb) in vague
    told = [(e.date, aside(a)) for e, a in zip(kept, anchors) if e.date is not None and e.modality in ("asserted", "reported")]
    # the main clauses' day ("..., where the talks began on 5 May" lends its day to no one else)
    days = {day for day, apart in told if not apart}
    if len(days) != 1:
        return kept
    (day,) = days
    out = []
    for e, anchor in zip(kept, anchors):
        undated = e.date is None and e.modality in ("asserted", "reported")
        out.append(replace(e, date=day) if undated and not aside(anchor) else e)
    return out

# ---- frames ----------------------------------------------------------------------------------


def _lemmas(parse: Parse, c: Clause) -> list[str]:
    """"step up", "call on", then "call": the phrasal readings of a verb first."""
    out = [f"{c.lemma} {c.particle}"] if c.particle else []
    out += [f"{c.lemma} {p}" for p, _ in c.preps]
    # a particle changes the verb ("back down" is no backing): no fallback to the bare verb
    return out if c.particle else out + [c.lemma]


def _object_lemmas(parse: Parse, c: Clause, events: EventLexicon) -> list[str]:
    heads = list(c.objects) + [i for _, i in c.preps]
    lemmas = [parse.tokens[i].lemma for i in heads]
    for i in heads:  # "a package of sanctions", "a set of measures"
        for k in parse.children(i):
            if k.dep == "prep" and k.lemma == "of":
                lemmas += [p.lemma for p in parse.children(k.i) if p.dep == "pobj"]
    for x in parse.tokens:  # "threatened to impose sanctions": the object of the complement
        if x.head == c.verb and x.dep in ("xcomp", "ccomp"):
            # unless the complement's verb makes that event itself ("agreed to draw up sanctions")
            own = [x.lemma] + [f"{x.lemma} {p.lemma}" for p in parse.children(x.i) if p.dep == "prt"]
            lemmas += [k.lemma for k in parse.children(x.i) if k.dep in ("dobj", "pobj")
                       and not any(events.verb_frame(v, k.lemma) or events.verb_frame(v, None) for v in own)]
    return lemmas


def _clause_events(parse: Parse, c: Clause, finder: Finder, events: EventLexicon,
                   lexicon: Lexicon, by_verb: dict[int, Clause]) -> list[_Draft]:
    objects = _object_lemmas(parse, c, events)
    predicates = [k.lemma for k in parse.children(c.verb) if k.dep == "oprd"]
    for lemma in _lemmas(parse, c):
        # "called the launch a provocation": a frame may ask for the object's predicate noun
        frame = next((f for o in predicates + objects if (f := events.verb_frame(lemma, o)) and f.specific), None)
        if frame is not None:
            return _framed(parse, c, frame, lemma, finder, lexicon, by_verb)
        if predicates:  # "called Peru a partner", "named Ana envoy": naming, not the verb's event
            generic = events.verb_frame(lemma, None)
            drafts = _framed(parse, c, generic, lemma, finder, lexicon, by_verb) if generic else []
            return [replace(d, dropped=f"naming ('{parse.tokens[c.verb].text} ... {predicates[0]}')")
                    for d in drafts]
        if events.control.get(lemma) == "light":
            for i in c.objects:
                noun = events.nouns.get(parse.tokens[i].lemma)
                if noun is not None:
                    return _light(parse, c, noun, i, finder, lexicon)
        frame = events.verb_frame(lemma, None)
        if frame is not None:
            return _framed(parse, c, frame, lemma, finder, lexicon, by_verb)
    return []


def _framed(parse: Parse, c: Clause, frame: Frame, lemma: str, finder: Finder, lexicon: Lexicon,
            by_verb: dict[int, Clause]) -> list[_Draft]:
    phrasal_prep = lemma.split(" ", 1)[1] if " " in lemma and lemma.split(" ", 1)[1] != c.particle else None
    def role(r: str) -> list[int]:
        if r == "subj":
            return list(c.subjects)
        if r == "obj":
            if phrasal_prep:  # "called on X": the object of the verb's own preposition
                return [i for p, i in c.preps if p == phrasal_prep] + list(c.objects)
            return list(c.objects)
        if r == "dative":
            return list(c.datives)
        if r in ("mod", "poss"):  # "expelled Colombian diplomats", "summoned Peru's envoy"
            return [i for o in c.objects for i in _noun_role(parse, o, r)]
        if r == "clause":  # "demanded that Washington cancel the sale"
            return [k.i for x in parse.children(c.verb) if x.dep == "ccomp"
                    for k in parse.children(x.i) if k.dep in ("nsubj", "nsubjpass")]
        objects = list(c.objects) + [k.i for o in c.objects for k in parse.children(o) if k.dep == "conj"]
        objects += [i for p, i in c.preps if p == phrasal_prep]  # "acted as a mediator between A and B"
        # "signed a memorandum of understanding with China": the phrase hangs from the "of" noun
        objects += [p.i for o in list(objects) for k in parse.children(o) if k.dep == "prep" and k.lemma == "of"
                    for p in parse.children(k.i) if p.dep == "pobj"]
        return [i for p, i in c.preps if p == r] + [i for o in objects for i in _preps_of(parse, o, r)]
    actors, targets = _participants(frame, role, finder, lexicon)
    if frame.type in _BETWEEN_OTHERS and not targets:
        targets = _parties_of_event_object(parse, c, actors, finder, lexicon, by_verb)
    if frame.type in _AIMED_AT_DOERS and not targets:
        targets = _doers_of_event_object(parse, c, actors, finder, lexicon, by_verb)
    if not targets and (frame.needs_target or _unknown_target(parse, frame, role, finder.words)):
        return []  # "designated the group a terrorist organisation": against no one the text names
    used = frozenset(c.objects) | frozenset(i for _, i in c.preps if parse.tokens[i].lemma in frame.objects)
    if frame.type in _BETWEEN_OTHERS:
        used = frozenset()  # "talks hosted (mediated) by X": the talks were held too
    if frame.type not in SYMMETRIC and len(actors) == 2 and not targets and _reciprocal(parse, c, finder):
        return _each_way(frame.type, actors, c.verb, used)  # "A and B accused each other", "traded accusations"
    return _draft(frame, actors, targets, c.verb, used)


def _unknown_target(parse: Parse, frame: Frame, role, events: EventLexicon) -> bool:
    """A sanction or an offer whose target slot holds a phrase that names no one the text knows
    ("the group", "three officials"): it is aimed at someone, just not at the story's last
    target, so the story's memory must not fill it in (see :func:`carry_targets`)."""
    if frame.type not in _TARGETS_CARRY:
        return False
    return any(parse.tokens[i].pos in ("NOUN", "PROPN", "PRON") and parse.tokens[i].lemma not in frame.objects
               and parse.tokens[i].lemma not in events.nouns for r in frame.targets for i in role(r.removeprefix("+")))


def _reciprocal(parse: Parse, c: Clause, finder: Finder) -> bool:
    """"each other" as the object, or a verb of trading ("exchanged accusations")."""
    if c.lemma in ("exchange", "trade"):
        return True
    words = {" ".join(t.lemma for t in parse.subtree(i)) for i in c.objects}
    return any(finder.words.is_a("reciprocal", w) for w in words)

_BETWEEN_OTHERS = frozenset({"host", "mediation_offer"})
_AIMED_AT_DOERS = frozenset({"accusation", "opposition"})


def _doers_of_event_object(parse: Parse, c: Clause, actors: tuple[Mention, ...], finder: Finder,
                           lexicon: Lexicon, by_verb: dict[int, Clause]) -> tuple[Mention, ...]:
    """"condemned Pelosi's visit", "denounced the drills": what is condemned is an event, and
    its doers are the accused (the event's own roles, else the earlier event it refers to)."""
    keys = {m.entity.key for m in actors}
    for i in c.objects:
        frame = finder.words.nouns.get(parse.tokens[i].lemma)
        if frame is None:  # "criticised Peru's decision", "condemned the move by Chile": its maker
            makers = tuple(acting(lexicon, m) for r in ("poss", "by") for j in _noun_role(parse, i, r)
                           for m in finder.of(j) if m.entity.key not in keys)
            if makers:
                return distinct(makers)
            continue
        doers, _ = _participants(frame, lambda r: _noun_role(parse, i, r), finder, lexicon)
        if not doers:
            earlier = _coreferent(parse, parse.tokens[i], frame, finder, by_verb)
            doers = earlier.actors if earlier is not None else ()
        doers = tuple(m for m in doers if m.entity.key not in keys)
        if doers:
            return doers
    return ()


def _parties_of_event_object(parse: Parse, c: Clause, actors: tuple[Mention, ...], finder: Finder,
                             lexicon: Lexicon, by_verb: dict[int, Clause]) -> tuple[Mention, ...]:
    """"They met for talks hosted by X", "the talks X brokered": the host's or broker's guests are
    the parties of the talks, as the clause that holds the talks names them."""
    keys = {m.entity.key for m in actors}
    for i in c.objects:
        found = _clause_parties(parse, i, by_verb, finder, lexicon)
        found = tuple(m for m in found if m.entity.key not in keys)
        if len({m.entity.key for m in found}) >= 2:
            return found
        noun = parse.tokens[i]
        frame = finder.words.nouns.get(noun.lemma)
        if frame is not None:  # "hosted talks of A and B", "a summit attended by A, B and C": its own parties
            own = _noun_participants(parse, noun, frame, finder, lexicon)
            attending = [m for k in parse.children(i) if k.dep == "acl" and k.tag == "VBN"
                         for j in _participle_role(parse, k.i, "by") for m in finder.of(j)]
            found = tuple(m for m in distinct(own[0] + own[1] + tuple(attending)) if m.entity.key not in keys)
            if len({m.entity.key for m in found}) >= 2:
                return found
        earlier = _coreferent(parse, noun, frame, finder, by_verb) if frame is not None else None
        if earlier is not None:  # "X, who chaired the talks": the talks the story told of
            found = tuple(m for m in earlier.actors + earlier.targets if m.entity.key not in keys)
            if len({m.entity.key for m in found}) >= 2:
                return found
    return ()


def _light(parse: Parse, c: Clause, noun: Frame, i: int, finder: Finder, lexicon: Lexicon) -> list[_Draft]:
    def role(r: str) -> list[int]:
        if r == "subj":
            return list(c.subjects)
        return _noun_role(parse, i, r) + [j for p, j in c.preps if p == r]
    frame = replace(noun, actors=("subj",) + tuple(r for r in noun.actors if r in ("between", "+with")))
    actors, targets = _participants(frame, role, finder, lexicon)
    return _draft(frame, actors, targets, c.verb, frozenset({i}))


def _participants(frame: Frame, role, finder: Finder, lexicon: Lexicon) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    def first(roles: tuple[str, ...], finder: Finder) -> tuple[Mention, ...]:
        """The participants of the first role that has any, and of the "+" roles after it."""
        found: tuple[Mention, ...] = ()
        for r in roles:
            if found and not r.startswith("+"):
                break
            found += tuple(acting(lexicon, m) for i in role(r.removeprefix("+")) for m in finder.of(i))
        return distinct(found)
    actors = first(frame.actors, finder)
    keys = {m.entity.key for m in actors}
    sides = {lexicon.country_of(k) for k in keys} - {None}  # "Erdogan hosted the two leaders": not Turkey
    targets = first(frame.targets, replace(finder, exclude=frozenset(keys | sides)))
    targets = tuple(t for t in targets if t.entity.key not in keys)
    return actors, targets


def _draft(frame: Frame, actors, targets, anchor: int, used: frozenset[int]) -> list[_Draft]:
    if frame.type in SYMMETRIC and not actors and len(targets) >= 2:
        actors, targets = targets[:1], targets[1:]
    if not actors and not (targets and frame.type not in SYMMETRIC):
        return []
    if frame.type in SYMMETRIC and len(actors) + len(targets) < 2:
        return []  # a meeting or an agreement of one is a reading gone wrong
    if frame.type in NEEDS_TARGET and not targets or not actors:
        return []  # "Israel opposed", "X backed down": no one to visit, back or oppose
    if frame.type in ONE_TARGET:  # "X hosted A and B": a visit or a hosting per guest, as the language states them
        return [_Draft(Event(frame.type, actors, (t,)), anchor, used) for t in targets]
    return [_Draft(Event(frame.type, actors, targets), anchor, used)]


def _preps_of(parse: Parse, head: int, prep: str) -> list[int]:
    return [p.i for k in parse.children(head) if k.dep == "prep" and k.lemma == prep
            for p in parse.children(k.i) if p.dep in ("pobj", "pcomp")]


def _noun_role(parse: Parse, noun: int, r: str) -> list[int]:
    kids = list(parse.children(noun))
    if r == "poss":
        return [k.i for k in kids if k.dep == "poss"]
    if r == "mod":
        return [k.i for k in kids if k.dep in ("compound", "amod", "nmod")]
    own = _preps_of(parse, noun, r) + [i for k in kids if k.dep == "acl" and k.tag == "VBN"
                                        for i in _participle_role(parse, k.i, r)]
    return own or (_stray_agent(parse, noun) if r == "by" else [])


def _stray_agent(parse: Parse, noun: int) -> list[int]:
    """"protested against manoeuvres by Chinese ships": the parser hangs the noun's "by" on the
    verb, but an active verb has no "by" agent of its own, so it is the noun's."""
    t = parse.tokens[noun]
    verb = parse.tokens[t.head]
    if t.dep == "pobj" and verb.dep == "prep":
        verb = parse.tokens[verb.head]
    if t.dep not in ("dobj", "pobj") or verb.pos not in ("VERB", "AUX") or verb.i == noun:
        return []
    if any(k.dep in ("auxpass", "nsubjpass") for k in parse.children(verb.i)):
        return []  # a passive verb's "by" is its own agent
    return [i for i in _preps_of(parse, verb.i, "by") if i > noun]


def _participle_role(parse: Parse, verb: int, r: str) -> list[int]:
    """"the sanctions imposed by the EU on Iran": a reduced relative's agent is the noun's "by",
    its prepositions the noun's own."""
    if r == "by":
        return [p.i for k in parse.children(verb) if k.dep == "agent" for p in parse.children(k.i) if p.dep == "pobj"]
    return _preps_of(parse, verb, r)

# ---- event nouns -----------------------------------------------------------------------------


def _noun_events(parse: Parse, finder: Finder, events: EventLexicon, lexicon: Lexicon,
                 used: frozenset[int], by_verb: dict[int, Clause]) -> list[_Draft]:
    out = []
    for t in parse.tokens:
        frame = events.nouns.get(t.lemma)
        if frame is None or t.pos not in ("NOUN", "PROPN") or t.i in used:
            continue
        if frame.type == "joint_statement" and not _has_joint(parse, t):
            continue
        if any(k.dep == "amod" and events.is_a("hypothetical_modifier", k.lemma) for k in parse.children(t.i)):
            continue  # "a possible truce", "a future summit": talked of, not held
        if any(k.dep == "amod" and events.is_a("alleged_modifier", k.lemma) for k in parse.children(t.i)):
            continue  # "their alleged support for the rebels": a charge, not a stated deed
        if any(k.dep in ("det", "predet") and events.is_a("generic_determiner", k.lemma) for k in parse.children(t.i)):
            continue  # "any agreement", "all agreements": no particular one
        mutual = _mutual(parse, t, frame, finder, events)
        if mutual:
            out += mutual
            continue
        actors, targets = _noun_participants(parse, t, frame, finder, lexicon)
        earlier = None
        if not actors and not targets:
            earlier = _coreferent(parse, t, frame, finder, by_verb)
            if earlier is not None and frame.type in ("agreement", "joint_statement") \
                    and _subject_of_what_is_to_come(parse, t, events):
                continue  # "the pact will come into force in June": the one made, not a new one
            if earlier is not None:
                actors, targets = earlier.actors, earlier.targets
                if any(k.dep == "amod" and events.is_a("another_modifier", k.lemma) for k in parse.children(t.i)):
                    earlier = None  # "the next meeting": the same parties' next one, not that one
        if not actors and targets:  # "talks with Peru", "a visit to Lima": the clause's parties'
            actors = tuple(m for m in _clause_parties(parse, t.i, by_verb, finder, lexicon)
                           if m.entity.key not in {x.entity.key for x in targets})
        if not actors and not targets and frame.type in SYMMETRIC:
            actors = _clause_subject(parse, t.i, by_verb, finder, lexicon)
            if not actors:
                parties = _definite_parties(parse, t, frame, finder, by_verb)
                actors, targets = parties[:1], parties[1:]
        out += [replace(d, coreferent=earlier) for d in _draft(frame, actors, targets, t.i, frozenset({t.i}))]
    return out


def _subject_of_what_is_to_come(parse: Parse, t: Token, events: EventLexicon) -> bool:
    """Whether an event noun is the subject of a clause about the future ("the truce will come
    into force", "could be extended"): for a deal already made, the clause tells what becomes of it
    (a meeting that "will take place" is a meeting planned, and stays one)."""
    if t.dep not in ("nsubj", "nsubjpass"):
        return False
    return any(k.dep == "aux" and (events.is_a("planned_aux", k.lemma) or events.is_a("conditional_aux", k.lemma))
               for k in parse.children(t.head))


def _brokered(parse: Parse, d: _Draft, finder: Finder, events: EventLexicon) -> list[_Draft]:
    """"Vatican-brokered talks", "Norwegian-sponsored negotiations", "a U.S.-brokered deal": the
    party before the hyphen mediates between the parties of the talks or the deal."""
    if d.event.type not in SYMMETRIC or d.dropped:
        return []
    parties = distinct(d.event.actors + d.event.targets)
    nouns = [i for i in (d.anchor, *sorted(d.used)) if parse.tokens[i].pos in ("NOUN", "PROPN")]
    for k in (k for i in nouns for k in parse.children(i)):
        if k.dep != "amod":
            continue
        word, _, participle = k.text.rpartition("-")
        if word and events.is_a("brokering_participle", participle.lower()):  # one token: "U.S.-brokered"
            broker = finder.lexicon.lookup(word)
            brokers = (Mention(broker, word),) if broker is not None else ()
        elif events.is_a("brokering_participle", k.text.lower()) and k.i >= 2 and parse.tokens[k.i - 1].text == "-":
            brokers = _party_word(parse.tokens[k.i - 2], finder)
        else:
            continue
        brokers = tuple(acting(finder.lexicon, m) for m in brokers)
        keys = {m.entity.key for m in brokers}
        targets = tuple(m for m in parties if m.entity.key not in keys)
        if brokers and len(targets) >= 2:
            return [_Draft(Event("mediation_offer", brokers, targets), k.i, frozenset({k.i}))]
    return []


def _party_word(t: Token, finder: Finder) -> tuple[Mention, ...]:
    """The party a name or a demonym stands for ("Vatican", "Norwegian")."""
    found = finder.of(t.i)
    if found:
        return found
    key = finder.lexicon.demonym(t.text)
    return (Mention(finder.lexicon.entity(key), t.text),) if key is not None else ()


def _noun_participants(parse: Parse, t: Token, frame: Frame, finder: Finder,
                       lexicon: Lexicon) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The parties an event noun names itself. An "of" phrase names the parties of a meeting
    only when it names two or more ("talks of the leaders of A and B"; not "the meeting of the
    commission", which is an earlier meeting or none)."""
    def role(r: str) -> list[int]:
        found = _noun_role(parse, t.i, r)
        return _not_places(found, finder) if r == "mod" else found
    actors, targets = _participants(frame, role, finder, lexicon)
    if frame.type in SYMMETRIC and "of" in frame.actors and len(actors) + len(targets) < 2:
        actors, targets = _participants(replace(frame, actors=tuple(r for r in frame.actors if r != "of")),
                                        role, finder, lexicon)
    return actors, targets


def _not_places(tokens: list[int], finder: Finder) -> list[int]:
    """"the Lima talks", "the Geneva meeting": a place before an event noun is where, not who."""
    return [i for i in tokens if (n := finder.names.at(i)) is None or n.mention.entity.kind != "place"]


def _mutual(parse: Parse, t: Token, frame: Frame, finder: Finder, events: EventLexicon) -> list[_Draft]:
    """"accusations by both": one each way between the two parties the story names last."""
    if frame.type in SYMMETRIC or not any(events.is_a("mutual_word", p.lemma) for p in
                                          (parse.tokens[i] for i in _preps_of(parse, t.i, "by"))):
        return []
    pair = finder.memory.last_parties(lexicon=finder.lexicon)
    if len(pair) != 2:
        return []
    return _each_way(frame.type, pair, t.i, frozenset({t.i}))


def _each_way(type_: str, pair: tuple[Mention, ...], anchor: int, used: frozenset[int]) -> list[_Draft]:
    """A directed event between two parties, once in each direction."""
    a, b = pair
    return [_Draft(Event(type_, (x,), (y,)), anchor, used) for x, y in ((a, b), (b, a))]


def _clause_subject(parse: Parse, noun: int, by_verb: dict[int, Clause], finder: Finder,
                    lexicon: Lexicon) -> tuple[Mention, ...]:
    """"A and B held a news conference after their meeting", "A joined B for talks", "..., capping
    a summit": the meeting is the clause's parties' (two or more)."""
    found = _clause_parties(parse, noun, by_verb, finder, lexicon)
    return found if len({m.entity.key for m in found}) >= 2 else ()


def _clause_parties(parse: Parse, noun: int, by_verb: dict[int, Clause], finder: Finder,
                    lexicon: Lexicon) -> tuple[Mention, ...]:
    """The subject and object of the clause whose verb takes the event noun as its own object or
    in a phrase on the verb itself ("before the start of talks"; not "their views on a truce")."""
    t = parse.tokens[noun]
    for _ in range(2):  # "before the start of talks", "after the second round of talks"
        prep = parse.tokens[t.head]
        if t.dep == "pobj" and prep.lemma == "of" and finder.words.is_a("phase_noun", parse.tokens[prep.head].lemma):
            t = parse.tokens[prep.head]
    prep = parse.tokens[t.head]
    if t.dep == "pobj" and prep.lemma == "of" and finder.words.is_a("participation_prep", parse.tokens[prep.head].lemma):
        prep = parse.tokens[prep.head]  # "ahead of talks"
    if t.dep == "pobj" and prep.dep in ("prep", "advmod") and finder.words.is_a("participation_prep", prep.lemma):
        head = prep.head
    elif t.dep == "dobj" and finder.words.control.get(parse.tokens[t.head].lemma) == "light":
        head = t.head  # "..., capping a summit"; not "support a ceasefire", "want a deal"
    else:
        return ()
    clause = by_verb.get(head)
    if clause is None:
        return ()
    parties = list(clause.subjects) + [k.i for k in parse.children(head) if k.dep == "dobj" and k.i != noun]
    return tuple(acting(lexicon, m) for i in parties for m in finder.of(i))

_TARGETS_CARRY = frozenset({"sanction_threat", "sanction_imposed", "mediation_offer"})


def carry_targets(e: Event, memory: Memory) -> Event:
    """"We have prepared a package of sanctions": against whom the story's last sanctions were."""
    if e.targets or e.type not in _TARGETS_CARRY:
        return e
    for earlier in reversed(memory.events[-6:]):
        if earlier.type in _TARGETS_CARRY and earlier.targets and earlier.type[:8] == e.type[:8]:
            keys = {m.entity.key for m in e.actors}
            targets = tuple(t for t in earlier.targets if t.entity.key not in keys)
            return replace(e, targets=targets) if targets else e
    return e


def _has_joint(parse: Parse, t: Token) -> bool:
    return any(k.lemma == "joint" for k in parse.children(t.i))


def _definite(parse: Parse, t: Token) -> bool:
    return any(k.dep in ("det", "poss") and k.lemma in ("the", "this", "that", "these", "their")
               for k in parse.children(t.i))


def _coreferent(parse: Parse, t: Token, frame: Frame, finder: Finder,
                by_verb: dict[int, Clause]) -> Event | None:
    """"The meeting", "the talks", "this agreement": the last such event of the document, unless
    the clause's own subject took no part in it ("Speaking after the summit, C said": C's summit)."""
    if not _definite(parse, t):
        return None
    # an event told as such first ("the meeting": the last meeting), else one that implies it
    # (a call, a visit, a hosting)
    kinds = ((frame.type,), ("meeting", "call", "visit", "host")) if frame.type == "meeting" else ((frame.type,),)
    for types in kinds:
        for e in reversed(finder.memory.events):
            if e.type in types:
                if e.modality not in ("asserted", "reported") and _in_participation_phrase(parse, t, finder):
                    return None  # "is to meet B on Friday. A met C at the summit": not yet held, another one
                return e if _subject_took_part(parse, t, e, finder, by_verb) else None
    return None


def _subject_took_part(parse: Parse, t: Token, e: Event, finder: Finder, by_verb: dict[int, Clause]) -> bool:
    """Whether the subject of the clause an event noun is a circumstance of ("after the talks",
    "on the sidelines of the summit") could have taken part in ``e``. A noun the clause talks
    about ("welcomed the accord") says nothing of who took part."""
    if not _in_participation_phrase(parse, t, finder):
        return True
    verb = _verb_above(parse, t.i, by_verb)
    clause = by_verb.get(verb) if verb is not None else None
    if clause is None or t.i in clause.subjects:
        return True
    subjects = [m for i in clause.subjects if not _within(parse, t.i, i) for m in finder.of(i)]
    people = [m for m in subjects if m.entity.kind == "person"]
    parties = {finder.lexicon.country_of(m.entity.key) or m.entity.key for m in e.actors + e.targets}
    sides = {finder.lexicon.resolve(m.entity.key) for m in subjects if m.entity.kind in ("state", "organisation")}
    if not people and len(sides) >= 2:  # "A and B issued a statement after the talks": their talks
        return bool(sides & parties)
    if not people or any(finder.lexicon.country_of(m.entity.key) is None for m in people):
        return True  # no person, or one whose side the lexicon does not know: no reason to doubt
    # a person took part if named among the parties, or if the parties are states and his is one
    named = {m.entity.key for m in e.actors + e.targets}
    states = {m.entity.key for m in e.actors + e.targets if m.entity.kind != "person"}
    return any(m.entity.key in named or finder.lexicon.country_of(m.entity.key) in states for m in people)


def _in_participation_phrase(parse: Parse, t: Token, finder: Finder) -> bool:
    """"after the talks", "ahead of the summit", "on the sidelines of the summit"."""
    for _ in range(3):
        if t.dep != "pobj":
            return False
        prep = parse.tokens[t.head]
        if finder.words.is_a("participation_prep", prep.lemma) or finder.words.is_a(
                "participation_prep", parse.tokens[prep.head].lemma) or finder.words.is_a("phase_noun", t.lemma):
            return True
        if prep.lemma != "of" or not finder.words.is_a("phase_noun", parse.tokens[prep.head].lemma):
            return False
        t = parse.tokens[prep.head]
    return False


def _within(parse: Parse, i: int, top: int) -> bool:
    return any(t.i == i for t in parse.subtree(top))


def _definite_parties(parse: Parse, t: Token, frame: Frame, finder: Finder,
                      by_verb: dict[int, Clause]) -> tuple[Mention, ...]:
    """"The summit was held in X", "the talks ended", "the joint statement came as ..." with no
    earlier such event: an event the sentence is about, so between the parties the story named last (unless the clause's subject
    is someone else). Anywhere else a definite description with no parties of its own and no
    earlier event it names ("accused of breaking the treaty", "condemned the talks") states no
    new event of the story's last parties."""
    if not _definite(parse, t) or t.dep not in ("nsubj", "nsubjpass"):
        return ()
    parties = finder.memory.last_parties(exclude=finder.go_betweens(), lexicon=finder.lexicon)
    return parties if _subject_took_part(parse, t, Event("meeting", parties), finder, by_verb) else ()


def _reported_pronouns(parse: Parse, by_verb: dict[int, Clause], finder: Finder,
                       events: EventLexicon) -> tuple[tuple[int, tuple[Mention, ...]], ...]:
    """"Washington said it would ...": a pronoun subject of reported speech is first the speaker."""
    out = []
    for c in by_verb.values():
        governor = by_verb.get(c.governor) if c.governor is not None else None
        if governor is None or c.relation != "ccomp":
            continue
        if not any(events.control.get(l) == "report" for l in _lemmas(parse, governor)):
            continue
        speakers = tuple(m for i in governor.subjects for m in finder.of(i))
        for i in c.subjects:
            word = parse.tokens[i].text.lower()
            fits = [m for m in speakers if (word in ("he", "she") and m.entity.kind == "person")
                    or (word == "it" and m.entity.kind in ("state", "organisation", "group", "place"))
                    or (word in ("we", "they") and m.entity.kind != "person")]
            if fits and parse.tokens[i].pos == "PRON":
                out.append((i, tuple(fits)))
    return tuple(out)


def _subordinate_pronouns(parse: Parse, by_verb: dict[int, Clause],
                          finder: Finder) -> tuple[tuple[int, tuple[Mention, ...]], ...]:
    """"A and B agreed ... when they met": "they" in a clause under another is first the
    parties of that clause's subject, when it names two or more."""
    out = []
    bound = dict(finder.bound)
    for c in by_verb.values():
        governor = by_verb.get(c.governor) if c.governor is not None else None
        if governor is None or c.relation not in ("advcl", "conj"):
            continue
        for i in c.subjects:
            if i in bound or parse.tokens[i].text.lower() not in ("they", "them"):
                continue
            parties = tuple(m for j in governor.subjects if j != i for m in finder.of(j))
            if len({m.entity.key for m in parties}) >= 2:
                out.append((i, parties))
    return tuple(out)

# ---- what governs an event -------------------------------------------------------------------


def _governed(parse: Parse, d: _Draft, by_verb: dict[int, Clause], events: EventLexicon, finder: Finder) -> _Draft:
    event, dropped = d.event, d.dropped
    clause = by_verb.get(d.anchor) or by_verb.get(_verb_above(parse, d.anchor, by_verb))
    if clause is None:
        return d
    if _happened_before(parse, d.anchor, by_verb, events):  # its own clause's tense only
        return replace(d, event=_auxiliaries(event, clause, events), dropped=dropped or (
            f"negated ({parse.tokens[clause.verb].text} with 'not')" if clause.negated else None))
    if clause.negated:
        dropped = f"negated ({parse.tokens[clause.verb].text} with 'not')"
    if _counterfactual(parse, clause, events):
        dropped = f"counterfactual ('{' '.join(clause.auxiliaries)} {parse.tokens[clause.verb].text}')"
    if clause.relation == "advcl" and clause.mark and events.is_a("condition_mark", clause.mark):
        dropped = f"a condition ('{clause.mark} ...'), not an event"
    above = parse.tokens[parse.tokens[clause.verb].head]
    if clause.relation == "xcomp" and above.pos == "ADJ" and events.is_a("planned_adjective", above.lemma):
        event = replace(event, modality="planned")  # "is due to visit", "is set to meet"
        if events.is_a("offering_adjective", above.lemma) and event.type == "host" \
                and _hosts_talks(parse, d.anchor, events):
            event = replace(event, type="mediation_offer", modality="asserted")  # "is ready to host talks"
    if clause.relation == "xcomp" and above.pos == "AUX" and events.is_a("planned_copula", above.lemma):
        event = replace(event, modality="planned")  # "was to visit", "were to hold talks"
    if clause.relation == "acl" and above.pos == "NOUN" and events.is_a("planned_noun", above.lemma) \
            and "to" in clause.auxiliaries:
        event = replace(event, modality="planned")  # "a plan to visit", "an invitation to meet"
    if clause.relation == "xcomp" and above.pos == "ADJ" and events.is_a("refusing_adjective", above.lemma):
        dropped = dropped or f"not asserted ({above.text})"  # "was unwilling to negotiate"
    noun = parse.tokens[d.anchor]
    on_verb = noun.head == clause.verb and noun.dep in ("dobj", "nsubjpass")
    # "called for a ceasefire", "insisted on talks": the verb and its preposition govern it too
    by_prep = noun.dep == "pobj" and parse.tokens[noun.head].head == clause.verb
    if d.anchor not in by_verb and (on_verb or by_prep):
        # "lifted the sanctions", "postponed the visit", "planned a summit": the verb governs the noun's event
        lemmas = _lemmas(parse, clause)
        if by_prep:
            lemmas = [l for l in lemmas if l == f"{clause.lemma} {parse.tokens[noun.head].lemma}"]
        effect = next((events.control[l] for l in lemmas if l in events.control), None)
        if effect not in (None, "light", "report", "transparent"):
            event, why = _effect(event, effect, clause, parse, finder)
            dropped = dropped or why
    event = _auxiliaries(event, clause, events)
    event = _condition(parse, event, clause, by_verb, events, finder)
    below, above = clause, clause.governor
    dropped = dropped or _object_withdrawn(parse, clause, by_verb, events)
    if clause.relation == "acl" and clause.mark == "that" and above is not None and above not in by_verb:
        # "rejected claims that it had sent troops": the content of a noun, under the noun's verb
        above = _verb_above(parse, above, by_verb)
        below = replace(clause, relation="ccomp")
    while above is not None and above in by_verb:
        governor = by_verb[above]
        effect = next((events.control[l] for l in _lemmas(parse, governor) if l in events.control), None)
        # a conjoined verb is an act of its own ("agreed to talks and threatened Kyiv"): the verb
        # it is joined to lends it no effect, but what governs both still does
        if below.relation in ("xcomp", "advcl") and "to" in below.auxiliaries and event.modality == "asserted":
            event = _auxiliaries(event, governor, events)  # "will travel to Madrid to meet X": planned too
        if below.relation != "conj" and (below.relation in ("xcomp", "ccomp", "advcl") or effect == "report"):
            if effect == "offer" and event.type == "host" and _hosts_talks(parse, d.anchor, events):
                event = replace(event, type="mediation_offer")  # "offered to host talks between A and B"
            event, why = _effect(event, effect, governor, parse, finder)
            dropped = dropped or why
            if governor.negated and below.relation in ("xcomp", "ccomp"):
                dropped = dropped or f"negated ({parse.tokens[governor.verb].text} with 'not')"
        if below.relation not in ("xcomp", "ccomp", "conj"):
            break
        below, above = governor, governor.governor
    if d.coreferent is not None and d.coreferent.modality == "asserted" and event.modality == "planned":
        event = replace(event, modality="asserted")  # "will sign a deal during the visit": the visit told
    return replace(d, event=event, dropped=dropped)


def _counterfactual(parse: Parse, clause: Clause, events: EventLexicon) -> bool:
    """"would have condemned", "could have met": what did not happen."""
    return parse.tokens[clause.verb].tag == "VBN" and "have" in clause.auxiliaries \
        and any(events.is_a("conditional_aux", a) for a in clause.auxiliaries)


def _object_withdrawn(parse: Parse, clause: Clause, by_verb: dict[int, Clause], events: EventLexicon) -> str | None:
    """"withdrew its offer to mediate", "rejected a proposal to hold talks": the clause hangs on
    a noun that a negating verb takes as its object, so what the clause tells is not asserted."""
    if clause.relation != "acl" or clause.governor is None or clause.governor in by_verb:
        return None
    noun = parse.tokens[clause.governor]
    verb = by_verb.get(noun.head)
    if verb is None or noun.dep not in ("dobj", "nsubjpass"):
        return None
    if any(events.control.get(lemma) == "negated" for lemma in _lemmas(parse, verb)):
        return f"not asserted ({parse.tokens[verb.verb].text} the {noun.text})"
    return None


def _happened_before(parse: Parse, noun: int, by_verb: dict[int, Clause], events: EventLexicon) -> bool:
    """"agreed to disengage after talks between their ministers": an event noun in an "after"
    phrase took place before its clause, whatever governs the clause (the talks are no plan)."""
    if noun in by_verb or parse.tokens[noun].dep != "pobj":
        return False
    return events.is_a("after_prep", parse.tokens[parse.tokens[noun].head].lemma)


def _verb_above(parse: Parse, i: int, by_verb: Collection[int]) -> int | None:
    """The nearest of ``by_verb`` (verb indices) at or above token ``i`` in the tree."""
    seen = set()
    while i not in by_verb and i not in seen:
        seen.add(i)
        if parse.tokens[i].head == i:
            return None
        i = parse.tokens[i].head
    return i if i in by_verb else None


def _effect(event: Event, effect: str | None, governor: Clause, parse: Parse, finder: Finder) -> tuple[Event, str | None]:
    word = parse.tokens[governor.verb].text
    if effect == "negated":
        return event, f"not asserted ({word})"
    if effect == "planned":
        return replace(event, modality="planned"), None
    if effect == "offer":
        return (event if event.type == "mediation_offer" else replace(event, modality="planned")), None
    if effect == "threat":
        if event.type == "sanction_imposed":
            return replace(event, type="sanction_threat"), None
        return replace(event, modality="planned"), None
    if effect in ("appeal", "demand"):
        return replace(event, modality="planned"), None
    if effect == "report":
        speakers = tuple(acting(finder.lexicon, m) for i in governor.subjects for m in finder.of(i))
        keys = {m.entity.key for m in event.actors + event.targets}
        if speakers and event.attribution is None and speakers[0].entity.key not in keys:
            # a party speaking of its own act asserts it; anyone else reports it
            return replace(event, attribution=speakers[0],
                           modality="reported" if event.modality == "asserted" else event.modality), None
    return event, None


def _auxiliaries(event: Event, clause: Clause, events: EventLexicon) -> Event:
    # "will meet" and "would meet" both state a meeting not yet held; only an if-clause
    # (see _condition) makes it conditional
    if any(events.is_a("planned_aux", a) or events.is_a("conditional_aux", a) for a in clause.auxiliaries):
        return replace(event, modality="planned")
    return event


def _condition(parse: Parse, event: Event, clause: Clause, by_verb: dict[int, Clause], events: EventLexicon,
               finder: Finder) -> Event:
    """"if Russia invades Ukraine", "unless ...", "in the event of a further incursion". A threat
    that names no one it is aimed at is aimed at whoever must not do what the condition says
    ("threatened sanctions if Peru closes the border": at Peru)."""
    for c in by_verb.values():
        if c.relation == "advcl" and c.mark and events.is_a("condition_mark", c.mark) and \
                (c.governor == clause.verb or _governs(by_verb, clause.verb, c.governor)):
            text = _condition_text(parse, c)
            event = replace(event, condition=text.rstrip(" ,.;"), modality="conditional")
            return replace(event, targets=event.targets or _condition_doers(event, c, finder))
    for p, i in clause.preps:
        if p == "in" and events.is_a("condition_noun", parse.tokens[i].lemma):
            of = _preps_of(parse, i, "of")
            if of:
                text = "in the event of " + parse.span_text(parse.subtree(of[0]))
                return replace(event, condition=text.rstrip(" ,.;"), modality="conditional")
    return event


def _condition_text(parse: Parse, c: Clause) -> str:
    """The condition's words; an inverted one in the order an "if" takes ("Should Peru close
    the border" -> "Peru should close the border"), so the paraphrase reads "if Peru should ...")."""
    tokens = parse.subtree(c.verb)
    first = tokens[0]
    if not c.subjects or first.dep != "aux" or first.text.lower() not in INVERTING_AUXILIARIES \
            or first.i > min(c.subjects):
        return parse.span_text(tokens)
    subject_end = max(t.i for s in c.subjects for t in parse.subtree(s))
    rest = [t for t in tokens[1:] if t.i > subject_end]
    subject = parse.span_text([t for t in tokens[1:] if t.i <= subject_end])
    return " ".join(w for w in (subject, first.text.lower(), parse.span_text(rest)) if w)


def _condition_doers(event: Event, condition: Clause, finder: Finder) -> tuple[Mention, ...]:
    if event.type not in _TARGETS_CARRY or event.type == "mediation_offer":
        return ()
    keys = {m.entity.key for m in event.actors}
    doers = (acting(finder.lexicon, m) for i in condition.subjects for m in finder.of(i))
    return distinct(tuple(m for m in doers if m.entity.key not in keys))


def _governs(by_verb: dict[int, Clause], top: int, i: int | None) -> bool:
    seen = set()
    while i is not None and i in by_verb and i not in seen:
        seen.add(i)
        if i == top:
            return True
        i = by_verb[i].governor
    return False

# ---- dates and places ------------------------------------------------------------------------


def _dates(parse: Parse, published: dt.date | None,
           verbs: set[int]) -> tuple[dict[int, DateExpr], set[int], dict[int, DateExpr]]:
    """Each day the sentence names, by the verb it belongs to; the verbs with a vaguer date
    ("in April", "in 2019"); and the days that belong to a noun ("Saturday's summit", "a
    proposal on Sunday"), not to the verb of the clause."""
    words = [t.text.lower() for t in parse.tokens]
    out: dict[int, DateExpr] = {}
    vague: set[int] = set()
    nouns: dict[int, DateExpr] = {}
    i = 0
    while i < len(words):
        span = _relative_time(words, i)
        if span:  # "last week", "earlier this month", "two days ago": a time, but no day
            verb = _verb_above(parse, i + span - 1, verbs)
            vague.add(verb if verb is not None else -1)
            i += span
            continue
        if not could_start_date(words[i]) or (words[i] in ("in", "on", "since", "by", "from", "of")
                                              and i + 1 < len(words) and not could_start_date(words[i + 1])):
            i += 1
            continue
        found = match_date(words[i:], published)
        if found is None:
            i += 1
            continue
        expr, length = found
        verb = _verb_above(parse, i + length - 1, verbs)
        key = verb if verb is not None else -1
        noun = _date_noun(parse, range(i, i + length))
        if expr.precision == "day" and noun is not None:
            nouns.setdefault(noun, expr)
        elif expr.precision == "day":
            out.setdefault(key, expr)
        elif expr.prep != "since":  # "his first visit since 2019": a span up to now, not the event's time
            vague.add(key)
        i += length
    return out, vague, nouns


def _relative_time(words: list[str], i: int) -> int:
    """How many words at ``i`` say a time relative to now with no day: "last week", "earlier
    this month", "next year", "in the coming weeks", "two days ago" (0 if none)."""
    lexicon = event_lexicon()
    j = i + (words[i] in ("earlier", "later") and i + 1 < len(words))
    if j + 1 < len(words) and lexicon.is_a("relative_time_word", words[j]) \
            and lexicon.is_a("time_unit", words[j + 1].removesuffix("s")):
        return j + 2 - i
    if i + 2 < len(words) and words[i + 2] == "ago" and lexicon.is_a("time_unit", words[i + 1].removesuffix("s")):
        return 3
    return 0


def _date_noun(parse: Parse, span: range) -> int | None:
    """The common noun a date expression modifies, if it hangs from one: "Saturday's summit",
    "the proposal on Sunday" (a name does not count: the parser often hangs "on Monday" from
    the last name of the clause, "met Peru on Monday")."""
    core = [j for j in span if parse.tokens[j].pos != "ADP"]  # "of Saturday": the day, not its preposition
    head = next((parse.tokens[j] for j in core if parse.tokens[j].head not in core), None)
    if head is None:
        return None
    if head.dep == "poss" or head.tag == "POS" or any(parse.tokens[j].tag == "POS" for j in span):
        owner = parse.tokens[head.head]
    elif head.dep == "pobj" and parse.tokens[head.head].dep == "prep":
        owner = parse.tokens[parse.tokens[head.head].head]
    else:
        return None
    return owner.i if owner.pos == "NOUN" and owner.i not in span else None


def _dated(parse: Parse, d: _Draft, by_verb: dict[int, Clause], dates: dict[int, DateExpr],
           noun_dates: dict[int, DateExpr], sentence_date: DateExpr | None) -> Event:
    if d.event.date is not None:
        return d.event
    objects = [k.i for k in parse.children(d.anchor) if k.dep == "dobj"]  # "host talks on Saturday"
    own = next((noun_dates[i] for i in (d.anchor, *sorted(d.used), *objects) if i in noun_dates), None)
    if own is not None and own.is_point:  # "Saturday's summit", "talks on Monday"
        return replace(d.event, date=_when(own, d.event))
    verb = _own_verb(parse, d.anchor, by_verb)
    seen = set()
    while verb is not None and verb not in seen:
        seen.add(verb)
        expr = dates.get(verb)
        if expr is not None and expr.is_point:
            return replace(d.event, date=_when(expr, d.event))
        clause = by_verb.get(verb)
        verb = clause.governor if clause else None
        if d.event.modality != "asserted" and not (clause and _scheduled_by(parse, clause, verb)):
            return d.event  # a planned event has its own date or none: not the day it was announced
    if sentence_date is not None:
        return replace(d.event, date=_when(sentence_date, d.event))
    coreferent = d.coreferent
    if coreferent is not None and coreferent.date is not None:
        return replace(d.event, date=coreferent.date)
    return d.event


def _addressed(parse: Parse, d: _Draft, drafts: list[_Draft]) -> _Draft:
    """"called for a ceasefire between A and B", "demanded talks with B": an appeal or demand
    that names no one is addressed to the parties of the event it asks for."""
    if d.event.type not in ("appeal", "demand") or d.event.targets or d.dropped:
        return d
    own = {m.entity.key for m in d.event.actors}
    for other in drafts:
        t = parse.tokens[other.anchor]
        asked = (t.dep == "dobj" and t.head == d.anchor) or (
            t.dep == "pobj" and parse.tokens[t.head].head == d.anchor)
        if other is not d and asked and other.event.modality == "planned":
            parties = distinct(tuple(m for m in other.event.actors + other.event.targets if m.entity.key not in own))
            if parties:
                return replace(d, event=replace(d.event, targets=parties))
    return d


def _characterised(parse: Parse, c: Clause, finder: Finder, events: EventLexicon, lexicon: Lexicon,
                   by_verb: dict[int, Clause]) -> list[_Draft]:
    """"X said Y's visit constitutes interference", "... said the drills were a provocation":
    the speaker accuses whoever did what it calls a provocation (no speaker, no accusation)."""
    if not events.is_a("characterising_verb", c.lemma) or c.negated:
        return []
    called = [k for k in parse.children(c.verb) if k.dep in ("attr", "dobj", "acomp")
              and events.is_a("accusing_noun", k.lemma)]
    called += [p for k in parse.children(c.verb) if k.dep == "prep" and k.lemma == "to"
               for p in parse.children(k.i) if p.dep == "pobj" and events.is_a("accusing_noun", p.lemma)]
    if not called or not c.subjects:
        return []
    speakers = _speakers(parse, c, finder, events, by_verb)
    keys = {m.entity.key for m in speakers}
    doers = tuple(m for m in _doers_of(parse, c.subjects[0], finder, lexicon, by_verb) if m.entity.key not in keys)
    if not speakers or not doers:
        return []
    return [_Draft(Event("accusation", speakers, doers), called[0].i, frozenset({called[0].i}))]


def _obliged(parse: Parse, c: Clause, finder: Finder, events: EventLexicon, lexicon: Lexicon,
             by_verb: dict[int, Clause]) -> list[_Draft]:
    """"Peru must withdraw its troops," said X: the speaker demands it of the clause's subject (a
    party other than the speaker's); "X said Peru should stop the drills": X appeals to Peru."""
    if c.relation != "ccomp" or c.negated:
        return []
    if any(events.is_a("obliging_aux", a) for a in c.auxiliaries):
        kind = "demand"
    elif any(events.is_a("urging_aux", a) for a in c.auxiliaries):
        kind = "appeal"
    else:
        return []
    speakers = _speakers(parse, c, finder, events, by_verb)
    keys = {m.entity.key for m in speakers}
    doers = distinct(tuple(acting(lexicon, m) for i in c.subjects for m in finder.of(i)
                           if m.entity.kind in ("state", "organisation", "group", "person")))
    doers = tuple(m for m in doers if m.entity.key not in keys and finder.lexicon.country_of(m.entity.key)
                  not in {finder.lexicon.country_of(k) or k for k in keys})
    if not speakers or not doers:
        return []
    return [_Draft(Event(kind, speakers, doers), c.verb, frozenset())]


def _speakers(parse: Parse, c: Clause, finder: Finder, events: EventLexicon,
              by_verb: dict[int, Clause]) -> tuple[Mention, ...]:
    """Who says the clause: the subject of the nearest reporting verb above it."""
    above, seen = c.governor, set()
    while above is not None and above in by_verb and above not in seen:
        seen.add(above)
        governor = by_verb[above]
        if any(events.control.get(l) == "report" for l in _lemmas(parse, governor)):
            return distinct(tuple(acting(finder.lexicon, m) for i in governor.subjects for m in finder.of(i)))
        above = governor.governor
    return ()


def _doers_of(parse: Parse, subject: int, finder: Finder, lexicon: Lexicon,
              by_verb: dict[int, Clause]) -> tuple[Mention, ...]:
    """Who did what a subject names: an event noun's owner or agent ("Pelosi's visit", "the
    drills by Chinese ships"), else the earlier event it refers to ("the visit"), else the
    subject itself when it is a party."""
    t = parse.tokens[subject]
    frame = finder.words.nouns.get(t.lemma)
    if frame is None:
        return tuple(acting(lexicon, m) for m in finder.of(subject) if m.entity.kind != "place")
    owners = [m for r in ("poss", "mod", "by") for j in _noun_role(parse, subject, r) for m in finder.of(j)]
    if owners:
        return distinct(tuple(acting(lexicon, m) for m in owners))
    earlier = _coreferent(parse, t, frame, finder, by_verb)
    return earlier.actors if earlier is not None else ()


def _hosts_talks(parse: Parse, verb: int, events: EventLexicon) -> bool:
    """Whether a hosting verb's object is talks, a meeting or a summit (not a guest)."""
    return any(k.dep == "dobj" and (frame := events.nouns.get(k.lemma)) is not None and frame.type == "meeting"
               for k in parse.children(verb))


def _one_offer_each(kept: list[Event]) -> tuple[list[Event], set[int]]:
    """"offered to host talks between A and B" (one offer per guest, as hosting is told): one
    offer of mediation between all of them. The events, and the indexes merged into an earlier one."""
    out, merged = list(kept), set()
    for i, e in enumerate(kept):
        same = next((j for j in range(i) if j not in merged and e.type == out[j].type == "mediation_offer"
                     and {m.entity.key for m in e.actors} == {m.entity.key for m in out[j].actors}
                     and (e.modality, e.condition) == (out[j].modality, out[j].condition)), None)
        if same is not None:
            out[same] = replace(out[same], targets=distinct(out[same].targets + e.targets))
            merged.add(i)
    return out, merged


def _says_less(kept: list[Event]) -> set[int]:
    """The events another of the sentence says with more: the same directed event by the same
    actors, as certain, with targets it lacks ("threatened to cut aid to B if ...": the threat
    against B, not also one against no one)."""
    def covers(big: Event, small: Event) -> bool:
        return (big.type == small.type and big.type not in SYMMETRIC and not small.targets and big.targets
                and {m.entity.key for m in big.actors} == {m.entity.key for m in small.actors}
                and (big.modality, big.condition) == (small.modality, small.condition))
    return {i for i, small in enumerate(kept) if any(covers(big, small) for big in kept)}


def _scheduled_by(parse: Parse, clause: Clause, governor: int | None) -> bool:
    """"is due to host talks on Saturday", "is set to visit Lima on Monday": the day on the
    scheduling words is the planned event's own ("announced on Monday that it will" is not)."""
    if governor is None or clause.relation != "xcomp":
        return False
    word = parse.tokens[governor]
    return word.lemma == "be" or event_lexicon().is_a("planned_adjective", word.text.lower())


def _when(expr: DateExpr, event: Event) -> dt.date | None:
    if event.modality == "planned" and expr.forward is not None:
        return expr.forward
    return expr.date


def _place(parse: Parse, d: _Draft, by_verb: dict[int, Clause], finder: Finder, lexicon: Lexicon) -> Mention | None:
    verb = _own_verb(parse, d.anchor, by_verb)
    candidates: list[int] = []
    if verb is not None:
        c = by_verb[verb]
        candidates += [i for p, i in c.preps if p in PLACE_PREPS]
        if d.event.type in ("visit", "host"):
            candidates += [i for p, i in c.preps if p == "to"] + list(c.objects)
    candidates += [i for p in PLACE_PREPS for i in _preps_of(parse, d.anchor, p)]
    candidates += [i for noun in sorted(d.used) for p in PLACE_PREPS for i in _preps_of(parse, noun, p)]
    for i in candidates:
        name = finder.names.at(i)
        if name is not None and _is_place(lexicon, name.mention):
            return name.mention
    return None


def _is_place(lexicon: Lexicon, m: Mention) -> bool:
    return m.entity.kind == "place" or (m.entity.kind not in ("state", "person", "organisation", "group")
                                       and lexicon.resolve(m.entity.key) != m.entity.key)


def says_the_same(a: Event, b: Event, lexicon: Lexicon | None = None) -> bool:
    """The same type between the same parties (as a set, for symmetric types). With a lexicon,
    a leader and the state he leads count as one party ("the leaders of A and B agreed on an
    A-B treaty": one agreement)."""
    def key(m: Mention) -> str:
        return (lexicon.country_of(m.entity.key) or m.entity.key) if lexicon is not None else m.entity.key

    def parts(e: Event) -> tuple:
        if e.type in SYMMETRIC:
            return (frozenset(key(m) for m in e.actors + e.targets),)
        return (frozenset(key(m) for m in e.actors), frozenset(key(m) for m in e.targets))
    return a.type == b.type and parts(a) == parts(b)
