"""Statements -> RDF triples. Pure functions: no store access, same input -> same triples.

The model (see docs/rdf.md): an event is a node with ``voc:event_type`` (a SKOS concept carrying
its CAMEO code), ``voc:actor``, ``voc:target``, ``voc:date``, ``voc:place``, ``voc:condition``,
``voc:modality``, ``voc:attributed_to`` and quantities, and ``prov:wasDerivedFrom`` the sentence
node, which records its document, number, character span and text.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from reasoner.cnl.statements import CAMEO as CAMEO_CODES
from reasoner.cnl.statements import MODALITIES, Document, Entity, Event, Fact, Mention, Sentence
from reasoner.rdf import iris
from reasoner.rdf.namespaces import CAMEO, CONCEPT, SCHEMA, VOC, WD

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# Entity kinds -> (project class, schema.org class)
KIND_CLASSES: dict[str, tuple[URIRef, URIRef | None]] = {
    "state": (VOC.State, SCHEMA.Country),
    "organisation": (VOC.Organisation, SCHEMA.Organization),
    "person": (VOC.Person, SCHEMA.Person),
    "place": (VOC.Location, SCHEMA.Place),  # "Location", so `location(X)` and `place(E, X)` differ
    "group": (VOC.Group, None),
    "unknown": (VOC.Unknown, None),
}
ENTITY_RELATIONS = ("member_of", "capital_of", "leader_of", "stands_for", "located_in")


def literal(value: object) -> Literal:
    """A typed literal for a Python value (dates as xsd:date, whole floats as integers)."""
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, float) and value.is_integer():
        return Literal(int(value))
    return Literal(value)


def document_triples(doc: Document, known: set[str] | frozenset[str] = frozenset()) -> list[Triple]:
    """Every asserted triple of a document: the document node, its sentences, events and facts.

    ``known`` holds the keys of entities the background already describes; others (new names a
    document introduces) get their label and class here, in the document's own graph.
    """
    return list(iter_document_triples(doc, known))


def iter_document_triples(doc: Document, known: set[str] | frozenset[str] = frozenset()) -> Iterator[Triple]:
    """:func:`document_triples`, one at a time (a table of a million rows has twenty million)."""
    yield from _document_node(doc)
    described: set[str] = set(known)
    for sentence in doc.sentences:
        if not sentence.understood:
            continue
        yield from _sentence_node(doc, sentence)
        for index, event in enumerate(sentence.events, start=1):
            node = iris.event_iri(doc.doc_id, sentence.number, index)
            yield from _event_triples(node, event, iris.sentence_iri(doc.doc_id, sentence.number))
            for mention in _mentions(event):
                if mention.entity.key not in described:
                    described.add(mention.entity.key)
                    yield from entity_triples(mention.entity)
        for fact in sentence.facts:
            yield from fact_triples(fact)


def _document_node(doc: Document) -> Iterator[Triple]:
    node = iris.document_iri(doc.doc_id)
    yield node, RDF.type, PROV.Entity
    yield node, RDF.type, SCHEMA.NewsArticle
    yield node, DCTERMS.identifier, Literal(doc.doc_id)
    if doc.title:
        yield node, DCTERMS.title, Literal(doc.title)
    if doc.date:
        yield node, SCHEMA.datePublished, literal(doc.date)
    if doc.source:
        yield node, DCTERMS.source, Literal(doc.source)


def _sentence_node(doc: Document, sentence: Sentence) -> Iterator[Triple]:
    node = iris.sentence_iri(doc.doc_id, sentence.number)
    yield node, RDF.type, VOC.Sentence
    yield node, RDF.type, PROV.Entity
    yield node, PROV.wasQuotedFrom, iris.document_iri(doc.doc_id)
    yield node, VOC.document, iris.document_iri(doc.doc_id)
    yield node, VOC.sentence_number, Literal(sentence.number)
    yield node, VOC.line, Literal(sentence.span.line)
    yield node, VOC.char_start, Literal(sentence.span.start)
    yield node, VOC.char_end, Literal(sentence.span.end)
    yield node, PROV.value, Literal(sentence.text)
    if sentence.facts:  # so a later session can teach its lexicon what this sentence defined
        yield node, VOC.definitional, Literal(True)
    if sentence.record_id:  # a table row: its own event id and the story it was coded from
        yield node, DCTERMS.identifier, Literal(sentence.record_id)
    if sentence.source_url:
        yield node, DCTERMS.source, Literal(sentence.source_url)


def _mentions(event: Event) -> Iterator[Mention]:
    yield from event.actors
    yield from event.targets
    for extra in (event.place, event.attribution):
        if extra is not None:
            yield extra


def _event_triples(node: URIRef, event: Event, sentence: URIRef) -> Iterator[Triple]:
    yield node, RDF.type, VOC.Event
    yield node, VOC.event_type, iris.concept_iri(event.type)
    yield node, VOC.cameo, CAMEO[event.cameo]
    yield node, VOC.modality, iris.concept_iri(event.modality)
    yield node, PROV.wasDerivedFrom, sentence
    yield node, VOC.from_sentence, sentence  # the same link, visible to rules (voc: only)
    for actor in event.actors:
        yield node, VOC.actor, iris.entity_iri(actor.entity.key)
    for target in event.targets:
        yield node, VOC.target, iris.entity_iri(target.entity.key)
    if event.date is not None:
        yield node, VOC.date, literal(event.date)
    if event.place is not None:
        yield node, VOC.place, iris.entity_iri(event.place.entity.key)
    if event.condition:
        yield node, VOC.condition, Literal(event.condition)
    if event.attribution is not None:
        yield node, VOC.attributed_to, iris.entity_iri(event.attribution.entity.key)
    if event.topic:
        yield node, VOC.topic, Literal(event.topic)
    if event.quantity is not None:
        yield node, VOC.quantity, literal(event.quantity.value)
        yield node, VOC.quantity_unit, Literal(event.quantity.unit)
        if event.quantity.qualifier:
            yield node, VOC.quantity_qualifier, Literal(event.quantity.qualifier)
    for name, value in event.measures:
        yield node, VOC[name], Literal(value, datatype=XSD.double)


def entity_triples(entity: Entity) -> Iterator[Triple]:
    """Label, class, Wikidata link and represented state of an entity."""
    node = iris.entity_iri(entity.key)
    yield node, RDFS.label, Literal(entity.label)
    voc_class, schema_class = KIND_CLASSES.get(entity.kind, KIND_CLASSES["unknown"])
    yield node, RDF.type, voc_class
    if schema_class is not None:
        yield node, RDF.type, schema_class
    if entity.wikidata:
        yield node, OWL.sameAs, WD[entity.wikidata]
    if entity.country and entity.country != entity.key:
        yield node, VOC.country, iris.entity_iri(entity.country)


def fact_triples(fact: Fact) -> Iterator[Triple]:
    """A definitional fact ("Turkey is a member of NATO.") as triples."""
    node = iris.entity_iri(fact.subject.key)
    obj = fact.object
    if fact.relation == "is_a":
        kind = obj.key if isinstance(obj, Entity) else str(obj)
        voc_class, schema_class = KIND_CLASSES.get(kind, (VOC[kind.capitalize()], None))
        yield node, RDF.type, voc_class
        if schema_class is not None:
            yield node, RDF.type, schema_class
    elif fact.relation in ENTITY_RELATIONS and isinstance(obj, Entity):
        yield node, VOC[fact.relation], iris.entity_iri(obj.key)
        if fact.role:
            yield node, VOC.title, Literal(fact.role)
    elif fact.relation == "demonym":
        yield node, VOC.demonym, Literal(str(obj))
    elif fact.relation == "alias":
        yield node, SKOS.altLabel, Literal(str(obj) if not isinstance(obj, Entity) else obj.label)
    else:
        target = iris.entity_iri(obj.key) if isinstance(obj, Entity) else Literal(str(obj))
        yield node, VOC[fact.relation], target


def background_triples(entities: Iterable[Entity], facts: Iterable[Fact]) -> list[Triple]:
    """The ``background`` graph: the lexicon's entities and facts, and the event-type concepts."""
    triples: list[Triple] = []
    for entity in entities:
        triples.extend(entity_triples(entity))
    for fact in facts:
        triples.extend(fact_triples(fact))
    triples.extend(concept_triples())
    return triples


def concept_triples() -> Iterator[Triple]:
    """Event types and modalities as SKOS concepts; event types carry their CAMEO code."""
    scheme = CONCEPT["event_types"]
    yield scheme, RDF.type, SKOS.ConceptScheme
    for name, (code, cameo_name) in CAMEO_CODES.items():
        node = iris.concept_iri(name)
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, scheme
        yield node, SKOS.prefLabel, Literal(name.replace("_", " "))
        yield node, SKOS.notation, Literal(code)
        yield node, VOC.cameo, CAMEO[code]
        yield CAMEO[code], SKOS.prefLabel, Literal(cameo_name)
        yield CAMEO[code], SKOS.notation, Literal(code)
    modalities = CONCEPT["modalities"]
    yield modalities, RDF.type, SKOS.ConceptScheme
    for name in MODALITIES:
        node = iris.concept_iri(name)
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, modalities
        yield node, SKOS.prefLabel, Literal(name)
