"""RDF triples <-> ground atoms: how rules read and write the graph.

Reading (the EDB):
  - ``X voc:p Y``            -> ``p(X, Y)``   (vocabulary properties are already snake case)
  - ``X rdf:type voc:State`` -> ``state(X)``  (classes: CamelCase -> snake case)
  - ``X rdfs:label "L"``     -> ``label(X, "L")``
Terms: ``ent:russia`` and ``concept:meeting`` become the symbols ``russia`` and ``meeting``;
other IRIs stay IRIs; ``xsd:date`` literals become dates, integers (32-bit) integers, other
literals strings.

Writing (the IDB, into the ``inferred`` graph): ``p(X)`` -> ``X rdf:type voc:P``; ``p(X, Y)`` ->
``X voc:p Y``; facts of arity 0 or 3+, or with a literal first argument, become a node
``fact:p/a/b/c`` of type ``voc:P`` with ``voc:arg1 .. voc:argN``, so every derived fact is
visible to SPARQL and in Turtle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence, overload

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from reasoner.rdf.mapping import MODALITIES
from reasoner.cnl.statements import EVENT_TYPES
from reasoner.rdf.namespaces import CONCEPT, ENT, FACT, VOC
from reasoner.rules.ast import INT_MAX, INT_MIN, SYMBOL_NAME, Iri, Symbol, Value

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Facts = dict[str, set[tuple[Value, ...]]]

# Bookkeeping properties that never matter to rules; leaving them out keeps the EDB small.
SKIPPED_PROPERTIES = {"content_hash", "char_start", "char_end", "line"}
CONCEPT_NAMES = frozenset(EVENT_TYPES) | frozenset(MODALITIES)
_XSD_STRING = str(XSD.string)


def snake(name: str) -> str:
    """``MediationOffer`` -> ``mediation_offer``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def camel(name: str) -> str:
    """``mediation_offer`` -> ``MediationOffer``."""
    return "".join(part.capitalize() for part in name.split("_"))


def to_value(term: URIRef | Literal) -> Value | None:
    """The rule value of an RDF term, or None if rules cannot hold it."""
    if isinstance(term, URIRef):
        text = str(term)
        for namespace in (ENT, CONCEPT):
            if text.startswith(namespace) and SYMBOL_NAME.match(text[len(namespace):]):
                return Symbol(text[len(namespace):])
        return Iri(text)
    if isinstance(term, Literal):
        if term.datatype == XSD.date:
            value = term.toPython()
            return value if isinstance(value, dt.date) else str(term)
        if term.datatype in (XSD.integer, XSD.int, XSD.long):
            number = int(term)
            return number if INT_MIN <= number <= INT_MAX else None
        if term.datatype in (XSD.double, XSD.float):
            try:
                real = float(term)
            except ValueError:  # an ill-typed literal ("abc"^^xsd:double) stays its text
                return str(term)
            return real if math.isfinite(real) else None
        return str(term)
    return None


def to_term(value: Value) -> URIRef | Literal:
    """The RDF term of a rule value (symbols go to ``concept:`` or ``ent:``)."""
    if isinstance(value, Symbol):
        return CONCEPT[value.name] if value.name in CONCEPT_NAMES else ENT[value.name]
    if isinstance(value, Iri):
        return URIRef(value.value)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(value)


def atom_of(triple: Triple) -> tuple[str, tuple[Value, ...]] | None:
    """The ground atom a triple stands for, or None if rules do not see it."""
    s, p, o = triple
    if p == RDF.type:
        if isinstance(o, URIRef) and str(o).startswith(VOC):
            subject = to_value(s)
            return (snake(str(o)[len(VOC):]), (subject,)) if subject is not None else None
        return None
    if p == RDFS.label:
        name = "label"
    elif str(p).startswith(VOC) and str(p)[len(VOC):] not in SKIPPED_PROPERTIES:
        name = str(p)[len(VOC):]
    else:
        return None
    subject, obj = to_value(s), to_value(o)
    if subject is None or obj is None or not SYMBOL_NAME.match(name):
        return None
    return name, (subject, obj)


def facts_from_triples(triples: Iterable[Triple]) -> Facts:
    facts: Facts = {}
    for triple in triples:
        found = atom_of(triple)
        if found is not None:
            facts.setdefault(found[0], set()).add(found[1])
    return facts


RawTriple = tuple["str | None", str, str, str, "str | None"]
_TYPE, _LABEL, _VOC = str(RDF.type), str(RDFS.label), str(VOC)


class RawReader:
    """Turns raw string triples into facts, the same way as :func:`atom_of`, but with caches
    keyed by strings: predicates and entities repeat, so most terms are converted once."""

    def __init__(self) -> None:
        self.facts: Facts = {}
        self._iris: dict[str, Value | None] = {}
        self._predicates: dict[str, str | None] = {}
        self._classes: dict[str, str | None] = {}

    def iri(self, text: str) -> Value | None:
        if text not in self._iris:
            self._iris[text] = to_value(URIRef(text))
        return self._iris[text]

    def literal(self, text: str, datatype: str | None) -> Value | None:
        if datatype is None or datatype == _XSD_STRING:
            return text
        return to_value(Literal(text, datatype=URIRef(datatype)))

    def predicate(self, text: str) -> str | None:
        if text not in self._predicates:
            name = "label" if text == _LABEL else text[len(_VOC):] if text.startswith(_VOC) else None
            ok = name is not None and name not in SKIPPED_PROPERTIES and SYMBOL_NAME.match(name)
            self._predicates[text] = name if ok else None
        return self._predicates[text]

    def property_iris(self, names: Iterable[str]) -> list[str]:
        """The property IRIs :meth:`predicate` maps to these names (its inverse)."""
        candidates = (iri for name in sorted(names) for iri in (_LABEL, _VOC + name))
        return [iri for iri in dict.fromkeys(candidates) if self.predicate(iri) in names]

    def klass(self, text: str) -> str | None:
        if text not in self._classes:
            self._classes[text] = snake(text[len(_VOC):]) if text.startswith(_VOC) else None
        return self._classes[text]

    def add(self, row: RawTriple) -> None:
        subject_iri, predicate, obj, kind, datatype = row
        if subject_iri is None or kind == "blank":
            return
        subject = self.iri(subject_iri)
        if subject is None:
            return
        if predicate == _TYPE:
            name = self.klass(obj) if kind == "iri" else None
            if name is not None:
                self.facts.setdefault(name, set()).add((subject,))
            return
        name = self.predicate(predicate)
        value = None if name is None else self.iri(obj) if kind == "iri" else self.literal(obj, datatype)
        if value is not None:
            self.facts.setdefault(name, set()).add((subject, value))  # type: ignore[arg-type]


def facts_from_raw(rows: Iterable[RawTriple]) -> Facts:
    reader = RawReader()
    for row in rows:
        reader.add(row)
    return reader.facts


# -- terms as N-Triples text -----------------------------------------------------------------
# Bulk reads (SPARQL TSV results) and writes (N-Triples for the bulk loader) skip rdflib terms:
# a term travels as its N-Triples text and is converted once per distinct text or value.

_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})


def unescape(text: str) -> str:
    """The string an N-Triples (or SPARQL TSV) string body stands for."""
    return _UNESCAPE.sub(_unescape_one, text) if "\\" in text else text


def _unescape_one(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    if match.group(3) not in _ECHARS:
        raise ValueError(f"bad escape \\{match.group(3)} in an RDF string")
    return _ECHARS[match.group(3)]


def _bare_datatype(text: str) -> str:
    """SPARQL TSV writes canonical booleans and numbers without quotes or datatype."""
    if text in ("true", "false"):
        return str(XSD.boolean)
    if "e" in text or "E" in text:
        return str(XSD.double)
    return str(XSD.decimal) if "." in text else str(XSD.integer)


class TextReader(RawReader):
    """Turns terms written as N-Triples text (as in SPARQL TSV results) into facts, the same way
    as :class:`RawReader` turns raw rows, each distinct text converted once."""

    def __init__(self) -> None:
        super().__init__()
        self._terms: dict[str, Value | None] = {}

    def term(self, text: str) -> Value | None:
        """The rule value of ``<iri>``, ``"lexical"``, ``"lexical"@lang``, ``"lexical"^^<dt>``
        or a bare number or boolean; None for a blank node ``_:b`` or what rules cannot hold."""
        try:
            return self._terms[text]
        except KeyError:
            value = self._terms[text] = self._convert(text)
            return value

    def _convert(self, text: str) -> Value | None:
        if text.startswith("<"):
            return self.iri(text[1:-1])
        if text.startswith("_:"):
            return None
        if not text.startswith('"'):
            return self.literal(text, _bare_datatype(text))
        end = text.rindex('"')
        lexical, suffix = unescape(text[1:end]), text[end + 1:]
        # A language-tagged string is its text, as RawReader makes of rdf:langString.
        return self.literal(lexical, suffix[3:-1] if suffix.startswith("^^") else None)

    def add_pairs(self, name: str, rows: Iterable[Sequence[str]]) -> None:
        """``name(subject, object)`` for each (subject, object) text pair rules can hold."""
        found = self.facts.setdefault(name, set())
        term = self.term
        for subject_text, object_text in rows:
            subject, obj = term(subject_text), term(object_text)
            if subject is not None and obj is not None:
                found.add((subject, obj))
        if not found:
            del self.facts[name]

    def add_members(self, name: str, subjects: Iterable[str]) -> None:
        """``name(subject)`` for each subject text rules can hold (the members of a class)."""
        found = self.facts.setdefault(name, set())
        for subject_text in subjects:
            subject = self.term(subject_text)
            if subject is not None:
                found.add((subject,))
        if not found:
            del self.facts[name]


# Predicates the RDF model can supply (docs/rdf.md), so a rule over, say, `condition/2` is not
# "unknown" merely because today's store has no conditional event.
SCHEMA: dict[str, int] = {
    **{name: 2 for name in (
        "event_type", "actor", "target", "date", "place", "condition", "modality", "attributed_to",
        "quantity", "quantity_unit", "quantity_qualifier", "topic", "cameo", "document",
        "sentence_number", "from_sentence", "member_of", "capital_of", "leader_of", "stands_for", "located_in",
        "country", "title", "demonym", "label")},
    **{name: 1 for name in (
        "state", "organisation", "person", "location", "group", "unknown", "event", "sentence")},
}


def signature(facts: Mapping[str, set[tuple[Value, ...]]]) -> dict[str, int]:
    """Predicate -> arity of everything rules can read: the schema plus what the facts hold."""
    found = {name: len(next(iter(rows))) for name, rows in facts.items() if rows}
    return {**SCHEMA, **found}


def _slug(value: Value) -> str:
    if isinstance(value, Symbol):
        return value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = value.value if isinstance(value, Iri) else value
    short = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[-40:]
    return f"{short}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def fact_node(pred: str, args: tuple[Value, ...], slug: Callable[[Value], str] | None = None) -> URIRef:
    """The node of an n-ary fact, named by its arguments' slugs (``slug``: a cached _slug)."""
    return FACT["/".join((pred, *map(slug or _slug, args)))]


def is_plain(args: tuple[Value, ...]) -> bool:
    """Whether a fact is one triple about its first argument (else a ``fact:`` node)."""
    return len(args) in (1, 2) and isinstance(args[0], (Symbol, Iri))


def triples_of(pred: str, args: tuple[Value, ...]) -> list[Triple]:
    """The triples that represent one derived fact."""
    if is_plain(args) and len(args) == 1:
        return [(to_term(args[0]), RDF.type, VOC[camel(pred)])]  # type: ignore[list-item]
    if is_plain(args):
        return [(to_term(args[0]), VOC[pred], to_term(args[1]))]  # type: ignore[list-item]
    node = fact_node(pred, args)
    out: list[Triple] = [(node, RDF.type, VOC[camel(pred)])]
    out.extend((node, VOC[f"arg{i}"], to_term(a)) for i, a in enumerate(args, start=1))
    return out


@dataclass(frozen=True)
class Derived:
    """The facts a program derived beyond the EDB, per predicate."""

    facts: dict[str, frozenset[tuple[Value, ...]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.facts.values())

    def triples(self) -> DerivedTriples:
        return DerivedTriples(self.facts)

    def only(self, predicates: Collection[str] | None) -> Derived:
        """These predicates' facts (all of them for None)."""
        if predicates is None:
            return self
        return Derived({p: rows for p, rows in self.facts.items() if p in predicates})


class DerivedTriples(Sequence[Triple]):
    """The triples of derived facts, made when asked for: as rdflib triples in a stable order
    (iterating or indexing), or as N-Triples text (:meth:`ntriples`), which a bulk loader reads
    several times faster than it takes rdflib terms, and without holding them all in memory."""

    def __init__(self, facts: Mapping[str, frozenset[tuple[Value, ...]]]) -> None:
        self.facts = facts
        self._count = sum(1 if is_plain(args) else 1 + len(args)
                          for rows in facts.values() for args in rows)
        self._list: list[Triple] | None = None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Triple]:
        for pred in sorted(self.facts):
            for args in sorted(self.facts[pred], key=lambda row: tuple(map(_order, row))):
                yield from triples_of(pred, args)

    @overload
    def __getitem__(self, index: int) -> Triple: ...
    @overload
    def __getitem__(self, index: slice) -> list[Triple]: ...
    def __getitem__(self, index: int | slice) -> Triple | list[Triple]:
        if self._list is None:
            self._list = list(self)
        return self._list[index]

    def ntriples(self, chunk: int = 200_000) -> Iterator[bytes]:
        """The triples as UTF-8 N-Triples, about ``chunk`` facts per piece (unordered)."""
        writer = NTriplesWriter()
        lines: list[str] = []
        for pred, rows in self.facts.items():
            for args in rows:
                lines.append(writer.fact(pred, args))
                if len(lines) >= chunk:
                    yield "".join(lines).encode()
                    lines = []
        if lines:
            yield "".join(lines).encode()


class NTriplesWriter:
    """Derived facts as N-Triples lines, exactly the terms :func:`triples_of` makes, with each
    distinct value and predicate rendered once (values are keyed as themselves: a rule value is
    never a bool or a float, so 1 cannot meet True or 1.0)."""

    def __init__(self) -> None:
        self._terms: dict[Value, str] = {}
        self._slugs: dict[Value, str] = {}
        self._predicates: dict[tuple[str, int], str] = {}

    def term(self, value: Value) -> str:
        found = self._terms.get(value)
        if found is None:
            found = self._terms[value] = _ntriples_value(value)
        return found

    def predicate(self, pred: str, arity: int) -> str:
        """The N-Triples property of a plain fact: rdf:type for classes, else voc:pred."""
        key = (pred, arity)
        if key not in self._predicates:
            self._predicates[key] = f" <{RDF.type}> <{VOC[camel(pred)]}> .\n" if arity == 1 \
                else f" <{VOC[pred]}> "
        return self._predicates[key]

    def fact(self, pred: str, args: tuple[Value, ...]) -> str:
        """The lines of one derived fact."""
        if is_plain(args):
            if len(args) == 1:
                return self.term(args[0]) + self.predicate(pred, 1)
            return self.term(args[0]) + self.predicate(pred, 2) + self.term(args[1]) + " .\n"
        node = f"<{fact_node(pred, args, self.slug)}>"
        lines = [node + self.predicate(pred, 1)]
        lines.extend(f"{node} <{VOC}arg{i}> {self.term(a)} .\n" for i, a in enumerate(args, start=1))
        return "".join(lines)

    def slug(self, value: Value) -> str:
        """_slug, remembered: a fact node's name is made of its arguments' slugs."""
        found = self._slugs.get(value)
        if found is None:
            found = self._slugs[value] = _slug(value)
        return found


def _ntriples_value(value: Value) -> str:
    """_ntriples_term(to_term(value)), with no rdflib term for an IRI or a symbol."""
    if isinstance(value, Iri):
        return f"<{value.value}>"
    if isinstance(value, Symbol):
        return f"<{CONCEPT if value.name in CONCEPT_NAMES else ENT}{value.name}>"
    return _ntriples_term(to_term(value))


def _ntriples_term(term: URIRef | Literal) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    body = '"' + str(term).translate(_ESCAPE) + '"'
    if term.language:
        return f"{body}@{term.language}"
    return f"{body}^^<{term.datatype}>" if term.datatype and str(term.datatype) != _XSD_STRING \
        else body


def _order(value: Value) -> tuple[int, str]:
    return (0, str(value)) if not isinstance(value, int) else (1, f"{value:012d}")


def ntriples_line(triple: Triple) -> str:
    """One triple as an N-Triples line (with its newline): no rdflib serializer, no prefixes.
    A blank node (from an RDF file) is written by its rdflib id."""
    return " ".join(f"_:{t}" if isinstance(t, BNode) else _ntriples_term(t) for t in triple) + " .\n"
