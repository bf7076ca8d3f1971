"""The common mistakes (reasoner/cnl/mistakes.py): each example is recognised as its own mistake,
and tests/cnl/errors/NAME.txt renders exactly as NAME.err (a sentence that is not an example).

Regenerate the .err files with ``UPDATE_GOLDENS=1 pytest tests/cnl/test_cnl_mistakes.py``, then
read the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from reasoner.cnl import Lexicon, parse_document
from reasoner.cnl.mistakes import MISTAKES, _example_errors, classify

ERRORS = Path(__file__).resolve().parent / "errors"
CASES = sorted(ERRORS.glob("*.txt"))


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_every_example_is_its_own_mistake(mistake) -> None:
    errors = _example_errors()
    for example in mistake.examples:
        assert example in errors, f"{example!r} parses: not an example of a mistake"
        assert classify(errors[example]) == mistake, example


def test_every_mistake_has_a_golden_file() -> None:
    assert sorted(p.stem for p in CASES) == sorted(m.name for m in MISTAKES)


def _rendered(path: Path, lexicon: Lexicon) -> str:
    doc = parse_document(path.read_text(encoding="utf-8"), lexicon=lexicon, doc_id=path.stem,
                         source=f"errors/{path.name}", date=dt.date(2022, 2, 4))
    return "\n".join(d.render() for s in doc.sentences for d in s.diagnostics) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_rendering(path: Path, lexicon: Lexicon) -> None:
    got = _rendered(path, lexicon)
    golden = path.with_suffix(".err")
    if os.environ.get("UPDATE_GOLDENS"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    mistake = next(m for m in MISTAKES if m.name == path.stem)
    assert mistake.message in got


def test_an_error_that_matches_no_example_keeps_the_generic_message(lexicon: Lexicon) -> None:
    doc = parse_document("Warned Russia of sanctions.\n", lexicon=lexicon, doc_id="t")
    [error] = doc.sentences[0].diagnostics
    assert error.message == "this sentence is outside the language: unexpected '.'"
