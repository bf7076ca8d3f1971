"""An explanation as PROV-O, in Turtle.

Each fact in a proof is a ``prov:Entity`` (its IRI is the ``fact:`` node of the fact, the same
one the ``inferred`` graph uses for facts of arity 3 or more; facts of arity 1 and 2 also carry
``rdf:subject``/``rdf:predicate``/``rdf:object`` for the triple they stand for). Each rule
application is a ``prov:Activity`` that ``prov:used`` the premises, with the rule as its
``prov:Plan``; the conclusion ``prov:wasGeneratedBy`` it and ``prov:wasDerivedFrom`` each premise.
Asserted facts are ``prov:wasDerivedFrom`` the node their triple is about (the event), which is
``prov:wasDerivedFrom`` its sentence node ``doc:<doc-id>/s<n>``, the node already in the store;
so following ``prov:wasDerivedFrom`` from a conclusion reaches the sentences. Background facts
have ``prov:hadPrimarySource graph:background``; facts written in rule files have the rule file.
"""

from __future__ import annotations

import hashlib
from typing import Iterator

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from reasoner.explain.model import Explanation, Proof, Source, Step, show
from reasoner.rdf.atoms import fact_node, to_term, triples_of
from reasoner.rdf.namespaces import BASE, FACT, VOC, bind_prefixes

DERIVATION = Namespace(BASE + "derivation/")  # one activity per rule application
RULE = Namespace(BASE + "rule/")  # rules as plans: rule/<file>/<line>
AGENT = URIRef(BASE + "agent/reasoner")


def render_turtle(explanation: Explanation) -> str:
    return explanation_graph(explanation).serialize(format="turtle")


def explanation_graph(explanation: Explanation) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("derivation", DERIVATION)
    graph.bind("rule", RULE)
    graph.add((AGENT, RDF.type, PROV.SoftwareAgent))
    graph.add((AGENT, RDFS.label, Literal(f"reasoner ({explanation.engine})")))
    done: set[int] = set()  # proofs already written (proofs are shared, so by identity)
    for answer in explanation.answers:
        for proof in answer.proofs:
            for triple in proof_triples(proof, done):
                graph.add(triple)
    return graph


def entity(proof: Proof) -> URIRef:
    return fact_node(proof.fact.pred, proof.fact.args)


def proof_triples(proof: Proof, done: set[int]) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The triples of one proof, each fact and each rule application once (iteratively)."""
    stack = [proof]
    while stack:
        node = stack.pop()
        key = id(node)
        if key in done:
            continue
        done.add(key)
        yield from fact_triples(node)
        if node.step is None:
            for source in node.sources:
                yield from source_triples(entity(node), source)
        else:
            yield from step_triples(entity(node), node.step)
            stack.extend(node.step.premises)


def fact_triples(proof: Proof) -> Iterator[tuple]:  # type: ignore[type-arg]
    node = entity(proof)
    yield node, RDF.type, PROV.Entity
    yield node, RDFS.label, Literal(proof.fact.text)
    if proof.fact.pred == "label" and len(proof.fact.args) == 2:
        represented = [(to_term(proof.fact.args[0]), RDFS.label, to_term(proof.fact.args[1]))]
    else:
        represented = triples_of(proof.fact.pred, proof.fact.args)
    if len(represented) == 1 and not str(represented[0][0]).startswith(str(FACT)):
        s, p, o = represented[0]
        yield node, RDF.type, RDF.Statement
        yield node, RDF.subject, s
        yield node, RDF.predicate, p
        yield node, RDF.object, o


def step_triples(node: URIRef, step: Step) -> Iterator[tuple]:  # type: ignore[type-arg]
    activity = activity_iri(node, step)
    plan = rule_iri(step)
    yield node, PROV.wasGeneratedBy, activity
    yield activity, RDF.type, PROV.Activity
    yield activity, RDFS.label, Literal(f"rule {step.location}")
    yield activity, PROV.wasAssociatedWith, AGENT
    association = URIRef(f"{activity}/association")
    yield activity, PROV.qualifiedAssociation, association
    yield association, RDF.type, PROV.Association
    yield association, PROV.agent, AGENT
    yield association, PROV.hadPlan, plan
    yield plan, RDF.type, PROV.Plan
    yield plan, RDFS.label, Literal(step.rule)
    yield plan, RDFS.comment, Literal(step.location)
    if step.bindings:
        text = ", ".join(f"{n} = {show(v)}" for n, v in step.bindings)
        yield activity, RDFS.comment, Literal(f"with {text}")
    for check in step.checks:
        yield activity, RDFS.comment, Literal(f"checked: {check.text}")
    for premise in step.premises:
        yield activity, PROV.used, entity(premise)
        yield node, PROV.wasDerivedFrom, entity(premise)


def source_triples(node: URIRef, source: Source) -> Iterator[tuple]:  # type: ignore[type-arg]
    if source.kind == "background":
        yield node, PROV.hadPrimarySource, URIRef(source.graph or BASE + "graph/background")
        return
    if source.kind == "rule":
        plan = RULE[_rule_path(source.location or "")]
        yield node, PROV.hadPrimarySource, plan
        yield plan, RDFS.comment, Literal(source.location or "")
        return
    if source.graph:
        yield node, PROV.hadPrimarySource, URIRef(source.graph)
    if source.sentence_iri is None:
        return
    sentence = URIRef(source.sentence_iri)
    subject = URIRef(source.subject) if source.subject else sentence
    yield node, PROV.wasDerivedFrom, subject
    if subject != sentence:
        yield subject, PROV.wasDerivedFrom, sentence
    yield sentence, RDF.type, PROV.Entity
    yield sentence, RDF.type, VOC.Sentence
    if source.sentence is not None:
        yield sentence, VOC.sentence_number, Literal(source.sentence)
    if source.text is not None:
        yield sentence, PROV.value, Literal(source.text)


def activity_iri(node: URIRef, step: Step) -> URIRef:
    """A stable IRI per rule application: the fact, then a digest of rule, bindings and premises."""
    identity = "|".join([str(step.rule_index), repr(step.bindings),
                         *(p.fact.exact for p in step.premises)])
    digest = hashlib.sha1(identity.encode()).hexdigest()[:12]
    return DERIVATION[f"{str(node)[len(str(FACT)):]}/{digest}"]


def rule_iri(step: Step) -> URIRef:
    return RULE[_rule_path(step.location)]


def _rule_path(location: str) -> str:
    """``rules/alignment.dl:7`` -> ``alignment.dl/7``."""
    path, _, line = location.rpartition(":")
    return f"{path.rsplit('/', 1)[-1]}/{line}"
