"""The engine interface, and what every engine does before and after evaluating.

An engine takes a checked Program and the EDB facts (Python values, see reasoner.rules.ast)
and returns the whole model: every predicate of the program and of the facts, EDB and IDB,
mapped to its tuples. Engines never see RDF; reasoner.rdf bridges RDF and facts.
"""

from __future__ import annotations

from typing import Collection, Iterator, Mapping, Protocol, TypeAlias

from reasoner.errors import Diagnostic, EngineError, RuleCheckError
from reasoner.rules import ast
from reasoner.rules.arity import Signature
from reasoner.rules.checks import check_program, errors_of

Row: TypeAlias = tuple[ast.Value, ...]
Facts: TypeAlias = Mapping[str, Collection[Row]]
Model: TypeAlias = dict[str, frozenset[Row]]
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
        rows = frozenset(facts.get(pred, ()))
        extra = derived.get(pred)
        model[pred] = rows | frozenset(extra) if extra else rows
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
