"""The command line as a user drives it: real commands, real stores, clear errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from reasoner.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "2022-02-04-russia-china-united-front.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = str(tmp_path_factory.mktemp("cli") / "store")
    assert main(["--store", store, "ingest", "-q", str(SEEDS)]) == 0
    assert main(["--store", store, "infer"]) == 0
    return store


def test_ingest_prints_a_coverage_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", str(tmp_path / "s"), "ingest", str(SEEDS))
    assert code == 0
    assert "25 of 25 sentences understood" in out


def test_extract_jsonl_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SEED), "--format", "jsonl")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    keys = {"doc", "sentence", "text", "type", "actors", "targets", "date", "place", "condition",
            "modality", "cameo"}
    assert all(keys <= set(e) for e in events)
    meeting = next(e for e in events if e["type"] == "meeting" and e["date"] == "2022-02-04")
    assert {a["label"] for a in meeting["actors"] + meeting["targets"]} == {"Vladimir Putin", "Xi Jinping"}
    assert {a["country"] for a in meeting["actors"] + meeting["targets"]} == {"russia", "china"}
    assert meeting["place"] == "Beijing" and meeting["cameo"] == "040"


def test_export_is_byte_identical_across_processes(seeded_store: str) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-m", "reasoner", "--store", seeded_store, "export",
                               "--format", "turtle"], capture_output=True, env=env, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10_000


@pytest.mark.parametrize("fmt, rdflib_format", [
    ("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld"),
])
def test_every_export_format_parses_back_isomorphic(seeded_store: str, fmt: str, rdflib_format: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", seeded_store, "export", "--format", fmt)
    assert code == 0
    code, reference, _ = run(capsys, "--store", seeded_store, "export", "--format", "nquads")
    expected = Dataset()
    expected.parse(data=reference, format="nquads")
    if fmt in ("turtle", "nt"):
        parsed = Graph().parse(data=out, format=rdflib_format)
        union = Graph()
        for s, p, o, _ in expected.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(parsed, union)
    else:
        parsed_ds = Dataset()
        parsed_ds.parse(data=out, format=rdflib_format)
        names = {g.identifier for g in expected.graphs() if len(g)}
        assert names == {g.identifier for g in parsed_ds.graphs() if len(g)}
        for name in names:
            assert isomorphic(parsed_ds.graph(name), expected.graph(name)), name


def test_query_finds_the_putin_xi_meeting_with_date_and_sentence(
        seeded_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    sparql = """
        SELECT ?date ?number ?text WHERE {
          ?e voc:event_type concept:meeting ; voc:actor|voc:target ent:vladimir_putin ;
             voc:actor|voc:target ent:xi_jinping ; voc:date ?date ; prov:wasDerivedFrom ?s .
          ?s voc:sentence_number ?number ; prov:value ?text .
        }"""
    code, out, _ = run(capsys, "--store", seeded_store, "query", sparql, "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    dated = [r for r in rows if r["date"]["value"] == "2022-02-04"]
    assert any(r["text"]["value"].startswith("Xi and Putin, who was in Beijing") for r in dated)


def test_construct_prints_turtle_with_the_project_prefixes(
        seeded_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", seeded_store, "query",
                       "CONSTRUCT { ?x voc:aligned ?y } WHERE { ?x voc:aligned ?y }")
    assert code == 0
    assert "ent:china voc:aligned ent:russia ." in out and "ns1:" not in out
    assert len(Graph().parse(data=out, format="turtle")) == 4


def test_ask_prints_a_table_and_csv(seeded_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", seeded_store, "ask", "aligned(russia, X)")
    assert code == 0 and "china" in out
    code, out, _ = run(capsys, "--store", seeded_store, "ask", "aligned(X, Y), X < Y", "--format", "csv")
    assert out.splitlines()[0] == "X,Y" and "china,russia" in out.splitlines()
    code, out, _ = run(capsys, "--store", seeded_store, "ask", "aligned(ukraine, china)")
    assert code == 1 and out.strip() == "no"


def snapshot(store: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "--store", store, "export", "--format", "nquads")
    assert code == 0
    return out


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "no such file"),
    ("binary.txt", b"\x00\x01\x02\xff", "binary file"),
    ("empty.txt", b"", "is empty"),
    ("verb.txt", "Putin mett Xi in Beijing.\n".encode(), "did you mean 'met'"),
])
def test_bad_input_is_one_clear_error_and_leaves_the_store_unchanged(
        seeded_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str, content: bytes | None, message: str) -> None:
    before = snapshot(seeded_store, capsys)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "--store", seeded_store, "ingest", str(path))
    assert code == 1
    assert message in err and "Traceback" not in err
    assert str(path) in err.splitlines()[0]
    assert snapshot(seeded_store, capsys) == before


def test_strict_refuses_a_document_with_any_sentence_not_understood(
        seeded_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(seeded_store, capsys)
    path = tmp_path / "mixed.txt"
    path.write_text("Macron visited Kyiv on February 3.\nPutin mett Xi.\n")
    code, _, err = run(capsys, "--store", seeded_store, "ingest", "--strict", "--date", "2022-02-04", str(path))
    assert code == 1 and "mixed.txt:2:7" in err and "^^^^" in err
    assert snapshot(seeded_store, capsys) == before


def test_malformed_sparql_is_one_clear_error(seeded_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--store", seeded_store, "query", "SELECT ?x WHERE { ?x voc:aligned }")
    assert code == 1 and out == ""
    assert err.startswith("<query>:1:") and "malformed SPARQL query" in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["ask", "aligned(X, Y"], "error"),
    (["infer", "--engine", "clingp"], "Did you mean clingo"),
    (["infer", "--rules", "/nonexistent/rules"], "no such rule file"),
    (["ingest", "--date", "2022-13-45", "x.txt"], "invalid date"),
    (["export", "--format", "xml"], "Invalid value"),
])
def test_user_errors_never_show_a_traceback(seeded_store: str, capsys: pytest.CaptureFixture[str],
                                            args: list[str], message: str) -> None:
    code, _, err = run(capsys, "--store", seeded_store, *args)
    assert code != 0
    assert message.lower() in err.lower() and "Traceback" not in err


def test_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "reasoner", "--store", str(tmp_path / "s"), "ingest",
                           str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().endswith("no such file or folder") and "Traceback" not in done.stderr


def test_repl_takes_the_rule_options_of_the_other_commands(tmp_path: Path) -> None:
    """`reasoner repl --rules FILE` adds to the shipped rules, as infer and ask do (it was a
    TypeError); --replace-rules without --rules is one line, exit 1."""
    rules = tmp_path / "mine.dl"
    rules.write_text("ally(X, Y) :- aligned(X, Y).\n")
    command = [sys.executable, "-m", "reasoner", "--store", "memory", "repl"]
    entries = "Chile and Peru signed a joint statement.\n?- ally(X, Y).\n:quit\n"
    done = subprocess.run([*command, "--rules", str(rules)], input=entries,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr and "2 rows" in done.stdout
    bad = subprocess.run([*command, "--replace-rules"], input="", capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and bad.stderr.strip() == \
        "error: --replace-rules needs --rules FILE: with neither there are no rules"
