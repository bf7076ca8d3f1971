"""The sparql engine: rules as SPARQL 1.1 Update, run to a fixpoint inside a store.

Evaluation goes stratum by stratum (reasoner.rules.strata). A stratum without recursion is
one INSERT per rule. A recursive stratum runs semi-naively: round 0 runs every rule over the
full relations into ``new/p`` (skipping tuples already in ``all/p``); each later round runs,
for every recursive rule and every body atom ``k`` of the stratum, the variant that reads
``delta/p`` at ``k`` and ``all/*`` elsewhere, into ``new/p`` minus ``all/p``; at the end of a
round ``new/p`` is added to ``all/p`` and becomes ``delta/p``. The fixpoint is reached when
every ``delta`` is empty. Each round is one Update request plus one ASK.

Two ways in:

* ``evaluate(program, facts)`` (the Engine interface): the facts go into a throw-away
  in-memory Oxigraph store (or the runner given to the constructor) in the canonical encoding
  of reasoner.engines.sparql.terms; the model is read back.
* ``infer_in_store(program, store, asserted, inferred)``: the facts never leave the store. The
  asserted graphs are read with the mapping of reasoner.rdf.atoms into scratch graphs, the
  rules run, and the derived facts are written to ``inferred`` as atoms.triples_of writes them,
  in one final request (DROP + MOVE).

Scratch graphs live under ``urn:x-reasoner:work:<run id>/`` and are dropped afterwards.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Sequence

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from reasoner.engines.sparql import terms
from reasoner.engines.base import BaseEngine, Facts, Row
from reasoner.engines.sparql.compile import (Graphs, constants_update, rule_update, stored_constants,
                                             substitute_rule)
from reasoner.engines.sparql.run import Cell, OxigraphRunner, Runner
from reasoner.errors import Diagnostic, ReasonerError, RuleCheckError
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import VOC
from reasoner.rules import ast, check_program, strata
from reasoner.rules.arity import split
from reasoner.rules.stratify import Stratum

BATCH_TRIPLES = 1000  # per INSERT DATA request; Virtuoso refuses ~5000


@dataclass(frozen=True)
class InStoreResult:
    """What infer_in_store did: the derived facts (also written to the store) and the rest of
    an inference report."""

    derived: atoms.Derived
    edb_facts: int
    warnings: tuple[Diagnostic, ...]
    seconds: float
    rounds: int


class SparqlEngine(BaseEngine):
    name = "sparql"
    in_store = True
    floats = True
    wide_integers = True
    likely_cause = ("the program derives too many facts for this limit, or the store is slow; "
                    "raise the limit or narrow the rules")

    def __init__(self, runner: Runner | None = None) -> None:
        """``runner``: where to evaluate (default: a fresh in-memory Oxigraph per call)."""
        self.runner = runner

    def needs_child(self, program: ast.Program) -> bool:
        return self.runner is None  # a runner of the caller's checks the deadline itself

    def derive(self, program: ast.Program, given: Facts, *,
               timeout: float | None = None) -> dict[str, set[Row]]:
        """evaluate's work in the runner, or in a fresh in-memory Oxigraph."""
        if self.runner is not None:
            return derive(program, given, self.runner, _deadline(timeout), timeout)
        import pyoxigraph

        return derive(program, given, OxigraphRunner(pyoxigraph.Store()), None, None)

    def infer_in_store(self, program: ast.Program, store: object, asserted: Sequence[URIRef],
                       inferred: URIRef, *, timeout: float | None = None,
                       written: Collection[str] | None = None) -> InStoreResult | None:
        """Run the rules inside ``store`` and replace ``inferred`` with what they derive (of
        the ``written`` predicates only, if given).

        None if the store cannot run SPARQL Update itself (the rdflib memory store), or if the
        program uses a name with two arities (the store's graphs are per name): the caller then
        reads the facts out and calls ``evaluate``.
        """
        runner = runner_for(store)
        if runner is None or split(program, {}).renamed:
            return None
        started = time.perf_counter()
        run = _Run(runner, Graphs(f"{terms.WORK}{uuid.uuid4().hex}/"), _deadline(timeout), timeout)
        try:
            warnings = _check_in_store(program, run, asserted)
            edb = load_native(run, program, asserted)
            run_program(run, program)
            derived = read_derived(run, program, subtract_edb=True, only=written)
            write_inferred(run, program, inferred, only=written)
        finally:
            run.cleanup(program)
        return InStoreResult(atoms.Derived({p: frozenset(r) for p, r in derived.items() if r}),
                             edb, tuple(warnings), time.perf_counter() - started, run.rounds)


def runner_for(store: object) -> Runner | None:
    """The Runner of a store that can run SPARQL Update inside itself, if it can."""
    make = getattr(store, "sparql_runner", None)
    if callable(make):
        runner: Runner = make()
        return runner
    native = getattr(store, "native", None)
    if native is not None:
        return OxigraphRunner(native)
    return None


def derive(program: ast.Program, facts: Facts, runner: Runner, deadline: float | None,
           limit: float | None) -> dict[str, set[Row]]:
    run = _Run(runner, Graphs(f"{terms.WORK}{uuid.uuid4().hex}/"), deadline, limit)
    try:
        load_facts(run, program, facts)
        run_program(run, program)
        return read_derived(run, program, subtract_edb=False)
    finally:
        run.cleanup(program, facts)


# -- one run ----------------------------------------------------------------------------------
@dataclass
class _Run:
    runner: Runner
    graphs: Graphs
    deadline: float | None
    limit: float | None
    rounds: int = 0
    touched: set[str] = field(default_factory=set)

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SparqlEngine().timed_out(self.limit or 0.0)

    def update(self, operations: Iterable[str]) -> None:
        text = " ;\n".join(op for op in operations if op)
        if text:
            self.check_time()
            self.runner.update(text)

    def cleanup(self, program: ast.Program, facts: Facts | None = None) -> None:
        preds = set(_predicates(program)) | set(facts or ())
        drops = [f"DROP SILENT GRAPH {self.graphs.of(kind, p)}"
                 for p in sorted(preds) for kind in ("all", "delta", "new", "edb")]
        try:
            self.runner.update(" ;\n".join([*drops, f"DROP SILENT GRAPH {self.graphs.out}",
                                             f"DROP SILENT GRAPH {self.graphs.constants}"]))
        except ReasonerError:
            pass  # the scratch graphs are invisible to the product; never mask the real error


def _deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


_predicates = ast.predicate_arities


# -- the fixpoint -----------------------------------------------------------------------------
def run_program(run: _Run, program: ast.Program) -> None:
    run.update([constants_update(run.graphs, stored_constants(program))])
    for stratum in strata(program):
        run_stratum(run, stratum)


def _positive(rule: ast.Rule) -> list[ast.Atom]:
    return [lit for lit in substitute_rule(rule).body if isinstance(lit, ast.Atom)]


def run_stratum(run: _Run, stratum: Stratum) -> None:
    preds, g = stratum.predicates, run.graphs
    everywhere = _reads_all(g)
    recursive = [r for r in stratum.rules if any(a.pred in preds for a in _positive(r))]
    if not recursive:
        run.update(rule_update(r, g, g.all(r.head.pred), everywhere, None) for r in stratum.rules)
        run.rounds += 1
        return
    run.update([*(rule_update(r, g, g.new(r.head.pred), everywhere, g.all(r.head.pred))
                  for r in stratum.rules), *_rotate(g, preds)])
    run.rounds += 1
    while run.runner.ask(_any_delta(g, preds)):
        operations = [rule_update(rule, g, g.new(rule.head.pred), _reads_delta_at(g, k),
                                  g.all(rule.head.pred))
                      for rule in recursive
                      for k, atom in enumerate(_positive(rule)) if atom.pred in preds]
        run.update([*operations, *_rotate(g, preds)])
        run.rounds += 1


def _reads_all(g: Graphs) -> Callable[[int, ast.Atom], str]:
    return lambda i, atom: g.all(atom.pred)


def _reads_delta_at(g: Graphs, k: int) -> Callable[[int, ast.Atom], str]:
    return lambda i, atom: g.delta(atom.pred) if i == k else g.all(atom.pred)


def _rotate(g: Graphs, preds: Iterable[str]) -> list[str]:
    """End of a round: new -> all, new becomes delta."""
    out = []
    for p in sorted(preds):
        out += [f"DROP SILENT GRAPH {g.delta(p)}", f"ADD SILENT GRAPH {g.new(p)} TO GRAPH {g.all(p)}",
                f"MOVE SILENT GRAPH {g.new(p)} TO GRAPH {g.delta(p)}"]
    return out


def _any_delta(g: Graphs, preds: Iterable[str]) -> str:
    names = " ".join(g.delta(p) for p in sorted(preds))
    return f"ASK {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}"


# -- facts in ---------------------------------------------------------------------------------
def load_facts(run: _Run, program: ast.Program, facts: Facts) -> None:
    """Python facts into ``all/p``, in INSERT DATA requests of at most BATCH_TRIPLES triples."""
    used = _predicates(program)
    batch: list[str] = []
    size = 0
    for pred in sorted(p for p in facts if p in used):
        graph = run.graphs.all(pred)
        for row in facts[pred]:
            batch.append(f"GRAPH {graph} {{ {terms.tuple_triples(row)} }}")
            size += max(len(row), 1)
            if size >= BATCH_TRIPLES:
                run.update([f"INSERT DATA {{ {' '.join(batch)} }}"])
                batch, size = [], 0
    if batch:
        run.update([f"INSERT DATA {{ {' '.join(batch)} }}"])


def _graph_values(graphs: Sequence[URIRef]) -> str:
    return "VALUES ?_g { " + " ".join(f"<{g}>" for g in graphs) + " }"


def native_classes(run: _Run, asserted: Sequence[URIRef]) -> dict[str, list[str]]:
    """Unary predicate -> the voc: classes whose instances it holds (atoms.snake of the name)."""
    if not asserted:
        return {}
    rows = run.runner.select(
        f"SELECT DISTINCT ?c WHERE {{ {_graph_values(asserted)} GRAPH ?_g {{ ?s <{RDF.type}> ?c }} "
        f'FILTER(STRSTARTS(STR(?c), "{VOC}")) }}')
    out: dict[str, list[str]] = {}
    for (cell,) in rows:
        if cell is not None and cell[0] == "uri":
            out.setdefault(atoms.snake(cell[1][len(VOC):]), []).append(cell[1])
    return out


def native_properties(run: _Run, asserted: Sequence[URIRef]) -> set[str]:
    """Binary predicates the asserted graphs hold (voc: properties and rdfs:label)."""
    if not asserted:
        return set()
    rows = run.runner.select(
        f"SELECT DISTINCT ?p WHERE {{ {_graph_values(asserted)} GRAPH ?_g {{ ?s ?p ?o }} }}")
    names = set()
    for (cell,) in rows:
        if cell is None:
            continue
        if cell[1] == str(RDFS.label):
            names.add("label")
        elif cell[1].startswith(VOC):
            local = cell[1][len(VOC):]
            if local not in atoms.SKIPPED_PROPERTIES and ast.SYMBOL_NAME.match(local):
                names.add(local)
    return names


def _check_in_store(program: ast.Program, run: _Run, asserted: Sequence[URIRef]) -> list[Diagnostic]:
    edb = {p: 1 for p in native_classes(run, asserted)}
    edb.update({p: 2 for p in native_properties(run, asserted)})
    diagnostics = check_program(program, edb=edb)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise RuleCheckError(*errors)
    return [d for d in diagnostics if d.severity != "error"]


def load_native(run: _Run, program: ast.Program, asserted: Sequence[URIRef]) -> int:
    """The program's predicates, as atoms.atom_of reads the asserted graphs, into ``all/p`` and
    ``edb/p``; returns how many facts that was."""
    classes = native_classes(run, asserted)
    operations = []
    for pred, arity in sorted(_predicates(program).items()):
        patterns = _native_patterns(pred, arity, classes)
        if patterns and asserted:
            operations.append(_native_insert(run.graphs, pred, arity, patterns, asserted))
    run.update(operations)
    return sum(_count(run, run.graphs.edb(pred)) for pred in _predicates(program))


def _native_patterns(pred: str, arity: int, classes: dict[str, list[str]]) -> list[str]:
    if arity == 1:
        return [f"?_s <{RDF.type}> <{c}>" for c in classes.get(pred, ())]
    if arity != 2:
        return []
    found = [] if pred in atoms.SKIPPED_PROPERTIES else [f"?_s <{VOC}{pred}> ?_o"]
    return found + ([f"?_s <{RDFS.label}> ?_o"] if pred == "label" else [])


def _native_insert(g: Graphs, pred: str, arity: int, patterns: list[str],
                   asserted: Sequence[URIRef]) -> str:
    union = " UNION ".join(f"{{ GRAPH ?_g {{ {p} }} }}" for p in patterns)
    names = ["?_x1", "?_x2"][:arity]
    binds = f"BIND({terms.canonical_expr('?_s')} AS ?_x1)"
    if arity == 2:
        binds += f" BIND({terms.canonical_expr('?_o')} AS ?_x2)"
    bound = " && ".join(f"BOUND({n})" for n in names)
    pairs = " ; ".join(f"{terms.arg_iri(i)} {n}" for i, n in enumerate(names, 1))
    template = f"?_t {pairs} ."
    return (f"INSERT {{ GRAPH {g.all(pred)} {{ {template} }} GRAPH {g.edb(pred)} {{ {template} }} }}\n"
            f"WHERE {{ {{ SELECT DISTINCT ?_s ?_o WHERE {{ {_graph_values(asserted)} {union} }} }}\n"
            f"  {binds} FILTER({bound})\n"
            f"  BIND({terms.tuple_iri_expr(names)} AS ?_t) }}")


def _count(run: _Run, graph: str) -> int:
    rows = run.runner.select(f"SELECT (COUNT(?t) AS ?n) WHERE {{ GRAPH {graph} {{ ?t <{terms.NS}a1> ?v }} }}")
    cell = rows[0][0] if rows else None
    return int(cell[1]) if cell else 0


# -- facts out --------------------------------------------------------------------------------
def read_derived(run: _Run, program: ast.Program, *, subtract_edb: bool,
                 only: Collection[str] | None = None) -> dict[str, set[Row]]:
    """The tuples of every rule head (minus those given as data, if ``subtract_edb``); of the
    heads in ``only``, if given."""
    out: dict[str, set[Row]] = {}
    heads = _heads(program, only)
    preds = _predicates(program)
    for pred in heads:
        out[pred] = _read(run, pred, preds[pred], subtract_edb)
    return out


def _read(run: _Run, pred: str, arity: int, subtract_edb: bool) -> set[Row]:
    g = run.graphs
    minus = f"FILTER NOT EXISTS {{ GRAPH {g.edb(pred)} {{ ?_t ?_p ?_o }} }}" if subtract_edb else ""
    if arity == 0:
        return {()} if run.runner.ask(
            f"ASK {{ GRAPH {g.all(pred)} {{ {terms.UNIT} {terms.HOLDS} {terms.UNIT} }} "
            f"{minus.replace('?_t', terms.UNIT)} }}") else set()
    names = [f"?x{i}" for i in range(1, arity + 1)]
    pairs = " ; ".join(f"{terms.arg_iri(i)} {n}" for i, n in enumerate(names, 1))
    rows = run.runner.select(
        f"SELECT DISTINCT {' '.join(names)} WHERE {{ GRAPH {g.all(pred)} {{ ?_t {pairs} }} {minus} }}")
    return {tuple(_value(c) for c in row) for row in rows}


def _value(cell: Cell) -> ast.Value:
    assert cell is not None
    return terms.decode(*cell)


def _heads(program: ast.Program, only: Collection[str] | None) -> dict[str, None]:
    return dict.fromkeys(r.head.pred for r in program.rules
                         if only is None or r.head.pred in only)


def write_inferred(run: _Run, program: ast.Program, inferred: URIRef, *,
                   only: Collection[str] | None = None) -> None:
    """Derived facts (of the heads in ``only``, if given) into a staging graph as
    atoms.triples_of writes them, then one request replaces ``inferred`` by it."""
    preds = _predicates(program)
    heads = _heads(program, only)
    run.update(op for pred in heads for op in _output_ops(run.graphs, pred, preds[pred]))
    run.update([f"DROP SILENT GRAPH <{inferred}>",
                f"MOVE SILENT GRAPH {run.graphs.out} TO GRAPH <{inferred}>"])


def _output_ops(g: Graphs, pred: str, arity: int) -> list[str]:
    names = [f"?_x{i}" for i in range(1, arity + 1)]
    natives = [f"?_n{i}" for i in range(1, arity + 1)]
    pairs = " ; ".join(f"{terms.arg_iri(i)} {n}" for i, n in enumerate(names, 1))
    source = (f"GRAPH {g.all(pred)} {{ ?_t {pairs} }}" if arity else
              f"GRAPH {g.all(pred)} {{ {terms.UNIT} {terms.HOLDS} {terms.UNIT} }}")
    node = "?_t" if arity else terms.UNIT
    where = (f"{source} FILTER NOT EXISTS {{ GRAPH {g.edb(pred)} {{ {node} ?_p ?_o }} }} "
             + " ".join(f"BIND({terms.native_expr(x)} AS {n})" for x, n in zip(names, natives)))
    cls = f"<{VOC}{atoms.camel(pred)}>"
    fact = f"BIND({terms.fact_node_expr(pred, names)} AS ?_f)"
    args = " ".join(f"?_f <{VOC}arg{i}> {n} ." for i, n in enumerate(natives, 1))
    reified = f"INSERT {{ GRAPH {g.out} {{ ?_f {terms.RDF_TYPE} {cls} . {args} }} }} WHERE {{ {where} {fact}"
    if arity == 1:
        return [f"INSERT {{ GRAPH {g.out} {{ ?_n1 {terms.RDF_TYPE} {cls} }} }} WHERE {{ {where} FILTER(isIRI(?_n1)) }}",
                f"{reified} FILTER(!isIRI(?_n1)) }}"]
    if arity == 2:
        return [f"INSERT {{ GRAPH {g.out} {{ ?_n1 <{VOC}{pred}> ?_n2 }} }} WHERE {{ {where} FILTER(isIRI(?_n1)) }}",
                f"{reified} FILTER(!isIRI(?_n1)) }}"]
    return [f"{reified} }}"]
