"""Must-show: every event the reader finds in the dev set has a paraphrase that the controlled
language reads back as the same event (skipped only where ../shared/devset is absent)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reasoner.cnl import Lexicon
from reasoner.reader.document import read_document
from reasoner.reader.paraphrase import round_trip_failures

DEVSET = Path(__file__).resolve().parents[2].parent / "shared" / "devset"


@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is not beside this checkout")
def test_every_dev_set_event_reads_back_from_its_paraphrase() -> None:
    failures, count = [], 0
    for path in sorted(DEVSET.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"published (\d{4}-\d{2}-\d{2})", text.splitlines()[0])
        lexicon = Lexicon.default()
        doc = read_document(text, lexicon=lexicon, doc_id=path.stem,
                            date=dt.date.fromisoformat(found.group(1)) if found else None)
        events = [e for s in doc.sentences for e in s.events]
        count += len(events)
        failures += round_trip_failures((e, lexicon) for e in events)
    assert count > 50
    assert not failures, "\n".join(str(f) for f in failures[:10])
