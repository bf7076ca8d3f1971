"""The ``table`` stage: a coded event table (GDELT 2.0 export layout) read, ingested and reasoned
over, at the run's size in rows.

The rows are generated from the seed: actor pairs drawn from the world's states by their ISO
codes, CAMEO codes drawn from a mix where about one row in eight is outside the event model (as
GDELT's statements and fights are), dates in one year, a source URL each. The row reports rows/s
for reading the file into events and for the whole ingest (read, triples, store write), then the
``infer`` time on the result with the duckdb engine.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from reasoner.resources import grammar_path

CODES = ("040", "042", "043", "0431", "036", "039", "057", "112", "1121", "1312", "163", "051", "111",
         "020", "100", "190", "010")


def gdelt_columns() -> list[str]:
    return [line.split("\t")[0] for line in grammar_path("tables/gdelt.tsv").read_text().splitlines()
            if line.strip() and not line.startswith(("#", "@"))]


def write_rows(path: Path, size: int, seed: int) -> None:
    """``size`` GDELT rows of generated events."""
    columns = gdelt_columns()
    at = {name: i for i, name in enumerate(columns)}
    states = [line.split("\t")[1] for line in grammar_path("world/codes.tsv").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            row = [""] * len(columns)
            first, second = rnd.sample(states, 2)
            code = rnd.choice(CODES)
            for name, value in (("GLOBALEVENTID", str(1_000_000_000 + i)),
                                ("SQLDATE", f"2024{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"),
                                ("Actor1Code", first + "GOV"), ("Actor1CountryCode", first),
                                ("Actor2Code", second + "GOV"), ("Actor2CountryCode", second),
                                ("EventCode", code), ("EventRootCode", code[:2]),
                                ("GoldsteinScale", f"{rnd.uniform(-10, 10):.1f}"),
                                ("AvgTone", f"{rnd.uniform(-10, 10):.2f}"),
                                ("SOURCEURL", f"https://news.example.org/story/{i}")):
                row[at[name]] = value
            out.write("\t".join(row) + "\n")


def table(size: int, seed: int, workdir: str, **_: Any) -> dict[str, Any]:
    from reasoner.kb import open as open_kb
    from reasoner.tables.layout import layout
    from reasoner.tables.read import read_table

    folder = Path(workdir) / "copies" / f"table-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{size}.export.CSV"
    write_rows(path, size, seed)
    kb = open_kb(str(folder / "store"))
    started = time.perf_counter()
    doc = read_table(path.read_text(encoding="utf-8"), layout("gdelt"), kb.lexicon.copy(),
                     doc_id="bench", source=str(path))
    read_s = time.perf_counter() - started
    events = len(doc.events)
    del doc  # the ingest reads the table again: two parsed copies of a million rows would be the peak
    started = time.perf_counter()
    (report,) = kb.ingest_files([path], table_format="gdelt", infer=False)
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    inferred = kb.infer(engine="duckdb")
    infer_s = time.perf_counter() - started
    kb.close()
    return {"engine": "duckdb", "events": events, "triples": report.triples,
            "read_rows_per_s": round(size / read_s), "rows_per_s": round(size / ingest_s),
            "triples_per_s": round(report.triples / ingest_s), "read_s": round(read_s, 3),
            "seconds": round(ingest_s, 3), "inference_s": round(infer_s, 3),
            "derived": inferred.derived.count}
