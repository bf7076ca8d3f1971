"""Event tables through the command line: ingest a GDELT file, ask and explain citing its rows,
export the events as a table and read that table back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reasoner.cli import main

from .conftest import coded, write_gdelt

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EGY, ETH, SDN = ("EGYGOV", "EGYPT", "EGY"), ("ETHGOV", "ETHIOPIA", "ETH"), ("SDNGOV", "SUDAN", "SDN")
USA = ("USAGOV", "UNITED STATES", "USA")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def gdelt_file(tmp_path: Path) -> Path:
    return write_gdelt(
        tmp_path / "20240301.export.CSV",
        coded("7001", "20240301", EGY, "1121", ETH, url="https://example.org/dam-1", goldstein="-2.0"),
        coded("7002", "20240302", USA, "0431", EGY, url="https://example.org/dam-2"),
        coded("7003", "20240303", SDN, "190", ETH, url="https://example.org/dam-3"),
        coded("7004", "2024033", SDN, "040", ETH))


def test_ingest_gdelt_then_ask_and_explain_cite_the_row(tmp_path: Path, gdelt_file: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    code, out, err = run(capsys, "--store", store, "ingest", "--format", "gdelt", str(gdelt_file))
    assert code == 0
    assert "2 of 4 rows stored as events" in out and "1 row not read" in out
    assert "CAMEO codes outside the event model (190 ×1)" in out
    assert f"{gdelt_file}:4:1: error: row not read: bad date '2024033'" in err
    assert run(capsys, "--store", store, "ask", "opposes(egypt, ethiopia)")[1].strip() == "yes"
    _, why, _ = run(capsys, "--store", store, "explain", "opposes(egypt, ethiopia)")
    why = " ".join(why.split())  # the tree wraps long lines
    assert "line 1: GLOBALEVENTID=7001" in why and "https://example.org/dam-1" in why
    _, rows, _ = run(capsys, "--store", store, "query", "--format", "csv",
                     "SELECT ?id ?url WHERE { ?s a voc:Sentence ; dcterms:identifier ?id ; dcterms:source ?url } ORDER BY ?id")
    assert rows.splitlines()[1:] == ["7001,https://example.org/dam-1", "7002,https://example.org/dam-2"]
    _, kept, _ = run(capsys, "--store", store, "ask", "--format", "csv", "cameo(E, C)")
    codes = {line.rsplit("/", 1)[-1] for line in kept.splitlines()[1:]}
    assert {"1121", "0431"} <= codes  # the rows' own codes, kept


def test_the_layout_is_recognised_without_format(tmp_path: Path, gdelt_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", "memory", "ingest", str(gdelt_file))
    assert code == 0 and "rows stored as events" in out


def test_strict_refuses_a_table_with_a_bad_row_and_stores_nothing(tmp_path: Path, gdelt_file: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    code, _, err = run(capsys, "--store", store, "ingest", "--strict", str(gdelt_file))
    assert code == 1 and "row not read: bad date" in err and "Traceback" not in err
    _, out, _ = run(capsys, "--store", store, "query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?e a voc:Event }")
    assert out.splitlines()[1] == "0"


def test_a_csv_of_unknown_shape_gets_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text("Day,Who,Whom,Code\n2023-02-01,Ghana,Togo,042\n", encoding="utf-8")
    code, _, err = run(capsys, "--store", "memory", "ingest", str(sheet))
    assert code == 1 and "--map FIELD=COLUMN" in err
    code, out, _ = run(capsys, "--store", "memory", "ingest", "--format", "csv", "--map", "date=Day",
                       "--map", "actor=Who", "--map", "target=Whom", "--map", "code=Code", str(sheet))
    assert code == 0 and "1 of 1 row stored as events" in out
    code, _, err = run(capsys, "--store", "memory", "ingest", "--format", "csv", "--map", "Day", str(sheet))
    assert code == 1 and "expected FIELD=COLUMN" in err


def _events(table: str) -> list[tuple[str, ...]]:
    keys = ("type", "cameo", "actor_iris", "target_iris", "date", "place_iri", "condition", "modality")
    return sorted(tuple(row[k] for k in keys) for row in csv.DictReader(io.StringIO(table)))


def test_an_exported_events_table_reads_back_as_the_same_events(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert run(capsys, "--store", first, "ingest", "-q", str(SEEDS))[0] == 0
    table = tmp_path / "seed-events.csv"
    assert run(capsys, "--store", first, "export", "--format", "events-csv", "-o", str(table))[0] == 0
    _, again, _ = run(capsys, "--store", first, "export", "--format", "events-csv")
    assert again == table.read_text(encoding="utf-8")  # deterministic
    code, out, _ = run(capsys, "--store", second, "ingest", "--format", "csv", str(table))
    assert code == 0 and "0 rows not read" not in out and "not read" not in out
    _, back, _ = run(capsys, "--store", second, "export", "--format", "events-csv")
    assert _events(back) == _events(table.read_text(encoding="utf-8")) and len(_events(back)) > 20
    for question in ("mediation_offer(M, A, B)", "opposes(X, Y)", "aligned(X, Y)", "contact(X, Y)"):
        answers = [run(capsys, "--store", s, "ask", "--format", "csv", question)[1] for s in (first, second)]
        assert answers[0] == answers[1], question


def test_events_jsonl_carries_iris_codes_sentence_and_paraphrase(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    run(capsys, "--store", store, "ingest", "-q", str(SEEDS))
    _, out, _ = run(capsys, "--store", store, "export", "--format", "events-jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    mediation = next(r for r in records if r["type"] == "mediation_offer")
    assert mediation["event"].startswith("https://w3id.org/reasoner/event/")
    assert mediation["cameo"] == "039" and mediation["actors"][0]["code"] == "TUR"
    assert mediation["text"] and mediation["paraphrase"].endswith(".") and mediation["sentence"] >= 1


def test_extract_csv_has_the_columns_ingest_reads(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", "--format", "csv", "-q", str(next(SEEDS.glob("*.txt"))))
    header = out.splitlines()[0].split(",")
    assert code == 0 and {"event", "actor_iris", "actor_codes", "text", "paraphrase"} <= set(header)


def test_rules_and_queries_know_the_store_prefixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    run(capsys, "--store", store, "ingest", "-q", str(SEEDS))
    bare = run(capsys, "--store", store, "ask", "--format", "csv", "actor(E, russia)")[1]
    prefixed = run(capsys, "--store", store, "ask", "--format", "csv", "actor(E, ent:russia)")[1]
    assert bare == prefixed and len(bare.splitlines()) > 2
    rules = tmp_path / "visits.dl"
    rules.write_text("visitor(X) :- cameo(E, cameo:042), actor(E, X).\n", encoding="utf-8")
    code, out, err = run(capsys, "--store", store, "ask", "--rules", str(rules), "--format", "csv", "visitor(X)")
    assert code == 0 and "vladimir_putin" in out.splitlines()[1:], err


def test_ask_json_tells_symbols_from_strings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    run(capsys, "--store", store, "ingest", "-q", str(SEEDS))
    _, out, _ = run(capsys, "--store", store, "ask", "--format", "json", "label(X, L), X = russia")
    (binding,) = json.loads(out)["results"]["bindings"]
    assert binding["X"] == {"type": "uri", "value": "https://w3id.org/reasoner/id/russia"}
    assert binding["L"]["type"] == "literal" and binding["L"]["value"] == "Russia"
