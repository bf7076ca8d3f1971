"""Dates across a document: a later (or earlier) mention of an event takes the date its dated
mention gives ("Soto arrived in Oslo on Monday ... Soto's trip to Oslo ..."), and an
undated event takes the date of the dated event it is told with ("After the summit, ...")."""

from __future__ import annotations

from dataclasses import replace

from reasoner.cnl.statements import Event, Sentence

# Meetings, calls and visits are told several times; one party named suffices to recognise one.
CONSULTATIONS = frozenset({"meeting", "call", "visit"})
# An agreement or statement read next to a meeting with the same parties happened at that meeting.
OUTCOMES = frozenset({"agreement", "joint_statement"})
OCCASIONS = frozenset({"meeting", "call", "mediation_offer", "agreement", "joint_statement"})
DATED_MODALITIES = frozenset({"asserted", "reported"})


def date_mentions(sentences: list[Sentence], distinct: frozenset[tuple] = frozenset()) -> list[Sentence]:
    """The sentences with undated, asserted or reported events dated by their other mentions;
    ``distinct`` holds (sentence number, type, participant keys) of events told as another one
    ("his first meeting with Xi since 2019")."""
    out = list(sentences)
    for _ in range(2):  # a second pass lets dates reach events dated through another undated one
        dated = [(n, e) for n, s in enumerate(out) for e in s.events if e.date is not None]
        out = [_dated_sentence(n, s, dated, distinct) for n, s in enumerate(out)]
    return out


def _undated(event: Event) -> bool:
    return event.date is None and event.modality in DATED_MODALITIES


def _dated_sentence(n: int, sentence: Sentence, dated: list[tuple[int, Event]], distinct: frozenset[tuple]) -> Sentence:
    if not any(_undated(e) for e in sentence.events):
        return sentence
    events = [_same_event_date(n, e, dated) if _undated(e) and _key(sentence.number, e) not in distinct else e
              for e in sentence.events]
    local = next((e.date for e in events if e.date is not None and e.type in CONSULTATIONS
                  and _key(sentence.number, e) not in distinct), None)
    if local is not None:  # "Shortly before the talks began, Lima said ...": the meeting's day
        events = [replace(e, date=local) if _undated(e) and _key(sentence.number, e) not in distinct else e
                  for e in events]
    return replace(sentence, events=tuple(events))


def _same_event_date(n: int, event: Event, dated: list[tuple[int, Event]]) -> Event:
    """The date of the nearest dated mention of the same event (earlier mentions first)."""
    mine = _parties(event)
    ranked = sorted(dated, key=lambda item: (item[0] > n, abs(item[0] - n)))
    for m, other in ranked:
        theirs = _parties(other, actors_only=other.type == "mediation_offer")
        if other is event or event.place and other.place and event.place.entity.key != other.place.entity.key:
            continue
        near = abs(m - n) <= 1
        if other.type == event.type and event.type in CONSULTATIONS:
            same = mine <= theirs or theirs <= mine or len(mine & theirs) >= 2
        elif other.type == event.type:  # agreements and statements are retold far apart, others next door
            same = (near or event.type in OUTCOMES) and (mine == theirs or len(mine & theirs) >= 2)
        else:
            same = near and event.type in OUTCOMES and other.type in OCCASIONS and mine == theirs and len(mine) >= 2
        if same:
            return replace(event, date=other.date)
    return event


def _key(number: int, event: Event) -> tuple:
    return number, event.type, frozenset(m.entity.key for m in (*event.actors, *event.targets))


def _parties(event: Event, *, actors_only: bool = False) -> frozenset[str]:
    mentions = event.actors if actors_only else (*event.actors, *event.targets)
    return frozenset(m.entity.country or m.entity.key for m in mentions)
