"""Deterministic, readable IRI minting: the same input always gives the same IRI."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from reasoner.rdf.namespaces import CONCEPT, DOC, ENT, EVENT, GRAPH


def slug(text: str) -> str:
    """Lower snake case ASCII: "Recep Tayyip Erdoğan" -> "recep_tayyip_erdogan"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "x"


def doc_slug(text: str) -> str:
    """A document id from a file name: lower case, dashes, no extension."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"


def entity_iri(key: str) -> URIRef:
    return ENT[key]


def concept_iri(name: str) -> URIRef:
    return CONCEPT[name]


def document_iri(doc_id: str) -> URIRef:
    return DOC[doc_id]


def sentence_iri(doc_id: str, number: int) -> URIRef:
    return DOC[f"{doc_id}/s{number}"]


def event_iri(doc_id: str, sentence: int, index: int) -> URIRef:
    return EVENT[f"{doc_id}/{sentence}-{index}"]


def document_graph(doc_id: str) -> URIRef:
    return GRAPH[doc_id]
