"""The knowledge base: the one object that ties a store, a lexicon and a rule program together.

The command line, the console and notebooks all go through it::

    >>> import reasoner
    >>> kb = reasoner.open(store="memory")
    >>> report = kb.ingest("Vladimir Putin met Xi Jinping in Beijing on February 4.", date="2022-02-04")
    >>> report.understood
    1

No module-level state: two knowledge bases in one process do not see each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from rdflib import Dataset, Literal, URIRef

from reasoner import sources as src
from reasoner import upkeep
from reasoner.cnl import Lexicon, parse_document
from reasoner.reader.document import read_document
from reasoner.cnl.statements import Document
from reasoner.errors import CnlSyntaxError, Diagnostic, InputError, did_you_mean
from reasoner.rdf import iris, mapping
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, INFERRED_GRAPH, VOC
from reasoner.rdf.stream import StreamedTriples
from reasoner.stores import Store, open_store
from reasoner.tables.layout import layout as table_layout
from reasoner.tables.read import read_table, skipped_codes

if TYPE_CHECKING:
    from rdflib.query import Result

    from reasoner.explain.model import Explanation, WhyNot
    from reasoner.inference import Answers, InferenceReport
    from reasoner.rules.ast import Program, Value


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingested document gave: counts, and the diagnostics of what was not understood."""

    doc_id: str
    source: str
    sentences: int
    understood: int
    events: int
    triples: int
    diagnostics: tuple[Diagnostic, ...] = ()
    kind: str = "text"
    document: Document | None = field(default=None, compare=False, repr=False)

    @property
    def coverage_line(self) -> str:
        if self.kind == "rdf":
            return f"{self.source}: loaded {self.triples} triples"
        if self.kind == "table":
            return self._table_line()
        return (f"{self.source}: {self.understood} of {self.sentences} sentences understood, "
                f"{_plural(self.events, 'event')}, {_plural(self.triples, 'triple')}")


    def _table_line(self) -> str:
        outside = skipped_codes(self.document) if self.document is not None else {}
        skipped = sum(outside.values())
        bad = self.sentences - self.understood
        line = (f"{self.source}: {self.events} of {_plural(self.sentences + skipped, 'row')} stored as events, "
                f"{_plural(self.triples, 'triple')}")
        if bad:
            line += f"; {_plural(bad, 'row')} not read"
        if skipped:
            codes = ", ".join(f"{code} ×{n}" for code, n in sorted(outside.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
            line += f"; {_plural(skipped, 'row')} with CAMEO codes outside the event model ({codes}"
            line += ", ...)" if len(outside) > 8 else ")"
        return line

    def shown_diagnostics(self, limit: int = 20) -> list[str]:
        """The diagnostics to print: for a table, its bad rows (the first ``limit`` of them; rows
        outside the event model are counted in the coverage line)."""
        if self.kind != "table":
            return [d.render() for d in self.diagnostics]
        bad = list(self.diagnostics)
        lines = [d.render() for d in bad[:limit]]
        if len(bad) > limit:
            lines.append(f"{self.source}: ... and {len(bad) - limit} more rows not read")
        return lines


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` text (or a date), with a clear error otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(Diagnostic("bad-date", f"invalid date {value!r}: expected YYYY-MM-DD")) from None


@dataclass
class KnowledgeBase:
    """A store plus the lexicon that reads text into it. Create with :func:`reasoner.open`."""

    store: Store
    lexicon: Lexicon = field(default_factory=Lexicon.default)
    timeout: float | None = None  # the engine's limit when ingest recomputes conclusions
    last_upkeep: "upkeep.Upkeep | None" = field(default=None, init=False, repr=False)
    _rules: "upkeep.Rules | None" = field(default=None, init=False, repr=False)

    def __repr__(self) -> str:
        return f"KnowledgeBase(store={self.store.name}:{self.store.location!r})"

    def __post_init__(self) -> None:
        self._ensure_background()
        self._restore_definitions()

    # -- reading text ----------------------------------------------------------------------
    def extract(self, text: str, *, doc_id: str = "input", source: str = "<input>",
                date: str | dt.date | None = None) -> Document:
        """Parse a document's text into sentences and events, without storing anything."""
        return read_document(text, lexicon=self.lexicon, doc_id=doc_id, source=source,
                             date=parse_date(date))

    def extract_files(self, paths: Iterable[str | Path], *, date: str | dt.date | None = None) -> list[Document]:
        """Parse text files and event tables (and those in folders) without storing anything."""
        published = parse_date(date)
        return [self.read_table(s) if s.kind == "table" else
                self.extract(s.text, doc_id=s.doc_id, source=str(s.path), date=published)
                for s in src.read_all(paths) if s.kind in ("text", "table")]

    # -- ingesting -------------------------------------------------------------------------
    def ingest(self, text: str, *, doc_id: str | None = None, source: str = "<input>",
               date: str | dt.date | None = None, strict: bool = False,
               replace: bool = False, infer: bool = True) -> IngestReport:
        """Parse a document and store it in its own named graph, atomically; with ``infer``
        (the default) the conclusions follow in the same write (see :meth:`retract`).

        Without ``doc_id`` the document is named by a hash of its text and date, so two
        different texts are two documents (the same text twice is the same document). A
        ``doc_id`` already in the store is refused unless ``replace=True``.

        Raises:
            InputError: the document id is taken (and ``replace`` is not set), or a bad date.
            CnlSyntaxError: nothing was understood (with ``strict``: any sentence was not).
        """
        published = parse_date(date)
        if doc_id is None:
            doc_id = content_doc_id(text, published)
        elif not replace and self.store.has_graph(iris.document_graph(doc_id)):
            raise InputError(Diagnostic(
                "document-exists", f"a document {doc_id!r} is already in the store: pass "
                                   "replace=True to replace it, or give another doc_id"))
        doc = self.extract(text, doc_id=doc_id, source=source, date=published)
        return self._store_documents([(doc, source, "text")], strict=strict, infer=infer)[0]

    def ingest_files(self, paths: Iterable[str | Path], *, date: str | dt.date | None = None,
                     strict: bool = False, progress: Callable[[str], None] | None = None,
                     infer: bool = True, table_format: str | None = None,
                     column_map: dict[str, str] | None = None) -> list[IngestReport]:
        """Ingest text, RDF and event-table files (and folders of them). All files are read and
        parsed before anything is stored, so a missing file, a binary file or (with ``strict``)
        a sentence the language does not cover or a bad table row leaves the store as it was.
        All of them, and (with ``infer``, the default) the conclusions that follow, are stored
        in one write. ``table_format`` (gdelt, icews, csv) reads every file as an event table
        of that layout, ``column_map`` renames its columns (``{"actor": "Who"}``)."""
        published = parse_date(date)
        sources = src.read_all(paths, table_format)
        _refuse_shared_ids(sources)
        documents: list[tuple[Document, str, str]] = []
        rdf_graphs: list[tuple[src.Source, dict[URIRef, list[mapping.Triple]]]] = []
        for source in sources:
            if progress:
                progress(str(source.path))
            if source.kind == "rdf":
                rdf_graphs.append((source, _parse_rdf(source)))
            elif source.kind == "table":
                documents.append((self.read_table(source, column_map), str(source.path), "table"))
            else:
                documents.append((self.extract(source.text, doc_id=source.doc_id,
                                               source=str(source.path), date=published),
                                  str(source.path), "text"))
        loaded: dict[URIRef, list[mapping.Triple]] = {}
        rdf_reports = []
        for source, graphs in rdf_graphs:
            # the inferred graph of an exported store is loaded as it is: it is no asserted graph
            loaded.update({name: triples if name == INFERRED_GRAPH else upkeep.stamped(name, triples)
                           for name, triples in graphs.items()})
            total = sum(len(t) for t in graphs.values())
            rdf_reports.append(IngestReport(source.doc_id, str(source.path), 0, 0, 0, total, kind="rdf"))
        return self._store_documents(documents, strict=strict, infer=infer, also=loaded) + rdf_reports

    def ingest_documents(self, documents: Iterable[Document], *, strict: bool = False,
                         infer: bool = True) -> list[IngestReport]:
        """Store documents already read (by :meth:`extract` or :meth:`extract_files`), each in
        its own graph, all in one write, as :meth:`ingest_files` stores what it reads."""
        return self._store_documents([(d, d.source or d.doc_id, "text") for d in documents],
                                     strict=strict, infer=infer)

    def read_table(self, source: src.Source, column_map: dict[str, str] | None = None) -> Document:
        """An event table file (a source of kind "table") as a document, one sentence per row."""
        shape = table_layout(source.format or "csv").mapped(column_map or {})
        return read_table(source.text, shape, self.lexicon, doc_id=source.doc_id, source=str(source.path))

    def _store_documents(self, documents: list[tuple[Document, str, str]], *, strict: bool, infer: bool,
                         also: dict[URIRef, list[mapping.Triple]] | None = None) -> list[IngestReport]:
        """Store parsed documents, each in its own graph, and the graphs ``also`` (RDF files),
        in one write; ``documents`` gives each with its file and kind (text or table)."""
        # A document of which nothing was understood is refused whole (it would store nothing
        # but its title); with ``strict`` so is any document with a sentence not understood.
        problems = [d for doc, _, _ in documents for s in doc.sentences for d in s.diagnostics
                    if d.severity == "error" and (strict or doc.understood_count == 0)]
        if problems:
            raise CnlSyntaxError(*problems)
        graphs = dict(also or {})
        known = frozenset(e.key for e in self.lexicon.entities())
        for doc, _, _ in documents:
            for sentence in doc.sentences:
                if sentence.facts:
                    self.lexicon.extend(sentence.facts)
            name = iris.document_graph(doc.doc_id)
            graphs[name] = upkeep.stamped(name, _document_graph(name, doc, known))
        self._write(graphs, infer=infer)
        # counted after the write: a streamed graph is counted as the write makes it
        return [IngestReport(doc.doc_id, path, len(doc.sentences), doc.understood_count, len(doc.events),
                             len(graphs[iris.document_graph(doc.doc_id)]),
                             tuple(d for s in doc.sentences for d in s.diagnostics), kind=kind, document=doc)
                for doc, path, kind in documents]

    def retract(self, doc_ids: Iterable[str], *, infer: bool = True) -> None:
        """Remove documents (by id) from the store; with ``infer`` (the default) the conclusions
        that followed from them go in the same write, and those that still follow stay.

        Raises:
            InputError: a document is not in the store (nothing is removed).
        """
        ids = list(dict.fromkeys(doc_ids))
        present = set(self.documents())
        missing = [Diagnostic("no-document", f"no document {d!r} in the store"
                              + (f" (did you mean {hint!r}?)" if (hint := did_you_mean(d, present)) else ""))
                   for d in ids if d not in present]
        if missing:
            raise InputError(*missing)
        self._write({iris.document_graph(d): [] for d in ids}, infer=infer)

    def _write(self, graphs: dict[URIRef, list[mapping.Triple]], *, infer: bool) -> None:
        """Replace these graphs (empty: remove), and with ``infer`` bring the conclusions and
        their mark up to date, as one all-or-nothing store write."""
        self.last_upkeep = None
        if not graphs:
            return
        if not infer:
            self.store.replace_graphs(graphs)
            return
        plan = upkeep.follow(self.store, self.graphs("asserted"), graphs, self._upkeep_rules(),
                             timeout=self.timeout)
        self.store.write(plan.replace, plan.modify)
        self.last_upkeep = plan

    def _upkeep_rules(self) -> upkeep.Rules:
        """The rules that keep the stored conclusions: those this knowledge base last inferred
        with, else those the store's mark names, else the shipped rules."""
        if self._rules is not None:
            return self._rules
        mark = upkeep.Mark.read(self.store)
        if mark is not None and mark.paths is not None:
            return upkeep.Rules(self.program(mark.paths or None), mark.paths, mark.engine)
        return upkeep.Rules(self.program(), ())

    def staleness(self) -> str | None:
        """One warning line if the ``inferred`` graph is not what the rules give over the
        documents as they are now (``ingest --no-infer``, changed rule files); else None."""
        return upkeep.staleness(self.store, self.graphs("asserted"))

    def _ensure_background(self) -> None:
        """Write the lexicon's knowledge into the ``background`` graph unless it is already there."""
        triples = mapping.background_triples(self.lexicon.entities(), self.lexicon.background_facts())
        digest = hashlib.sha256("\n".join(sorted(
            f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)).encode()).hexdigest()
        stamp = (BACKGROUND_GRAPH, VOC.content_hash, Literal(digest))
        if stamp in set(self.store.triples(BACKGROUND_GRAPH)):
            return
        self.store.replace_graphs({BACKGROUND_GRAPH: [*triples, stamp]})

    def _restore_definitions(self) -> None:
        """Teach the lexicon what stored documents defined ("Ruritania is a state.")."""
        rows = self.store.query("""
            SELECT ?text WHERE { GRAPH ?g { ?s voc:definitional true ; prov:value ?text ;
                                            voc:document ?d ; voc:sentence_number ?n } }
            ORDER BY ?d ?n""")
        texts = [str(text).replace("\n", " ") for (text,) in rows]  # type: ignore[misc]
        if texts:
            # One document, one reader: parsing them one by one would copy the lexicon each time.
            definitions = parse_document("\n".join(texts), lexicon=self.lexicon, doc_id="definitions")
            self.lexicon.extend(f for sentence in definitions.sentences for f in sentence.facts)

    # -- reading the store -----------------------------------------------------------------
    def documents(self) -> list[str]:
        """The ids of the documents in the store."""
        special = {BACKGROUND_GRAPH, INFERRED_GRAPH}
        prefix = str(iris.document_graph(""))
        return [str(g)[len(prefix):] for g in self.store.graph_names()
                if g not in special and str(g).startswith(prefix)]

    def graphs(self, which: str = "all") -> list[URIRef]:
        """Named graphs by role: ``asserted`` (documents and background), ``inferred``,
        ``background``, ``documents`` or ``all``."""
        names = self.store.graph_names()
        choices = {
            "all": names,
            "asserted": [g for g in names if g != INFERRED_GRAPH],
            "documents": [g for g in names if g not in (INFERRED_GRAPH, BACKGROUND_GRAPH)],
            "inferred": [g for g in names if g == INFERRED_GRAPH],
            "background": [g for g in names if g == BACKGROUND_GRAPH],
        }
        if which not in choices:
            raise InputError(f"unknown graph selection {which!r}: choose one of {', '.join(choices)}")
        return choices[which]

    def query(self, sparql: str) -> "Result":
        """Run SPARQL over all graphs (their union is the default graph); project prefixes bound."""
        return self.store.query(sparql)

    def export(self, *, format: str = "turtle", graph: str = "all") -> str:
        """The selected graphs serialised deterministically (same store -> same bytes)."""
        from reasoner.export import serialize

        return serialize(self.store, self.graphs(graph), format)

    # -- reasoning -------------------------------------------------------------------------
    def event_table(self, fmt: str = "csv") -> str:
        """The events of the stored documents as ``csv`` (the table ``ingest_files(...,
        table_format="csv")`` reads back) or ``jsonl``."""
        from reasoner.tables.records import format_records, store_records

        return format_records(store_records(self.store, self.lexicon), fmt)

    def program(self, rules: Iterable[str | Path] | None = None) -> "Program":
        """The rule program in these files or folders (the shipped rules/ by default)."""
        from reasoner.inference import load_rules

        return load_rules(rules)

    def facts(self) -> dict[str, set[tuple["Value", ...]]]:
        """The asserted facts (documents and background) as rules see them."""
        from reasoner.inference import asserted_facts

        return asserted_facts(self.store, self.graphs("asserted"))

    def infer(self, *, engine: str = "clingo", rules: Iterable[str | Path] | None = None,
              program: "Program | None" = None, timeout: float | None = None,
              strict: bool = False, write: str = "outputs") -> "InferenceReport":
        """Run the rules (a program, rule files, or the shipped rules/ by default) and replace
        the ``inferred`` graph with what they derive: the ``.output`` predicates, or every
        derived one with ``write="all"``. ``strict``: a predicate nothing defines is an error."""
        from reasoner.inference import infer

        chosen = upkeep.Rules(program, None, engine) if program is not None else \
            upkeep.Rules(self.program(rules), upkeep.rule_paths(rules), engine)
        asserted = self.graphs("asserted")
        # The old mark goes first: if inference fails half-way, no mark vouches for the result.
        self.store.replace_graphs({upkeep.MARK_GRAPH: []})
        report = infer(self.store, asserted, engine=engine, program=chosen.program, timeout=timeout,
                       strict=strict, write=write)
        self.store.replace_graphs({upkeep.MARK_GRAPH: upkeep.mark_of(self.store, asserted, chosen).triples()})
        self._rules = chosen
        return report

    def conclusions(self, *, engine: str = "clingo", program: "Program | None" = None,
                    timeout: float | None = None) -> "InferenceReport":
        """What the rules derive from the current facts, without storing anything."""
        from reasoner.inference import conclude

        return conclude(program or self.program(), self.facts(), engine=engine, timeout=timeout)

    def ask(self, query: str, *, engine: str = "clingo", rules: Iterable[str | Path] | None = None,
            program: "Program | None" = None, timeout: float | None = None,
            strict: bool = False) -> "Answers":
        """Answer a Datalog query (``aligned(X, Y)``) over asserted facts and what the rules
        derive. ``strict``: a predicate nothing defines is an error, not an empty relation."""
        from reasoner.inference import ask

        return ask(self.store, self.graphs("asserted"), query, engine=engine,
                   program=program or self.program(rules), timeout=timeout, strict=strict)

    def explain(self, atom: str, *, engine: str = "clingo", rules: Iterable[str | Path] | None = None,
                all: bool = False, limit: int = 10, timeout: float | None = None) -> "Explanation":  # noqa: A002
        """Why ``atom`` holds (``"aligned(russia, X)"``): the proof object ``reasoner explain``
        renders, one well-founded proof per answer down to the sentences:
        ``reasoner.explain.render(it)`` is the tree, ``render(it, "json")`` the JSON.

        Raises:
            QueryError: a malformed atom or unknown predicate.
            ExplainError: the atom does not hold (see :meth:`why_not`).
        """
        from reasoner.explain import explain

        return explain(self, atom, engine=engine, program=self.program(rules), all=all, limit=limit,
                       timeout=timeout)

    def why_not(self, atom: str, *, engine: str = "clingo", rules: Iterable[str | Path] | None = None,
                timeout: float | None = None) -> "WhyNot":
        """Why a ground atom does not hold: per rule, the closest instance and what it lacks."""
        from reasoner.explain import why_not

        return why_not(self, atom, engine=engine, program=self.program(rules), timeout=timeout)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parse_rdf(source: src.Source) -> dict[URIRef, list[mapping.Triple]]:
    """An RDF file's triples per named graph; triples outside a named graph go to the file's own."""
    dataset = Dataset()
    try:
        dataset.parse(data=source.text, format=source.format, publicID=str(iris.document_iri(source.doc_id)))
    except Exception as exc:  # rdflib raises many types for malformed input
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(Diagnostic("rdf-syntax", f"{source.path}: not valid {source.format}: {message}")) from None
    own = iris.document_graph(source.doc_id)
    graphs: dict[URIRef, list[mapping.Triple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = own if g is None or str(g).startswith("urn:x-rdflib:") else URIRef(str(g))
        graphs.setdefault(name, []).append((s, p, o))  # type: ignore[arg-type]
    return graphs


def content_doc_id(text: str, date: dt.date | None) -> str:
    """The id of a document given as text: ``text-`` and a hash of its text and date, so that
    distinct texts never overwrite each other and the same text is the same document."""
    digest = hashlib.sha256(f"{date.isoformat() if date else ''}\n{text}".encode()).hexdigest()
    return f"text-{digest[:16]}"


# A document longer than this (an event table) is not held as a list of triples: they are made
# again from the parsed document each time the write reads them (reasoner.rdf.stream).
STREAM_SENTENCES = 5_000


def _document_graph(name: URIRef, doc: Document, known: frozenset[str]) -> Sequence[mapping.Triple]:
    if len(doc.sentences) <= STREAM_SENTENCES:
        return mapping.document_triples(doc, known)
    return StreamedTriples(name, lambda: mapping.iter_document_triples(doc, known))


def _refuse_shared_ids(sources: list[src.Source]) -> None:
    """Two files that would be the same document (``a/news.txt``, ``b/news.txt``) are refused:
    the second would silently replace the first."""
    seen: dict[str, src.Source] = {}
    problems = []
    for source in sources:
        first = seen.setdefault(source.doc_id, source)
        if first is not source:
            problems.append(Diagnostic(
                "document-exists", f"{source.path}: would be the same document "
                                   f"{source.doc_id!r} as {first.path}: rename one of them"))
    if problems:
        raise InputError(*problems)


def open(store: str | None = "memory", *, lexicon: Lexicon | None = None) -> KnowledgeBase:  # noqa: A001
    """Open a knowledge base on a store: ``"memory"``, a folder path (embedded Oxigraph), or
    ``None`` for $REASONER_STORE or ./.reasoner/store."""
    return KnowledgeBase(open_store(store), lexicon or Lexicon.default())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
