"""Documents: header, comments, headings, sentence splitting with real spans, and the per-sentence
pipeline (chunk -> parse -> clauses -> events and facts)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterator

from lark.exceptions import UnexpectedInput

from reasoner.cnl.chunker import Chunk, Chunker
from reasoner.cnl.context import Discourse, Resolver, resolve_sides
from reasoner.cnl.frames import Frames
from reasoner.cnl.interpret import Interpreter
from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.mistakes import classify
from reasoner.cnl.parser import Piece, known_words, parse_chunks, parse_pieces, syntax_diagnostic, vocabulary
from reasoner.cnl.statements import Document, Event, Fact, Sentence
from reasoner.cnl.terms import TitleUse, check_titles, titled
from reasoner.cnl.timeline import date_mentions
from reasoner.cnl.words import ABBREVIATIONS
from reasoner.errors import Diagnostic, InputError, Span

HEADER_KEYS = ("title", "date", "source")
_SPLIT = re.compile(r"[.!?]+[\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de])")
# "GENEVA —", "BRUSSELS, Aug 31 (Reuters) -", "LIMA (Wire/AW)-", "(Agency) –", "LIMA, PERU | Wire |":
# where and by whom, not a sentence part
_DATELINE = re.compile(r"(?:\([A-Z][\w .&/'-]{1,40}\)|[A-Z][A-Z .'/-]{2,40}(?:,[\w .]{1,20}?)?\s*"
                       r"(?:\([\w .&/'-]{1,40}\))?)\s*[\u2013\u2014-]{1,2}\s+"
                       r"|[A-Z][A-Z.'/-]{2,}(?: [A-Z][A-Z.'/-]{2,}){0,3}:\s+"  # also "CITY:", as some agencies write it
                       r"|[A-Z][A-Z .,'-]{2,40}\|[^|]{1,40}\|\s+")  # and "CITY, COUNTRY | Agency |"
SENTENCE_STARTERS = frozenset({"The", "He", "She", "It", "They", "We", "But", "And", "In", "On", "A",
                               "This", "That", "Meanwhile", "However", "Its", "His", "Her", "Their"})


@dataclass(frozen=True)
class _Piece:
    text: str
    start: int  # offset in the document


def parse_document(text: str, *, lexicon: Lexicon, doc_id: str, source: str = "<input>",
                   date: dt.date | None = None) -> Document:
    """Read a whole document. Bad sentences carry error diagnostics; nothing is dropped.

    Definitional sentences extend a private copy of ``lexicon`` as the document is read (so
    later sentences may use the names they define); callers extend their own lexicon with
    ``[f for s in doc.sentences for f in s.facts]`` once they accept the document.

    Raises:
        InputError: the text is not usable as a document (binary or empty).
    """
    header, body_start, published = document_header(text, source, date)
    reader = _Reader(lexicon.copy(), published, source, text)
    sentences = [reader.sentence(n, piece) for n, piece in enumerate(sentence_pieces(text, body_start), 1)]
    sentences = date_mentions(resolve_sides(sentences, reader.discourse), frozenset(reader.discourse.distinct))
    sentences = check_titles(sentences, reader.titles, reader.lexicon, published, text)
    return Document(doc_id, text, tuple(sentences), header.get("title"), published,
                    header.get("source") or source)


def document_header(text: str, source: str, date: dt.date | None) -> tuple[dict[str, str], int, dt.date | None]:
    """A document's header fields, where its body starts, and its publication date (``date``
    overrides the header's), for both front ends.

    Raises:
        InputError: the text is not usable as a document (binary or empty), or a bad header date.
    """
    if "\x00" in text:
        raise InputError(Diagnostic("input", f"{source}: binary data, not a text document"))
    if not text.strip():
        raise InputError(Diagnostic("input", f"{source}: the document is empty"))
    header, body_start = _header(text)
    return header, body_start, date or _header_date(header.get("date"))


def parse_sentence(text: str, *, lexicon: Lexicon, date: dt.date | None = None,
                   source: str = "<input>") -> Sentence:
    """Read one sentence on its own (no header, no discourse before it)."""
    reader = _Reader(lexicon.copy(), date, source, text)
    stripped = text.strip()
    sentence = reader.sentence(1, _Piece(stripped, text.find(stripped) if stripped else 0))
    sentences = resolve_sides([sentence], reader.discourse)
    return check_titles(sentences, reader.titles, reader.lexicon, date, text)[0]


def parse_definitions(text: str, *, source: str = "<lexicon>") -> list[Fact]:
    """The facts of a file of definitional sentences, read in order into one lexicon.

    Raises:
        InputError: a sentence of the file is not understood.
    """
    reader = _Reader(Lexicon(), None, source, text, robust=False)
    facts: list[Fact] = []
    problems: list[Diagnostic] = []
    for n, piece in enumerate(sentence_pieces(text, 0), 1):
        sentence = reader.sentence(n, piece)
        facts.extend(sentence.facts)
        problems += [d for d in sentence.diagnostics if d.severity == "error"]
        if not sentence.facts and not problems:
            problems.append(Diagnostic("cnl-definition", "not a definitional sentence", sentence.span,
                                       source_line=piece.text))
    if problems:
        raise InputError(*problems)
    return facts


class _Reader:
    """Reads the sentences of one document in order, sharing its lexicon and discourse."""

    def __init__(self, lexicon: Lexicon, published: dt.date | None, source: str, text: str,
                 robust: bool = True) -> None:
        self.lexicon = lexicon
        self.robust = robust  # read rejected sentences in part (not for definition files)
        self.source = source
        self.text = text
        self.discourse = Discourse(published=published)
        self.chunker = Chunker(lexicon, vocabulary(), published)
        self.titles: dict[int, list[TitleUse]] = {}  # sentence number -> names used with a title

    def sentence(self, number: int, piece: _Piece) -> Sentence:
        self.discourse.sentence = number
        span = Span.of(self.text, piece.start, piece.start + len(piece.text), self.source)
        chunks = self.chunker.chunk(piece.text)
        if not chunks:
            return Sentence(number, piece.text, span)
        parsed = parse_chunks(chunks)
        if not isinstance(parsed, UnexpectedInput):
            return self._understood(number, piece, span, chunks, [Piece(parsed, False, 0, len(chunks))])
        error = syntax_diagnostic(parsed, chunks, piece.text, span, list(known_words()), self.lexicon.names(),
                                  classify(parsed))
        pieces = [p for p in parse_pieces(chunks) if p.end > p.start]
        if not pieces or not self.robust:
            error = replace(error, source_line=_line_of(self.text, error.span))
            return Sentence(number, piece.text, span, diagnostics=(error,))
        partial = replace(error, code="cnl-partial", severity="warning",
                          message=error.message.replace("this sentence is outside the language",
                                                        "read in part; outside the language")
                          + f" (read as {len(pieces)} clause{'s' if len(pieces) > 1 else ''})",
                          source_line=_line_of(self.text, error.span))
        sentence = self._understood(number, piece, span, chunks, pieces)
        return replace(sentence, diagnostics=(partial, *sentence.diagnostics))

    def _understood(self, number: int, piece: _Piece, span: Span, chunks: list[Chunk],
                    pieces: list[Piece]) -> Sentence:
        def span_of(chunk: Chunk) -> Span:
            return Span.of(self.text, piece.start + chunk.start, piece.start + chunk.end, self.source)

        resolver = Resolver(self.lexicon, self.discourse, span_of)
        frames = Frames(resolver, piece.text, [c for c in chunks if c.type == "ANAPHOR"])
        events: list[Event] = []
        facts: list[Fact] = []
        actors: list = []
        for part in pieces:
            reading = Interpreter(frames).read(part.tree, actors if part.fragment else None)
            actors = reading.actors or actors
            facts += reading.facts
            events += [e for e in reading.events if e not in events]
        self.lexicon.extend(facts)
        self.discourse.note_events(events)
        frames.note_heads(chunks)
        uses = [titled(c.key, c.role, c.text, span_of(c)) for c in chunks if c.type == "ENT" and c.role]
        self.titles[number] = [u for u in uses if u is not None]
        self.discourse.remember([m for m in resolver.seen if m not in self.discourse.recent[-3:]])
        if actors and not facts:
            self.discourse.topic = tuple(actors)
        return Sentence(number, piece.text, span, tuple(_with_span(e, span) for e in events),
                        tuple(_fact_span(f, span) for f in facts), tuple(resolver.warnings))


def _with_span(event, span: Span):
    from dataclasses import replace
    return replace(event, span=span)


def _fact_span(fact: Fact, span: Span) -> Fact:
    from dataclasses import replace
    return replace(fact, span=span)


def _line_of(text: str, span: Span | None) -> str | None:
    if span is None:
        return None
    lines = text.splitlines()
    return lines[span.line - 1] if 0 < span.line <= len(lines) else None


# ---- header, lines, sentences ----------------------------------------------------------------
_SOURCE_LINE = re.compile(r"#\s*source\s*:\s*(?P<title>.*?)(?:\s+[\u2014\u2013]\s+.*?)?"
                          r"\s+[\u2014\u2013-]+\s+published\s+(?P<date>\d{4}-\d{2}-\d{2})\b.*")


def _header(text: str) -> tuple[dict[str, str], int]:
    """``key: value`` lines at the top, ended by a blank line; or a first comment line
    ``# source: TITLE — ... — published YYYY-MM-DD`` (the form of the evaluation sets: a comment
    to the controlled language, so its body starts on the next line). (fields, offset of the body)."""
    first = text.split("\n", 1)[0]
    m = _SOURCE_LINE.fullmatch(first.strip())
    if m:
        return {"title": m.group("title"), "date": m.group("date")}, len(first) + (1 if "\n" in text else 0)
    fields: dict[str, str] = {}
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            return (fields, offset + len(line)) if fields else ({}, 0)
        m = re.fullmatch(r"([A-Za-z]+)\s*:\s*(.*)", stripped)
        if not m or m.group(1).lower() not in HEADER_KEYS:
            return {}, 0
        fields[m.group(1).lower()] = m.group(2).strip()
        offset += len(line)
    return fields, offset


def _header_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(Diagnostic("input", f"header date {value!r} is not a YYYY-MM-DD date")) from None


def sentence_pieces(text: str, body_start: int) -> Iterator[_Piece]:
    """The sentences of the body, with their offsets; comments and headings are skipped."""
    offset = body_start
    for line in text[body_start:].splitlines(keepends=True):
        start = offset
        offset += len(line)
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or is_heading(stripped):
            continue
        lead = start + line.find(stripped)
        yield from _split_line(stripped, lead)


def is_heading(line: str) -> bool:
    """"Flurry Of Diplomacy": Title-Case words, no final punctuation."""
    words = line.split()
    if not words or len(words) > 12 or line[-1] in ".!?\"\u201d:;,":
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _split_line(line: str, start: int) -> Iterator[_Piece]:
    dateline = _DATELINE.match(line)
    begin = dateline.end() if dateline else 0
    for m in _SPLIT.finditer(line):
        before = line[begin:m.start() + 1].split()
        last = before[-1] if before else ""
        following = line[m.end():].split(" ", 1)[0].strip("\"\u201c\u2018(")
        if _is_abbreviation(last) and following not in SENTENCE_STARTERS:
            continue
        piece = line[begin:m.end()].rstrip()
        yield _Piece(piece, start + begin)
        begin = m.end()
    if line[begin:].strip():
        yield _Piece(line[begin:].rstrip(), start + begin)


def _is_abbreviation(word: str) -> bool:
    word = word.strip("\"\u201c\u201d(")
    return word.lower() in ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Z]\.)+", word))
