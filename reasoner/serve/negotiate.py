"""Result formats and content negotiation: which serialisation answers a query form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class ResultFormat:
    name: str
    media_type: str
    aliases: tuple[str, ...]  # other media types and the short names of the ``format`` parameter
    graph: bool  # for CONSTRUCT/DESCRIBE (triples) rather than SELECT/ASK (solutions)


FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ("application/json", "json"), False),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "xml"), False),
    ResultFormat("csv", "text/csv", ("csv",), False),
    ResultFormat("tsv", "text/tab-separated-values", ("tsv",), False),
    ResultFormat("turtle", "text/turtle",
                 ("application/x-turtle", "application/turtle", "turtle", "ttl", "n3", "text/n3"), True),
    ResultFormat("nt", "application/n-triples", ("text/plain", "nt", "ntriples", "n-triples"), True),
    ResultFormat("rdfxml", "application/rdf+xml", ("rdfxml", "rdf+xml", "rdf", "xml"), True),
    ResultFormat("jsonld", "application/ld+json", ("jsonld", "json-ld", "json"), True),
)
GRAPH_FORMS = frozenset({"construct", "describe"})


def formats_for(form: str) -> tuple[ResultFormat, ...]:
    """The formats a query form can answer in, the default first."""
    graph = form in GRAPH_FORMS
    return tuple(f for f in FORMATS if f.graph == graph)


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q))
    return ranges


def _quality(fmt: ResultFormat, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific Accept range that matches one of the format's media types."""
    types = [fmt.media_type] + [a for a in fmt.aliases if "/" in a]
    best: tuple[int, float] = (-1, 0.0)
    for media_range, q in ranges:
        for media_type in types:
            major = media_type.split("/")[0]
            specificity = (2 if media_range == media_type
                           else 1 if media_range == f"{major}/*"
                           else 0 if media_range == "*/*" else -1)
            if specificity > best[0]:
                best = (specificity, q)
    return best[1]


def negotiate(form: str, accept: str | None, requested: Iterable[str] = ()) -> ResultFormat | None:
    """The result format for a query form from the ``format`` parameter values, else Accept.

    The parameter wins when one of its values names a format for this query form (clients such
    as SPARQLWrapper send ``format=xml`` for a CONSTRUCT meaning RDF/XML, so names are read per
    form); None when nothing acceptable is left.
    """
    candidates = formats_for(form)
    for value in requested:
        value = value.strip().lower()
        for fmt in candidates:
            if value == fmt.name or value == fmt.media_type or value in fmt.aliases:
                return fmt
    if not accept or not accept.strip():
        return candidates[0]
    ranges = _accept_ranges(accept)
    scored = [(_quality(fmt, ranges), -i, fmt) for i, fmt in enumerate(candidates)]
    q, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best if q > 0 else None


def media_type(fmt: str) -> str:
    """The Content-Type of a format by name, with a charset for the textual ones."""
    media = next(f.media_type for f in FORMATS if f.name == fmt)
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")
