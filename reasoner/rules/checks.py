"""Semantic checks: safety, undefined predicates, stratification -> list[Diagnostic]."""

from __future__ import annotations

from typing import Iterable, Mapping

from reasoner.errors import Diagnostic, Span, did_you_mean
from reasoner.rules import ast
from reasoner.rules.arity import Signature, as_signatures, show, split
from reasoner.rules.stratify import cycle_diagnostics, dependency_edges


def check_program(program: ast.Program, *,
                  edb: Mapping[str, int] | Iterable[Signature] | None = None
                  ) -> list[Diagnostic]:
    """Every problem in ``program``: errors (unsafe, unstratifiable) and warnings (a
    predicate nothing defines).

    ``edb``: the predicates the data will supply, as name -> arity or as name/arity pairs
    (a name may come with several arities: each name/arity is its own predicate).
    """
    edb = as_signatures(edb)
    found: list[Diagnostic] = []
    for rule in program.rules:
        found += rule_safety(rule)
    for query in program.queries:
        found += body_safety(query.body, outside=(), where="the query")
    found += unknown_predicates(program, edb)
    found += declaration_problems(program, edb)
    # the dependency graph is over name/arity: p/1 may negate p/2 without a cycle
    edges = dependency_edges(split(program, {}).program.rules)
    nodes = [e.head for e in edges] + [e.body for e in edges]
    found += cycle_diagnostics(dict.fromkeys(nodes), edges)
    found.sort(key=lambda d: (d.span.source, d.span.start) if d.span else ("", -1))
    return [_with_line(d, program) for d in found]


def errors_of(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def _with_line(diagnostic: Diagnostic, program: ast.Program) -> Diagnostic:
    if diagnostic.source_line is not None:
        return diagnostic
    return Diagnostic(diagnostic.code, diagnostic.message, diagnostic.span, diagnostic.severity,
                      diagnostic.hint, diagnostic.expected, program.source_line(diagnostic.span))


# -- safety --------------------------------------------------------------------------------

def bound_by(body: tuple[ast.BodyLiteral, ...], outside: Iterable[ast.Term] = ()) -> set[str]:
    """Variables bound by ``body``: positive atoms, ``X = bound`` equalities, aggregate results.

    ``outside`` are the variable occurrences of the rule outside ``body`` (head included),
    used to tell an aggregate's group variables from its local ones.
    """
    bound = {a.name for lit in body if isinstance(lit, ast.Atom)
             for a in lit.args if isinstance(a, ast.Var) and not a.anonymous}
    outside_names = {v.name for v in outside if isinstance(v, ast.Var)}
    changed = True
    while changed:
        changed = False
        for lit in body:
            new = _binds(lit, bound, outside_names | outside_of(lit, body))
            if new and new not in bound:
                bound.add(new)
                changed = True
    return bound


def outside_of(lit: ast.BodyLiteral, body: tuple[ast.BodyLiteral, ...]) -> set[str]:
    """Names of the variables of ``body`` outside ``lit``."""
    return {v.name for other in body if other is not lit for v in ast.global_vars(other)}


def _binds(lit: ast.BodyLiteral, bound: set[str], elsewhere: set[str]) -> str | None:
    match lit:
        case ast.Comparison(op="=", left=ast.Var() as v, right=other) if _ground(other, bound):
            return None if v.anonymous else v.name
        case ast.Comparison(op="=", left=other, right=ast.Var() as v) if _ground(other, bound):
            return None if v.anonymous else v.name
        case ast.Aggregate(result=result) if all(g in bound for g in group_vars(lit, elsewhere)):
            return result.name
    return None


def _ground(term: ast.Expr, bound: set[str]) -> bool:
    """Whether ``term`` has a value once ``bound`` are: a constant, a bound variable, or
    arithmetic over those (``N = M + 1`` binds N once M is bound)."""
    return all(not v.anonymous and v.name in bound for v in ast.term_vars(term))


def group_vars(agg: ast.Aggregate, elsewhere: set[str] | None = None) -> list[str]:
    """The aggregate's body variables that also occur outside it (the grouping variables).

    A counted variable that also occurs outside is bound there, so it groups too (as in clingo:
    ``count { Y : r(X, Y) }`` with ``Y`` bound counts 1 or 0, not every ``Y``).
    """
    inner = dict.fromkeys(v.name for v in ast.body_vars(agg.body) if not v.anonymous)
    if elsewhere is None:
        counted = {v.name for v in agg.vars}
        return [n for n in inner if n not in counted]
    return [n for n in inner if n in elsewhere]


def rule_safety(rule: ast.Rule) -> list[Diagnostic]:
    head_vars = [v for a in rule.head.args for v in ast.term_vars(a)]
    found = body_safety(rule.body, outside=head_vars, where="the rule")
    bound = bound_by(rule.body, head_vars)
    for var in head_vars:
        if var.anonymous:
            found.append(_unsafe(var, "the anonymous variable '_' cannot appear in a head"))
        elif var.name not in bound:
            what = "a fact cannot contain variables" if rule.is_fact else \
                "it must occur in a positive atom of the body"
            found.append(_unsafe(var, f"unsafe variable '{var.name}' in the head: {what}"))
    return _first_per_name(found)


def body_safety(body: tuple[ast.BodyLiteral, ...], *, outside: Iterable[ast.Term],
                where: str) -> list[Diagnostic]:
    outside_vars = [t for t in outside if isinstance(t, ast.Var)]
    # variables outside each aggregate: the head plus the rest of the body
    bound = bound_by(body, outside_vars)
    found = []
    for lit in body:
        found += arithmetic_in_atom(lit)
        match lit:
            case ast.Negation():
                found += _need(lit, ast.literal_vars(lit), bound, "negated", allow_anonymous=True)
            case ast.Comparison():
                found += _need(lit, ast.literal_vars(lit), bound, "compared")
            case ast.Aggregate():
                elsewhere = outside_of(lit, body) | {v.name for v in outside_vars}
                found += aggregate_safety(lit, bound, elsewhere)
    return found


def arithmetic_in_atom(lit: ast.BodyLiteral) -> list[Diagnostic]:
    """Arithmetic inside a body atom: it would match computed values, which Datalog engines
    do not do; the rule binds the value first (``q(M), N = M + 1, p(N)``)."""
    atoms = [lit] if isinstance(lit, ast.Atom) else [lit.atom] if isinstance(
        lit, ast.Negation) else list(ast.literal_vars_atoms(lit.body)) if isinstance(
        lit, ast.Aggregate) else []
    return [Diagnostic("arithmetic-in-body", "arithmetic is allowed in heads and comparisons, "
                       "not inside a body atom", arg.span,
                       hint="bind it first, as in: q(M), N = M + 1, p(N)")
            for atom in atoms for arg in atom.args if isinstance(arg, ast.BinOp)]


def aggregate_safety(agg: ast.Aggregate, bound: set[str], elsewhere: set[str]
                     ) -> list[Diagnostic]:
    found = []
    inner = bound_by(agg.body)
    names = {v.name for v in ast.body_vars(agg.body)}
    what = "the count" if agg.func == "count" else f"the {agg.func}"
    if agg.result.name in names:
        found.append(_unsafe(agg.result, f"'{agg.result.name}' is {what}: it cannot occur "
                                         "inside its own aggregate"))
    for var in agg.vars:
        if var.anonymous or var.name not in inner:
            role = "counted" if agg.func == "count" else "aggregated"
            found.append(_unsafe(var, f"{role} variable '{var.name}' must occur in a positive "
                                      "atom inside the aggregate"))
    for lit in agg.body:
        vars_ = ast.literal_vars(lit)
        if isinstance(lit, ast.Negation):
            found += _need(lit, vars_, inner, "negated", allow_anonymous=True, scope="aggregate")
        elif isinstance(lit, ast.Comparison):
            found += _need(lit, vars_, inner, "compared", scope="aggregate")
    for name in group_vars(agg, elsewhere):
        if name not in bound - {agg.result.name}:
            var = next(v for v in ast.body_vars(agg.body) if v.name == name)
            found.append(_unsafe(var, f"unsafe variable '{name}': it groups {what}, so it "
                                      "must also occur in a positive atom outside the aggregate"))
    return found


def _need(lit: ast.BodyLiteral, vars_: Iterable[ast.Var], bound: set[str], how: str, *,
          allow_anonymous: bool = False, scope: str = "body") -> list[Diagnostic]:
    found = []
    for var in vars_:
        if var.anonymous:
            if not allow_anonymous:
                found.append(_unsafe(var, f"the anonymous variable '_' cannot be {how}"))
        elif var.name not in bound:
            found.append(_unsafe(var, f"unsafe variable '{var.name}': it is {how} but never "
                                      f"bound by a positive atom in the {scope}"))
    return found


def _unsafe(var: ast.Var, message: str) -> Diagnostic:
    return Diagnostic("unsafe-variable", message, var.span)


def _named_and_anonymous(terms: Iterable[ast.Term]) -> list[ast.Var]:
    return [t for t in terms if isinstance(t, ast.Var)]


def _first_per_name(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, Span | None]] = set()
    out = []
    for d in found:
        key = (d.message, d.span)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


# -- arity and unknown predicates ------------------------------------------------------------

def _all_atoms(program: ast.Program) -> list[ast.Atom]:
    atoms = []
    for rule in program.rules:
        atoms.append(rule.head)
        atoms += [a for a, _ in ast.body_atoms(rule.body)]
    for query in program.queries:
        atoms += [a for a, _ in ast.body_atoms(query.body)]
    return atoms


def unknown_predicates(program: ast.Program, edb: Iterable[Signature]) -> list[Diagnostic]:
    """A warning for each name/arity nothing defines: it is an empty relation (as in every
    Datalog), most likely a slip, so the warning names the closest known predicate."""
    defined = set(edb) | {(r.head.pred, r.head.arity) for r in program.rules} | \
        {(d.pred, d.arity) for d in program.decls}
    known = sorted(show(s) for s in defined)
    found = []
    seen: set[Signature] = set()
    for atom in _all_atoms(program):
        sig = (atom.pred, atom.arity)
        if sig in defined or sig in seen:
            continue
        seen.add(sig)
        found.append(Diagnostic(
            "unknown-predicate", f"predicate '{show(sig)}' is not defined: no rule, fact or "
            "declaration defines it and the data does not supply it, so it is empty",
            atom.span, severity="warning", hint=_closest(sig, defined, known)))
    return found


def _closest(sig: Signature, defined: set[Signature], known: list[str]) -> str | None:
    """A hint naming the same name at another arity, else the closest known name/arity."""
    others = sorted(n for name, n in defined if name == sig[0])
    if others:
        what = " or ".join(f"'{sig[0]}/{n}'" for n in others)
        return f"'{sig[0]}' is known with {' or '.join(_args(n) for n in others)}: did you " \
               f"mean {what}?"
    guess = did_you_mean(show(sig), known)
    return f"did you mean '{guess}'?" if guess else None


def _args(n: int) -> str:
    return f"{n} argument" + ("" if n == 1 else "s")


# -- declarations ----------------------------------------------------------------------------

def declaration_problems(program: ast.Program, edb: Iterable[Signature]) -> list[Diagnostic]:
    """Facts that break their ``.decl`` types, ``.input`` without a ``.decl``, ``.output`` of
    a predicate nothing defines."""
    found = []
    declared: dict[Signature, ast.Decl] = {}
    for decl in program.decls:
        first = declared.setdefault((decl.pred, decl.arity), decl)
        if first is not decl and first.columns != decl.columns:
            found.append(Diagnostic("type-mismatch", f"'{show((decl.pred, decl.arity))}' is "
                                    f"declared twice with different columns (first at "
                                    f"{first.span})", decl.span))
    for rule in program.rules:
        decl = declared.get((rule.head.pred, rule.head.arity))
        if decl is not None:
            found += [d for arg, column in zip(rule.head.args, decl.columns)
                      if isinstance(arg, ast.Const)
                      for d in [type_problem(arg.value, column, decl, arg.span)] if d]
    names = {d.pred for d in program.decls}
    defined = {s[0] for s in edb} | {r.head.pred for r in program.rules} | names
    for io in program.io:
        if io.kind == "input" and io.pred not in names:
            found.append(Diagnostic("missing-decl", f".input {io.pred} needs a .decl of "
                                    f"{io.pred}: its columns and their types say how to read "
                                    "the file", io.span,
                                    hint=f".decl {io.pred}(x: symbol, y: symbol)"))
        if io.kind == "output" and io.pred not in defined:
            guess = did_you_mean(io.pred, defined)
            found.append(Diagnostic("unknown-predicate", f".output {io.pred}: no rule, fact or "
                                    "declaration defines it", io.span, severity="warning",
                                    hint=f"did you mean '{guess}'?" if guess else None))
    return found


def type_problem(value: ast.Value, column: tuple[str, str], decl: ast.Decl,
                 span: Span | None) -> Diagnostic | None:
    """An error if ``value`` is not of the column's declared type."""
    name, want = column
    have = ast.TYPE_OF.get(type(value))
    if have == want:
        return None
    hint = None
    if want == "symbol" and isinstance(value, str) and ast.SYMBOL_NAME.match(value):
        hint = f"write it as a symbol, without quotes: {value}"
    elif want == "string" and isinstance(value, ast.Symbol):
        hint = f'write it as a string: "{value.name}"'
    return Diagnostic("type-mismatch", f"{_show_value(value)} is a {have}, but column "
                      f"'{name}' of {decl.pred} is declared {want}", span, hint=hint)


def _show_value(value: ast.Value) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)
