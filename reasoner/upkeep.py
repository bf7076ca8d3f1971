"""Stored conclusions that follow the data from one command to the next: the mark and the write.

The ``inferred`` graph is worth reading only if it was computed from the asserted graphs as they
are now, by the rules as they are now. Two things make that checkable:

- every asserted graph carries a stamp, ``<graph> voc:content_hash "..."`` (a hash of its
  triples), written with it, as the background graph always did;
- a hidden graph, ``urn:x-reasoner:conclusions``, holds the *mark*: the stamps of the graphs the
  conclusions were computed from, the rule files with a hash of their text, and the engine.
  :func:`staleness` compares the mark with the store (two small queries) and says in one line
  when they differ.

``ingest`` and ``retract`` keep the conclusions current in the same write that changes the
documents (:func:`follow`). When the mark says the inferred graph was current before the change,
the change is followed by DRed (:class:`~reasoner.incremental.MaintainedModel`, the console's
machinery) over the stored model (the asserted facts, and the derived facts read back from the
inferred graph), and only the derived facts that changed are written. Otherwise (no mark, stale,
a change too large to follow) the engine recomputes everything from the facts after the change.
Either way the documents, the inferred graph and the mark go to the store as one all-or-nothing
write: a killed or failed ingest leaves documents and conclusions as they were.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from reasoner.errors import Diagnostic
from reasoner.incremental import MaintainedModel
from reasoner.inference import ANSWER, asserted_facts, conclude, program_facts, written
from reasoner.fact_changes import MAX_INCREMENTAL_FACTS, asserted_elsewhere, minus, size
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import FACT, INFERRED_GRAPH, VOC
from reasoner.rdf.stream import STAMP, StreamedTriples, rendered, stamp_of
from reasoner.resources import rules_dir
from reasoner.rules.ast import Program, Value, predicate_arities
from reasoner.stores.base import Store, Triple

MARK_GRAPH = URIRef("urn:x-reasoner:conclusions")
REMEDY = "`reasoner infer` brings them up to date"


def stamp(graph: URIRef, triples: Iterable[Triple]) -> Triple:
    """The triple that says what a graph holds: a hash of its other triples, in any order."""
    if isinstance(triples, StreamedTriples) and triples.graph == graph:
        return triples.stamp
    return stamp_of(graph, triples)


def stamped(graph: URIRef, triples: Sequence[Triple]) -> Sequence[Triple]:
    """A graph's triples with its stamp (an empty graph stays empty: it is a removal)."""
    if isinstance(triples, StreamedTriples):
        return triples  # stamped as it was built
    if not triples:
        return []
    return rendered(graph, triples)


def stamps(store: Store, graphs: Iterable[URIRef]) -> dict[str, str]:
    """Graph -> stamp for these graphs (``""`` for a graph written without one, by other tools)."""
    rows = store.query(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{STAMP}> ?h }} }}")
    found = {str(g): str(h) for g, h in rows}  # type: ignore[misc]
    return {str(g): found.get(str(g), "") for g in graphs}


# -- the rules -------------------------------------------------------------------------------
def rule_paths(paths: Iterable[str | Path] | None) -> tuple[str, ...]:
    """Rule files and folders as absolute paths (``()``: the shipped rules)."""
    return tuple(str(Path(p).resolve()) for p in paths or ())


def rules_digest(paths: Sequence[str]) -> str | None:
    """A hash of the text of the rule files (a folder: its ``*.dl`` files, sorted), or None if
    one is gone."""
    digest = hashlib.sha256()
    for raw in paths or (str(rules_dir()),):
        path = Path(raw)
        files = sorted(path.rglob("*.dl")) if path.is_dir() else [path]
        for file in files:
            try:
                digest.update(file.read_bytes() + b"\0")
            except OSError:
                return None
    return digest.hexdigest()


def program_digest(program: Program) -> str:
    """A hash of a program given as an object: the texts it was parsed from."""
    return hashlib.sha256("\0".join(text for _, text in program.texts).encode()).hexdigest()


@dataclass(frozen=True)
class Rules:
    """The rules conclusions are computed with: the program, where it came from, the engine."""

    program: Program
    paths: tuple[str, ...] | None  # rule files; () the shipped rules; None a program object
    engine: str = "clingo"

    @property
    def digest(self) -> str:
        found = rules_digest(self.paths) if self.paths is not None else None
        return found or program_digest(self.program)


# -- the mark --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """Which graphs (with their stamps) and which rules the inferred graph was computed from."""

    graphs: Mapping[str, str]
    paths: tuple[str, ...] | None
    digest: str
    engine: str

    def triples(self) -> list[Triple]:
        record = {"graphs": dict(sorted(self.graphs.items())), "rules": self.paths,
                  "rules_digest": self.digest, "engine": self.engine}
        return [(MARK_GRAPH, VOC.computed_from, Literal(json.dumps(record, sort_keys=True)))]

    @classmethod
    def read(cls, store: Store) -> Mark | None:
        rows = list(store.query(
            f"SELECT ?o WHERE {{ GRAPH <{MARK_GRAPH}> {{ <{MARK_GRAPH}> <{VOC.computed_from}> ?o }} }}"))
        if not rows:
            return None
        try:
            record = json.loads(str(rows[0][0]))  # type: ignore[index]
            paths = tuple(record["rules"]) if record["rules"] is not None else None
            return cls(dict(record["graphs"]), paths, str(record["rules_digest"]), str(record["engine"]))
        except (ValueError, KeyError, TypeError):
            return None  # a mark this version cannot read: as good as none


def mark_of(store: Store, graphs: Iterable[URIRef], rules: Rules) -> Mark:
    return Mark(stamps(store, graphs), rules.paths, rules.digest, rules.engine)


def staleness(store: Store, asserted: Sequence[URIRef]) -> str | None:
    """One warning line if the inferred graph was not computed from these asserted graphs and
    the rules as they are now; None if it was (or if there is nothing to reason over)."""
    mark = Mark.read(store)
    documents = [g for g in asserted if not str(g).endswith("/background")]
    if mark is None:
        if not documents:
            return None
        return ("warning: the conclusions (the inferred graph) are out of date: no inference "
                f"has been recorded over these documents; {REMEDY}")
    now = stamps(store, asserted)
    added = sum(1 for g in now if g not in mark.graphs)
    removed = sum(1 for g in mark.graphs if g not in now)
    changed = sum(1 for g, h in now.items() if g in mark.graphs and (h != mark.graphs[g] or not h))
    parts = [f"{n} document{'' if n == 1 else 's'} {what}" for n, what in
             ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
    if mark.paths is not None and rules_digest(mark.paths) != mark.digest:
        where = ", ".join(mark.paths) if mark.paths else "the shipped rules"
        parts.append(f"the rules ({where}) changed")
    if not parts:
        return None
    return (f"warning: the conclusions (the inferred graph) are out of date: {', '.join(parts)} "
            f"since they were computed; {REMEDY}")


# -- following a change ----------------------------------------------------------------------
@dataclass
class Upkeep:
    """One write that changes some asserted graphs and keeps the conclusions in step."""

    replace: dict[URIRef, Sequence[Triple]]
    modify: dict[URIRef, tuple[list[Triple], list[Triple]]] = field(default_factory=dict)
    incremental: bool = False
    added: int = 0  # derived facts that appeared
    removed: int = 0  # and disappeared
    derived: int = 0  # all derived facts after the change (recomputed only)
    seconds: float = 0.0
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def summary(self) -> str:
        how = "followed incrementally" if self.incremental else "recomputed"
        return (f"conclusions {how}: +{self.added} -{self.removed} derived facts "
                f"in {self.seconds:.2f} s")


def follow(store: Store, asserted: Sequence[URIRef], changed: Mapping[URIRef, Sequence[Triple]],
           rules: Rules, *, timeout: float | None = None) -> Upkeep:
    """The write that replaces the ``changed`` graphs (empty: removed) of a store whose asserted
    graphs are ``asserted``, with the conclusions of ``rules`` brought up to date and a new mark."""
    started = time.perf_counter()
    before = stamps(store, asserted)
    after = {g: h for g, h in before.items() if URIRef(g) not in changed}
    for name, triples in changed.items():
        if triples:
            after[str(name)] = str(stamp(name, triples)[2])
    mark = Mark.read(store)
    current = mark is not None and dict(mark.graphs) == before and mark.digest == rules.digest \
        and all(before.values())
    arities = predicate_arities(rules.program)
    new = _facts_of(changed.values(), arities)
    upkeep = (_incremental(store, asserted, changed, new, rules) if current else None) \
        or _recomputed(store, asserted, changed, new, rules, timeout)
    record = Mark(after, rules.paths, rules.digest, rules.engine)
    upkeep.replace.update({**changed, MARK_GRAPH: record.triples()})
    upkeep.seconds = time.perf_counter() - started
    return upkeep


def _facts_of(graphs: Iterable[Sequence[Triple]], arities: Mapping[str, int]) -> atoms.Facts:
    out: atoms.Facts = {}
    for triples in graphs:
        for pred, rows in atoms.facts_from_triples(triples).items():
            if pred in arities:
                out.setdefault(pred, set()).update(rows)
    return out


def _incremental(store: Store, asserted: Sequence[URIRef], changed: Mapping[URIRef, Sequence[Triple]],
                 new: atoms.Facts, rules: Rules) -> Upkeep | None:
    """DRed over the stored model; None if the change is better recomputed."""
    if written(rules.program) is not None:
        return None  # helpers (.output keeps them out of the graph) are not stored: no model to follow
    arities = predicate_arities(rules.program)
    old = asserted_facts(store, [g for g in changed if g in set(asserted)], arities)
    gained, lost = minus(new, old), minus(old, new)
    if lost:
        lost = minus(lost, asserted_elsewhere(store, lost, changed))
    if size(gained) + size(lost) > MAX_INCREMENTAL_FACTS:
        return None
    model = MaintainedModel(rules.program, program_facts(store, asserted, rules.program),
                            read_derived(store, rules.program), engine=rules.engine)
    change = model.apply(gained, lost)
    add = [t for pred, c in change.derived.items() for row in sorted(c.added, key=_order)
           for t in atoms.triples_of(pred, row)]
    remove = [t for pred, c in change.derived.items() for row in sorted(c.removed, key=_order)
              for t in atoms.triples_of(pred, row)]
    return Upkeep({}, {INFERRED_GRAPH: (add, remove)} if add or remove else {}, incremental=True,
                  added=sum(len(c.added) for c in change.derived.values()),
                  removed=sum(len(c.removed) for c in change.derived.values()))


def _recomputed(store: Store, asserted: Sequence[URIRef], changed: Mapping[URIRef, Sequence[Triple]],
                new: atoms.Facts, rules: Rules, timeout: float | None) -> Upkeep:
    """The engine over every fact as it will be after the change."""
    kept = [g for g in asserted if g not in changed]
    facts = program_facts(store, kept, rules.program)
    for pred, rows in new.items():
        facts[pred] = {*facts.get(pred, ()), *rows}
    engine = "clingo" if rules.engine == "sparql" else rules.engine  # sparql runs in the store
    report = conclude(rules.program, facts, engine=engine, timeout=timeout)
    old = read_derived(store, rules.program) if store.has_graph(INFERRED_GRAPH) else {}
    added = sum(len(rows - old.get(p, set())) for p, rows in report.derived.facts.items())
    removed = sum(len(rows - report.derived.facts.get(p, frozenset())) for p, rows in old.items())
    return Upkeep({INFERRED_GRAPH: report.derived.triples()}, added=added, removed=removed,
                  derived=report.derived.count, warnings=report.warnings)


def _order(row: tuple[Value, ...]) -> tuple[str, ...]:
    return tuple(repr(v) for v in row)


def read_derived(store: Store, program: Program) -> dict[str, set[tuple[Value, ...]]]:
    """The derived facts of a program's rule-defined predicates, read back from the inferred
    graph (the inverse of :func:`reasoner.rdf.atoms.triples_of`)."""
    heads = {r.head.pred: r.head.arity for r in program.rules if not r.head.pred.startswith(ANSWER)}
    by_class = {VOC[atoms.camel(p)]: p for p in heads}
    by_property = {VOC[p]: p for p, n in heads.items() if n == 2}
    out: dict[str, set[tuple[Value, ...]]] = {p: set() for p in heads}
    nodes: dict[URIRef, tuple[list[str], dict[int, Value]]] = {}
    arg = str(VOC["arg"])
    for s, p, o in store.triples(INFERRED_GRAPH):
        is_node = str(s).startswith(str(FACT))
        if is_node:
            pred, args = nodes.setdefault(s, ([], {}))  # type: ignore[arg-type]
            if p == RDF.type and o in by_class:
                pred.append(by_class[o])  # type: ignore[index]
            elif str(p).startswith(arg) and str(p)[len(arg):].isdigit():
                value = atoms.to_value(o)
                if value is not None:
                    args[int(str(p)[len(arg):])] = value
            continue
        subject = atoms.to_value(s)
        if subject is None:
            continue
        if p == RDF.type and o in by_class and heads[by_class[o]] == 1:  # type: ignore[index]
            out[by_class[o]].add((subject,))  # type: ignore[index]
        elif p in by_property:
            value = atoms.to_value(o)
            if value is not None:
                out[by_property[p]].add((subject, value))  # type: ignore[index]
    for pred, args in nodes.values():
        if pred and len(args) == heads[pred[0]]:
            out[pred[0]].add(tuple(args[i] for i in range(1, len(args) + 1)))
    return {p: rows for p, rows in out.items() if rows}
