"""Property: any event the model can hold, written as an events-table row, reads back the same."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import (CAMEO, EVENT_TYPES, MODALITIES, SYMMETRIC_TYPES, Document, Event,
                                     Mention, Sentence)
from reasoner.errors import Span
from reasoner.tables.layout import layout
from reasoner.tables.read import read_table
from reasoner.tables.records import document_records, format_records

LEXICON = Lexicon.default()
PARTIES = sorted(e.key for e in LEXICON.entities() if e.kind in ("state", "organisation", "person"))[:80]
PLACES = sorted(e.key for e in LEXICON.entities() if e.kind == "place")[:40]


def mention(key: str) -> Mention:
    entity = LEXICON.entity(key)
    return Mention(entity, entity.label)


@st.composite
def events(draw: st.DrawFn) -> Event:
    kind = draw(st.sampled_from(EVENT_TYPES))
    keys = draw(st.lists(st.sampled_from(PARTIES), min_size=2, max_size=4, unique=True))
    split = draw(st.integers(1, len(keys) - (0 if kind in SYMMETRIC_TYPES else 1)))
    day = draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    place = draw(st.none() | st.sampled_from(PLACES))
    condition = draw(st.none() | st.sampled_from(["if talks fail", "unless the troops leave"]))
    return Event(kind, tuple(mention(k) for k in keys[:split]), tuple(mention(k) for k in keys[split:]),
                 day, mention(place) if place else None, condition, draw(st.sampled_from(MODALITIES)),
                 code=draw(st.none() | st.just(CAMEO[kind][0])))


def essence(e: Event) -> tuple:
    return (e.type, e.cameo, frozenset(m.entity.key for m in e.actors), frozenset(m.entity.key for m in e.targets),
            e.date, e.place.entity.key if e.place else None, e.condition, e.modality)


@settings(max_examples=60, deadline=None)
@given(st.lists(events(), min_size=1, max_size=5))
def test_an_events_table_reads_back_as_the_events_written(written: list[Event]) -> None:
    sentences = tuple(Sentence(n, f"row {n}", Span("t", n, 1, n, 2), (e,)) for n, e in enumerate(written, 1))
    table = format_records(document_records(Document("t", "", sentences)), "csv")
    back = read_table(table, layout("csv"), LEXICON.copy(), doc_id="back", source="t.csv")
    assert all(s.understood for s in back.sentences)
    assert [essence(e) for e in back.events] == [essence(e) for e in written]
