"""Every namespace and prefix the product uses, in one place.

IRIs are stable and readable: the same input always gives the same IRIs, so exports diff cleanly.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/reasoner/"


class _Namespace(Namespace):
    """An rdflib Namespace that makes each of its terms once: the mapping asks for ``VOC.actor``
    and its like for every event, and a new URIRef each time (validated) was a fifth of the
    time of writing a document."""

    def term(self, name: str) -> URIRef:
        if not isinstance(name, str):
            return super().term(name)
        key = (str(self), name)
        made = _TERMS.get(key)
        if made is None:
            made = _TERMS[key] = super().term(name)
        return made


_TERMS: dict[tuple[str, str], URIRef] = {}

ENT = Namespace(BASE + "id/")  # persons, states, organisations, places, groups
CONCEPT = _Namespace(BASE + "concept/")  # SKOS concepts: event types, modalities
VOC = _Namespace(BASE + "vocab#")  # classes and properties of the project's own vocabulary
EVENT = Namespace(BASE + "event/")  # event nodes: event/<doc-id>/<sentence>-<k>
DOC = Namespace(BASE + "doc/")  # documents and their sentences: doc/<doc-id>, doc/<doc-id>/s<n>
FACT = Namespace(BASE + "fact/")  # reified derived facts of arity 3 or more
GRAPH = Namespace(BASE + "graph/")  # named graphs: graph/<doc-id>, graph/background, graph/inferred
SCHEMA = _Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
CAMEO = _Namespace(BASE + "cameo/")  # CAMEO codes as SKOS concepts: cameo/1312

BACKGROUND_GRAPH = GRAPH["background"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES: dict[str, Namespace] = {
    "ent": ENT,
    "concept": CONCEPT,
    "voc": VOC,
    "event": EVENT,
    "doc": DOC,
    "fact": FACT,
    "graph": GRAPH,
    "cameo": CAMEO,
    "schema": SCHEMA,
    "wd": WD,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, so users can write ``voc:aligned`` in queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind the project prefixes on an rdflib Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)

PREFIX_IRIS: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
# Entities and concepts are symbols to rules (``ent:russia`` is ``russia``), when their local
# name is one a rule can write bare.
SYMBOL_NAMESPACES = (str(ENT), str(CONCEPT))
_SYMBOL_LOCAL = re.compile(r"[a-z][A-Za-z0-9_]*\Z")  # a bare symbol (rules.ast.SYMBOL_NAME)


def symbol_of_iri(iri: str) -> str | None:
    """The symbol rules use for an entity or concept IRI (``ent:russia`` -> ``russia``), or None
    for any other IRI."""
    for namespace in SYMBOL_NAMESPACES:
        if iri.startswith(namespace) and _SYMBOL_LOCAL.match(iri, len(namespace)):
            return iri[len(namespace):]
    return None
