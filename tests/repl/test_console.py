"""The console without a terminal: ``Console.handle(text)`` for every kind of entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from reasoner.kb import KnowledgeBase
from reasoner.rdf.namespaces import ENT, VOC
from reasoner.repl import Console
from reasoner.rules import load_program

SENTENCE = "Hungary offered to mediate between Ukraine and Russia."


# -- sentences -------------------------------------------------------------------------------
def test_a_sentence_is_stored_as_a_console_document_and_its_conclusions_shown(console: Console) -> None:
    reply = console.handle(SENTENCE)
    text = reply.text
    assert "console-1: mediation_offer(hungary -> ukraine, russia)" in text
    assert re.search(r"^\+\d+ conclusions, -0 conclusions$", text, re.MULTILINE)
    assert "  + mediation_offer(hungary, ukraine, russia)" in text
    assert console.kb.documents() == ["console-1"]
    assert not any(b.style == "error" for b in reply.blocks)


def test_the_delta_is_bounded(console: Console) -> None:
    console.delta_limit = 3
    text = console.handle(SENTENCE).text
    added = int(re.search(r"\+(\d+) conclusions", text).group(1))  # type: ignore[union-attr]
    assert len([line for line in text.splitlines() if line.startswith("  + ")]) == 3
    assert f"  ... and {added - 3} more" in text


def test_facts_about_entities_come_before_facts_about_events(console: Console) -> None:
    lines = console.handle(SENTENCE).text.splitlines()
    changes = [line for line in lines if line.startswith("  + ")]
    assert changes[0] == "  + mediation_offer(hungary, russia, ukraine)"
    assert all("event:" in line for line in changes[changes.index(next(
        c for c in changes if "event:" in c)):])


def test_the_query_after_the_sentence_finds_the_mediator(console: Console) -> None:
    console.handle(SENTENCE)
    text = console.handle("?- mediation_offer(M, ukraine, russia).").text
    assert "hungary" in text and "1 row" in text
    assert console.handle("?- mediation_offer(hungary, ukraine, russia).").text == "yes"
    assert console.handle("?- mediation_offer(russia, ukraine, hungary).").text == "no"


def test_a_sentence_outside_the_language_shows_a_caret_and_stores_nothing(console: Console) -> None:
    reply = console.handle("Hungary offerd to mediate between Ukraine and Russia.")
    assert reply.blocks[0].style == "error"
    assert "console:1:9: error" in reply.text and "did you mean 'offered'?" in reply.text
    assert "  |         ^^^^^^" in reply.text
    assert console.kb.documents() == []
    assert "console-1:" in console.handle(SENTENCE).text  # the number was not used up


def test_retract_removes_the_last_console_sentence(console: Console) -> None:
    added = re.search(r"\+(\d+) conclusions", console.handle(SENTENCE).text).group(1)  # type: ignore[union-attr]
    reply = console.handle(":retract")
    assert f"retracted console-1: {SENTENCE}" in reply.text
    assert f"+0 conclusions, -{added} conclusions" in reply.text
    assert console.kb.documents() == []
    assert console.handle("?- mediation_offer(M, A, B).").text.endswith("0 rows")
    assert "no console sentence to retract" in console.handle(":retract").text


def test_a_definitional_sentence_extends_the_lexicon_until_retracted(console: Console) -> None:
    ruritania = "Ruritania offered to mediate between Ukraine and Russia."
    assert "unknown name 'Ruritania'" in console.handle(ruritania).text
    console.handle(":retract")
    assert "console-2: fact: ruritania is_a state" in console.handle("Ruritania is a state.").text
    reply = console.handle(ruritania)
    assert "unknown name" not in reply.text and "+ mediation_offer(ruritania, ukraine, russia)" in reply.text
    console.handle(":retract")
    assert "retracted console-2: Ruritania is a state." in console.handle(":retract").text
    assert "unknown name 'Ruritania'" in console.handle(ruritania).text


def test_console_documents_continue_the_numbering_of_a_store(kb: KnowledgeBase) -> None:
    kb.ingest("Germany supports Ukraine.", doc_id="console-4", source="console")
    console = Console(kb, timeout=None)
    assert "console-5: mediation_offer" in console.handle(SENTENCE).text


def test_date_resolves_relative_dates_of_console_sentences(console: Console) -> None:
    assert "2022-02-04" in console.handle(":date 2022-02-04").text
    assert "date=2022-01-31" in console.handle("Scholz visited Washington on Monday.").text
    assert "none" in console.handle(":date none").text
    assert "invalid date" in console.handle(":date yesterday").text


# -- rules -----------------------------------------------------------------------------------
def test_a_rule_is_added_for_the_session_with_the_delta(console: Console) -> None:
    console.handle(SENTENCE)
    reply = console.handle("peacemaker(M) :- mediation_offer(M, _, _).")
    assert "added #1: peacemaker(M) :- mediation_offer(M, _, _)." in reply.text
    assert "+1 conclusion, -0 conclusions\n  + peacemaker(hungary)" in reply.text
    assert "already in the session" in console.handle("peacemaker(M) :- mediation_offer(M, _, _).").text
    assert "peacemaker(hungary)" not in console.handle("peacemaker(hungary).").text.split("\n", 1)[1]


def test_a_multi_line_rule_and_several_facts_in_one_entry(console: Console) -> None:
    reply = console.handle("rival(X, Y) :-\n    opposes(X, Y),\n    X < Y.\nopposes(a, b). opposes(b, c).")
    assert "added #1: rival(X, Y) :- opposes(X, Y), X < Y." in reply.text
    assert "added #3: opposes(b, c)." in reply.text
    assert "+ rival(a, b)" in reply.text and "+ rival(b, c)" in reply.text


def test_a_broken_rule_shows_a_caret_and_changes_nothing(console: Console) -> None:
    reply = console.handle("p(X) :- q(X)\nr(X) :- q(X).")
    assert reply.blocks[0].style == "error"
    assert reply.text.splitlines() == [
        "<input 1>:2:1: error: unexpected 'r' (missing '.' at the end of the previous rule or fact)",
        "  | r(X) :- q(X).",
        "  | ^",
        "  expected one of: ',', '.'",
    ]
    assert console.session == []
    assert "added #1" in console.handle("p(a).").text  # the console goes on


def test_an_unsafe_rule_is_refused_with_a_caret(console: Console) -> None:
    text = console.handle("bad(X, Y) :- state(X).").text
    assert "error: unsafe variable 'Y'" in text and "  |        ^" in text
    assert console.session == []


def test_a_rule_with_an_unknown_predicate_is_refused_with_a_guess(console: Console) -> None:
    reply = console.handle("friend(X) :- mediation_ofer(X, _, _).")
    assert reply.blocks[0].style == "error"
    assert "predicate 'mediation_ofer/3' is not defined" in reply.text
    assert "did you mean 'mediation_offer/3'?" in reply.text and "  |              ^^^^" in reply.text
    assert console.session == []


def test_a_fact_with_variables_or_a_conjunction_is_a_query(console: Console) -> None:
    console.handle(SENTENCE)
    assert "hungary" in console.handle("mediation_offer(M, ukraine, russia).").text
    assert "1 row" in console.handle("mediation_offer(M, A, B), A < B.").text
    assert console.session == []


def test_rules_lists_session_and_loaded_rules(console: Console) -> None:
    console.handle("peacemaker(M) :- mediation_offer(M, _, _).")
    text = console.handle(":rules").text
    assert "session rules (1):\n  #1   peacemaker(M) :- mediation_offer(M, _, _)." in text
    assert re.search(r"loaded from rules/ \(\d+\):", text) and "mediation.dl:6  mediation_offer(M, A, B) :-" in text
    filtered = console.handle(":rules member_mediator").text
    assert "member_mediator(M, O) :-" in filtered and "aligned" not in filtered


def test_retract_a_session_rule_by_number_or_text(console: Console) -> None:
    console.handle("p(a). p(b).")
    reply = console.handle(":retract 1")
    assert "retracted #1: p(a)." in reply.text and "-1 conclusion\n  - p(a)" in reply.text
    assert "retracted #2: p(b)." in console.handle(":retract p(b)").text
    assert "there are no session rules" in console.handle(":retract 7").text
    console.handle("p(c).")
    assert "no session rule #9" in console.handle(":retract #9").text
    assert "no session rule is 'p(d).'" in console.handle(":retract p(d).").text


def test_save_and_load_session_rules(console: Console, tmp_path: Path) -> None:
    console.handle("@prefix ex: <http://example.org/> .")
    console.handle("key(ex:e1).\nsafe(X) :- key(X).")
    target = tmp_path / "session.dl"
    assert f"saved 2 session rules to {target}" in console.handle(f":save {target}").text
    program = load_program([target])
    assert len(program.rules) == 2 and ("ex", "http://example.org/") in program.prefixes
    console.handle(":retract 1")
    console.handle(":retract 2")
    reply = console.handle(f":load {target}")
    assert f"loaded 2 rules from {target}" in reply.text and "+ safe(ex:e1)" in reply.text


def test_load_a_document_and_a_missing_file(console: Console, tmp_path: Path) -> None:
    doc = tmp_path / "news.txt"
    doc.write_text("date: 2022-02-04\n\nErdogan offered to mediate between Ukraine and Russia.\n")
    reply = console.handle(f":load {doc}")
    assert "1 of 1 sentences understood" in reply.text
    assert "+ mediation_offer(turkey, ukraine, russia)" in reply.text
    assert "no such file" in console.handle(f":load {tmp_path / 'nope.txt'}").text


# -- questions -------------------------------------------------------------------------------
def test_a_query_about_an_unknown_predicate_gets_a_guess(console: Console) -> None:
    reply = console.handle("?- mediation_ofer(M, A, B).")
    assert "predicate 'mediation_ofer/3' is not defined" in reply.text
    assert "did you mean 'mediation_offer/3'?" in reply.text


def test_a_malformed_query_shows_a_caret(console: Console) -> None:
    text = console.handle("?- aligned(X, ).").text
    assert "<query>:1:15: error: unexpected ')'" in text and "  |               ^\n" in text


def test_sparql_select_ask_construct(console: Console) -> None:
    console.handle(SENTENCE)
    select = console.handle("SELECT ?m WHERE { ?e voc:event_type concept:mediation_offer ; voc:actor ?m }")
    assert "ent:hungary" in select.text and "1 row" in select.text
    assert console.handle("ASK { ent:hungary a voc:State }").text == "yes"
    construct = console.handle("CONSTRUCT { ?m voc:offers ?e } WHERE { ?e voc:actor ?m }")
    assert "ent:hungary voc:offers" in construct.text


def test_malformed_sparql_shows_a_caret_and_updates_are_refused(console: Console) -> None:
    text = console.handle("SELECT ?m WHERE { ?m voc:actor }").text
    assert "malformed SPARQL query" in text and "^" in text
    assert "SPARQL Update is not allowed" in console.handle("INSERT DATA { <a> <b> <c> }").text


# -- commands --------------------------------------------------------------------------------
def test_export_turtle_contains_the_mediation(console: Console, tmp_path: Path) -> None:
    console.handle(SENTENCE)
    target = tmp_path / "x.ttl"
    assert f"wrote {target} (turtle" in console.handle(f":export {target}").text
    graph = Graph().parse(target, format="turtle")
    offers = set(graph.subjects(VOC.arg1, ENT.hungary))
    assert any(URIRef(VOC.MediationOffer) in set(graph.objects(o, None)) for o in offers)
    assert "unknown export format" in console.handle(f":export {target} yaml").text


def test_explain_shows_the_supporting_sentence(console: Console) -> None:
    pytest.importorskip("reasoner.explain")
    console.handle(SENTENCE)
    text = console.handle(":explain mediation_offer(hungary, ukraine, russia)").text
    assert "mediation_offer(hungary, ukraine, russia)" in text
    assert SENTENCE in text
    assert "does not hold" in console.handle(":explain aligned(hungary, russia)").text


def test_engine_command(console: Console) -> None:
    assert "engine: clingo (available: clingo" in console.handle(":engine").text
    assert "did you mean" in console.handle(":engine clingoo").text.lower()
    assert console.engine == "clingo"


def test_help_unknown_commands_and_quit(console: Console) -> None:
    text = console.handle(":help").text
    for name in ("explain", "rules", "retract", "load", "save", "engine", "export", "quit"):
        assert f":{name}" in text
    assert "did you mean :explain?" in console.handle(":explian x").text
    assert console.handle(":quit").quit and console.handle(":q").quit
    assert not console.handle(":help").quit


# -- robustness ------------------------------------------------------------------------------
def test_ctrl_c_during_inference_leaves_everything_as_it_was(console: Console,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = dict(console.conclusions)

    def interrupted(program: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(console, "infer", interrupted)
    assert console.handle("p(a).").text == "interrupted; nothing changed"
    monkeypatch.setattr(console.live.model, "apply", lambda *_: interrupted(None))
    assert console.handle(SENTENCE).text == "interrupted; nothing changed"
    assert console.kb.documents() == [] and console.session == [] and console.sentences == []
    assert console.conclusions == before
    inferred = console.kb.export(format="nquads", graph="inferred")
    monkeypatch.undo()  # the half-updated model was dropped: the next change recomputes
    assert "+16 conclusions" in console.handle(SENTENCE).text
    assert console.handle(":retract").text.count("-16 conclusions") == 1
    assert console.kb.export(format="nquads", graph="inferred") == inferred


def test_an_unexpected_error_is_one_line(console: Console, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    def broken(text: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(console, "ask", broken)
    reply = console.handle("?- p(X).")
    assert reply.text == "internal error: ValueError: boom (details in the log)"
    assert "console entry failed" in caplog.text


def test_handle_starts_the_session_itself(kb: KnowledgeBase) -> None:
    console = Console(kb, timeout=None)
    reply = console.handle(":engine")
    assert re.search(r"\d+ rules, 0 documents", reply.text) and "engine: clingo" in reply.text


def test_with_an_engine_time_limit_the_engine_runs_in_a_child(kb: KnowledgeBase) -> None:
    console = Console(kb, timeout=30.0)
    assert "+ mediation_offer(hungary, ukraine, russia)" in console.handle(SENTENCE).text
