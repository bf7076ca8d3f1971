"""The clingo engine (default): the program as ASP text, facts in bulk, one stable model.

A stratified program has exactly one stable model, which clingo computes while grounding; the
solve step only reads it. clingo's RuntimeError and logger messages become EngineError
diagnostics carrying the span of the rule they concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import clingo

from reasoner.engines.clingo import asp
from reasoner.engines.base import BaseEngine, Facts, Row, compares_order
from reasoner.errors import Diagnostic, EngineError
from reasoner.rules import ast

_LOCATION = re.compile(r"<block>:(\d+):(\d+)")


class ClingoEngine(BaseEngine):
    """Without a timeout clingo runs in this process. With one, it runs in a child process
    that is killed at the deadline, because clingo cannot interrupt grounding."""

    name = "clingo"

    def derive(self, program: ast.Program, given: Facts, *,
               timeout: float | None = None) -> dict[str, set[Row]]:
        return derive(program, given)


@dataclass(frozen=True)
class ClingoInput:
    """What clingo is given: the program, its #show lines and the facts as text, with the
    numbered IRIs (asp.IriNumbers) if the text numbers them."""

    compiled: asp.CompiledProgram
    show: str
    facts: str
    heads: list[str]
    numbers: asp.IriNumbers | None


def clingo_input(program: ast.Program, facts: Facts) -> ClingoInput:
    """The program and facts as ASP text; IRIs as numbers unless the program compares by order
    or an integer of the input falls where the numbers would be."""
    used = {atom.pred for rule in program.rules for atom, _ in ast.body_atoms(rule.body)}
    heads = list(dict.fromkeys(r.head.pred for r in program.rules))
    show = asp.show_text(program, heads)
    if not compares_order(program) and not ast.has_arithmetic(program):
        numbers = asp.IriNumbers()
        compiled = asp.compile_program(program, numbers.text)
        text = asp.facts_text(((p, r) for p, r in facts.items() if p in used), numbers.text)
        if not numbers.clashes:
            return ClingoInput(compiled, show, text, heads, numbers)
    return ClingoInput(asp.compile_program(program), show,
                       asp.facts_text((p, r) for p, r in facts.items() if p in used), heads, None)


def derive(program: ast.Program, facts: Facts) -> dict[str, set[Row]]:
    """The tuples clingo derives for each rule head (the program is already checked)."""
    given = clingo_input(program, facts)
    messages: list[tuple[clingo.MessageCode, str]] = []
    context = asp.Arithmetic()
    control = clingo.Control(["--warn=none"], logger=lambda c, m: messages.append((c, m)),
                             message_limit=50)
    try:
        control.add("base", [], given.compiled.text)
        control.add("base", [], given.show)
        control.add("base", [], given.facts)
        guards, guard_shows = asp.sum_guards(program)
        control.add("base", [], guards + guard_shows)
        control.ground([("base", [])], context=context)
        symbols = _solve(control)
        symbols = _check_sums(symbols)
    except RuntimeError as exc:
        if context.overflow:
            raise asp.cannot_hold(f"the result of {context.overflow}",
                                  "its numbers are 32-bit") from None
        raise EngineError(*_diagnostics(exc, messages, given.compiled, program)) from None
    return _decode(symbols, given.heads, given.numbers)


def _check_sums(symbols: list[clingo.Symbol]) -> list[clingo.Symbol]:
    """The model without its sum guards (asp.sum_guards), or the refusal if a sum could have
    passed 32 bits and wrapped around."""
    kept = []
    for symbol in symbols:
        if symbol.type != clingo.SymbolType.Function or not symbol.name.startswith(asp.GUARD):
            kept.append(symbol)
            continue
        count, weight = (a.number for a in symbol.arguments)
        if count * weight > ast.INT32_MAX:
            raise asp.cannot_hold(f"a sum of up to {count} weights as large as {weight}",
                                  "its numbers are 32-bit, and its #sum wraps around beyond")
    return kept


def _decode(symbols: list[clingo.Symbol], heads: list[str],
            numbers: asp.IriNumbers | None) -> dict[str, set[Row]]:
    """Shown terms ``(i, args...)`` -> rows of heads[i]; values decoded once each."""
    value = _Values(numbers).__getitem__  # a C call for a value seen before
    derived: dict[str, set[Row]] = {p: set() for p in heads}
    by_index = [derived[p] for p in heads]
    arguments = _arguments()
    for symbol in symbols:
        index, *args = arguments(symbol._rep)
        by_index[value(index)].add(tuple(map(value, args)))  # type: ignore[index]
    return derived


class _Values(dict[int, ast.Value]):
    """Raw symbol handle -> rule value, decoded on first sight. A number (at 1,000,000 events,
    a million distinct numbered IRIs) is read with one C call; other terms through
    clingo.Symbol, whose Python properties cost some 15 us per term."""

    def __init__(self, numbers: asp.IriNumbers | None) -> None:
        from clingo._internal import _ffi, _lib  # type: ignore[attr-defined]

        super().__init__()
        self.numbers = numbers
        self.lib, self.number = _lib, _ffi.new("int*")

    def __missing__(self, rep: int) -> ast.Value:
        lib = self.lib
        if lib.clingo_symbol_type(rep) == lib.clingo_symbol_type_number \
                and lib.clingo_symbol_number(rep, self.number):
            number: int = self.number[0]
            value = self.numbers.value(number) if self.numbers else number
        else:
            value = asp.symbol_value(clingo.Symbol(rep), self.numbers)  # type: ignore[call-arg]
        self[rep] = value
        return value


def _arguments() -> Callable[[int], list[int]]:
    """The arguments of a function term, as raw symbol handles (ints).

    A large model is mostly this call: ``Symbol.arguments`` makes a Symbol object per argument
    through several Python-level calls; clingo's C function with reused buffers (clingo is
    pinned, see pyproject.toml) makes one list of ints, which the caller decodes once per
    distinct value."""
    from clingo._internal import _ffi, _lib  # type: ignore[attr-defined]

    pointer, size = _ffi.new("clingo_symbol_t**"), _ffi.new("size_t*")

    def arguments(rep: int) -> list[int]:
        if not _lib.clingo_symbol_arguments(rep, pointer, size):
            raise EngineError("clingo cannot read the terms of a model symbol")
        return _ffi.unpack(pointer[0], size[0])  # type: ignore[no-any-return]

    return arguments


def _solve(control: clingo.Control) -> list[clingo.Symbol]:
    models: list[list[clingo.Symbol]] = []
    result = control.solve(on_model=lambda m: models.append(m.symbols(shown=True)))
    if not result.satisfiable or not models:
        raise EngineError("clingo found no model (is the program stratified?)")
    return models[-1]


def _diagnostics(exc: RuntimeError, messages: list[tuple[clingo.MessageCode, str]],
                 compiled: asp.CompiledProgram, program: ast.Program) -> list[Diagnostic]:
    found = []
    for _, text in messages:
        match = _LOCATION.search(text)
        rule = None
        if match and 0 < int(match.group(1)) <= len(compiled.rules):
            rule = compiled.rules[int(match.group(1)) - 1]
        span = rule.span if rule else None
        message = _LOCATION.sub("", text).strip(" :-0123456789\n").replace("\n", " ")
        found.append(Diagnostic("engine", f"clingo: {message}", span,
                                source_line=program.source_line(span)))
    return found or [Diagnostic("engine", f"clingo failed: {exc}")]
