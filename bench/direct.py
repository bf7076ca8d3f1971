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

from bench.corpus import Article, Expected, articles
from bench.world import World

BATCH_ARTICLES = 5_000  # about 900,000 quads (some 190 MB of text) per bulk_load call
HEADER_LINES = 3  # "title: ...", "date: ...", blank: see Article.text
COMPLETE = "built.json"  # written last into a cached store's folder, with how it was built

TYPE = f"<{RDF.type}>"
INTEGER = f"^^<{XSD.integer}>"
DATE = f"^^<{XSD.date}>"


def _iri(namespace: str, local: str = "") -> str:
    return f"<{namespace}{local}>"


def _string(text: str) -> str:
    """An N-Quads string literal (plain strings are xsd:string, as the product stores them)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _integer(value: int) -> str:
    return f'"{value}"{INTEGER}'


def _date(day: dt.date) -> str:
    return f'"{day.isoformat()}"{DATE}'


# -- one article --------------------------------------------------------------------------------

def article_nquads(article: Article) -> list[str]:
    """The N-Quads lines of one article's graph: its document node, sentence nodes and events,
    as the product's mapping writes them (every entity is known from the world's definitions,
    so no entity description lands in the article's graph)."""
    doc_id = article.doc_id
    graph, doc = _iri(GRAPH, doc_id), _iri(DOC, doc_id)
    triples = [
        (doc, TYPE, _iri(PROV.Entity)), (doc, TYPE, _iri(SCHEMA.NewsArticle)),
        (doc, _iri(DCTERMS.identifier), _string(doc_id)), (doc, _iri(DCTERMS.title), _string(doc_id)),
        (doc, _iri(SCHEMA.datePublished), _date(article.date)),
        (doc, _iri(DCTERMS.source), _string("<input>")),
    ]
    offset = len(article.text) - sum(len(i.text) + 1 for i in article.items)  # after the header
    for number, item in enumerate(article.items, start=1):
        sentence = _iri(DOC, f"{doc_id}/s{number}")
        triples += _sentence_triples(sentence, doc, number, offset, item.text)
        for index, expected in enumerate(item.events, start=1):
            triples += _event_triples(_iri(EVENT, f"{doc_id}/{number}-{index}"), expected, sentence)
        offset += len(item.text) + 1
    return [f"{s} {p} {o} {graph} .\n" for s, p, o in triples]


SENTENCE_TYPE, PROV_ENTITY = _iri(VOC.Sentence), _iri(PROV.Entity)
QUOTED_FROM, IN_DOCUMENT, VALUE = _iri(PROV.wasQuotedFrom), _iri(VOC.document), _iri(PROV.value)
NUMBER, LINE, START, END = (_iri(VOC, p) for p in ("sentence_number", "line", "char_start", "char_end"))


def _sentence_triples(node: str, doc: str, number: int, offset: int, text: str) -> list[tuple[str, str, str]]:
    return [(node, TYPE, SENTENCE_TYPE), (node, TYPE, PROV_ENTITY), (node, QUOTED_FROM, doc),
            (node, IN_DOCUMENT, doc), (node, NUMBER, _integer(number)),
            (node, LINE, _integer(HEADER_LINES + number)), (node, START, _integer(offset)),
            (node, END, _integer(offset + len(text))), (node, VALUE, _string(text))]


def _event_triples(node: str, e: Expected, sentence: str) -> list[tuple[str, str, str]]:
    triples = [(node, TYPE, _iri(VOC.Event)), (node, _iri(VOC.event_type), _iri(CONCEPT, e.type)),
               (node, _iri(VOC.cameo), _iri(CAMEO, CAMEO_CODES[e.type][0])),
               (node, _iri(VOC.modality), _iri(CONCEPT, e.modality)),
               (node, _iri(PROV.wasDerivedFrom), sentence)]
    triples += [(node, _iri(VOC.actor), _iri(ENT, key)) for key in e.actors]
    triples += [(node, _iri(VOC.target), _iri(ENT, key)) for key in e.targets]
    # In mapping's order; empty texts are left out as mapping leaves them out.
    optional: list[tuple[str, object, Callable[[Any], str]]] = [
        (VOC.date, e.date, _date), (VOC.place, e.place, _entity), (VOC.condition, e.condition, _string),
        (VOC.attributed_to, e.source, _entity), (VOC.topic, e.topic, _string),
        (VOC.quantity, e.quantity, _integer)]
    if e.quantity is not None:  # a quantity always has its unit
        optional += [(VOC.quantity_unit, e.unit or "", _string), (VOC.quantity_qualifier, e.qualifier, _string)]
    triples += [(node, _iri(p), render(v)) for p, v, render in optional
                if v is not None and (v != "" or p == VOC.quantity_unit)]
    return triples


def _entity(key: str) -> str:
    return _iri(ENT, key)


# -- the whole corpus ---------------------------------------------------------------------------

def corpus_batches(world: World, size: int, seed: int) -> Iterator[tuple[bytes, int]]:
    """The corpus's articles as N-Quads, ``BATCH_ARTICLES`` articles per (text, quads) batch."""
    lines: list[str] = []
    done = 0
    for article in articles(world, size, seed):
        lines += article_nquads(article)
        done += 1
        if done % BATCH_ARTICLES == 0:
            yield "".join(lines).encode(), len(lines)
            lines = []
    if lines:
        yield "".join(lines).encode(), len(lines)


def bulk_load(location: Path, world: World, size: int, seed: int) -> dict[str, Any]:
    """Bulk-load the corpus's articles into the store at ``location`` (which must not be open
    elsewhere). Returns quads, seconds, and the seconds spent rendering text (Python).

    pyoxigraph releases the GIL while it loads, so one batch loads in a worker thread while
    the next one is rendered; at most two batches are held at a time."""
    native = ox.Store(str(location))
    quads, render_s, started = 0, 0.0, time.perf_counter()
    batches = corpus_batches(world, size, seed)
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
        return {**json.loads(record.read_text()), "cached": True}
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    prepare(folder)
    built = {**load(folder), "total_s": round(time.perf_counter() - started, 3)}
    record.write_text(json.dumps(built))
    return {**built, "cached": False}


def copy_store(source: Path, target: Path) -> Path:
    """A writable copy of a cached store for one stage (hard links where the files allow)."""
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    native = ox.Store.read_only(str(source))
    native.backup(str(target))
    del native
    return target
