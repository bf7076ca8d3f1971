"""Shared fixtures for the controlled-language tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reasoner.cnl import Lexicon, parse_document
from reasoner.cnl.statements import Document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-04-russia-china-united-front.txt"
PUBLISHED = dt.date(2022, 2, 4)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.fixture(scope="session")
def seed_doc(lexicon: Lexicon) -> Document:
    return parse_document(SEED.read_text(encoding="utf-8"), lexicon=lexicon, doc_id=SEED.stem, source=str(SEED))
