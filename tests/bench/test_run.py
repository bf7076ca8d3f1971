"""A smoke run of the benchmark runner at a tiny size: the JSON shape, never the timings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.run import ROW_KEYS, main  # noqa: E402


def test_quick_run_at_a_tiny_size_writes_one_row_per_stage(tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    # a generous stage limit: the shape is tested here, and the reader stage alone takes ~14 s
    # idle (spaCy's load and 1 MB of text), near the quick run's 20 s on a loaded machine
    assert main(["--quick", "--sizes", "40", "--engines", "clingo", "--limit", "300", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["stage"] == "machine" and rows[0]["nproc"] >= 1
    stages = [r["stage"] for r in rows[1:]]
    assert stages == ["reader", "parse", "load", "store", "table", "floor", "infer", "agreement", "query"]
    for row in rows[1:]:
        assert set(ROW_KEYS) <= set(row)
        assert row["size"] == (0 if row["stage"] == "reader" else 40) and row["status"] == "ok", row
        assert isinstance(row["load"], list) and len(row["load"]) == 3
    by_stage = {r["stage"]: r for r in rows[1:]}
    reading = by_stage["reader"]
    assert reading["sentences"] >= 100 and reading["sentences_per_s"] > 0 and reading["sentences_per_s_no_ner"] > 0
    assert reading["controlled_sentences_per_s"] > 0 and reading["pipeline_rss_mib"] > 0
    assert "longer than" in reading["long_input_report"] and reading["long_input_s"] > 0
    assert by_stage["parse"]["sentences_per_s"] > 0
    assert by_stage["store"]["triples_per_s"] > 0 and by_stage["store"]["batch_triples_per_s"] > 0
    assert by_stage["store"]["batch_documents"] >= 1
    table = by_stage["table"]
    assert table["rows_per_s"] > 0 and table["read_rows_per_s"] > 0 and 0 < table["events"] <= 40
    assert table["derived"] > 0
    assert by_stage["load"]["triples_per_s"] > 0 and by_stage["load"]["cached"] is False
    assert by_stage["infer"]["engine"] == "clingo" and by_stage["infer"]["engine_version"]
    assert by_stage["infer"]["derived"] == by_stage["floor"]["derived"] > 0
    assert by_stage["agreement"]["agrees"] is True
    assert by_stage["query"]["query_median_ms"] >= 0 and by_stage["query"]["query_p95_ms"] >= 0
    for stage in ("parse", "load", "floor", "store", "infer", "query"):
        assert by_stage[stage]["peak_rss_mib"] > 0


def test_stages_selects_what_runs_and_unknown_stages_are_refused(tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    assert main(["--quick", "--sizes", "30", "--engines", "duckdb", "--stages", "infer",
                 "--limit", "300", "--out", str(out)]) == 0
    stages = [json.loads(line)["stage"] for line in out.read_text().splitlines()]
    assert stages == ["machine", "load", "infer", "agreement"]
    capsys.readouterr()
    try:
        main(["--stages", "infer,inference"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "unknown stage inference" in capsys.readouterr().err
