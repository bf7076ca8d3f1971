"""reasoner: a rules-based reasoning system over news about international diplomacy.

    >>> import reasoner
    >>> kb = reasoner.open(store="memory")      # or a folder path, or None for the default store
    >>> kb.ingest(text, date="2022-02-04")       # controlled English -> RDF, with provenance
    >>> kb.query("SELECT ...")                   # SPARQL over asserted, background and inferred graphs
    >>> kb.export(format="turtle")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reasoner.kb import KnowledgeBase


def open(store: str | None = "memory", **options: object) -> "KnowledgeBase":  # noqa: A001
    """Open a knowledge base: ``"memory"``, a folder (embedded Oxigraph), or None for the default."""
    from reasoner.kb import open as open_kb

    return open_kb(store, **options)  # type: ignore[arg-type]


__all__ = ["open", "__version__"]
