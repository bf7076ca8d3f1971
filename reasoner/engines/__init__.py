"""Engines: one interface (base.Engine), several backends, loaded lazily by name.

Adding an engine is one new subpackage with a subclass of base.BaseEngine (its ``derive``,
and class attributes saying what it can do) plus one line in ``ENGINES``. Importing this
package imports no engine library; the ``auto`` choice (:func:`choose_engine`) lives here too.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import fields, is_dataclass
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from reasoner.engines.base import BaseEngine, Engine, Facts, Model, Row
from reasoner.errors import EngineError, did_you_mean
from reasoner.rules.ast import INT32_MAX, INT32_MIN, Const, Program

__all__ = ["AUTO_THRESHOLD", "DEFAULT_ENGINE", "ENGINES", "BaseEngine", "Engine", "Facts", "Model",
           "Row", "available_engines", "choose_engine", "engine_for_size", "get_engine"]

# name -> "module:Class"; read-only, so no module holds mutable state.
ENGINES: Mapping[str, str] = MappingProxyType({
    "clingo": "reasoner.engines.clingo.engine:ClingoEngine",
    "duckdb": "reasoner.engines.duckdb.engine:DuckDBEngine",
    "pydatalog": "reasoner.engines.pydatalog.engine:PyDatalogEngine",
    "sparql": "reasoner.engines.sparql.engine:SparqlEngine",
    "spark": "reasoner.engines.spark.engine:SparkEngine",
})
DEFAULT_ENGINE = "clingo"
# Base facts from which duckdb is faster than clingo on the shipped rules (measured with
# ``python -m bench.duckdb_micro``; see docs/rules.md, "duckdb"). Below it, clingo's start-up
# is lower than DuckDB's (a database, tables, one statement per rule).
AUTO_THRESHOLD = 10_000


def available_engines() -> list[str]:
    """Names of the registered engines whose library can be imported, default first."""
    names = sorted(ENGINES, key=lambda n: (n != DEFAULT_ENGINE, n))
    return [n for n in names if _importable(n)]


def get_engine(name: str = DEFAULT_ENGINE) -> BaseEngine:
    """A new engine instance. Raises EngineError for an unknown or unavailable engine."""
    target = ENGINES.get(name)
    if target is None:
        guess = did_you_mean(name, ENGINES, cutoff=0.6)
        tip = f" Did you mean {guess}?" if guess else f" Engines: {', '.join(sorted(ENGINES))}."
        raise EngineError(f"Unknown engine '{name}'.{tip}")
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineError(f"the {name} engine is not available: {exc}") from None
    engine: BaseEngine = getattr(module, class_name)()
    return engine


def choose_engine(facts: Facts, program: Program | None = None) -> str:
    """The engine ``--engine auto`` runs: sparql when a fact or a rule holds a float or an
    integer beyond 32 bits (the one engine that holds them all), else by size
    (:func:`engine_for_size`)."""
    if _wide(v for rows in facts.values() for row in rows for v in row) or \
            (program is not None and _wide(_constants(program))):
        return "sparql"
    return engine_for_size(sum(len(rows) for rows in facts.values()))


def engine_for_size(fact_count: int) -> str:
    """``"duckdb"`` from AUTO_THRESHOLD facts on, where it was measured faster than clingo on
    the shipped rules, and ``"clingo"`` (the reference engine) below it or when the duckdb
    package is not installed.

    >>> engine_for_size(100)
    'clingo'
    """
    if fact_count >= AUTO_THRESHOLD and importlib.util.find_spec("duckdb") is not None:
        return "duckdb"
    return "clingo"


def _wide(values: Iterable[object]) -> bool:
    return any(isinstance(v, float) or (isinstance(v, int) and not INT32_MIN <= v <= INT32_MAX)
               for v in values)


def _constants(node: object) -> Iterator[object]:
    """Every constant value in a program (rules, facts, queries), at any depth."""
    if isinstance(node, Const):
        yield node.value
    elif isinstance(node, tuple):
        for item in node:
            yield from _constants(item)
    elif is_dataclass(node) and not isinstance(node, type):
        for item in fields(node):
            yield from _constants(getattr(node, item.name))


def _importable(name: str) -> bool:
    try:
        get_engine(name)
    except EngineError:
        return False
    return True
