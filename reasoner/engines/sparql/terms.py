"""Values and tuples of the sparql engine, in Python and as SPARQL expressions.

The engine keeps every relation it works on in scratch named graphs (``urn:x-reasoner:work:``),
one tuple per node, in a *canonical* encoding that makes SPARQL's term equality the rules'
value equality:

=========  =====================================================
value      RDF term
=========  =====================================================
int        ``"42"^^xsd:integer`` (canonical lexical form)
float      ``"1.5"^^xsd:double`` (Oxigraph's lexical form, see float_text)
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
from decimal import Decimal
from typing import Callable, Sequence

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
XSD_DOUBLE = str(XSD.double)
UNBOUND = "?_unbound_"  # never bound: an expression using it has no value


def float_text(value: float) -> str:
    """A float as Oxigraph writes a double (``STR``): positional, shortest digits, no
    trailing ``.0`` (2.0 -> "2", 1e20 -> "100000000000000000000"), so tuple keys made in
    Python and in SPARQL agree."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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
    if isinstance(value, float):
        return f'"{float_text(value)}"^^<{XSD_DOUBLE}>'
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
    elif isinstance(value, float):
        text, tag = float_text(value), "~"
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
    if datatype == XSD_DOUBLE:
        return float(text)
    if datatype == XSD_DATE:
        return dt.date.fromisoformat(text)
    return text


# -- SPARQL side ---------------------------------------------------------------------------
def tag_expr(x: str) -> str:
    return (f'IF(isIRI({x}), "<", IF(isNumeric({x}), IF(DATATYPE({x}) = <{XSD_DOUBLE}>, "~", "#"), '
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
    cannot hold it (blank nodes, integers outside 64 bits, doubles that are not finite)."""
    symbol = "^[a-z][A-Za-z0-9_]*$"
    iri = " ".join((
        f'IF(STRSTARTS(STR({x}), "{ENT}") && REGEX(STRAFTER(STR({x}), "{ENT}"), "{symbol}"), '
        f'IRI(CONCAT("{SYM}", STRAFTER(STR({x}), "{ENT}"))),',
        f'IF(STRSTARTS(STR({x}), "{CONCEPT}") && REGEX(STRAFTER(STR({x}), "{CONCEPT}"), '
        f'"{symbol}"), IRI(CONCAT("{SYM}", STRAFTER(STR({x}), "{CONCEPT}"))), {x}))'))
    integer = (f"DATATYPE({x}) IN (<{XSD_INTEGER}>, <{XSD.int}>, <{XSD.long}>)")
    as_int = f"<{XSD_INTEGER}>({x})"
    in_range = f"{as_int} >= -9223372036854775808 && {as_int} <= 9223372036854775807"
    double = f"DATATYPE({x}) IN (<{XSD_DOUBLE}>, <{XSD.float}>)"
    as_double = f"<{XSD_DOUBLE}>({x})"
    finite = f"ABS({as_double}) <= 1.7976931348623157e308"
    literal = (f"IF(DATATYPE({x}) = <{XSD_DATE}>, STRDT(STR({x}), <{XSD_DATE}>), "
               f"IF({integer}, IF({in_range}, {as_int}, ?_unbound_), "
               f"IF({double}, IF({finite}, {as_double}, ?_unbound_), STR({x}))))")
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


# -- arithmetic (the semantics of reasoner.rules.arith, in SPARQL) --------------------------
def _is_int(x: str) -> str:
    return f"(isLiteral({x}) && DATATYPE({x}) = <{XSD_INTEGER}>)"


def _is_number(x: str) -> str:
    return f"(isLiteral({x}) && isNumeric({x}))"


def _is_date(x: str) -> str:
    return f"(isLiteral({x}) && DATATYPE({x}) = <{XSD_DATE}>)"


def _double(x: str) -> str:
    return f"<{XSD_DOUBLE}>({x})"


def _floor(x: str) -> str:
    return f"<{XSD_INTEGER}>(FLOOR({x}))"


def _ordinal(d: str) -> str:
    """A date's day number counted from 0000-03-01 (H. Hinnant's days_from_civil): Oxigraph
    does not add a duration to a date bound at run time, so dates shift by arithmetic."""
    y, m = f"(YEAR({d}) - IF(MONTH({d}) <= 2, 1, 0))", f"MONTH({d})"
    era = _floor(f"{y} / 400")
    yoe = f"({y} - {era} * 400)"
    doy = f"({_floor(f'(153 * ({m} + IF({m} > 2, -3, 9)) + 2) / 5')} + DAY({d}) - 1)"
    doe = f"({yoe} * 365 + {_floor(f'{yoe} / 4')} - {_floor(f'{yoe} / 100')} + {doy})"
    return f"({era} * 146097 + {doe})"


def _pad(x: str, width: int) -> str:
    return f'SUBSTR(CONCAT("0000", STR({x})), STRLEN(STR({x})) + {5 - width})'


def shift_binds(day: str, days: str, fresh: Callable[[str], str]) -> tuple[list[str], str]:
    """BINDs computing ``day`` plus ``days`` (a date and an integer, else unbound), and the
    variable holding it (civil_from_days, step by step)."""
    z, era, doe, yoe, doy, mp, dd, mm, yy, out = (fresh(n) for n in (
        "z", "era", "doe", "yoe", "doy", "mp", "dd", "mm", "yy", "day"))
    steps = [
        (f"IF({_is_date(day)} && {_is_int(days)}, {_ordinal(day)} + {days}, {UNBOUND})", z),
        (_floor(f"{z} / 146097"), era),
        (f"{z} - {era} * 146097", doe),
        (_floor(f"({doe} - {_floor(f'{doe} / 1460')} + {_floor(f'{doe} / 36524')} - "
                f"{_floor(f'{doe} / 146096')}) / 365"), yoe),
        (f"{doe} - (365 * {yoe} + {_floor(f'{yoe} / 4')} - {_floor(f'{yoe} / 100')})", doy),
        (_floor(f"(5 * {doy} + 2) / 153"), mp),
        (f"{doy} - {_floor(f'(153 * {mp} + 2) / 5')} + 1", dd),
        (f"IF({mp} < 10, {mp} + 3, {mp} - 9)", mm),
        (f"{yoe} + {era} * 400 + IF({mm} <= 2, 1, 0)", yy),
        (f'IF({yy} >= 1 && {yy} <= 9999, STRDT(CONCAT({_pad(yy, 4)}, "-", {_pad(mm, 2)}, '
         f'"-", {_pad(dd, 2)}), <{XSD_DATE}>), {UNBOUND})', out),
    ]
    return [f"BIND({e} AS {v})" for e, v in steps], out


def _days(later: str, earlier: str) -> str:
    """The days from one date to another: their difference is a duration such as -P28D."""
    gap = f"STR({later} - {earlier})"
    count = f'<{XSD_INTEGER}>(STRBEFORE(STRAFTER({gap}, "P"), "D"))'
    return f'IF(sameTerm({later}, {earlier}), 0, IF(STRSTARTS({gap}, "-"), -1, 1) * {count})'


def _trunc(x: str) -> str:
    return f"IF({x} < 0, CEIL({x}), FLOOR({x}))"


def arith_expr(op: str, a: str, b: str, shifted: Sequence[str] = ()) -> str:
    """``a op b`` over two terms; unbound wherever reasoner.rules.arith is undefined (an
    integer overflow is an error in SPARQL, so unbound too). result_ok_expr filters the
    rest (non-finite doubles, dates outside years 1-9999). ``shifted``: for ``+`` the
    variables of shift_binds(a, b) and shift_binds(b, a), for ``-`` of shift_binds(a, -b)."""
    ints, numbers = f"{_is_int(a)} && {_is_int(b)}", f"{_is_number(a)} && {_is_number(b)}"
    da, db = _double(a), _double(b)
    if op in ("+", "-", "*"):
        integer, real = f"({a} {op} {b})", f"({da} {op} {db})"
    elif op == "/":
        integer = f"IF({b} = 0, {UNBOUND}, <{XSD_INTEGER}>({a} / {b}))"
        real = f"IF({db} = 0, {UNBOUND}, {da} / {db})"
    else:  # mod: the sign of the dividend, as C's % and fmod
        integer = f"IF({b} = 0, {UNBOUND}, {a} - {b} * <{XSD_INTEGER}>({a} / {b}))"
        real = f"IF({db} = 0, {UNBOUND}, {da} - {db} * {_trunc(f'({da} / {db})')})"
    other = UNBOUND
    if op == "+":
        other = f"COALESCE({shifted[0]}, {shifted[1]}, {UNBOUND})"
    elif op == "-":
        other = (f"IF({_is_date(a)} && {_is_date(b)}, {_days(a, b)}, "
                 f"COALESCE({shifted[0]}, {UNBOUND}))")
    return f"IF({ints}, {integer}, IF({numbers}, {real}, {other}))"


def result_ok_expr(x: str) -> str:
    """Whether a computed term is a rule value: bound, a finite double, a date in 1-9999."""
    return (f"BOUND({x}) && IF(DATATYPE({x}) = <{XSD_DOUBLE}>, "
            f"ABS({x}) <= 1.7976931348623157e308, IF(DATATYPE({x}) = <{XSD_DATE}>, "
            f"YEAR({x}) >= 1 && YEAR({x}) <= 9999, true))")
