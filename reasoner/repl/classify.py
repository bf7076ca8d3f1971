"""What kind of input a console entry is, and whether it is complete yet (pure functions).

Kinds, decided on the text's first characters:

* ``command``  ``:help``, ``:explain ATOM``, ... (a leading ``:`` and a letter); one line.
* ``query``    ``?- body.``
* ``sparql``   a SPARQL query form: ``SELECT ?x``, ``ASK {``, ``CONSTRUCT {``, ``DESCRIBE <x>``,
               or a prologue (``PREFIX p: <...>``, ``BASE <...>``); any letter case.
* ``update``   a SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...): refused.
* ``rules``    a fact or rule: ``p(a).``, ``head :- body.``, ``@prefix``, a ``%`` comment, a
               lower-case name followed by ``(``, ``.``, ``,`` or ``:-``, or any text with ``:-``.
* ``sentence`` everything else: controlled English (``Hungary offered to mediate ...``).
* ``empty``    nothing but white space (and ``#`` comment lines).

Leading ``#`` comment lines (allowed in SPARQL and in documents) are skipped before deciding.

Completeness (when Enter submits instead of starting a new line):

* a blank last line always submits what is there (the escape hatch for a forgotten ``.``);
* a ``#`` comment line alone waits for what follows;
* commands and empty input submit at once;
* SPARQL submits once its braces are balanced and the text ends with ``}``; a query that goes
  on after its last ``}`` (``LIMIT 10``) submits on a blank line;
* rules, queries and sentences submit once the text (without a trailing ``%`` comment for
  rules) ends with ``.``.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["empty", "command", "query", "sparql", "update", "rules", "sentence"]

_COMMAND = re.compile(r":[A-Za-z]")
_SPARQL = re.compile(
    r"""(PREFIX\s+[A-Za-z_]?[\w.-]*:
        |BASE\s*<
        |SELECT(\s+(DISTINCT|REDUCED))?\s*([?$*(]|$)
        |ASK\s*(\{|WHERE\b|FROM\b|$)
        |CONSTRUCT\s*(\{|WHERE\b|FROM\b|$)
        |DESCRIBE\s*([?$<*]|[A-Za-z_][\w-]*:|$))""",
    re.IGNORECASE | re.VERBOSE)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"
                     r"\s*(\{|DATA\b|WHERE\b|GRAPH\b|SILENT\b|<|$)", re.IGNORECASE)
_RULE_START = re.compile(r"(@prefix\b|%|[a-z][A-Za-z0-9_]*\s*(\(|\.|,|:-|$)|[A-Za-z_]\w*\()")
_LEADING_COMMENTS = re.compile(r"\A(\s*#[^\n]*(\n|\Z))+")
_TRAILING_COMMENT = re.compile(r"%[^\n\"]*$")


def classify(text: str) -> Kind:
    """The kind of a console entry (see the module docstring)."""
    stripped = _LEADING_COMMENTS.sub("", text).strip()
    if not stripped:
        return "empty"
    if _COMMAND.match(stripped):
        return "command"
    if stripped.startswith("?-"):
        return "query"
    if _SPARQL.match(stripped):
        return "sparql"
    if _UPDATE.match(stripped):
        return "update"
    if _RULE_START.match(stripped) or ":-" in _without_strings(stripped):
        return "rules"
    return "sentence"


def is_complete(text: str) -> bool:
    """Whether Enter at the end of ``text`` should submit it (see the module docstring)."""
    if text.endswith("\n") or "\n" in text and not text.rsplit("\n", 1)[1].strip():
        return True  # a blank last line submits whatever is there
    kind = classify(text)
    if kind == "empty":
        return not text.strip()  # a comment line alone waits for what it comments
    if kind == "command":
        return True
    stripped = text.rstrip()
    if kind in ("sparql", "update"):
        return stripped.endswith("}") and braces_balanced(stripped)
    if kind == "rules":
        stripped = _TRAILING_COMMENT.sub("", stripped).rstrip()
    return stripped.endswith(".")


def braces_balanced(text: str) -> bool:
    """Whether every ``{`` is closed (ignoring strings and ``#`` comments), with at least one."""
    depth, seen = 0, False
    for char in _without_strings(_without_sparql_comments(text)):
        if char == "{":
            depth, seen = depth + 1, True
        elif char == "}":
            depth -= 1
    return seen and depth <= 0


def split_command(text: str) -> tuple[str, str]:
    """``":explain p(a)"`` -> ``("explain", "p(a)")``."""
    head, _, rest = text.strip()[1:].partition(" ")
    return head.strip().lower(), rest.strip()


def _without_strings(text: str) -> str:
    return re.sub(r'"([^"\\\n]|\\.)*"|\'([^\'\\\n]|\\.)*\'', '""', text)


def _without_sparql_comments(text: str) -> str:
    return re.sub(r"#[^\n]*", "", re.sub(r"<[^<>\s]*>", "<>", text))
