"""Events of parsed documents as flat records: the `extract` command's JSONL, CSV and table.

Each record follows the contract of DESIGN.md: ``{"doc", "sentence", "text", "type", "actors",
"targets", "date", "place", "condition", "modality", "cameo"}``, actors and targets as lists of
``{"label", "iri", "country"}``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from reasoner.cnl.statements import Document, Mention
from reasoner.formats import format_values
from reasoner.rdf import iris
from reasoner.reader.paraphrase import paraphrase


def _participant(mention: Mention) -> dict[str, Any]:
    entity = mention.entity
    country = entity.country or (entity.key if entity.kind == "state" else None)
    return {"label": entity.label, "iri": str(iris.entity_iri(entity.key)), "country": country}


def event_records(doc: Document) -> list[dict[str, Any]]:
    records = []
    for sentence in doc.sentences:
        for event in sentence.events:
            records.append({
                "doc": doc.doc_id,
                "sentence": sentence.number,
                "line": sentence.span.line,
                "text": sentence.text,
                "type": event.type,
                "actors": [_participant(m) for m in event.actors],
                "targets": [_participant(m) for m in event.targets],
                "date": event.date.isoformat() if event.date else None,
                "place": event.place.entity.label if event.place else None,
                "condition": event.condition,
                "modality": event.modality,
                "attribution": event.attribution.entity.label if event.attribution else None,
                "cameo": event.cameo,
                "paraphrase": paraphrase(event),
            })
    return records


def _names(participants: list[dict[str, Any]]) -> str:
    return "; ".join(p["label"] for p in participants)


def format_records(records: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    columns = ("sentence", "type", "actors", "targets", "date", "place", "condition", "modality", "cameo")
    values = [[r["sentence"], r["type"], _names(r["actors"]), _names(r["targets"]), r["date"],
               r["place"], r["condition"], r["modality"], r["cameo"]] for r in records]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("doc",) + columns)
        for record, row in zip(records, values):
            writer.writerow([record["doc"], *("" if v is None else v for v in row)])
        return out.getvalue()
    return format_values(columns, values, "table")
