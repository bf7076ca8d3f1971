"""The lexicon: entities, their names, and the background facts that define them.

A :class:`Lexicon` belongs to one knowledge base; the only module-level state is the reader of
``grammar/lexicon.cnl``, set once when the package loads. It is built from definitional
:class:`Fact` objects (``Lexicon.default()`` reads them from ``grammar/lexicon.cnl``, parsed by the
same grammar as any document, and from ``grammar/world/``) and answers the chunker's
questions: which word sequences name which entity, which adjectives are demonyms, what a
capital or a building stands for, who leads what.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Iterable

from reasoner.cnl.statements import Entity, EntityKind, Fact, entity_key
from reasoner.cnl.world import Term
from reasoner.cnl.world import load as load_world
from reasoner.resources import grammar_path

# Kind words of "X is a state." and the entity kind each one means.
KIND_WORDS: dict[str, EntityKind] = {
    "state": "state", "country": "state", "nation": "state",
    "organisation": "organisation", "organization": "organisation", "alliance": "organisation",
    "bloc": "organisation", "person": "person", "place": "place", "city": "place",
    "region": "place", "sea": "place", "group": "group",
}
# Name particles that stay lowercase inside a person's name ("Ursula von der Leyen").
PARTICLES = frozenset({"von", "der", "van", "de", "den", "di", "da", "du", "la", "le", "al", "bin", "ibn"})





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


@dataclass
class _Layer:
    """One layer of a lexicon's tables. A layer shared between lexicons (a base) is never changed
    again; each lexicon writes to its own layer over it (copy-on-write), so copies are cheap."""

    records: dict[str, _Record] = field(default_factory=dict)
    names: dict[tuple[str, ...], str] = field(default_factory=dict)  # lowercased words -> key
    forms: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # lowercased -> as written
    lengths: dict[str, frozenset[int]] = field(default_factory=dict)  # first word -> name lengths
    demonyms: dict[str, str] = field(default_factory=dict)  # lowercased adjective -> key
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)  # person key -> terms of office
    facts: list[Fact] = field(default_factory=list)
    max_name_len: int = 1

    def size(self) -> int:
        return len(self.records) + len(self.names) + len(self.facts)

    def copy(self) -> "_Layer":
        """A layer with the same content whose records can be changed independently."""
        return _Layer({k: _copy_record(r) for k, r in self.records.items()}, dict(self.names),
                      dict(self.forms), dict(self.lengths), dict(self.demonyms), dict(self.terms),
                      list(self.facts), self.max_name_len)

    def over(self, base: "_Layer") -> "_Layer":
        """This layer merged over ``base`` (a new layer; records are shared, not copied)."""
        lengths = dict(base.lengths)
        for word, sizes in self.lengths.items():
            lengths[word] = lengths.get(word, frozenset()) | sizes
        return _Layer(base.records | self.records, base.names | self.names, base.forms | self.forms,
                      lengths, base.demonyms | self.demonyms, base.terms | self.terms,
                      base.facts + self.facts, max(base.max_name_len, self.max_name_len))


def _copy_record(record: _Record) -> _Record:
    return replace(record, members_of=list(record.members_of))


COMPACT_AT = 256  # a copied lexicon whose own layer is larger first merges it into a new base


class Lexicon:
    """Names, kinds and relations of the entities one knowledge base knows about.

    The tables are two layers: a base shared with other lexicons (never changed) and this
    lexicon's own changes over it, so that :meth:`copy` (one per document read) costs little
    however large the base is.
    """

    def __init__(self, base: _Layer | None = None) -> None:
        self._base = base or _Layer()
        self._own = _Layer(max_name_len=self._base.max_name_len)
        self._entities: dict[str, Entity] = {}  # built lazily from the records

    @property
    def max_name_len(self) -> int:
        return self._own.max_name_len

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> "Lexicon":
        """A fresh lexicon holding the background facts of ``grammar/lexicon.cnl``."""
        return cls(_default_base())

    def copy(self) -> "Lexicon":
        """An independent lexicon with the same facts (documents extend copies)."""
        if self._own.size() > COMPACT_AT:
            self._base, self._own = self._own.over(self._base), _Layer(max_name_len=self._own.max_name_len)
        other = Lexicon(self._base)
        other._own = self._own.copy()
        return other

    def add_terms(self, terms: Iterable[Term]) -> None:
        """Terms of office, against which a title used with a name is checked."""
        for term in terms:
            self._own.terms[term.person] = self.terms_of(term.person) + (term,)

    def terms_of(self, key: str) -> tuple[Term, ...]:
        """The terms of office the lexicon knows for a person."""
        found = self._own.terms.get(key)
        return found if found is not None else self._base.terms.get(key, ())

    def title_fits(self, key: str, role: str | None, day: dt.date | None) -> bool:
        """False when the lexicon knows this person held ``role`` only at other times than ``day``."""
        terms = [t for t in self.terms_of(key) if role is not None and t.role == role]
        if day is None or not terms:
            return True
        return any(t.covers(day) for t in terms)

    def extend(self, facts: Iterable[Fact]) -> None:
        """Add definitional facts; later facts refine earlier ones."""
        for fact in facts:
            self._own.facts.append(fact)
            self._apply(fact)
        self._entities.clear()

    def add_unknown(self, label: str, kind: EntityKind = "unknown", country: str | None = None) -> Entity:
        """An entity for a name the lexicon does not know (kept out of background_facts)."""
        key = entity_key(label)
        if self._get(key) is None:
            self._own.records[key] = _Record(key, label, kind, leads=country)
            self._entities.clear()
        return self.entity(key)

    def _get(self, key: str) -> _Record | None:
        found = self._own.records.get(key)
        return found if found is not None else self._base.records.get(key)

    def _writable(self, key: str) -> _Record | None:
        """This lexicon's own record for ``key`` (a copy of the base's, the first time)."""
        found = self._own.records.get(key)
        if found is None and key in self._base.records:
            found = self._own.records[key] = _copy_record(self._base.records[key])
        return found

    def _record(self, entity: Entity) -> _Record:
        record = self._writable(entity.key)
        if record is None:
            record = self._own.records[entity.key] = _Record(entity.key, entity.label, entity.kind, entity.wikidata)
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
            self._own.demonyms[fact.object.lower()] = record.key

    def _add_name(self, name: str, key: str, *, weak: bool = False) -> None:
        words = name_words(name)
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]  # the article is optional in text; the chunker tries both
        lowered = tuple(w.lower() for w in words)
        if not lowered:
            return
        known = self._name(lowered)
        if weak and known is not None and known != key:
            return
        own = self._own
        own.names[lowered] = key
        own.forms[lowered] = words
        own.lengths[lowered[0]] = self._lengths(lowered[0]) | {len(lowered)}
        own.max_name_len = max(own.max_name_len, len(lowered))

    def _name(self, lowered: tuple[str, ...]) -> str | None:
        found = self._own.names.get(lowered)
        return found if found is not None else self._base.names.get(lowered)

    def _lengths(self, first: str) -> frozenset[int]:
        own, base = self._own.lengths.get(first), self._base.lengths.get(first)
        if own is None:
            return base or frozenset()
        return own | base if base else own

    def _form(self, lowered: tuple[str, ...]) -> tuple[str, ...]:
        found = self._own.forms.get(lowered)
        return found if found is not None else self._base.forms[lowered]

    def _all_records(self) -> dict[str, _Record]:
        return self._base.records | self._own.records if self._own.records else self._base.records

    # ---- questions ----------------------------------------------------------------------
    def entity(self, key: str) -> Entity:
        cached = self._entities.get(key)
        if cached is None:
            record = self._get(key)
            if record is None:
                raise KeyError(key)
            cached = Entity(record.key, record.label, record.kind, record.wikidata, self.country_of(key))
            self._entities[key] = cached
        return cached

    def lookup(self, key: str) -> Entity | None:
        """The entity with this key, or whose name (or alias) is this string."""
        if self._get(key) is not None:
            return self.entity(key)
        words = name_words(key)
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        found = self._name(tuple(w.lower() for w in words))
        return self.entity(found) if found else None

    def entities(self) -> Iterable[Entity]:
        return [self.entity(k) for k in self._all_records()]

    def background_facts(self) -> list[Fact]:
        return self._base.facts + self._own.facts

    def name_at(self, words: list[str], start: int = 0) -> tuple[str, int] | None:
        """The longest known name at ``words[start:]`` (as written): (key, length)."""
        if start >= len(words):
            return None
        first = words[start].lower()
        if self._own.lengths.get(first) is None and self._base.lengths.get(first) is None:
            return None  # most words start no name
        limit = min(self.max_name_len, len(words) - start)
        for length in sorted(self._lengths(first.replace("\u2019", "'")), reverse=True):
            if length > limit:
                continue
            written = words[start:start + length]
            lowered = tuple(w.lower().replace("\u2019", "'") for w in written)
            key = self._name(lowered)
            if key and _case_fits(written, self._form(lowered)):
                return key, length
        return None

    def demonym(self, word: str) -> str | None:
        """The key of the state (or group) an adjective such as "Turkish" refers to."""
        if not word[:1].isupper():
            return None
        lowered = word.lower()
        found = self._own.demonyms.get(lowered)
        return found if found is not None else self._base.demonyms.get(lowered)

    def names(self) -> list[str]:
        """Every known name as written, for "did you mean" suggestions."""
        forms = self._base.forms | self._own.forms if self._own.forms else self._base.forms
        return [" ".join(form) for form in forms.values()]

    def role_of(self, key: str) -> str | None:
        record = self._get(key)
        return record.role if record else None

    def leaders(self, role: str, country: str | None) -> list[str]:
        """Keys of persons with this role (of this country, if given)."""
        return [r.key for r in self._all_records().values()
                if r.role == role and (country is None or self.country_of(r.key) == country)]

    def members(self, group: str) -> list[str]:
        return [r.key for r in self._all_records().values() if group in r.members_of]

    def resolve(self, key: str) -> str:
        """What an entity stands for when it acts: Moscow -> russia, the Kremlin -> russia."""
        seen = set()
        record = self._get(key)
        while record and key not in seen:
            seen.add(key)
            nxt = record.stands_for or record.capital_of
            if not nxt:
                break
            key, record = nxt, self._get(nxt)
        return key

    def country_of(self, key: str) -> str | None:
        """The state (or organisation) an entity stands for or leads, if known."""
        record = self._get(key)
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
def _default_base() -> _Layer:
    """The tables of the default lexicon, built once per process and shared (never changed)."""
    lexicon = Lexicon()
    facts, terms = _default_facts()
    lexicon.extend(facts)
    lexicon.add_terms(terms)
    return lexicon._own


# grammar/lexicon.cnl is read by the document pipeline, which itself takes a Lexicon. So that imports
# run one way, this module does not import that pipeline: the package (reasoner/cnl/__init__.py) hands
# its reader in once, and Python runs the package before any of its modules can be used.
DefinitionsReader = Callable[..., list[Fact]]  # (text, *, source) -> the facts, or InputError
_READERS: list[DefinitionsReader] = []


def read_definitions_with(reader: DefinitionsReader) -> None:
    """Use ``reader`` for the definitional sentences of grammar/lexicon.cnl (set once, by the package)."""
    _READERS[:] = [reader]
    _default_facts.cache_clear()
    _default_base.cache_clear()


@lru_cache(maxsize=1)
def _default_facts() -> tuple[tuple[Fact, ...], tuple[Term, ...]]:
    """The facts of grammar/lexicon.cnl and grammar/world/*.tsv, read once per process (immutable)."""
    if not _READERS:
        raise RuntimeError("no reader for grammar/lexicon.cnl: import reasoner.cnl, which sets it")
    path = grammar_path("lexicon.cnl")
    core = tuple(_READERS[0](path.read_text(encoding="utf-8"), source=str(path)))
    world, terms = load_world(grammar_path("world"))
    return core + world, terms


def with_kind(entity: Entity, kind: EntityKind) -> Entity:
    return replace(entity, kind=kind)
