"""A news document -> :class:`reasoner.cnl.statements.Document`.

Stages, each returning new values: sentences (the header, comments, headings and sentence
splitting of the controlled-language front end, so both front ends number sentences alike) ->
spaCy parses (:mod:`reasoner.reader.syntax`) -> names (:mod:`~reasoner.reader.names`) ->
clauses and frames (:mod:`~reasoner.reader.events`) with participants resolved against what the
document said before (:mod:`~reasoner.reader.participants`).

A sentence in the controlled language (the Lark grammar reads it whole, no partial reading) is
read by that grammar, which is exact about definitions ("Kyiv is the capital of Ukraine.") and
about the constructions it documents; the events the news reader finds beyond those are added.
A sentence of more than :data:`~reasoner.reader.syntax.MAX_TOKENS` words is reported and skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from reasoner.cnl.document import document_header, parse_sentence, sentence_pieces
from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import Document, Event, Sentence
from reasoner.errors import Diagnostic, Span
from reasoner.reader.events import (NEEDS_TARGET, SYMMETRIC, Reading, as_coded, carry_targets, read_events,
                                    says_the_same)
from reasoner.reader.lexicon import event_lexicon
from reasoner.reader.names import find_names
from reasoner.reader.participants import Finder, Memory
from reasoner.reader.repairs import repaired
from reasoner.reader.syntax import MAX_TOKENS, Parse, parse_texts


@dataclass(frozen=True)
class _Piece:
    number: int
    text: str
    start: int


def read_document(text: str, *, lexicon: Lexicon, doc_id: str, source: str = "<input>",
                  date: dt.date | None = None, ner: bool = True) -> Document:
    """Read a news document. Nothing is dropped: a sentence that states nothing is kept empty.
    ``ner=False`` leaves spaCy's recogniser out: names then come from the world lexicon (and
    earlier sentences) only, faster.

    Raises:
        InputError: the text is not usable as a document (binary or empty).
    """
    header, body_start, published = document_header(text, source, date)
    pieces = [_Piece(n, p.text, p.start) for n, p in enumerate(sentence_pieces(text, body_start), 1)]
    readable = [p for p in pieces if len(p.text.split()) <= MAX_TOKENS]
    parses = dict(zip((p.number for p in readable), parse_texts([p.text for p in readable], ner=ner)))
    own = lexicon.copy()
    memory = Memory(date=published)
    sentences = []
    for piece in pieces:
        span = Span.of(text, piece.start, piece.start + len(piece.text), source)
        parse = parses.get(piece.number)
        if parse is None:
            sentences.append(_too_long(piece, span, text))
            continue
        parse = repaired(parse, event_lexicon())
        sentence, memory = _sentence(piece, span, parse, own, memory, published, source)
        sentences.append(sentence)
    return Document(doc_id, text, tuple(sentences), header.get("title"), published,
                    header.get("source") or source)


def _sentence(piece: _Piece, span: Span, parse: Parse, lexicon: Lexicon, memory: Memory,
              published: dt.date | None, source: str) -> tuple[Sentence, Memory]:
    controlled = parse_sentence(piece.text, lexicon=lexicon, date=published, source=source)
    exact = controlled.understood and not controlled.diagnostics
    if exact and controlled.facts:
        lexicon.extend(controlled.facts)
    names = find_names(parse, lexicon, memory.mentions)
    finder = Finder(parse, names, lexicon, event_lexicon(), memory)
    reading: Reading = read_events(parse, finder, event_lexicon(), lexicon, published)
    events = [c for c in map(as_coded, controlled.events) if _complete(c) and not any(_misread(r, c) for r in reading.events)
              and not _unstated(c, reading)
              and not any(_overlaps(r, c) for r, _ in reading.not_asserted)
              and not any(_overlaps(r, c) and (_parties(r) > _parties(c) or _less_certain(r, c))
                          for r in reading.events)] if exact else []
    events = [_completed(c, reading.events) for c in events]
    # per event: (away: "time" when its clause sets it at another time, "passing" when it is told
    # in passing, "" else; today: told in the present perfect)
    when = list(zip(reading.elsewhere, reading.perfect))
    placed = [(_position(c), c, next((w for e, w in zip(reading.events, when) if says_the_same(c, e)), ("", False)))
              for c in events]
    placed += [(at, e, w) for at, e, w in zip(reading.positions, reading.events, when)
               if not any(_overlaps(e, c) for c in events)]
    placed.sort(key=lambda triple: triple[0])  # in the order the sentence states them
    events = [replace(carry_targets(e, memory), span=span) for _, e, _ in placed]
    # an event its clause sets at another time ("met in 2022") is no earlier mention's either;
    # one told in passing may well be ("..., prompted by the troop build-up")
    events = [e if away == "time" else _dated_by_discourse(e, memory) for e, (_, _, (away, _)) in zip(events, placed)]
    # a sentence that names a day of its own ("X, who arrived on Wednesday, met Y") is not on the
    # day the story was at; the present perfect is still the day's news
    events = [_on_the_story_day(e, memory, published if today else None)
              if not away and (today or (memory.told and not reading.names_a_day)) else e
              for e, (_, _, (away, today)) in zip(events, placed)]
    notes = tuple(Diagnostic("reader-not-asserted", f"{e.type} not stated as having happened: {why}", span,
                             severity="info") for e, why in reading.not_asserted)
    facts = tuple(replace(f, span=span) for f in controlled.facts) if exact else ()
    if not events and not facts:
        # neither reader made anything of it: the controlled language's messages say where and why
        notes = tuple(_placed(d, span) for d in controlled.diagnostics) + notes
    sentence = Sentence(piece.number, piece.text, span, tuple(events), facts, notes)
    mentioned = [n.mention for n in names.names]
    told = [(e.date, away) for e, (_, _, (away, _)) in zip(events, placed) if e.date is not None and e.modality == "asserted"]
    days = [day for day, away in told if not away] or [day for day, _ in told]  # the main clauses' day first
    return sentence, memory.remember(mentioned, events, days[-1] if days else None)


def _completed(controlled: Event, found: tuple[Event, ...]) -> Event:
    """The controlled reading's event with the date and place the news reader found for the same
    event, where the controlled reading has none ("at the talks" is Monday's meeting)."""
    for e in found:
        if says_the_same(e, controlled):
            return replace(controlled, date=controlled.date or e.date, place=controlled.place or e.place)
    return controlled


def _dated_by_discourse(e: Event, memory: Memory) -> Event:
    """A told event with no date of its own: the date of its earlier mention (the same type
    between the same parties). A meeting of the parties of the call just told is that call
    ("X phoned Y. The two discussed Z.")."""
    e = _as_last_call(e, memory)
    return _earlier_date(e, memory) if e.date is None and e.modality in ("asserted", "reported") else e


def _on_the_story_day(e: Event, memory: Memory, today: dt.date | None) -> Event:
    """A told event with no date of its own, in a clause that sets it at no other time, after
    the story gave a day ("met on Monday. ... They agreed"), happened on the day the story is
    at; one in the present perfect ("have agreed": the day's news) on ``today``, the day of
    publication. A standing position ("backs", "opposes") is of no one day."""
    day = today or memory.date
    if (e.date is not None or e.modality not in ("asserted", "reported") or day is None
            or event_lexicon().is_a("standing_type", e.type)):
        return e
    return replace(e, date=day)


def _as_last_call(e: Event, memory: Memory) -> Event:
    if e.type != "meeting" or e.place is not None or not memory.events or e.modality not in ("asserted", "reported"):
        return e  # a planned talk after a call is a new meeting
    last = memory.events[-1]
    call = replace(e, type="call")
    return call if last.type == "call" and says_the_same(call, last) else e


def _earlier_date(e: Event, memory: Memory) -> Event:
    for earlier in reversed(memory.events):
        if earlier.date is not None and earlier.modality in ("asserted", "reported") and says_the_same(e, earlier):
            return replace(e, date=earlier.date)
    return e


def _position(e: Event) -> int:
    """Where a controlled reading's event starts: its first named participant."""
    starts = [m.span.start for m in e.actors + e.targets if m.span is not None]
    return min(starts) if starts else 0


def _parties(e: Event) -> int:
    return len({m.entity.key for m in e.actors + e.targets})


def _complete(e: Event) -> bool:
    """A meeting, call, agreement or joint statement needs two parties; an accusation, a visit,
    a hosting ... someone it is aimed at (the news reader keeps to the same)."""
    if e.type in NEEDS_TARGET and not e.targets:
        return False
    return e.type not in SYMMETRIC or len({m.entity.key for m in e.actors + e.targets}) >= 2


def _placed(d: Diagnostic, span: Span) -> Diagnostic:
    """A diagnostic of the sentence read alone, placed in the document."""
    if d.span is None:
        return replace(d, span=span)
    shift = span.column - 1 if d.span.line == 1 else 0
    where = Span(span.source, span.line + d.span.line - 1, d.span.column + shift,
                 span.line + d.span.end_line - 1, d.span.end_column + shift,
                 span.start + d.span.start, span.start + d.span.end)
    return replace(d, span=where)


def _misread(found: Event, controlled: Event) -> bool:
    """The controlled reading typed the clause the news reader read otherwise: the same actors,
    its parties among the reader's, another type ("Seoul condemned the drills": an accusation,
    not drills by Seoul)."""
    if _base_type(found) == _base_type(controlled):
        return False
    parties = {m.entity.key for m in controlled.actors + controlled.targets}
    if not parties <= {m.entity.key for m in found.actors + found.targets}:
        return False
    if controlled.type in SYMMETRIC:  # its parties as one set: the reader's actors among them
        return {m.entity.key for m in found.actors} <= parties
    return {m.entity.key for m in controlled.actors} == {m.entity.key for m in found.actors}


def _unstated(controlled: Event, reading: Reading) -> bool:
    """The reader read the event's noun itself, and not as the controlled reading's actors'
    ("Manila protested against manoeuvres by Chinese ships": China's, not Manila's)."""
    actors = {m.entity.key for m in controlled.actors}
    return controlled.type in reading.unstated and not any(
        _base_type(r) == _base_type(controlled) and actors & {m.entity.key for m in r.actors}
        for r in reading.events)


def _less_certain(found: Event, controlled: Event) -> bool:
    """The reader saw what makes the event planned or conditional ("is due to visit") where the
    controlled reading took it as done."""
    return controlled.modality == "asserted" and found.modality in ("planned", "conditional")


def _overlaps(found: Event, controlled: Event) -> bool:
    """The news reader's event says what the controlled reading already said."""
    if says_the_same(found, controlled):
        return True
    if _base_type(found) != _base_type(controlled):
        return False
    keys = {m.entity.key for m in found.actors + found.targets}
    return bool(keys & {m.entity.key for m in controlled.actors + controlled.targets})


def _too_long(piece: _Piece, span: Span, text: str) -> Sentence:
    words = len(piece.text.split())
    line = text.splitlines()[span.line - 1] if span.line - 1 < len(text.splitlines()) else None
    problem = Diagnostic("reader-too-long", f"sentence of {words} words skipped: longer than {MAX_TOKENS} words "
                         "(a missing full stop?)", Span(span.source, span.line, span.column, span.line,
                                                        span.column + 1, span.start, span.start + 1),
                         severity="error", source_line=line[:200] if line else None)
    return Sentence(piece.number, piece.text[:200], span, diagnostics=(problem,))


def _base_type(e: Event) -> str:
    return "visit" if e.type == "planned_visit" else e.type
