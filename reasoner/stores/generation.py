"""A store folder's write generation: a small file the embedded store rewrites after each write.

Another process (``reasoner serve``) reads it to know, without opening the store (which would
take RocksDB's lock from the writer), that the store has changed since it last looked. The file
holds a random token; only its change matters. It is written by rename, so a reader never sees a
half-written token, and it is not RocksDB's: RocksDB leaves files it does not know alone.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

FILE_NAME = "REASONER_GENERATION"


def mark_written(folder: str | Path) -> str | None:
    """Record that the store in ``folder`` was written; the new token (None if it could not be
    written: a read-only folder keeps the old token, and a reader then sees no change)."""
    path = Path(folder) / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    token = uuid.uuid4().hex
    try:
        temporary.write_text(token, encoding="ascii")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        return None
    return token


def read_generation(folder: str | Path) -> str | None:
    """The token of the last write (None: never marked, or unreadable)."""
    try:
        return (Path(folder) / FILE_NAME).read_text(encoding="ascii").strip() or None
    except OSError:
        return None
