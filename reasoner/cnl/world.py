"""The world lexicon as data: ``grammar/world/*.tsv`` -> definitional facts and terms of office.

Three tab-separated files (see their header comments): ``states.tsv`` (UN member states with
demonyms, capitals and other names), ``organisations.tsv`` (organisations, groups, buildings that
stand for a state) and ``people.tsv`` (office holders with their role, state and term). They are
read straight into :class:`Fact` objects, without the grammar, so that ``Lexicon.default()`` stays
fast; ``grammar/lexicon.cnl`` keeps the hand-written core in the language's own sentences.
A fourth, ``codes.tsv``, gives the states' ISO 3166 country codes, for coded event tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from reasoner.cnl.statements import Entity, EntityKind, Fact, entity_key

KINDS: dict[str, EntityKind] = {"organisation": "organisation", "group": "group", "place": "place",
                                "state": "state", "person": "person"}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of office: who held which role of which state or organisation, when."""

    person: str  # entity key
    role: str
    of: str  # entity key of the state or organisation
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def rows(path: Path) -> Iterator[list[str]]:
    """The cells of each data line of a tab-separated world or table file (``#`` comments)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def _cells(cell: str) -> list[str]:
    return [] if cell in ("", "-") else [c.strip() for c in cell.split(";") if c.strip()]


def _date(cell: str) -> dt.date | None:
    return None if cell in ("", "-") else dt.date.fromisoformat(cell)


def _entity(name: str, kind: EntityKind, qid: str) -> Entity:
    return Entity(entity_key(name), name, kind, None if qid in ("", "-") else qid)


def state_facts(path: Path) -> list[Fact]:
    facts: list[Fact] = []
    for name, qid, demonyms, capital, aliases in ((row + ["-"] * 5)[:5] for row in rows(path)):
        state = _entity(name, "state", qid)
        facts.append(Fact(state, "is_a", "state"))
        facts += [Fact(state, "alias", a) for a in _cells(aliases)]
        facts += [Fact(state, "demonym", d) for d in _cells(demonyms)]
        if capital not in ("", "-"):
            facts.append(Fact(_entity(capital, "place", "-"), "capital_of", state))
    return facts


def organisation_facts(path: Path) -> list[Fact]:
    facts: list[Fact] = []
    for name, qid, kind, aliases, stands_for in ((row + ["-"] * 5)[:5] for row in rows(path)):
        entity = _entity(name, KINDS.get(kind, "organisation"), qid)
        facts.append(Fact(entity, "is_a", kind if kind in KINDS else "organisation"))
        facts += [Fact(entity, "alias", a) for a in _cells(aliases)]
        if stands_for not in ("", "-"):
            facts.append(Fact(entity, "stands_for", _entity(stands_for, "unknown", "-")))
    return facts


def people(path: Path) -> tuple[list[Fact], list[Term]]:
    facts: list[Fact] = []
    terms: list[Term] = []
    for name, qid, role, of, start, end, aliases in ((row + ["-"] * 7)[:7] for row in rows(path)):
        person = _entity(name, "person", qid)
        office = _entity(of, "unknown", "-")
        facts.append(Fact(person, "leader_of", office, role=role))
        facts += [Fact(person, "alias", a) for a in _cells(aliases)]
        terms.append(Term(person.key, role, office.key, _date(start), _date(end)))
    return facts, terms


@dataclass(frozen=True, slots=True)
class CountryCode:
    """A state's ISO 3166-1 codes and the names ISO gives it (``codes.tsv``)."""

    key: str  # entity key of the state
    alpha3: str
    alpha2: str
    iso_names: tuple[str, ...]


def country_codes(path: Path) -> tuple[CountryCode, ...]:
    """The states' country codes, for coded event tables (missing file: none)."""
    if not path.is_file():
        return ()
    return tuple(CountryCode(entity_key(name), alpha3, alpha2, tuple(_cells(names)))
                 for name, alpha3, alpha2, names in ((row + ["-"] * 4)[:4] for row in rows(path)))


def load(folder: Path) -> tuple[tuple[Fact, ...], tuple[Term, ...]]:
    """Every fact and term of the world files in ``folder`` (missing files are skipped)."""
    facts: list[Fact] = []
    terms: list[Term] = []
    if (folder / "states.tsv").is_file():
        facts += state_facts(folder / "states.tsv")
    if (folder / "organisations.tsv").is_file():
        facts += organisation_facts(folder / "organisations.tsv")
    if (folder / "people.tsv").is_file():
        person_facts, terms = people(folder / "people.tsv")
        facts += person_facts
    return tuple(facts), tuple(terms)
