"""Store registry: ``open_store("memory" | FOLDER | http(s)://...)``.

Backends register by name as "module:Class" strings and are imported only when used; adding a
store touches one new module and one line here.
"""

from __future__ import annotations

import importlib
import os

from reasoner.errors import StoreError
from reasoner.stores.base import Store

BACKENDS: dict[str, str] = {
    "memory": "reasoner.stores.memory:MemoryStore",
    "oxigraph": "reasoner.stores.oxigraph:OxigraphStore",
    "sparql": "reasoner.stores.sparql:SparqlStore",
}

DEFAULT_LOCATION = ".reasoner/store"


def backend_for(spec: str) -> str:
    """Which backend a store spec names: "memory", an http(s) URL, or a folder path."""
    if spec == "memory":
        return "memory"
    if spec.startswith(("http://", "https://")):
        return "sparql"
    return "oxigraph"


def open_store(spec: str | None = None) -> Store:
    """Open the store a spec names; ``None`` means $REASONER_STORE or ./.reasoner/store."""
    spec = spec or os.environ.get("REASONER_STORE") or DEFAULT_LOCATION
    backend = backend_for(spec)
    if backend not in BACKENDS:
        raise StoreError(f"no store backend for {spec!r} (remote SPARQL stores are not available in this build)")
    module_name, class_name = BACKENDS[backend].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(spec)  # type: ignore[no-any-return]


__all__ = ["Store", "open_store", "BACKENDS", "DEFAULT_LOCATION"]
