"""Input files: find them (files and folders), classify them (text, RDF or an event table) and
read them safely.

A missing, binary, undecodable or empty file is an :class:`InputError` with one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reasoner.errors import Diagnostic, InputError
from reasoner.rdf.iris import doc_slug

TEXT_SUFFIXES = (".txt", ".cnl", ".text", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".tab")  # GDELT's exports are "*.export.CSV"
TABLE_FORMATS = ("gdelt", "icews", "csv")
GDELT_COLUMNS = 61
RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One input file, read: its kind ("text", "rdf" or "table"), text and the document id it
    gets; an RDF file's syntax or a table's layout (gdelt, icews, csv) in ``format``."""

    path: Path
    kind: str  # "text" | "rdf" | "table"
    text: str
    doc_id: str
    format: str | None = None


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the readable input files inside each folder (sorted, recursive)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(Diagnostic("missing-file", f"{raw}: no such file or folder"))
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if _is_input(p))
        else:
            found.append(path)
    return found


def _is_input(path: Path) -> bool:
    if not path.is_file() or path.name.startswith(".") or path.name.lower().startswith("readme"):
        return False
    return path.suffix.lower() in TEXT_SUFFIXES + TABLE_SUFFIXES + tuple(RDF_FORMATS)


def read(path: Path, table_format: str | None = None) -> Source:
    """Read one input file, refusing binary, undecodable and empty files. With ``table_format``
    every file is an event table of that layout; otherwise ``.csv``, ``.tsv`` and ``.tab`` files
    are tables whose layout is recognised from their first line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Diagnostic("unreadable-file", f"{path}: cannot read: {exc.strerror or exc}")) from None
    if b"\x00" in data[:8192]:
        raise InputError(Diagnostic("binary-file", f"{path}: is a binary file, not a text document"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Diagnostic(
            "binary-file", f"{path}: is not UTF-8 text (bad byte at offset {exc.start})")) from None
    if not text.strip():
        raise InputError(Diagnostic("empty-file", f"{path}: is empty"))
    suffix = path.suffix.lower()
    stem = path.name[:-len(".export.csv")] if path.name.lower().endswith(".export.csv") else path.stem
    if table_format is not None:
        return Source(path, "table", text, doc_slug(stem), table_format)
    if suffix in RDF_FORMATS:
        return Source(path, "rdf", text, doc_slug(stem), RDF_FORMATS[suffix])
    if suffix in TABLE_SUFFIXES:
        return Source(path, "table", text, doc_slug(stem), table_layout(path, text))
    return Source(path, "text", text, doc_slug(stem))


def table_layout(path: Path, text: str) -> str:
    """Which layout a table file has, from its first line: GDELT's 61 tab-separated columns
    starting with a numeric event id, an ICEWS header, or a header of the product's own CSV."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    cells = first.split("\t")
    if len(cells) == GDELT_COLUMNS and cells[0].strip().isdigit():
        return "gdelt"
    if "Event ID" in cells and "CAMEO Code" in cells:
        return "icews"
    header = {c.strip().strip('"').lower() for c in first.split(",")}
    if header & {"type", "cameo"} and header & {"actors", "actor_iris", "actor_codes"}:
        return "csv"
    raise InputError(Diagnostic(
        "unknown-table", f"{path}: a table, but not one whose layout can be recognised from its "
                         "first line (GDELT 2.0 export, ICEWS, or this product's events CSV): pass "
                         "--format gdelt|icews|csv, and --map FIELD=COLUMN for columns of your own"))


def read_all(paths: Iterable[str | Path], table_format: str | None = None) -> list[Source]:
    """Every input file under the given paths, read; all problems reported together."""
    sources: list[Source] = []
    problems: list[Diagnostic] = []
    files = expand(paths)
    if not files:
        raise InputError(Diagnostic("no-input", "no input files found (expected .txt, .cnl, RDF or event table files)"))
    for path in files:
        try:
            sources.append(read(path, table_format))
        except InputError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise InputError(*problems)
    return sources
