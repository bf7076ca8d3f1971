"""DistinctRows: a list of distinct rows that behaves as a set without hashing up front."""

from __future__ import annotations

import pickle

from reasoner.rules.ast import Iri, Symbol
from reasoner.rules.rows import DistinctRows

A, B, C = (Symbol("a"),), (Symbol("b"),), (Iri("http://example.org/c"),)


def test_it_is_a_set_of_its_rows() -> None:
    rows = DistinctRows([A, B])
    assert len(rows) == 2 and list(rows) == [A, B]
    assert A in rows and C not in rows
    assert rows == {A, B} and {A, B} == rows and rows != {A}


def test_set_operations_give_frozensets_either_way_round() -> None:
    rows = DistinctRows([A, B])
    assert frozenset({A, C}) - rows == {C} and rows - {A} == {B}
    assert rows - DistinctRows([B]) == {A}
    assert (rows | {C}) == {A, B, C} and isinstance(rows | {C}, frozenset)
    assert rows & {B, C} == {B}


def test_it_survives_pickling_for_worker_processes() -> None:
    rows = pickle.loads(pickle.dumps(DistinctRows([A, C])))
    assert rows == {A, C} and C in rows
