"""Sentences outside the language: never dropped, located, explained, with a "did you mean"."""

from __future__ import annotations

import pytest

from reasoner.cnl import Lexicon, parse_document, parse_sentence
from reasoner.errors import InputError


def test_unknown_verb_gives_located_error_with_caret_expected_and_hint(lexicon: Lexicon) -> None:
    sentence = parse_sentence("Putin mett Xi.", lexicon=lexicon)
    assert not sentence.understood and sentence.events == ()
    (error,) = [d for d in sentence.diagnostics if d.severity == "error"]
    assert error.code == "cnl-syntax"
    assert (error.span.line, error.span.column) == (1, 7)
    assert error.hint == "did you mean 'met'?"
    assert any("verb" in e for e in error.expected)
    rendered = error.render().splitlines()
    assert rendered[1] == "  | Putin mett Xi."
    assert rendered[2] == "  |       ^^^^"
    assert rendered[3].startswith("  expected one of:")


def test_error_position_is_in_document_coordinates(lexicon: Lexicon) -> None:
    text = "title: t\ndate: 2022-02-04\n\n# a comment\nPutin met Xi. Putin vistied Kyiv on February 3.\n"
    doc = parse_document(text, lexicon=lexicon, doc_id="t")
    assert [s.understood for s in doc.sentences] == [True, False]
    error = doc.sentences[1].diagnostics[0]
    assert (error.span.line, error.span.column) == (5, 21)
    assert error.hint == "did you mean 'visited'?"
    assert error.source_line == "Putin met Xi. Putin vistied Kyiv on February 3."
    assert "^^^^^^^" in error.render()


def test_misspelt_name_gets_a_warning_with_did_you_mean(lexicon: Lexicon) -> None:
    sentence = parse_sentence("Putn met Xi.", lexicon=lexicon)
    assert sentence.understood
    (warning,) = sentence.diagnostics
    assert warning.severity == "warning" and warning.code == "cnl-unknown-name"
    assert warning.hint == "did you mean 'Putin'?"
    assert sentence.events[0].actors[0].entity.kind == "unknown"


def test_sentence_without_verb_is_an_error_not_a_silent_drop(lexicon: Lexicon) -> None:
    doc = parse_document("Putin and Xi in Beijing.\n", lexicon=lexicon, doc_id="t")
    (sentence,) = doc.sentences
    assert not sentence.understood
    assert "end of sentence" in sentence.diagnostics[0].message or sentence.diagnostics[0].expected


@pytest.mark.parametrize("text", ["", "   \n\n", "binary\x00data"])
def test_unusable_input_raises_input_error(lexicon: Lexicon, text: str) -> None:
    with pytest.raises(InputError):
        parse_document(text, lexicon=lexicon, doc_id="t")


def test_bad_header_date_is_an_input_error(lexicon: Lexicon) -> None:
    with pytest.raises(InputError):
        parse_document("date: 4 Feb\n\nPutin met Xi.\n", lexicon=lexicon, doc_id="t")
