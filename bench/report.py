"""Turn benchmark rows (JSON lines) into the Markdown table of bench/README.md.

    python -m bench.report bench/results/*.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HEADER = ("| size | stage | engine | path | status | result | seconds | peak RSS MiB | load (1 min) |\n"
          "|---:|---|---|---|---|---|---:|---:|---:|")


def result(row: dict[str, Any]) -> str:
    """The row's headline number, by stage."""
    stage = row["stage"]
    if row.get("status") != "ok":
        return row.get("note") or ""
    if stage == "parse":
        return f"{row['sentences_per_s']:,.0f} sentences/s ({row['sentences']:,} sentences)"
    if stage == "reader":
        return (f"news {row['sentences_per_s']:,.0f} sentences/s per core ({row['sentences_per_s_no_ner']:,.0f} "
                f"without NER), controlled {row['controlled_sentences_per_s']:,.0f}/s, pipeline "
                f"{row['pipeline_rss_mib']} MiB, 1 MB without a full stop {row['long_input_s']} s")
    if stage == "store":
        sample = f", {row['note']}" if row.get("note") else ""
        batch = (f"; all {row['batch_documents']:,} in one write {row['batch_triples_per_s']:,.0f} triples/s"
                 if row.get("batch_triples_per_s") else "")
        return f"{row['triples_per_s']:,.0f} triples/s a document at a time ({row['triples']:,} triples{sample}{batch})"
    if stage == "load":
        cached = ", built by an earlier run" if row.get("cached") else ""
        return (f"{row['triples_per_s']:,.0f} triples/s ({row['triples']:,} triples; rendering "
                f"{row['render_s']} s of it{cached})")
    if stage in ("infer", "floor"):
        start = f"start {row['start_s']} + " if row.get("start_s") is not None else ""
        extra = (f" ({start}read {row['read_s']} + reason {row['reason_s']} + write {row['write_s']})"
                 if "read_s" in row else "")
        return f"{row['derived']:,} derived{extra}"
    if stage == "derive":
        return f"{row['derived']:,} derived (reason {row['reason_s']} + bulk write {row['write_s']})"
    if stage == "agreement":
        return "all agree" if row["agrees"] else row.get("note") or "differ"
    if stage == "query":
        scoped = f", scoped to graphs {row['scoped_median_ms']} ms" if "scoped_median_ms" in row else ""
        return (f"median {row['query_median_ms']} ms, p95 {row['query_p95_ms']} ms, {row['rows']} rows "
                f"(pyoxigraph alone: {row['native_median_ms']} ms{scoped})")
    if stage == "delta":
        steps = "; ".join(f"{_entry(e['entry'])} {e['seconds']} s ({_delta_line(e)})"
                          for e in row["entries"][:3])
        return f"start {row['start_s']} s; {steps}"
    if stage == "open":
        return row.get("note") or ""
    return ""


def _entry(text: str) -> str:
    return text if text.startswith(":") else "sentence"


def _delta_line(entry: dict[str, Any]) -> str:
    """The summary line of the delta a console entry printed (``+3 conclusions, -1 ...``)."""
    for block in entry["reply"]:
        first = block["text"].splitlines()[0] if block["text"] else ""
        if first.startswith("+") or first.startswith("no change") or block["style"] == "error":
            return first
    return "no delta printed"


def line(row: dict[str, Any]) -> str:
    rss = row.get("peak_rss_mib")
    load = (row.get("load") or [None])[0]
    cells = (f"{row['size']:,}" if row.get("size") is not None else "", row["stage"],
             row.get("engine") or "", row.get("path") or "", row.get("status") or "", result(row),
             "" if row.get("seconds") is None else f"{row['seconds']:.2f}",
             "" if rss is None else f"{rss:,.0f}", "" if load is None else f"{load:.1f}")
    return "| " + " | ".join(cells) + " |"


def table(rows: list[dict[str, Any]]) -> str:
    return "\n".join([HEADER, *(line(r) for r in rows if r["stage"] != "machine")])


def main(paths: list[str]) -> int:
    lines = [text for p in paths for text in Path(p).read_text().splitlines() if text.strip()]
    print(table([json.loads(text) for text in lines if text.endswith("}")]))  # skip a line being written
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
