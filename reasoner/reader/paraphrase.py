"""The controlled-English paraphrase of an event: one sentence the Lark grammar reads back.

The news reader (:mod:`reasoner.reader`) finds events in free text; the controlled language
stays their canonical form. :func:`paraphrase` writes one sentence per event, in the forms
``docs/language.md`` documents, so that an analyst can read what was understood, correct the
sentence and ingest it through the controlled-language front end. :func:`reread` parses the
paraphrase back with :func:`reasoner.cnl.parse_sentence`; :func:`same_event` says whether the
event read back is the event written.

    >>> import datetime as dt
    >>> from reasoner.cnl import Lexicon
    >>> from reasoner.cnl.statements import Event, Mention
    >>> lexicon = Lexicon.default()
    >>> def m(key): return Mention(lexicon.entity(key), key)
    >>> event = Event("meeting", (m("vladimir_putin"),), (m("xi_jinping"),), dt.date(2022, 2, 4), m("beijing"))
    >>> paraphrase(event)
    'Vladimir Putin met Xi Jinping in Beijing on 4 February 2022.'
    >>> reads_back(event, lexicon)
    True

What the round trip assumes:

- Entities are named by their labels. A label the lexicon knows is read as that entity. A label
  it does not know (an entity the reader made with ``lexicon.add_unknown(label, kind)``) must be
  a run of capitalised words (name particles such as "von" or "al" inside it are allowed), not
  starting with a demonym: the chunker reads such a run as a new name, and the resolver finds
  the entity the reader added under the same key (``entity_key(label)``).
- Actors and targets are the entities that act (metonymy resolved, "Moscow" -> Russia), as the
  controlled language resolves them; a place is the place itself.
- Modality follows the controlled language's precedence: a condition makes an event
  ``conditional``, else "will" makes it ``planned``, else an attribution makes it ``reported``.
  So a reported event has an attribution, a planned or conditional one may have one too, and
  an asserted one has none. A planned visit is the type ``planned_visit``.
- Dates are written in full ("on 4 February 2022"), so they read back whatever the
  publication date. Topics are not compared (the paraphrase names no topic it cannot state).
- A condition is a clause that starts with "if", "unless", "provided that", "in the event of"
  or "in case of" (others are given "if"); it is compared without case and that first word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from reasoner.cnl import Lexicon, parse_sentence
from reasoner.cnl.lexicon import PARTICLES, name_words
from reasoner.cnl.statements import SYMMETRIC_TYPES, Entity, Event, Mention, Quantity

SYMMETRIC = SYMMETRIC_TYPES
# Words that open a condition the grammar reads ("if", "in the event of"); others get "if".
CONDITION_OPENERS = ("if ", "unless ", "provided that ", "in the event of ", "in case of ", "in the case of ")
# Label heads that take "the" in running English ("the European Union", "the United States").
ARTICLE_HEADS = frozenset({"union", "states", "kingdom", "nations", "council", "commission", "emirates",
                           "netherlands", "philippines", "republic", "organization", "organisation",
                           "alliance", "league", "bank", "fund", "court", "agency", "parliament",
                           "assembly", "office", "ministry", "department", "forces", "army", "front",
                           "movement", "party", "government", "administration", "federation",
                           "community", "coalition", "bloc", "group", "committee", "authority"})


# ---- writing --------------------------------------------------------------------------------
def paraphrase(event: Event) -> str:
    """One controlled-English sentence stating ``event`` (its condition, attribution, date too)."""
    clause = CLAUSES.get(event.type, _generic)(event, _tense(event))
    condition = _condition(event.condition) if event.condition else ""
    sentence = _join(clause, _date(event.date), condition)
    if event.attribution is not None:  # after the clause: a leading one would join a list of names
        sentence += f", according to {_name(event.attribution.entity)}"
    return sentence[:1].upper() + sentence[1:] + "."


@dataclass(frozen=True)
class _Tense:
    """How the verbs of a clause are written: "met" / "will meet"."""

    planned: bool

    def verb(self, past: str, base: str) -> str:
        return f"will {base}" if self.planned else past


def _tense(event: Event) -> _Tense:
    # A visit told with "will" is another type (a planned visit).
    if event.type == "visit":
        return _Tense(False)
    if event.type == "planned_visit":
        return _Tense(True)
    if event.type == "sanction_threat":  # the threat is made now; the sanctions are what is conditional
        return _Tense(event.modality == "planned")
    return _Tense(event.modality in ("planned", "conditional"))


def _name(entity: Entity) -> str:
    label = entity.label
    words = label.split()
    if (entity.kind in ("state", "organisation", "group", "unknown") and len(words) > 1
            and words[-1].lower() in ARTICLE_HEADS and words[0].lower() != "the"):
        return f"the {label}"
    return label


def _names(mentions: Iterable[Mention]) -> str:
    names = [_name(m.entity) for m in mentions]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _date(day: dt.date | None) -> str:
    return f"on {day.day} {day.strftime('%B')} {day.year}" if day is not None else ""


def _place(event: Event, prep: str = "in") -> str:
    return f"{prep} {_name(event.place.entity)}" if event.place is not None else ""


def _condition(text: str) -> str:
    text = text.strip().rstrip(",.")
    lowered = text.lower()
    return text if lowered.startswith(CONDITION_OPENERS) else f"if {text}"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _quantity(quantity: Quantity | None, unit: str = "troops") -> str:
    """"an estimated 30,000 troops", "thousands of troops", "troops"."""
    if quantity is None:
        return unit
    qualifier = quantity.qualifier or ""
    vague = {"hundreds": 100, "thousands": 1_000, "tens of thousands": 10_000,
             "hundreds of thousands": 100_000, "millions": 1_000_000}
    if qualifier in vague and vague[qualifier] == quantity.value:
        return f"{qualifier} of {quantity.unit or unit}"
    number = f"{quantity.value:,.0f}"
    if qualifier.endswith("plus"):
        number += "-plus"
        qualifier = qualifier[:-len("plus")].strip()
    if qualifier == "estimated":
        qualifier = "an estimated"
    return _join(qualifier, number, quantity.unit or unit)


# ---- one clause per event type ----------------------------------------------------------------
def _meeting(event: Event, tense: _Tense) -> str:
    if event.targets:
        return _join(_names(event.actors), tense.verb("met", "meet"), _names(event.targets), _place(event))
    if len(event.actors) == 1:  # talks with parties not named
        return _join(_names(event.actors), tense.verb("held talks", "hold talks"), _place(event))
    return _join(_names(event.actors), tense.verb("met", "meet"), _place(event))


def _call(event: Event, tense: _Tense) -> str:
    if len(event.targets) == 1:
        verb = "will speak by phone with" if tense.planned else "phoned"
        return _join(_names(event.actors), verb, _names(event.targets), _place(event))
    parties = (*event.actors, *event.targets)  # one call among several: all of them spoke by phone
    return _join(_names(parties), tense.verb("spoke", "speak"), "by phone", _place(event))


def _visit(event: Event, tense: _Tense) -> str:
    return _join(_names(event.actors), tense.verb("visited", "visit"), _destination(event))


def _destination(event: Event) -> str:
    """The place visited when it stands for the state visited ("Kyiv"), else the state."""
    if event.place is not None and (not event.targets or [t.entity.key for t in event.targets]
                                    == [event.place.entity.country]):
        return _name(event.place.entity)
    return _names(event.targets)


def _host(event: Event, tense: _Tense) -> str:
    return _join(_names(event.actors), tense.verb("hosted", "host"), _names(event.targets), _place(event))


def _mediation(event: Event, tense: _Tense) -> str:
    targets = ""
    if len(event.targets) >= 2:
        targets = f"between {_names(event.targets)}"
    elif event.targets:
        targets = f"with {_names(event.targets)}"
    return _join(_names(event.actors), tense.verb("offered", "offer"), "to mediate", targets)


def _threat(event: Event, tense: _Tense) -> str:
    if event.targets:
        return _join(_names(event.actors), tense.verb("threatened", "threaten"), _names(event.targets),
                     "with sanctions")
    return _join(_names(event.actors), tense.verb("threatened", "threaten"), "sanctions")


def _imposed(event: Event, tense: _Tense) -> str:
    if tense.planned:  # "will impose sanctions" is a threat; a planned cut of ties is an imposition
        return _join(_names(event.actors), "will suspend relations with", _names(event.targets))
    targets = f"on {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), "imposed sanctions", targets)


def _accusation(event: Event, tense: _Tense) -> str:
    return _join(_names(event.actors), tense.verb("accused", "accuse"), _names(event.targets))


def _buildup(event: Event, tense: _Tense) -> str:
    near = f"near {_names(event.targets)}" if event.targets else ""
    verb = "will amass" if tense.planned else "have amassed" if len(event.actors) > 1 else "has amassed"
    return _join(_names(event.actors), verb, _quantity(event.quantity), _place(event), near)


def _deployment(event: Event, tense: _Tense) -> str:
    near = f"near {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), tense.verb("deployed", "deploy"), _quantity(event.quantity),
                 _place(event, "to"), near)


def _joint_statement(event: Event, tense: _Tense) -> str:
    partners = f"with {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), tense.verb("signed", "sign"), "a joint statement", partners, _place(event))


def _agreement(event: Event, tense: _Tense) -> str:
    partners = f"with {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), tense.verb("signed", "sign"), "an agreement", partners, _place(event))


def _appeal(event: Event, tense: _Tense) -> str:
    targets = f"to {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), tense.verb("appealed", "appeal"), targets, _place(event))


def _demand(event: Event, tense: _Tense) -> str:
    targets = f"from {_names(event.targets)}" if event.targets else ""
    return _join(_names(event.actors), tense.verb("demanded", "demand"), "concessions", targets)


def _support(event: Event, tense: _Tense) -> str:
    return _join(_names(event.actors), tense.verb("supported", "support"), _names(event.targets))


def _opposition(event: Event, tense: _Tense) -> str:
    return _join(_names(event.actors), tense.verb("opposed", "oppose"), _names(event.targets))


def _generic(event: Event, tense: _Tense) -> str:
    raise ValueError(f"no paraphrase for event type {event.type!r}")


CLAUSES: dict[str, Callable[[Event, _Tense], str]] = {
    "meeting": _meeting, "call": _call, "visit": _visit, "planned_visit": _visit, "host": _host,
    "mediation_offer": _mediation, "sanction_threat": _threat, "sanction_imposed": _imposed,
    "accusation": _accusation, "troop_buildup": _buildup, "deployment": _deployment,
    "joint_statement": _joint_statement, "agreement": _agreement, "appeal": _appeal, "demand": _demand,
    "support": _support, "opposition": _opposition,
}


# ---- what one sentence can state ------------------------------------------------------------
ONE_TARGET = frozenset({"visit", "planned_visit", "host"})  # the language makes one event per target
NEEDS_TARGET = frozenset({"visit", "planned_visit", "support", "opposition"})
LOCATED = frozenset({"meeting", "call", "host", "agreement", "joint_statement", "appeal", "visit",
                     "troop_buildup", "deployment", "planned_visit"})
QUANTIFIED = frozenset({"troop_buildup", "deployment"})
UNITS = frozenset({"troops", "soldiers", "servicemen", "personnel", "forces", "tanks", "weapons", "warships",
                   "ships", "jets", "aircraft", "missiles", "vehicles"})


def inexpressible(event: Event, lexicon: Lexicon | None = None) -> str | None:
    """Why no controlled-English sentence states exactly ``event``, or None when one does
    (with ``lexicon``, its names are checked too).

    These are the shapes of event the controlled language does not make (it would read the
    sentence as another event, or as several): the reader should emit events in the same shapes.
    """
    checks: list[tuple[bool, str]] = [
        (event.type not in CLAUSES, f"no event type {event.type!r}"),
        (not event.actors, "an event without actors"),
        (event.type in ONE_TARGET and len(event.targets) > 1, f"a {event.type} has one target (one event each)"),
        (event.type in NEEDS_TARGET and not event.targets, f"a {event.type} needs a target"),
        (event.type in ("call", "host") and len(event.actors) + len(event.targets) < 2,
         f"a {event.type} needs two parties"),
        (event.place is not None and event.type not in LOCATED, f"a {event.type} has no place"),
        (event.place is not None and event.type in SYMMETRIC | {"host", "appeal"}
         and event.place.entity.kind not in ("place", "unknown"), "the place is not a place"),
        (event.type in ("visit", "planned_visit") and event.place is not None and _destination(event) != _name(event.place.entity),
         "a visit's place is the capital of the state visited"),
        (event.quantity is not None and event.type not in QUANTIFIED, f"a {event.type} has no quantity"),
        (event.quantity is not None and event.quantity.unit not in UNITS, "the quantity's unit is not a force"),
        ((event.modality == "conditional") != bool(event.condition), "an event is conditional when it has a condition"),
        (event.modality == "reported" and event.attribution is None, "a reported event names its source"),
        (event.modality == "asserted" and event.attribution is not None, "an attributed event is reported"),
        (event.type == "planned_visit" and event.modality not in ("planned", "conditional"),
         "a planned visit is planned"),
        (event.type == "visit" and event.modality == "planned", "a planned visit is a planned_visit"),
        (event.type == "sanction_imposed" and event.modality in ("planned", "conditional") and not event.targets,
         "a planned imposition is a cut of ties with someone (else it is a threat)"),
        (event.type == "sanction_threat" and event.modality == "conditional" and not event.targets,
         "a conditional threat without target threatens the condition's first party"),
    ]
    for failed, reason in checks:
        if failed:
            return reason
    for mention in (*event.actors, *event.targets, event.place, event.attribution):
        if mention is not None and lexicon is not None and not _nameable(mention.entity, lexicon):
            return f"the name {mention.entity.label!r} is neither known nor a run of capitalised words"
    return None


def _nameable(entity: Entity, lexicon: Lexicon) -> bool:
    """Whether the label reads as the entity: a name the lexicon knows, or a new name."""
    words = list(name_words(_name(entity)))
    start = 1 if [w.lower() for w in words[:1]] == ["the"] else 0
    known = lexicon.name_at(words, start)
    if known is not None:
        return known == (entity.key, len(words) - start)
    return all(w[:1].isupper() or w[:1].isdigit() or w in PARTICLES for w in words[start:])


# ---- reading back ---------------------------------------------------------------------------
def reread(event: Event, lexicon: Lexicon, *, published: dt.date | None = None) -> tuple[Event, ...]:
    """The events the grammar reads in the paraphrase of ``event`` (with a copy of ``lexicon``)."""
    sentence = parse_sentence(paraphrase(event), lexicon=lexicon, date=published)
    return sentence.events


def reads_back(event: Event, lexicon: Lexicon, *, published: dt.date | None = None) -> bool:
    """Whether the paraphrase of ``event`` reads back as exactly that one event."""
    events = reread(event, lexicon, published=published)
    return len(events) == 1 and same_event(event, events[0])


def same_event(a: Event, b: Event) -> bool:
    """The same event, spans and surface text aside: type, participants (as one set for the
    symmetric types meeting, call, agreement and joint statement), date, place, modality,
    condition, attribution and quantity."""
    return _signature(a) == _signature(b)


def _signature(event: Event) -> tuple:
    actors = frozenset(m.entity.key for m in event.actors)
    targets = frozenset(m.entity.key for m in event.targets)
    if event.type in SYMMETRIC:
        actors, targets = actors | targets, frozenset()
    quantity = (event.quantity.value, event.quantity.unit) if event.quantity is not None else None
    return (event.type, actors, targets, event.date, _key(event.place), event.modality,
            _normal_condition(event.condition), _key(event.attribution), quantity)


def _key(mention: Mention | None) -> str | None:
    return mention.entity.key if mention is not None else None


def _normal_condition(text: str | None) -> str | None:
    if not text:
        return None
    lowered = re.sub(r"\s+", " ", text.strip().rstrip(",.").lower())
    return lowered[len("if "):] if lowered.startswith("if ") else lowered


@dataclass(frozen=True)
class Failure:
    """An event whose paraphrase does not read back, with what was read instead and, when
    known, why the controlled language cannot state it (:func:`inexpressible`)."""

    event: Event
    text: str
    read: tuple[Event, ...]
    reason: str | None

    def __str__(self) -> str:
        from reasoner.cnl.describe import describe_event

        read = "; ".join(describe_event(e) for e in self.read) or "no event"
        why = f" ({self.reason})" if self.reason else ""
        return f"{describe_event(self.event)}{why}\n  paraphrase: {self.text}\n  read back: {read}"


def round_trip_failures(pairs: Iterable[tuple[Event, Lexicon]], *, published: dt.date | None = None
                        ) -> list[Failure]:
    """The events whose paraphrase does not read back as themselves. For a corpus test:
    ``assert not round_trip_failures((e, lexicon) for e in events)``."""
    failures = []
    for event, lexicon in pairs:
        read = reread(event, lexicon, published=published)
        if not (len(read) == 1 and same_event(event, read[0])):
            failures.append(Failure(event, paraphrase(event), read, inexpressible(event, lexicon)))
    return failures
