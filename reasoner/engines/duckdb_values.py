"""Rule values <-> BIGINT ids, for the DuckDB engine.

Every value gets an integer id whose order is the rule language's value order
(:func:`reasoner.rules.ast.sort_key`), so SQL compares ids where the rules compare values:

* an integer is its own id (rule integers are 32-bit, so ids stay below ``BASE``);
* every other value gets an id from ``BASE`` upwards, in value order: symbols, then strings,
  then IRIs, then dates, each kind sorted naturally.

A count computed in SQL is therefore already the id of the integer it is, and ``<`` between
ids is ``<`` between values, across kinds too. The interning is per evaluation: the ids of
one run mean nothing in another.
"""

from __future__ import annotations

import datetime
from itertools import chain
from typing import Collection, Iterable, Iterator

from reasoner.rules import ast

BASE = 2**31  # the first id of a non-integer value; integers are below it

KINDS = ("symbol", "string", "iri", "date")  # the non-integer kinds, in value order


def kind_and_text(value: ast.Value) -> tuple[str, str]:
    """How ``compile_sql`` shows a constant: its kind and its text (``iri``, ``http://...``)."""
    if isinstance(value, ast.Symbol):
        return "symbol", value.name
    if isinstance(value, ast.Iri):
        return "iri", value.value
    if isinstance(value, str):
        return "string", value
    if isinstance(value, datetime.date):
        return "date", value.isoformat()
    raise TypeError(value)


class Dictionary:
    """The ids of one evaluation's values (facts and program constants)."""

    def __init__(self, values: Iterable[ast.Value]) -> None:
        by_kind: dict[type, set[ast.Value]] = {}
        for value in values:
            by_kind.setdefault(type(value), set()).add(value)
        ints = by_kind.pop(int, set())
        ordered: list[ast.Value] = []
        for kind in (ast.Symbol, str, ast.Iri, datetime.date):
            ordered += sorted(by_kind.get(kind, ()), key=ast.sort_key)  # type: ignore[arg-type]
        self._values: dict[int, ast.Value] = dict(enumerate(ordered, BASE))
        self._ids: dict[ast.Value, int] = {v: i for i, v in self._values.items()}
        self._texts: dict[ast.Value, str] = {v: str(i) for v, i in self._ids.items()}
        self._texts.update((v, str(v)) for v in ints)

    def __len__(self) -> int:
        return len(self._values)

    def id_of(self, value: ast.Value) -> int:
        """The id of a value this dictionary was built with."""
        if isinstance(value, int):
            return value
        return self._ids[value]

    def sql_of(self, value: ast.Value) -> str:
        """The id as an SQL literal (the constants of compiled rules)."""
        return str(self.id_of(value))

    def csv_lines(self, rows: Iterable[tuple[ast.Value, ...]]) -> Iterator[str]:
        """Rows as CSV lines of ids (an empty row, of a proposition, as ``0``)."""
        text = self._texts.__getitem__
        for row in rows:
            yield ",".join(map(text, row)) if row else "0"

    def decode_columns(self, columns: list[list[int]], arity: int
                       ) -> set[tuple[ast.Value, ...]]:
        """Columns of ids (as read from a table) back to rows of values."""
        if arity == 0:
            return {()} if columns and columns[0] else set()
        get = self._values.get
        decoded = [list(map(get, column, column)) for column in columns]
        return set(zip(*decoded))  # type: ignore[arg-type]


def values_of(rows_by_pred: Iterable[Collection[tuple[ast.Value, ...]]]) -> set[ast.Value]:
    """Every distinct value in the given rows."""
    found: set[ast.Value] = set()
    for rows in rows_by_pred:
        found.update(chain.from_iterable(rows))
    return found


def program_constants(program: ast.Program) -> set[ast.Value]:
    """Every constant the program's rules mention."""
    found: set[ast.Value] = set()
    for rule in program.rules:
        found.update(t.value for t in rule.head.args if isinstance(t, ast.Const))
        found.update(_literal_constants(rule.body))
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
