"""The evaluator: its numbers on a tiny hand-made case, and the project's own gold set as a gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reasoner.cnl import Lexicon
from reasoner.evaluate import evaluate, render
from reasoner.errors import InputError

GOLD = Path(__file__).with_name("gold")
MIN_PRECISION, MIN_RECALL_STRICT, MIN_RECALL_LENIENT, MIN_DATES = 0.85, 0.85, 0.85, 0.70


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


def _write(folder: Path, name: str, text: str, gold: list[dict]) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")


def test_numbers_on_a_tiny_hand_made_case(tmp_path: Path, lexicon: Lexicon) -> None:
    text = ("# source: tiny case — published 2022-02-04\n"
            "Putin met Xi in Beijing on Friday.\n"          # line 2: one meeting, right
            "Germany supports Ukraine.\n"                    # line 3: support, but gold says appeal
            "NATO opposed Russia.\n")                        # line 4: opposition, not in gold (spurious)
    gold = [
        {"line": 2, "type": "meeting", "actors": ["Vladimir Putin"], "targets": ["Xi Jinping"], "date": "2022-02-04"},
        {"line": 3, "type": "appeal", "actors": ["Germany"], "targets": ["Ukraine"], "date": None},
        {"line": 2, "type": "visit", "actors": ["Vladimir Putin"], "targets": ["Belarus"], "date": None},
    ]
    _write(tmp_path, "tiny", text, gold)
    report = evaluate(tmp_path, lexicon=lexicon)
    total = report.total
    assert (total.gold, total.system, total.matched, total.strict, total.correct) == (3, 3, 1, 1, 1)
    assert report.summary()["precision"] == pytest.approx(1 / 3)
    assert report.summary()["recall_lenient"] == pytest.approx(1 / 3)
    assert report.date_accuracy == 1.0
    assert report.types["meeting"].precision == 1.0 and report.types["meeting"].recall == 1.0
    assert report.types["appeal"].recall == 0.0 and report.types["opposition"].precision == 0.0
    assert report.confusion == {("appeal", "support"): 1, ("visit", "meeting"): 1}  # same line, shared party
    assert [(m.line, m.type) for m in report.missed] == [(3, "appeal"), (2, "visit")]
    assert sorted(e.type for e in report.spurious) == ["opposition", "support"]
    rendered = render(report)
    assert "meeting" in rendered and "appeal -> support: 1" in rendered and "spurious (2)" in rendered


def test_strict_needs_every_participant(tmp_path: Path, lexicon: Lexicon) -> None:
    text = "# source: strictness — published 2022-02-04\nPutin met Xi.\n"
    gold = [{"line": 2, "type": "meeting", "actors": ["Vladimir Putin"], "targets": ["Xi Jinping", "Joe Biden"],
             "date": None}]
    _write(tmp_path, "strict", text, gold)
    total = evaluate(tmp_path, lexicon=lexicon).total
    assert (total.matched, total.strict) == (1, 0)


def test_gold_names_are_looked_up_in_the_lexicon(tmp_path: Path, lexicon: Lexicon) -> None:
    text = "# source: aliases — published 2022-01-21\nLavrov met Blinken in Geneva.\n"
    gold = [{"line": 2, "type": "meeting", "actors": ["Sergey Lavrov"], "targets": ["Anthony Blinken"], "date": None}]
    _write(tmp_path, "alias", text, gold)
    assert evaluate(tmp_path, lexicon=lexicon).total.strict == 1


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate(tmp_path)


def test_project_gold_set_meets_its_minimum(lexicon: Lexicon) -> None:
    report = evaluate(GOLD, lexicon=lexicon)
    summary = report.summary()
    assert summary["gold"] >= 25
    assert summary["precision"] >= MIN_PRECISION, render(report)
    assert summary["recall_strict"] >= MIN_RECALL_STRICT, render(report)
    assert summary["recall_lenient"] >= MIN_RECALL_LENIENT, render(report)
    assert summary["date_accuracy"] >= MIN_DATES, render(report)
