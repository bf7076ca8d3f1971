"""Rows -> table, JSON, CSV or TSV; SPARQL results -> rows. One formatter per format.

Tables show IRIs in their prefixed form (``ent:russia``); JSON follows the SPARQL 1.1 Query
Results JSON format for SPARQL results; CSV and TSV follow the SPARQL 1.1 CSV/TSV formats.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from reasoner.errors import InputError
from reasoner.rdf.namespaces import PREFIX_IRIS

ROW_FORMATS = ("table", "json", "csv", "tsv")


@dataclass(frozen=True, slots=True)
class Rows:
    """A table of answers: column names and rows of RDF terms (or None for unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def compact(term: object) -> str:
    """A short, readable form: ``ent:russia`` for IRIs with a known prefix, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max((ns for ns in PREFIX_IRIS.values() if text.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIX_IRIS.items() if ns == best)
            local = text[len(best):]
            if local and all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def rows_from_result(result: Result) -> Rows:
    names = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row.get(v) if hasattr(row, "get") else row[i]  # type: ignore[union-attr]
                       for i, v in enumerate(result.vars or ())) for row in result)
    return Rows(names, rows)


def format_rows(rows: Rows, fmt: str) -> str:
    if fmt == "table":
        return table_text(rows)
    if fmt == "json":
        return json.dumps(_json_results(rows), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _delimited(rows, ",", lambda t: "" if t is None else str(t))
    if fmt == "tsv":
        return _tsv(rows)
    raise InputError(f"unknown output format {fmt!r}: choose one of {', '.join(ROW_FORMATS)}")


def table_text(rows: Rows, *, title: str | None = None) -> str:
    """A rich table rendered to plain text (no colour codes, so it pipes and diffs cleanly)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in rows.columns:
        table.add_column(column, overflow="fold")
    for row in rows.rows:
        table.add_row(*(compact(v) for v in row))
    console = Console(file=io.StringIO(), width=160, color_system=None, force_terminal=False)
    console.print(table)
    console.print(f"{len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''}")
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def _json_term(term: object) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _json_results(rows: Rows) -> dict[str, Any]:
    bindings = []
    for row in rows.rows:
        binding = {c: _json_term(v) for c, v in zip(rows.columns, row) if v is not None}
        bindings.append(binding)
    return {"head": {"vars": list(rows.columns)}, "results": {"bindings": bindings}}


def _delimited(rows: Rows, delimiter: str, render: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(rows.columns)
    for row in rows.rows:
        writer.writerow([render(v) for v in row])
    return out.getvalue()


def _tsv(rows: Rows) -> str:
    lines = ["\t".join("?" + c for c in rows.columns)]
    for row in rows.rows:
        lines.append("\t".join("" if v is None else (v.n3() if hasattr(v, "n3") else str(v)) for v in row))
    return "\n".join(lines) + "\n"


def format_values(columns: Sequence[str], values: Sequence[Sequence[Any]], fmt: str) -> str:
    """Plain Python values (not RDF terms) in any row format."""
    return format_rows(Rows(tuple(columns), tuple(tuple(v) for v in values)), fmt)
