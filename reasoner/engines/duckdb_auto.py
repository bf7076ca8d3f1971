"""``--engine auto``: clingo for small inputs, duckdb for large ones.

Imports no engine library, so the choice costs nothing before a run.
"""

from __future__ import annotations

import importlib.util

# Base facts from which duckdb is faster than clingo on the shipped rules (measured with
# ``python -m reasoner.engines.duckdb_bench``; see docs/rules.md, "duckdb"). Below it,
# clingo's start-up is lower than DuckDB's (a database, tables, one statement per rule).
AUTO_THRESHOLD = 10_000


def choose_engine(fact_count: int) -> str:
    """The engine ``--engine auto`` runs for ``fact_count`` base facts.

    ``"duckdb"`` from AUTO_THRESHOLD facts on, where it was measured faster than clingo on
    the shipped rules, and ``"clingo"`` (the reference engine) below it or when the duckdb
    package is not installed.

    >>> choose_engine(100)
    'clingo'
    """
    if fact_count >= AUTO_THRESHOLD and importlib.util.find_spec("duckdb") is not None:
        return "duckdb"
    return "clingo"
