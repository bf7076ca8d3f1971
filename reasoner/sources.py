"""Input files: find them (files and folders), classify them (text or RDF) and read them safely.

A missing, binary, undecodable or empty file is an :class:`InputError` with one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reasoner.errors import Diagnostic, InputError
from reasoner.rdf.iris import doc_slug

TEXT_SUFFIXES = (".txt", ".cnl", ".text", ".md")
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
    """One input file, read: its kind ("text" or "rdf"), text and the document id it gets."""

    path: Path
    kind: str  # "text" | "rdf"
    text: str
    doc_id: str
    rdf_format: str | None = None


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
    return path.suffix.lower() in TEXT_SUFFIXES + tuple(RDF_FORMATS)


def read(path: Path) -> Source:
    """Read one input file, refusing binary, undecodable and empty files."""
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
    if suffix in RDF_FORMATS:
        return Source(path, "rdf", text, doc_slug(path.stem), RDF_FORMATS[suffix])
    return Source(path, "text", text, doc_slug(path.stem))


def read_all(paths: Iterable[str | Path]) -> list[Source]:
    """Every input file under the given paths, read; all problems reported together."""
    sources: list[Source] = []
    problems: list[Diagnostic] = []
    files = expand(paths)
    if not files:
        raise InputError(Diagnostic("no-input", "no input files found (expected .txt, .cnl or RDF files)"))
    for path in files:
        try:
            sources.append(read(path))
        except InputError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise InputError(*problems)
    return sources
