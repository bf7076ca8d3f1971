"""The picture of the blocs: the states and organisations the documents mention, who is aligned
with, opposes, threatens or mediates between whom, with each bloc (a connected component of
``same_bloc``) drawn as a box.

``draw(store, Path("blocs.svg"))`` writes SVG, PNG or a self-contained HTML page (the SVG inline,
no scripts, nothing fetched from elsewhere) through graphviz's ``dot``. Every edge is a derived
fact from the ``inferred`` graph, labelled by its conclusion; in the HTML page it links to its
explanation (``explain=``). An organisation is one node ("NATO, 30 members") unless ``expand``
draws its members. Labels, kinds and memberships come from the background.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import graphviz
from rdflib import Literal, URIRef

from reasoner.errors import Diagnostic, InputError, ReasonerError
from reasoner.rdf.namespaces import INFERRED_GRAPH, VOC, symbol_of_iri
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
    label: str = ""  # the conclusion, written on each edge
    predicate: str = ""  # the rule predicate the edge shows (for its explanation)


KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("aligned", "aligned with", "#2e7d32", "solid", False, 2.4, "aligned", "aligned"),
    EdgeKind("opposes", "opposes", "#c62828", "solid", True, 1.8, "opposes", "opposes"),
    EdgeKind("sanction_threat", "threatens with sanctions", "#ef6c00", "dashed", True, 1.8,
             "sanctions", "sanction_threat"),
    EdgeKind("mediation", "offers to mediate with", "#1565c0", "dashed", True, 1.6, "mediates",
             "mediation_offer"),
    EdgeKind("intermediary", "in contact with both sides", "#6a1b9a", "dotted", True, 1.4,
             "in contact", "intermediary"),
    EdgeKind("coordinates", "coordinates with", "#9e9e9e", "dotted", False, 1.0, "coordinates",
             "coordinates"),
    EdgeKind("member_of", "member of", "#b0bec5", "solid", True, 0.6),  # drawn with expand only
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
    details: tuple[str, ...] = ()  # smaller lines under the label: "30 members", the people mentioned


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
# Who the documents mention: the actors, targets and places of their events.
_MENTION_QUERY = """SELECT DISTINCT ?x WHERE { ?e voc:event_type ?t ; ?role ?x .
  VALUES ?role { voc:actor voc:target voc:place } }"""
# The party a person acts for: the state or organisation they lead, else their country.
_PERSON_QUERY = """SELECT ?p ?leads ?country WHERE {{ VALUES ?p {{ {iris} }}
  OPTIONAL {{ ?p voc:leader_of ?leads }} OPTIONAL {{ ?p voc:country ?country }} }}"""
_MEMBER_QUERY = "SELECT ?m ?o WHERE {{ VALUES ?o {{ {iris} }} ?m voc:member_of ?o }}"


def _rows(store: Store, query: str) -> list[tuple[Any, ...]]:
    """The rows of a SELECT query as plain tuples of terms."""
    return [tuple(row) for row in store.query(query)]  # type: ignore[arg-type]


def _iris(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{t}>" for t in terms)


def read_network(store: Store, graph: URIRef = INFERRED_GRAPH, *, expand: bool = False) -> Network:
    """The network of derived facts in ``graph`` and the parties the documents mention, with
    labels and kinds from the whole store; ``expand`` adds each organisation's members."""
    edges = _binary_edges(store, graph) + _ternary_edges(store, graph)
    blocs = _components((str(x), str(y)) for x, y in _rows(store, _BLOC_QUERY.format(graph=graph)))
    drawn = {e.source for e in edges} | {e.target for e in edges} | {m for b in blocs for m in b}
    mentioned = {str(x) for (x,) in _rows(store, _MENTION_QUERY) if isinstance(x, URIRef)}
    kinds = _kinds(store, drawn | mentioned)
    people = _people_by_party(store, {x for x in mentioned if kinds.get(x) == "person"})
    parties = drawn | set(people) | {x for x in mentioned if kinds.get(x) in ("state", "organisation")}
    kinds.update(_kinds(store, set(people) - set(kinds)))
    organisations = {x for x in parties if kinds.get(x) == "organisation"}
    memberships = _memberships(store, organisations)
    if expand:
        edges += [Edge("member_of", m, o) for m, o in memberships]
        parties |= {m for m, _ in memberships}
    sizes = {o: sum(1 for _, org in memberships if org == o) for o in organisations}
    return Network(_entities(store, parties, people, sizes), tuple(sorted(set(edges), key=_edge_key)), blocs)


def _kinds(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    kinds: dict[str, str] = {}
    for x, _, cls in _rows(store, _ENTITY_QUERY.format(iris=_iris(URIRef(i) for i in sorted(iris)))):
        if cls in _KIND_OF_CLASS:
            kinds.setdefault(str(x), _KIND_OF_CLASS[cls])
    return kinds


def _memberships(store: Store, organisations: set[str]) -> list[tuple[str, str]]:
    if not organisations:
        return []
    query = _MEMBER_QUERY.format(iris=_iris(URIRef(o) for o in sorted(organisations)))
    return sorted({(str(m), str(o)) for m, o in _rows(store, query)})


def _people_by_party(store: Store, people: set[str]) -> dict[str, list[str]]:
    """The people mentioned, under the party they act for: the party is drawn (a leader's acts
    are the state's, rules/parties.dl) and their names go on its node."""
    if not people:
        return {}
    found: dict[str, set[str]] = {}
    for p, leads, country in _rows(store, _PERSON_QUERY.format(iris=_iris(URIRef(i) for i in sorted(people)))):
        party = str(leads) if leads is not None else str(country) if country is not None else None
        if party is not None:
            found.setdefault(party, set()).add(str(p))
    return {party: sorted(who) for party, who in found.items()}


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


MAX_PEOPLE = 2  # names shown on a party's node; the rest as "+N"


def _entities(store: Store, iris: set[str], people: Mapping[str, list[str]] | None = None,
              sizes: Mapping[str, int] | None = None) -> tuple[Entity, ...]:
    people, sizes = people or {}, sizes or {}
    everyone = iris | {p for who in people.values() for p in who}
    if not everyone:
        return ()
    labels: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    query = _ENTITY_QUERY.format(iris=_iris(URIRef(i) for i in sorted(everyone)))
    for x, label, cls in _rows(store, query):
        if label is not None:
            labels.setdefault(str(x), set()).add(str(label))
        if cls in _KIND_OF_CLASS:
            kinds.setdefault(str(x), _KIND_OF_CLASS[cls])

    def label(iri: str) -> str:
        return min(labels.get(iri, ()), key=lambda s: (len(s), s), default=_local_name(iri))

    def details(iri: str) -> tuple[str, ...]:
        lines = [f"{sizes[iri]} members"] if sizes.get(iri) else []
        names = sorted(label(p) for p in people.get(iri, ()))
        if names:
            more = len(names) - MAX_PEOPLE
            lines.append(", ".join(names[:MAX_PEOPLE]) + (f" +{more}" if more > 0 else ""))
        return tuple(lines)

    return tuple(Entity(i, label(i), kinds.get(i, "other"), details(i)) for i in sorted(iris))


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


def to_dot(network: Network, title: str = "Blocs, alignment and opposition",
           links: Mapping[Edge, str] | None = None) -> graphviz.Digraph:
    """The network as a graphviz Digraph (in a notebook it renders itself). ``links`` maps edges
    to the address each one opens when clicked (the HTML page's explanations)."""
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
        _edge(dot, ids, network, edge, (links or {}).get(edge))
    if not network.entities:
        dot.node("empty", "No derived facts to draw yet: run `reasoner infer` first.",
                 shape="plaintext", style="")
    _legend(dot, {e.kind for e in network.edges}, bool(network.blocs))
    return dot


def _bloc_label(number: int, members: list[Entity]) -> str:
    """Name a bloc after a few of its members, states first: an organisation in a bloc is one
    member among others, not the bloc's name."""
    names = [m.label for m in sorted(members, key=lambda m: (m.kind != "state", m.label))]
    shown = " · ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
    return f"bloc {number}: {shown}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _node(graph: graphviz.Digraph, node_id: str, entity: Entity) -> None:
    attrs = dict(_SHAPES[entity.kind])
    tooltip = f"{entity.label} <{entity.iri}>" + "".join(f"; {d}" for d in entity.details)
    graph.node(node_id, _node_label(entity), tooltip=tooltip, **{"class": f"entity {entity.kind}"}, **attrs)


def _node_label(entity: Entity) -> str:
    """The name, and the details in small grey type beneath it (a graphviz HTML-like label)."""
    if not entity.details:
        return entity.label
    lines = "".join(f'<br/><font point-size="9" color="#546e7a">{html.escape(_short(d, 36))}</font>'
                    for d in entity.details)
    return f"<{html.escape(entity.label)}{lines}>"


def _edge(dot: graphviz.Digraph, ids: dict[str, str], network: Network, edge: Edge,
          link: str | None = None) -> None:
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
    if kind.label:
        text = f"{kind.label} {edge.note}" if edge.kind == "sanction_threat" and edge.note else kind.label
        attrs["label"] = _short(text, 40)
        attrs["fontcolor"] = kind.color
    if link:
        attrs["URL"] = link
        attrs["target"] = "_self"
        attrs["tooltip"] += " (click for why)"
    dot.edge(ids[edge.source], ids[edge.target], **attrs)


def edge_atoms(edge: Edge) -> tuple[str, ...]:
    """The conclusions an edge draws, as rule atoms (``aligned(russia, china)``): what
    ``explain`` is asked for when the edge is clicked."""
    kind = KIND[edge.kind]
    if not kind.predicate:
        return ()
    if edge.kind in ("mediation", "intermediary"):
        sides = edge.note.split(" and ")
        return (f"{kind.predicate}({', '.join(_rule_term(x) for x in [edge.source, *sides])})",)
    pairs = [(edge.source, edge.target)] + ([(edge.target, edge.source)] if edge.mutual else [])
    return tuple(f"{kind.predicate}({_rule_term(x)}, {_rule_term(y)})" for x, y in pairs)


def _rule_term(iri: str) -> str:
    return symbol_of_iri(iri) or f"<{iri}>"


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


Explain = Callable[[str], str]  # a rule atom -> why it holds, as readable text


def draw(store: Store, output: Path, *, expand: bool = False, explain: Explain | None = None) -> Path:
    """Draw the blocs network of ``store`` into ``output`` (.svg, .png or .html); returns the path.

    ``expand`` draws every member of each organisation shown; ``explain`` (with .html) makes
    each edge a link to the explanation of its conclusion, written into the page."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Diagnostic(
            "bad-suffix", f"cannot draw into {output}: unsupported file type {suffix or '(none)'}",
            hint="use a name ending in .svg, .png or .html"))
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    network = read_network(store, expand=expand)
    why = explanations(network, explain) if suffix == ".html" and explain else {}
    links = {edge: f"#{anchor}" for edge, (anchor, _) in why.items()}
    dot = to_dot(network, links=links)
    data = render(dot, "png") if suffix == ".png" else render(dot, "svg")
    if suffix == ".html":
        data = html_page(data.decode("utf-8"), network, list(why.values())).encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    return output


def explanations(network: Network, explain: Explain) -> dict[Edge, tuple[str, str]]:
    """For each edge with a conclusion: an anchor name and the explanation of its atoms."""
    found = {}
    for number, edge in enumerate(network.edges, start=1):
        atoms = edge_atoms(edge)
        if atoms:
            found[edge] = (f"why-{number}", "\n\n".join(explain(atom) for atom in atoms))
    return found


def html_page(svg: str, network: Network, why: list[tuple[str, str]] | None = None) -> str:
    """A self-contained page: the SVG inline (hover for details, click an edge for why), the
    blocs as text, and the explanation of every edge."""
    svg = svg[svg.find("<svg"):]  # drop the XML prolog and DOCTYPE, invalid inside HTML
    sections = "".join(f'<section id="{anchor}"><pre>{html.escape(text)}</pre></section>'
                       for anchor, text in why or [])
    explained = f"<h2>Why each edge holds</h2>\n{sections}" if sections else ""
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
section:target {{ background: #fff8e1; }}
pre {{ white-space: pre-wrap; }}
</style></head>
<body>
<h1>Blocs, alignment and opposition</h1>
<p>{html.escape(summary)}. Derived by the rules; hover over a node or an edge for details{
    ", click an edge for why it holds" if sections else ""}.</p>
{svg}
<h2>Blocs</h2>
<ul>{blocs or "<li>none found</li>"}</ul>
{explained}
</body></html>
"""
