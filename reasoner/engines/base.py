"""The engine interface, and what every engine does before and after evaluating.

An engine takes a checked Program and the EDB facts (Python values, see reasoner.rules.ast)
and returns the whole model: every predicate of the program and of the facts, EDB and IDB,
mapped to its tuples. Engines never see RDF; reasoner.rdf bridges RDF and facts.
"""

from __future__ import annotations

import importlib
import threading
import time
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Callable, ClassVar, Collection, Iterator, Mapping, Protocol, TypeAlias

from reasoner.errors import Diagnostic, EngineError, EngineTimeout, RuleCheckError
from reasoner.rules import ast
from reasoner.rules.rows import DistinctRows
from reasoner.rules.arity import Signature, split
from reasoner.rules.checks import check_program, errors_of

Row: TypeAlias = tuple[ast.Value, ...]
Facts: TypeAlias = Mapping[str, Collection[Row]]
Model: TypeAlias = dict[str, frozenset[Row]]
Derived: TypeAlias = Mapping[str, Collection[Row]]  # the rows of each rule head
Pass: TypeAlias = Callable[[ast.Program], ast.Program]  # a shared rewrite (reasoner.rules.rewrite)
LIKELY_CAUSE = ("the program derives too many facts for this limit; raise the limit or narrow "
                "the rules")
_ORDER_OPS = frozenset(("<", "<=", ">", ">="))


class Engine(Protocol):
    """Evaluates a stratified program over facts to its unique model."""

    name: str

    def evaluate(self, program: ast.Program, facts: Facts, *,
                 timeout: float | None = None) -> Model:
        """The model of ``program`` over ``facts``.

        Raises RuleCheckError if the program is unsafe, ill-formed or not stratified,
        EngineError if the facts hold non-rule values or the engine fails, EngineTimeout
        when ``timeout`` seconds pass.
        """
        ...


class BaseEngine:
    """The outline every engine shares; an engine fills in :meth:`derive` and declares what it
    can do.

    ``evaluate`` refuses bad programs and facts (:meth:`refuse`), gives each name/arity its
    own relation (reasoner.rules.arity.split), applies the engine's shared ``passes``, derives
    here (:meth:`derive`) or, when a time limit is set and the engine cannot stop itself
    (:meth:`needs_child`), in a child process killed at the deadline, and completes the model
    with every predicate of the program and of the facts.
    """

    name: ClassVar[str]
    in_store: ClassVar[bool] = False  # runs inside the store (infer_in_store)
    batch: ClassVar[bool] = False  # evaluates several programs in one go (evaluate_many)
    arithmetic: ClassVar[bool] = True
    floats: ClassVar[bool] = False
    wide_integers: ClassVar[bool] = False  # integers beyond 32 bits
    passes: ClassVar[tuple[Pass, ...]] = ()  # Program -> Program rewrites, applied in order
    likely_cause: ClassVar[str] = LIKELY_CAUSE  # the hint of a timeout

    def evaluate(self, program: ast.Program, facts: Facts, *,
                 timeout: float | None = None) -> Model:
        """The model of ``program`` over ``facts`` (see Engine.evaluate)."""
        with self.evaluating():
            self.refuse(program, facts)
            parts = split(program, facts)  # one relation per name/arity
            program, facts = parts.program, parts.facts
            given = self.given(program, facts)
            program = self.rewrite(program)
            if timeout is not None and self.needs_child(program):
                derived = derive_in_child(self, program, facts, timeout)
            else:
                derived = self.derive(program, given, timeout=timeout)
            return parts.join(complete_model(program, facts, derived))

    def refuse(self, program: ast.Program, facts: Facts) -> None:
        """Raise for what this engine may not run (by default: bad facts, check errors)."""
        prepare(program, facts)

    def given(self, program: ast.Program, facts: Facts) -> Any:
        """The facts as :meth:`derive` takes them (by default as they are)."""
        return facts

    def rewrite(self, program: ast.Program) -> ast.Program:
        for rewrite in self.passes:
            program = rewrite(program)
        return program

    def needs_child(self, program: ast.Program) -> bool:
        """Whether, with a time limit, ``program`` must run in a killable child process."""
        return True

    def evaluating(self) -> AbstractContextManager[None]:
        """A context around one evaluation (by default none)."""
        return nullcontext()

    def derive(self, program: ast.Program, given: Any, *,
               timeout: float | None = None) -> Derived:
        """The rows of every rule head of a checked, split, rewritten program."""
        raise NotImplementedError

    def infer_in_store(self, program: ast.Program, store: object, asserted: Any, inferred: Any,
                       *, timeout: float | None = None,
                       written: Collection[str] | None = None) -> Any:
        """Run inside ``store`` (engines with ``in_store``); None when it cannot."""
        return None

    def timed_out(self, limit: float) -> EngineTimeout:
        return EngineTimeout(timeout_diagnostic(self.name, limit, self.likely_cause))


@contextmanager
def at_deadline(deadline: float | None, act: Callable[[], object], *, name: str,
                every: float | None = None) -> Iterator[None]:
    """Call ``act`` from a timer thread once ``deadline`` (time.monotonic) passes while the
    block runs, and again each ``every`` seconds until it ends if given (a single interrupt
    can land between two statements and be lost)."""
    if deadline is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        if done.wait(max(0.0, deadline - time.monotonic())):
            return
        act()
        while every is not None and not done.wait(every):
            act()

    thread = threading.Thread(target=watch, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def derive_in_child(engine: BaseEngine, program: ast.Program, facts: Facts,
                    timeout: float) -> Derived:
    """``engine.derive`` in a child process killed after ``timeout`` seconds."""
    from reasoner.engines import worker

    target = f"{type(engine).__module__}:{type(engine).__name__}"
    return worker.derive_in_child("reasoner.engines.base:child_job", (target, program), facts,
                                  timeout=timeout, on_timeout=engine.timed_out)


def child_job(job: tuple[tuple[str, ast.Program], Facts]) -> Derived:
    """In the child: a new engine of the class named, deriving without a deadline."""
    (target, program), facts = job
    module, _, name = target.partition(":")
    engine: BaseEngine = getattr(importlib.import_module(module), name)()
    with engine.evaluating():
        return engine.derive(program, engine.given(program, facts))


def fact_arities(facts: Facts) -> set[Signature]:
    """The name/arity of every fact relation (a name's rows may have several lengths: each is
    its own predicate); EngineError if a name or a value is bad."""
    arities: set[Signature] = set()
    for pred, rows in facts.items():
        if not ast.SYMBOL_NAME.match(pred):
            raise EngineError(f"fact predicate {pred!r} is not a lower-case name")
        for row in rows:
            if not isinstance(row, tuple):
                raise EngineError(f"facts of '{pred}' must be tuples, got {row!r}")
            arities.add((pred, len(row)))
            for value in row:
                problem = ast.value_error(value)
                if problem:
                    raise EngineError(f"fact {pred}{row!r}: {problem}")
    return arities


def prepare(program: ast.Program, facts: Facts) -> None:
    """Refuse what no engine may run: bad facts, and programs with check errors."""
    errors = errors_of(check_program(program, edb=fact_arities(facts)))
    if errors:
        raise RuleCheckError(*errors)


def idb_predicates(program: ast.Program) -> list[str]:
    return list(dict.fromkeys(r.head.pred for r in program.rules))


def all_predicates(program: ast.Program, facts: Facts) -> list[str]:
    preds = dict.fromkeys(facts)
    for rule in program.rules:
        preds[rule.head.pred] = None
        for atom, _ in ast.body_atoms(rule.body):
            preds[atom.pred] = None
    return list(preds)


def complete_model(program: ast.Program, facts: Facts,
                   derived: Mapping[str, Collection[Row]]) -> Model:
    """The model: every predicate, with the facts and the derived tuples of each."""
    model: Model = {}
    for pred in all_predicates(program, facts):
        given = facts.get(pred, ())
        extra = derived.get(pred)
        if extra:
            model[pred] = frozenset(given) | frozenset(extra)
        else:  # rows known distinct stay as they are: hashing millions of facts costs seconds
            model[pred] = given if isinstance(given, (frozenset, DistinctRows)) else frozenset(given)
    return model


def timeout_diagnostic(engine: str, limit: float, cause: str) -> Diagnostic:
    return Diagnostic("engine-timeout", f"the {engine} engine was stopped after its time limit "
                      f"of {limit:g} s", hint=cause)


def compares_order(program: ast.Program) -> bool:
    """Whether some rule compares values by order, or takes a min or max (then ids must
    follow the value order)."""
    return any((isinstance(lit, ast.Comparison) and lit.op in _ORDER_OPS)
               or (isinstance(lit, ast.Aggregate) and lit.func in ("min", "max"))
               for rule in program.rules for lit in literals_within(rule.body))


def literals_within(body: tuple[ast.BodyLiteral, ...]) -> Iterator[ast.BodyLiteral]:
    """Every literal of ``body``, those inside counts included."""
    for lit in body:
        yield lit
        if isinstance(lit, ast.Aggregate):
            yield from literals_within(lit.body)
