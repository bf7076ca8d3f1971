"""Rule text -> Program: the LALR parser from grammar/rules.lark and its error messages."""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from lark import Lark, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from reasoner.errors import Diagnostic, QueryError, RuleSyntaxError, Span
from reasoner.resources import grammar_path
from reasoner.rules import ast
from reasoner.rules.transform import ToAst

# User-facing names of the grammar's named terminals.
TERMINAL_NAMES = {
    "NAME": "a name", "VARIABLE": "a variable", "PNAME_NS": "a prefix such as 'ex:'",
    "PNAME_LN": "a prefixed name", "IRIREF": "an IRI <...>", "STRING": "a string",
    "DATE": "a date", "FLOAT": "a number", "INT": "an integer", "CMP_OP": "a comparison",
    "$END": "end of input",
}

# Curated messages for the commonest mistakes, matched by parser state (lark match_examples).
CURATED: dict[str, list[str]] = {
    "missing '.' at the end of the previous rule or fact": [
        "p(X) :- q(X)\nr(X) :- q(X).", "p(a)\nq(b).", "p(a) q(b).", "p(X) :- q(X) r(X).",
        "p(X) :- q(X), r(X)\ns(a).", "p(X) :- q(X), not r(X)\ns(a).",
    ],
    "predicate names start with a lower-case letter (variables are capitalised)": [
        "P(X) :- q(X).", "p(X) :- Q(X).", "p(X) :- q(X), R(X).", "?- P(X).",
    ],
    "a rule's body comes after ':-'": ["p(X) <- q(X).", "p(X) = q(X)."],
}


@lru_cache(maxsize=1)
def rule_parser() -> Lark:
    """The rule-language parser, built once per process."""
    return Lark(grammar_path("rules.lark").read_text(encoding="utf-8"), parser="lalr",
                propagate_positions=True, maybe_placeholders=False,
                start=["start", "query_text"])


def parse_text(text: str, *, source: str = "<input>",
               prefixes: Mapping[str, str] | None = None) -> ast.Program:
    """Parse rule text into a Program. Raises RuleSyntaxError with every problem found."""
    try:
        tree = rule_parser().parse(text, start="start")
    except UnexpectedInput as exc:
        raise RuleSyntaxError(syntax_diagnostic(text, exc, source)) from None
    builder = ToAst(text, source, dict(prefixes or {}))
    statements = builder.transform(tree)
    if builder.errors:
        raise RuleSyntaxError(*builder.errors)
    return ast.Program(
        rules=tuple(s for s in statements if isinstance(s, ast.Rule)),
        queries=tuple(s for s in statements if isinstance(s, ast.Query)),
        prefixes=tuple(builder.declared),
        texts=((source, text),),
        decls=tuple(s for s in statements if isinstance(s, ast.Decl)),
        io=tuple(s for s in statements if isinstance(s, ast.Io)),
    )


def parse_query_text(text: str, *, source: str = "<query>",
                     prefixes: Mapping[str, str] | None = None) -> ast.Query:
    """Parse a query such as ``aligned(X, Y)`` or ``?- aligned(X, Y).``. Raises QueryError."""
    try:
        tree = rule_parser().parse(text, start="query_text")
    except UnexpectedInput as exc:
        raise QueryError(syntax_diagnostic(text, exc, source)) from None
    builder = ToAst(text, source, dict(prefixes or {}))
    query = builder.transform(tree)
    if builder.errors:
        raise QueryError(*builder.errors)
    assert isinstance(query, ast.Query)
    return query


def syntax_diagnostic(text: str, exc: UnexpectedInput, source: str) -> Diagnostic:
    """A lark error as a Diagnostic: where, what was found, what was expected, a curated hint."""
    pos = len(text) if isinstance(exc, UnexpectedEOF) else (exc.pos_in_stream or 0)
    width = 1
    found = "end of input"
    if isinstance(exc, UnexpectedToken):
        at_end = exc.token.type == "$END"
        found = "end of input" if at_end else f"'{exc.token}'"
        pos = len(text) if at_end else pos
        width = max(1, len(str(exc.token)))
        expected = exc.accepts or exc.expected
    elif isinstance(exc, UnexpectedCharacters):
        found = f"character '{text[pos]}'" if pos < len(text) else found
        expected = exc.allowed or set()
    else:
        expected = getattr(exc, "expected", set()) or set()
    span = Span.of(text, pos, min(len(text), pos + width), source)
    line = text.splitlines()[span.line - 1] if text.strip() and span.line <= len(
        text.splitlines()) else ""
    hint = _negation_slip(text, pos) or curated_hint(exc, text)
    return Diagnostic("rule-syntax", f"unexpected {found}", span, hint=hint,
                      expected=user_names(expected), source_line=line)


def _negation_slip(text: str, pos: int) -> str | None:
    """Prolog's ``\\+`` and C's ``!`` where the rule language writes ``not``."""
    for slip in ("\\+", "!"):
        if text.startswith(slip, pos) and not text.startswith("!=", pos):
            return f"negation is written 'not', as in 'not p(X)': '{slip}' is not part of the language"
    return None


def user_names(terminals: set[str] | frozenset[str]) -> tuple[str, ...]:
    parser = rule_parser()
    names = set()
    for name in terminals:
        if name in TERMINAL_NAMES:
            names.add(TERMINAL_NAMES[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            names.add(name)
            continue
        names.add(f"'{pattern.value}'" if isinstance(pattern, PatternStr) else name)
    return tuple(sorted(names))


def curated_hint(exc: UnexpectedInput, text: str) -> str | None:
    try:
        label = exc.match_examples(lambda t: rule_parser().parse(t, start="start"), CURATED,
                                   use_accepts=True)
    except Exception:  # a curated example that stops parsing elsewhere must not mask the error
        return None
    return label if isinstance(label, str) else None
