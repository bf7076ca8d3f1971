"""Who a table row names: actor names, country codes and entity IRIs -> lexicon entities.

Coded tables name their actors three ways: a name ("UNITED STATES", "Vladimir Putin"), a country
code (CAMEO/ISO 3166-1 alpha-3 "RUS", alpha-2 "RU"; ICEWS writes country names such as
"Russian Federation") and, in the product's own tables, the entity IRI. A name the lexicon knows
as a state, organisation, person or group is that entity; a name that only places the actor
("MOSCOW", "POLICE" with country code RUS) leaves the country code to say whom it acts for, as
GDELT codes government actors; a name nobody knows becomes a new entity of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import Entity, Mention
from reasoner.cnl.world import CountryCode, country_codes
from reasoner.rdf.namespaces import ENT
from reasoner.resources import grammar_path

ACTING_KINDS = frozenset({"state", "organisation", "person", "group"})
_CODE = re.compile(r"[A-Z]{2,3}")


@lru_cache(maxsize=1)
def _codes() -> tuple[CountryCode, ...]:
    return country_codes(grammar_path("world/codes.tsv"))


@lru_cache(maxsize=1)
def code_table() -> dict[str, str]:
    """Country code (alpha-3, alpha-2) or ISO name, upper-cased -> state key."""
    table: dict[str, str] = {}
    for code in _codes():
        for name in (code.alpha3, code.alpha2, *code.iso_names):
            table.setdefault(name.upper(), code.key)
    return table


@lru_cache(maxsize=1)
def alpha3_of() -> dict[str, str]:
    """State key -> ISO 3166-1 alpha-3 code."""
    return {code.key: code.alpha3 for code in _codes()}


@dataclass
class Resolver:
    """Resolves a table's names against one lexicon, remembering each answer (tables repeat)."""

    lexicon: Lexicon
    _seen: dict[tuple[str, ...], Entity | None] = field(default_factory=dict)

    def actor(self, name: str = "", country: str = "", code: str = "") -> Mention | None:
        """The party of a coded actor (name, country code or name, CAMEO actor code)."""
        key = (name, country, code)
        if key not in self._seen:
            self._seen[key] = self._actor(name.strip(), country.strip(), code.strip())
        entity = self._seen[key]
        return Mention(entity, name or country or code) if entity else None

    def item(self, text: str) -> Mention | None:
        """One entry of a list column: an entity IRI, a country code or a name."""
        text = text.strip()
        if not text:
            return None
        if text.startswith(str(ENT)):
            found = self._by_key(text[len(str(ENT)):])
            return Mention(found, text) if found else None
        if _CODE.fullmatch(text):
            return self.actor(country=text)
        return self.actor(name=text)

    def place(self, text: str) -> Mention | None:
        """The place a row's geography names: its first part ("Paris, Ile-de-France, France")."""
        first = text.split(",")[0].strip()
        if not first:
            return None
        if first.startswith(str(ENT)):
            found = self._by_key(first[len(str(ENT)):])
            return Mention(found, first) if found else None
        found = self.lexicon.lookup(first)
        if found is None:
            found = self.lexicon.add_unknown(_label(first), "place")
        return Mention(found, first)

    def _actor(self, name: str, country: str, code: str) -> Entity | None:
        named = self.lexicon.lookup(name) if name else None
        if named is not None:
            acting = self.lexicon.entity(self.lexicon.resolve(named.key))
            if acting.kind in ACTING_KINDS:
                return acting
        state = self._country(country) or self._country(code[:3]) or (
            None if named is not None else self._country(name))
        if state is not None:
            return state
        if named is not None:
            return named
        return self.lexicon.add_unknown(_label(name)) if name else None

    def _country(self, text: str) -> Entity | None:
        if not text:
            return None
        key = code_table().get(text.upper())
        if key is not None:
            return self._by_key(key)
        found = self.lexicon.lookup(text)
        return found if found is not None and found.kind == "state" else None

    def _by_key(self, key: str) -> Entity | None:
        try:
            return self.lexicon.entity(key)
        except KeyError:
            return None


def _label(name: str) -> str:
    """A readable label for a name written in capitals, as GDELT writes them."""
    return name.title() if name.isupper() else name
