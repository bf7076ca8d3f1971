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


@pytest.mark.parametrize("text", ["Ghana withdrew its offer to mediate between Mali and Niger.",
                                  "Chad rejected a proposal to hold talks with Sudan."])
def test_what_hangs_on_a_withdrawn_or_rejected_noun_is_not_asserted(text: str) -> None:
    assert events(text) == []


def test_a_renewed_offer_is_still_an_offer() -> None:
    assert events("Ghana renewed its offer to mediate between Mali and Niger.") == [
        ("mediation_offer", ("ghana",), ("mali", "niger"), "asserted", None)]


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


# ---- constructions of wire copy -------------------------------------------------------------
@pytest.mark.parametrize("dateline", ["OSLO (Nordic Wire/NW)-  ", "OSLO, May 9 (Nordic Wire) - ",
                                      "OSLO, NORWAY | Nordic Wire | "])
def test_a_wire_dateline_is_not_part_of_the_sentence(dateline: str) -> None:
    found = events(dateline + "Norway and Sweden signed a document on Tuesday.")
    assert found == [("agreement", ("norway", "sweden"), (), "asserted", dt.date(2023, 5, 9))]


def test_a_title_s_holder_is_the_name_after_it_even_when_the_parser_hangs_it_elsewhere() -> None:
    (found,) = events("Swedish Prime Minister Ulf Kristersson and Norwegian leader Jonas Gahr Store signed an accord.")
    assert found[0] == "agreement" and set(found[1] + found[2]) == {"ulf_kristersson", "jonas_gahr_store"}


def test_talks_hosted_by_a_third_party_are_hosted_for_the_clause_s_parties() -> None:
    found = events("The leaders of Norway and Sweden agreed on a fisheries pact when they met in Bergen "
                   "for talks hosted by Finland.")
    hosts = [f for f in found if f[0] == "host"]
    assert sorted(h[2] for h in hosts) == [("norway",), ("sweden",)] and all(h[1] == ("finland",) for h in hosts)
    assert any(f[0] == "meeting" and set(f[1] + f[2]) >= {"norway", "sweden"} for f in found)


def test_an_event_noun_takes_the_clause_s_parties_only_through_a_participation_phrase() -> None:
    assert [f[:3] for f in events("Norway sent ships north ahead of talks with Sweden.") if f[0] == "meeting"] == [
        ("meeting", ("norway",), ("sweden",))]


@pytest.mark.parametrize("text", ["The truce could be extended if Norway and Sweden agree.",
                                  "Norway and Sweden will present their views on a possible truce.",
                                  "Norway wants a future agreement with Sweden."])
def test_a_hypothesis_states_no_event(text: str) -> None:
    assert events(text) == []


def test_a_sanction_on_a_condition_is_a_threat() -> None:
    (found,) = events("Sweden will impose sanctions on Belarus if Belarus attacks Lithuania.")
    assert found[:4] == ("sanction_threat", ("sweden",), ("belarus",), "conditional")


def test_condemning_is_an_accusation() -> None:
    assert events("Norway condemned Belarus.")[0][:3] == ("accusation", ("norway",), ("belarus",))


def test_a_later_mention_of_an_event_keeps_its_date() -> None:
    found = events("Norway and Sweden met in Bergen on Monday. At the talks, Norway and Sweden agreed to "
                   "reopen the border. The accord reaffirmed a declaration signed by Finland and Estonia in 2019.")
    monday = dt.date(2023, 5, 8)
    assert ("agreement", ("norway", "sweden"), (), "asserted", monday) in found
    assert ("agreement", ("finland", "estonia"), (), "asserted", None) in found  # its own, vaguer date


def test_joint_exercises_with_a_partner_have_both_as_actors() -> None:
    (found,) = events("Norway is holding joint naval exercises with Sweden.")
    assert found[:3] == ("deployment", ("norway", "sweden"), ())


def test_accusations_by_both_go_each_way() -> None:
    found = events("Norway and Sweden signed a truce on Monday. It collapsed amid accusations by both of violations.")
    assert [f[:3] for f in found if f[0] == "accusation"] == [
        ("accusation", ("norway",), ("sweden",)), ("accusation", ("sweden",), ("norway",))]


@pytest.mark.parametrize("text", ["The envoys reviewed all agreements.", "No agreement was reached."])
def test_no_particular_event(text: str) -> None:
    assert events("Norway and Sweden met in Bergen. " + text)[1:] == []


def test_a_demonym_on_the_object_names_the_target() -> None:
    assert events("Norway expelled Russian diplomats.")[0][:3] == ("sanction_imposed", ("norway",), ("russia",))


def test_a_demand_that_someone_act_is_aimed_at_them() -> None:
    assert events("Sweden demanded that Russia withdraw its ships.")[0][:3] == ("demand", ("sweden",), ("russia",))


def test_missile_launches_and_troops_near_a_border() -> None:
    assert events("Russia fired two missiles over the Baltic Sea.")[0][:2] == ("deployment", ("russia",))
    assert events("Russia massed troops near the Finnish border.")[0][:3] == ("troop_buildup", ("russia",), ("finland",))


def test_a_deal_brokered_by_a_third_party_mediates_between_its_parties() -> None:
    found = events("Norway and Sweden agreed to restore ties in a deal brokered by Finland.")
    assert ("mediation_offer", ("finland",), ("norway", "sweden"), "asserted", None) in found


def test_a_date_on_a_noun_is_that_noun_s() -> None:
    found = events("Norway and Sweden met in Bergen on Monday. "
                   "The Bergen meeting comes ahead of Saturday's summit in Oslo.")
    assert [f[4] for f in found] == [dt.date(2023, 5, 8), dt.date(2023, 5, 8)]


@pytest.mark.parametrize("text", ["Norway and Russia exchanged accusations of spying.",
                                  "Norway and Russia accused each other of spying."])
def test_trading_accusations_goes_each_way(text: str) -> None:
    assert sorted(f[:3] for f in events(text) if f[0] == "accusation") == [
        ("accusation", ("norway",), ("russia",)), ("accusation", ("russia",), ("norway",))]


def test_due_to_visit_is_a_planned_visit() -> None:
    assert [f[:4] for f in events("Macron is due to visit Beijing next month.")] == [
        ("planned_visit", ("emmanuel_macron",), ("china",), "planned")]


def test_the_summit_is_not_an_earlier_one_its_clause_s_subject_did_not_attend() -> None:
    found = events("Putin spoke by phone with Macron. Lavrov met Wang Yi on the sidelines of the summit.")
    assert [f[:3] for f in found][1:] == [("meeting", ("sergei_lavrov",), ("wang_yi",))]


def test_a_threat_with_no_sanction_named() -> None:
    (found,) = events("Iran threatened Israel.")
    assert found[:3] == ("sanction_threat", ("iran",), ("israel",))


def test_condemning_an_event_accuses_its_doers() -> None:
    found = events("Russia held naval drills near Norway on Monday. Oslo condemned the drills.")
    assert [f[:3] for f in found][1:] == [("accusation", ("norway",), ("russia",))]
    assert ("accusation", ("china",), ("nancy_pelosi",)) in [f[:3] for f in events("China condemned Pelosi's visit.")]


def test_phone_talks_are_a_call() -> None:
    assert events("Macron held phone talks with Scholz.")[0][:3] == ("call", ("emmanuel_macron",), ("olaf_scholz",))


@pytest.mark.parametrize("text, target", [("Norway sanctioned three Belarusian judges.", "belarus"),
                                          ("Sweden protested against Russian survey ships.", "russia"),
                                          ("Finland voiced support for Ukraine's bid.", "ukraine")])
def test_a_party_s_people_and_things_stand_for_it(text: str, target: str) -> None:
    assert events(text)[0][2] == (target,)


@pytest.mark.parametrize("text", ["Belarus rejected claims that it had sent troops to the border.",
                                  "Belarus denied reports that it had met Russia."])
def test_a_denied_claim_states_no_event(text: str) -> None:
    assert events(text) == []


def test_talks_mediated_by_a_third_party_were_held_and_its_leader_hosts_the_others() -> None:
    found = events("Ethiopia and Somalia agreed to end their dispute after talks mediated by Turkey. "
                   "Erdogan, who hosted the two leaders, called the accord historic.")
    kinds = [f[:3] for f in found]
    assert ("meeting", ("ethiopia", "somalia"), ()) in kinds
    assert ("mediation_offer", ("turkey",), ("ethiopia", "somalia")) in kinds
    assert sorted(k for k in kinds if k[0] == "host") == [
        ("host", ("recep_tayyip_erdogan",), ("ethiopia",)), ("host", ("recep_tayyip_erdogan",), ("somalia",))]


def test_the_two_sides_are_never_the_go_betweens() -> None:
    found = events("Norway mediated between Peru and Chile on Monday. Norway and Sweden issued a joint "
                   "statement. The agreement was signed by the parties.")
    assert found[-1][:3] == ("agreement", ("peru", "chile"), ())


def test_it_is_the_last_party_named_a_capital_acting_included() -> None:
    found = events("Beijing accused Washington of hypocrisy and urged it to stop.")
    assert ("appeal", ("china",), ("united_states",)) in [f[:3] for f in found]


def test_the_parties_of_a_call_discussing_are_that_call() -> None:
    found = events("Macron held a phone call with Scholz on Monday. The two leaders discussed energy.")
    assert [f[0] for f in found] == ["call", "call"] and found[1][4] == dt.date(2023, 5, 8)


def test_armed_groups_named_by_a_common_noun_are_parties() -> None:
    found = events("The Malian government and rebels have agreed to end hostilities. "
                   "The rebels accused Bamako of bombing villages. Colombia signed a truce with Zarqa rebels.")
    assert [f[:3] for f in found] == [("agreement", ("mali", "rebels"), ()), ("accusation", ("rebels",), ("mali",)),
                                      ("agreement", ("colombia",), ("zarqa_rebels",))]


def test_unwilling_to_negotiate_is_no_meeting() -> None:
    assert events("Mali was still unwilling to negotiate with the rebels.") == []


def test_mediators_from_states_mediate_between_the_parties_of_what_they_helped_reach() -> None:
    found = events("Peru and Chile signed a truce on Monday. The truce was reached with the help of "
                   "interlocutors from Norway and Sweden. Danish and Finnish mediators said the talks would resume.")
    offers = [f[:3] for f in found if f[0] == "mediation_offer"]
    assert offers == [("mediation_offer", ("norway", "sweden"), ("peru", "chile")),
                      ("mediation_offer", ("denmark", "finland"), ("peru", "chile"))]
    assert ("meeting", ("peru",), ("chile",), "planned", None) in found  # the talks: not the mediators'


def test_talks_after_which_a_plan_was_agreed_took_place() -> None:
    found = events("Norway and Sweden agreed to reopen the border after talks between their ministers.")
    assert ("meeting", ("norway", "sweden"), (), "asserted", None) in found
    later = events("Norway will sign the deal after talks with Sweden.")
    assert ("meeting", ("norway",), ("sweden",), "planned", None) in later


@pytest.mark.parametrize("text", ["Should Gabon close the border, Cameroon will impose sanctions on Gabon."])
def test_a_clause_opening_with_its_auxiliary_is_a_condition(text: str) -> None:
    assert events(text) == [("sanction_threat", ("cameroon",), ("gabon",), "conditional", None)]


def test_a_past_counterfactual_states_nothing() -> None:
    # "would have imposed": the sanctions were not imposed, and no threat is made for the future
    assert events("Had Gabon closed the border, Cameroon would have imposed sanctions on Gabon.") == []


def test_sanctions_one_will_impose_are_one_threat_not_also_an_imposition() -> None:
    assert [e[:2] for e in events("Cameroon will impose sanctions if Gabon closes the border.")] == [
        ("sanction_threat", ("cameroon",))]


def test_regional_blocs_are_known_organisations() -> None:
    assert events("ECOWAS imposed sanctions on Guinea.")[0][:3] == (
        "sanction_imposed", ("ecowas",), ("guinea",))


def test_an_offer_of_good_offices_mediates_between_the_sides_of_the_dispute_named() -> None:
    # "has offered": the present perfect tells the day's news, so the day of publication
    assert events("Gabon has offered its good offices to help resolve the dispute between Chad and Niger.") == [
        ("mediation_offer", ("gabon",), ("chad", "niger"), "asserted", DAY)]


def test_the_subject_of_a_passive_raising_verb_does_what_follows() -> None:
    assert events("Gabon's foreign minister is expected to visit Yaounde.") == [
        ("planned_visit", ("gabon",), ("cameroon",), "planned", None)]


def test_a_proper_name_the_recogniser_missed_is_still_a_participant() -> None:
    found = events("Chad hosted Mahamat Zene Cherif in N'Djamena. Niger accused the Sahel Patriotic Front of raids.")
    assert [f[:3] for f in found] == [("host", ("chad",), ("mahamat_zene_cherif",)),
                                      ("accusation", ("niger",), ("sahel_patriotic_front",))]


@pytest.mark.parametrize("text", ["Gabon will mediate between Chad and Niger.",
                                  "Gabon is ready to mediate between Chad and Niger."])
def test_an_intention_to_mediate_is_the_offer_itself(text: str) -> None:
    assert events(text) == [("mediation_offer", ("gabon",), ("chad", "niger"), "asserted", None)]


def test_one_word_of_a_name_told_before_is_that_participant() -> None:
    found = events("Mahamat Zene Cherif arrived in Yaounde for talks with Paul Biya. Biya welcomed Cherif at Unity Palace.")
    assert ("host", ("paul_biya",), ("mahamat_zene_cherif",)) in [f[:3] for f in found]


def test_an_event_told_as_done_is_not_made_planned_by_a_later_mention() -> None:
    found = events("Paul Biya visited Libreville on Monday. The two sides are expected to sign a deal during the visit.")
    assert [f[0] for f in found if f[3] == "planned"] == ["agreement"]
