"""A coded event table -> a Document: one sentence per row, each with the event it codes.

Each row keeps its provenance: the row's line in the file (the sentence's span), its own event
id and source URL (``dcterms:identifier``, ``dcterms:source`` on the sentence node), and as the
sentence text the coded fields as the row gives them, so ``explain`` cites the row. A row that
cannot be read (too few columns, a bad date, an unknown event type, no actor) is a sentence
not understood, with its file and line; a row whose CAMEO code lies outside the event model is
not stored but counted per code (``Document.skipped``) and reported, never dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import (EVENT_TYPES, MODALITIES, SYMMETRIC_TYPES, TARGETED_TYPES, Document,
                                     Event, Mention, Sentence)
from reasoner.errors import Diagnostic, InputError, Span, did_you_mean
from reasoner.tables.layout import Layout, event_type_of
from reasoner.tables.resolve import Resolver

# Cells that GDELT and spreadsheets write for "no value".
_EMPTY = frozenset({"", "-", "NA", "N/A", "null", "NULL", "None"})
MAX_FIELD = 1_000_000  # csv's own limit is 128 KiB; a longer cell is a broken file, not a row


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data line of a table: its line number, its cells joined again, and cells by name."""

    line: int
    raw: str
    cells: dict[str, str]


class RowError(Exception):
    """Why one row cannot be read (becomes a diagnostic on that row)."""


def read_table(text: str, layout: Layout, lexicon: Lexicon, *, doc_id: str,
               source: str) -> Document:
    """Every row of the table as a sentence of one document (rows out of the model: see
    :func:`skipped_codes`)."""
    resolver = Resolver(lexicon)
    fields = layout.fields()
    sentences = []
    outside: Counter[str] = Counter()
    for number, row in enumerate(_rows(text, layout, source), start=1):
        span = Span(source, row.line, 1, row.line, len(row.raw) + 1)
        try:
            event, record_id, url = _event(row, fields, layout, resolver)
        except RowError as problem:
            diagnostic = Diagnostic("bad-row", f"row not read: {problem}", span)
            sentences.append(Sentence(number, row.raw[:2000], span, diagnostics=(diagnostic,)))
            continue
        if event is None:  # counted, not stored: GDELT's exports are half statements and fights
            outside[_cell(row, fields, "code")] += 1
            continue
        text_of_row = _cell(row, fields, "text") or _row_text(row, layout, source)
        sentences.append(Sentence(number, text_of_row, span, (event,), record_id=record_id,
                                  source_url=url))
    if not sentences and not outside:
        raise InputError(Diagnostic("empty-table", f"{source}: has no data rows"))
    # the rows keep what they say: the document needs no copy of the file
    return Document(doc_id, "", tuple(sentences), source=source, skipped=tuple(sorted(outside.items())))


def skipped_codes(doc: Document) -> Counter[str]:
    """How many rows of a table document had each CAMEO code outside the event model."""
    return Counter(dict(doc.skipped))


def _rows(text: str, layout: Layout, source: str) -> Iterator[TableRow]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text), delimiter=layout.delimiter,
                        quoting=csv.QUOTE_NONE if layout.delimiter == "\t" else csv.QUOTE_MINIMAL)
    names: list[str] | None = None if layout.header else [c for c, _ in layout.columns]
    wanted = {c for c, f in layout.columns if f != "-"}
    kept: list[tuple[str, int]] | None = None
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if names is None:
                names = [c.strip() for c in cells]
                _check_header(names, layout, source, line)
            if kept is None:  # only the columns a field reads: GDELT has 61, about 16 matter
                kept = [(n, i) for i, n in enumerate(names) if n in wanted]
                if layout.header:
                    continue
            raw = layout.delimiter.join(cells)
            if len(cells) < len(names) and not layout.header:
                problem = f"{len(cells)} columns, the {layout.name} layout has {len(names)}"
                yield TableRow(line, raw, {"__error__": problem})
                continue
            yield TableRow(line, raw, {n: cells[i] for n, i in kept if i < len(cells)})
    except csv.Error as exc:
        raise InputError(Diagnostic("bad-table", f"{source}:{reader.line_num}: not a readable "
                                                 f"{layout.name} table: {exc}")) from None


def _check_header(names: list[str], layout: Layout, source: str, line: int) -> None:
    known = {c for c, _ in layout.columns}
    if not known & set(names):
        raise InputError(Diagnostic(
            "bad-table", f"{source}:{line}: no column of the {layout.name} layout in the header "
                         f"(expected some of: {', '.join(sorted(known)[:8])} ...); map yours with "
                         "--map FIELD=COLUMN"))
    fields = layout.fields()
    has = {f for f, columns in fields.items() if set(columns) & set(names)}
    if not has & {"type", "code"} or not has & {"actor", "actor.name", "actor.country", "actor.code"}:
        raise InputError(Diagnostic(
            "bad-table", f"{source}:{line}: the header has no event type (or CAMEO code) and actor "
                         f"column; found {', '.join(names[:12])}; map them with --map type=COLUMN "
                         "--map actor=COLUMN"))


Fields = dict[str, tuple[str, ...]]  # event field -> the columns that feed it (Layout.fields)


def _cell(row: TableRow, fields: Fields, field: str) -> str:
    """The first non-empty cell of the columns that feed ``field``."""
    for column in fields.get(field, ()):
        value = row.cells.get(column, "").strip()
        if value not in _EMPTY:
            return value
    return ""


def _event(row: TableRow, fields: Fields, layout: Layout,
           resolver: Resolver) -> tuple[Event | None, str | None, str | None]:
    if "__error__" in row.cells:
        raise RowError(row.cells["__error__"])
    code = _cell(row, fields, "code")
    event_type = _type(_cell(row, fields, "type"), code)
    if event_type is None:
        return None, None, None
    actors = _parties(row, fields, resolver, "actor")
    targets = tuple(t for t in _parties(row, fields, resolver, "target")
                    if t.entity.key not in {a.entity.key for a in actors})
    if not actors:
        raise RowError("no actor: the row names no one who acted")
    if event_type in TARGETED_TYPES and not targets:
        raise RowError(f"a {event_type.replace('_', ' ')} needs a target: the row names none")
    if event_type in SYMMETRIC_TYPES and len(actors) + len(targets) < 2:
        raise RowError(f"a {event_type.replace('_', ' ')} needs two parties: the row names one")
    place_text, said_by = _cell(row, fields, "place"), _cell(row, fields, "attribution")
    event = Event(event_type, actors, targets, _date(_cell(row, fields, "date"), layout),
                  resolver.place(place_text) if place_text else None,
                  _cell(row, fields, "condition") or None, _modality(_cell(row, fields, "modality")),
                  attribution=resolver.item(said_by) if said_by else None,
                  code=code or None, measures=_measures(row, fields))
    return event, _cell(row, fields, "id") or None, _cell(row, fields, "source") or None


def _type(name: str, code: str) -> str | None:
    if name:
        key = name.strip().lower().replace(" ", "_")
        if key not in EVENT_TYPES:
            hint = did_you_mean(key, EVENT_TYPES)
            raise RowError(f"unknown event type {name!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        return key
    if not code:
        raise RowError("no event type and no CAMEO code")
    if not code.isdigit():
        raise RowError(f"CAMEO code {code!r} is not a number")
    return event_type_of(code)


def _parties(row: TableRow, fields: Fields, resolver: Resolver, side: str) -> tuple[Mention, ...]:
    coded = resolver.actor(_cell(row, fields, f"{side}.name"), _cell(row, fields, f"{side}.country"),
                           _cell(row, fields, f"{side}.code"))
    listed = _listed(row, fields, resolver, side)
    found = ([coded] if coded else []) + listed
    return tuple({m.entity.key: m for m in found}.values())


def _listed(row: TableRow, fields: Fields, resolver: Resolver, side: str) -> list[Mention]:
    """A ``;``-separated list column; with several columns for one side (IRIs, codes, names),
    each position takes the first column whose entry resolves."""
    columns = [[item.strip() for item in row.cells.get(c, "").split(";")]
               for c in fields.get(side, ()) if row.cells.get(c, "").strip() not in _EMPTY]
    if not columns:
        return []
    found = []
    for position in range(max(len(c) for c in columns)):
        for items in columns:
            mention = resolver.item(items[position]) if position < len(items) else None
            if mention is not None:
                found.append(mention)
                break
    return found


def _date(text: str, layout: Layout) -> dt.date | None:
    return _day(text, layout.date_format) if text else None


@lru_cache(maxsize=65536)  # a table's rows share few dates; strptime is slow
def _day(text: str, date_format: str) -> dt.date:
    for fmt in (date_format, "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if day.strftime(fmt) == text:  # strptime takes "2024033" for 3 March: a typo, not a date
            return day
    raise RowError(f"bad date {text!r}: expected {_written(date_format)}")


def _modality(text: str) -> str:
    if not text:
        return "asserted"
    if text not in MODALITIES:
        raise RowError(f"unknown modality {text!r}: choose one of {', '.join(MODALITIES)}")
    return text


def _measures(row: TableRow, fields: Fields) -> tuple[tuple[str, float], ...]:
    found = []
    for field, columns in fields.items():
        if field.startswith("measure."):
            text = _cell(row, fields, field)
            if text:
                try:
                    found.append((field[len("measure."):], float(text)))
                except ValueError:
                    raise RowError(f"{columns[0]}: {text!r} is not a number") from None
    return tuple(found)


def _row_text(row: TableRow, layout: Layout, source: str) -> str:
    """The row as ``explain`` cites it: where it is and the coded cells it was read from."""
    fed = [c for c, f in layout.columns if f != "-" and row.cells.get(c, "").strip() not in _EMPTY]
    cells = " ".join(f"{c}={row.cells[c].strip()}" for c in fed)
    return f"{source} line {row.line}: {cells}"


def _written(date_format: str) -> str:
    """``%Y%m%d`` as people write it: ``YYYYMMDD``."""
    return date_format.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
