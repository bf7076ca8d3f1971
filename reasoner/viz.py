"""The picture of the blocs: states and organisations, who is aligned with, opposes, threatens or
mediates between whom, with each bloc (a connected component of ``same_bloc``) drawn as a box.

``draw(store, Path("blocs.svg"))`` writes SVG, PNG or a self-contained HTML page (the SVG inline,
no scripts, nothing fetched from elsewhere) through graphviz's ``dot``. Everything drawn is a
derived fact from the ``inferred`` graph; labels and kinds of entity come from the background.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import graphviz
from rdflib import Literal, URIRef

from reasoner.errors import Diagnostic, InputError, ReasonerError
from reasoner.rdf.namespaces import INFERRED_GRAPH, VOC
from reasoner.stores.base import Store

SUFFIXES = (".svg", ".png", ".html")


class RenderError(ReasonerError):
    """graphviz's ``dot`` is missing or failed."""

    code = "render"


# -- what is drawn ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EdgeKind:
    name: str  # also the SVG class of its edges
    legend: str
    color: str
    style: str
    directed: bool
    penwidth: float = 1.4


KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("aligned", "aligned with", "#2e7d32", "solid", False, 2.4),
    EdgeKind("opposes", "opposes", "#c62828", "solid", True, 1.8),
    EdgeKind("sanction_threat", "threatens with sanctions", "#ef6c00", "dashed", True, 1.8),
    EdgeKind("mediation", "offers to mediate with", "#1565c0", "dashed", True, 1.6),
    EdgeKind("intermediary", "in contact with both sides", "#6a1b9a", "dotted", True, 1.4),
    EdgeKind("coordinates", "coordinates with", "#9e9e9e", "dotted", False, 1.0),
)
KIND = {kind.name: kind for kind in KINDS}

# Binary derived predicates drawn as edges, and ternary fact classes drawn as edges from their
# first argument to the other two (M offers mediation between A and B: M -> A, M -> B).
BINARY = {VOC.aligned: "aligned", VOC.opposes: "opposes", VOC.sanction_threat: "sanction_threat",
          VOC.coordinates: "coordinates"}
TERNARY = {VOC.MediationOffer: "mediation", VOC.Intermediary: "intermediary"}


@dataclass(frozen=True, slots=True)
class Entity:
    iri: str
    label: str
    kind: str  # state | organisation | person | other


@dataclass(frozen=True, slots=True)
class Edge:
    kind: str
    source: str  # entity IRIs
    target: str
    mutual: bool = False  # a directed relation that holds both ways
    note: str = ""  # e.g. the condition of a sanction threat, or the other side of a mediation


@dataclass(frozen=True, slots=True)
class Network:
    """The derived facts worth drawing, as plain data (sorted, so the picture is reproducible)."""

    entities: tuple[Entity, ...]
    edges: tuple[Edge, ...]
    blocs: tuple[tuple[str, ...], ...]  # member IRIs of each bloc of two or more

    def label(self, iri: str) -> str:
        return next((e.label for e in self.entities if e.iri == iri), iri)


# -- reading the store -----------------------------------------------------------------------------
_BINARY_QUERY = """SELECT ?x ?p ?y WHERE {{ GRAPH <{graph}> {{ ?x ?p ?y }}
  VALUES ?p {{ {predicates} }} FILTER(isIRI(?y)) }}"""
_TERNARY_QUERY = """SELECT ?t ?a ?b ?c WHERE {{ GRAPH <{graph}> {{
  ?f a ?t ; voc:arg1 ?a ; voc:arg2 ?b ; voc:arg3 ?c }} VALUES ?t {{ {classes} }} }}"""
_CONDITION_QUERY = """SELECT ?a ?b ?c WHERE {{ GRAPH <{graph}> {{
  ?f a voc:SanctionThreatCondition ; voc:arg1 ?a ; voc:arg2 ?b ; voc:arg3 ?c }} }}"""
_BLOC_QUERY = "SELECT ?x ?y WHERE {{ GRAPH <{graph}> {{ ?x voc:same_bloc ?y }} }}"
_ENTITY_QUERY = "SELECT ?x ?label ?type WHERE {{ VALUES ?x {{ {iris} }} " \
                "OPTIONAL {{ ?x rdfs:label ?label }} OPTIONAL {{ ?x a ?type }} }}"


def _rows(store: Store, query: str) -> list[tuple[Any, ...]]:
    """The rows of a SELECT query as plain tuples of terms."""
    return [tuple(row) for row in store.query(query)]  # type: ignore[arg-type]


def _iris(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{t}>" for t in terms)


def read_network(store: Store, graph: URIRef = INFERRED_GRAPH) -> Network:
    """The network of derived facts in ``graph``, with labels and kinds from the whole store."""
    edges = _binary_edges(store, graph) + _ternary_edges(store, graph)
    blocs = _components((str(x), str(y)) for x, y in _rows(store, _BLOC_QUERY.format(graph=graph)))
    members = {e.source for e in edges} | {e.target for e in edges} | {m for b in blocs for m in b}
    return Network(_entities(store, members), tuple(sorted(set(edges), key=_edge_key)), blocs)


def _edge_key(edge: Edge) -> tuple[str, ...]:
    return (edge.kind, edge.source, edge.target, edge.note)


def _binary_edges(store: Store, graph: URIRef) -> list[Edge]:
    query = _BINARY_QUERY.format(graph=graph, predicates=_iris(BINARY))
    pairs = {(BINARY[p], str(x), str(y)) for x, p, y in _rows(store, query) if x != y}
    conditions = _conditions(store, graph)
    edges = []
    for kind, x, y in pairs:
        # A pair that holds both ways is drawn once (opposition both ways: one double-headed
        # edge), except threats, whose two directions may carry different conditions.
        merged = (kind, y, x) in pairs and kind != "sanction_threat"
        if merged and x > y:
            continue
        note = "; ".join(sorted(conditions.get((x, y), ()))) if kind == "sanction_threat" else ""
        edges.append(Edge(kind, x, y, merged and KIND[kind].directed, note))
    return edges


def _conditions(store: Store, graph: URIRef) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for a, b, c in _rows(store, _CONDITION_QUERY.format(graph=graph)):
        found.setdefault((str(a), str(b)), set()).add(str(c))
    return found


def _ternary_edges(store: Store, graph: URIRef) -> list[Edge]:
    query = _TERNARY_QUERY.format(graph=graph, classes=_iris(TERNARY))
    edges = set()
    for t, a, b, c in _rows(store, query):
        if isinstance(b, Literal) or isinstance(c, Literal):
            continue
        pair = tuple(sorted((str(b), str(c))))  # between B and C, in either order
        for side in pair:
            if side != str(a):
                edges.add(Edge(TERNARY[t], str(a), side, note=" and ".join(pair)))
    return list(edges)


def _components(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    """Connected components (union-find) of two or more members, each sorted, largest first."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in pairs:
        parent[root(x)] = root(y)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    blocs = [tuple(sorted(g)) for g in groups.values() if len(g) > 1]
    return tuple(sorted(blocs, key=lambda b: (-len(b), b)))


_KIND_OF_CLASS = {VOC.State: "state", VOC.Organisation: "organisation", VOC.Person: "person"}


def _entities(store: Store, iris: set[str]) -> tuple[Entity, ...]:
    if not iris:
        return ()
    labels: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    query = _ENTITY_QUERY.format(iris=_iris(URIRef(i) for i in sorted(iris)))
    for x, label, cls in _rows(store, query):
        if label is not None:
            labels.setdefault(str(x), set()).add(str(label))
        if cls in _KIND_OF_CLASS:
            kinds.setdefault(str(x), _KIND_OF_CLASS[cls])
    return tuple(Entity(i, min(labels.get(i, ()), key=lambda s: (len(s), s), default=_local_name(i)),
                        kinds.get(i, "other")) for i in sorted(iris))


def _local_name(iri: str) -> str:
    name = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return name.replace("_", " ").title() or iri


# -- the graphviz picture --------------------------------------------------------------------------
_SHAPES: Mapping[str, dict[str, str]] = {
    "state": {"shape": "ellipse", "fillcolor": "#fffde7"},
    "organisation": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e3f2fd"},
    "person": {"shape": "note", "fillcolor": "#f3e5f5"},
    "other": {"shape": "ellipse", "style": "dashed,filled", "fillcolor": "#fafafa"},
}
_FONT = "Helvetica"


def node_ids(entities: Iterable[Entity]) -> dict[str, str]:
    """Readable, safe graphviz ids: the IRI's local name in [a-z0-9_] (``dot`` reads ``:`` as a port)."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for entity in entities:
        base = re.sub(r"\W+", "_", re.split(r"[/#]", entity.iri.rstrip("/#"))[-1].lower()).strip("_")
        base = base if base and not base[0].isdigit() else f"n_{base}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        ids[entity.iri] = candidate
    return ids


def to_dot(network: Network, title: str = "Blocs, alignment and opposition") -> graphviz.Digraph:
    """The network as a graphviz Digraph (in a notebook it renders itself)."""
    dot = graphviz.Digraph("blocs", graph_attr={
        "label": title, "labelloc": "t", "fontsize": "20", "fontname": _FONT, "rankdir": "LR",
        "compound": "true", "newrank": "true", "nodesep": "0.4", "ranksep": "0.9",
        "bgcolor": "white", "pad": "0.3"},
        node_attr={"fontname": _FONT, "fontsize": "12", "style": "filled", "color": "#555555"},
        edge_attr={"fontname": _FONT, "fontsize": "10"})
    ids = node_ids(network.entities)
    entities = {e.iri: e for e in network.entities}
    in_bloc = set()
    for number, members in enumerate(network.blocs, start=1):
        with dot.subgraph(name=f"cluster_bloc_{number}") as cluster:
            cluster.attr(label=_bloc_label(number, [entities[m] for m in members]), style="rounded,filled",
                         color="#90a4ae", fillcolor="#f5f7f8", fontname=_FONT, fontsize="13")
            for member in members:
                _node(cluster, ids[member], entities[member])
                in_bloc.add(member)
    for entity in network.entities:
        if entity.iri not in in_bloc:
            _node(dot, ids[entity.iri], entity)
    for edge in network.edges:
        _edge(dot, ids, network, edge)
    if not network.entities:
        dot.node("empty", "No derived facts to draw yet: run `reasoner infer` first.",
                 shape="plaintext", style="")
    _legend(dot, {e.kind for e in network.edges}, bool(network.blocs))
    return dot


def _bloc_label(number: int, members: list[Entity]) -> str:
    """Name a bloc after its organisations (NATO, EU) if it has any, else after a few members."""
    organisations = [m.label for m in members if m.kind == "organisation"]
    names = organisations or [m.label for m in members]
    shown = " · ".join(sorted(names)[:3]) + (" …" if len(names) > 3 else "")
    return f"bloc {number}: {shown}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _node(graph: graphviz.Digraph, node_id: str, entity: Entity) -> None:
    attrs = dict(_SHAPES[entity.kind])
    graph.node(node_id, entity.label, tooltip=f"{entity.label} <{entity.iri}>",
               **{"class": f"entity {entity.kind}"}, **attrs)


def _edge(dot: graphviz.Digraph, ids: dict[str, str], network: Network, edge: Edge) -> None:
    kind = KIND[edge.kind]
    source, target = network.label(edge.source), network.label(edge.target)
    tooltip = f"{source} {kind.legend} {target}"
    if edge.kind in ("mediation", "intermediary"):
        sides = " and ".join(network.label(s) for s in edge.note.split(" and "))
        tooltip = f"{source} {'offers to mediate' if edge.kind == 'mediation' else 'is in contact'} between {sides}"
    elif edge.note:
        tooltip += f" ({edge.note})"
    attrs = {"color": kind.color, "style": kind.style, "penwidth": str(kind.penwidth),
             "tooltip": tooltip, "class": edge.kind}
    if not kind.directed:
        attrs["dir"] = "none"
    elif edge.mutual:
        attrs["dir"] = "both"
    if edge.kind == "sanction_threat":
        attrs["label"] = _short(f"sanctions {edge.note}" if edge.note else "sanctions", 40)
        attrs["fontcolor"] = kind.color
    dot.edge(ids[edge.source], ids[edge.target], **attrs)


_GLYPHS = {"solid": "━━━━", "dashed": "╍╍╍╍", "dotted": "┈┈┈┈"}


def _sample(kind: EdgeKind) -> str:
    """A line in the kind's style, with an arrowhead if it is directed."""
    return _GLYPHS[kind.style] + ("▶" if kind.directed else "━" if kind.style == "solid" else " ")


def _legend(dot: graphviz.Digraph, kinds: set[str], blocs: bool) -> None:
    """A key of the edge styles that occur, as one compact table (line glyphs in each colour).

    One node rather than sample edges between invisible nodes: ``dot`` lays sample edges out
    as a tall, ragged column that dwarfs a small network.
    """
    rows = [f'<tr><td align="left"><font color="{k.color}">{_sample(k)}</font></td>'
            f'<td align="left">{html.escape(k.legend)}</td></tr>' for k in KINDS if k.name in kinds]
    if blocs:
        rows.append('<tr><td align="left"><font color="#90a4ae">▢</font></td>'
                    '<td align="left">a bloc (same_bloc)</td></tr>')
    if not rows:
        return
    table = ('<table border="1" color="#bdbdbd" cellborder="0" cellspacing="2" cellpadding="2" '
             'style="rounded"><tr><td colspan="2"><b>key</b></td></tr>' + "".join(rows) + "</table>")
    with dot.subgraph(name="legend_rank") as corner:
        corner.attr(rank="sink")  # last rank: out of the way of the network
        corner.node("legend", f"<{table}>", shape="plaintext", style="", fontsize="10",
                    **{"class": "legend"})


# -- writing ---------------------------------------------------------------------------------------
def render(dot: graphviz.Digraph, fmt: str) -> bytes:
    """``dot`` output in ``fmt`` (svg, png), with a clear error when graphviz is missing or fails."""
    try:
        return dot.pipe(format=fmt)  # type: ignore[no-any-return]
    except graphviz.ExecutableNotFound:
        raise RenderError(Diagnostic(
            "graphviz-missing", "cannot draw: graphviz's `dot` program is not installed",
            hint="install it with `apt-get install graphviz` or `make system-deps`")) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"graphviz `dot` failed: {detail[0] if detail else exc}") from None


def draw(store: Store, output: Path) -> Path:
    """Draw the blocs network of ``store`` into ``output`` (.svg, .png or .html); returns the path."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Diagnostic(
            "bad-suffix", f"cannot draw into {output}: unsupported file type {suffix or '(none)'}",
            hint="use a name ending in .svg, .png or .html"))
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    network = read_network(store)
    dot = to_dot(network)
    data = render(dot, "png") if suffix == ".png" else render(dot, "svg")
    if suffix == ".html":
        data = html_page(data.decode("utf-8"), network).encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    return output


def html_page(svg: str, network: Network) -> str:
    """A self-contained page: the SVG inline (hover for details), and the blocs as text."""
    svg = svg[svg.find("<svg"):]  # drop the XML prolog and DOCTYPE, invalid inside HTML
    blocs = "".join(
        f"<li>{html.escape(', '.join(network.label(m) for m in members))}</li>" for members in network.blocs)
    summary = (f"{len(network.entities)} states, organisations and people; {len(network.edges)} "
               f"relations; {len(network.blocs)} blocs")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blocs, alignment and opposition</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body {{ font: 14px/1.4 Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }}
svg {{ max-width: 100%; height: auto; }}
</style></head>
<body>
<h1>Blocs, alignment and opposition</h1>
<p>{html.escape(summary)}. Derived by the rules; hover over a node or an edge for details.</p>
{svg}
<h2>Blocs</h2>
<ul>{blocs or "<li>none found</li>"}</ul>
</body></html>
"""
