"""The facts rules see, kept beside the graph store in a DuckDB file: read in bulk, not decoded.

Reading a program's facts out of Oxigraph decodes every subject and object of every triple a
rule sees (3 million facts, 42 s at 1,000,000 events). The embedded store therefore keeps the
same facts a second time, as ``atoms.facts_from_triples`` makes them, in ``facts.duckdb`` in the
store folder: one row per (graph, predicate, subject, object), terms as 64-bit integers with one
dictionary of their values. A read is one scan per predicate and one decode per distinct term.

It is a cache of the graphs, never the truth. It records the store's write generation
(``stores/generation.py``) its rows match, and a journal (``facts.journal``, appended to, never
rewritten) of what changed since: before each write, the graphs it is about to change; after
it, the generation it made. A write costs one append, not a DuckDB transaction (which would
cost several times the write of a small document). The next read brings the journal's graphs
up to date from the store, one DuckDB transaction, then empties the journal. A process killed
before its write's generation was journaled leaves a journal that cannot account for the
store's generation: the next read rebuilds the whole table from the graphs. Either way the
rows come from what the store holds, so neither half of a killed write is ever read. A write by a tool that does not mark the generation (pyoxigraph on
the folder itself) is not seen: delete ``facts.duckdb`` after one, and the next read remakes it.

Term ids are BLAKE2 hashes of (kind, text), so a write needs no lookup of existing ids; two
different terms with one id (about one chance in 10^7 at a billion terms) are refused when
written, and the table is then left stale (reads fall back to the graphs).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Iterator, Mapping

import duckdb
import pyarrow as pa

from reasoner.errors import StoreError
from reasoner.rules.ast import Iri, Symbol, Value
from reasoner.rules.rows import DistinctRows

FILE_NAME = "facts.duckdb"
JOURNAL_NAME = "facts.journal"
EVERYTHING = "*"  # a journal entry: a write that may have changed any graph
WRITING = "writing"  # the generation while a write is under way
FORMAT = "1"  # the layout below; another value (an older or newer layout) is rebuilt

# A fact row: graph IRI, predicate name, subject, object (None for a class member, arity 1).
FactRow = tuple[str, str, Value, "Value | None"]

# Kinds of term, and how each is written as text and read back.
SYMBOL, IRI, STRING, INTEGER, REAL, DATE = range(6)
_DECODE = {SYMBOL: Symbol.checked_before, IRI: Iri, STRING: str, INTEGER: int, REAL: float, DATE: dt.date.fromisoformat}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS graphs (id BIGINT, iri VARCHAR);
CREATE TABLE IF NOT EXISTS terms (id BIGINT, kind UTINYINT, text VARCHAR);
CREATE TABLE IF NOT EXISTS facts (graph BIGINT, pred VARCHAR, s BIGINT, o BIGINT);
"""


def failpoint(name: str) -> None:
    """Die here, as by ``kill -9``, when ``REASONER_FAILPOINT`` names this point: how the
    durability tests kill a write at an exact step (a real kill, not a simulated one)."""
    if os.environ.get("REASONER_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def encode(value: Value) -> tuple[int, str]:
    """A rule value as (kind, text)."""
    if isinstance(value, Symbol):
        return SYMBOL, value.name
    if isinstance(value, Iri):
        return IRI, value.value
    if isinstance(value, str):
        return STRING, value
    if isinstance(value, bool):
        raise TypeError(f"not a rule value: {value!r}")
    if isinstance(value, int):
        return INTEGER, str(value)
    if isinstance(value, float):
        return REAL, repr(value)
    if isinstance(value, dt.date):
        return DATE, value.isoformat()
    raise TypeError(f"not a rule value: {value!r}")


def decode(kind: int, text: str) -> Value:
    return _DECODE[kind](text)  # type: ignore[no-any-return]


def term_id(kind: int, text: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x1f{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def graph_id(iri: str) -> int:
    return term_id(IRI, iri)


@dataclass
class _Staged:
    """Rows about to be written, as columns, with each distinct term once."""

    graphs: dict[str, int]
    terms: dict[Value, tuple[int, int, str]]
    columns: dict[str, list[object]]

    @classmethod
    def of(cls, rows: Iterable[FactRow]) -> _Staged:
        graphs: dict[str, int] = {}
        terms: dict[Value, tuple[int, int, str]] = {}
        columns: dict[str, list[object]] = {"graph": [], "pred": [], "s": [], "o": []}
        for graph, pred, subject, obj in rows:
            gid = graphs.get(graph)
            if gid is None:
                gid = graphs[graph] = graph_id(graph)
            columns["graph"].append(gid)
            columns["pred"].append(pred)
            columns["s"].append(_id(terms, subject))
            columns["o"].append(None if obj is None else _id(terms, obj))
        return cls(graphs, terms, columns)


def _id(terms: dict[Value, tuple[int, int, str]], value: Value) -> int:
    # keyed by (type, value): 1 and 1.0 and True are one dict key in Python, not one term
    key = (type(value), value)
    found = terms.get(key)  # type: ignore[call-overload]
    if found is None:
        kind, text = encode(value)
        found = terms[key] = (term_id(kind, text), kind, text)  # type: ignore[index]
    return found[0]


class FactTable:
    """The fact table of one store folder (see the module). Open while the store is open."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / FILE_NAME
        self.journal = Path(folder) / JOURNAL_NAME
        self._connection: duckdb.DuckDBPyConnection | None = None

    # -- state -------------------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        return self.path.exists()

    def _db(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            try:
                self._connection = duckdb.connect(str(self.path))
                # DuckDB draws a progress bar on the terminal for long queries otherwise
                self._connection.execute("SET enable_progress_bar = false")
                self._connection.execute(_SCHEMA)
            except duckdb.Error as exc:
                raise StoreError(f"cannot open the fact table {self.path}: {_first_line(exc)}") from None
        return self._connection

    def _meta(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db().execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    @property
    def generation(self) -> str | None:
        """The store generation these rows match (None: none, or an unreadable table)."""
        if not self.exists:
            return None
        try:
            if self._meta("format") != FORMAT:
                return None
            return self._meta("generation")
        except (duckdb.Error, StoreError):
            return None

    def matches(self, generation: str | None) -> bool:
        return generation is not None and self.generation == generation

    def begin_write(self) -> None:
        """Mark the table as not matching any generation until :meth:`apply` records one."""
        self._set_meta("generation", WRITING)

    # -- the journal: graphs written since the rows were last brought up to date ---------------
    def note_graphs(self, graphs: Iterable[str]) -> None:
        """Before a write: these graphs are about to change (``*``: anything may)."""
        self._append("".join(f"graph {g}\n" for g in graphs))

    def note_generation(self, generation: str) -> None:
        """After a write: the store's generation the journal now accounts for."""
        self._append(f"generation {generation}\n")

    def _append(self, text: str) -> None:
        if text:
            with self.journal.open("a", encoding="utf-8") as out:
                out.write(text)

    def pending(self) -> tuple[set[str], str | None]:
        """The graphs the journal names, and the last generation it recorded (None: none)."""
        try:
            lines = self.journal.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return set(), None
        graphs: set[str] = set()
        generation = None
        for line in lines[:-1]:  # the last is empty, or a line a killed write left unfinished
            kind, _, value = line.partition(" ")
            if kind == "graph":
                graphs.add(value)
            elif kind == "generation":
                generation = value
        return graphs, generation

    def clear_journal(self) -> None:
        self.journal.unlink(missing_ok=True)

    def graph_count(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM graphs").fetchone()[0])

    def graph_iris(self) -> set[str]:
        return {row[0] for row in self._db().execute("SELECT iri FROM graphs").fetchall()}

    # -- writing -----------------------------------------------------------------------------
    def apply(self, replaced: Iterable[str], rows: Iterable[FactRow], generation: str) -> None:
        """Replace the rows of the graphs ``replaced`` by ``rows`` (graphs with no rows are
        removed) and record ``generation``, in one transaction."""
        staged = _Staged.of(rows)
        gone = [graph_id(g) for g in replaced]
        db = self._db()
        db.execute("BEGIN TRANSACTION")
        try:
            self._write(db, staged, gone)
            self._set_meta("generation", generation)
            failpoint("fact-table-commit")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _write(self, db: duckdb.DuckDBPyConnection, staged: _Staged, gone: list[int]) -> None:
        if gone:
            db.register("gone_graphs", pa.table({"id": pa.array(gone, pa.int64())}))
            db.execute("DELETE FROM facts WHERE graph IN (SELECT id FROM gone_graphs)")
            db.execute("DELETE FROM graphs WHERE id IN (SELECT id FROM gone_graphs)")
            db.unregister("gone_graphs")
        if not staged.columns["graph"]:
            return
        new_terms = pa.table({
            "id": pa.array([t[0] for t in staged.terms.values()], pa.int64()),
            "kind": pa.array([t[1] for t in staged.terms.values()], pa.uint8()),
            "text": pa.array([t[2] for t in staged.terms.values()], pa.string())})
        db.register("new_terms", new_terms)
        clash = db.execute("SELECT count(*) FROM new_terms n JOIN terms t USING (id) "
                           "WHERE n.kind <> t.kind OR n.text <> t.text").fetchone()
        if clash and clash[0]:
            raise StoreError("the fact table cannot hold two terms with one id; it is rebuilt "
                             "on the next read")
        db.execute("INSERT INTO terms SELECT * FROM new_terms ANTI JOIN terms USING (id)")
        db.unregister("new_terms")
        graphs = pa.table({"id": pa.array(list(staged.graphs.values()), pa.int64()),
                           "iri": pa.array(list(staged.graphs), pa.string())})
        db.register("new_graphs", graphs)
        db.execute("DELETE FROM facts WHERE graph IN (SELECT id FROM new_graphs)")
        db.execute("INSERT INTO graphs SELECT * FROM new_graphs ANTI JOIN graphs USING (id)")
        db.unregister("new_graphs")
        db.register("new_facts", pa.table({
            "graph": pa.array(staged.columns["graph"], pa.int64()),
            "pred": pa.array(staged.columns["pred"], pa.string()),
            "s": pa.array(staged.columns["s"], pa.int64()),
            "o": pa.array(staged.columns["o"], pa.int64())}))
        db.execute("INSERT INTO facts SELECT DISTINCT * FROM new_facts")
        db.unregister("new_facts")

    def reset(self, rows: Iterable[FactRow], graphs: Iterable[str], generation: str) -> None:
        """Start again from nothing: these graphs (all of them, even those with no facts) and
        rows. The old file goes, so terms of removed graphs go with it."""
        self.close()
        for leftover in (self.path, self.path.with_name(self.path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        self._set_meta("format", FORMAT)
        self.begin_write()
        graphs = list(graphs)
        listed = pa.table({"id": pa.array([graph_id(g) for g in graphs], pa.int64()),
                           "iri": pa.array(graphs, pa.string())})
        db = self._db()
        db.register("listed", listed)
        db.execute("INSERT INTO graphs SELECT * FROM listed ANTI JOIN graphs USING (id)")
        db.unregister("listed")
        self.apply([], rows, generation)
        self.clear_journal()

    # -- reading -----------------------------------------------------------------------------
    def read(self, graphs: Collection[str], predicates: Collection[str] | None = None
             ) -> dict[str, DistinctRows]:
        """The facts of these graphs (only of ``predicates`` if given), as rules see them."""
        # Millions of new tuples, none of them garbage: Python's cycle collector would walk
        # the growing heap again and again (half the read at 1,000,000 events).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._read(graphs, predicates)
        finally:
            if enabled:
                gc.enable()

    def _read(self, graphs: Collection[str], predicates: Collection[str] | None
              ) -> dict[str, DistinctRows]:
        db = self._db()
        known = self.graph_iris()
        wanted = set(graphs) & known
        scope = ""
        if wanted != known:
            db.register("wanted_graphs", pa.table({"id": pa.array([graph_id(g) for g in wanted],
                                                                  pa.int64())}))
            scope = " AND graph IN (SELECT id FROM wanted_graphs)"
        listed = [row[0] for row in db.execute(f"SELECT DISTINCT pred FROM facts WHERE true{scope}").fetchall()]
        names = [p for p in listed if predicates is None or p in predicates]
        found = {name: self._rows(db, name, scope) for name in sorted(names)}
        values = self._values(db, scope, names)
        if scope:
            db.unregister("wanted_graphs")
        get = values.__getitem__
        out: dict[str, DistinctRows] = {}
        for name, (subjects, pairs) in found.items():
            # distinct in SQL: no Python set (hashing every row was most of the read)
            rows = [(v,) for v in map(get, subjects)]
            rows += zip(map(get, pairs[0]), map(get, pairs[1]))
            if rows:
                out[name] = DistinctRows(rows)
        return out

    @staticmethod
    def _rows(db: duckdb.DuckDBPyConnection, name: str, scope: str
              ) -> tuple[list[int], tuple[list[int], list[int]]]:
        """A predicate's class members (subjects) and its (subject, object) pairs, as ids."""
        members = db.execute(f"SELECT DISTINCT s FROM facts WHERE pred = ? AND o IS NULL{scope}",
                             [name]).fetchnumpy()["s"].tolist()
        pairs = db.execute(f"SELECT DISTINCT s, o FROM facts WHERE pred = ? AND o IS NOT NULL{scope}",
                           [name]).fetchnumpy()
        return members, (pairs["s"].tolist(), pairs["o"].tolist())

    def _values(self, db: duckdb.DuckDBPyConnection, scope: str, names: list[str]) -> dict[int, Value]:
        if not names:
            return {}
        db.register("wanted_preds", pa.table({"pred": pa.array(names, pa.string())}))
        used = (f"SELECT s AS id FROM facts WHERE pred IN (SELECT pred FROM wanted_preds){scope} "
                f"UNION SELECT o FROM facts WHERE o IS NOT NULL AND pred IN "
                f"(SELECT pred FROM wanted_preds){scope}")
        rows = db.execute(f"SELECT DISTINCT id, kind, text FROM terms WHERE id IN ({used})").fetchall()
        db.unregister("wanted_preds")
        return {tid: _DECODE[kind](text) for tid, kind, text in rows}

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip() or type(exc).__name__).splitlines()[0][:300]
