"""Rule values <-> BIGINT ids, for the DuckDB engine.

Every value gets an integer id whose order is the rule language's value order
(:func:`reasoner.rules.ast.sort_key`), so SQL compares ids where the rules compare values:

* an integer is its own id (rule integers are 32-bit, so ids stay below ``BASE``);
* every other value gets an id from ``BASE`` upwards, in value order: symbols, then strings,
  then IRIs, then dates, each kind sorted naturally.

A count computed in SQL is therefore already the id of the integer it is, and ``<`` between
ids is ``<`` between values, across kinds too. The interning is per evaluation: the ids of
one run mean nothing in another.

Facts arrive as millions of small Python objects, and hashing a Symbol or an Iri runs Python
code. So the work goes column by column: a column of one kind (the usual case) is keyed by
its names or IRI texts (str objects, hashed in C) through ``map``, with no Python code per
value; only columns that mix kinds take the slow path.
"""

from __future__ import annotations

import datetime
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from reasoner.engines.base import Facts, fact_arities
from reasoner.rules import ast

BASE = 2**31  # the first id of a non-integer value; integers are below it

KINDS: tuple[type, ...] = (ast.Symbol, str, ast.Iri, datetime.date)  # in value order
_KEY: Mapping[type, Callable[[Any], Any]] = MappingProxyType({  # a key hashed in C, same order
    ast.Symbol: operator.attrgetter("name"),
    str: str.__str__,
    ast.Iri: operator.attrgetter("value"),
    datetime.date: datetime.date.__str__,  # ISO text: orders like the dates (years 1-9999)
})


def kind_and_text(value: ast.Value) -> tuple[str, str]:
    """How ``compile_sql`` shows a constant: its kind and its text (``iri``, ``http://...``)."""
    names = {ast.Symbol: "symbol", str: "string", ast.Iri: "iri", datetime.date: "date"}
    return names[type(value)], _KEY[type(value)](value)


def _split(column: Sequence[ast.Value]) -> Iterator[tuple[type, Sequence[ast.Value]]]:
    """The column's values grouped by kind (one group, without copying, if it has one kind)."""
    kinds = set(map(type, column))
    if len(kinds) == 1:
        yield kinds.pop(), column
        return
    groups: dict[type, list[ast.Value]] = {}
    for value in column:
        groups.setdefault(type(value), []).append(value)
    yield from groups.items()


class Dictionary:
    """The ids of one evaluation's values: those of the given columns and constants."""

    def __init__(self, columns: Iterable[Sequence[ast.Value]],
                 constants: Iterable[ast.Value] = ()) -> None:
        found: dict[type, dict[Any, ast.Value]] = {kind: {} for kind in KINDS}
        for column in (*columns, list(constants)):
            for kind, values in _split(column):
                if kind is not int:
                    found[kind].update(zip(map(_KEY[kind], values), values))
        self._ids: dict[type, dict[Any, int]] = {}
        self._values: list[ast.Value] = []
        for kind in KINDS:
            keys = sorted(found[kind])
            start = BASE + len(self._values)
            self._ids[kind] = {key: start + i for i, key in enumerate(keys)}
            self._values += [found[kind][key] for key in keys]
        self._by_id: dict[int, ast.Value] = dict(zip(itertools.count(BASE), self._values))

    def __len__(self) -> int:
        return len(self._values)

    def id_of(self, value: ast.Value) -> int:
        """The id of a value this dictionary was built with."""
        if type(value) is int:
            return value  # type: ignore[return-value]
        return self._ids[type(value)][_KEY[type(value)](value)]

    def sql_of(self, value: ast.Value) -> str:
        """The id as an SQL literal (the constants of compiled rules)."""
        return str(self.id_of(value))

    def encode(self, column: Sequence[ast.Value]) -> Iterable[int]:
        """A column of values as ids."""
        kinds = set(map(type, column))
        if kinds == {int}:
            return column  # type: ignore[return-value]
        if len(kinds) == 1:
            kind = kinds.pop()
            return map(self._ids[kind].__getitem__, map(_KEY[kind], column))
        return map(self.id_of, column)

    def decode(self, column: Iterable[int]) -> Iterator[ast.Value]:
        """A column of ids back as values (an integer is its own id)."""
        column = list(column)
        return map(self._by_id.get, column, column)  # type: ignore[arg-type]


Columns = tuple[Sequence[ast.Value], ...]  # one predicate's facts, column by column

_VALUE_KINDS = frozenset((int, *KINDS))  # exact types: bool and datetime are not values


def fact_columns(facts: Facts) -> dict[str, Columns]:
    """Each predicate's facts (non-empty ones only) as columns, checked as base.prepare
    checks them (else EngineError).

    The check runs on whole columns with C-level ``map``/``set``/``min``/``max``: the
    per-value Python calls of ``base.fact_arities`` cost seconds per million facts. Only a
    predicate this check doubts (a tuple subclass, a bad value...) goes through
    ``fact_arities``, which raises the usual error or lets it pass.
    """
    out: dict[str, Columns] = {}
    for pred, rows in facts.items():
        if not rows:
            continue
        columns = _clean_columns(pred, rows)
        if columns is None:
            fact_arities({pred: rows})
            columns = tuple(zip(*rows))
        out[pred] = columns
    return out


def _clean_columns(pred: str, rows: Iterable[Any]) -> Columns | None:
    """The columns of ``rows`` if every row is a tuple of one length holding rule values."""
    if not ast.SYMBOL_NAME.match(pred) or set(map(type, rows)) != {tuple} or \
            len(set(map(len, rows))) != 1:
        return None
    columns = tuple(zip(*rows))
    if not columns:  # propositions: rows of no values
        return ()
    return columns if all(map(_clean_column, columns)) else None


def _clean_column(column: Sequence[Any]) -> bool:
    kinds = set(map(type, column))
    if not kinds <= _VALUE_KINDS:
        return False
    if int not in kinds:
        return True
    ints = column if len(kinds) == 1 else [v for v in column if type(v) is int]
    return ast.INT_MIN <= min(ints) and max(ints) <= ast.INT_MAX


def program_constants(program: ast.Program) -> list[ast.Value]:
    """Every constant the program's rules mention."""
    found: list[ast.Value] = []
    for rule in program.rules:
        found += (t.value for t in rule.head.args if isinstance(t, ast.Const))
        found += _literal_constants(rule.body)
    return found


def _literal_constants(body: tuple[ast.BodyLiteral, ...]) -> Iterator[ast.Value]:
    for lit in body:
        match lit:
            case ast.Atom(args=args) | ast.Negation(atom=ast.Atom(args=args)):
                yield from (a.value for a in args if isinstance(a, ast.Const))
            case ast.Comparison(left=left, right=right):
                yield from (t.value for t in (left, right) if isinstance(t, ast.Const))
            case ast.Aggregate(body=inner):
                yield from _literal_constants(inner)
