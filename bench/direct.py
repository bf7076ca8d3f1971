"""The direct path: the corpus's triples as N-Quads text, bulk-loaded into an embedded store.

At 1,000,000 events (about 18 million triples) neither parsing the text nor building rdflib
triples one by one fits the benchmark's budget, so the generator's expectations are rendered
straight to the N-Quads lines that ``reasoner.rdf.mapping.document_triples`` gives for the
parsed article (tests/bench checks that both stores hold exactly the same quads), and
pyoxigraph's bulk loader parses them on the Rust side, in batches, so no more than one batch of
text is ever held in Python.

The built store is cached per (size, seed) under the run's work folder; a stage that writes to
the store works on its own copy (``Store.backup``: hard links to the immutable files, so a copy
of a 1,000,000-event store costs well under a second).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from reasoner.cnl.statements import CAMEO as CAMEO_CODES
from reasoner.rdf.namespaces import CAMEO, CONCEPT, DOC, ENT, EVENT, GRAPH, SCHEMA, VOC
from reasoner.stores.base import RawTriple
from reasoner.stores.fact_table import FILE_NAME as FACT_TABLE
from reasoner.stores.generation import FILE_NAME as GENERATION
from reasoner.stores.oxigraph import OxigraphStore

from bench.corpus import Article, Expected, articles
from bench.world import World

BATCH_ARTICLES = 5_000  # about 900,000 quads (some 190 MB of text) per bulk_load call
HEADER_LINES = 3  # "title: ...", "date: ...", blank: see Article.text
COMPLETE = "built.json"  # written last into a cached store's folder, with how it was built

XSD_STRING, XSD_INTEGER, XSD_DATE = str(XSD.string), str(XSD.integer), str(XSD.date)


def _string(text: str) -> str:
    """An N-Quads string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def nquad(row: RawTriple, graph: str) -> str:
    """One N-Quads line (plain strings are xsd:string, as the store reports them)."""
    subject, predicate, obj, kind, datatype = row
    if kind == "iri":
        term = f"<{obj}>"
    else:
        term = _string(obj) if datatype == XSD_STRING else f"{_string(obj)}^^<{datatype}>"
    return f"<{subject}> <{predicate}> {term} <{graph}> .\n"


# -- one article --------------------------------------------------------------------------------
# Rows are the store's raw form (reasoner.stores.base.RawTriple: subject, predicate, object,
# kind, datatype), so the same rows become N-Quads for the store and, through the product's
# own reasoner.rdf.atoms.facts_from_raw, the facts the floor hands to clingo.

def _iri(value: str) -> tuple[str, str, None]:
    return value, "iri", None


def _text(value: str) -> tuple[str, str, str]:
    return value, "literal", XSD_STRING


def _integer(value: int) -> tuple[str, str, str]:
    return str(value), "literal", XSD_INTEGER


def _date(day: dt.date) -> tuple[str, str, str]:
    return day.isoformat(), "literal", XSD_DATE


def _entity(key: str) -> tuple[str, str, None]:
    return f"{ENT}{key}", "iri", None


TYPE, VOC_ = str(RDF.type), str(VOC)
SENTENCE_TYPE, PROV_ENTITY, EVENT_TYPE = _iri(str(VOC.Sentence)), _iri(str(PROV.Entity)), _iri(str(VOC.Event))


def article_rows(article: Article) -> list[RawTriple]:
    """The rows of one article's graph: its document node, sentence nodes and events, as the
    product's mapping writes them (every entity is known from the world's definitions, so no
    entity description lands in the article's graph)."""
    doc_id = article.doc_id
    doc = f"{DOC}{doc_id}"
    objects = [(TYPE, PROV_ENTITY), (TYPE, _iri(str(SCHEMA.NewsArticle))),
               (str(DCTERMS.identifier), _text(doc_id)), (str(DCTERMS.title), _text(doc_id)),
               (str(SCHEMA.datePublished), _date(article.date)), (str(DCTERMS.source), _text("<input>"))]
    rows = [(doc, p, *o) for p, o in objects]
    offset = len(article.text) - sum(len(i.text) + 1 for i in article.items)  # after the header
    for number, item in enumerate(article.items, start=1):
        sentence = f"{doc}/s{number}"
        rows += _sentence_rows(sentence, doc, number, offset, item.text)
        for index, expected in enumerate(item.events, start=1):
            rows += _event_rows(f"{EVENT}{doc_id}/{number}-{index}", expected, sentence)
        offset += len(item.text) + 1
    return rows  # type: ignore[return-value]


def _sentence_rows(node: str, doc: str, number: int, offset: int, text: str) -> list[tuple]:  # type: ignore[type-arg]
    objects = [(TYPE, SENTENCE_TYPE), (TYPE, PROV_ENTITY), (str(PROV.wasQuotedFrom), _iri(doc)),
               (VOC_ + "document", _iri(doc)), (VOC_ + "sentence_number", _integer(number)),
               (VOC_ + "line", _integer(HEADER_LINES + number)), (VOC_ + "char_start", _integer(offset)),
               (VOC_ + "char_end", _integer(offset + len(text))), (str(PROV.value), _text(text))]
    return [(node, p, *o) for p, o in objects]


def _event_rows(node: str, e: Expected, sentence: str) -> list[tuple]:  # type: ignore[type-arg]
    objects = [(TYPE, EVENT_TYPE), (VOC_ + "event_type", _iri(f"{CONCEPT}{e.type}")),
               (VOC_ + "cameo", _iri(f"{CAMEO}{CAMEO_CODES[e.type][0]}")),
               (VOC_ + "modality", _iri(f"{CONCEPT}{e.modality}")),
               (str(PROV.wasDerivedFrom), _iri(sentence)), (VOC_ + "from_sentence", _iri(sentence))]
    objects += [(VOC_ + "actor", _entity(key)) for key in e.actors]
    objects += [(VOC_ + "target", _entity(key)) for key in e.targets]
    # In mapping's order; empty texts are left out as mapping leaves them out.
    optional: list[tuple[str, Any, Callable[[Any], tuple[str, str, str | None]]]] = [
        ("date", e.date, _date), ("place", e.place, _entity), ("condition", e.condition, _text),
        ("attributed_to", e.source, _entity), ("topic", e.topic, _text), ("quantity", e.quantity, _integer)]
    if e.quantity is not None:  # a quantity always has its unit
        optional += [("quantity_unit", e.unit or "", _text), ("quantity_qualifier", e.qualifier, _text)]
    objects += [(VOC_ + name, render(v)) for name, v, render in optional
                if v is not None and (v != "" or name == "quantity_unit")]
    return [(node, p, *o) for p, o in objects]


# -- the whole corpus ---------------------------------------------------------------------------

def corpus_rows(world: World, size: int, seed: int) -> Iterator[RawTriple]:
    """Every article's rows, one article at a time."""
    for article in articles(world, size, seed):
        yield from article_rows(article)


def corpus_batches(world: World, size: int, seed: int) -> Iterator[tuple[bytes, int]]:
    """The corpus's articles as N-Quads, ``BATCH_ARTICLES`` articles per (text, quads) batch."""
    lines: list[str] = []
    done = 0
    for article in articles(world, size, seed):
        graph = f"{GRAPH}{article.doc_id}"
        lines += [nquad(row, graph) for row in article_rows(article)]
        done += 1
        if done % BATCH_ARTICLES == 0:
            yield "".join(lines).encode(), len(lines)
            lines = []
    if lines:
        yield "".join(lines).encode(), len(lines)


def bulk_load(location: Path, batches: Iterator[tuple[bytes, int]]) -> dict[str, Any]:
    """Bulk-load N-Quads batches (text, quads) into the store at ``location`` (which must not be
    open elsewhere). Returns quads, seconds, and the seconds spent making the batches (Python).

    pyoxigraph releases the GIL while it loads, so one batch loads in a worker thread while
    the next one is made; at most two batches are held at a time."""
    native = ox.Store(str(location))
    quads, render_s, started = 0, 0.0, time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as loader:
        pending: Future[None] | None = None
        while True:
            begun = time.perf_counter()
            batch = next(batches, None)
            render_s += time.perf_counter() - begun
            if pending is not None:
                pending.result()
            if batch is None:
                break
            pending = loader.submit(native.bulk_load, batch[0], ox.RdfFormat.N_QUADS)
            quads += batch[1]
    native.flush()
    del native  # releases the folder's lock
    seconds = time.perf_counter() - started
    return {"quads": quads, "seconds": round(seconds, 3), "render_s": round(render_s, 3)}


# -- the cache ----------------------------------------------------------------------------------

def cached_store(folder: Path, prepare: Callable[[Path], None],
                 load: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """The store at ``folder``, built once: ``prepare`` (the product's own set-up: background
    and world graphs), then ``load`` (the bulk load). Returns the build's record, with
    ``cached`` true if the folder was already complete. A half-built folder is rebuilt."""
    record = folder / COMPLETE
    if record.exists():
        built = json.loads(record.read_text())
        if not (folder / FACT_TABLE).exists():  # built before the store kept a fact table
            built.update(fact_table(folder))
            record.write_text(json.dumps(built))
        return {**built, "cached": True}
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    prepare(folder)
    built = {**load(folder), **fact_table(folder), "total_s": round(time.perf_counter() - started, 3)}
    record.write_text(json.dumps(built))
    return {**built, "cached": False}


def fact_table(location: Path) -> dict[str, Any]:
    """Build the store's fact table (reasoner/stores/fact_table.py) from its graphs, as the
    product does for a store written by another tool: the bulk loader does not keep it."""
    started = time.perf_counter()
    store = OxigraphStore(str(location))
    try:
        store.rebuild_fact_table()
    finally:
        store.close()
    return {"fact_table_s": round(time.perf_counter() - started, 3)}


def copy_store(source: Path, target: Path) -> Path:
    """A writable copy of a cached store for one stage (hard links where the files allow), with
    its fact table and generation mark (files of the product's own, beside RocksDB's)."""
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    native = ox.Store.read_only(str(source))
    native.backup(str(target))
    del native
    for name in (FACT_TABLE, GENERATION):
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    return target
