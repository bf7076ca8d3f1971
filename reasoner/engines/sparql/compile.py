"""Rules -> SPARQL 1.1 Update text, over the scratch graphs of one run (see reasoner.engines.sparql.terms).

Each predicate ``p`` has up to four graphs under the run's base IRI: ``all/p`` (every tuple
known so far), ``delta/p`` (the tuples new in the last round), ``new/p`` (the tuples the
current round finds) and ``edb/p`` (the tuples given as data, kept to tell derived from given).

A rule compiles to ``INSERT { GRAPH <target> { head tuple } } WHERE { body }``:

* a positive atom is a ``GRAPH`` block over ``all/p`` (or ``delta/p`` in a semi-naive variant);
* ``not p(...)`` is ``FILTER NOT EXISTS`` over ``all/p`` (a lower stratum, so complete);
* a comparison is a ``FILTER`` in the rules' value order; ``X = t`` that binds ``X`` is
  substituted away before compiling;
* ``N = count { Vs : body }`` is a sub-query ``SELECT G (COUNT(*) ...) { SELECT DISTINCT G Vs
  { body } } GROUP BY G`` joined with ``OPTIONAL`` and ``COALESCE(..., 0)``, so a group bound
  outside with no rows counts 0 (clingo's semantics); without grouping variables the
  sub-query always yields one row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from reasoner.engines.sparql import terms
from reasoner.engines.base import literals_within
from reasoner.rules import ast
from reasoner.rules.rewrite import bind_head, substitute_literal, substitute_term


@dataclass(frozen=True)
class Graphs:
    """The scratch graph IRIs of one run."""

    base: str

    def of(self, kind: str, pred: str) -> str:
        return f"<{self.base}{kind}/{pred}>"

    def all(self, pred: str) -> str:
        return self.of("all", pred)

    def delta(self, pred: str) -> str:
        return self.of("delta", pred)

    def new(self, pred: str) -> str:
        return self.of("new", pred)

    def edb(self, pred: str) -> str:
        return self.of("edb", pred)

    @property
    def out(self) -> str:
        return f"<{self.base}out>"

    @property
    def constants(self) -> str:
        return f"<{self.base}constants>"

    def constant(self, text: str) -> str:
        return f"<{self.base}constant/{hashlib.sha1(text.encode('utf-8')).hexdigest()}>"


def stored_constants(program: ast.Program) -> set[str]:
    """String constants that are read from the store rather than written in the query text.

    Virtuoso stores a non-ASCII string written in INSERT DATA differently from the same string
    written in a query, so the two never compare equal. Such constants are inserted once into
    a scratch graph and bound from there wherever a rule uses them; every server agrees then.
    """
    found: set[str] = set()
    for rule in program.rules:
        for atom in (rule.head, *(a for a, _ in ast.body_atoms(rule.body))):
            found |= {a.value for a in atom.args if isinstance(a, ast.Const) and _stored(a.value)}
        for lit in literals_within(rule.body):
            if isinstance(lit, ast.Comparison):
                found |= {t.value for t in (lit.left, lit.right)
                          if isinstance(t, ast.Const) and _stored(t.value)}
    return found


def _stored(value: ast.Value) -> bool:
    return isinstance(value, str) and not value.isascii()


def constants_update(g: Graphs, values: Iterable[str]) -> str:
    triples = " ".join(f"{g.constant(v)} <{terms.NS}value> {terms.term_text(v)} ." for v in sorted(values))
    return f"INSERT DATA {{ GRAPH {g.constants} {{ {triples} }} }}" if triples else ""


@dataclass
class _Names:
    """Fresh SPARQL variable names within one compiled rule."""

    count: int = 0

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"?_{stem}{self.count}"


Source = Callable[[int, ast.Atom], str]  # (index among positive atoms, atom) -> graph IRI


@dataclass
class _Compiler:
    graphs: Graphs
    names: _Names = field(default_factory=_Names)
    pending: dict[str, str] = field(default_factory=dict)  # stored constant -> its variable

    def term(self, t: ast.Term) -> str:
        if isinstance(t, ast.Var):
            return self.names.fresh("a") if t.anonymous else f"?v_{t.name}"
        if _stored(t.value):
            assert isinstance(t.value, str)
            if t.value not in self.pending:
                self.pending[t.value] = self.names.fresh("k")
            return self.pending[t.value]
        return terms.term_text(t.value)

    def bind_constants(self, parts: list[str], outer: dict[str, str]) -> list[str]:
        """Patterns binding the stored constants used at this level (see stored_constants)."""
        binds = [f"GRAPH {self.graphs.constants} {{ {self.graphs.constant(v)} <{terms.NS}value> {var} }}"
                 for v, var in self.pending.items() if v not in outer]
        self.pending = dict(outer)
        return binds + parts

    def pattern(self, graph: str, atom: ast.Atom) -> str:
        if not atom.args:
            return f"GRAPH {graph} {{ {terms.UNIT} {terms.HOLDS} {terms.UNIT} . }}"
        node = self.names.fresh("t")
        pairs = " ; ".join(f"{terms.arg_iri(i)} {self.term(a)}"
                           for i, a in enumerate(atom.args, 1))
        return f"GRAPH {graph} {{ {node} {pairs} . }}"

    def body(self, body: tuple[ast.BodyLiteral, ...], source: Source,
             outside: frozenset[str], given: frozenset[str] = frozenset()) -> str:
        """The group pattern of a body; ``outside`` names variables used around it (the head,
        an aggregate's group), ``given`` those bound around it (an aggregate's group).

        Atoms first; then, as their inputs become bound, aggregates and bindings
        (``N = M + 1`` is a ``BIND``, which must follow what binds ``M``); filters last.
        """
        outer = dict(self.pending)
        atoms = [lit for lit in body if isinstance(lit, ast.Atom)]
        bound = set(given) | {v.name for a in atoms for v in ast.literal_vars(a)}
        parts = [self.pattern(source(i, a), a) for i, a in enumerate(atoms)]
        pending = [lit for lit in body if not isinstance(lit, ast.Atom)]
        while True:
            ready = next((lit for lit in pending if self._ready(lit, body, outside, bound)), None)
            if ready is None:
                break
            pending.remove(ready)
            if isinstance(ready, ast.Aggregate):
                others = outside | _global_names(lit2 for lit2 in body if lit2 is not ready)
                parts.append(self.aggregate(ready, others, ready.result.name in bound))
                bound.add(ready.result.name)
            else:
                var, value = _binding(ready, bound)  # type: ignore[misc]
                parts.append(f"BIND({self.expr(value, parts)} AS ?v_{var})")
                bound.add(var)
        for lit in pending:
            if isinstance(lit, ast.Negation):
                inner = self.pattern(self.graphs.all(lit.atom.pred), lit.atom)
                parts.append(f"FILTER NOT EXISTS {{ {inner} }}")
            elif isinstance(lit, ast.Comparison):
                left, right = self.expr(lit.left, parts), self.expr(lit.right, parts)
                parts.append(f"FILTER({terms.compare_expr(lit.op, left, right)})")
            else:  # an aggregate whose group is never bound: checks reject it before
                parts.append(self.aggregate(lit, outside, False))  # type: ignore[arg-type]
        return "\n  ".join(self.bind_constants(parts, outer))

    def _ready(self, lit: ast.BodyLiteral, body: tuple[ast.BodyLiteral, ...],
               outside: frozenset[str], bound: set[str]) -> bool:
        if isinstance(lit, ast.Aggregate):
            others = outside | _global_names(x for x in body if x is not lit)
            inner = {v.name for v in ast.body_vars(lit.body) if not v.anonymous}
            return all(n in bound for n in inner & others if n != lit.result.name)
        return isinstance(lit, ast.Comparison) and _binding(lit, bound) is not None

    def expr(self, e: ast.Expr, parts: list[str]) -> str:
        """A term, or arithmetic computed into a fresh variable by a ``BIND`` added to
        ``parts`` (an undefined result leaves it unbound, and the filter drops the row)."""
        if not isinstance(e, ast.BinOp):
            return self.term(e)
        left, right = self.expr(e.left, parts), self.expr(e.right, parts)
        shifts = {"+": ((left, right), (right, left)), "-": ((left, f"(-{right})"),)}
        shifted = []
        for day, days in shifts.get(e.op, ()):
            binds, var = terms.shift_binds(day, days, self.names.fresh)
            parts += binds
            shifted.append(var)
        out = self.names.fresh("e")
        parts.append(f"BIND({terms.arith_expr(e.op, left, right, shifted)} AS {out})")
        parts.append(f"FILTER({terms.result_ok_expr(out)})")
        return out

    def aggregate(self, agg: ast.Aggregate, outside: frozenset[str], result_bound: bool) -> str:
        inner_body = substitute_equalities(agg.body, protected=outside)
        inner_names = [v.name for v in (*agg.vars, *ast.body_vars(inner_body)) if not v.anonymous]
        group = list(dict.fromkeys(n for n in inner_names if n in outside))
        counted = [v.name for v in agg.vars if not v.anonymous]
        columns = " ".join(f"?v_{n}" for n in dict.fromkeys(group + counted)) or "(1 AS ?_one)"
        saved, self.pending = self.pending, {}
        where = self.body(inner_body, lambda i, a: self.graphs.all(a.pred),
                          frozenset(group), given=frozenset(group))
        self.pending = saved
        found = self.names.fresh("c")
        group_vars = " ".join(f"?v_{n}" for n in group)
        by = f" GROUP BY {group_vars}" if group else ""
        rows = f"{{ SELECT DISTINCT {columns} WHERE {{ {where} }} }}"
        if agg.func in ("count", "sum"):
            what = "COUNT(*)" if agg.func == "count" else \
                f"SUM(IF(isNumeric(?v_{counted[0]}), ?v_{counted[0]}, 0))"
            sub = f"SELECT {group_vars} ({what} AS {found}) WHERE {rows}{by}"
            value = f"COALESCE({found}, 0)"  # no rows in the group: a count or sum of 0
        else:
            sub = self._extreme(agg.func, f"?v_{counted[0]}", rows, group_vars, by, found)
            value = found  # no rows: no value, so the rule instance yields nothing
        joined = f"OPTIONAL {{ {{ {sub} }} }}" if group else f"{{ {sub} }}"
        result = f"?v_{agg.result.name}"
        if result_bound:
            return f"{joined}\n  FILTER(sameTerm({result}, {value}))"
        return f"{joined}\n  BIND({value} AS {result})\n  FILTER(BOUND({result}))"

    def _extreme(self, func: str, var: str, rows: str, group_vars: str, by: str,
                 found: str) -> str:
        """min or max in the rules' value order: SPARQL orders values of different kinds as
        it likes, so first the least (greatest) kind, then MIN (MAX) among values of it."""
        agg = "MIN" if func == "min" else "MAX"
        rank = self.names.fresh("r")
        ranks = f"SELECT {group_vars} ({agg}({terms.rank_expr(var)}) AS {rank}) WHERE {rows}{by}"
        return (f"SELECT {group_vars} ({agg}({var}) AS {found}) WHERE {{ {{ {ranks} }} {rows} "
                f"FILTER({terms.rank_expr(var)} = {rank}) }}{by}")


def _binding(lit: ast.Comparison, bound: set[str]) -> tuple[str, ast.Expr] | None:
    """``(V, expr)`` if ``lit`` is ``V = expr`` (or ``expr = V``) binding the unbound V from
    bound variables."""
    if lit.op != "=":
        return None
    for var, other in ((lit.left, lit.right), (lit.right, lit.left)):
        if isinstance(var, ast.Var) and not var.anonymous and var.name not in bound and \
                all(not v.anonymous and v.name in bound for v in ast.term_vars(other)):
            return var.name, other
    return None


def _global_names(literals: Iterable[ast.BodyLiteral]) -> frozenset[str]:
    """Names the literals share with the rest of the rule (see ast.global_vars)."""
    return frozenset(v.name for lit in literals for v in ast.global_vars(lit)
                     if not v.anonymous)


def _names(literals: Iterable[ast.BodyLiteral]) -> frozenset[str]:
    return frozenset(v.name for lit in literals for v in ast.literal_vars(lit) if not v.anonymous)


def rule_update(rule: ast.Rule, graphs: Graphs, target: str, source: Source,
                dedup: str | None) -> str:
    """INSERT the head tuples of ``rule`` into ``target``, skipping tuples already in ``dedup``."""
    rule = substitute_rule(bind_head(rule))
    compiler = _Compiler(graphs)
    head_terms = [compiler.term(a) for a in rule.head.args]
    compiler.pending, head_constants = {}, compiler.pending
    where = compiler.body(rule.body, source, _names([rule.head]))
    compiler.pending = head_constants
    where = "\n  ".join(compiler.bind_constants([where], {}))
    if head_terms:
        pairs = " ; ".join(f"{terms.arg_iri(i)} {t}" for i, t in enumerate(head_terms, 1))
        template = f"?_head {pairs} ."
        bind = f"BIND({terms.tuple_iri_expr(head_terms)} AS ?_head)"
        node = "?_head"
    else:
        template = f"{terms.UNIT} {terms.HOLDS} {terms.UNIT} ."
        bind, node = "", terms.UNIT
    check = f"FILTER NOT EXISTS {{ GRAPH {dedup} {{ {node} ?_hp ?_ho }} }}" if dedup else ""
    return (f"INSERT {{ GRAPH {target} {{ {template} }} }}\n"
            f"WHERE {{ {{ {where} }}\n  {bind}\n  {check} }}")


# -- equality substitution -------------------------------------------------------------------
def substitute_rule(rule: ast.Rule) -> ast.Rule:
    """The rule with every binding equality ``X = t`` substituted away."""
    body = list(rule.body)
    head = rule.head
    while True:
        found = _binding_equality(body, frozenset())
        if found is None:
            return ast.Rule(head, tuple(body), rule.span)
        index, var, value = found
        del body[index]
        body = [substitute_literal(lit, var, value) for lit in body]
        head = replace(head, args=tuple(substitute_term(a, var, value) for a in head.args))


def substitute_equalities(body: tuple[ast.BodyLiteral, ...],
                          protected: frozenset[str]) -> tuple[ast.BodyLiteral, ...]:
    """A body with binding equalities substituted, leaving ``protected`` variables alone."""
    out = list(body)
    while True:
        found = _binding_equality(out, protected)
        if found is None:
            return tuple(out)
        index, var, value = found
        del out[index]
        out = [substitute_literal(lit, var, value) for lit in out]


def _binding_equality(body: list[ast.BodyLiteral],
                      protected: frozenset[str]) -> tuple[int, str, ast.Term] | None:
    bound = {v.name for lit in body if isinstance(lit, ast.Atom) for v in ast.literal_vars(lit)}
    bound |= {lit.result.name for lit in body if isinstance(lit, ast.Aggregate)}
    for index, lit in enumerate(body):
        if not isinstance(lit, ast.Comparison) or lit.op != "=":
            continue
        for a, b in ((lit.left, lit.right), (lit.right, lit.left)):
            if (isinstance(a, ast.Var) and not a.anonymous and a.name not in bound
                    and a.name not in protected
                    and (isinstance(b, ast.Const) or (isinstance(b, ast.Var) and b.name in bound))):
                return index, a.name, b
    return None


