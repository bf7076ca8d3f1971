"""The news reader on sentences we wrote: frames from the event lexicon, control verbs,
negation, conditions, discourse, dates, and the bounds on input."""

from __future__ import annotations

import datetime as dt

import pytest

from reasoner.cnl import Lexicon
from reasoner.reader.document import read_document

DAY = dt.date(2023, 5, 10)  # a Wednesday


def events(text: str) -> list[tuple]:
    doc = read_document(text, lexicon=Lexicon.default(), doc_id="t", date=DAY)
    return [(e.type, tuple(m.entity.key for m in e.actors), tuple(m.entity.key for m in e.targets),
             e.modality, e.date) for s in doc.sentences for e in s.events]


def test_a_mediation_offer_between_two_states() -> None:
    assert events("Kenya offered to mediate between Sudan and Ethiopia.") == [
        ("mediation_offer", ("kenya",), ("sudan", "ethiopia"), "asserted", None)]


@pytest.mark.parametrize("text", ["Egypt refused to meet Ethiopia.", "Hungary did not accuse Romania of anything.",
                                  "Chile declined to host Peru."])
def test_refused_and_negated_events_are_not_asserted(text: str) -> None:
    assert events(text) == []


def test_a_threat_to_impose_sanctions_is_a_conditional_sanction_threat() -> None:
    (found,) = events("The European Union threatened to impose sanctions on Belarus if it continues the crackdown.")
    assert found[:4] == ("sanction_threat", ("european_union",), ("belarus",), "conditional")


def test_a_weekday_resolves_against_the_publication_date() -> None:
    (found,) = events("Norway hosted Sweden on Tuesday.")
    assert found == ("host", ("norway",), ("sweden",), "asserted", dt.date(2023, 5, 9))


def test_a_visit_to_a_capital_is_a_visit_to_its_state() -> None:
    doc = read_document("Macron travelled to Beijing.", lexicon=Lexicon.default(), doc_id="t", date=DAY)
    (event,) = doc.events
    assert (event.type, event.targets[0].entity.key, event.place.entity.key) == ("visit", "china", "beijing")


def test_the_two_leaders_are_the_last_event_s_people() -> None:
    found = events("Macron spoke by phone with both Scholz and Sanchez. "
                   "He will discuss energy with the two leaders.")
    assert found[-1][:4] == ("meeting", ("emmanuel_macron",), ("olaf_scholz", "pedro_sanchez"), "planned")


def test_a_reported_pronoun_is_the_speaker() -> None:
    found = events("Canada said it would send troops to Latvia.")
    assert found and found[0][1] == ("canada",)


def test_a_new_name_is_a_participant() -> None:
    found = events("The Zubrovian Liberation Front accused Ethiopia of shelling the border.")
    assert found and found[0][0] == "accusation" and found[0][2] == ("ethiopia",)


def test_an_overlong_sentence_is_reported_and_skipped() -> None:
    text = "Russia met " + " and ".join(["Ukraine"] * 2500) + "."
    doc = read_document(text, lexicon=Lexicon.default(), doc_id="t", date=DAY)
    (sentence,) = doc.sentences
    assert not sentence.understood and "longer than" in sentence.diagnostics[0].message
