"""Renderers: a tree for people, JSON for programs (checked against the schema), PROV-O Turtle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF

from reasoner.errors import InputError
from reasoner.explain import render, render_json

SCHEMA = json.loads((Path(__file__).parent / "explanation.schema.json").read_text())
DOC = Namespace("https://w3id.org/reasoner/doc/")
S3 = DOC["2022-02-04-russia-china-united-front/s3"]
VOC = Namespace("https://w3id.org/reasoner/vocab#")


def validate(text: str) -> dict:
    data = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    return data


@pytest.mark.parametrize("query, options", [
    ("aligned(russia, china)", {}),
    ("aligned(russia, china)", {"all": True}),
    ("aligned(X, Y)", {}),
    ("bloc_size(united_kingdom, N)", {}),
    ("alliance(nato)", {}),
    ("state(russia)", {}),
    ("intermediary(france, russia, ukraine)", {}),
])
def test_json_explanations_validate_against_the_schema(explainer, query, options):
    data = validate(render_json(explainer.explain(query, **options)))
    assert data["kind"] == "explanation" and data["answers"]


def test_json_explanation_content(explainer):
    data = validate(render(explainer.explain("aligned(russia, china)"), "json"))
    (answer,) = data["answers"]
    assert answer["fact"] == {"pred": "aligned", "args": ["russia", "china"],
                              "text": "aligned(russia, china)"}
    proof = answer["proofs"][0]
    assert proof["rule"]["location"] == "rules/alignment.dl:7"
    assert proof["bindings"]["E"] == "<https://w3id.org/reasoner/event/2022-02-04-russia-china-united-front/3-1>"
    assert answer["sentences"][0]["sentence"] == 3
    assert answer["sentences"][0]["iri"] == str(S3)


def test_json_proves_a_repeated_fact_once_and_then_refers_to_it(explainer):
    data = validate(render_json(explainer.explain("intermediary(france, russia, ukraine)")))
    refs, full = [], []

    def walk(node: dict) -> None:
        if node["kind"] == "derived":
            (refs if node.get("ref") else full).append(node["fact"]["text"])
        for premise in node.get("premises", ()):
            walk(premise)

    walk(data["answers"][0]["proofs"][0])
    assert refs and set(refs) <= set(full)


def test_json_why_not_validates_against_the_schema(explainer):
    for atom in ("aligned(ukraine, china)", "member_of(china, nato)",
                 "unconditional_threat(european_union, russia)"):
        data = validate(render_json(explainer.why_not(atom)))
        assert data["kind"] == "why_not" and data["summary"].startswith(atom)


def test_turtle_parses_and_uses_prov_o(explainer):
    text = render(explainer.explain("aligned(russia, china)", all=True), "turtle")
    graph = Graph().parse(data=text, format="turtle")
    conclusion = URIRef("https://w3id.org/reasoner/fact/aligned/russia/china")
    assert (conclusion, RDF.type, PROV.Entity) in graph
    assert (conclusion, RDF.subject, URIRef("https://w3id.org/reasoner/id/russia")) in graph
    activities = set(graph.objects(conclusion, PROV.wasGeneratedBy))
    assert len(activities) == 4  # one per derivation shown
    for activity in activities:
        assert (activity, RDF.type, PROV.Activity) in graph
        assert set(graph.objects(activity, PROV.used))
        plan = graph.value(graph.value(activity, PROV.qualifiedAssociation), PROV.hadPlan)
        assert (plan, RDF.type, PROV.Plan) in graph
    # following prov:wasDerivedFrom from the conclusion reaches the sentence nodes of the store
    reached = set(graph.transitive_objects(conclusion, PROV.wasDerivedFrom))
    sentences = {n for n in reached if (n, RDF.type, VOC.Sentence) in graph}
    assert {str(s).rsplit("/", 1)[-1] for s in sentences} == {"s1", "s3", "s12"}
    assert graph.value(S3, VOC.sentence_number).toPython() == 3
    assert (S3, PROV.value, None) in graph


def test_turtle_marks_background_and_rule_facts(explainer):
    graph = Graph().parse(data=render(explainer.explain("bloc_link(united_states, nato)"), "turtle"),
                          format="turtle")
    member = URIRef("https://w3id.org/reasoner/fact/member_of/united_states/nato")
    assert graph.value(member, PROV.hadPrimarySource) == URIRef("https://w3id.org/reasoner/graph/background")
    alliance = URIRef("https://w3id.org/reasoner/fact/alliance/nato")
    assert str(graph.value(alliance, PROV.hadPrimarySource)).endswith("/rule/blocs.dl/11")


def test_the_tree_is_plain_text_unless_asked_for_colour(explainer):
    explanation = explainer.explain("aligned(russia, china)")
    plain = render(explanation, "tree")
    assert "\x1b[" not in plain
    assert plain.splitlines()[0] == "aligned(russia, china)"
    assert "by rules/alignment.dl:7" in plain
    assert '2022-02-04-russia-china-united-front, sentence 3: "The joint statement' in plain
    assert "(background)" in plain and "checked: russia != china" in plain
    assert "supported by" in plain
    assert "\x1b[" in render(explanation, "tree", color=True)


def test_the_why_not_tree_and_format_errors(explainer):
    why = explainer.why_not("aligned(ukraine, china)")
    tree = render(why, "tree")
    assert tree.splitlines()[0] == "aligned(ukraine, china) does not hold"
    assert "missing: party(event:2022-02-04-russia-china-united-front/3-1, ukraine)" in tree
    with pytest.raises(InputError, match="turtle"):
        render(why, "turtle")
    with pytest.raises(InputError, match="unknown explanation format"):
        render(why, "yaml")


SCRIPT = """
from reasoner import kb
from reasoner.explain import Explainer, render
k = kb.open("memory"); k.ingest_files(["seeds"])
e = Explainer.from_kb(k)
print(render(e.explain("same_bloc(X, Y)", limit=5, all=True), "json"))
print(render(e.explain("aligned(russia, china)", all=True), "turtle"))
print(render(e.why_not("aligned(ukraine, china)"), "tree"))
"""


def test_output_is_the_same_on_every_run():
    """Set iteration order changes with the hash seed; the explanations must not."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                              env=env, cwd=Path(__file__).parents[2], check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("does not hold") >= 1
