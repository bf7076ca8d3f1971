"""Where the sparql engine's updates run: anything that can run SPARQL 1.1 Update and Query.

``Runner`` is the small surface the engine needs. ``OxigraphRunner`` wraps a pyoxigraph Store
(the throw-away in-memory store of ``evaluate``, or the embedded on-disk store); the remote
store (reasoner.stores.sparql) provides its own over HTTP.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from reasoner.errors import EngineError

# A result cell: ("uri" | "literal", text, datatype or None); None when unbound.
Cell = tuple[str, str, str | None] | None


class Runner(Protocol):
    """Runs SPARQL 1.1 Update and SELECT/ASK where the data lives."""

    def update(self, text: str) -> None: ...

    def select(self, text: str) -> list[tuple[Cell, ...]]: ...

    def ask(self, text: str) -> bool: ...


class OxigraphRunner:
    """A Runner over a pyoxigraph Store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
        except (SyntaxError, ValueError, OSError) as exc:
            raise EngineError(f"sparql engine: Oxigraph refused an update: {exc}") from None

    def select(self, text: str) -> list[tuple[Cell, ...]]:
        try:
            solutions = self.store.query(text)
        except (SyntaxError, ValueError, OSError) as exc:
            raise EngineError(f"sparql engine: Oxigraph refused a query: {exc}") from None
        assert isinstance(solutions, ox.QuerySolutions)
        width = len(solutions.variables)
        return [tuple(_cell(row[i]) for i in range(width)) for row in solutions]

    def ask(self, text: str) -> bool:
        try:
            return bool(self.store.query(text))
        except (SyntaxError, ValueError, OSError) as exc:
            raise EngineError(f"sparql engine: Oxigraph refused a query: {exc}") from None


def _cell(term: object) -> Cell:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value)
    return ("bnode", str(term), None)
