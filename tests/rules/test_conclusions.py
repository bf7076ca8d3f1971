"""The shipped rules read sceptically (docs/conclusions.md): each known false-positive risk of a
rule, shown not to hold, next to the case the rule is meant for, shown to hold.

Every scenario is its own small article in a fresh in-memory store, so no conclusion leans on
another scenario's events.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import reasoner
from reasoner.kb import KnowledgeBase


@pytest.fixture()
def read() -> Iterator:  # type: ignore[type-arg]
    opened: list[KnowledgeBase] = []

    def read_text(text: str) -> KnowledgeBase:
        kb = reasoner.open("memory")
        opened.append(kb)
        kb.ingest(text, doc_id="scenario")
        return kb

    yield read_text
    for kb in opened:
        kb.close()


def holds(kb: KnowledgeBase, query: str) -> bool:
    return kb.ask(query).holds


# -- which events are evidence (parties.dl: occurred) ---------------------------------------

@pytest.mark.parametrize("text, conclusion", [
    ("Russia refused to meet Ukraine.", "contact(russia, ukraine)"),
    ("France did not meet Germany.", "contact(france, germany)"),
    ("Egypt denied accusing Ethiopia.", "opposes(egypt, ethiopia)"),
    ("Ethiopia rejected the joint statement with Sudan.", "aligned(ethiopia, sudan)"),
    ("Kenya withdrew its offer to mediate between Sudan and Ethiopia.",
     "mediation_offer(kenya, sudan, ethiopia)"),
])
def test_negated_refused_denied_or_withdrawn_events_conclude_nothing(read, text, conclusion) -> None:
    kb = read(text)
    assert not holds(kb, conclusion)
    assert not kb.ask("event_type(E, T)").rows  # the reader keeps no such event


@pytest.mark.parametrize("text, conclusion", [
    ("Italy will meet Greece next week.", "contact(italy, greece)"),
    ("Spain plans to visit Morocco.", "contact(spain, morocco)"),
    ("India plans to deploy troops against Pakistan.", "opposes(india, pakistan)"),
])
def test_planned_events_are_stored_but_are_not_evidence(read, text, conclusion) -> None:
    kb = read(text)
    assert holds(kb, "modality(E, planned)")  # kept, with its modality, for ask and export
    assert not holds(kb, conclusion)


def test_hearsay_is_not_evidence_but_a_partys_own_account_is(read) -> None:
    kb = read("Peru said Chile had threatened Bolivia with sanctions. "
              "Brazil signed a trade agreement with Argentina, Lula said.")
    assert holds(kb, "modality(E, reported), attributed_to(E, peru)")
    assert not holds(kb, "sanction_threat(chile, bolivia)")
    assert holds(kb, "aligned(brazil, argentina)")  # Lula speaks for Brazil


def test_a_conditional_threat_is_a_threat_made(read) -> None:
    kb = read("Japan warned North Korea that it would impose sanctions if it tests a missile.")
    assert holds(kb, "sanction_threat(japan, north_korea)")
    assert holds(kb, 'sanction_threat_condition(japan, north_korea, "if it tests a missile")')


# -- coordination (sanctions.dl) ------------------------------------------------------------

def test_threatening_the_same_state_alone_is_not_coordination(read) -> None:
    kb = read("Egypt threatened Ethiopia with sanctions. "
              "The United States threatened Ethiopia with sanctions.")
    assert holds(kb, "sanction_threat(egypt, ethiopia)") and holds(kb, "sanction_threat(united_states, ethiopia)")
    assert not holds(kb, "coordinates(egypt, united_states)")
    assert not holds(kb, "same_bloc(egypt, united_states)")
    assert not holds(kb, "same_bloc(egypt, albania)")  # no chain on through NATO's members


def test_an_agreement_about_something_else_is_not_coordination(read) -> None:
    kb = read("Norway and Iceland signed a fishing agreement. Norway threatened Sweden with sanctions.")
    assert holds(kb, "aligned(norway, iceland)")
    assert not holds(kb, "coordinates(norway, iceland)")


@pytest.mark.parametrize("text, pair", [
    ("Britain and France threatened Iran with sanctions.", "united_kingdom, france"),
    ("Canada called Germany. Canada and Germany both threatened Belarus with sanctions.",
     "canada, germany"),
    ("Japan and South Korea agreed to cooperate, and Japan threatened North Korea with sanctions.",
     "japan, south_korea"),
])
def test_coordination_needs_a_joint_threat_talks_or_an_agreement_on_the_threat(read, text, pair) -> None:
    assert holds(read(text), f"coordinates({pair})")


# -- blocs (blocs.dl) -----------------------------------------------------------------------

def test_rivals_in_one_alliance_who_meet_are_not_a_bloc(read) -> None:
    kb = read("Greece met Turkey in Athens.")
    assert holds(kb, "contact(greece, turkey)") and holds(kb, "same_alliance(greece, turkey)")
    assert not holds(kb, "same_bloc(greece, turkey)")


def test_membership_pulls_no_one_into_a_bloc(read) -> None:
    kb = read("Poland and Lithuania signed a defence agreement.")
    assert holds(kb, "same_bloc(poland, lithuania)")
    blocs = {str(row[0]) for row in kb.ask("same_bloc(poland, X)").rows}
    assert blocs == {"lithuania"}  # not NATO, not the EU, not their other members


def test_a_shared_opponent_and_a_tie_make_a_bloc_link(read) -> None:
    kb = read("Denmark accused Russia of espionage. Norway accused Russia of espionage. "
              "Denmark met Norway in Oslo.")
    assert holds(kb, "same_bloc(denmark, norway)")
    assert not holds(kb, "same_bloc(denmark, russia)")


# -- contact and intermediaries (parties.dl, mediation.dl) ----------------------------------

def test_an_intermediary_needs_contact_that_happened_with_both_sides(read) -> None:
    kb = read("Qatar offered to mediate between Israel and Hamas. Egypt called Israel. "
              "Egypt will meet Hamas next week.")
    assert holds(kb, "standoff(israel, hamas)")
    assert not holds(kb, "intermediary(egypt, israel, hamas)")  # the meeting with Hamas is a plan
