"""The seed article's picture as an analyst sees it: every state the article mentions, no one it
does not, organisations as single nodes, every edge labelled and, in the HTML page, a link to
its explanation; at most 1600 px tall."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import reasoner
from reasoner.cli import edge_explainer
from reasoner.kb import KnowledgeBase
from reasoner.viz import draw, read_network

SEEDS = Path(__file__).parents[2] / "seeds"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# States the article names, or whose leaders or citizens it names.
MENTIONED_STATES = """SELECT DISTINCT ?s WHERE { ?e voc:event_type ?t .
  { ?e ?role ?s } UNION { ?e ?role ?x . ?x voc:leader_of ?s } UNION { ?e ?role ?x . ?x voc:country ?s }
  VALUES ?role { voc:actor voc:target voc:place } ?s a voc:State }"""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    knowledge = reasoner.open("memory")
    knowledge.ingest_files([SEEDS])
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="module")
def svg(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    return ET.parse(draw(kb.store, tmp_path_factory.mktemp("seed") / "seed.svg")).getroot()


def nodes(svg: ET.Element) -> dict[str, list[str]]:
    return {g.findtext(f"{SVG}title"): [t.text or "" for t in g.iter(f"{SVG}text")]
            for g in svg.iter(f"{SVG}g") if "entity" in (g.get("class") or "").split()}


def edges(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if (g.get("class") or "").startswith("edge")]


def test_at_most_1600_px_tall(svg: ET.Element) -> None:
    height_pt = float(svg.get("height").removesuffix("pt"))
    assert height_pt * 96 / 72 <= 1600  # graphviz draws points; PNG output is 96 dpi


def test_every_state_the_article_mentions_is_drawn_and_no_other(kb: KnowledgeBase, svg: ET.Element) -> None:
    mentioned = {str(row[0]).rsplit("/", 1)[-1] for row in kb.query(MENTIONED_STATES)}
    assert {"russia", "china", "ukraine", "united_kingdom", "germany", "united_states", "france",
            "turkey", "belarus"} <= mentioned
    drawn = nodes(svg)
    assert mentioned <= set(drawn)
    # EU and NATO members the article never names are not drawn (nor pulled into a bloc)
    assert not {"albania", "portugal", "estonia", "luxembourg"} & set(drawn)


def test_an_organisation_is_one_node_with_its_member_count(svg: ET.Element) -> None:
    drawn = nodes(svg)
    assert drawn["nato"][:2] == ["NATO", "30 members"]
    assert drawn["european_union"][:2] == ["European Union", "27 members"]


def test_people_are_named_on_the_party_they_act_for(svg: ET.Element) -> None:
    drawn = nodes(svg)
    assert drawn["russia"] == ["Russia", "Vladimir Putin"]
    assert "vladimir_putin" not in drawn


def test_every_edge_is_labelled_by_its_conclusion(svg: ET.Element) -> None:
    drawn = edges(svg)
    assert len(drawn) >= 15
    labels = {(g.get("class") or "").split()[1]: {t.text for t in g.iter(f"{SVG}text")} for g in drawn}
    assert labels["aligned"] == {"aligned"} and labels["opposes"] == {"opposes"}
    assert labels["mediation"] == {"mediates"} and labels["intermediary"] == {"in contact"}
    assert all(list(g.iter(f"{SVG}text")) for g in drawn)


def test_members_are_drawn_when_asked(kb: KnowledgeBase) -> None:
    expanded = read_network(kb.store, expand=True)
    members = {e.source.rsplit("/", 1)[-1] for e in expanded.edges if e.kind == "member_of"}
    assert {"albania", "portugal", "estonia"} <= members
    assert not any(e.kind == "member_of" for e in read_network(kb.store).edges)


def test_html_edges_link_to_their_explanations(kb: KnowledgeBase, tmp_path: Path) -> None:
    page = draw(kb.store, tmp_path / "seed.html", explain=edge_explainer(kb)).read_text()
    links = set(re.findall(r'xlink:href="#(why-\d+)"', page))
    sections = dict(re.findall(r'<section id="(why-\d+)"><pre>([^<]*)</pre>', page))
    assert links and links <= set(sections)
    aligned = next(text for text in sections.values() if text.startswith("aligned(china, russia)"))
    assert "sentence 3" in aligned and "rules/alignment.dl" in aligned
    mediation = next(text for text in sections.values() if text.startswith("mediation_offer(turkey"))
    assert "offered to mediate" in mediation
    assert not re.search(r"(src|href)=\"https?:", page)  # still self-contained
