"""The benchmark's stages. Each runs in its own process (see bench.run) and returns one row.

- ``parse``: sentences parsed per second, the product's way (one document per article).
- ``reader``: the two front ends on their own: news text through the news reader (spaCy, with and
  without its recogniser), controlled English through the Lark grammar alone, the resident memory
  of the loaded pipeline, and a 1 MB file without a full stop.
- ``load``: the corpus bulk-loaded into the store later stages use (bench.direct; cached).
- ``store``: triples written per second into a fresh embedded (Oxigraph) store, the product's way.
- ``floor``: the program handed straight to clingo on facts already in memory.
- ``infer``: an engine end to end: store -> facts -> engine -> ``inferred`` graph.
- ``derive``: only where no ``infer`` finished: an ``inferred`` graph for the query, built fast.
- ``query``: latency of a two-join SPARQL query over the store.
- ``delta``: the console's delta: ``Console.handle`` of a sentence, of another, of ``:retract``.
"""

from __future__ import annotations

import cProfile
import io
import itertools
import os
import pickle
import pstats
import shutil
import statistics
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import reasoner
from reasoner.cnl.document import parse_definitions
from reasoner.cnl.statements import Fact
from reasoner.inference import conclude, program_facts, written
from reasoner.rdf.atoms import Derived
from reasoner.kb import KnowledgeBase
from reasoner.rdf import atoms, iris, mapping
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, INFERRED_GRAPH, VOC
from reasoner.stores.base import Triple

from bench import direct, tables
from bench.corpus import Article, article_document, articles
from bench.world import World, definitions, make_world

Row = dict[str, Any]
WORLD_DOC = "bench-world"
WORLD_DATE = "2018-01-01"
QUERY_RUNS = 100


# -- shared set-up -------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def world_for(seed: int) -> World:
    return make_world(seed)


def world_facts(seed: int) -> tuple[Fact, ...]:
    """The world's definitional sentences, parsed once (one reader, so no per-sentence copies)."""
    return _world_cache(seed)[0]


@lru_cache(maxsize=2)
def _world_cache(seed: int) -> tuple[tuple[Fact, ...], tuple[Triple, ...]]:
    """The world's facts and stored triples, parsed once per run (cached as a pickle in the
    run's work folder, ``BENCH_WORKDIR``, so each stage process does not parse them again)."""
    folder = os.environ.get("BENCH_WORKDIR")
    cache = Path(folder) / f"world-{seed}.pickle" if folder else None
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    text = "\n".join(definitions(world_for(seed)))
    facts = tuple(parse_definitions(text, source=WORLD_DOC))
    fresh = reasoner.open("memory")
    document = fresh.extract(text, doc_id=WORLD_DOC, date=WORLD_DATE)
    known = frozenset(e.key for e in fresh.lexicon.entities())
    triples = tuple(t for t in mapping.document_triples(document, known) if t[1] != VOC.definitional)
    if cache:
        cache.write_bytes(pickle.dumps((facts, triples)))
    return facts, triples


def open_kb(store: Path | str, seed: int) -> KnowledgeBase:
    """A knowledge base on a store, whose lexicon knows the synthetic world.

    The world's graph is stored without the ``voc:definitional`` marks, so that opening the
    store does not re-parse its 1,661 definitions one by one (see the ``open`` stage, which
    measures exactly that); the lexicon learns them from the parsed facts instead."""
    kb = reasoner.open(str(store))
    kb.lexicon.extend(world_facts(seed))
    if WORLD_DOC not in kb.documents():
        kb.store.replace_graphs({iris.document_graph(WORLD_DOC): list(world_triples(seed))})
    return kb


def world_triples(seed: int) -> tuple[Triple, ...]:
    """The world document's triples, as ingest would store them, minus the definitional marks."""
    return _world_cache(seed)[1]


def built_store(size: int, seed: int, workdir: str) -> tuple[Path, dict[str, Any]]:
    """The corpus's store for (size, seed), bulk-loaded once per work folder (bench.direct):
    the product writes the background and world graphs, the bulk loader the articles."""
    folder = Path(workdir) / f"store-{size}-seed{seed}"
    record = direct.cached_store(folder, lambda f: open_kb(f, seed).close(), lambda f: direct.bulk_load(
        f, direct.corpus_batches(world_for(seed), size, seed)))
    return folder, record


COPIES = "copies"  # the run removes this sub-folder of the work folder after each size


def stage_store(size: int, seed: int, workdir: str, name: str) -> Path:
    """A writable copy of the built store for one stage (cheap: hard links)."""
    base, _ = built_store(size, seed, workdir)
    return direct.copy_store(base, Path(workdir) / COPIES / f"{name}-{size}-seed{seed}")


def corpus_facts(size: int, seed: int, workdir: str) -> atoms.Facts:
    """The facts rules see in the built store, without reading its articles back: the background
    and world graphs are read from the store, the articles' rows come from the generator
    (bench.direct; the same rows the store was loaded with), and the product's
    ``facts_from_raw`` turns both into facts. Reading 18 million triples back through the
    product's read path would take longer than the floor itself at 1,000,000 events."""
    kb = open_kb(built_store(size, seed, workdir)[0], seed)
    graphs = (BACKGROUND_GRAPH, iris.document_graph(WORLD_DOC))
    small = [row for graph in graphs for row in kb.store.raw_triples(graph)]
    kb.close()
    return atoms.facts_from_raw(itertools.chain(small, direct.corpus_rows(world_for(seed), size, seed)))


def phase(name: str) -> None:
    """Say on stderr what the stage is doing, so a stage stopped at its limit says where."""
    print(f"# phase: {name} ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)


def sample(world: World, size: int, seed: int, max_sentences: int | None) -> list[Article]:
    """The corpus's first articles, up to ``max_sentences`` sentences (all if None)."""
    out, count = [], 0
    for article in articles(world, size, seed):
        if max_sentences is not None and count >= max_sentences:
            break
        out.append(article)
        count += len(article.items)
    return out


def _rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 1) if seconds > 0 else None


# -- open: what a store of definitions costs at every start ---------------------------------------

def open_store(seed: int, workdir: str, **_: Any) -> Row:
    """Ingest the world's definitions the product's way, then time ``reasoner.open`` on the store
    (it re-reads every stored definition into the lexicon)."""
    location = Path(workdir) / "store-open"
    shutil.rmtree(location, ignore_errors=True)
    with reasoner.open(str(location)) as kb:
        kb.ingest("\n".join(definitions(world_for(seed))), doc_id=WORLD_DOC, date=WORLD_DATE, infer=False)
    started = time.perf_counter()
    reasoner.open(str(location)).close()
    seconds = time.perf_counter() - started
    shutil.rmtree(location, ignore_errors=True)
    sentences = len(definitions(world_for(seed)))
    return {"path": "parsed", "sentences": sentences, "seconds": round(seconds, 3),
            "note": f"reasoner.open on a store holding {sentences} definitional sentences"}


# -- parse ---------------------------------------------------------------------------------------

def parse(size: int, seed: int, max_sentences: int | None, **_: Any) -> Row:
    """Parse the corpus (or its first ``max_sentences`` sentences), one document per article."""
    world = world_for(seed)
    kb = open_kb("memory", seed)
    corpus = sample(world, size, seed, max_sentences)
    sentences = sum(len(a.items) for a in corpus)
    started = time.process_time()
    events = sum(len(kb.extract(a.text, doc_id=a.doc_id).events) for a in corpus)
    seconds = time.process_time() - started
    return {"path": "parsed", "sentences": sentences, "events": events, "seconds": round(seconds, 3),
            "sentences_per_s": _rate(sentences, seconds),
            "note": None if sentences >= _total_sentences(world, size, seed)
            else f"first {sentences} sentences of the corpus"}


# -- reader: the news reader and the controlled-language parser on their own -------------------

NEWS_SOURCE = Path(__file__).resolve().parent.parent / "seeds"
LONG_INPUT_BYTES = 1_000_000


def reader(size: int, seed: int, max_sentences: int | None = None, **_: Any) -> Row:
    """Sentences per CPU second: news text (the seed articles, each read as one document, again
    and again up to ``max_sentences``) through ``read_document``, with spaCy's recogniser and
    without (``REASONER_NER=0``); the corpus's controlled sentences through the Lark grammar alone
    (``parse_document``, the path of definitions and console sentences); the resident memory the
    loaded spaCy pipeline adds; the wall time of a 1 MB text without a full stop."""
    from reasoner.cnl.document import parse_document
    from reasoner.cnl.lexicon import Lexicon
    from reasoner.reader import syntax
    from reasoner.reader.document import read_document

    lexicon = Lexicon.default()
    before = _rss_mib()
    syntax.pipeline(True)
    pipeline_mib = round(_rss_mib() - before, 1)
    news = [p.read_text(encoding="utf-8") for p in sorted(NEWS_SOURCE.glob("*.txt"))]
    wanted = max_sentences or 1_000
    row: Row = {"path": "news", "pipeline_rss_mib": pipeline_mib}
    for label, ner in (("", True), ("_no_ner", False)):
        sentences, seconds = _read_news(news, wanted, lexicon, read_document, ner)
        row[f"sentences{label}"] = sentences
        row[f"sentences_per_s{label}"] = _rate(sentences, seconds)
        row[f"seconds{label}"] = round(seconds, 3)
    world = world_for(seed)
    controlled = [a.text for a in sample(world, max(size, 1_000), seed, wanted)]
    knows_world = open_kb("memory", seed).lexicon  # the corpus's names are the synthetic world's
    started = time.process_time()
    count = sum(len(parse_document(text, lexicon=knows_world, doc_id=f"c{i}").sentences)
                for i, text in enumerate(controlled))
    row["controlled_sentences"] = count
    row["controlled_sentences_per_s"] = _rate(count, time.process_time() - started)
    row["long_input_s"], row["long_input_report"] = _long_input(lexicon, read_document)
    return row


def _read_news(news: list[str], wanted: int, lexicon: Any, read_document: Callable[..., Any],
               ner: bool) -> tuple[int, float]:
    sentences, seconds, n = 0, 0.0, 0
    while sentences < wanted:
        text = news[n % len(news)]
        started = time.process_time()
        doc = read_document(text, lexicon=lexicon, doc_id=f"news-{n}", ner=ner)
        seconds += time.process_time() - started
        sentences += len(doc.sentences)
        n += 1
    return sentences, seconds


def _long_input(lexicon: Any, read_document: Callable[..., Any]) -> tuple[float, str]:
    words = "Peru and Chile held talks with Bolivia on trade and then "
    text = (words * (LONG_INPUT_BYTES // len(words) + 1))[:LONG_INPUT_BYTES]
    started = time.perf_counter()
    doc = read_document(text, lexicon=lexicon, doc_id="long")
    seconds = round(time.perf_counter() - started, 3)
    messages = [d.message for s in doc.sentences for d in s.diagnostics if d.severity == "error"]
    return seconds, messages[0] if messages else "no report"


def _rss_mib() -> float:
    """This process's resident memory now (not its peak)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _total_sentences(world: World, size: int, seed: int) -> int:
    return sum(len(a.items) for a in articles(world, size, seed))


# -- load: the built store (bench.direct) -------------------------------------------------------

def load(size: int, seed: int, workdir: str, **_: Any) -> Row:
    """The corpus rendered to N-Quads and bulk-loaded into the store every later stage uses
    (built once per work folder; a cached build reports the timing of the run that built it)."""
    _, record = built_store(size, seed, workdir)
    return {"path": "direct", "triples": record["quads"], "seconds": record["seconds"],
            "triples_per_s": _rate(record["quads"], record["seconds"]),
            "render_s": record["render_s"], "total_s": record["total_s"], "cached": record["cached"],
            "fact_table_s": record.get("fact_table_s"),
            "note": "N-Quads rendered from the generator, pyoxigraph Store.bulk_load, then the "
                    "product's fact table rebuilt from the graphs (fact_table_s); not the "
                    "product's write path (see store)"}


# -- store: the product's write path ------------------------------------------------------------

def store(size: int, seed: int, workdir: str, path: str, max_articles: int | None = None,
          **_: Any) -> Row:
    """Write the corpus (or its first ``max_articles`` articles) into a fresh embedded store,
    one atomic update per article, as ingest does. ``path`` is ``parsed`` (the text is parsed)
    or ``direct`` (documents built by the generator); only the writes are timed."""
    world = world_for(seed)
    location = Path(workdir) / f"product-store-{size}"
    shutil.rmtree(location, ignore_errors=True)
    kb = open_kb(location, seed)
    known = frozenset(e.key for e in kb.lexicon.entities())
    make_document = _document_maker(kb, path)
    timer = {"prepare": 0.0, "write": 0.0}
    triples = events = written = 0
    for article in itertools.islice(articles(world, size, seed), max_articles):
        with _timed(timer, "prepare"):
            document = make_document(article)
        with _timed(timer, "write"):
            graph = mapping.document_triples(document, known)
            kb.store.replace_graphs({iris.document_graph(document.doc_id): graph})
        triples += len(graph)
        events += len(document.events)
        written += 1
    kb.close()
    shutil.rmtree(location, ignore_errors=True)  # later stages use the built store
    batch = _batch_write(location, seed, make_document, max_articles or written, size)
    return {"path": path, "events": events, "triples": triples, "seconds": round(timer["write"], 3),
            "triples_per_s": _rate(triples, timer["write"]), "prepare_s": round(timer["prepare"], 3),
            **batch, "note": f"first {written:,} articles" if max_articles and events < size else None}


def _batch_write(location: Path, seed: int, make_document: Callable[[Article], Any], count: int,
                 size: int) -> dict[str, Any]:
    """The same articles as ``reasoner ingest FOLDER`` stores them: read first (not timed), then
    every document in one write (``ingest_documents``, no inference)."""
    phase("batch write")
    kb = open_kb(location, seed)
    documents = [make_document(a) for a in itertools.islice(articles(world_for(seed), size, seed), count)]
    started = time.perf_counter()
    reports = kb.ingest_documents(documents, infer=False)
    seconds = time.perf_counter() - started
    kb.close()
    shutil.rmtree(location, ignore_errors=True)
    triples = sum(r.triples for r in reports)
    return {"batch_seconds": round(seconds, 3), "batch_triples_per_s": _rate(triples, seconds),
            "batch_documents": len(documents)}


def _document_maker(kb: KnowledgeBase, path: str) -> Callable[[Article], Any]:
    if path == "parsed":
        return lambda a: kb.extract(a.text, doc_id=a.doc_id)
    return lambda a: article_document(a, kb.lexicon)


class _timed:
    """Adds the wall time of a ``with`` block to ``timer[key]``."""

    def __init__(self, timer: dict[str, float], key: str) -> None:
        self.timer, self.key = timer, key

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timer[self.key] += time.perf_counter() - self.started


# -- floor: clingo on facts already in memory ----------------------------------------------------

def floor(size: int, seed: int, workdir: str, **_: Any) -> Row:
    """The same program and facts, straight to clingo: ground, solve, count the shown atoms.
    The facts are built in memory (corpus_facts, untimed) and written as ASP text first; only
    clingo is timed."""
    import clingo

    from reasoner.engines.clingo.engine import clingo_input

    started = time.perf_counter()
    phase("building facts")
    facts = corpus_facts(size, seed, workdir)
    phase("writing ASP text")
    given = clingo_input(reasoner.open("memory").program(), facts)  # the engine's own encoding
    text = "\n".join((given.compiled.text, given.show, given.facts))
    edb = sum(len(r) for r in facts.values())
    del facts
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    phase(f"clingo grounding (facts built in {build_s:.0f} s)")
    control = clingo.Control(["--warn=none"])
    control.add("base", [], text)
    control.ground([("base", [])])
    phase("clingo solving")
    shown: list[int] = []
    control.solve(on_model=lambda m: shown.append(len(m.symbols(shown=True))))
    seconds = time.perf_counter() - started
    return {"engine": "clingo-floor", "engine_version": clingo.__version__, "path": "direct",
            "edb_facts": edb, "derived": shown[-1], "inference_s": round(seconds, 3),
            "seconds": round(seconds, 3), "build_facts_s_untimed": round(build_s, 3)}


# -- infer: an engine end to end -----------------------------------------------------------------

def infer(size: int, seed: int, workdir: str, engine: str, **_: Any) -> Row:
    """``kb.infer`` step by step (the same calls as reasoner.inference.infer), each one timed,
    on a copy of the built store that the query stage then reads (``store``)."""
    location = stage_store(size, seed, workdir, f"infer-{engine}")
    kb = open_kb(location, seed)
    program = kb.program()
    timer = {"read": 0.0, "reason": 0.0, "write": 0.0}
    started = _engine_start(engine)  # spark's JVM: a fixed cost, apart from the reasoning
    phase("reading facts from the store")
    with _timed(timer, "read"):
        facts = program_facts(kb.store, kb.graphs("asserted"), program)
    phase(f"reasoning (read {timer['read']:.0f} s)")
    with _timed(timer, "reason"):
        report = conclude(program, facts, engine=engine, write="all")  # the whole model, as the floor counts it
    phase(f"writing the inferred graph (reasoned {timer['reason']:.0f} s)")
    outputs = written(program)
    kept = Derived({p: rows for p, rows in report.derived.facts.items() if outputs is None or p in outputs})
    with _timed(timer, "write"):
        kb.store.replace_graphs({INFERRED_GRAPH: kept.triples()})  # what infer writes: the declared outputs
    kb.close()
    total = sum(timer.values()) + (started or 0.0)
    return {"engine": engine, "engine_version": engine_version(engine),
            **({"start_s": round(started, 3)} if started is not None else {}),
            "edb_facts": report.edb_facts, "derived": report.derived.count, "written": kept.count,
            "counts": dict(sorted(report.counts.items())),
            "inference_s": round(total, 3), "seconds": round(total, 3),
            "read_s": round(timer["read"], 3), "reason_s": round(timer["reason"], 3),
            "write_s": round(timer["write"], 3), "store": str(location)}


ENGINE_DISTRIBUTIONS = {"clingo": "clingo", "pydatalog": "pyDatalog", "duckdb": "duckdb",
                        "sparql": "pyoxigraph", "clingo-floor": "clingo", "spark": "pyspark"}


def _engine_start(engine: str) -> float | None:
    """Seconds to start the engine's own runtime before it reasons (spark: the JVM and the
    session, once per process), or None for an engine with nothing to start."""
    if engine != "spark":
        return None
    from reasoner.engines.spark import session

    phase("starting spark")
    began = time.perf_counter()
    session.session()
    return time.perf_counter() - began


def engine_version(engine: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(ENGINE_DISTRIBUTIONS.get(engine, engine))
    except PackageNotFoundError:
        return None


# -- derive: an inferred graph for the query when no infer stage finished -------------------------

def derive(size: int, seed: int, workdir: str, engine: str, **_: Any) -> Row:
    """The product's engine on facts built in memory (corpus_facts, not the store's read path),
    its derived triples bulk-loaded as N-Quads (not the product's write path): only so the query
    stage has its derived facts at sizes where ``infer`` does not finish within its limit."""
    location = stage_store(size, seed, workdir, f"derive-{engine}")
    phase("building facts")
    facts = corpus_facts(size, seed, workdir)
    phase("reasoning")
    report = conclude(reasoner.open("memory").program(), facts, engine=engine)
    del facts
    phase("loading the inferred graph")
    loaded = direct.bulk_load(location, _nquad_batches(report.derived.triples(), str(INFERRED_GRAPH)))
    return {"engine": engine, "engine_version": engine_version(engine), "path": "direct",
            "derived": report.derived.count, "reason_s": round(report.seconds, 3),
            "write_s": loaded["seconds"], "seconds": round(report.seconds + loaded["seconds"], 3),
            "store": str(location), "note": "facts built in memory, derived triples bulk-loaded: "
            "not the product's read and write paths (for the query stage only)"}


def _nquad_batches(triples: list[Triple], graph: str, size: int = 500_000) -> Iterator[tuple[bytes, int]]:
    for start in range(0, len(triples), size):
        chunk = triples[start:start + size]
        yield "".join(f"{s.n3()} {p.n3()} {o.n3()} <{graph}> .\n" for s, p, o in chunk).encode(), len(chunk)


# -- query ---------------------------------------------------------------------------------------

QUERY = """SELECT ?who ?state WHERE {{
  ?who voc:sanction_threat ?state .
  ?state voc:aligned ent:{x} .
  ?state a voc:State .
}}"""


# The same question with each pattern in the graph that holds it: a diagnostic of what the
# union default graph (every graph at once, duplicates removed) costs Oxigraph.
SCOPED_QUERY = """SELECT ?who ?state WHERE {{
  GRAPH graph:inferred {{ ?who voc:sanction_threat ?state . ?state voc:aligned ent:{x} . }}
  GRAPH ?g {{ ?state a voc:State . }}
}}"""


def query(size: int, seed: int, store: str, **_: Any) -> Row:
    """Who threatened sanctions against a state aligned with X? Median and p95 of 100 runs,
    through the product (``kb.query``, rdflib + oxrdflib) and straight on pyoxigraph (and, as a
    diagnostic, pyoxigraph with the patterns scoped to their graphs), on the store an ``infer``
    (or ``derive``) stage wrote: ``aligned`` and ``sanction_threat`` are derived."""
    from reasoner.rdf.namespaces import PREFIX_IRIS

    world = world_for(seed)
    kb = open_kb(store, seed)
    text, scoped = (q.format(x=world.states[0].key) for q in (QUERY, SCOPED_QUERY))
    rows = len(list(kb.query(text)))
    product = _latencies(lambda: list(kb.query(text)))
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIX_IRIS.items())
    native = kb.store.native  # type: ignore[attr-defined]
    native_ms = _latencies(lambda: list(native.query(prefixes + text, use_default_graph_as_union=True)))
    scoped_rows = len(list(native.query(prefixes + scoped)))
    scoped_ms = _latencies(lambda: list(native.query(prefixes + scoped)))
    kb.close()
    return {"rows": rows, "query_median_ms": product[0], "query_p95_ms": product[1],
            "native_median_ms": native_ms[0], "native_p95_ms": native_ms[1],
            "scoped_median_ms": scoped_ms[0], "scoped_p95_ms": scoped_ms[1], "scoped_rows": scoped_rows,
            "query": text}


def _latencies(run: Callable[[], object]) -> tuple[float, float]:
    run()  # warm-up
    times = []
    for _ in range(QUERY_RUNS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(statistics.median(times), 3), round(times[int(len(times) * 0.95) - 1], 3)


# -- delta: the console's delta on a large knowledge base -----------------------------------------

DELTA_TARGET_S = 1.0  # the target for one sentence; slower entries are profiled


def delta(size: int, seed: int, workdir: str, engine: str, profile_to: str | None = None,
          **_: Any) -> Row:
    """The console as a user meets it: ``start()`` (the first full inference, untimed), then
    two sentences about existing states and ``:retract``, each ``handle`` timed with the delta
    it printed. If the second sentence or the retraction misses the target, both are done once
    more, each one that missed it under cProfile (the first entry cannot be repeated as a first)."""
    from reasoner.repl.console import Console

    world = world_for(seed)
    kb = open_kb(stage_store(size, seed, workdir, f"delta-{engine}"), seed)
    console = Console(kb, engine=engine, timeout=None, date="2024-01-06")
    phase("console start: the first full inference")
    started = time.perf_counter()
    console.start()
    start_s = time.perf_counter() - started
    phase(f"console entries (start took {start_s:.0f} s)")
    a, b, c = world.states[-1], world.states[-2], world.states[1]
    second = f"{c.name} threatened {a.name} with sanctions on 3 January 2024."
    entries = [f"{a.name} and {b.name} signed a joint statement on 2 January 2024.", second, ":retract"]
    steps = [_handled(console, text) for text in entries]
    profiles: dict[str, Any] = {}
    if any(step["seconds"] > DELTA_TARGET_S for step in steps[1:]):
        phase("profiling the entries that missed the target")
        for step in steps[1:]:
            profiler = cProfile.Profile() if step["seconds"] > DELTA_TARGET_S else None
            steps.append(_handled(console, step["entry"], profiler))
            if profiler:
                profiles[step["entry"]] = profile_summary(profiler)
                if profile_to:
                    profiler.dump_stats(f"{profile_to}.{len(profiles)}")
    kb.close()
    return {"engine": engine, "engine_version": engine_version(engine), "start_s": round(start_s, 3),
            "seconds": steps[0]["seconds"], "entries": steps, "profile": profiles or None}


def _handled(console: Any, text: str, profiler: cProfile.Profile | None = None) -> dict[str, Any]:
    """One console entry: its wall time and the reply's blocks (the delta it printed)."""
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    reply = console.handle(text)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    return {"entry": text, "seconds": round(seconds, 3), "profiled": profiler is not None,
            "reply": [{"style": b.style, "text": b.text} for b in reply.blocks]}


def profile_summary(profiler: cProfile.Profile, top: int = 12) -> list[dict[str, Any]]:
    """The functions with the most cumulative time: name, seconds, share of the whole."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    entries = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)  # type: ignore[attr-defined]
    return [{"function": _where(func), "cumulative_s": round(info[3], 3),
             "share": round(info[3] / total, 3)} for func, info in entries[:top]]


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    for marker in ("site-packages/", "/reasoner/", "/bench/"):
        if marker in filename:
            filename = marker.strip("/") + "/" + filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({name})"


STAGES: dict[str, Callable[..., Row]] = {
    "open": open_store, "parse": parse, "reader": reader, "load": load, "store": store, "floor": floor,
    "infer": infer, "derive": derive, "query": query, "delta": delta, "table": tables.table,
}
