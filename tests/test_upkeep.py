"""Conclusions follow the data: ingest and retract keep the inferred graph current in the same
write (incrementally when they can), and readers say when it is stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import reasoner
from reasoner.cli import main
from reasoner.errors import InputError, StoreError
from reasoner.resources import rules_dir, seeds_dir
from reasoner.upkeep import Mark

NEW = "Sudan accused Ethiopia of amassing troops near the border.\n"
ASK = "ASK { ent:sudan voc:opposes ent:ethiopia }"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def full_inference(kb: reasoner.KnowledgeBase, rules: list[Path] | None = None) -> str:
    """The inferred graph a fresh inference gives over the same documents."""
    fresh = reasoner.open("memory")
    for graph in kb.graphs("documents"):
        fresh.store.replace_graphs({graph: list(kb.store.triples(graph))})
    fresh.infer(rules=rules)
    return fresh.export(format="nquads", graph="inferred")


def test_query_sees_new_conclusions_and_loses_retracted_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    new = tmp_path / "border.txt"
    new.write_text(NEW)
    assert run(capsys, "--store", store, "ingest", "-q", str(seeds_dir()))[0] == 0
    assert run(capsys, "--store", store, "infer")[0] == 0
    assert run(capsys, "--store", store, "query", ASK)[1].strip() == "false"

    code, out, err = run(capsys, "--store", store, "ingest", "--date", "2022-02-04", str(new))
    # the shipped rules declare their outputs, so the helpers a model would need are not stored:
    # the conclusions are recomputed (a rule file without .output is followed incrementally)
    assert code == 0 and "conclusions recomputed: +" in out
    code, out, err = run(capsys, "--store", store, "query", ASK)
    assert (code, out.strip(), err) == (0, "true", "")
    with reasoner.open(store) as kb:  # the same conclusions a full inference gives
        assert kb.export(format="nquads", graph="inferred") == full_inference(kb)

    code, out, err = run(capsys, "--store", store, "retract", "border")
    assert code == 0 and "retracted border" in out and re.search(r"-\d+ derived facts", out)
    code, out, err = run(capsys, "--store", store, "query", ASK)
    assert (code, out.strip(), err) == (0, "false", "")

    assert run(capsys, "--store", store, "ingest", "--no-infer", "--date", "2022-02-04", str(new))[0] == 0
    code, out, err = run(capsys, "--store", store, "query", ASK)
    assert code == 0 and out.strip() == "false"
    assert err.count("\n") == 1 and "out of date: 1 document added" in err
    for reader in (["export", "--format", "nt"], ["graph", "-o", str(tmp_path / "g.svg")]):
        assert "out of date" in run(capsys, "--store", store, *reader)[2], reader
    assert run(capsys, "--store", store, "infer")[0] == 0
    code, out, err = run(capsys, "--store", store, "query", ASK)
    assert (out.strip(), err) == ("true", "")


def every_head_written(folder: Path) -> list[Path]:
    """The shipped rules without their .output lines: every derived predicate is stored."""
    folder.mkdir()
    for path in sorted(rules_dir().glob("*.dl")):
        lines = [l for l in path.read_text().splitlines() if not l.lstrip().startswith(".output")]
        (folder / path.name).write_text("\n".join(lines) + "\n")
    return [folder]


def test_incremental_upkeep_equals_a_full_inference_over_many_changes(tmp_path: Path) -> None:
    rules = every_head_written(tmp_path / "rules")
    kb = reasoner.open("memory")
    kb.ingest_files([seeds_dir()])
    kb.infer(rules=rules)
    steps = [
        ("a", "Hungary offered to mediate between Ukraine and Russia."),
        ("b", "Russia and Belarus signed a joint statement on February 9."),
        ("a", "Hungary accused Russia of amassing troops near Ukraine."),  # a changed document
    ]
    for doc_id, text in steps:
        kb.ingest(text, doc_id=doc_id, date="2022-02-10", replace=True)
        assert kb.last_upkeep is not None and kb.last_upkeep.incremental
        assert kb.export(format="nquads", graph="inferred") == full_inference(kb, rules)
        assert kb.staleness() is None
    kb.retract(["b", "a"])
    assert kb.export(format="nquads", graph="inferred") == full_inference(kb, rules)


def test_a_store_without_a_mark_is_recomputed_then_followed(tmp_path: Path) -> None:
    rules = every_head_written(tmp_path / "rules")
    with reasoner.open(str(tmp_path / "s")) as kb:
        kb.ingest_files([seeds_dir()], infer=False)
        assert "no inference has been recorded" in (kb.staleness() or "")
        kb.ingest("Hungary offered to mediate between Ukraine and Russia.", doc_id="h")
        assert kb.last_upkeep is not None and not kb.last_upkeep.incremental
        assert kb.staleness() is None
        kb.infer(rules=rules)  # the mark now names rules whose every conclusion is stored
    with reasoner.open(str(tmp_path / "s")) as kb:  # another process: the mark is in the store
        assert Mark.read(kb.store) is not None
        kb.retract(["h"])
        assert kb.last_upkeep is not None and kb.last_upkeep.incremental
        assert not kb.ask("mediation_offer(hungary, ukraine, russia)").holds
        assert kb.export(format="nquads", graph="inferred") == full_inference(kb, rules)


def test_a_failed_write_leaves_documents_and_conclusions_as_they_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with reasoner.open(str(tmp_path / "s")) as kb:
        kb.ingest_files([seeds_dir()])
        before = kb.export(format="nquads")

        def broken(*_: object) -> None:
            raise StoreError("the disk is full")

        monkeypatch.setattr(kb.store, "write", broken)
        with pytest.raises(StoreError):
            kb.ingest("Hungary offered to mediate between Ukraine and Russia.", doc_id="h")
        assert kb.export(format="nquads") == before and kb.staleness() is None


def test_changed_rule_files_make_conclusions_stale_and_ingest_uses_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    store = str(tmp_path / "store")
    assert run(capsys, "--store", store, "ingest", "-q", str(seeds_dir()))[0] == 0
    assert run(capsys, "--store", store, "infer", "--rules", str(rules))[0] == 0
    extra = rules / "extra.dl"
    extra.write_text("friendly(X, Y) :- aligned(X, Y).\n")
    code, _, err = run(capsys, "--store", store, "query", "ASK { ?x voc:friendly ?y }")
    assert "the rules (" in err and "changed" in err
    assert run(capsys, "--store", store, "infer", "--rules", str(rules))[0] == 0
    new = tmp_path / "joint.txt"
    new.write_text("Russia and Belarus signed a joint statement on February 9.\n")
    assert run(capsys, "--store", store, "ingest", "--date", "2022-02-10", str(new))[0] == 0
    code, out, err = run(capsys, "--store", store, "query", "ASK { ent:belarus voc:friendly ent:russia }")
    assert (out.strip(), err) == ("true", "")


def test_retracting_an_unknown_document_is_one_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert run(capsys, "--store", store, "ingest", "-q", str(seeds_dir()))[0] == 0
    code, _, err = run(capsys, "--store", store, "retract", "2022-02-04-russia-china")
    assert code == 1 and "no document '2022-02-04-russia-china'" in err and "Traceback" not in err
    with pytest.raises(InputError, match="no document"):
        reasoner.open("memory").retract(["x"])
