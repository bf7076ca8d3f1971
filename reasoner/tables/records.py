"""Events as flat records: `extract`'s output and `export --format events-csv|events-jsonl`.

One record per event, from a parsed document (:func:`document_records`) or from a store
(:func:`store_records`, which reads the events back from the document graphs), with the same
fields either way: the event IRI, type, CAMEO code, actors and targets (labels, IRIs, ISO 3166
country codes), date, place, condition, modality, document, sentence number, line and text, the
controlled-English paraphrase and, for table rows, the source URL. The CSV columns are the
layout ``grammar/tables/events.tsv`` reads back (``ingest --format csv``), so an export
ingested again gives the same events.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Iterable

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import Document, Entity, Event, Mention, Sentence
from reasoner.errors import Span
from reasoner.formats import format_values
from reasoner.rdf import iris
from reasoner.rdf.namespaces import ENT, INFERRED_GRAPH
from reasoner.reader.paraphrase import paraphrase
from reasoner.stores import Store
from reasoner.tables.resolve import alpha3_of

Record = dict[str, Any]

CSV_COLUMNS = ("event", "doc", "sentence", "line", "type", "cameo", "actors", "actor_iris",
               "actor_codes", "targets", "target_iris", "target_codes", "date", "place",
               "place_iri", "condition", "modality", "attribution", "text", "paraphrase", "source")
TABLE_COLUMNS = ("sentence", "type", "actors", "targets", "date", "place", "condition", "modality", "cameo")


def participant(entity: Entity) -> Record:
    """An actor or target: label, IRI, the state it acts for (key) and that state's code."""
    country = entity.country or (entity.key if entity.kind == "state" else None)
    return {"label": entity.label, "iri": str(iris.entity_iri(entity.key)), "country": country,
            "code": alpha3_of().get(country) if country else None}


def event_record(doc_id: str, sentence: Sentence, index: int, event: Event) -> Record:
    """The record of the ``index``-th (1-based) event of a sentence."""
    return {
        "event": str(iris.event_iri(doc_id, sentence.number, index)),
        "doc": doc_id,
        "sentence": sentence.number,
        "line": sentence.span.line,
        "text": sentence.text,
        "type": event.type,
        "cameo": event.cameo,
        "actors": [participant(m.entity) for m in event.actors],
        "targets": [participant(m.entity) for m in event.targets],
        "date": event.date.isoformat() if event.date else None,
        "place": event.place.entity.label if event.place else None,
        "place_iri": str(iris.entity_iri(event.place.entity.key)) if event.place else None,
        "condition": event.condition,
        "modality": event.modality,
        "attribution": event.attribution.entity.label if event.attribution else None,
        "measures": dict(event.measures),
        "source": sentence.source_url,
        "paraphrase": paraphrase(event),
    }


def document_records(doc: Document) -> list[Record]:
    return [event_record(doc.doc_id, sentence, index, event)
            for sentence in doc.sentences for index, event in enumerate(sentence.events, start=1)]


def format_records(records: list[Record], fmt: str) -> str:
    """Records as ``jsonl`` (one object a line), ``csv`` (the events table) or a ``table``."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerow(_csv_row(record))
        return out.getvalue()
    values = [[r["sentence"], r["type"], _joined(r["actors"], "label"), _joined(r["targets"], "label"),
               r["date"], r["place"], r["condition"], r["modality"], r["cameo"]] for r in records]
    return format_values(TABLE_COLUMNS, values, "table")


def _csv_row(record: Record) -> list[Any]:
    flat = dict(record)
    for side in ("actor", "target"):
        people = record[f"{side}s"]
        flat[f"{side}s"] = _joined(people, "label")
        flat[f"{side}_iris"] = _joined(people, "iri")
        flat[f"{side}_codes"] = _joined(people, "code")
    return ["" if flat.get(c) is None else flat[c] for c in CSV_COLUMNS]


def _joined(people: list[Record], key: str) -> str:
    return "; ".join(p[key] or "" for p in people) if any(p[key] for p in people) else ""


# -- from a store --------------------------------------------------------------------------
_EVENTS = """
SELECT ?g ?e ?type ?code ?modality ?date ?place ?condition ?attribution ?doc ?n ?line ?text ?url
WHERE { GRAPH ?g {
  ?e a voc:Event ; voc:event_type ?type ; voc:cameo ?code ; voc:modality ?modality ;
     prov:wasDerivedFrom ?s .
  ?s voc:sentence_number ?n ; prov:value ?text ; voc:document ?d .
  ?d dcterms:identifier ?doc .
  OPTIONAL { ?s voc:line ?line } OPTIONAL { ?s dcterms:source ?url }
  OPTIONAL { ?e voc:date ?date } OPTIONAL { ?e voc:place ?place }
  OPTIONAL { ?e voc:condition ?condition } OPTIONAL { ?e voc:attributed_to ?attribution }
} }"""
_PARTIES = """
SELECT ?g ?e ?side ?x WHERE { GRAPH ?g { ?e a voc:Event ; ?side ?x .
  FILTER (?side IN (voc:actor, voc:target)) } }"""
_LABELS = "SELECT ?x ?label WHERE { ?x rdfs:label ?label }"
_KINDS = """SELECT ?x ?kind WHERE { ?x a ?kind .
  FILTER (?kind IN (voc:State, voc:Organisation, voc:Person, voc:Location, voc:Group)) }"""
_KIND_NAMES = {"State": "state", "Organisation": "organisation", "Person": "person",
               "Location": "place", "Group": "group"}


def store_records(store: Store, lexicon: Lexicon) -> list[Record]:
    """Every event of the store's document graphs, ordered by document, sentence and event."""
    names = _Names(store, lexicon)
    sides: dict[tuple[str, str], dict[str, list[Entity]]] = {}
    for g, e, side, x in store.query(_PARTIES):  # type: ignore[misc]
        found = sides.setdefault((str(g), str(e)), {"actor": [], "target": []})
        found[str(side).rsplit("/", 1)[-1].rsplit("#", 1)[-1]].append(names.entity(x))
    records = []
    for row in store.query(_EVENTS):  # type: ignore[union-attr]
        g, e = str(row[0]), str(row[1])
        if g == str(INFERRED_GRAPH):
            continue
        parties = sides.get((g, e), {"actor": [], "target": []})
        event = Event(_symbol(row[2]), _mentions(parties["actor"]), _mentions(parties["target"]),
                      _date(row[5]), Mention(names.entity(row[6]), "") if row[6] is not None else None,
                      str(row[7]) if row[7] is not None else None, _symbol(row[4]),  # type: ignore[arg-type]
                      Mention(names.entity(row[8]), "") if row[8] is not None else None,
                      code=_symbol(row[3]))
        sentence = Sentence(int(row[10]), str(row[12]), _line_span(row[11]),
                            source_url=str(row[13]) if row[13] is not None else None)
        record = event_record(str(row[9]), sentence, 1, event)
        record["event"] = e
        records.append(record)
    return sorted(records, key=lambda r: (r["doc"], r["sentence"], r["event"]))


class _Names:
    """Entities of a store: the lexicon's where it knows them, else the store's label and class."""

    def __init__(self, store: Store, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.labels = {str(x): str(label) for x, label in store.query(_LABELS)}  # type: ignore[misc]
        self.kinds = {str(x): _KIND_NAMES[str(k).rsplit("/", 1)[-1].rsplit("#", 1)[-1]]
                      for x, k in store.query(_KINDS)}  # type: ignore[misc]
        self.cache: dict[str, Entity] = {}

    def entity(self, term: object) -> Entity:
        text = str(term)
        if text not in self.cache:
            key = text[len(str(ENT)):] if text.startswith(str(ENT)) else text
            known = self.lexicon.lookup(key) if text.startswith(str(ENT)) else None
            self.cache[text] = known if known is not None and known.key == key else Entity(
                key, self.labels.get(text, key.replace("_", " ").title()),
                self.kinds.get(text, "unknown"))  # type: ignore[arg-type]
        return self.cache[text]


def _mentions(entities: Iterable[Entity]) -> tuple[Mention, ...]:
    return tuple(Mention(e, e.label) for e in sorted(entities, key=lambda e: e.key))


def _symbol(term: object) -> str:
    """The last segment of a concept or CAMEO IRI: ``.../concept/meeting`` -> ``meeting``."""
    return str(term).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _date(term: object) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(str(term))
    except ValueError:
        return None


def _line_span(term: object) -> Span:
    line = int(term) if term is not None else 0  # type: ignore[call-overload]
    return Span("", line, 1, line, 1)
