"""The console follows sentences incrementally: after any sequence of changes its conclusions,
its answers and the ``inferred`` graph are those a full inference gives."""

from __future__ import annotations

import pytest

import reasoner
from reasoner.rdf.namespaces import INFERRED_GRAPH
from reasoner.repl import Console
from reasoner.resources import seeds_dir

CHANGES = [
    "Hungary offered to mediate between Ukraine and Russia.",
    "Poland and Hungary issued a joint statement.",
    "The United States threatened Hungary with sanctions if Hungary invades Poland.",
    ":retract",
    "Turkey is a member of NATO.",
    "Viktor Orban met Xi Jinping in Beijing on February 5.",
    ":retract",
    ":retract",
]


@pytest.fixture(params=["memory", "oxigraph"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Console:
    spec = "memory" if request.param == "memory" else str(tmp_path_factory.mktemp("store"))
    kb = reasoner.open(spec)
    kb.ingest_files([seeds_dir()])
    console = Console(kb, timeout=None, date="2022-02-04")
    console.start()
    return console


def full(console: Console) -> tuple[dict, str]:
    """What a full inference by the engine gives now, and the inferred graph it writes: the
    console keeps the whole model, helpers included (``write="all"``), and writes what
    ``infer`` writes (the declared outputs)."""
    report = console.kb.infer(program=console.program(), write="all")
    console.kb.infer(program=console.program())
    return report.derived.facts, console.kb.export(format="nquads", graph="inferred")


def test_each_change_is_followed_incrementally_and_agrees_with_a_full_inference(seeded: Console) -> None:
    for entry in CHANGES:
        reply = seeded.handle(entry)
        assert "error" not in reply.text.lower(), reply.text
        assert seeded.live.model is not None  # followed, not recomputed
        kept = seeded.kb.export(format="nquads", graph="inferred")
        conclusions, written = full(seeded)
        assert seeded.conclusions == conclusions, entry
        assert kept == written, entry


def test_the_delta_names_what_changed(seeded: Console) -> None:
    reply = seeded.handle("Hungary offered to mediate between Ukraine and Russia.")
    assert "+ mediation_offer(hungary, ukraine, russia)" in reply.text
    reply = seeded.handle(":retract")
    assert "- mediation_offer(hungary, ukraine, russia)" in reply.text


def test_answers_come_from_the_kept_model_and_match_the_engine(seeded: Console) -> None:
    seeded.handle("Poland and Hungary issued a joint statement.")
    for query in ("aligned(X, Y)", "aligned(russia, china)", "opposes(X, russia), not aligned(X, uk)",
                  "state(X), N = count { E : actor(E, X) }, N > 1",
                  # predicates no rule mentions: not kept, read when asked
                  "sentence_number(S, N), N > 20", "event_type(E, meeting), date(E, D)",
                  "party(E, hungary), attributed_to(E, W)"):
        mine = seeded.live.ask(query)
        engine = seeded.kb.ask(query, program=seeded.program())
        assert (mine.columns, mine.rows) == (engine.columns, engine.rows), query


def test_the_kept_model_holds_only_what_the_rules_can_use(seeded: Console) -> None:
    assert "actor" in seeded.live.model.edb and "sentence_number" not in seeded.live.model.edb


def test_a_large_change_runs_the_engine(seeded: Console, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reasoner.live.MAX_INCREMENTAL_FACTS", 3)
    runs = []
    recompute = seeded.live.recompute
    monkeypatch.setattr(seeded.live, "recompute", lambda *a: runs.append(a) or recompute(*a))
    reply = seeded.handle("Hungary offered to mediate between Ukraine and Russia.")
    assert "+12 conclusions" in reply.text and len(runs) == 1
    assert seeded.conclusions == full(seeded)[0]


def test_inferred_graph_untouched_if_the_store_write_fails(seeded: Console,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.errors import StoreError

    before = seeded.kb.export(format="nquads", graph="all")

    def failing(*_: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(seeded.kb.store, "update_graph", failing)
    reply = seeded.handle("Hungary offered to mediate between Ukraine and Russia.")
    assert "disk full" in reply.text
    assert seeded.kb.export(format="nquads", graph="all") == before
    monkeypatch.undo()
    assert "+12 conclusions" in seeded.handle("Hungary offered to mediate between Ukraine and Russia.").text
    assert seeded.conclusions == full(seeded)[0]


def test_an_rdf_file_with_graphs_of_its_own_runs_the_engine(seeded: Console, tmp_path) -> None:
    trig = tmp_path / "extra.trig"
    trig.write_text("""@prefix voc: <https://w3id.org/reasoner/vocab#> .
@prefix ent: <https://w3id.org/reasoner/id/> .
@prefix concept: <https://w3id.org/reasoner/concept/> .
<https://w3id.org/reasoner/graph/elsewhere> {
  <urn:e1> voc:event_type concept:joint_statement ; voc:actor ent:poland , ent:hungary .
}
""", encoding="utf-8")
    seeded.handle(f":load {trig}")
    assert seeded.conclusions == full(seeded)[0]
    assert ("hungary", "poland") in {(str(a), str(b)) for a, b in seeded.conclusions.get("aligned", ())}
