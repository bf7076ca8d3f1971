"""One sentence per construction, checked event by event (notation of reasoner.cnl.describe)."""

from __future__ import annotations

import datetime as dt

import pytest

from reasoner.cnl import Lexicon, parse_document, parse_sentence
from reasoner.cnl.describe import describe_event

CASES = [
    # names, titles, metonymy, possessives, coordination
    ("German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin.",
     ["meeting(olaf_scholz -> emmanuel_macron) place=berlin"]),
    ("Russian President Vladimir Putin and his Chinese counterpart Xi Jinping met on February 4.",
     ["meeting(vladimir_putin, xi_jinping) date=2022-02-04"]),
    ("The Kremlin hosted Lukashenko.", ["host(russia -> alexander_lukashenko)"]),
    ("The Elysee Palace hosted Scholz.", ["host(france -> olaf_scholz)"]),
    ("Beijing backed Moscow.", ["support(china -> russia)"]),
    ("EU Commission President Ursula von der Leyen met Stoltenberg.",
     ["meeting(ursula_von_der_leyen -> jens_stoltenberg)"]),
    ("Von der Leyen met Stoltenberg.", ["meeting(ursula_von_der_leyen -> jens_stoltenberg)"]),
    ("The U.S. and the UK backed Ukraine.", ["support(united_states, united_kingdom -> ukraine)"]),
    ("Britain backed Ukraine.", ["support(united_kingdom -> ukraine)"]),
    ("Zelensky met Macron.", ["meeting(volodymyr_zelenskiy -> emmanuel_macron)"]),
    # frames
    ("Scholz phoned Putin on February 15.", ["call(olaf_scholz -> vladimir_putin) date=2022-02-15"]),
    ("Blinken held talks with Lavrov.", ["meeting(antony_blinken -> sergei_lavrov)"]),
    ("Scholz travelled to Kyiv on 14 February 2022.",
     ["visit(olaf_scholz -> ukraine) date=2022-02-14 place=kyiv"]),
    ("Scholz plans to visit Moscow.", ["planned_visit(olaf_scholz -> russia) place=moscow modality=planned"]),
    ("Lukashenko received Putin in Minsk.", ["host(alexander_lukashenko -> vladimir_putin) place=minsk"]),
    ("Turkey offered to mediate between Russia and Ukraine.", ["mediation_offer(turkey -> russia, ukraine)"]),
    ("The EU warned Russia that it would impose sanctions.",
     ["sanction_threat(european_union -> russia) modality=planned"]),
    ("Britain imposed sanctions on Russia on February 22.",
     ["sanction_imposed(united_kingdom -> russia) date=2022-02-22"]),
    ("Kyiv accused Moscow of massing troops near its border.",
     ["accusation(ukraine -> russia)", "troop_buildup(russia) modality=reported source=ukraine"]),
    ("Russia deployed some 30,000 troops to Belarus.", ["deployment(russia) place=belarus quantity=30000"]),
    ("Russia has amassed thousands of troops along its border with Ukraine.",
     ["troop_buildup(russia -> ukraine) quantity=1000"]),
    ("China and Russia issued a joint statement.", ["joint_statement(china, russia)"]),
    ("Putin and Xi agreed to deepen cooperation.", ["agreement(vladimir_putin, xi_jinping)"]),
    ("NATO called on Russia to de-escalate.", ["appeal(nato -> russia)"]),
    ("Hungary opposes sanctions.", []),
    ("Putin did not meet Biden.", []),
    # dates, modality, attribution
    ("Putin met Xi in 2019.", ["meeting(vladimir_putin -> xi_jinping) date=2019-01-01"]),
    ("Putin has not met Xi since 2019.", []),
    ("Putin met Xi on Tuesday, the Kremlin said.",
     ["meeting(vladimir_putin -> xi_jinping) date=2022-02-01 modality=reported source=russia"]),
    ("Biden will travel to Poland, the White House said.",
     ["planned_visit(joe_biden -> poland) modality=planned source=united_states"]),
    ("Biden said Russia had amassed 150,000 troops near Ukraine.",
     ["troop_buildup(russia -> ukraine) modality=reported source=joe_biden quantity=150000"]),
    ("“Russia has amassed 100,000 troops near Ukraine,” Blinken said.",
     ["troop_buildup(russia -> ukraine) modality=reported source=antony_blinken quantity=100000"]),
    ('"Russia has amassed 100,000 troops near Ukraine," Blinken said.',
     ["troop_buildup(russia -> ukraine) modality=reported source=antony_blinken quantity=100000"]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_construction(lexicon: Lexicon, sentence: str, expected: list[str]) -> None:
    parsed = parse_sentence(sentence, lexicon=lexicon, date=dt.date(2022, 2, 4))
    assert parsed.understood, [d.render() for d in parsed.diagnostics]
    assert [describe_event(e) for e in parsed.events] == expected


def test_pronouns_and_anaphors_resolve_from_context(lexicon: Lexicon) -> None:
    text = ("Putin and Xi met on February 4.\n"
            "The two leaders signed a joint statement.\n"
            "The two states agreed to deepen cooperation.\n"
            "Macron said he will travel to Kyiv.\n")
    doc = parse_document(text, lexicon=lexicon, doc_id="t", date=dt.date(2022, 2, 4))
    got = [describe_event(e) for e in doc.events]
    assert got == [
        "meeting(vladimir_putin, xi_jinping) date=2022-02-04",
        "joint_statement(vladimir_putin, xi_jinping) date=2022-02-04",  # the outcome of the dated meeting
        "agreement(russia, china) date=2022-02-04",
        "planned_visit(emmanuel_macron -> ukraine) place=kyiv modality=planned source=emmanuel_macron",
    ]


def test_role_reference_resolves_to_the_last_holder(lexicon: Lexicon) -> None:
    text = "Johnson met Scholz.\nThe prime minister backed Ukraine.\n"
    doc = parse_document(text, lexicon=lexicon, doc_id="t")
    assert describe_event(doc.events[-1]) == "support(boris_johnson -> ukraine)"


def test_leaders_carry_their_country(lexicon: Lexicon) -> None:
    parsed = parse_sentence("Turkish President Recep Tayyip Erdogan met Stoltenberg.", lexicon=lexicon)
    actor, target = parsed.events[0].actors[0], parsed.events[0].targets[0]
    assert (actor.entity.country, actor.entity.wikidata) == ("turkey", "Q39259")
    assert target.entity.country == "nato"
    assert actor.text == "Turkish President Recep Tayyip Erdogan"


def test_unknown_titled_person_becomes_a_person_of_that_country(lexicon: Lexicon) -> None:
    parsed = parse_sentence("Polish President Andrzej Nowak met Scholz.", lexicon=lexicon)
    actor = parsed.events[0].actors[0].entity
    assert (actor.key, actor.kind, actor.country) == ("andrzej_nowak", "person", "poland")


def test_quantity_details(lexicon: Lexicon) -> None:
    parsed = parse_sentence("Russia has amassed an estimated 100,000-plus troops near Ukraine.", lexicon=lexicon)
    quantity = parsed.events[0].quantity
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.qualifier) == (100_000, "troops", "estimated plus")
