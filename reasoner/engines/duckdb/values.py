"""Rule values <-> BIGINT ids, for the DuckDB engine.

Every value gets an integer id, so SQL compares ids where the rules compare values:

* an integer is its own id; the engine holds integers in [-2**62, 2**62) (below ``BASE``) and
  says so before it starts if the input has others, or floats, which it does not hold;
* a date's id is ``DATE_BASE`` plus its ordinal, so SQL computes with dates as with days
  (``D2 - D1``, ``D + 7``) and dates come after every other kind;
* every other value gets an id from ``BASE`` upwards.

When the program compares values by order (``<``, ``<=``, ``>``, ``>=``), the ids follow the
rule language's value order (:func:`reasoner.rules.ast.sort_key`): symbols, then strings,
then IRIs, then dates, each kind sorted naturally, so ``<`` between ids is ``<`` between
values, across kinds too. Otherwise only equality matters and the ids follow first sight:
sorting millions of IRIs would cost seconds for nothing. A count computed in SQL is already
the id of the integer it is. The interning is per evaluation: the ids of one run mean
nothing in another.

Facts arrive as millions of small Python objects scattered in memory: every pass over them
costs some 100 ns a value in cache misses alone, and hashing a Symbol or an Iri runs Python
code. So the work goes column by column, in as few passes as possible: a column's kinds are
found once (:class:`Column`), and a column of one kind (the usual case) is keyed by its
names or IRI texts (str objects, hashed in C) through ``map``, with no Python code per
value; only columns that mix kinds take the slow path.
"""

from __future__ import annotations

import datetime
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from reasoner.engines.base import Facts, fact_arities, literals_within
from reasoner.errors import Diagnostic, EngineError, RuleCheckError
from reasoner.rules.checks import check_program, errors_of
from reasoner.rules import ast

BASE = 2**62  # the first id of a non-integer value; integers are below it
INT_LOW = -(2**62)  # the least integer the engine holds
DATE_BASE = 2**62 + 2**61  # a date's id is DATE_BASE + its ordinal (0001-01-01 is 1)
DATE_LAST = DATE_BASE + datetime.date.max.toordinal()

KINDS: tuple[type, ...] = (ast.Symbol, str, ast.Iri)  # in value order; dates come after
_KEY: Mapping[type, Callable[[Any], Any]] = MappingProxyType({  # a key hashed in C, same order
    ast.Symbol: operator.attrgetter("name"),
    str: str.__str__,
    ast.Iri: operator.attrgetter("value"),
    datetime.date: datetime.date.__str__,  # ISO text: orders like the dates (years 1-9999)
})
_VALUE_KINDS = frozenset((int, datetime.date, *KINDS))  # exact types: bool, float, datetime are not


def kind_and_text(value: ast.Value) -> tuple[str, str]:
    """How ``compile_sql`` shows a constant: its kind and its text (``iri``, ``http://...``)."""
    names = {ast.Symbol: "symbol", str: "string", ast.Iri: "iri", datetime.date: "date"}
    return names[type(value)], _KEY[type(value)](value)


@dataclass(frozen=True, slots=True)
class Column:
    """The values at one argument position of a predicate's facts, and their kinds."""

    values: Sequence[Any]
    kinds: frozenset[type]

    @classmethod
    def of(cls, values: Sequence[Any]) -> Column:
        return cls(values, frozenset(map(type, values)))

    def groups(self) -> Iterator[tuple[type, Sequence[Any]]]:
        """The values by kind (one group, without copying, if the column has one kind)."""
        if len(self.kinds) == 1:
            yield next(iter(self.kinds)), self.values
            return
        groups: dict[type, list[Any]] = {}
        for value in self.values:
            groups.setdefault(type(value), []).append(value)
        yield from groups.items()

    def holds_rule_values(self) -> bool:
        if not self.kinds <= _VALUE_KINDS:
            return False
        if int not in self.kinds:
            return True
        ints = self.values if len(self.kinds) == 1 else \
            [v for v in self.values if type(v) is int]
        return INT_LOW <= min(ints) and max(ints) < BASE


def refuse_unheld(values: Iterable[Any], where: str, engine: str = "duckdb") -> None:
    """The one-line refusal, before the engine starts, of a value it cannot hold."""
    for value in values:
        if type(value) is float:
            raise cannot_hold(f"the float {value!r} ({where})", "it has no floats", engine)
        if type(value) is int and not INT_LOW <= value < BASE:
            raise cannot_hold(f"the integer {value} ({where})",
                              "its integers lie in [-2**62, 2**62)", engine)


def cannot_hold(what: str, why: str, engine: str = "duckdb") -> EngineError:
    return EngineError(Diagnostic("engine-capability",
                                  f"the {engine} engine cannot hold {what}: {why}",
                                  hint="use the sparql engine for floats"))


def fact_columns(facts: Facts, engine: str = "duckdb") -> dict[str, tuple[Column, ...]]:
    """Each predicate's facts (non-empty ones only) as columns, checked as base.prepare
    checks them (else EngineError).

    The check runs on whole columns with C-level ``map``/``set``/``min``/``max``: the
    per-value Python calls of ``base.fact_arities`` cost seconds per million facts. Only a
    predicate this check doubts (a list for a row, a bad value...) goes through
    ``fact_arities``, which raises the usual error or lets it pass.
    """
    out: dict[str, tuple[Column, ...]] = {}
    for pred, rows in facts.items():
        if not rows:
            continue
        columns = _clean_columns(pred, rows)
        if columns is None:
            fact_arities({pred: rows})
            refuse_unheld((v for row in rows for v in row), f"a fact of {pred}", engine)
            lengths = sorted(set(map(len, rows)))
            if len(lengths) > 1:  # the engine splits a name by arity before it gets here
                raise EngineError(f"facts of '{pred}' mix {lengths[0]} and {lengths[1]} values")
            columns = tuple(map(Column.of, zip(*rows)))
        out[pred] = columns
    return out


def checked_columns(program: ast.Program, facts: Facts, engine: str = "duckdb"
                    ) -> dict[str, tuple[Column, ...]]:
    """The facts as columns (:func:`fact_columns`), the program checked against them:
    RuleCheckError for its errors, EngineError for values the engine cannot hold."""
    columns = fact_columns(facts, engine)
    errors = errors_of(check_program(program, edb={p: len(c) for p, c in columns.items()}))
    if errors:
        raise RuleCheckError(*errors)
    return columns


def _clean_columns(pred: str, rows: Iterable[Any]) -> tuple[Column, ...] | None:
    """The columns of ``rows`` if every row is a tuple of one length holding rule values."""
    if not ast.SYMBOL_NAME.match(pred):
        return None
    try:
        lengths = set(map(tuple.__len__, rows))  # one pass: raises unless every row is a tuple
    except TypeError:
        return None
    if len(lengths) != 1:
        return None
    columns = tuple(map(Column.of, zip(*rows)))
    return columns if all(c.holds_rule_values() for c in columns) else None


class Dictionary:
    """The ids of one evaluation's values: those of the given columns and constants, in
    value order if ``ordered`` (else in order of first sight)."""

    def __init__(self, columns: Iterable[Column], constants: Iterable[ast.Value] = (), *,
                 ordered: bool = True) -> None:
        found: dict[type, dict[Any, ast.Value]] = {kind: {} for kind in KINDS}
        for column in (*columns, Column.of(list(constants))):
            for kind, values in column.groups():
                if kind in found:
                    found[kind].update(zip(map(_KEY[kind], values), values))
        self._ids: dict[type, dict[Any, int]] = {}
        self._values: list[ast.Value] = []
        for kind in KINDS:
            keys = sorted(found[kind]) if ordered else list(found[kind])
            self._ids[kind] = dict(zip(keys, itertools.count(BASE + len(self._values))))
            self._values += map(found[kind].__getitem__, keys)
        self._by_id: dict[int, ast.Value] = dict(zip(itertools.count(BASE), self._values))

    def __len__(self) -> int:
        return len(self._values)

    def id_of(self, value: ast.Value) -> int:
        """The id of a value this dictionary was built with (any integer or date)."""
        if type(value) is int:
            return value  # type: ignore[return-value]
        if type(value) is datetime.date:
            return DATE_BASE + value.toordinal()  # type: ignore[union-attr]
        return self._ids[type(value)][_KEY[type(value)](value)]

    def sql_of(self, value: ast.Value) -> str:
        """The id as an SQL literal (the constants of compiled rules)."""
        return str(self.id_of(value))

    def encode(self, column: Column) -> Iterable[int]:
        """A column of values as ids."""
        if column.kinds == {int}:
            return column.values
        if column.kinds == {datetime.date}:
            return map(DATE_BASE.__add__, map(datetime.date.toordinal, column.values))
        if len(column.kinds) == 1:
            kind = next(iter(column.kinds))
            return map(self._ids[kind].__getitem__, map(_KEY[kind], column.values))
        return map(self.id_of, column.values)

    def decode(self, column: Iterable[int]) -> Iterator[ast.Value]:
        """A column of ids back as values (an integer is its own id, a date its ordinal
        past DATE_BASE)."""
        column = list(column)
        if column and max(column) >= DATE_BASE:
            return map(self._value_of, column)
        return map(self._by_id.get, column, column)  # type: ignore[arg-type]

    def _value_of(self, id_: int) -> ast.Value:
        if id_ >= DATE_BASE:
            return datetime.date.fromordinal(id_ - DATE_BASE)
        return self._by_id.get(id_, id_)


def program_constants(program: ast.Program, engine: str = "duckdb") -> list[ast.Value]:
    """Every constant the program's rules mention."""
    found: list[ast.Value] = []
    for rule in program.rules:
        found += (t.value for t in rule.head.args if isinstance(t, ast.Const))
        for lit in literals_within(rule.body):
            match lit:
                case ast.Atom(args=args) | ast.Negation(atom=ast.Atom(args=args)):
                    found += (a.value for a in args if isinstance(a, ast.Const))
                case ast.Comparison(left=left, right=right):
                    found += (c.value for t in (left, right) for c in ast.expr_consts(t))
    refuse_unheld(found, "a constant of the rules", engine)
    return found
