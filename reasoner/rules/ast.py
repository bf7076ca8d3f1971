"""The rule-language AST: frozen, slotted dataclasses with tuple children and a span.

Constant values form a small closed set, :data:`Value`: :class:`Symbol` (``russia``),
:class:`Iri` (``<http://...>``), ``str`` (``"..."``), ``int`` (64-bit signed), ``float``
(finite doubles) and ``datetime.date`` (``2022-02-04``). Every engine maps exactly these values
to its own terms and back, and orders them the same way (see :func:`sort_key`); an engine that
cannot hold some of them (clingo: floats and integers beyond 32 bits) says so before it starts.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral, TypeAlias

from reasoner.errors import Span

SYMBOL_NAME = re.compile(r"[a-z][A-Za-z0-9_]*\Z")
RESERVED = frozenset({"not"})  # a keyword in the rule language and in clingo
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # rule integers are 64-bit
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1  # what clingo's numbers hold


@dataclass(frozen=True, slots=True, order=True)
class Symbol:
    """A lower-case constant such as ``russia`` or ``united_kingdom``."""

    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not SYMBOL_NAME.match(self.name) or \
                self.name in RESERVED:
            raise ValueError(f"not a symbol name (lower snake case expected): {self.name!r}")

    def __hash__(self) -> int:  # the generated one builds a tuple per call: millions per read
        return hash(self.name)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def checked_before(cls, name: str) -> Symbol:
        """A symbol whose name was checked when it was first made (read back from storage)."""
        symbol = object.__new__(cls)
        object.__setattr__(symbol, "name", name)
        return symbol


@dataclass(frozen=True, slots=True, order=True)
class Iri:
    """An IRI constant, written ``<http://example.org/x>`` or ``ex:x`` in rules."""

    value: str

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return f"<{self.value}>"


Value: TypeAlias = Symbol | Iri | str | int | float | datetime.date
VALUE_TYPES = (Symbol, Iri, str, int, float, datetime.date)

# Cross-kind order, identical in every engine (it is clingo's own term order):
# numbers < symbols < strings < IRIs < dates; within a kind, the natural order. Integers and
# floats are one kind for order (1 < 1.5 < 2), but never the same value: 1 = 1.0 is false, and
# neither of 1 and 1.0 is less than the other.
_RANK = {int: 0, float: 0, Symbol: 1, str: 2, Iri: 3, datetime.date: 4}


def value_error(value: object) -> str | None:
    """Why ``value`` is not a rule value, or None if it is one."""
    if isinstance(value, bool) or type(value) not in _RANK:
        kind = type(value).__name__
        return f"{value!r} ({kind}) is not a rule value: use Symbol, Iri, str, int, float or date"
    if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
        return f"integer {value} is outside the 64-bit range of rule integers"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float {value} is not a finite number"
    return None


def sort_key(value: Value) -> tuple[int, object]:
    """The engine-independent order of values (the order ``<`` compares in rules)."""
    rank = _RANK[type(value)]
    if isinstance(value, Symbol):
        return rank, value.name
    if isinstance(value, Iri):
        return rank, value.value
    return rank, value


@dataclass(frozen=True, slots=True)
class Var:
    """A variable; ``_`` is anonymous (every occurrence is a fresh variable)."""

    name: str
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def anonymous(self) -> bool:
        return self.name == "_"


@dataclass(frozen=True, slots=True)
class Const:
    value: Value
    span: Span | None = field(default=None, compare=False, repr=False)


Term: TypeAlias = Var | Const

ArithOp: TypeAlias = TypingLiteral["+", "-", "*", "/", "mod"]
ARITH_OPS = ("+", "-", "*", "/", "mod")


@dataclass(frozen=True, slots=True)
class BinOp:
    """``left op right``: integer, float and date arithmetic (see reasoner.rules.arith).

    Allowed in comparisons (``D2 - D1 <= 7``), in bindings (``N = M + 1``) and in heads; an
    instance whose arithmetic is undefined (division by zero, a symbol added) yields nothing.
    """

    op: ArithOp
    left: "Expr"
    right: "Expr"
    span: Span | None = field(default=None, compare=False, repr=False)


Expr: TypeAlias = Var | Const | BinOp


@dataclass(frozen=True, slots=True)
class Atom:
    pred: str
    args: tuple[Expr, ...] = ()  # arithmetic (BinOp) only in heads: checks.py enforces it
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def arity(self) -> int:
        return len(self.args)


@dataclass(frozen=True, slots=True)
class Negation:
    atom: Atom
    span: Span | None = field(default=None, compare=False, repr=False)


CompareOp: TypeAlias = TypingLiteral["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Comparison:
    op: CompareOp
    left: Expr
    right: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


AggFunc: TypeAlias = TypingLiteral["count", "sum", "min", "max"]
AGG_FUNCS = ("count", "sum", "min", "max")


@dataclass(frozen=True, slots=True)
class Aggregate:
    """``result = func { vars : body }`` over the distinct ``vars`` tuples of ``body``
    (clingo's tuple semantics): ``count`` counts them, ``sum`` adds their first elements (the
    numbers among them; 0 for none), ``min`` and ``max`` take the least and greatest first
    element in the value order (none for no tuples)."""

    result: Var
    func: AggFunc
    vars: tuple[Var, ...]
    body: tuple["BodyLiteral", ...]
    span: Span | None = field(default=None, compare=False, repr=False)


BodyLiteral: TypeAlias = Atom | Negation | Comparison | Aggregate


@dataclass(frozen=True, slots=True)
class Rule:
    """``head :- body.``; a fact is a rule with an empty body."""

    head: Atom
    body: tuple[BodyLiteral, ...] = ()
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def is_fact(self) -> bool:
        return not self.body


@dataclass(frozen=True, slots=True)
class Query:
    """``?- body.``: a conjunction whose variables are the answer columns."""

    body: tuple[BodyLiteral, ...]
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def variables(self) -> tuple[Var, ...]:
        """Named variables in order of first appearance; a variable local to a ``count`` is
        not a column (its result is)."""
        seen: dict[str, Var] = {}
        for literal in self.body:
            found = (literal.result,) if isinstance(literal, Aggregate) else literal_vars(literal)
            for var in found:
                if not var.anonymous:
                    seen.setdefault(var.name, var)
        return tuple(seen.values())


# The column types of a ``.decl`` (Soufflé's, plus the rule language's own kinds of value).
TYPES = ("symbol", "number", "float", "string", "date", "iri")
TYPE_OF: dict[type, str] = {Symbol: "symbol", int: "number", float: "float", str: "string",
                            datetime.date: "date", Iri: "iri"}


@dataclass(frozen=True, slots=True)
class Decl:
    """``.decl edge(x: symbol, y: symbol)``: a predicate's columns, named and typed."""

    pred: str
    columns: tuple[tuple[str, str], ...]  # (name, type)
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def arity(self) -> int:
        return len(self.columns)


@dataclass(frozen=True, slots=True)
class Io:
    """``.input edge`` or ``.output path(delimiter=",")``: a relation read from or written to
    a file; ``options`` as written (``filename``, ``delimiter``)."""

    kind: TypingLiteral["input", "output"]
    pred: str
    options: tuple[tuple[str, str], ...] = ()
    span: Span | None = field(default=None, compare=False, repr=False)

    def option(self, name: str, default: str) -> str:
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class Program:
    rules: tuple[Rule, ...] = ()
    queries: tuple[Query, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()
    # source name -> text, for rendering carets; not part of the program's meaning
    texts: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    decls: tuple[Decl, ...] = ()
    io: tuple[Io, ...] = ()

    @property
    def inputs(self) -> tuple[Io, ...]:
        return tuple(d for d in self.io if d.kind == "input")

    @property
    def outputs(self) -> tuple[Io, ...]:
        return tuple(d for d in self.io if d.kind == "output")

    def decl(self, pred: str) -> Decl | None:
        """The ``.decl`` of ``pred`` (the first, if several arities are declared)."""
        return next((d for d in self.decls if d.pred == pred), None)

    def source_line(self, span: Span | None) -> str | None:
        """The text of the line ``span`` starts on, if the source is known."""
        if span is None:
            return None
        text = dict(self.texts).get(span.source)
        if text is None:
            return None
        return line_at(text, span)


def line_at(text: str, span: Span) -> str | None:
    """The line of ``text`` that ``span`` starts on, found from the span's offset.

    Not by splitting the whole text: a program with thousands of diagnostics would take
    quadratic time, and lark counts lines by "\\n" only (``splitlines`` also splits on form
    feeds, "\\u2028" and more, and so could show a different line).
    """
    if span.start == 0 and span.line > 1:  # a span without offsets: count lines
        lines = text.split("\n")
        return lines[span.line - 1].rstrip("\r") if 0 < span.line <= len(lines) else None
    if not 0 <= span.start <= len(text):
        return None
    begin = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.start)
    return text[begin:end if end >= 0 else len(text)].rstrip("\r")


def term_vars(term: Expr) -> tuple[Var, ...]:
    """The variable occurrences of a term or an arithmetic expression, left to right."""
    if isinstance(term, BinOp):
        return term_vars(term.left) + term_vars(term.right)
    return (term,) if isinstance(term, Var) else ()


def expr_consts(term: Expr) -> tuple[Const, ...]:
    """The constants of a term or an arithmetic expression."""
    if isinstance(term, BinOp):
        return expr_consts(term.left) + expr_consts(term.right)
    return (term,) if isinstance(term, Const) else ()


def has_arithmetic(program: Program) -> bool:
    """Whether some rule or query computes (arithmetic, or sum/min/max)."""
    def computes(body: tuple[BodyLiteral, ...]) -> bool:
        for lit in body:
            match lit:
                case Comparison(left=left, right=right) if isinstance(left, BinOp) or \
                        isinstance(right, BinOp):
                    return True
                case Aggregate(func=func, body=inner) if func != "count" or computes(inner):
                    return True
        return False
    return any(computes(r.body) or any(isinstance(a, BinOp) for a in r.head.args)
               for r in program.rules) or any(computes(q.body) for q in program.queries)


def literal_vars(literal: BodyLiteral) -> tuple[Var, ...]:
    """Every variable occurrence in ``literal`` (aggregate bodies included)."""
    match literal:
        case Atom(args=args):
            return tuple(v for a in args for v in term_vars(a))
        case Negation(atom=atom):
            return literal_vars(atom)
        case Comparison(left=left, right=right):
            return term_vars(left) + term_vars(right)
        case Aggregate(result=result, vars=vars_, body=body):
            return (result, *vars_, *body_vars(body))
    raise TypeError(literal)


def global_vars(literal: BodyLiteral) -> tuple[Var, ...]:
    """The variables ``literal`` shares with the rest of its rule: all of them, except that an
    aggregate shows only its result (its inner variables are its own unless they occur
    outside every aggregate, as in clingo)."""
    return (literal.result,) if isinstance(literal, Aggregate) else literal_vars(literal)


def body_vars(body: tuple[BodyLiteral, ...]) -> tuple[Var, ...]:
    return tuple(v for lit in body for v in literal_vars(lit))


def literal_vars_atoms(body: tuple[BodyLiteral, ...]) -> tuple[Atom, ...]:
    """The atoms of ``body``, positive and negated (aggregate bodies included)."""
    return tuple(atom for atom, _ in body_atoms(body))


def body_atoms(body: tuple[BodyLiteral, ...]) -> tuple[tuple[Atom, str], ...]:
    """Every atom in ``body`` with how it is used: ``"pos"``, ``"not"`` or ``"count"``."""
    found: list[tuple[Atom, str]] = []
    for lit in body:
        match lit:
            case Atom():
                found.append((lit, "pos"))
            case Negation(atom=atom):
                found.append((atom, "not"))
            case Aggregate(body=inner):
                found.extend((atom, "count") for atom, _ in body_atoms(inner))
    return tuple(found)


def predicate_arities(program: Program) -> dict[str, int]:
    """Every predicate the program mentions (heads and bodies), with its arity."""
    found: dict[str, int] = {}
    for rule in program.rules:
        found.setdefault(rule.head.pred, rule.head.arity)
        for atom, _ in body_atoms(rule.body):
            found.setdefault(atom.pred, atom.arity)
    return found
