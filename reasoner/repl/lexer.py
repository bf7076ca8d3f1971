"""Pygments lexers for the console: the rule language, and controlled English.

SPARQL uses Pygments' own ``SparqlLexer``. :func:`lexer_for` picks the lexer for an entry by its
kind (see ``classify``), so highlighting follows what the console will do with the text.
"""

from __future__ import annotations

from pygments.lexer import Lexer, RegexLexer
from pygments.lexers.rdf import SparqlLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from reasoner.repl.classify import classify


class RuleLexer(RegexLexer):
    """The rule language of docs/rules.md (also ``:commands``, whose arguments are atoms)."""

    name = "Reasoner rules"
    aliases = ["reasoner-rules", "datalog"]
    filenames = ["*.dl"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"%.*?$", Comment.Single),
            (r"^:[A-Za-z]+", Keyword.Pseudo),
            (r"@prefix\b", Keyword.Namespace),
            (r"[A-Za-z_][\w]*:(?=\s)", Name.Namespace),
            (r"\?-|:-", Operator),
            (r"\b(not|count)\b", Keyword),
            (r"<[^<>\"{}|^`\\\s]*>", Name.Label),
            (r'"([^"\\\n]|\\.)*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}\b", Number.Other),
            (r"-?\d+", Number.Integer),
            (r"[a-z][A-Za-z0-9_]*:[A-Za-z0-9_]([\w.-]*[\w-])?", Name.Label),
            (r"[a-z][A-Za-z0-9_]*(?=\s*\()", Name.Function),
            (r"[A-Z_][A-Za-z0-9_]*", Name.Variable),
            (r"[a-z][A-Za-z0-9_]*", Name.Constant),
            (r"!=|<=|>=|=|<|>", Operator),
            (r"[(),.{}:]", Punctuation),
            (r".", Text),
        ],
    }


class SentenceLexer(RegexLexer):
    """Controlled English, lightly: capitalised names, dates, numbers, quotations."""

    name = "Reasoner controlled English"
    aliases = ["reasoner-cnl"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r'"[^"\n]*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}\b", Number.Other),
            (r"\b(January|February|March|April|May|June|July|August|September|October|"
             r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
             Number.Other),
            (r"\d[\d,.]*(-plus)?", Number),
            (r"\b(if|and|or|not|between|with|of|to|in|on|near|against|that|who)\b", Keyword),
            (r"[A-Z][\w'.-]*", Name.Entity),
            (r"[\w'-]+", Text),
            (r"[.,;:]", Punctuation),
            (r".", Text),
        ],
    }


def lexer_for(text: str) -> type[Lexer]:
    """The Pygments lexer class for a console entry, by its kind."""
    kind = classify(text)
    if kind in ("sparql", "update"):
        found: type[Lexer] = SparqlLexer
    elif kind == "sentence":
        found = SentenceLexer
    else:
        found = RuleLexer
    return found
