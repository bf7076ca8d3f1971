"""Where asserted facts come from: one pass over the asserted graphs of a store.

For every triple rules see, the pass records the ground atom (exactly as
:func:`reasoner.rdf.atoms.atom_of` reads it), the graph and the triple's subject. An event's
triples lead to its sentence through ``prov:wasDerivedFrom``; the sentence node carries
``voc:sentence_number`` and its text (``prov:value``). The same pass yields the facts themselves,
so explaining reads the store once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import PROV

from reasoner.explain.match import Key, Row
from reasoner.explain.model import Source
from reasoner.rdf.atoms import Facts, atom_of
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, GRAPH, VOC
from reasoner.rules.ast import Iri, Value
from reasoner.stores import Store


@dataclass(frozen=True, slots=True)
class Sentence:
    iri: str
    graph: str
    number: int | None
    text: str | None


@dataclass(frozen=True)
class Provenance:
    """The asserted facts, and for each one the graphs and subjects of its triples."""

    facts: Facts
    where: dict[Key, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # (graph, subject)
    derived_from: dict[tuple[str, str], str] = field(default_factory=dict)  # (graph, node) -> sentence
    sentences: dict[str, Sentence] = field(default_factory=dict)
    node_sentence: dict[str, str] = field(default_factory=dict)  # node -> sentence, any graph

    def sources(self, pred: str, row: Row) -> tuple[Source, ...]:
        """Every place the fact is asserted: document sentences first, then the background."""
        found = [self._source(graph, subject) for graph, subject in self.where.get((pred, row), ())]
        unique = list(dict.fromkeys(found))
        return tuple(sorted(unique, key=lambda s: (s.kind != "document", s.doc_id or "",
                                                   s.sentence or 0)))

    def sentence_of(self, value: Value) -> Sentence | None:
        """The sentence an event node (or a sentence node) comes from, in any graph."""
        if not isinstance(value, Iri):
            return None
        iri = value.value if value.value in self.sentences else self.node_sentence.get(value.value)
        return self.sentences.get(iri) if iri else None

    def _source(self, graph: str, subject: str) -> Source:
        if graph == str(BACKGROUND_GRAPH):
            return Source("background", graph=graph, subject=subject)
        doc_id = graph[len(str(GRAPH)):] if graph.startswith(str(GRAPH)) else graph
        sentence_iri = subject if subject in self.sentences else self.derived_from.get((graph, subject))
        sentence = self.sentences.get(sentence_iri) if sentence_iri else None
        if sentence is None:
            return Source("document", graph=graph, doc_id=doc_id, subject=subject)
        return Source("document", graph=graph, doc_id=doc_id, sentence=sentence.number,
                      text=sentence.text, sentence_iri=sentence.iri, subject=subject)


def read_provenance(store: Store, graphs: Iterable[URIRef]) -> Provenance:
    """Facts and their sources from the asserted graphs, in one pass."""
    facts: Facts = {}
    where: dict[Key, list[tuple[str, str]]] = {}
    derived_from: dict[tuple[str, str], str] = {}
    numbers: dict[str, int] = {}
    texts: dict[str, str] = {}
    homes: dict[str, str] = {}
    for graph in graphs:
        g = str(graph)
        for s, p, o in store.triples(graph):
            if p == PROV.wasDerivedFrom and isinstance(o, URIRef):
                derived_from[(g, str(s))] = str(o)
            elif p == VOC.sentence_number and isinstance(o, Literal):
                numbers[str(s)] = int(o)
                homes[str(s)] = g
            elif p == PROV.value and isinstance(o, Literal):
                texts[str(s)] = str(o)
            found = atom_of((s, p, o))
            if found is not None:
                facts.setdefault(found[0], set()).add(found[1])
                where.setdefault(found, []).append((g, str(s)))
    sentences = {iri: Sentence(iri, homes[iri], numbers.get(iri), texts.get(iri)) for iri in numbers}
    by_node = {node: sentence for (_, node), sentence in derived_from.items()}
    return Provenance(facts, {k: tuple(v) for k, v in where.items()}, derived_from, sentences,
                      by_node)
