"""Rows known to be distinct, held as a list: a set without hashing each row up front.

Reading millions of facts from the fact table (reasoner/stores/fact_table.py), hashing them
into Python sets cost more than everything else the read did (at 1,000,000 events, 14 of 17 s:
a tuple's hash calls the hash of each Symbol and Iri in it, in Python). The table's
``SELECT DISTINCT`` already makes the rows distinct, and the engines only iterate over them;
:class:`DistinctRows` is a :class:`collections.abc.Set` over the list, which builds its hash
set on the first membership test (``row in rows``, ``a - b``) and never before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any

from reasoner.rules.ast import Value

Row = tuple[Value, ...]


class DistinctRows(Set[Row]):
    """Distinct rows in a list (the caller vouches that none repeats)."""

    __slots__ = ("_rows", "_set")

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._set: frozenset[Row] | None = None

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, row: object) -> bool:
        if self._set is None:
            self._set = frozenset(self._rows)
        return row in self._set

    @classmethod
    def _from_iterable(cls, rows: Iterable[Any]) -> frozenset[Row]:
        return frozenset(rows)  # what set operations (a - b, a | b) make

    def __hash__(self) -> int:
        return hash(frozenset(self))

    def __repr__(self) -> str:
        return f"DistinctRows({len(self._rows)} rows)"
