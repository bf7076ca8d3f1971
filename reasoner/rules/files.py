"""A program's own facts on disk: ``.input`` files in, ``.output`` files out (Soufflé's way).

``.input edge`` reads ``FACTS_DIR/edge.facts``, one fact a line, columns separated by tabs;
``.input edge(filename="edges.csv", delimiter=",")`` names the file and the separator (a
comma-separated file may quote a cell, as CSV does). Every cell is read as the type its
``.decl`` column declares, and a bad row is an :class:`InputError` at ``file:line:column``.
``.output path`` writes ``OUT_DIR/path.csv``, tab-separated as Soufflé writes it, rows in value
order, so the same model always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import math
import re
import io as _io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from reasoner.errors import Diagnostic, InputError, Span
from reasoner.rules import ast

MAX_ERRORS = 10  # per file: after these, one more line says how many were left out
Rows = frozenset[tuple[ast.Value, ...]]


def input_path(io: ast.Io, facts_dir: Path) -> Path:
    return facts_dir / io.option("filename", f"{io.pred}.facts")


def read_inputs(program: ast.Program, facts_dir: Path) -> dict[str, set[tuple[ast.Value, ...]]]:
    """The facts of every ``.input`` of ``program``, read from ``facts_dir``.

    Raises InputError: a missing file, or rows that do not fit the ``.decl`` (every bad row of
    every file, up to MAX_ERRORS a file).
    """
    facts: dict[str, set[tuple[ast.Value, ...]]] = {}
    problems: list[Diagnostic] = []
    for io in program.inputs:
        decl = program.decl(io.pred)
        if decl is None:  # check_program reports it; reading cannot go on without types
            continue
        path = input_path(io, facts_dir)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Diagnostic("input", f"no such file: {path} (read by .input "
                                       f"{io.pred})", io.span,
                                       hint=f"give the folder that holds it with -F, or "
                                            f'.input {io.pred}(filename="...")',
                                       source_line=program.source_line(io.span)))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Diagnostic("input", f"{path}: cannot read: {exc}"))
            continue
        rows, bad = parse_rows(text, decl, io.option("delimiter", "\t"), str(path))
        facts.setdefault(io.pred, set()).update(rows)
        problems += bad
    if problems:
        raise InputError(*problems)
    return facts


def parse_rows(text: str, decl: ast.Decl, delimiter: str, source: str
               ) -> tuple[set[tuple[ast.Value, ...]], list[Diagnostic]]:
    """The rows of one file's text, and a diagnostic for each bad row."""
    rows: set[tuple[ast.Value, ...]] = set()
    problems: list[Diagnostic] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells, starts = _cells(line, delimiter)
        if decl.arity == 0:
            rows.add(())
            continue
        where = Span(source, number, 1, number, len(line) + 1)
        if len(cells) != decl.arity:
            names = ", ".join(n for n, _ in decl.columns)
            problems.append(Diagnostic(
                "input", f"{len(cells)} column{'s' if len(cells) != 1 else ''}, but "
                f"{decl.pred} is declared with {decl.arity} ({names})", where,
                hint=_delimiter_hint(line, delimiter), source_line=line))
        else:
            row = []
            for cell, start, column in zip(cells, starts, decl.columns):
                value, problem = parse_cell(cell, column[1])
                if problem is not None:
                    span = Span(source, number, start + 1, number, start + 1 + max(1, len(cell)))
                    problems.append(Diagnostic(
                        "input", f"{problem} (column '{column[0]}' of {decl.pred} is declared "
                        f"{column[1]})", span, source_line=line))
                    break
                row.append(value)
            else:
                rows.add(tuple(row))
        if len(problems) >= MAX_ERRORS:
            problems.append(Diagnostic("input", f"{source}: more bad rows after line {number} "
                                       "are not listed"))
            break
    return rows, problems


def _cells(line: str, delimiter: str) -> tuple[list[str], list[int]]:
    """The cells of one line and where each starts (0-based). Tab-separated files hold cells
    as they are (Soufflé's .facts); other separators follow CSV, quotes included."""
    if delimiter == "\t" or '"' not in line:
        cells = line.split(delimiter)
        starts, at = [], 0
        for cell in cells:
            starts.append(at)
            at += len(cell) + len(delimiter)
        return cells, starts
    cells = next(csv.reader([line], delimiter=delimiter))
    return cells, [0] * len(cells)


def _delimiter_hint(line: str, delimiter: str) -> str | None:
    for other, name in (("\t", "tabs"), (",", "commas"), (";", "semicolons")):
        if other != delimiter and other in line:
            shown = "\\t" if other == "\t" else other
            return f'the line is separated by {name}: .input ...(delimiter="{shown}")'
    return None


def parse_cell(text: str, kind: str) -> tuple[ast.Value | None, str | None]:
    """The value of one cell as ``kind``, or why it is not one."""
    if kind == "string":
        return text, None
    if kind == "symbol":
        if ast.SYMBOL_NAME.match(text) and text not in ast.RESERVED:
            return ast.Symbol(text), None
        return None, f"'{text}' is not a symbol (lower snake case, such as new_york); " \
                     "declare the column string to read any text"
    if kind == "number":
        try:
            value = int(text.strip())
        except ValueError:
            return None, f"'{text}' is not a number (an integer)"
        if not ast.INT_MIN <= value <= ast.INT_MAX:
            return None, f"{value} is outside the 64-bit range of rule integers"
        return value, None
    if kind == "float":
        return _float_cell(text)
    if kind == "date":
        try:
            if len(text.strip()) != 10:
                raise ValueError(text)
            return datetime.date.fromisoformat(text.strip()), None
        except ValueError:
            return None, f"'{text}' is not a date (YYYY-MM-DD)"
    if kind == "iri":
        body = text.strip()
        if body.startswith("<") and body.endswith(">"):
            body = body[1:-1]
        if ":" in body and not any(c in body for c in ' <>"{}|^`\\'):
            return ast.Iri(body), None
        return None, f"'{text}' is not an IRI (such as <http://example.org/x>)"
    return None, f"unknown type '{kind}'"


def _float_cell(text: str) -> tuple[ast.Value | None, str | None]:
    """A float cell: any decimal or exponent form (``1.5``, ``-0.25``, ``2e3``, ``7``); not
    ``nan``, ``inf`` or Python's ``1_000``, which no other tool reads as a number."""
    body = text.strip()
    if not _FLOAT_TEXT.fullmatch(body):
        return None, f"'{text}' is not a float (such as 1.5, -0.25 or 2e3)"
    value = float(body)
    if not math.isfinite(value):
        return None, f"'{text}' is too large for a float"
    return value, None


_FLOAT_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


# -- outputs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Output:
    """One relation to write: its name, its arity and its rows in value order."""

    pred: str
    arity: int
    rows: tuple[tuple[ast.Value, ...], ...]
    io: ast.Io | None = None

    @property
    def filename(self) -> str:
        return self.io.option("filename", f"{self.pred}.csv") if self.io else f"{self.pred}.csv"

    @property
    def delimiter(self) -> str:
        return self.io.option("delimiter", "\t") if self.io else "\t"


def outputs(program: ast.Program, model: Mapping[str, Rows]) -> list[Output]:
    """The relations ``program`` writes: its ``.output`` ones; without any, every predicate a
    rule or fact of it defines (as ``infer`` without ``.output``)."""
    wanted: list[tuple[str, ast.Io | None]] = [(io.pred, io) for io in program.outputs]
    if not wanted:
        wanted = [(p, None) for p in dict.fromkeys(r.head.pred for r in program.rules)]
    found = []
    for pred, io in wanted:
        rows = model.get(pred, frozenset())
        decl = program.decl(pred)
        arities = sorted({len(r) for r in rows}) or [decl.arity if decl else _arity(program, pred)]
        for arity in ([decl.arity] if decl else arities):
            chosen = sorted((r for r in rows if len(r) == arity),
                            key=lambda r: tuple(ast.sort_key(v) for v in r))
            found.append(Output(pred, arity, tuple(chosen), io))
    return found


def _arity(program: ast.Program, pred: str) -> int:
    return next((r.head.arity for r in program.rules if r.head.pred == pred), 0)


def cell_text(value: ast.Value) -> str:
    """A value as a cell: symbols, strings and IRIs bare, numbers and dates as written."""
    if isinstance(value, ast.Symbol):
        return value.name
    if isinstance(value, ast.Iri):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def output_text(output: Output) -> str:
    """The file's text: one row a line, cells joined by the delimiter."""
    if output.delimiter == "\t":  # Soufflé's .csv: cells as they are (a tab or newline escaped)
        return "".join("\t".join(cell_text(v).replace("\t", "\\t").replace("\n", "\\n")
                                 for v in row) + "\n" for row in output.rows)
    buffer = _io.StringIO()
    writer = csv.writer(buffer, delimiter=output.delimiter, lineterminator="\n")
    writer.writerows([cell_text(v) for v in row] for row in output.rows)
    return buffer.getvalue()


def write_outputs(found: Iterable[Output], out_dir: Path) -> list[Path]:
    """Write each output into ``out_dir`` (created if missing). Raises InputError."""
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for output in found:
            path = out_dir / output.filename
            path.write_text(output_text(output), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    return written
