"""Titles checked against terms of office: "Prime Minister Liz Truss" in a sentence about 2023
gets a warning, because the lexicon knows (``grammar/world/people.tsv``) that she held that office
from 2022-09-06 to 2022-10-25. It is never an error: the sentence is read as written.

The day checked is the date of an event the titled person takes part in, else the date of any
event of the sentence, else the publication date (after the document's timeline has dated what
it can). "former", "then", "ex", "incoming", "outgoing" and "late" before the title turn the
check off: they say the writer knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import Event, Sentence
from reasoner.cnl.world import Term
from reasoner.errors import Diagnostic, Span

CODE = "cnl-title-term"
HINT = "write 'former ...' for a past office holder, or check the sentence's date"
TIME_WORDS = frozenset({"former", "then", "ex", "incoming", "outgoing", "late", "future", "erstwhile"})


@dataclass(frozen=True, slots=True)
class TitleUse:
    """A person named with a title in a sentence: "Prime Minister Liz Truss"."""

    key: str  # the person's entity key
    role: str  # the title as the grammar names it ("prime minister")
    text: str  # as written
    span: Span  # within the document


def titled(key: str | None, role: str | None, text: str, span: Span) -> TitleUse | None:
    """The title use of a name chunk, if it has a title and no word that places it in time."""
    if key is None or role is None:
        return None
    before_title = text.lower().split(role.split()[0])[0].replace("-", " ").split()
    if TIME_WORDS.intersection(before_title):
        return None
    return TitleUse(key, role, text, span)


def check_titles(sentences: list[Sentence], uses: dict[int, list[TitleUse]], lexicon: Lexicon,
                 published: dt.date | None, text: str) -> list[Sentence]:
    """The sentences, each with a warning for every title used outside its holder's terms."""
    out: list[Sentence] = []
    for sentence in sentences:
        warnings = tuple(w for use in uses.get(sentence.number, ())
                         if (w := _warning(use, _day(use, sentence.events, published), lexicon, text)))
        out.append(replace(sentence, diagnostics=sentence.diagnostics + warnings) if warnings else sentence)
    return out


def _day(use: TitleUse, events: tuple[Event, ...], published: dt.date | None) -> dt.date | None:
    """The date of an event the person takes part in, else of any event, else the publication."""
    def takes_part(event: Event) -> bool:
        mentions = [*event.actors, *event.targets, *([event.attribution] if event.attribution else [])]
        return any(m.span is not None and m.span.start == use.span.start for m in mentions)

    dated = [e for e in events if e.date is not None]
    own = [e for e in dated if takes_part(e)]
    return (own or dated)[0].date if (own or dated) else published


def _warning(use: TitleUse, day: dt.date | None, lexicon: Lexicon, text: str) -> Diagnostic | None:
    if lexicon.title_fits(use.key, use.role, day):
        return None
    terms = [t for t in lexicon.terms_of(use.key) if t.role == use.role]
    person = lexicon.entity(use.key).label
    message = (f"title out of term: {person} was {use.role} {_terms_text(terms, lexicon)}, "
               f"not on {day.isoformat() if day else '?'}")
    return Diagnostic(CODE, message, use.span, "warning", HINT, source_line=_line(text, use.span))


def _terms_text(terms: list[Term], lexicon: Lexicon) -> str:
    parts = []
    for term in terms:
        office = lexicon.lookup(term.of)
        of = f"of {office.label} " if office else ""
        if term.start and term.end:
            parts.append(f"{of}from {term.start.isoformat()} to {term.end.isoformat()}")
        elif term.start:
            parts.append(f"{of}since {term.start.isoformat()}")
        elif term.end:
            parts.append(f"{of}until {term.end.isoformat()}")
    return " and ".join(parts)


def _line(text: str, span: Span) -> str | None:
    lines = text.splitlines()
    return lines[span.line - 1] if 0 < span.line <= len(lines) else None
