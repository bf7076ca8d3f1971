"""Values and tuples of the sparql engine, in Python and as SPARQL expressions.

The engine keeps every relation it works on in scratch named graphs (``urn:x-reasoner:work:``),
one tuple per node, in a *canonical* encoding that makes SPARQL's term equality the rules'
value equality:

=========  =====================================================
value      RDF term
=========  =====================================================
int        ``"42"^^xsd:integer`` (canonical lexical form)
Symbol     ``<urn:x-reasoner:sym:russia>``
str        ``"text"`` (a simple literal)
Iri        the IRI itself
date       ``"2022-02-04"^^xsd:date``
=========  =====================================================

A tuple ``p(v1, ..., vn)`` is the node ``<urn:x-reasoner:t:SHA1(key)>`` with ``w:a1 v1 ...``
in the graph of ``p``; the key is computed the same way in Python (:func:`tuple_iri`) and in
SPARQL (:func:`tuple_iri_expr`), so a tuple has one node whoever wrote it, and inserting it
twice is a no-op. Arity 0 is the single node ``w:unit``.

The functions ending in ``_expr`` return SPARQL expression text over a variable or term.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from reasoner.rdf.atoms import CONCEPT_NAMES
from reasoner.rdf.namespaces import CONCEPT, ENT, FACT
from reasoner.rules.ast import Iri, Symbol, Value

NS = "urn:x-reasoner:"
SYM = NS + "sym:"
TUPLE = NS + "t:"
UNIT = f"<{NS}unit>"
HOLDS = f"<{NS}holds>"
WORK = NS + "work:"
XSD_DATE = str(XSD.date)
XSD_INTEGER = str(XSD.integer)


def arg_iri(i: int) -> str:
    return f"<{NS}a{i}>"


# -- Python side ---------------------------------------------------------------------------
def term_text(value: Value) -> str:
    """The SPARQL/N-Triples text of a value's canonical term."""
    if isinstance(value, Symbol):
        return f"<{SYM}{value.name}>"
    if isinstance(value, Iri):
        return URIRef(value.value).n3()
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return f'"{value}"^^<{XSD_INTEGER}>'
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^<{XSD_DATE}>'
    return Literal(value).n3()


def _key_part(value: Value) -> str:
    if isinstance(value, Symbol):
        text, tag = SYM + value.name, "<"
    elif isinstance(value, Iri):
        text, tag = value.value, "<"
    elif isinstance(value, int):
        text, tag = str(value), "#"
    elif isinstance(value, dt.date):
        text, tag = value.isoformat(), "@"
    else:
        text, tag = value, '"'
    return f"{len(text)}{tag}{text}"


def tuple_iri(values: Sequence[Value]) -> str:
    """The node of a tuple, as SPARQL text (see tuple_iri_expr for the SPARQL twin)."""
    if not values:
        return UNIT
    key = "".join(_key_part(v) for v in values)
    return f"<{TUPLE}{hashlib.sha1(key.encode('utf-8')).hexdigest()}>"


def tuple_triples(values: Sequence[Value]) -> str:
    """The triples of one tuple (without the graph), as SPARQL text."""
    node = tuple_iri(values)
    if not values:
        return f"{UNIT} {HOLDS} {UNIT} ."
    return f"{node} " + " ; ".join(f"{arg_iri(i)} {term_text(v)}"
                                   for i, v in enumerate(values, 1)) + " ."


def decode(kind: str, text: str, datatype: str | None) -> Value:
    """A canonical term (``kind`` "uri" or "literal") back to its rule value."""
    if kind == "uri":
        return Symbol(text[len(SYM):]) if text.startswith(SYM) else Iri(text)
    if datatype in (XSD_INTEGER, str(XSD.int), str(XSD.long)):
        return int(text)
    if datatype == XSD_DATE:
        return dt.date.fromisoformat(text)
    return text


# -- SPARQL side ---------------------------------------------------------------------------
def tag_expr(x: str) -> str:
    return (f'IF(isIRI({x}), "<", IF(isNumeric({x}), "#", '
            f'IF(DATATYPE({x}) = <{XSD_DATE}>, "@", "\\"")))')


def tuple_iri_expr(terms: Sequence[str]) -> str:
    """SPARQL for the node of a tuple of terms (variables or constants); see tuple_iri."""
    if not terms:
        return UNIT
    parts = ", ".join(f"STR(STRLEN(STR({t}))), {tag_expr(t)}, STR({t})" for t in terms)
    return f'IRI(CONCAT("{TUPLE}", SHA1(CONCAT({parts}))))'


def rank_expr(x: str) -> str:
    """The cross-kind rank of a canonical term: ints 0 < symbols 1 < strings 2 < IRIs 3 < dates 4."""
    return (f'IF(isNumeric({x}), 0, IF(isIRI({x}), IF(STRSTARTS(STR({x}), "{SYM}"), 1, 3), '
            f'IF(DATATYPE({x}) = <{XSD_DATE}>, 4, 2)))')


def key_expr(x: str) -> str:
    """Within one kind, what compares: the number itself, else the lexical form (ISO dates
    and code-point strings order correctly as text)."""
    return f"IF(isNumeric({x}), {x}, STR({x}))"


def compare_expr(op: str, left: str, right: str) -> str:
    """``left op right`` in the rules' value order (reasoner.rules.ast.sort_key)."""
    if op == "=":
        return f"sameTerm({left}, {right})"
    if op == "!=":
        return f"!sameTerm({left}, {right})"
    strict = op in ("<", ">")
    if op in (">", ">="):
        left, right = right, left
    rl, rr = rank_expr(left), rank_expr(right)
    inner = "<" if strict else "<="
    return f"({rl} < {rr} || ({rl} = {rr} && {key_expr(left)} {inner} {key_expr(right)}))"


# -- native RDF <-> canonical (the mapping of reasoner.rdf.atoms) ----------------------------
def canonical_expr(x: str) -> str:
    """A native term (as atoms.to_value reads it) to its canonical term; unbound if rules
    cannot hold it (blank nodes, integers outside 32 bits)."""
    symbol = "^[a-z][A-Za-z0-9_]*$"
    iri = " ".join((
        f'IF(STRSTARTS(STR({x}), "{ENT}") && REGEX(STRAFTER(STR({x}), "{ENT}"), "{symbol}"), '
        f'IRI(CONCAT("{SYM}", STRAFTER(STR({x}), "{ENT}"))),',
        f'IF(STRSTARTS(STR({x}), "{CONCEPT}") && REGEX(STRAFTER(STR({x}), "{CONCEPT}"), '
        f'"{symbol}"), IRI(CONCAT("{SYM}", STRAFTER(STR({x}), "{CONCEPT}"))), {x}))'))
    integer = (f"DATATYPE({x}) IN (<{XSD_INTEGER}>, <{XSD.int}>, <{XSD.long}>)")
    as_int = f"<{XSD_INTEGER}>({x})"
    in_range = f"{as_int} >= -2147483648 && {as_int} <= 2147483647"
    literal = (f"IF(DATATYPE({x}) = <{XSD_DATE}>, STRDT(STR({x}), <{XSD_DATE}>), "
               f"IF({integer}, IF({in_range}, {as_int}, ?_unbound_), STR({x})))")
    return f"IF(isIRI({x}), {iri}, IF(isLiteral({x}), {literal}, ?_unbound_))"


def native_expr(x: str) -> str:
    """A canonical term to the RDF term atoms.to_term writes (symbols to concept: or ent:)."""
    name = f'STRAFTER(STR({x}), "{SYM}")'
    concepts = ", ".join(f'"{c}"' for c in sorted(CONCEPT_NAMES))
    return (f'IF(isIRI({x}) && STRSTARTS(STR({x}), "{SYM}"), '
            f'IRI(CONCAT(IF({name} IN ({concepts}), "{CONCEPT}", "{ENT}"), {name})), {x})')


def slug_expr(x: str) -> str:
    """atoms._slug of a canonical term, in SPARQL."""
    text = f"STR({x})"
    dashed = f'REPLACE(REPLACE(LCASE({text}), "[^a-z0-9]+", "-"), "^-+|-+$", "")'
    tail = f"IF(STRLEN({dashed}) > 40, SUBSTR({dashed}, STRLEN({dashed}) - 39), {dashed})"
    hashed = f'CONCAT({tail}, "-", SUBSTR(SHA1({text}), 1, 8))'
    return (f'IF(isIRI({x}) && STRSTARTS({text}, "{SYM}"), STRAFTER({text}, "{SYM}"), '
            f"IF(isLiteral({x}) && (isNumeric({x}) || DATATYPE({x}) = <{XSD_DATE}>), {text}, {hashed}))")


def fact_node_expr(pred: str, terms: Sequence[str]) -> str:
    """SPARQL for atoms.fact_node(pred, args)."""
    parts = [f'"{FACT}{pred}"'] + [f'"/", {slug_expr(t)}' for t in terms]
    return f"IRI(CONCAT({', '.join(parts)}))"


RDF_TYPE = f"<{RDF.type}>"
