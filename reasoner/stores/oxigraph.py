"""The embedded on-disk default: Oxigraph (RocksDB) through oxrdflib, one folder per store.

SPARQL goes through rdflib's Dataset (oxrdflib hands it to Oxigraph's native engine); bulk reads
and writes use pyoxigraph directly, which is several times faster than rdflib's one-triple-at-a-
time interface. Inference reads its facts with SPARQL queries answered as TSV text (``facts``)
and writes derived facts as N-Triples text for the bulk loader: no term object per triple.

A write is all or nothing, even if the process is killed half-way. A small write is one SPARQL
Update, which Oxigraph runs as one transaction. A large one is bulk-loaded (fast, but not a
transaction), bracketed by a "pending" mark: the mark and the removal of the old graph are one
transaction, then the bulk load, then the removal of the mark. The next open drops any graph
still marked pending, so a killed write leaves the document wholly absent, never half there.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator, Mapping, Sequence

import duckdb
import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import BNode, Dataset, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.namespace import RDF, XSD

from reasoner.errors import QueryError, StoreError
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import INFERRED_GRAPH, PREFIX_IRIS
from reasoner.rdf.stream import RenderedTriples, StreamedTriples, utf8_chunks
from reasoner.stores.fact_table import EVERYTHING, FactRow, FactTable, failpoint
from reasoner.stores.generation import mark_written, read_generation
from reasoner.stores.base import RawTriple, Store, Triple, modify_update, query_diagnostic

PENDING = "urn:x-reasoner:pending"  # graph holding one mark per graph being bulk-loaded
PENDING_MARK = "urn:x-reasoner:being-written"
FEW_GRAPHS = 8  # so many graphs of a large store are read by SPARQL (see _few_of_many)
BULK_THRESHOLD = 20_000  # triples; below this one transactional update is fast enough
XSD_STRING = str(XSD.string)
HIDDEN_GRAPHS = ("urn:x-rdflib:", "urn:x-reasoner:")  # rdflib's default graph, our scratch graphs
MAX_LEFT_OUT = 64  # graphs a fact read leaves out by a FILTER; with more, it names those it reads
_RDF_TYPE = f"<{RDF.type}>"


class OxigraphStore(Store):
    name = "oxigraph"

    def __init__(self, location: str) -> None:
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store location {location} is a file, not a folder")
        try:
            path.mkdir(parents=True, exist_ok=True)
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path))
        except OSError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in message.lower():
                message = "it is in use by another reasoner process"
            raise StoreError(f"cannot open the store at {location}: {message}") from None
        super().__init__(dataset, str(path))
        self.fact_table = FactTable(path)
        self._drop_pending()
        self._start_fact_table()
        remove_old_logs(path)

    def close(self) -> None:
        self.fact_table.close()
        super().close()
        remove_old_logs(Path(self.location))

    @property
    def native(self) -> ox.Store:
        return self.dataset.store._inner  # type: ignore[attr-defined, no-any-return]

    # -- writing ---------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Triple]]) -> None:  # type: ignore[override]
        with self._facts_kept(replaced=graphs):
            try:
                if sum(_size(t) for t in graphs.values()) <= BULK_THRESHOLD:
                    self.native.update(_replace_update(graphs))
                else:
                    self._bulk_replace(graphs)
            except (OSError, SyntaxError, ValueError, TypeError) as exc:
                self._drop_pending()
                raise StoreError(f"writing to the store at {self.location} failed: {exc}") from None

    def write(self, replace: Mapping[URIRef, Sequence[Triple]],  # type: ignore[override]
              modify: Mapping[URIRef, tuple[Sequence[Triple], Sequence[Triple]]] | None = None) -> None:
        """One transaction when small; else a bulk load with every graph touched (the changed
        ones too) marked pending until the end, so a killed write drops them all."""
        modify = modify or {}
        change = " ;\n".join(t for t in (modify_update(g, list(add), list(remove))
                                          for g, (add, remove) in modify.items()) if t)
        size = sum(_size(t) for t in replace.values()) + sum(len(a) + len(r) for a, r in modify.values())
        with self._facts_kept(replaced=replace, reread=tuple(modify)):
            try:
                if size <= BULK_THRESHOLD:
                    text = " ;\n".join(t for t in (_replace_update(replace) if replace else "", change) if t)
                    if text:
                        self.native.update(text)
                else:
                    self._bulk_replace(replace, pending_too=tuple(modify), finish=change)
            except (OSError, SyntaxError, ValueError, TypeError) as exc:
                self._drop_pending()
                raise StoreError(f"writing to the store at {self.location} failed: {exc}") from None

    def run_update(self, text: str) -> None:
        """Any SPARQL Update: the fact table cannot know what it changed, and is rebuilt at the
        next read."""
        with self._facts_kept(rebuild=True):
            self._run_update(text)

    def update_graph(self, graph: URIRef, add: Iterable[Triple], remove: Iterable[Triple]) -> None:
        text = modify_update(graph, list(add), list(remove))
        if text:
            with self._facts_kept(reread=(graph,)):
                self._run_update(text)

    def _run_update(self, text: str) -> None:
        try:
            self.native.update(text)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"writing to the store at {self.location} failed: {exc}") from None

    # -- the fact table beside the graphs (stores/fact_table.py) -------------------------------
    def _start_fact_table(self) -> None:
        """A new, empty store starts its fact table at once, so every write keeps it; an older
        store gets one at its first fact read."""
        if self.fact_table.exists or next(iter(self.native.named_graphs()), None) is not None:
            return
        token = read_generation(self.location) or mark_written(self.location)
        if token is not None:
            self._try(lambda: self.fact_table.reset([], [], token))

    @contextmanager
    def _facts_kept(self, *, replaced: Mapping[URIRef, Sequence[Triple]] | None = None,
                    reread: Sequence[URIRef] = (), rebuild: bool = False) -> Iterator[None]:
        """Around a write of the graphs: the table's journal names the graphs about to change
        before the write, and the generation the write made after it (see fact_table.py);
        the next read brings those graphs' rows up to date from the store. ``rebuild``: the
        write may change any graph."""
        table = self.fact_table
        kept = table.exists
        if kept:
            changed = [EVERYTHING] if rebuild else [str(g) for g in [*(replaced or {}), *reread] if _tracked(g)]
            kept = self._try(lambda: table.note_graphs(changed))
        failpoint("before-graph-write")
        yield
        token = mark_written(self.location)
        failpoint("after-graph-write")
        if kept and token is not None:
            self._try(lambda: table.note_generation(token))

    def _try(self, step: Any) -> bool:
        """Run a step on the fact table; a failure there leaves it stale, never the write failed
        (the graphs are the truth, and the next read rebuilds the table)."""
        try:
            step()
            return True
        except (StoreError, OSError, duckdb.Error):
            self.fact_table.close()
            return False

    def rebuild_fact_table(self) -> bool:
        """Make the fact table again from the graphs (all predicates of every asserted graph).
        False if it cannot be kept here (a folder that cannot record its generation)."""
        token = read_generation(self.location) or mark_written(self.location)
        if token is None:
            return False
        graphs = [g for g in self.graph_names() if _tracked(g)]
        rows = list(self._fact_rows(graphs))
        return self._try(lambda: self.fact_table.reset(rows, [str(g) for g in graphs], token))

    def _fact_rows(self, graphs: Sequence[URIRef]) -> Iterator[FactRow]:
        """Every fact of these graphs with its graph, read per predicate and per class."""
        reader = atoms.TextReader()
        scope = _Scope.of(self.native, graphs)
        if scope is None:
            return
        term = reader.term
        for predicate in scope.select("?p", "?s ?p ?o"):
            name = reader.predicate(predicate[1:-1])
            if name is None or predicate == _RDF_TYPE:
                continue
            for row in scope.select("?g ?s ?o", f"?s {predicate} ?o", distinct=False):
                graph, subject_text, object_text = row.split("\t")
                subject, obj = term(subject_text), term(object_text)
                if subject is not None and obj is not None:
                    yield graph[1:-1], name, subject, obj
        for klass in scope.select("?c", f"?s {_RDF_TYPE} ?c", "isIRI(?c)"):
            name = reader.klass(klass[1:-1])
            if name is None:
                continue
            for row in scope.select("?g ?s", f"?s {_RDF_TYPE} {klass}", distinct=False):
                graph, subject_text = row.split("\t")
                subject = term(subject_text)
                if subject is not None:
                    yield graph[1:-1], name, subject, None

    def _fresh_fact_table(self, graphs: Sequence[URIRef]) -> FactTable | None:
        """The fact table brought up to date (the graphs its journal names read again, or all
        of it rebuilt if the journal cannot account for the store's generation); None if it
        cannot answer for these graphs."""
        if not all(_tracked(g) for g in graphs):
            return None
        table = self.fact_table
        current = read_generation(self.location)
        changed, noted = table.pending() if table.exists else (set(), None)
        accounted = (noted or table.generation) == current and current is not None \
            and EVERYTHING not in changed
        if not accounted:
            return table if self.rebuild_fact_table() else None
        if changed:
            names = sorted(changed)
            rows = list(self._fact_rows([URIRef(g) for g in names]))
            if not self._try(lambda: table.apply(names, rows, current)):
                return None
            table.clear_journal()
        return table

    def _bulk_replace(self, graphs: Mapping[URIRef, Sequence[Triple]], *,
                      pending_too: Sequence[URIRef] = (), finish: str = "") -> None:
        """``finish``: an update to run (on the ``pending_too`` graphs) before the mark goes."""
        if len(graphs) == 1 and not finish and self._replace_by_difference(*next(iter(graphs.items()))):
            return
        marks = " ".join(f"<{name}> <{PENDING_MARK}> true ." for name in [*graphs, *pending_too])
        drops = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in graphs)
        self.native.update(f"{drops} ;\nINSERT DATA {{ GRAPH <{PENDING}> {{ {marks} }} }}")
        blanks: dict[BNode, ox.BlankNode] = {}
        plain, text = [], []
        for name, triples in graphs.items():
            if isinstance(triples, (atoms.DerivedTriples, StreamedTriples)):
                # Rendered as N-Triples text, chunk by chunk: no pyoxigraph term per triple, and
                # (from rule values) no rdflib term either.
                self._load_overlapped(triples.ntriples(), ox.NamedNode(str(name)))
            elif isinstance(triples, RenderedTriples) and not triples.has_blank_nodes:
                text.append((name, triples))  # its lines are made: loaded as N-Quads text
            else:
                plain.append((ox.NamedNode(str(name)), triples))
        if text:  # all documents in one load: each bulk load costs some 30 ms before its first quad
            quads = (line for name, triples in text for line in triples.nquads(name))
            self._load_overlapped(utf8_chunks(quads), None, ox.RdfFormat.N_QUADS)
        if plain:
            self.native.bulk_extend(ox.Quad(_ox(s, blanks), _ox(p, blanks), _ox(o, blanks), graph)
                                    for graph, triples in plain for s, p, o in triples)
        self.native.update(" ;\n".join(t for t in (finish, f"DROP SILENT GRAPH <{PENDING}>") if t))

    def _load_overlapped(self, chunks: Iterable[bytes], graph: ox.NamedNode | None,
                         form: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        """Bulk-load N-Triples chunks (into ``graph``) or N-Quads chunks (``graph`` None), each
        in a worker thread while the next one is rendered
        (pyoxigraph releases the GIL as it loads; at most two chunks are held). At 1,000,000
        events rendering takes 12 s and loading 40 s; one after the other, they took 52."""
        with ThreadPoolExecutor(max_workers=1) as loader:
            pending: Future[None] | None = None
            for chunk in chunks:
                if pending is not None:
                    pending.result()
                pending = loader.submit(self.native.bulk_load, input=chunk, format=form,
                                        **({"to_graph": graph} if graph is not None else {}))
            if pending is not None:
                pending.result()

    def _replace_by_difference(self, name: URIRef, triples: Sequence[Triple]) -> bool:
        """Replace a large existing graph by deleting and inserting only what differs, in one
        transaction; False (nothing done) unless the new triples are rendered rule values and
        the difference is small. Re-running inference mostly rewrites what is there, and
        dropping a graph costs some 20 us per triple (15 s for 715,000 at 100,000 events)."""
        if not isinstance(triples, atoms.DerivedTriples) or not self.has_graph(name):
            return False
        graph = ox.NamedNode(str(name))
        old = set(self.native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                  .decode().splitlines())
        new = {line for chunk in triples.ntriples() for line in chunk.decode().splitlines()}
        old.discard("")
        new.discard("")
        gone, added = sorted(old - new), sorted(new - old)
        if len(gone) + len(added) > BULK_THRESHOLD:
            return False
        parts = [f"DELETE DATA {{ GRAPH <{name}> {{\n{chr(10).join(gone)}\n}} }}" if gone else "",
                 f"INSERT DATA {{ GRAPH <{name}> {{\n{chr(10).join(added)}\n}} }}" if added else ""]
        text = " ;\n".join(p for p in parts if p)
        if text:
            self.native.update(text)
        return True

    def _drop_pending(self) -> None:
        """Remove every graph a killed or failed bulk write left marked pending."""
        try:
            pending = [q.subject.value for q in self.native.quads_for_pattern(
                None, ox.NamedNode(PENDING_MARK), None, ox.NamedNode(PENDING))]
            drops = [f"DROP SILENT GRAPH <{name}>" for name in pending]
            self.native.update(" ;\n".join([*drops, f"DROP SILENT GRAPH <{PENDING}>"]))
        except OSError:
            pass  # the store is failing already; the next open tries again

    # -- reading ---------------------------------------------------------------------------
    def _quads(self, graph: URIRef) -> Iterator[ox.Quad]:
        return self.native.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        for quad in self._quads(graph):
            yield _rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)  # type: ignore[misc]

    def raw_triples(self, graph: URIRef) -> Iterator[RawTriple]:
        for quad in self._quads(graph):
            subject, obj = quad.subject, quad.object
            subject_iri = subject.value if isinstance(subject, ox.NamedNode) else None
            if isinstance(obj, ox.Literal):
                yield subject_iri, quad.predicate.value, obj.value, "literal", obj.datatype.value
            else:
                yield subject_iri, quad.predicate.value, obj.value, \
                    "iri" if isinstance(obj, ox.NamedNode) else "blank", None

    def count(self, graph: URIRef) -> int:
        return sum(1 for _ in self._quads(graph))

    def graph_names(self) -> list[URIRef]:
        # Straight from Oxigraph: rdflib's Dataset.graphs() wraps each name in a Graph object.
        names = {g.value for g in self.native.named_graphs()}
        return [URIRef(n) for n in sorted(names) if not n.startswith(HIDDEN_GRAPHS)]

    def has_graph(self, graph: URIRef) -> bool:
        return bool(self.native.contains_named_graph(ox.NamedNode(str(graph))))

    def query(self, sparql: str) -> Result:
        """SELECT and ASK straight on Oxigraph, each distinct term converted to rdflib once;
        other forms through rdflib's Dataset. The same Result as oxrdflib's, with the same
        prefixes: oxrdflib converts every term of every row (two thirds of a 5,000-row query)."""
        try:
            result = self.native.query(sparql, use_default_graph_as_union=True,
                                       prefixes=self._prefixes)
            if isinstance(result, ox.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(result)
                return out
            if isinstance(result, ox.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in result.variables]
                out.bindings = _bindings(out.vars, result)  # solutions are computed here
                return out
        except Exception as exc:  # pyoxigraph raises SyntaxError, OSError, ValueError, ...
            raise QueryError(query_diagnostic(sparql, exc)) from None
        return super().query(sparql)

    @cached_property
    def _prefixes(self) -> dict[str, str]:
        return {prefix: str(iri) for prefix, iri in self.dataset.namespaces()} | PREFIX_IRIS

    def facts(self, graphs: Iterable[URIRef], predicates: Collection[str] | None = None) -> atoms.Facts:
        """The facts rules see in these graphs (only those of ``predicates``, if given): from
        the fact table when it answers for them (every asserted graph), else from the graphs."""
        graphs = list(graphs)
        if self._few_of_many(graphs):
            return self.facts_from_graphs(graphs, predicates)
        table = self._fresh_fact_table(graphs)
        if table is not None:
            try:
                return table.read([str(g) for g in graphs], predicates)
            except (StoreError, duckdb.Error):
                table.close()  # read the graphs themselves below
        return self.facts_from_graphs(graphs, predicates)

    def _few_of_many(self, graphs: Sequence[URIRef]) -> bool:
        """A few graphs of a large store (a console sentence's): SPARQL reads them in 3 ms, the
        fact table in 56 ms (a scan of all its rows) at 100,000 events."""
        if len(graphs) > FEW_GRAPHS or not self.fact_table.exists:
            return False  # a store without its table gets one at this read
        try:
            return self.fact_table.graph_count() > 2 * FEW_GRAPHS
        except (StoreError, duckdb.Error):
            return True

    def facts_from_graphs(self, graphs: Iterable[URIRef],
                          predicates: Collection[str] | None = None) -> atoms.Facts:
        """The facts rules see in these graphs: what atoms.facts_from_raw makes of raw_triples,
        read with one SPARQL query per predicate and per class (only those named ``predicates``,
        if given).

        Oxigraph decodes every IRI of a result with a disk read, and that is most of the cost
        of reading: raw_triples decodes all four terms of every quad, these queries only the
        subject and object of the triples rules see. Rows are not made DISTINCT, nor blank nodes
        filtered out, by Oxigraph: the reader's sets and its term conversion do both, and at
        1,000,000 events the two cost Oxigraph 6 of the 17 s of reading one predicate.
        """
        reader = atoms.TextReader()
        scope = _Scope.of(self.native, graphs)
        if scope is None:
            return reader.facts
        # Listing every predicate scans every quad (8 s at 1,000,000 events); wanted ones are
        # named directly. Classes are still listed: a class name has many spellings.
        listed = scope.select("?p", "?s ?p ?o") if predicates is None else \
            [f"<{iri}>" for iri in reader.property_iris(set(predicates))]
        for predicate in listed:
            name = reader.predicate(predicate[1:-1])
            if name is not None and predicate != _RDF_TYPE and _wanted(name, predicates):
                rows = scope.select("?s ?o", f"?s {predicate} ?o", distinct=False)
                reader.add_pairs(name, (row.split("\t") for row in rows))
        for klass in scope.select("?c", f"?s {_RDF_TYPE} ?c", "isIRI(?c)"):
            name = reader.klass(klass[1:-1])
            if name is not None and _wanted(name, predicates):
                reader.add_members(name, scope.select("?s", f"?s {_RDF_TYPE} {klass}", distinct=False))
        return reader.facts


def _size(triples: Sequence[Triple]) -> int:
    """How many triples, without making a streamed graph's (always large: bulk-loaded) twice."""
    return BULK_THRESHOLD + 1 if isinstance(triples, StreamedTriples) else len(triples)


def remove_old_logs(folder: Path) -> None:
    """Delete the RocksDB info logs earlier opens left (``LOG.old.*``, some 137 KB each: 6.7 MB
    after 50 commands). RocksDB renames its ``LOG`` at every open and keeps up to 1,000 old
    ones; pyoxigraph offers no option to keep fewer. These are diagnostics for RocksDB's
    developers, never data: the data is in the ``*.sst`` and ``*.log`` files, left alone."""
    for old in folder.glob("LOG.old.*"):
        try:
            old.unlink()
        except OSError:
            pass  # another process removed it first, or the folder is read-only: harmless


def _tracked(graph: URIRef | str) -> bool:
    """Is this a graph the fact table keeps: every asserted graph, not the derived one."""
    name = str(graph)
    return name != str(INFERRED_GRAPH) and not name.startswith(HIDDEN_GRAPHS)


def _wanted(name: str, predicates: Collection[str] | None) -> bool:
    return predicates is None or name in predicates


@dataclass(frozen=True)
class _Scope:
    """Queries over some named graphs: with a FILTER on ``?g`` that leaves out the few others
    (one index scan across all graphs), else naming the graphs to Oxigraph (a lookup per graph).
    Results come back as SPARQL TSV, terms in N-Triples syntax serialised by Oxigraph, so no
    Python object is made per term."""

    native: ox.Store
    condition: str  # " && ?g NOT IN (...)", or ""
    options: dict[str, Any]

    @classmethod
    def of(cls, native: ox.Store, graphs: Iterable[URIRef]) -> _Scope | None:
        wanted = {str(g) for g in graphs}
        if not wanted:
            return None
        if len(wanted) <= MAX_LEFT_OUT:  # a few graphs (the console's): named, no listing
            return cls(native, "", {"named_graphs": [ox.NamedNode(g) for g in sorted(wanted)]})
        others = [g for g in native.named_graphs()
                  if not (isinstance(g, ox.NamedNode) and g.value in wanted)]
        if len(others) > MAX_LEFT_OUT or any(isinstance(g, ox.BlankNode) for g in others):
            return cls(native, "", {"named_graphs": [ox.NamedNode(g) for g in sorted(wanted)]})
        condition = f" && ?g NOT IN ({', '.join(map(str, others))})" if others else ""
        return cls(native, condition, {})

    def select(self, variables: str, pattern: str, test: str = "true", *,
               distinct: bool = True) -> list[str]:
        """The solutions (distinct ones unless told), one TSV line each (tab-separated columns)."""
        query = (f"SELECT {'DISTINCT ' if distinct else ''}{variables} WHERE "
                 f"{{ GRAPH ?g {{ {pattern} }} FILTER({test}{self.condition}) }}")
        result = self.native.query(query, **self.options)
        text = result.serialize(format=ox.QueryResultsFormat.TSV).decode()  # type: ignore[union-attr]
        return text.split("\n")[1:-1]  # a header line first, a newline after each row


def _replace_update(graphs: Mapping[URIRef, Sequence[Triple]]) -> str:
    parts = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
    for name, triples in graphs.items():
        if isinstance(triples, RenderedTriples):  # N-Triples lines are SPARQL triples too
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{''.join(triples.lines)}}} }}")
        elif triples:
            body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
    return " ;\n".join(parts)


def _ox(term: object, blanks: dict[BNode, ox.BlankNode]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return blanks.setdefault(term, ox.BlankNode())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def _bindings(variables: list[Variable], solutions: ox.QuerySolutions) -> list[dict[Variable, Any]]:
    """Solutions as rdflib bindings, as oxrdflib's from_ox makes them (a literal keeps its
    datatype), converting each distinct term once."""
    seen: dict[Any, Any] = {None: None}

    def converted(term: Any) -> Any:
        found = seen.get(term)
        if found is None and term is not None:
            found = seen[term] = from_ox(term)
        return found

    return [dict(zip(variables, map(converted, solution))) for solution in solutions]


def _rdflib(term: object) -> URIRef | BNode | Literal:
    # Oxigraph reports plain strings as xsd:string; rdflib's parsers do not. Normalise so a graph
    # compares equal whichever store it went through.
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")
