"""Property: sentences generated from the language's constructions parse to the expected event."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.cnl import Lexicon, parse_sentence

PUBLISHED = dt.date(2022, 2, 4)
PEOPLE = ["Vladimir Putin", "Xi Jinping", "Joe Biden", "Boris Johnson", "Olaf Scholz", "Emmanuel Macron",
          "Antony Blinken", "Dmytro Kuleba", "Recep Tayyip Erdogan", "Jens Stoltenberg", "Sergei Lavrov",
          "Mario Draghi", "Andrzej Duda", "Alexander Lukashenko", "Volodymyr Zelenskiy"]
STATES = ["Russia", "China", "Ukraine", "Turkey", "France", "Germany", "Poland", "Belarus", "Italy", "Spain",
          "Canada", "Romania", "the United States", "the United Kingdom"]
MONTHS = ["January", "February", "March"]


def key(name: str) -> str:
    return name.removeprefix("the ").lower().replace(" ", "_")


@st.composite
def dates(draw) -> tuple[str, dt.date]:
    month = draw(st.sampled_from(MONTHS))
    day = draw(st.integers(1, 28))
    when = dt.date(2022, MONTHS.index(month) + 1, day)
    form = draw(st.sampled_from(["on {m} {d}", "on {d} {m} 2022", "on {iso}"]))
    return form.format(m=month, d=day, iso=when.isoformat()), when


@st.composite
def sentences(draw) -> tuple[str, str, list[str], list[str], dt.date | None, str]:
    a, b = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=2, unique=True))
    s, t = draw(st.lists(st.sampled_from(STATES), min_size=2, max_size=2, unique=True))
    date_text, when = draw(dates())
    frame = draw(st.sampled_from(["meet", "call", "host", "visit", "threat", "mediate", "accuse", "support"]))
    if frame == "meet":
        return f"{a} met {b} {date_text}.", "meeting", [key(a)], [key(b)], when, "asserted"
    if frame == "call":
        return f"{a} spoke by phone with {b} {date_text}.", "call", [key(a)], [key(b)], when, "asserted"
    if frame == "host":
        return f"{a} hosted {b} {date_text}.", "host", [key(a)], [key(b)], when, "asserted"
    if frame == "visit":
        planned = draw(st.booleans())
        verb = "will visit" if planned else "visited"
        kind, modality = ("planned_visit", "planned") if planned else ("visit", "asserted")
        return f"{a} {verb} {t} {date_text}.", kind, [key(a)], [key(t)], when, modality
    if frame == "threat":
        return (f"{s} warned {t} of sanctions if {t} invades Ukraine.", "sanction_threat", [key(s)], [key(t)],
                None, "conditional")
    if frame == "mediate":
        return (f"{a} offered to mediate between {s} and {t}.", "mediation_offer", [key(a)],
                [key(s), key(t)], None, "asserted")
    if frame == "accuse":
        return f"{s} accused {t} {date_text} of aggression.", "accusation", [key(s)], [key(t)], when, "asserted"
    return f"{s} backed {t} {date_text}.", "support", [key(s)], [key(t)], when, "asserted"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=sentences())
def test_generated_sentence_yields_its_event(lexicon: Lexicon, case) -> None:
    text, kind, actors, targets, when, modality = case
    parsed = parse_sentence(text, lexicon=lexicon, date=PUBLISHED)
    assert parsed.understood, [d.render() for d in parsed.diagnostics]
    event = parsed.events[0]
    assert event.type == kind
    assert [m.entity.key for m in event.actors] == actors
    assert [m.entity.key for m in event.targets] == targets
    assert event.date == when
    assert event.modality == modality
