"""What a query is, and whether it may run here: parse it, refuse updates and SERVICE calls.

The query is parsed with rdflib's SPARQL parser before it goes to a worker; the worker never
sees text that this module has not accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Iterator

from rdflib import URIRef, Variable

from reasoner.errors import Diagnostic, QueryError, Span
from reasoner.rdf.namespaces import PREFIX_IRIS
from reasoner.serve.errors import RequestRefused
from reasoner.stores.base import query_diagnostic


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What the endpoint learnt from parsing a query before running it."""

    form: str  # select | ask | construct | describe
    services: tuple[str, ...]  # SERVICE endpoints the query calls (all on the allow-list)
    own_dataset: bool = False  # FROM / FROM NAMED in the query: it names its own default graph


_FORMS = MappingProxyType({"SelectQuery": "select", "AskQuery": "ask",
                           "ConstructQuery": "construct", "DescribeQuery": "describe"})
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")

# One regex over the query text, for a cross-check of the parser: IRIs, strings and comments
# are matched as whole tokens first, so a "SERVICE" inside them is never counted as a keyword.
_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][\w\u00b7-\uffff]+)
  | (?P<pname>[\w\u00b7-\uffff.-]*:[\w\u00b7-\uffff.:%\\-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def service_keywords(sparql: str) -> int:
    """How many SERVICE keywords the text holds outside IRIs, strings, comments and names."""
    return sum(1 for m in _TOKEN.finditer(sparql)
               if m.lastgroup == "word" and m.group().upper() == "SERVICE")


def _walk(node: Any, seen: set[int]) -> Iterator[Any]:
    """Every node of an rdflib algebra or parse tree (CompValues are dicts; parts are lists)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "_vars":
                yield from _walk(value, seen)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value, seen)


def service_targets(algebra: Any) -> list[URIRef | Variable]:
    """The endpoint term of every SERVICE pattern anywhere in a translated query."""
    return [node["term"] for node in _walk(algebra, set())
            if getattr(node, "name", None) == "ServiceGraphPattern"]


def _parse(sparql: str) -> Any:
    """The translated rdflib query; updates are refused, syntax errors become QueryErrors."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return translateQuery(parseQuery(sparql), initNs=PREFIX_IRIS)
    except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
        try:
            parseUpdate(sparql)
        except Exception:
            raise QueryError(_syntax_diagnostic(sparql, exc)) from None
        raise RequestRefused(Diagnostic(
            "read-only", "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
            "DROP, CREATE, ...) is refused", hint="change the store with the reasoner command line")) from None


def _syntax_diagnostic(sparql: str, exc: BaseException) -> Diagnostic:
    if isinstance(exc, RecursionError):  # valid SPARQL may be deeper than the parser can go
        return Diagnostic("sparql-too-deep", "the query is nested too deeply (or is too long) for "
                          "the SPARQL parser", hint="flatten nested groups and parentheses, or "
                          "split the query")
    diagnostic = query_diagnostic(sparql, exc)
    unknown = _UNKNOWN_PREFIX.search(str(exc))
    if diagnostic.span is None and unknown:
        # rdflib names the prefix but not where it is: point at its first use ourselves.
        prefix = unknown.group(1)
        found = re.search(rf"(?<![\w:<]){re.escape(prefix)}:", sparql)
        if found:
            span = Span.of(sparql, found.start(), found.end() - 1, "<query>")
            line = sparql.splitlines()[span.line - 1]
            return Diagnostic("sparql-syntax", f"malformed SPARQL query: unknown prefix {prefix!r}",
                              span, source_line=line, hint="declare it with PREFIX")
    return diagnostic


def inspect_query(sparql: str, allow_service: Iterable[str] = ()) -> QueryPlan:
    """Parse a query and check it may run here: its form, and every SERVICE on the allow-list.

    Raises QueryError for a malformed query and RequestRefused for an update, a SERVICE call
    to an endpoint that is not allowed, or a ``file:`` IRI in FROM, FROM NAMED or SERVICE.
    SERVICE is found by walking the parsed algebra; the keyword count of a lexical scan
    cross-checks it, so a disagreement between parsers refuses rather than lets a call through.
    """
    query = _parse(sparql)
    allowed = {str(iri) for iri in allow_service}
    targets = service_targets(query.algebra)
    for target in targets:
        _check_service(target, allowed)
    if service_keywords(sparql) > len(targets):
        raise RequestRefused(Diagnostic(
            "service-not-allowed", "the query mentions SERVICE where the parser found none; "
            "refused to be safe"))
    dataset = dataset_iris(query.algebra)
    check_graph_iris(dataset)
    return QueryPlan(_FORMS.get(query.algebra.name, "select"), tuple(str(t) for t in targets),
                     bool(dataset))


def _check_service(target: URIRef | Variable, allowed: set[str]) -> None:
    if isinstance(target, Variable):
        raise RequestRefused(Diagnostic(
            "service-not-allowed", f"SERVICE ?{target} is refused: the endpoint must be a "
            "fixed IRI on the allow-list"))
    if is_local_iri(str(target)):
        raise RequestRefused(_local_iri("SERVICE", str(target)))
    if str(target) not in allowed:
        hint = ("this endpoint allows no SERVICE calls" if not allowed
                else "allowed: " + ", ".join(sorted(allowed)))
        raise RequestRefused(Diagnostic(
            "service-not-allowed", f"SERVICE <{target}> is refused: federated calls are "
            "limited to an allow-list", hint=hint))


def dataset_iris(algebra: Any) -> list[str]:
    """The graph IRIs of the query's FROM and FROM NAMED clauses."""
    clauses = algebra.get("datasetClause") or []
    # CompValue.get does not answer None for a missing key: test membership instead.
    return [str(c["default"] if "default" in c else c["named"]) for c in clauses]


def is_local_iri(iri: str) -> bool:
    """Whether an IRI names a local file (``file:``), which no query may read."""
    return iri.strip().lower().startswith("file:")


def check_graph_iris(iris: Iterable[str], where: str = "FROM") -> None:
    """Refuse ``file:`` graph names: an evaluator that dereferences graphs would read the file."""
    for iri in iris:
        if is_local_iri(iri):
            raise RequestRefused(_local_iri(where, iri))


def _local_iri(where: str, iri: str) -> Diagnostic:
    return Diagnostic("local-iri", f"{where} <{iri[:200]}> is refused: this endpoint never reads "
                      "local files", hint="name graphs of the store, such as graph:inferred")
