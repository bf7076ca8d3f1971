"""Serving a store that other processes write: take a new snapshot when the store has changed.

The endpoint answers from an in-memory snapshot in its workers (see :mod:`reasoner.serve`). For an
embedded store folder it does not keep the store open, so ``reasoner ingest``, ``infer`` and the
console can write to it while it serves; before each query it reads the folder's write
generation (:mod:`reasoner.stores.generation`, one small file) and, when another process has
written since the snapshot, opens the store for as long as it takes to dump it, starts workers on
the new snapshot and retires the old ones once their queries are done. The next query after a
write sees it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from reasoner.errors import StoreError
from reasoner.serve.workers import write_snapshot
from reasoner.stores import open_store
from reasoner.stores.generation import read_generation

LOCK_RETRY_SECONDS = 0.1


@dataclass(frozen=True)
class StoreFolder:
    """An embedded store folder the endpoint re-reads when its write generation changes."""

    location: str
    lock_wait: float = 30.0  # how long to wait for a writer to let go of the store

    def generation(self) -> str | None:
        return read_generation(self.location)

    def snapshot(self, path: Path) -> tuple[str | None, int]:
        """Dump the store's graphs to ``path``: the generation they are of, and how many graphs.
        The generation is read before the store is opened, so a write during the dump is seen
        as a change next time."""
        generation = self.generation()
        store = self._open()
        try:
            write_snapshot(store, path)
            return generation, len(store.graph_names())
        finally:
            store.close()

    def _open(self):  # -> Store
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return open_store(self.location)
            except StoreError as exc:
                if "in use" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(LOCK_RETRY_SECONDS)
