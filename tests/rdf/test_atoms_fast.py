"""The text paths of atoms (N-Triples terms -> rule values, derived facts -> N-Triples) give
exactly what the rdflib paths give."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from reasoner.rdf import atoms
from reasoner.rdf.namespaces import ENT
from reasoner.rules.ast import Iri, Symbol

S = URIRef("http://example.org/s")
P = ENT["p"]  # any IRI: the reader is tested through its term conversion
LITERALS = [
    Literal('say "no"'), Literal("back\\slash"), Literal("line\nbreak\r\ttab"),
    Literal("Ünïcödé ☃ 😀"), Literal("bonjour", lang="fr"), Literal("2022-02-04", datatype=XSD.date),
    Literal("2022-02-30", datatype=XSD.date), Literal("42", datatype=XSD.integer),
    Literal("-7", datatype=XSD.integer), Literal(str(2**40), datatype=XSD.integer),
    Literal("1.5", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean),
    Literal("x", datatype=URIRef("http://example.org/type")), Literal(""),
]


@pytest.mark.parametrize("literal", LITERALS, ids=repr)
def test_a_literal_in_ntriples_reads_as_the_raw_reader_reads_it(literal: Literal) -> None:
    text = Graph().add((S, P, literal)).serialize(format="nt").split(" ", 2)[2].rsplit(" .", 1)[0]
    raw = atoms.RawReader().literal(str(literal), str(literal.datatype) if literal.datatype else
                                    str(RDF.langString) if literal.language else None)
    assert atoms.TextReader().term(text) == raw


@pytest.mark.parametrize("text, value", [
    ("42", 42), ("-3", -3), ("99999999999999999999", None), ("1.50", "1.50"),
    ("1E3", 1000.0),  # an xsd:double is a float, on the raw path too
    ("true", "true"), ("_:b0", None), (f"<{ENT['russia']}>", Symbol("russia")),
    ("<http://example.org/x>", Iri("http://example.org/x")),
    ('"a\\u00e9\\U0001F600\\"\\\\"', 'aé😀"\\'), ('"tab\\there"@en', "tab\there"),
])
def test_tsv_terms_bare_numbers_blank_nodes_and_escapes(text: str, value: object) -> None:
    assert atoms.TextReader().term(text) == value


def test_a_bad_escape_is_an_error() -> None:
    with pytest.raises(ValueError, match="bad escape"):
        atoms.unescape("\\q")


FACTS = {
    "state": frozenset({(Symbol("russia"),), (Iri("http://example.org/x"),)}),
    "aligned": frozenset({(Symbol("russia"), Symbol("china")), (Symbol("a"), "text \"q\"\n")}),
    "on": frozenset({(Symbol("a"), dt.date(2022, 2, 4)), (Symbol("b"), 7)}),
    "labelled": frozenset({("free text", Symbol("x")), (5, 6)}),  # literal first: a fact node
    "between": frozenset({(Symbol("a"), Symbol("meeting"), dt.date(2020, 1, 1), -3, "s é")}),
    "nothing": frozenset({()}),
}


def test_derived_ntriples_are_the_derived_triples() -> None:
    triples = atoms.Derived(FACTS).triples()
    parsed = Graph().parse(data=b"".join(triples.ntriples(chunk=2)).decode(), format="nt")
    expected = [t for pred, rows in FACTS.items() for args in rows for t in atoms.triples_of(pred, args)]
    assert set(parsed) == set(expected)
    assert len(parsed) == len(triples) == len(expected)


def test_derived_triples_iterate_sorted_and_index_like_a_list() -> None:
    triples = atoms.Derived(FACTS).triples()
    listed = list(triples)
    assert listed == [t for pred in sorted(FACTS)
                      for args in sorted(FACTS[pred], key=lambda r: tuple(map(atoms._order, r)))
                      for t in atoms.triples_of(pred, args)]
    assert triples[0] == listed[0] and triples[2:5] == listed[2:5] and bool(triples)
    assert not atoms.Derived({}).triples()
