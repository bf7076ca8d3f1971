"""What the controlled-language front end produces: small frozen dataclasses, no RDF.

A :class:`Document` holds :class:`Sentence` objects; each understood sentence carries the
:class:`Event` frames and definitional :class:`Fact` objects it states, each with the character
span it came from. The ``rdf`` stage turns these into triples; nothing here knows about IRIs
beyond the entity ``key`` (lower snake case of the canonical English name, e.g. ``russia``,
``vladimir_putin``), which is the naming contract shared with the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from reasoner.errors import Diagnostic, Span


def entity_key(label: str) -> str:
    """The lower snake case of a canonical name: "United States" -> "united_states"."""
    ascii_label = label.replace("'", "").replace("\u2019", "").replace(".", "")
    return re.sub(r"[^0-9a-z\u00c0-\u024f]+", "_", ascii_label.lower()).strip("_")


EntityKind = Literal["state", "organisation", "person", "place", "group", "unknown"]

EventType = Literal[
    "meeting", "call", "visit", "planned_visit", "host", "mediation_offer", "sanction_threat",
    "sanction_imposed", "accusation", "troop_buildup", "deployment", "joint_statement",
    "agreement", "appeal", "demand", "support", "opposition",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Modality = Literal["asserted", "planned", "conditional", "reported"]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]

# Event types whose parties act together (no one is the target: "Russia and China met"), and
# directed types that need someone acted upon ("X visited" alone states no visit).
SYMMETRIC_TYPES = frozenset({"meeting", "call", "agreement", "joint_statement"})
TARGETED_TYPES = frozenset({"visit", "planned_visit", "host", "support", "opposition", "accusation"})

# CAMEO 1.1b3 code and name for each event type (see docs/language.md for the choices).
CAMEO: dict[str, tuple[str, str]] = {
    "meeting": ("040", "Consult, not specified below"),
    "call": ("041", "Discuss by telephone"),
    "visit": ("042", "Make a visit"),
    "planned_visit": ("036", "Express intent to meet or negotiate"),
    "host": ("043", "Host a visit"),
    "mediation_offer": ("039", "Express intent to mediate"),
    "sanction_threat": ("1312", "Threaten with sanctions, boycott, embargo"),
    "sanction_imposed": ("163", "Impose embargo, boycott, or sanctions"),
    "accusation": ("112", "Accuse, not specified below"),
    "troop_buildup": ("154", "Mobilize or increase armed forces"),
    "deployment": ("154", "Mobilize or increase armed forces"),
    "joint_statement": ("019", "Express accord"),
    "agreement": ("057", "Sign formal agreement"),
    "appeal": ("020", "Make an appeal or request, not specified below"),
    "demand": ("100", "Demand, not specified below"),
    "support": ("050", "Engage in diplomatic cooperation, not specified below"),
    "opposition": ("111", "Criticize or denounce"),
}


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, state, organisation, place or group, as the lexicon knows it."""

    key: str  # lower snake case of the canonical English name: the rules' constant
    label: str  # canonical English name
    kind: EntityKind = "unknown"
    wikidata: str | None = None  # e.g. "Q159"
    country: str | None = None  # key of the state it stands for or leads, if known


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity as a sentence names it ("Moscow" for Russia, "Xi" for Xi Jinping)."""

    entity: Entity
    text: str
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and qualifier: "an estimated 100,000-plus troops"."""

    value: float
    unit: str  # e.g. "troops", "cubic meters"
    qualifier: str | None = None  # "plus", "some", "estimated", "thousands"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One event frame: who did what to whom, when, where, on what condition."""

    type: str  # one of EVENT_TYPES
    actors: tuple[Mention, ...]
    targets: tuple[Mention, ...] = ()
    date: dt.date | None = None
    place: Mention | None = None
    condition: str | None = None  # verbatim-ish condition text, e.g. "if Russia invades Ukraine"
    modality: Modality = "asserted"
    attribution: Mention | None = None  # who said it ("a British statement said")
    quantity: Quantity | None = None
    topic: str | None = None  # what it was about ("natural gas", "the Ukraine situation")
    span: Span | None = field(default=None, compare=False)
    code: str | None = None  # the CAMEO code a coded event table gave, kept as written
    measures: tuple[tuple[str, float], ...] = ()  # numbers a table gave: ("goldstein", -5.8)

    @property
    def cameo(self) -> str:
        return self.code or CAMEO[self.type][0]


@dataclass(frozen=True, slots=True)
class Fact:
    """A definitional statement: "Turkey is a member of NATO." -> Fact(turkey, member_of, nato).

    ``relation`` is one of: ``is_a`` (object is a kind: state, organisation, person, place),
    ``member_of``, ``capital_of``, ``leader_of`` (with ``role`` such as "president"),
    ``stands_for`` (metonymy: "the Kremlin" stands for Russia), ``demonym`` (object is the
    adjective string), ``alias`` (object is another name string), ``located_in``.
    """

    subject: Entity
    relation: str
    object: Entity | str
    role: str | None = None
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document, understood or not."""

    number: int  # 1-based, in document order
    text: str
    span: Span  # within the document's text (line, column, character offsets)
    events: tuple[Event, ...] = ()
    facts: tuple[Fact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()  # errors (not understood) and warnings
    record_id: str | None = None  # a table row's own event id (GDELT's GLOBALEVENTID)
    source_url: str | None = None  # the story a table row was coded from

    @property
    def understood(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: header fields plus its sentences."""

    doc_id: str  # stable, readable id from the file name, e.g. "2022-02-04-russia-china-united-front"
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    date: dt.date | None = None  # publication date, against which relative dates resolve
    source: str | None = None  # the file name or URL it came from
    skipped: tuple[tuple[str, int], ...] = ()  # a table's rows left out, by reason: ("190", 5883)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e for s in self.sentences for e in s.events)

    @property
    def understood_count(self) -> int:
        return sum(1 for s in self.sentences if s.understood)
