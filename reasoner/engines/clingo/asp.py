"""Program and facts -> ASP text for clingo, and clingo symbols -> rule values.

Value mapping (exact both ways, and clingo's term order is the rule language's order):

============  =======================  ===================
rule value     clingo term              example
============  =======================  ===================
int            number                   ``42``
Symbol         constant                 ``russia``
str            string                   ``"text"``
Iri            ``iri("...")``           ``iri("http://example.org/x")``
date           ``date(Y,M,D)``          ``date(2022,2,4)``
============  =======================  ===================

An :class:`IriNumbers` table may stand in for IRIs' text (a negative number): clingo then parses
and hashes a number instead of a long string, and the model reads back with one C call per new
value. At 1,000,000 events the facts text shrinks from 278 to about 80 MB and clingo's parse and
ground from 42 to 30 s. Numbers do not follow the IRIs' order, so a program comparing values by
order keeps the text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable, Iterable

import clingo

from reasoner.errors import Diagnostic, EngineError
from reasoner.rules import arith, ast

_ESCAPE = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n"})


@dataclass(frozen=True, slots=True)
class CompiledProgram:
    text: str
    rules: tuple[ast.Rule, ...]  # rules[i] is on line i + 1 of text


def value_text(value: ast.Value) -> str:
    """A rule value as a clingo term."""
    if isinstance(value, ast.Symbol):
        return value.name
    if isinstance(value, bool):
        raise EngineError(f"{value!r} is not a rule value")
    if isinstance(value, int):
        if not ast.INT32_MIN <= value <= ast.INT32_MAX:
            raise cannot_hold(f"the integer {value}", "its numbers are 32-bit")
        return str(value)
    if isinstance(value, float):
        raise cannot_hold(f"the float {value!r}", "it has no floats")
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPE) + '"'
    if isinstance(value, ast.Iri):
        return 'iri("' + value.value.translate(_ESCAPE) + '")'
    if isinstance(value, datetime.date):
        return f"date({value.year},{value.month},{value.day})"
    raise EngineError(f"{value!r} is not a rule value")


def cannot_hold(what: str, why: str) -> EngineError:
    """The one-line refusal, before clingo starts, of a value clingo cannot represent."""
    return EngineError(Diagnostic(
        "engine-capability", f"the clingo engine cannot hold {what}: {why}",
        hint="use the sparql engine for floats and 64-bit integers"))


class Arithmetic:
    """The grounding context of a program: ``@arith(op, A, B)`` computes with the shared
    reference semantics (reasoner.rules.arith), so dates and undefined cases (division by
    zero, a symbol added: no value, so the rule instance yields nothing) behave as on every
    engine. A result clingo cannot hold (beyond 32 bits) stops grounding with ``overflow``
    set, which the engine reports instead of a wrong model."""

    def __init__(self) -> None:
        self.overflow: str | None = None

    def arith(self, op: clingo.Symbol, left: clingo.Symbol, right: clingo.Symbol
              ) -> list[clingo.Symbol]:
        try:
            a, b = symbol_value(left), symbol_value(right)
        except EngineError:
            return []
        result = arith.apply(op.string, a, b)
        if result is None:
            return []
        if isinstance(result, int) and not ast.INT32_MIN <= result <= ast.INT32_MAX:
            self.overflow = f"{a} {op.string} {b} = {result}"
            raise OverflowError(self.overflow)
        return [clingo.parse_term(value_text(result))]


class IriNumbers:
    """IRIs as clingo numbers counted up from ``FIRST`` (near the lowest 32-bit number), and back.

    A number stands for one value only if no integer of the program or the facts falls in the
    IRIs' range (``clashes`` says so once every value went through :meth:`text`); counts, the
    only numbers rules make, are never negative. Equality and joins then mean the same as with
    the IRIs' text; order would not, so a program comparing by order keeps the text."""

    FIRST = ast.INT32_MIN + 1

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.iris: list[str] = []
        self.lowest_int = 0

    def text(self, value: ast.Value) -> str:
        """value_text, with an IRI as its number."""
        if not isinstance(value, ast.Iri):
            if isinstance(value, int) and value < self.lowest_int:
                self.lowest_int = value
            return value_text(value)
        number = self.number.get(value.value)
        if number is None:
            number = self.number[value.value] = self.FIRST + len(self.iris)
            self.iris.append(value.value)
        return str(number)

    @property
    def clashes(self) -> bool:
        return self.lowest_int < self.FIRST + len(self.iris)

    def value(self, number: int) -> ast.Value:
        """The rule value of a clingo number."""
        index = number - self.FIRST
        return ast.Iri(self.iris[index]) if 0 <= index < len(self.iris) else number


def symbol_value(symbol: clingo.Symbol, numbers: IriNumbers | None = None) -> ast.Value:
    """A clingo term back as a rule value (``numbers``: the IRIs numbered in the input)."""
    kind = symbol.type
    if kind == clingo.SymbolType.Number:
        return numbers.value(symbol.number) if numbers else symbol.number
    if kind == clingo.SymbolType.String:
        return symbol.string
    if kind == clingo.SymbolType.Function:
        args = symbol.arguments
        if not args:
            return ast.Symbol(symbol.name)
        if symbol.name == "iri" and len(args) == 1:
            return ast.Iri(args[0].string)
        if symbol.name == "date" and len(args) == 3:
            return datetime.date(args[0].number, args[1].number, args[2].number)
    raise EngineError(f"clingo returned a term outside the rule language: {symbol}")


ValueText = Callable[[ast.Value], str]  # value_text, or IriNumbers.text


def term_text(term: ast.Expr, text: ValueText = value_text) -> str:
    if isinstance(term, ast.BinOp):
        return f'@arith("{term.op}",{term_text(term.left, text)},{term_text(term.right, text)})'
    if isinstance(term, ast.Var):
        return "_" if term.anonymous else "V" + term.name  # V: clingo variables need A-Z
    return text(term.value)


def atom_text(atom: ast.Atom, text: ValueText = value_text) -> str:
    if not atom.args:
        return atom.pred
    return f"{atom.pred}({','.join(term_text(a, text) for a in atom.args)})"


def literal_text(literal: ast.BodyLiteral, text: ValueText = value_text) -> str:
    match literal:
        case ast.Atom():
            return atom_text(literal, text)
        case ast.Negation(atom=atom):
            return "not " + atom_text(atom, text)
        case ast.Comparison(op=op, left=left, right=right):
            return f"{term_text(left, text)}{op}{term_text(right, text)}"
        case ast.Aggregate(result=result, func=func, vars=vars_, body=body):
            counted = ",".join(term_text(v, text) for v in vars_)
            cond = ",".join(literal_text(lit, text) for lit in body)
            var = term_text(result, text)
            found = f"{var}=#{func}{{{counted}:{cond}}}"
            # clingo's min and max of nothing are #sup and #inf; the rules' have no value
            empty = {"min": "#sup", "max": "#inf"}.get(func)
            return f"{found},{var}!={empty}" if empty else found
    raise TypeError(literal)


def rule_text(rule: ast.Rule, text: ValueText = value_text) -> str:
    if rule.is_fact:
        return atom_text(rule.head, text) + "."
    return f"{atom_text(rule.head, text)}:-{','.join(literal_text(lit, text) for lit in rule.body)}."


def compile_program(program: ast.Program, text: ValueText = value_text) -> CompiledProgram:
    """One rule per line, so clingo's line numbers lead back to the rule and its span."""
    return CompiledProgram("\n".join(rule_text(r, text) for r in program.rules) + "\n",
                           program.rules)


def facts_text(rows_by_pred: Iterable[tuple[str, Iterable[tuple[ast.Value, ...]]]],
               text: ValueText = value_text) -> str:
    """All facts as one ASP text, for one bulk ``Control.add``."""
    text_of = _Texts(text).__getitem__  # a C call for a value seen before
    parts = []
    for pred, rows in rows_by_pred:
        opening = pred + "("
        for row in rows:
            parts.append(opening + ",".join(map(text_of, row)) + ")." if row else pred + ".")
    return "\n".join(parts) + "\n"


class _Texts(dict[ast.Value, str]):
    """Rule value -> clingo term text, made on first sight."""

    def __init__(self, text: ValueText) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, value: ast.Value) -> str:
        found = self[value] = self.text(value)
        return found


def show_text(program: ast.Program, heads: list[str]) -> str:
    """``#show (i, V0, ...) : head_i(V0, ...).`` for every head: the model as tuples tagged with
    the predicate's index, which decodes faster than atoms (no name lookups)."""
    arity = {r.head.pred: r.head.arity for r in program.rules}
    lines = ["#show."]
    for i, pred in enumerate(heads):
        vs = [f"V{k}" for k in range(arity[pred])]
        atom = f"{pred}({','.join(vs)})" if vs else pred
        lines.append(f"#show ({','.join([str(i), *vs])}{',' if not vs else ''}) : {atom}.")
    return "\n".join(lines) + "\n"


GUARD = "sum_guard__"  # no user predicate starts so: names are lower-case words


def sum_guards(program: ast.Program, text: ValueText = value_text) -> tuple[str, str]:
    """Rules and #show lines bounding every ``sum``: clingo's #sum wraps around silently past
    32 bits, so for each sum ``sum_guard__k(N, M)`` holds its tuple count N (over all groups)
    and its greatest absolute weight M; if N * M could pass 32 bits the engine refuses."""
    rules, shows = [], []
    sums = [lit for r in program.rules for lit in r.body
            if isinstance(lit, ast.Aggregate) and lit.func == "sum"]
    for k, agg in enumerate(sums):
        inner = [v for v in ast.body_vars(agg.body) if not v.anonymous]
        names = ",".join(dict.fromkeys(term_text(v, text) for v in (*agg.vars, *inner)))
        weight = term_text(agg.vars[0], text)
        cond = ",".join(literal_text(lit, text) for lit in agg.body)
        rules.append(f"{GUARD}{k}(N,M):-N=#count{{{names}:{cond}}},"
                     f"M=#max{{|{weight}|,{names}:{cond}}},M!=#inf.")
        shows.append(f"#show {GUARD}{k}/2.")
    return "\n".join(rules) + "\n", "\n".join(shows) + "\n"
