"""Pure rewrites of rule ASTs that several engines share (they never mutate their input)."""

from __future__ import annotations

from dataclasses import replace

from reasoner.rules import ast


def substitute_term(term: ast.Expr, name: str, by: ast.Expr) -> ast.Expr:
    """``by`` in place of the variable ``name`` (inside arithmetic too)."""
    if isinstance(term, ast.BinOp):
        return replace(term, left=substitute_term(term.left, name, by),
                       right=substitute_term(term.right, name, by))
    return by if isinstance(term, ast.Var) and term.name == name else term


def substitute_literal(lit: ast.BodyLiteral, name: str, by: ast.Expr) -> ast.BodyLiteral:
    """``lit`` with the variable ``name`` replaced by ``by`` everywhere, aggregate bodies included."""
    match lit:
        case ast.Atom(args=args):
            return replace(lit, args=tuple(substitute_term(a, name, by) for a in args))
        case ast.Negation(atom=atom):
            return replace(lit, atom=substitute_literal(atom, name, by))  # type: ignore[arg-type]
        case ast.Comparison(left=left, right=right):
            return replace(lit, left=substitute_term(left, name, by), right=substitute_term(right, name, by))
        case ast.Aggregate(body=body):
            return replace(lit, body=tuple(substitute_literal(b, name, by) for b in body))
    raise TypeError(lit)


def bind_head_arithmetic(program: ast.Program) -> ast.Program:
    """Every arithmetic head argument moved into the body as a binding:
    ``p(M + 1) :- q(M).`` becomes ``p(H) :- q(M), H = M + 1.`` (H a fresh name), so engines
    only ever compute in comparisons. A program without head arithmetic comes back as is."""
    if not any(isinstance(a, ast.BinOp) for r in program.rules for a in r.head.args):
        return program
    return replace(program, rules=tuple(bind_head(r) for r in program.rules))


def bind_head(rule: ast.Rule) -> ast.Rule:
    """One rule's arithmetic head arguments as body bindings (see bind_head_arithmetic)."""
    if not any(isinstance(a, ast.BinOp) for a in rule.head.args):
        return rule
    taken = {v.name for v in (*ast.body_vars(rule.body),
                              *(v for a in rule.head.args for v in ast.term_vars(a)))}
    args: list[ast.Expr] = []
    bindings: list[ast.BodyLiteral] = []
    for arg in rule.head.args:
        if not isinstance(arg, ast.BinOp):
            args.append(arg)
            continue
        name = _fresh("Head", taken)
        var = ast.Var(name, arg.span)
        args.append(var)
        bindings.append(ast.Comparison("=", var, arg, arg.span))
    return ast.Rule(replace(rule.head, args=tuple(args)), rule.body + tuple(bindings), rule.span)


def _fresh(stem: str, taken: set[str]) -> str:
    n = 0
    while f"{stem}{n}" in taken:
        n += 1
    taken.add(f"{stem}{n}")
    return f"{stem}{n}"


def name_arithmetic_steps(program: ast.Program) -> ast.Program:
    """Every arithmetic operand that is itself arithmetic bound to a fresh variable first:
    ``big(N) :- n(N), N * 2 + 1 > 5.`` becomes ``big(N) :- n(N), Step0 = N * 2,
    Step0 + 1 > 5.`` An undefined step leaves no instance, as the whole expression would, so
    the model is the same; each step is computed once (the spark engine's SQL binds it as a
    column). Aggregate bodies are left as they are."""
    if not any(_nested(t) for r in program.rules for lit in r.body for t in _exprs(lit)):
        return program
    return replace(program, rules=tuple(_name_steps(r) for r in program.rules))


def _exprs(lit: ast.BodyLiteral) -> tuple[ast.Expr, ...]:
    return (lit.left, lit.right) if isinstance(lit, ast.Comparison) else ()


def _nested(term: ast.Expr) -> bool:
    return isinstance(term, ast.BinOp) and any(isinstance(t, ast.BinOp)
                                               for t in (term.left, term.right))


def _name_steps(rule: ast.Rule) -> ast.Rule:
    if not any(_nested(t) for lit in rule.body for t in _exprs(lit)):
        return rule
    taken = {v.name for v in (*ast.body_vars(rule.body),
                              *(v for a in rule.head.args for v in ast.term_vars(a)))}
    steps: list[ast.BodyLiteral] = []

    def flat(term: ast.Expr, top: bool) -> ast.Expr:
        if not isinstance(term, ast.BinOp):
            return term
        term = replace(term, left=flat(term.left, False), right=flat(term.right, False))
        if top:
            return term
        var = ast.Var(_fresh("Step", taken), term.span)
        steps.append(ast.Comparison("=", var, term, term.span))
        return var

    body: list[ast.BodyLiteral] = []
    for lit in rule.body:
        if isinstance(lit, ast.Comparison):
            lit = replace(lit, left=flat(lit.left, True), right=flat(lit.right, True))
        body += [*steps, lit]
        steps.clear()
    return ast.Rule(rule.head, tuple(body), rule.span)
