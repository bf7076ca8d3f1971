"""Constructions of real news English beyond the seed: accusations without "accuse", demands by
wanting, ties cut, joint reviews, possessive titles, lists, the parties of a conflict named
before or after, and dates carried between mentions of one event. Every sentence here is written
for this test (notation of reasoner.cnl.describe, publication date 2022-02-04)."""

from __future__ import annotations

import datetime as dt

import pytest

from reasoner.cnl import Lexicon, parse_document, parse_sentence
from reasoner.cnl.describe import describe_event

PUBLISHED = dt.date(2022, 2, 4)

CASES = [
    # accusations by characterisation
    ("Poland's foreign ministry described the Belarusian exercises near its border as a dangerous provocation.",
     ["deployment(belarus)", "accusation(poland -> belarus)"]),
    ("Blinken said the missile launches Pyongyang conducted were a serious escalation.",
     ["accusation(antony_blinken -> north_korea)"]),
    ("Lavrov said Washington had used the incident as a pretext for expanding NATO.",
     ["accusation(sergei_lavrov -> united_states)"]),
    # a descriptor between "the" and a group's name
    ("Sudan accused the rebel Rapid Support Forces of shelling Omdurman.",
     ["accusation(sudan -> rapid_support_forces)"]),
    # demands and wants
    ("Kyiv wants firm security guarantees from NATO.", ["demand(ukraine -> nato)"]),
    ("Iran wants American troops out of Iraq.", ["demand(iran -> united_states)"]),
    ("Beijing rejected Washington's demands over trade.",
     ["opposition(china -> united_states)", "demand(united_states -> china)"]),
    # ties cut, reviews, nominal agreements
    ("China suspended dialogue with Japan on fisheries.", ["sanction_imposed(china -> japan)"]),
    ("Macron, Scholz and Draghi reviewed the situation in Ukraine.",
     ["meeting(emmanuel_macron, olaf_scholz, mario_draghi)"]),
    ("The talks ended with an agreement between Serbia and Kosovo.", ["agreement(serbia -> kosovo)"]),
    # titles after possessives, lists with an Oxford comma
    ("Poland's foreign minister met Kuleba.", ["meeting(zbigniew_rau -> dmytro_kuleba)"]),
    ("Germany's Chancellor Olaf Scholz met Zelensky.", ["meeting(olaf_scholz -> volodymyr_zelenskiy)"]),
    ("Erdogan met Putin, Zelensky, and Lukashenko.",
     ["meeting(recep_tayyip_erdogan -> vladimir_putin, volodymyr_zelenskiy, alexander_lukashenko)"]),
    # deployments told by their troops
    ("Moscow said it had begun pulling back troops stationed near Ukraine's border.",
     ["deployment(russia -> ukraine) modality=reported source=russia"]),
    # negatives
    ("Moscow said the new law was no provocation.", []),
    ("Should the two governments consent, the truce could be extended.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_news_construction(lexicon: Lexicon, sentence: str, expected: list[str]) -> None:
    parsed = parse_sentence(sentence, lexicon=lexicon, date=PUBLISHED)
    assert [describe_event(e) for e in parsed.events] == expected


def read(lexicon: Lexicon, text: str) -> list[list[str]]:
    doc = parse_document(text, lexicon=lexicon, doc_id="t", date=PUBLISHED)
    return [[describe_event(e) for e in s.events] for s in doc.sentences]


def test_the_warring_factions_are_the_parties_named_later(lexicon: Lexicon) -> None:
    got = read(lexicon, "A truce was reached between the rival factions on Wednesday, Qatari mediators said.\n"
                        "Hamas and Israel had accepted the proposal.\n"
                        "Earlier truces have collapsed after accusations by each side of breaches.\n")
    assert got == [
        ["agreement(hamas -> israel) date=2022-02-02 modality=reported source=qatar",
         "mediation_offer(qatar -> hamas, israel) date=2022-02-02 modality=reported source=qatar"],
        [],
        ["accusation(hamas -> israel)", "accusation(israel -> hamas)"],  # one accusation each way
    ]


def test_a_repeated_mention_takes_the_date_of_the_event(lexicon: Lexicon) -> None:
    got = read(lexicon, "Scholz flew to Washington on Monday.\n"
                        "Biden will host Scholz on Monday.\n"
                        "Scholz's trip to Washington was his first as chancellor.\n")
    assert got == [
        ["visit(olaf_scholz -> united_states) date=2022-01-31 place=washington"],
        ["host(joe_biden -> olaf_scholz) date=2022-02-07 modality=planned"],  # a planned Monday is the next one
        ["visit(olaf_scholz -> united_states) date=2022-01-31"],
    ]


def test_the_ministry_is_the_one_named_before(lexicon: Lexicon) -> None:
    got = read(lexicon, "Japan's defence ministry criticised the drills.\n"
                        "The ministry added that Beijing had sent 20 warships toward the island.\n")
    assert got[1] == ["deployment(china) modality=reported source=japan quantity=20"]


def test_a_meeting_in_the_present_tense_is_the_day_of_publication(lexicon: Lexicon) -> None:
    got = read(lexicon, "Macron and Scholz meet to discuss energy prices.\n")
    assert got == [["meeting(emmanuel_macron, olaf_scholz) date=2022-02-04"]]
