"""Lark parse tree -> rules AST, one method per grammar rule (grammar/rules.lark)."""

from __future__ import annotations

import datetime
import math
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from reasoner.errors import Diagnostic, Span, did_you_mean
from reasoner.rdf.namespaces import PREFIX_IRIS, symbol_of_iri
from reasoner.rules import ast

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
# Options of .input and .output (Soufflé's names; IO=file is its default and only choice here).
IO_OPTIONS = ("filename", "delimiter", "IO")


def unescape(body: str) -> str:
    """The value of a string literal's body (between the quotes)."""
    out: list[str] = []
    chars = iter(body)
    for char in chars:
        out.append(_ESCAPES[next(chars)] if char == "\\" else char)
    return "".join(out)


@v_args(meta=True, inline=True)
class ToAst(Transformer[Token, Any]):
    """Builds the AST; collects semantic syntax errors (unknown prefix, bad date) in ``errors``."""

    def __init__(self, text: str, source: str, prefixes: dict[str, str]) -> None:
        super().__init__()
        self.text = text
        self.source = source
        # The store's prefixes (ent:, voc:, cameo:, ...) are known to every program, as in SPARQL.
        self.prefixes = {**PREFIX_IRIS, **prefixes}
        self.declared: list[tuple[str, str]] = []
        self.errors: list[Diagnostic] = []

    # -- helpers ---------------------------------------------------------------------------
    def span(self, meta: Meta | Token) -> Span | None:
        if getattr(meta, "empty", False):
            return None
        start, end = meta.start_pos, meta.end_pos
        assert start is not None and end is not None
        return Span(self.source, meta.line, meta.column, meta.end_line, meta.end_column,
                    start, end)

    def error(self, code: str, message: str, where: Meta | Token, hint: str | None = None) -> None:
        span = self.span(where)
        line = ast.line_at(self.text, span) if span else None
        self.errors.append(Diagnostic(code, message, span, hint=hint, source_line=line))

    # -- statements ------------------------------------------------------------------------
    def start(self, meta: Meta, *statements: Any) -> list[Any]:
        return list(statements)

    def prefix_decl(self, meta: Meta, name: Token, iri: Token) -> tuple[str, str]:
        pair = (str(name)[:-1], str(iri)[1:-1])
        self.prefixes[pair[0]] = pair[1]
        self.declared.append(pair)
        return pair

    def decl(self, meta: Meta, name: Token, *columns: Any) -> ast.Decl:
        found = tuple(c for c in columns if c is not None)
        names = [n for n, _ in found]
        for n in {n for n in names if names.count(n) > 1}:
            self.error("rule-syntax", f"column '{n}' is declared twice in .decl {name}", meta)
        return ast.Decl(str(name), found, self.span(meta))

    def column(self, meta: Meta, name: Token, kind: Token) -> tuple[str, str]:
        if str(kind) not in ast.TYPES:
            guess = did_you_mean(str(kind), ast.TYPES, cutoff=0.5)
            self.error("rule-syntax", f"unknown type '{kind}': the types are "
                       f"{', '.join(ast.TYPES)}", kind,
                       hint=f"did you mean '{guess}'?" if guess else None)
        return str(name), str(kind)

    def io(self, meta: Meta, kind: Token, name: Token, *options: Any) -> ast.Io:
        found = tuple(o for o in options if o is not None)
        for key, _ in found:
            if key not in IO_OPTIONS:
                self.error("rule-syntax", f"unknown option '{key}' of {kind}: the options are "
                           f"{', '.join(IO_OPTIONS)}", meta)
        return ast.Io(str(kind)[1:], str(name), found, self.span(meta))  # type: ignore[arg-type]

    def io_option(self, meta: Meta, key: Token, value: Token) -> tuple[str, str]:
        text = unescape(str(value)[1:-1]) if value.type == "STRING" else str(value)
        return str(key), text

    def fact(self, meta: Meta, head: ast.Atom) -> ast.Rule:
        return ast.Rule(head, (), self.span(meta))

    def rule(self, meta: Meta, head: ast.Atom, body: tuple[ast.BodyLiteral, ...]) -> ast.Rule:
        return ast.Rule(head, body, self.span(meta))

    def query(self, meta: Meta, body: tuple[ast.BodyLiteral, ...]) -> ast.Query:
        return ast.Query(body, self.span(meta))

    def query_text(self, meta: Meta, body: tuple[ast.BodyLiteral, ...]) -> ast.Query:
        return ast.Query(body, self.span(meta))

    def body(self, meta: Meta, *literals: ast.BodyLiteral) -> tuple[ast.BodyLiteral, ...]:
        return literals

    # -- literals --------------------------------------------------------------------------
    def atom(self, meta: Meta, name: Token, *args: Any) -> ast.Atom:
        terms = tuple(a for a in args if a is not None)
        return ast.Atom(str(name), terms, self.span(meta))

    def negation(self, meta: Meta, atom: ast.Atom) -> ast.Negation:
        return ast.Negation(atom, self.span(meta))

    def comparison(self, meta: Meta, left: Any, op: Token, right: Any) -> Any:
        if isinstance(right, ast.Aggregate):
            if not (isinstance(left, ast.Var) and op == "=" and not left.anonymous):
                self.error("rule-syntax", "an aggregate must be assigned to a named variable, "
                           f"as in N = {right.func} {{ Y : p(Y) }}", meta)
            result = left if isinstance(left, ast.Var) else ast.Var("_", None)
            return ast.Aggregate(result, right.func, right.vars, right.body, self.span(meta))
        return ast.Comparison(str(op), left, right, self.span(meta))  # type: ignore[arg-type]

    def aggregate(self, meta: Meta, func: Token, variables: tuple[ast.Var, ...],
                  body: tuple[ast.BodyLiteral, ...]) -> ast.Aggregate:
        name = str(func)
        if name not in ast.AGG_FUNCS:
            guess = did_you_mean(name, ast.AGG_FUNCS, cutoff=0.5)
            self.error("rule-syntax", f"unknown aggregate '{name}': the aggregates are "
                       f"{', '.join(ast.AGG_FUNCS)}", func,
                       hint=f"did you mean '{guess}'?" if guess else None)
            name = "count"
        for lit in body:
            if isinstance(lit, ast.Aggregate):
                self.error("rule-syntax", "aggregates cannot be nested", _meta_of(lit))
        return ast.Aggregate(ast.Var("", None), name, variables, body,  # type: ignore[arg-type]
                             self.span(meta))

    def binop(self, meta: Meta, left: ast.Expr, op: Token, right: ast.Expr) -> ast.BinOp:
        return ast.BinOp(str(op), left, right, self.span(meta))  # type: ignore[arg-type]

    def variables(self, meta: Meta, *names: Token) -> tuple[ast.Var, ...]:
        return tuple(ast.Var(str(n), self.span(n)) for n in names)

    # -- terms -----------------------------------------------------------------------------
    def var(self, meta: Meta, token: Token) -> ast.Var:
        return ast.Var(str(token), self.span(meta))

    def symbol(self, meta: Meta, token: Token) -> ast.Const:
        if str(token) in ast.RESERVED:
            self.error("rule-syntax", f"'{token}' is a reserved word, not a constant", meta,
                       hint='write it as a string: "' + str(token) + '"')
            return ast.Const(0, self.span(meta))
        return ast.Const(ast.Symbol(str(token)), self.span(meta))

    def iri(self, meta: Meta, token: Token) -> ast.Const:
        return ast.Const(_iri_value(str(token)[1:-1]), self.span(meta))

    def prefixed_name(self, meta: Meta, token: Token) -> ast.Const:
        prefix, _, local = str(token).partition(":")
        base = self.prefixes.get(prefix)
        if base is None:
            hint = did_you_mean(prefix, self.prefixes)
            self.error("unknown-prefix", f"unknown prefix '{prefix}:'", meta,
                       hint=f"did you mean '{hint}:'?" if hint else
                       f"declare it: @prefix {prefix}: <http://...> .")
            base = ""
        return ast.Const(_iri_value(base + local), self.span(meta))

    def string(self, meta: Meta, token: Token) -> ast.Const:
        return ast.Const(unescape(str(token)[1:-1]), self.span(meta))

    def integer(self, meta: Meta, token: Token) -> ast.Const:
        value = int(token)
        if not ast.INT_MIN <= value <= ast.INT_MAX:
            self.error("rule-syntax", f"integer {value} is outside the 64-bit range", meta)
            value = 0
        return ast.Const(value, self.span(meta))

    def date(self, meta: Meta, token: Token) -> ast.Const:
        try:
            value = datetime.date.fromisoformat(str(token))
        except ValueError:
            self.error("rule-syntax", f"not a valid date: {token}", meta)
            value = datetime.date(1, 1, 1)
        return ast.Const(value, self.span(meta))

    def float(self, meta: Meta, token: Token) -> ast.Const:
        value = float(str(token))
        if not math.isfinite(value):
            self.error("rule-syntax", f"float {token} is too large for a double", meta)
            value = 0.0
        return ast.Const(value, self.span(meta))


def _iri_value(iri: str) -> ast.Iri | ast.Symbol:
    """An IRI constant: entity and concept IRIs are the symbols the store's facts hold."""
    symbol = symbol_of_iri(iri)
    return ast.Symbol(symbol) if symbol is not None else ast.Iri(iri)


def _meta_of(node: Any) -> Meta:
    """A stand-in Meta carrying ``node.span``, for errors found after a node was built."""
    meta = Meta()
    span: Span | None = node.span
    if span is not None:
        meta.line, meta.column = span.line, span.column
        meta.end_line, meta.end_column = span.end_line, span.end_column
        meta.start_pos, meta.end_pos = span.start, span.end
        meta.empty = False
    return meta
