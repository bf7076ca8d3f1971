"""Titles checked against terms of office (grammar/world/people.tsv): a warning, never an error."""

from __future__ import annotations

import datetime as dt

import pytest

from reasoner.cnl import Lexicon, parse_document, parse_sentence
from reasoner.cnl.statements import Document

JOHNSON_OUT = dt.date(2023, 3, 1)  # Johnson was prime minister from 2019-07-24 to 2022-09-06


def _doc(text: str, lexicon: Lexicon, date: dt.date = JOHNSON_OUT) -> Document:
    return parse_document(text, lexicon=lexicon, doc_id="terms", source="terms.txt", date=date)


def _title_warnings(doc: Document) -> list:
    return [d for s in doc.sentences for d in s.diagnostics if d.code == "cnl-title-term"]


def test_a_title_after_the_term_is_a_warning_with_span_and_caret(lexicon: Lexicon) -> None:
    doc = _doc("Prime Minister Boris Johnson met Zelenskiy in Kyiv on 10 January 2023.\n", lexicon)
    [warning] = _title_warnings(doc)
    assert warning.severity == "warning"
    assert (warning.span.line, warning.span.column, warning.span.end_column) == (1, 1, 29)
    assert warning.render() == (
        "terms.txt:1:1: warning: title out of term: Boris Johnson was prime minister of United Kingdom "
        "from 2019-07-24 to 2022-09-06, not on 2023-01-10 "
        "(write 'former ...' for a past office holder, or check the sentence's date)\n"
        "  | Prime Minister Boris Johnson met Zelenskiy in Kyiv on 10 January 2023.\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^")


def test_the_sentence_is_still_read(lexicon: Lexicon) -> None:
    doc = _doc("Prime Minister Boris Johnson met Zelenskiy in Kyiv on 10 January 2023.\n", lexicon)
    [sentence] = doc.sentences
    assert sentence.understood
    assert [(e.type, e.actors[0].entity.key) for e in sentence.events] == [("meeting", "boris_johnson")]


@pytest.mark.parametrize("text", [
    "Prime Minister Boris Johnson visited Kyiv on 9 April 2022.",  # within the term
    "On 9 April 2022, British Prime Minister Boris Johnson visited Kyiv.",  # the event's date counts
    "Former Prime Minister Boris Johnson visited Kyiv on 22 January 2023.",  # the writer says so
    "Boris Johnson visited Kyiv on 22 January 2023.",  # no title
    "President Joe Biden met Prime Minister Rishi Sunak in Belfast on 12 April 2023.",
])
def test_no_warning(lexicon: Lexicon, text: str) -> None:
    assert _title_warnings(_doc(text + "\n", lexicon)) == []


def test_before_the_term_too(lexicon: Lexicon) -> None:
    doc = _doc("Prime Minister Boris Johnson met Macron in Paris on 3 March 2018.\n", lexicon)
    [warning] = _title_warnings(doc)
    assert warning.message.endswith("not on 2018-03-03")


def test_without_an_event_date_the_publication_date_counts(lexicon: Lexicon) -> None:
    doc = _doc("Prime Minister Boris Johnson said that Russia must withdraw its troops.\n", lexicon)
    [warning] = _title_warnings(doc)
    assert warning.message.endswith("not on 2023-03-01")
    assert _title_warnings(_doc("Prime Minister Boris Johnson said that Russia must withdraw its troops.\n",
                                lexicon, date=dt.date(2022, 2, 4))) == []


def test_each_titled_name_is_checked_on_its_own_line(lexicon: Lexicon) -> None:
    text = ("Zelenskiy thanked his allies on 10 January 2023.\n"
            "He later met Prime Minister Boris Johnson in Kyiv on 10 January 2023.\n")
    [warning] = _title_warnings(_doc(text, lexicon))
    assert (warning.span.line, warning.span.column) == (2, 14)
    assert warning.source_line == "He later met Prime Minister Boris Johnson in Kyiv on 10 January 2023."


def test_parse_sentence_checks_against_its_date(lexicon: Lexicon) -> None:
    text = "Prime Minister Boris Johnson met Zelenskiy in Kyiv."
    late = parse_sentence(text, lexicon=lexicon, date=JOHNSON_OUT)
    assert [d.code for d in late.diagnostics] == ["cnl-title-term"]
    assert parse_sentence(text, lexicon=lexicon).diagnostics == ()  # no date: nothing to check
