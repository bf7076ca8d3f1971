"""Rules over the store: read the asserted facts, run an engine, write what it derived.

The asserted graphs (documents and background) are the EDB; the ``inferred`` graph is
recomputed from them, never read back as input, so inference is repeatable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Collection, Iterable

from reasoner.engines import get_engine
from reasoner.errors import Diagnostic, RuleCheckError
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import INFERRED_GRAPH
from reasoner.resources import rules_dir
from reasoner.rules import check_program, load_program, parse_query
from reasoner.rules.ast import Atom, Program, Rule, Value, Var, predicate_arities, sort_key
from reasoner.stores import Store

ANSWER = "query_answer_"
DEFAULT_ENGINE = "clingo"


@dataclass(frozen=True)
class InferenceReport:
    engine: str
    seconds: float
    edb_facts: int
    derived: atoms.Derived
    warnings: tuple[Diagnostic, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (f"{self.engine}: {self.derived.count} facts derived from {self.edb_facts} "
                f"asserted facts in {self.seconds:.2f} s")


def asserted_facts(store: Store, graphs: Iterable,  # type: ignore[type-arg]
                   predicates: Collection[str] | None = None) -> atoms.Facts:
    """The facts rules see in these graphs; only those of ``predicates`` if given."""
    # A store that can select the facts itself (Oxigraph) reads far less than all raw triples.
    read = getattr(store, "facts", None)
    if read is not None:
        return read(graphs, predicates)  # type: ignore[no-any-return]
    facts = atoms.facts_from_raw(t for g in graphs for t in store.raw_triples(g))
    return facts if predicates is None else {p: r for p, r in facts.items() if p in predicates}


def program_facts(store: Store, graphs: Iterable, program: Program) -> atoms.Facts:  # type: ignore[type-arg]
    """The asserted facts a program can use: those of the predicates it mentions. At 1,000,000
    events that is 3 of the 10.6 million asserted facts (sentence spans and texts, document
    titles and dates are facts no shipped rule reads), and reading is most of ``infer``."""
    return asserted_facts(store, graphs, predicate_arities(program))


def load_rules(paths: Iterable[str | Path] | None = None) -> Program:
    """The program in the given rule files or folders (the shipped rules/ by default)."""
    return load_program([Path(p) for p in paths] if paths else [rules_dir()])


# A rule over a predicate that nothing defines can never fire: refuse it rather than warn, so a
# misspelt predicate is not mistaken for "no conclusions".
FATAL_WARNINGS = {"unknown-predicate"}


def checked(program: Program, facts: atoms.Facts) -> list[Diagnostic]:
    """The program's warnings; raises RuleCheckError if it has errors."""
    diagnostics = [replace(d, severity="error") if d.code in FATAL_WARNINGS else d
                   for d in check_program(program, edb=atoms.signature(facts))]
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise RuleCheckError(*errors)
    return [d for d in diagnostics if d not in errors]


def resolve_engine(engine: str, facts: atoms.Facts) -> str:
    """The engine to run: ``auto`` picks by the number of facts (docs/rules.md, "auto")."""
    if engine != "auto":
        return engine
    from reasoner.engines.duckdb_auto import choose_engine

    return choose_engine(sum(len(rows) for rows in facts.values()))


def evaluate(program: Program, facts: atoms.Facts, engine: str = DEFAULT_ENGINE,
             timeout: float | None = None) -> dict[str, frozenset[tuple[Value, ...]]]:
    return get_engine(resolve_engine(engine, facts)).evaluate(program, facts, timeout=timeout)


def derived_facts(program: Program, model: dict[str, frozenset[tuple[Value, ...]]],
                  facts: atoms.Facts) -> atoms.Derived:
    """What the rules derived beyond the asserted facts, per rule-defined predicate."""
    heads = {rule.head.pred for rule in program.rules if not rule.head.pred.startswith(ANSWER)}
    out = {}
    for pred in sorted(heads):
        rows = model.get(pred, frozenset()) - facts.get(pred, set())
        if rows:
            out[pred] = frozenset(rows)
    return atoms.Derived(out)


def conclude(program: Program, facts: atoms.Facts, *, engine: str = DEFAULT_ENGINE,
             timeout: float | None = None) -> InferenceReport:
    """Check and run a program over facts; report what it derived (nothing is stored)."""
    warnings = checked(program, facts)
    engine = resolve_engine(engine, facts)
    started = time.perf_counter()
    model = evaluate(program, facts, engine, timeout)
    derived = derived_facts(program, model, facts)
    seconds = time.perf_counter() - started
    counts = {pred: len(rows) for pred, rows in derived.facts.items()}
    return InferenceReport(engine, seconds, sum(len(r) for r in facts.values()), derived,
                           tuple(warnings), counts)


def infer(store: Store, graphs: Iterable, *, engine: str = DEFAULT_ENGINE,  # type: ignore[type-arg]
          program: Program | None = None, timeout: float | None = None) -> InferenceReport:
    """Run the rules over the asserted graphs and replace the ``inferred`` graph with the result."""
    program = program or load_rules()
    graphs = list(graphs)
    # An engine that can run inside the store (sparql) does so: the facts never leave the store
    # and it replaces the inferred graph itself. It returns None when the store cannot (memory).
    in_store = None if engine == "auto" else getattr(get_engine(engine), "infer_in_store", None)
    if in_store is not None:
        done = in_store(program, store, graphs, INFERRED_GRAPH, timeout=timeout)
        if done is not None:
            return InferenceReport(engine, done.seconds, done.edb_facts, done.derived, done.warnings,
                                   {pred: len(rows) for pred, rows in done.derived.facts.items()})
    return conclude_into(store, program, program_facts(store, graphs, program), engine=engine,
                         timeout=timeout)


def conclude_into(store: Store, program: Program, facts: atoms.Facts, *,
                  engine: str = DEFAULT_ENGINE, timeout: float | None = None) -> InferenceReport:
    """:func:`conclude`, then replace the store's ``inferred`` graph with what was derived."""
    report = conclude(program, facts, engine=engine, timeout=timeout)
    store.replace_graphs({INFERRED_GRAPH: report.derived.triples()})
    return report


@dataclass(frozen=True)
class Answers:
    """Answers to a Datalog query: one column per named variable, rows sorted."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    @property
    def holds(self) -> bool:
        return bool(self.rows)


def ask(store: Store, graphs: Iterable, query: str, *, engine: str = DEFAULT_ENGINE,  # type: ignore[type-arg]
        program: Program | None = None, timeout: float | None = None) -> Answers:
    """Answer a query such as ``aligned(X, Y)`` over asserted facts and everything the rules derive."""
    base = program or load_rules()
    parsed = parse_query(query, prefixes=dict(base.prefixes))
    variables = parsed.variables
    head = Atom(ANSWER, tuple(Var(v.name) for v in variables))
    program = Program(base.rules + (Rule(head, parsed.body, parsed.span),), (), base.prefixes,
                      base.texts + (("<query>", query),))
    facts = program_facts(store, graphs, program)
    checked(program, facts)
    model = evaluate(program, facts, engine, timeout)
    rows = sorted(model.get(ANSWER, frozenset()), key=lambda row: tuple(sort_key(v) for v in row))
    return Answers(tuple(v.name for v in variables), tuple(rows))
