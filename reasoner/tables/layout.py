"""Column layouts of coded event tables and the CAMEO code table, read from ``grammar/tables/``.

A layout says, for each column of a table, which event field it feeds (see
``grammar/tables/README.md``). GDELT's export has no header line, so its columns are known by
position; ICEWS files and the product's own CSV have one, so theirs are found by name and a
spreadsheet of one's own may rename them (``--map actor=Who``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping

from reasoner.cnl.statements import EVENT_TYPES
from reasoner.cnl.world import rows
from reasoner.errors import Diagnostic, InputError
from reasoner.resources import grammar_path

# The layout file of each --format name.
FORMATS: dict[str, str] = {"gdelt": "gdelt.tsv", "icews": "icews.tsv", "csv": "events.tsv"}
DELIMITERS = {"tab": "\t", ",": ",", ";": ";", "|": "|"}
FIELDS = frozenset({
    "id", "date", "code", "type", "actor", "actor.name", "actor.country", "actor.code",
    "target", "target.name", "target.country", "target.code", "place", "condition", "modality",
    "attribution", "text", "source",
})


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column feeds which event field, and how the file is written."""

    name: str  # gdelt | icews | csv
    columns: tuple[tuple[str, str], ...]  # (column, field) in the layout's order; field "-": none
    delimiter: str = ","
    header: bool = True
    date_format: str = "%Y-%m-%d"

    def fields(self) -> dict[str, tuple[str, ...]]:
        """Field -> the columns that feed it, in order of preference."""
        found: dict[str, list[str]] = {}
        for column, field in self.columns:
            if field != "-":
                found.setdefault(field, []).append(column)
        return {field: tuple(columns) for field, columns in found.items()}

    def mapped(self, overrides: Mapping[str, str]) -> "Layout":
        """This layout with some fields read from other columns (``{"actor": "Who"}``)."""
        if not overrides:
            return self
        if not self.header:
            raise InputError(Diagnostic("bad-map", f"--map needs a table with a header line; "
                                                   f"{self.name} files have none"))
        unknown = sorted(set(overrides) - FIELDS - {f for f in overrides if f.startswith("measure.")})
        if unknown:
            raise InputError(Diagnostic("bad-map", f"--map: unknown field {unknown[0]!r}: choose from "
                                                   + ", ".join(sorted(FIELDS)) + ", measure.NAME"))
        kept = tuple((c, f) for c, f in self.columns if f not in overrides)
        return replace(self, columns=tuple((c, f) for f, c in overrides.items()) + kept)


@lru_cache(maxsize=None)
def layout(name: str) -> Layout:
    """The layout of a table format: ``gdelt``, ``icews`` or ``csv``."""
    if name not in FORMATS:
        raise InputError(Diagnostic("bad-format", f"unknown table format {name!r}: choose one of "
                                                  + ", ".join(FORMATS)))
    settings: dict[str, str] = {}
    columns: list[tuple[str, str]] = []
    for cells in rows(grammar_path(f"tables/{FORMATS[name]}")):
        key, value = (cells + ["-"])[:2]
        if key.startswith("@"):
            settings[key[1:]] = value
        else:
            columns.append((key, value))
    return Layout(name, tuple(columns), DELIMITERS[settings.get("delimiter", ",")],
                  settings.get("header", "yes") == "yes", settings.get("date", "%Y-%m-%d"))


@lru_cache(maxsize=1)
def _cameo_types() -> dict[str, str]:
    table = {}
    for code, event_type, *_ in rows(grammar_path("tables/cameo.tsv")):
        if event_type not in EVENT_TYPES:
            raise ValueError(f"grammar/tables/cameo.tsv: {code}: unknown event type {event_type!r}")
        table[code] = event_type
    return table


def event_type_of(code: str) -> str | None:
    """The event type of a CAMEO code: the longest listed prefix of it, else None."""
    table = _cameo_types()
    for end in range(len(code), 1, -1):
        found = table.get(code[:end])
        if found:
            return found
    return None
