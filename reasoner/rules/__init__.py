"""Datalog rule text -> checked Program.

The rule language (docs/rules.md) is Datalog in ``head :- body.`` syntax with ``%`` comments,
``@prefix`` declarations, symbols, IRIs, strings, integers, floats and dates as constants,
stratified negation (``not``), comparisons, arithmetic (reasoner.rules.arith) and ``count``,
``sum``, ``min`` and ``max`` aggregates. ``parse_program`` builds the AST,
``check_program`` finds every semantic problem as a Diagnostic, ``strata`` orders the rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from reasoner.errors import Diagnostic, InputError, QueryError, RuleSyntaxError
from reasoner.rules import ast
from reasoner.rules.ast import (Aggregate, Atom, BinOp, BodyLiteral, Comparison, Const, Expr, Iri,
                                Negation, Program, Query, Rule, Symbol, Term, Value, Var)
from reasoner.rules.checks import body_safety, check_program, errors_of
from reasoner.rules.parser import parse_query_text, parse_text
from reasoner.rules.printer import print_program, print_query, print_rule, print_value
from reasoner.rules.stratify import Stratum, strata

__all__ = [
    "Aggregate", "Atom", "BinOp", "BodyLiteral", "Expr", "Comparison", "Const", "Iri", "Negation", "Program",
    "Query", "Rule", "Stratum", "Symbol", "Term", "Value", "Var", "check_program", "errors_of",
    "load_program", "parse_program", "parse_query", "print_program", "print_query",
    "print_rule", "print_value", "strata",
]


def parse_program(text: str, *, source: str = "<input>",
                  prefixes: Mapping[str, str] | None = None) -> Program:
    """Parse rule text into a Program.

    ``prefixes`` are declared before the text starts. Raises RuleSyntaxError (every problem,
    with line, column and caret).
    """
    return parse_text(text, source=source, prefixes=prefixes)


def parse_query(text: str, *, prefixes: Mapping[str, str] | None = None) -> Query:
    """Parse ``aligned(X, Y)``, ``?- aligned(X, Y).`` or a conjunction into a Query.

    Raises QueryError for a syntax error or an unsafe query (such as ``not p(X)`` alone).
    """
    query = parse_query_text(text, prefixes=prefixes)
    problems = body_safety(query.body, outside=(), where="the query")
    if problems:
        lines = text.splitlines()
        raise QueryError(*(_with_source(d, lines) for d in problems))
    return query


def load_program(paths: Iterable[Path | str], *,
                 prefixes: Mapping[str, str] | None = None) -> Program:
    """Parse and merge rule files; a folder stands for its ``*.dl`` files (recursively, sorted).

    Raises InputError for a missing or unreadable file, RuleSyntaxError listing the syntax
    errors of every file.
    """
    programs: list[Program] = []
    errors: list[Diagnostic] = []
    for path in _rule_files(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read rule file {path}: {exc}") from None
        try:
            programs.append(parse_text(text, source=str(path), prefixes=prefixes))
        except RuleSyntaxError as exc:
            errors += exc.diagnostics
    if errors:
        raise RuleSyntaxError(*errors)
    return merge(programs)


def merge(programs: Iterable[Program]) -> Program:
    """One program holding the rules, queries, prefixes and texts of all of them, in order."""
    programs = list(programs)
    prefixes: dict[str, str] = {}
    for p in programs:
        for name, iri in p.prefixes:
            prefixes.setdefault(name, iri)
    return Program(
        rules=tuple(r for p in programs for r in p.rules),
        queries=tuple(q for p in programs for q in p.queries),
        prefixes=tuple(prefixes.items()),
        texts=tuple(t for p in programs for t in p.texts),
        decls=tuple(d for p in programs for d in p.decls),
        io=tuple(d for p in programs for d in p.io),
    )


def _rule_files(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(path.rglob("*.dl"))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(Diagnostic("input", f"no such rule file or folder: {path}"))
    return files


def _with_source(d: Diagnostic, lines: list[str]) -> Diagnostic:
    line = lines[d.span.line - 1] if d.span and 0 < d.span.line <= len(lines) else None
    return Diagnostic("query", d.message, d.span, d.severity, d.hint, d.expected, line)
