"""Rules over the store: read the asserted facts, run an engine, write what it derived.

The asserted graphs (documents and background) are the EDB; the ``inferred`` graph is
recomputed from them, never read back as input, so inference is repeatable.
"""

from __future__ import annotations

import datetime as dt
import html
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Collection, Iterable

from reasoner.engines import choose_engine, get_engine
from reasoner.errors import Diagnostic, InputError, RuleCheckError
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import INFERRED_GRAPH
from reasoner.resources import rules_dir
from reasoner.rules import check_program, load_program, parse_query
from reasoner.rules.arity import fact_signatures
from reasoner.rules.ast import (SYMBOL_NAME, Atom, Const, Iri, Program, Rule, Symbol, Value, Var,
                                predicate_arities, sort_key)
from reasoner.rules.printer import print_value
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

    def __repr__(self) -> str:  # the model itself is in .derived: tens of thousands of facts
        return f"InferenceReport({self.summary!r}, {len(self.warnings)} warnings)"


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


# Where a predicate a program uses can come from, for the hint on one that nothing defines.
WHERE_PREDICATES_LIVE = ("predicates come from the rules (the shipped rules/ and any --rules "
                         "file), facts and .decl lines in them, and the store's asserted facts")
WHERE_STANDALONE = ("a program run alone has only its own rules, facts and .input files: "
                    "declare an input with .decl and .input")
EMPTY = ", so it is empty"


def checked(program: Program, facts: atoms.Facts, *, strict: bool = False,
            schema: bool = True) -> list[Diagnostic]:
    """The program's warnings; raises RuleCheckError if it has errors.

    A predicate nothing defines is an empty relation, as in every Datalog: a warning naming it
    and the closest known predicate, an error with ``strict``. ``schema``: whether the store's
    schema predicates count as known (not for a standalone program).
    """
    edb = fact_signatures(facts) | (set(atoms.SCHEMA.items()) if schema else set())
    where = WHERE_PREDICATES_LIVE if schema else WHERE_STANDALONE
    diagnostics = [_strict(d, where) if strict else d for d in check_program(program, edb=edb)]
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise RuleCheckError(*errors)
    return [d for d in diagnostics if d not in errors]


def _strict(d: Diagnostic, where: str) -> Diagnostic:
    if d.code != "unknown-predicate":
        return d
    message = d.message[:-len(EMPTY)] if d.message.endswith(EMPTY) else d.message
    return replace(d, message=message, severity="error", hint=d.hint or where)


def resolve_engine(engine: str, facts: atoms.Facts, program: Program | None = None) -> str:
    """The engine to run: ``auto`` is chosen by the registry (reasoner.engines.choose_engine)."""
    return choose_engine(facts, program) if engine == "auto" else engine


def evaluate(program: Program, facts: atoms.Facts, engine: str = DEFAULT_ENGINE,
             timeout: float | None = None) -> dict[str, frozenset[tuple[Value, ...]]]:
    return get_engine(resolve_engine(engine, facts, program)).evaluate(program, facts, timeout=timeout)


def written(program: Program, write: str = "outputs") -> frozenset[str] | None:
    """The predicates ``infer`` writes, None for all: with ``write="all"``, every one; else the
    ``.output`` ones, and every head of a rule file that declares no ``.output`` (so a user's
    file added to the shipped rules is written as before). Helpers (``party``, ...) stay in the
    model for ask and explain, but are not written: at 1,000,000 events they are 4.3 of the
    4.6 million derived facts."""
    declaring = {io.span.source if io.span else "" for io in program.outputs}
    if write == "all" or not declaring:
        return None
    undeclared = {r.head.pred for r in program.rules
                  if (r.span.source if r.span else None) not in declaring}
    return frozenset(o.pred for o in program.outputs) | frozenset(undeclared)


def derived_facts(program: Program, model: dict[str, frozenset[tuple[Value, ...]]],
                  facts: atoms.Facts, only: Collection[str] | None = None) -> atoms.Derived:
    """What the rules derived beyond the asserted facts, per rule-defined predicate (of those
    in ``only``, if given)."""
    heads = {rule.head.pred for rule in program.rules if not rule.head.pred.startswith(ANSWER)
             and (only is None or rule.head.pred in only)}
    out = {}
    for pred in sorted(heads):
        rows = model.get(pred, frozenset()) - facts.get(pred, set())
        if rows:
            out[pred] = frozenset(rows)
    return atoms.Derived(out)


def conclude(program: Program, facts: atoms.Facts, *, engine: str = DEFAULT_ENGINE,
             timeout: float | None = None, strict: bool = False,
             write: str = "outputs") -> InferenceReport:
    """Check and run a program over facts; report what it derived (nothing is stored): the
    ``.output`` predicates, or every one with ``write="all"`` (see :func:`written`)."""
    warnings = checked(program, facts, strict=strict)
    engine = resolve_engine(engine, facts, program)
    started = time.perf_counter()
    model = evaluate(program, facts, engine, timeout)
    derived = derived_facts(program, model, facts, written(program, write))
    seconds = time.perf_counter() - started
    counts = {pred: len(rows) for pred, rows in derived.facts.items()}
    return InferenceReport(engine, seconds, sum(len(r) for r in facts.values()), derived,
                           tuple(warnings), counts)


def infer(store: Store, graphs: Iterable, *, engine: str = DEFAULT_ENGINE,  # type: ignore[type-arg]
          program: Program | None = None, timeout: float | None = None, strict: bool = False,
          write: str = "outputs") -> InferenceReport:
    """Run the rules over the asserted graphs and replace the ``inferred`` graph with the result
    (the ``.output`` predicates, or every derived one with ``write="all"``)."""
    program = program or load_rules()
    graphs = list(graphs)
    # An engine that can run inside the store (sparql) does so: the facts never leave the store
    # and it replaces the inferred graph itself. It returns None when the store cannot (memory).
    runner = None if engine == "auto" or strict else get_engine(engine)
    if runner is not None and runner.in_store:
        done = runner.infer_in_store(program, store, graphs, INFERRED_GRAPH, timeout=timeout,
                                     written=written(program, write))
        if done is not None:
            return InferenceReport(engine, done.seconds, done.edb_facts, done.derived, done.warnings,
                                   {pred: len(rows) for pred, rows in done.derived.facts.items()})
    return conclude_into(store, program, program_facts(store, graphs, program), engine=engine,
                         timeout=timeout, strict=strict, write=write)


def conclude_into(store: Store, program: Program, facts: atoms.Facts, *,
                  engine: str = DEFAULT_ENGINE, timeout: float | None = None,
                  strict: bool = False, write: str = "outputs") -> InferenceReport:
    """:func:`conclude`, then replace the store's ``inferred`` graph with what was derived."""
    report = conclude(program, facts, engine=engine, timeout=timeout, strict=strict, write=write)
    store.replace_graphs({INFERRED_GRAPH: report.derived.triples()})
    return report


@dataclass(frozen=True)
class Answers:
    """Answers to a Datalog query: one column per named variable, rows sorted."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def holds(self) -> bool:
        return bool(self.rows)

    def records(self) -> list[dict[str, object]]:
        """The rows as plain Python values, one dict per row: symbols and IRIs as strings,
        numbers and dates as they are (for JSON, CSV writers and data frames)."""
        return [dict(zip(self.columns, (_plain(v) for v in row))) for row in self.rows]

    def to_pandas(self):  # type: ignore[no-untyped-def]
        """The rows as a ``pandas.DataFrame`` of plain values (pandas is optional): symbols and
        IRIs as strings, integers as int64, a column of dates as datetime64."""
        try:
            import pandas
        except ImportError:
            raise InputError(Diagnostic("no-pandas", "Answers.to_pandas needs pandas: pip install pandas "
                                                     "(or use Answers.records())")) from None
        frame = pandas.DataFrame(self.records(), columns=list(self.columns))
        for column in self.columns:
            values = frame[column]
            if len(values) and all(isinstance(v, dt.date) for v in values):
                frame[column] = pandas.to_datetime(values)
        return frame

    def to_arrow(self):  # type: ignore[no-untyped-def]
        """The rows as a ``pyarrow.Table`` of plain values (pyarrow is optional)."""
        try:
            import pyarrow
        except ImportError:
            raise InputError(Diagnostic("no-pyarrow", "Answers.to_arrow needs pyarrow: pip install pyarrow "
                                                      "(or use Answers.records())")) from None
        records = self.records()
        return pyarrow.table({c: [r[c] for r in records] for c in self.columns})

    def __repr__(self) -> str:  # the first rows, as records() gives them, and how many there are
        if not self.columns:
            return f"Answers({'yes' if self.holds else 'no'})"
        more = f" and {len(self.rows) - 3} more" if len(self.rows) > 3 else ""
        return f"Answers({len(self.rows)} rows: {self.records()[:3]!r}{more})"

    def _repr_html_(self) -> str:
        """A table, for notebooks: at most 50 rows, the count of the rest below."""
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(_plain(v)))}</td>" for v in row) + "</tr>"
                       for row in self.rows[:50])
        more = f"<p>and {len(self.rows) - 50} more rows</p>" if len(self.rows) > 50 else ""
        holds = "" if self.columns else f"<p>{'yes' if self.holds else 'no'}</p>"
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}{holds}"


def _plain(value: Value) -> object:
    if isinstance(value, Symbol):
        return value.name
    if isinstance(value, Iri):
        return value.value
    return value


def ask(store: Store, graphs: Iterable, query: str, *, engine: str = DEFAULT_ENGINE,  # type: ignore[type-arg]
        program: Program | None = None, timeout: float | None = None,
        strict: bool = False) -> Answers:
    """Answer a query such as ``aligned(X, Y)`` over asserted facts and everything the rules derive."""
    base = program or load_rules()
    with_query, variables = query_program(base, query)
    facts = program_facts(store, graphs, with_query)
    return answer(with_query, variables, facts, engine=engine, timeout=timeout, strict=strict)


def query_program(base: Program, query: str) -> tuple[Program, tuple[str, ...]]:
    """``base`` with one more rule whose head collects the answers of ``query``."""
    parsed = parse_query(query, prefixes=dict(base.prefixes))
    variables = parsed.variables
    head = Atom(ANSWER, tuple(Var(v.name) for v in variables))
    program = replace(base, rules=base.rules + (Rule(head, parsed.body, parsed.span),),
                      queries=(), texts=base.texts + (("<query>", query),))
    return program, tuple(v.name for v in variables)


def answer(program: Program, variables: tuple[str, ...], facts: atoms.Facts, *,
           engine: str = DEFAULT_ENGINE, timeout: float | None = None, strict: bool = False,
           schema: bool = True) -> Answers:
    """The answers of a :func:`query_program` over ``facts``."""
    warnings = checked(program, facts, strict=strict, schema=schema)
    model = evaluate(program, facts, engine, timeout)
    rows = sorted(model.get(ANSWER, frozenset()), key=lambda row: tuple(sort_key(v) for v in row))
    if not rows:
        warnings += slips(program.rules[-1], model)
    return Answers(variables, tuple(rows), tuple(warnings))


def slips(query: Rule, model: dict[str, frozenset[tuple[Value, ...]]]) -> list[Diagnostic]:
    """For a query without answers, the constants no row holds where they stand, when a likely
    slip explains it: a lower-case name meant as a variable, a string where the data holds a
    symbol (``"russia"`` for ``russia``)."""
    found = []
    for lit in query.body:
        if not isinstance(lit, Atom):
            continue
        rows = [r for r in model.get(lit.pred, ()) if len(r) == lit.arity]
        for i, arg in enumerate(lit.args):
            if not isinstance(arg, Const) or any(r[i] == arg.value for r in rows):
                continue
            value = arg.value
            if isinstance(value, str) and SYMBOL_NAME.match(value) and \
                    any(r[i] == Symbol(value) for r in rows):
                hint = f"the data holds the symbol {value}: write it without quotes"
            elif isinstance(value, Symbol) and rows:
                hint = f"if '{value}' was meant as a variable, write it with a capital: " \
                       f"{value.name.capitalize()}"
            else:
                continue
            found.append(Diagnostic("query-hint", f"no {lit.pred}/{lit.arity} fact has "
                                    f"{print_value(value)} as argument {i + 1}", arg.span,
                                    severity="warning", hint=hint))
    return found


@dataclass(frozen=True)
class Run:
    """A standalone program's run: the whole model, the facts it read, its warnings."""

    program: Program
    facts: atoms.Facts
    model: dict[str, frozenset[tuple[Value, ...]]]
    warnings: tuple[Diagnostic, ...]
    engine: str
    seconds: float


def run_program(program: Program, facts_dir: Path | str, *, engine: str = DEFAULT_ENGINE,
                timeout: float | None = None, strict: bool = False) -> Run:
    """Evaluate ``program`` over its own facts and ``.input`` files only, like ``souffle -F``:
    no store, no world facts (with the spark engine, Spark reads the files: ``facts_dir`` may
    be any URI it reads). Raises InputError (a missing or bad input file), RuleCheckError."""
    warnings = checked(program, {}, strict=strict, schema=False)  # before reading any file
    facts = read_inputs(program, facts_dir, engine)
    engine = resolve_engine(engine, facts, program)
    started = time.perf_counter()
    model = evaluate(program, facts, engine, timeout)
    return Run(program, facts, model, tuple(warnings), engine, time.perf_counter() - started)


def read_inputs(program: Program, facts_dir: Path | str, engine: str) -> atoms.Facts:
    """The ``.input`` facts, read by Spark for the spark engine, else by rules.files."""
    if engine == "spark":
        from reasoner.engines.spark.files import read_inputs as spark_read

        return spark_read(program, str(facts_dir))
    from reasoner.rules.files import read_inputs as read

    return read(program, Path(facts_dir))


def ask_program(program: Program, query: str, facts_dir: Path, *,
                engine: str = DEFAULT_ENGINE, timeout: float | None = None,
                strict: bool = False) -> Answers:
    """Answer ``query`` over a standalone program and its ``.input`` files (no store)."""
    with_query, variables = query_program(program, query)
    checked(with_query, {}, strict=strict, schema=False)
    facts = read_inputs(program, facts_dir, engine)
    return answer(with_query, variables, facts, engine=engine, timeout=timeout, strict=strict,
                  schema=False)
