"""The blocs picture: clusters, edges and legend in the SVG; a PNG of sensible size; clear errors."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from reasoner.errors import InputError, ReasonerError
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, ENT, FACT, INFERRED_GRAPH, VOC
from reasoner.stores import Store, open_store
from reasoner.viz import draw, read_network

SVG = "{http://www.w3.org/2000/svg}"
STATES = {"russia": "Russia", "china": "China", "united_kingdom": "United Kingdom",
          "germany": "Germany", "united_states": "United States", "turkey": "Turkey",
          "ukraine": "Ukraine"}
ORGANISATIONS = {"european_union": "European Union", "nato": "NATO"}
WEST = ["united_kingdom", "germany", "united_states", "european_union", "nato"]


def ternary(cls: URIRef, name: str, *args: str) -> list[tuple]:
    node = FACT[f"{name}/" + "/".join(re.sub(r"\W+", "_", a) for a in args)]
    return [(node, RDF.type, cls)] + [(node, VOC[f"arg{i}"], ENT[a] if a in STATES or a in ORGANISATIONS
                                       else Literal(a)) for i, a in enumerate(args, start=1)]


def bloc(members: list[str]) -> list[tuple]:
    return [(ENT[x], VOC.same_bloc, ENT[y]) for x in members for y in members if x != y]


@pytest.fixture(scope="module")
def store() -> Store:
    opened = open_store("memory")
    background = [(ENT[k], RDFS.label, Literal(v)) for k, v in {**STATES, **ORGANISATIONS}.items()]
    background += [(ENT[k], RDF.type, VOC.State) for k in STATES]
    background += [(ENT[k], RDF.type, VOC.Organisation) for k in ORGANISATIONS]
    background += [(ENT.france, RDFS.label, Literal("France")), (ENT.france, RDF.type, VOC.State)]
    inferred = [(ENT.russia, VOC.aligned, ENT.china), (ENT.china, VOC.aligned, ENT.russia),
                (ENT.united_kingdom, VOC.aligned, ENT.united_states),
                (ENT.united_states, VOC.opposes, ENT.russia), (ENT.russia, VOC.opposes, ENT.united_states),
                (ENT.united_states, VOC.sanction_threat, ENT.russia),
                (ENT.european_union, VOC.sanction_threat, ENT.russia),
                (ENT.united_states, VOC.coordinates, ENT.european_union),
                (ENT.european_union, VOC.coordinates, ENT.united_states)]
    inferred += bloc(["russia", "china"]) + bloc(WEST)
    inferred += ternary(VOC.MediationOffer, "mediation_offer", "turkey", "ukraine", "russia")
    inferred += ternary(VOC.MediationOffer, "mediation_offer", "turkey", "russia", "ukraine")
    inferred += ternary(VOC.SanctionThreatCondition, "sanction_threat_condition",
                        "united_states", "russia", "if Russia invades Ukraine")
    opened.replace_graphs({BACKGROUND_GRAPH: background, INFERRED_GRAPH: inferred})
    return opened


@pytest.fixture(scope="module")
def svg(store: Store, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    path = draw(store, tmp_path_factory.mktemp("viz") / "blocs.svg")
    return ET.parse(path).getroot()


def groups(svg: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def title(group: ET.Element) -> str:
    return group.findtext(f"{SVG}title") or ""


def box(cluster: ET.Element) -> tuple[float, float, float, float]:
    """The bounding box of a cluster's outline (a polygon, or a path when its corners are rounded)."""
    outline = cluster.find(f".//{SVG}polygon")
    coordinates = outline.get("points") if outline is not None else cluster.find(f".//{SVG}path").get("d")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", coordinates)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def centre(node: ET.Element) -> tuple[float, float]:
    text = node.find(f".//{SVG}text")
    return float(text.get("x")), float(text.get("y"))


def members(svg: ET.Element) -> dict[str, set[str]]:
    """For each cluster, the titles of the nodes drawn inside its box (SVG groups are flat)."""
    nodes = {title(n): centre(n) for n in groups(svg, "node")}
    found = {}
    for cluster in groups(svg, "cluster"):
        x0, y0, x1, y1 = box(cluster)
        found[title(cluster)] = {t for t, (x, y) in nodes.items() if x0 <= x <= x1 and y0 <= y <= y1}
    return found


def test_blocs_are_clusters_holding_their_members(svg: ET.Element) -> None:
    clusters = members(svg)
    assert clusters["cluster_bloc_1"] == set(WEST)
    assert clusters["cluster_bloc_2"] == {"russia", "china"}
    labels = {title(c): " ".join(t.text or "" for t in c.iter(f"{SVG}text")) for c in groups(svg, "cluster")}
    assert labels["cluster_bloc_1"] == "bloc 1: Germany · United Kingdom · United States +2"
    assert "China · Russia" in labels["cluster_bloc_2"]


def test_nodes_are_labelled_and_only_the_parties_are_drawn(svg: ET.Element) -> None:
    nodes = {title(n): " ".join(t.text or "" for t in n.iter(f"{SVG}text")) for n in groups(svg, "entity")}
    assert all(":" not in title(n) for n in groups(svg, "node"))
    assert nodes["united_kingdom"] == "United Kingdom" and nodes["nato"] == "NATO"
    assert set(nodes) == set(STATES) | set(ORGANISATIONS)  # France has no derived fact
    assert "organisation" in next(n for n in groups(svg, "entity") if title(n) == "nato").get("class")


def test_edges_have_their_kind_and_style(svg: ET.Element) -> None:
    edges = {(title(e), (e.get("class") or "").split()[1]) for e in groups(svg, "edge")
             if "legend" not in (e.get("class") or "")}
    assert ("turkey->ukraine", "mediation") in edges and ("turkey->russia", "mediation") in edges
    assert ("china->russia", "aligned") in edges and ("russia->china", "aligned") not in edges
    assert ("united_states->russia", "sanction_threat") in edges
    assert ("european_union->russia", "sanction_threat") in edges
    opposition = [e for e in groups(svg, "opposes") if "legend" not in e.get("class")]
    assert len(opposition) == 1 and len(opposition[0].findall(f".//{SVG}polygon")) == 2  # both ways
    mediation = next(e for e in groups(svg, "mediation") if title(e) == "turkey->ukraine")
    assert mediation.find(f".//{SVG}path").get("stroke") == "#1565c0"
    assert mediation.find(f".//{SVG}path").get("stroke-dasharray")
    threat = next(e for e in groups(svg, "sanction_threat") if title(e) == "united_states->russia")
    assert "if Russia invades Ukraine" in threat.find(f".//{SVG}a").get("{http://www.w3.org/1999/xlink}title")
    assert "sanctions if Russia invades Ukraine" in [t.text for t in threat.iter(f"{SVG}text")]


def test_the_legend_explains_every_edge_style_used(svg: ET.Element) -> None:
    (key,) = groups(svg, "legend")
    legend = [t.text for t in key.iter(f"{SVG}text")]
    assert {"aligned with", "opposes", "threatens with sanctions", "offers to mediate with",
            "coordinates with", "a bloc (same_bloc)"} <= set(legend)
    assert "in contact with both sides" not in legend  # no intermediary facts here
    colours = {t.get("fill") for t in key.iter(f"{SVG}text")}
    assert {"#2e7d32", "#c62828", "#ef6c00", "#1565c0"} <= colours


def test_png_has_a_sensible_size(store: Store, tmp_path: Path) -> None:
    data = draw(store, tmp_path / "blocs.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 300 < width < 5000 and 200 < height < 5000


def test_html_page_is_self_contained(store: Store, tmp_path: Path) -> None:
    page = draw(store, tmp_path / "blocs.html").read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page and "<?xml" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "<li>Germany, NATO, United Kingdom, United States, European Union</li>" not in page
    assert "<li>European Union, Germany, NATO, United Kingdom, United States</li>" in page


def test_network_is_plain_data(store: Store) -> None:
    network = read_network(store)
    assert network.blocs[1] == (str(ENT.china), str(ENT.russia))
    assert network.label(str(ENT.turkey)) == "Turkey"


def test_an_empty_store_draws_a_hint(tmp_path: Path) -> None:
    path = draw(open_store("memory"), tmp_path / "empty.svg")
    assert "reasoner infer" in path.read_text()


def test_an_unsupported_suffix_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        draw(store, tmp_path / "blocs.pdf")
    assert ".svg, .png or .html" in caught.value.render()
    with pytest.raises(InputError, match="does not exist"):
        draw(store, tmp_path / "no" / "such" / "blocs.svg")


def test_a_missing_dot_is_a_clear_error(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere on it
    with pytest.raises(ReasonerError) as caught:
        draw(store, tmp_path / "blocs.svg")
    assert "`dot` program is not installed" in caught.value.render()
    assert "apt-get install graphviz" in caught.value.render()
