"""docs/language.md cannot drift: every example sentence yields exactly the events listed under it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pathlib import Path
from reasoner.cnl import Lexicon, parse_document
from reasoner.cnl.describe import describe_event, describe_fact

MANUAL = Path(__file__).resolve().parents[2] / "docs" / "language.md"


def examples() -> list[tuple[str, list[str]]]:
    """(sentence, expected lines) for each "> sentence" block of the manual."""
    found: list[tuple[str, list[str]]] = []
    for line in MANUAL.read_text(encoding="utf-8").splitlines():
        if line.startswith("> "):
            found.append((line[2:].strip(), []))
        elif found and re.match(r"    \S", line):
            found[-1][1].append(line.strip())
    return found


def test_manual_has_examples_for_every_event_type() -> None:
    listed = " ".join(line for _, lines in examples() for line in lines)
    for kind in ("meeting", "call", "visit", "planned_visit", "host", "mediation_offer", "sanction_threat",
                 "sanction_imposed", "accusation", "troop_buildup", "deployment", "joint_statement",
                 "agreement", "appeal", "demand", "support", "opposition"):
        assert f"{kind}(" in listed, kind


@pytest.mark.parametrize(("sentence", "expected"), examples(), ids=[s for s, _ in examples()])
def test_manual_example(lexicon: Lexicon, sentence: str, expected: list[str]) -> None:
    doc = parse_document(sentence, lexicon=lexicon, doc_id="manual", date=dt.date(2022, 2, 4))
    assert all(s.understood for s in doc.sentences), [d.render() for s in doc.sentences for d in s.diagnostics]
    got = [describe_event(e) for s in doc.sentences for e in s.events]
    got += [describe_fact(f) for s in doc.sentences for f in s.facts]
    assert got == expected
