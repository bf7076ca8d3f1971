"""`reasoner serve` on an embedded store while other commands write to it: the next query sees
what they wrote, conclusions included, without a restart."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from reasoner.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-04-russia-china-united-front.txt"
DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a schema:NewsArticle }"
OFFERS = ("SELECT ?m WHERE { GRAPH graph:inferred { ?f a voc:MediationOffer ; voc:arg1 ?m ; "
          "voc:arg2 ent:ghana ; voc:arg3 ent:togo } }")


def ask(url: str, query: str) -> list[dict[str, dict[str, str]]]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.query().convert()["results"]["bindings"]  # type: ignore[index, no-any-return]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    store = str(tmp_path / "store")
    assert main(["--store", store, "ingest", "-q", str(SEED)]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "reasoner", "--store", store, "serve", "--port", "0",
                                "--workers", "1"], stderr=subprocess.PIPE, text=True, env=env)
    url = None
    deadline = time.monotonic() + 120
    assert process.stderr is not None
    while url is None and time.monotonic() < deadline:
        line = process.stderr.readline()
        found = re.search(r"serving SPARQL at (\S+)", line)
        url = found.group(1) if found else url
        assert line or process.poll() is None, "serve exited"
    assert url, "serve did not start"
    # keep reading what the server logs: a full pipe would block it (and its shutdown)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(process.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        yield store, url
    finally:
        process.terminate()
        try:
            # generous: a reload still running on a loaded machine finishes first
            process.wait(90)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("serve did not stop on SIGTERM; its last lines: " + "".join(log[-5:]))


def test_ingest_and_retract_while_serving_show_in_the_next_query(served, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    store, url = served
    assert ask(url, DOCUMENTS)[0]["n"]["value"] == "1"
    news = tmp_path / "ghana-togo.txt"
    news.write_text("Nigeria offered to mediate between Ghana and Togo.\n", encoding="utf-8")
    assert main(["--store", store, "ingest", str(news)]) == 0, capsys.readouterr().err
    assert ask(url, DOCUMENTS)[0]["n"]["value"] == "2"
    assert [b["m"]["value"].rsplit("/", 1)[-1] for b in ask(url, OFFERS)] == ["nigeria"]
    assert main(["--store", store, "retract", "ghana-togo"]) == 0
    assert ask(url, DOCUMENTS)[0]["n"]["value"] == "1" and ask(url, OFFERS) == []
