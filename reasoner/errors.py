"""Errors as values: a source span, a diagnostic that renders a caret line, one exception root.

Every user-facing problem (a sentence outside the language, a broken rule, a malformed query, a
missing file, a dead endpoint) becomes a :class:`Diagnostic`; exceptions carry one or more of
them. The command line catches :class:`ReasonerError` once and prints ``render()`` of each.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where something is in a source text. Lines and columns count from 1, offsets from 0."""

    source: str  # file name or "<input>"
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    @classmethod
    def of(cls, text: str, start: int, end: int, source: str = "<input>") -> "Span":
        """The span of ``text[start:end]``, with line and column computed from the offsets."""
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        end_line = text.count("\n", 0, end) + 1
        end_column = end - (text.rfind("\n", 0, end) + 1) + 1
        return cls(source, line, column, end_line, end_column, start, end)

    def shifted(self, line_offset: int, char_offset: int = 0, source: str | None = None) -> "Span":
        """This span moved down by ``line_offset`` lines (for a sentence inside a document)."""
        return Span(
            source or self.source,
            self.line + line_offset,
            self.column,
            self.end_line + line_offset,
            self.end_column,
            self.start + char_offset,
            self.end + char_offset,
        )

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, as data: code, message, where, and what might fix it."""

    code: str  # short machine name, e.g. "cnl-syntax", "unsafe-variable"
    message: str
    span: Span | None = None
    severity: Severity = "error"
    hint: str | None = None  # e.g. "did you mean 'visited'?"
    expected: tuple[str, ...] = ()
    source_line: str | None = field(default=None, compare=False)  # the text of span.line

    def headline(self) -> str:
        """The one-line form: ``file:line:col: error: message (hint)``."""
        where = f"{self.span}: " if self.span else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity}: {self.message}{hint}"

    def render(self) -> str:
        """The headline, then the source line with a caret under the span, then what was expected."""
        lines = [self.headline()]
        if self.span is not None and self.source_line is not None:
            lines.extend(caret_lines(self.source_line, self.span))
        if self.expected:
            lines.append("  expected one of: " + ", ".join(self.expected[:12])
                         + (" ..." if len(self.expected) > 12 else ""))
        return "\n".join(lines)


def caret_lines(source_line: str, span: Span) -> list[str]:
    """The offending line (trimmed to 120 characters around the column) with ``^^^`` under it."""
    text = source_line.rstrip("\n")
    col = max(1, span.column) - 1
    width = 1
    if span.end_line == span.line and span.end_column > span.column:
        width = span.end_column - span.column
    left = max(0, col - 80)
    shown = text[left:left + 120]
    prefix = "..." if left else ""
    pad = " " * (len(prefix) + col - left)
    return ["  | " + prefix + shown, "  | " + pad + "^" * max(1, min(width, 120 - (col - left)))]


def did_you_mean(word: str, candidates: Iterable[str], *, cutoff: float = 0.75) -> str | None:
    """The closest candidate to ``word`` (case-insensitive), or None."""
    pool = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(word.lower(), list(pool), n=1, cutoff=cutoff)
    return pool[found[0]] if found else None


class ReasonerError(Exception):
    """Root of every error the product raises on purpose. Carries diagnostics."""

    def __init__(self, *diagnostics: Diagnostic | str) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            d if isinstance(d, Diagnostic) else Diagnostic(self.code, d) for d in diagnostics
        )
        super().__init__("\n".join(d.headline() for d in self.diagnostics))

    code = "error"

    def render(self, limit: int = 20) -> str:
        shown = [d.render() for d in self.diagnostics[:limit]]
        more = len(self.diagnostics) - limit
        if more > 0:
            shown.append(f"... and {more} more")
        return "\n".join(shown)


class InputError(ReasonerError):
    """A missing, unreadable, binary or empty input file, or a bad option value."""

    code = "input"


class CnlSyntaxError(ReasonerError):
    """A sentence outside the controlled language."""

    code = "cnl-syntax"


class RuleSyntaxError(ReasonerError):
    """A rule program that does not parse."""

    code = "rule-syntax"


class RuleCheckError(ReasonerError):
    """A rule program that parses but is unsafe, ill-typed or not stratifiable."""

    code = "rule-check"


class EngineError(ReasonerError):
    """An engine failed, or cannot run this program."""

    code = "engine"


class EngineTimeout(EngineError):
    """An engine ran past its time limit and was stopped."""

    code = "engine-timeout"


class StoreError(ReasonerError):
    """A store could not be opened, read or written (including a dead SPARQL endpoint)."""

    code = "store"


class QueryError(ReasonerError):
    """A malformed SPARQL or Datalog query."""

    code = "query"
