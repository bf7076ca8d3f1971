"""Document reading: header, comments, headings, sentence splitting, spans, date override."""

from __future__ import annotations

import datetime as dt

from reasoner.cnl import Lexicon, parse_document


def test_header_date_resolves_relative_dates_and_argument_overrides_it(lexicon: Lexicon) -> None:
    text = "title: A\ndate: 2022-02-04\nsource: wire\n\nPutin met Xi on February 3.\n"
    doc = parse_document(text, lexicon=lexicon, doc_id="a")
    assert (doc.title, doc.date, doc.source) == ("A", dt.date(2022, 2, 4), "wire")
    assert doc.events[0].date == dt.date(2022, 2, 3)
    later = parse_document(text, lexicon=lexicon, doc_id="a", date=dt.date(2023, 5, 1))
    assert later.events[0].date == dt.date(2023, 2, 3)


def test_splitting_keeps_abbreviations_and_skips_comments_and_headings(lexicon: Lexicon) -> None:
    text = ("# comment\nFlurry Of Diplomacy\n"
            "U.S. Secretary of State Antony Blinken met Kuleba. Putin met Xi!\n"
            "Stoltenberg met Scholz\n")
    doc = parse_document(text, lexicon=lexicon, doc_id="b")
    assert [s.text for s in doc.sentences] == [
        "U.S. Secretary of State Antony Blinken met Kuleba.", "Putin met Xi!", "Stoltenberg met Scholz"]
    assert [s.number for s in doc.sentences] == [1, 2, 3]
    second = doc.sentences[1]
    assert (second.span.line, second.span.column) == (3, 52)
    assert doc.text[second.span.start:second.span.end] == "Putin met Xi!"


def test_definitions_in_a_document_extend_its_lexicon_for_later_sentences(lexicon: Lexicon) -> None:
    text = "Ruritania (Q0) is a state.\nStrelsau is the capital of Ruritania.\nStrelsau backed Kyiv.\n"
    doc = parse_document(text, lexicon=lexicon, doc_id="c")
    assert all(s.understood and not s.diagnostics for s in doc.sentences)
    assert [f.relation for s in doc.sentences for f in s.facts] == ["is_a", "capital_of"]
    event = doc.events[0]
    assert (event.actors[0].entity.key, event.targets[0].entity.key) == ("ruritania", "ukraine")
    assert lexicon.lookup("ruritania") is None  # the caller's lexicon is untouched


def test_parse_is_fast_enough(lexicon: Lexicon) -> None:
    import time
    text = "Putin met Xi in Beijing on February 4. Russia has amassed 100,000 troops near Ukraine.\n" * 250
    start = time.perf_counter()
    doc = parse_document(text, lexicon=lexicon, doc_id="d", date=dt.date(2022, 2, 4))
    assert len(doc.sentences) == 500 and len(doc.events) == 500
    assert time.perf_counter() - start < 5  # generous: measured ~1,500-3,000 sentences/s
