"""Engines: one interface (base.Engine), several backends, loaded lazily by name.

Adding an engine is one new module with a class that has ``name`` and ``evaluate`` (see
base.Engine) plus one line in ``ENGINES``. Importing this package imports no engine library.
"""

from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import Mapping

from reasoner.engines.base import Engine, Facts, Model, Row
from reasoner.errors import EngineError, did_you_mean

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "Facts", "Model", "Row", "available_engines",
           "get_engine"]

# name -> "module:Class"; read-only, so no module holds mutable state.
ENGINES: Mapping[str, str] = MappingProxyType({
    "clingo": "reasoner.engines.clingo_engine:ClingoEngine",
    "duckdb": "reasoner.engines.duckdb_engine:DuckDBEngine",
    "pydatalog": "reasoner.engines.pydatalog_engine:PyDatalogEngine",
    "sparql": "reasoner.engines.sparql_engine:SparqlEngine",
})
DEFAULT_ENGINE = "clingo"


def available_engines() -> list[str]:
    """Names of the registered engines whose library can be imported, default first."""
    names = sorted(ENGINES, key=lambda n: (n != DEFAULT_ENGINE, n))
    return [n for n in names if _importable(n)]


def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
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
    engine: Engine = getattr(module, class_name)()
    return engine


def _importable(name: str) -> bool:
    try:
        get_engine(name)
    except EngineError:
        return False
    return True
