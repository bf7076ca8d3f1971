"""Statements -> triples: the event model, provenance, stable IRIs."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from reasoner.cnl.statements import Document, Entity, Event, Fact, Mention, Sentence
from reasoner.errors import Span
from reasoner.rdf import iris, mapping
from reasoner.rdf.namespaces import CAMEO, CONCEPT, ENT, VOC

PUTIN = Entity("vladimir_putin", "Vladimir Putin", "person", "Q7747", "russia")
XI = Entity("xi_jinping", "Xi Jinping", "person", "Q15031", "china")
BEIJING = Entity("beijing", "Beijing", "place", None, "china")
TEXT = "Putin met Xi in Beijing on February 4."


def make_document(events: tuple[Event, ...] = (), facts: tuple[Fact, ...] = ()) -> Document:
    span = Span.of(TEXT, 0, len(TEXT), "doc.txt")
    sentence = Sentence(1, TEXT, span, events=events, facts=facts)
    return Document("doc", TEXT, (sentence,), title="T", date=dt.date(2022, 2, 4), source="doc.txt")


def meeting() -> Event:
    return Event("meeting", (Mention(PUTIN, "Putin"),), (Mention(XI, "Xi"),), date=dt.date(2022, 2, 4),
                 place=Mention(BEIJING, "Beijing"))


def graph_of(doc: Document) -> Graph:
    graph = Graph()
    for triple in mapping.document_triples(doc, known={"vladimir_putin", "xi_jinping", "beijing"}):
        graph.add(triple)
    return graph


def test_event_node_has_type_roles_date_place_and_cameo() -> None:
    graph = graph_of(make_document((meeting(),)))
    event = iris.event_iri("doc", 1, 1)
    assert (event, RDF.type, VOC.Event) in graph
    assert (event, VOC.event_type, CONCEPT.meeting) in graph
    assert (event, VOC.cameo, CAMEO["040"]) in graph
    assert (event, VOC.actor, ENT.vladimir_putin) in graph
    assert (event, VOC.target, ENT.xi_jinping) in graph
    assert (event, VOC.date, Literal("2022-02-04", datatype=XSD.date)) in graph
    assert (event, VOC.place, ENT.beijing) in graph
    assert (event, VOC.modality, CONCEPT.asserted) in graph


def test_event_traces_back_to_its_sentence_and_document() -> None:
    graph = graph_of(make_document((meeting(),)))
    sentence = graph.value(iris.event_iri("doc", 1, 1), PROV.wasDerivedFrom)
    assert sentence == iris.sentence_iri("doc", 1)
    assert graph.value(sentence, PROV.value) == Literal(TEXT)
    assert graph.value(sentence, VOC.sentence_number) == Literal(1)
    assert graph.value(sentence, VOC.char_end) == Literal(len(TEXT))
    assert graph.value(sentence, PROV.wasQuotedFrom) == iris.document_iri("doc")


def test_same_input_gives_the_same_triples() -> None:
    first = mapping.document_triples(make_document((meeting(),)))
    second = mapping.document_triples(make_document((meeting(),)))
    assert first == second


def test_unknown_entities_are_described_in_the_document_graph() -> None:
    stranger = Entity("ruritania", "Ruritania", "unknown")
    event = Event("visit", (Mention(PUTIN, "Putin"),), (Mention(stranger, "Ruritania"),))
    graph = graph_of(make_document((event,)))
    assert (ENT.ruritania, RDF.type, VOC.Unknown) in graph
    assert graph.value(ENT.ruritania, mapping.RDFS.label) == Literal("Ruritania")


def test_definitional_facts_map_to_vocabulary_properties() -> None:
    turkey = Entity("turkey", "Turkey", "state", "Q43")
    nato = Entity("nato", "NATO", "organisation", "Q7184")
    erdogan = Entity("recep_tayyip_erdogan", "Recep Tayyip Erdogan", "person")
    facts = (Fact(turkey, "member_of", nato), Fact(erdogan, "leader_of", turkey, role="president"),
             Fact(turkey, "is_a", "state"), Fact(turkey, "demonym", "Turkish"))
    graph = graph_of(make_document(facts=facts))
    assert (ENT.turkey, VOC.member_of, ENT.nato) in graph
    assert (ENT.recep_tayyip_erdogan, VOC.leader_of, ENT.turkey) in graph
    assert (ENT.recep_tayyip_erdogan, VOC.title, Literal("president")) in graph
    assert (ENT.turkey, RDF.type, VOC.State) in graph
    assert (ENT.turkey, VOC.demonym, Literal("Turkish")) in graph


def test_conditional_event_keeps_condition_and_modality() -> None:
    eu = Entity("european_union", "European Union", "organisation")
    russia = Entity("russia", "Russia", "state")
    event = Event("sanction_threat", (Mention(eu, "EU"),), (Mention(russia, "Russia"),),
                  condition="if Russia invades Ukraine", modality="conditional")
    graph = graph_of(make_document((event,)))
    node = iris.event_iri("doc", 1, 1)
    assert graph.value(node, VOC.condition) == Literal("if Russia invades Ukraine")
    assert graph.value(node, VOC.modality) == CONCEPT.conditional
    assert graph.value(node, VOC.cameo) == CAMEO["1312"]


def test_iris_are_readable_slugs() -> None:
    assert iris.slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"
    assert iris.doc_slug("2022-02-04 Russia, China.txt") == "2022-02-04-russia-china-txt"
    assert str(iris.event_iri("d", 3, 2)).endswith("/event/d/3-2")
