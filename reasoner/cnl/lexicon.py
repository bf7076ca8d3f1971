"""The lexicon: entities, their names, and the background facts that define them.

A :class:`Lexicon` belongs to one knowledge base; there is no module-level mutable state. It is
built from definitional :class:`Fact` objects (``Lexicon.default()`` reads them from
``grammar/lexicon.cnl``, parsed by the same grammar as any document) and answers the chunker's
questions: which word sequences name which entity, which adjectives are demonyms, what a
capital or a building stands for, who leads what.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from reasoner.cnl.statements import Entity, EntityKind, Fact
from reasoner.cnl.world import Term
from reasoner.cnl.world import load as load_world

# Kind words of "X is a state." and the entity kind each one means.
KIND_WORDS: dict[str, EntityKind] = {
    "state": "state", "country": "state", "nation": "state",
    "organisation": "organisation", "organization": "organisation", "alliance": "organisation",
    "bloc": "organisation", "person": "person", "place": "place", "city": "place",
    "region": "place", "sea": "place", "group": "group",
}
# Name particles that stay lowercase inside a person's name ("Ursula von der Leyen").
PARTICLES = frozenset({"von", "der", "van", "de", "den", "di", "da", "du", "la", "le", "al", "bin", "ibn"})


def entity_key(label: str) -> str:
    """The lower snake case of a canonical name: "United States" -> "united_states"."""
    ascii_label = label.replace("'", "").replace("\u2019", "").replace(".", "")
    return re.sub(r"[^0-9a-z\u00c0-\u024f]+", "_", ascii_label.lower()).strip("_")


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name as the chunker's tokenizer splits them ("People's" -> "People", "'s")."""
    out: list[str] = []
    for word in re.findall(r"(?:[A-Z]\.){2,}|[\w\u00c0-\u024f]+(?:[-'\u2019.][\w\u00c0-\u024f]+)*\.?", name):
        if re.fullmatch(r".+['\u2019]s", word):
            out += [word[:-2], "'s"]
        else:
            out.append(word)
    return tuple(out)


@dataclass
class _Record:
    """What the lexicon knows about one entity (mutable while facts arrive)."""

    key: str
    label: str
    kind: EntityKind = "unknown"
    wikidata: str | None = None
    leads: str | None = None  # key of the state or organisation this person leads
    role: str | None = None
    capital_of: str | None = None
    stands_for: str | None = None
    located_in: str | None = None
    members_of: list[str] = field(default_factory=list)


class Lexicon:
    """Names, kinds and relations of the entities one knowledge base knows about."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._names: dict[tuple[str, ...], str] = {}  # lowercased words -> key
        self._forms: dict[tuple[str, ...], tuple[str, ...]] = {}  # lowercased -> as written
        self._demonyms: dict[str, str] = {}  # lowercased adjective -> key
        self._facts: list[Fact] = []
        self._first_words: set[str] = set()  # first words of names, to skip most lookups
        self._entities: dict[str, Entity] = {}  # built lazily from the records
        self._terms: dict[str, tuple[Term, ...]] = {}  # person key -> terms of office
        self.max_name_len = 1

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> "Lexicon":
        """A fresh lexicon holding the background facts of ``grammar/lexicon.cnl``."""
        lexicon = cls()
        facts, terms = _default_facts()
        lexicon.extend(facts)
        lexicon.add_terms(terms)
        return lexicon

    def copy(self) -> "Lexicon":
        """An independent lexicon with the same facts (documents extend copies)."""
        other = Lexicon()
        other._records = {k: replace(r, members_of=list(r.members_of)) for k, r in self._records.items()}
        other._names = dict(self._names)
        other._forms = dict(self._forms)
        other._demonyms = dict(self._demonyms)
        other._facts = list(self._facts)
        other._first_words = set(self._first_words)
        other._terms = dict(self._terms)
        other.max_name_len = self.max_name_len
        return other

    def add_terms(self, terms: Iterable[Term]) -> None:
        """Terms of office, against which a title used with a name is checked."""
        for term in terms:
            self._terms[term.person] = self._terms.get(term.person, ()) + (term,)

    def title_fits(self, key: str, role: str | None, day: dt.date | None) -> bool:
        """False when the lexicon knows this person held ``role`` only at other times than ``day``."""
        terms = [t for t in self._terms.get(key, ()) if role is not None and t.role == role]
        if day is None or not terms:
            return True
        return any(t.covers(day) for t in terms)

    def extend(self, facts: Iterable[Fact]) -> None:
        """Add definitional facts; later facts refine earlier ones."""
        for fact in facts:
            self._facts.append(fact)
            self._apply(fact)
        self._entities.clear()

    def add_unknown(self, label: str, kind: EntityKind = "unknown", country: str | None = None) -> Entity:
        """An entity for a name the lexicon does not know (kept out of background_facts)."""
        key = entity_key(label)
        if key not in self._records:
            self._records[key] = _Record(key, label, kind, leads=country)
            self._entities.clear()
        return self.entity(key)

    def _record(self, entity: Entity) -> _Record:
        record = self._records.get(entity.key)
        if record is None:
            record = self._records[entity.key] = _Record(entity.key, entity.label, entity.kind, entity.wikidata)
            self._add_name(entity.label, entity.key)
            if entity.kind == "person" and len(name_words(entity.label)) > 1:
                self._add_name(name_words(entity.label)[-1], entity.key, weak=True)
        else:
            if entity.kind != "unknown":
                record.kind = entity.kind
            record.wikidata = entity.wikidata or record.wikidata
        return record

    def _apply(self, fact: Fact) -> None:
        record = self._record(fact.subject)
        target = self._record(fact.object) if isinstance(fact.object, Entity) else None
        relation = fact.relation
        if relation == "is_a" and isinstance(fact.object, str):
            record.kind = KIND_WORDS.get(fact.object, record.kind)
        elif relation == "leader_of" and target:
            record.kind, record.leads, record.role = "person", target.key, fact.role
            if len(name_words(record.label)) > 1:
                self._add_name(name_words(record.label)[-1], record.key, weak=True)
        elif relation == "member_of" and target:
            record.members_of.append(target.key)
        elif relation == "capital_of" and target:
            record.capital_of = target.key
            record.kind = "place" if record.kind == "unknown" else record.kind
        elif relation == "stands_for" and target:
            record.stands_for = target.key
        elif relation == "located_in" and target:
            record.located_in = target.key
        elif relation == "alias" and isinstance(fact.object, str):
            self._add_name(fact.object, record.key)
        elif relation == "demonym" and isinstance(fact.object, str):
            self._demonyms[fact.object.lower()] = record.key

    def _add_name(self, name: str, key: str, *, weak: bool = False) -> None:
        words = name_words(name)
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]  # the article is optional in text; the chunker tries both
        lowered = tuple(w.lower() for w in words)
        if not lowered or (weak and lowered in self._names and self._names[lowered] != key):
            return
        self._names[lowered] = key
        self._forms[lowered] = words
        self._first_words.add(lowered[0])
        self.max_name_len = max(self.max_name_len, len(lowered))

    # ---- questions ----------------------------------------------------------------------
    def entity(self, key: str) -> Entity:
        cached = self._entities.get(key)
        if cached is None:
            record = self._records[key]
            cached = Entity(record.key, record.label, record.kind, record.wikidata, self.country_of(key))
            self._entities[key] = cached
        return cached

    def lookup(self, key: str) -> Entity | None:
        """The entity with this key, or whose name (or alias) is this string."""
        if key in self._records:
            return self.entity(key)
        words = name_words(key)
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        found = self._names.get(tuple(w.lower() for w in words))
        return self.entity(found) if found else None

    def entities(self) -> Iterable[Entity]:
        return [self.entity(k) for k in self._records]

    def background_facts(self) -> list[Fact]:
        return list(self._facts)

    def name_at(self, words: list[str]) -> tuple[str, int] | None:
        """The longest known name at the start of ``words`` (as written): (key, length)."""
        if not words or words[0].lower() not in self._first_words:
            return None
        for length in range(min(self.max_name_len, len(words)), 0, -1):
            lowered = tuple(w.lower().replace("\u2019", "'") for w in words[:length])
            key = self._names.get(lowered)
            if key and _case_fits(words[:length], self._forms[lowered]):
                return key, length
        return None

    def demonym(self, word: str) -> str | None:
        """The key of the state (or group) an adjective such as "Turkish" refers to."""
        return self._demonyms.get(word.lower()) if word[:1].isupper() else None

    def names(self) -> list[str]:
        """Every known name as written, for "did you mean" suggestions."""
        return [" ".join(form) for form in self._forms.values()]

    def role_of(self, key: str) -> str | None:
        record = self._records.get(key)
        return record.role if record else None

    def leaders(self, role: str, country: str | None) -> list[str]:
        """Keys of persons with this role (of this country, if given)."""
        return [r.key for r in self._records.values()
                if r.role == role and (country is None or self.country_of(r.key) == country)]

    def members(self, group: str) -> list[str]:
        return [r.key for r in self._records.values() if group in r.members_of]

    def resolve(self, key: str) -> str:
        """What an entity stands for when it acts: Moscow -> russia, the Kremlin -> russia."""
        seen = set()
        record = self._records.get(key)
        while record and key not in seen:
            seen.add(key)
            nxt = record.stands_for or record.capital_of
            if not nxt:
                break
            key, record = nxt, self._records.get(nxt)
        return key

    def country_of(self, key: str) -> str | None:
        """The state (or organisation) an entity stands for or leads, if known."""
        record = self._records.get(key)
        if record is None:
            return None
        if record.kind in ("state", "organisation", "group"):
            return self.resolve(key)
        if record.leads:
            return self.resolve(record.leads)
        if record.capital_of or record.stands_for:
            return self.resolve(key)
        if record.located_in:
            return self.resolve(record.located_in)
        return None


def _case_fits(text_words: list[str], form: tuple[str, ...]) -> bool:
    """Capitalised words of a name must be capitalised in the text ("US" is not "us")."""
    for text_word, form_word in zip(text_words, form):
        if form_word[:1].isupper() and not text_word[:1].isupper():
            return False
        if form_word.isupper() and len(form_word) > 1 and not text_word.isupper():
            return False
    return True


@lru_cache(maxsize=1)
def _default_facts() -> tuple[tuple[Fact, ...], tuple[Term, ...]]:
    """The facts of grammar/lexicon.cnl and grammar/world/*.tsv, read once per process (immutable)."""
    from reasoner.cnl.document import parse_definitions
    from reasoner.resources import grammar_path

    path = grammar_path("lexicon.cnl")
    core = tuple(parse_definitions(path.read_text(encoding="utf-8"), source=str(path)))
    world, terms = load_world(grammar_path("world"))
    return core + world, terms


def with_kind(entity: Entity, kind: EntityKind) -> Entity:
    return replace(entity, kind=kind)
