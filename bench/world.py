"""A synthetic world for the benchmark: states, leaders with titles, organisations with members.

Names are made of syllables with a seeded random generator, so the same seed always gives the
same world. A name is never one the real lexicon (``Lexicon.default()``) already knows, nor a
word of the grammar, so a generated sentence means exactly what the generator intended.
The world is written to the knowledge base as definitional sentences (docs/language.md,
"Definitions"), the same way a user would teach the product new names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property, lru_cache

from reasoner.cnl.lexicon import Lexicon, entity_key

ONSETS = ("b", "d", "k", "t", "v", "z", "r", "m", "n", "s", "br", "dr", "kr", "tr", "vr", "zl", "gr", "st")
VOWELS = ("a", "e", "o", "u", "ai", "ou", "ei")
CODAS = ("", "n", "r", "sk", "v", "z", "th", "nd", "rk")
STATE_ENDINGS = ("ia", "ovia", "aria", "istan", "enia", "ara")
ROLES = ("president", "prime minister", "foreign minister", "defence minister", "finance minister")
ROLE_WEIGHTS = (35, 25, 30, 5, 5)
ORG_KINDS = ("Pact", "Union", "Council", "Compact", "League", "Accord")


@dataclass(frozen=True, slots=True)
class State:
    name: str
    demonym: str
    capital: str
    bloc: int  # index of its alliance, or -1 for none

    @property
    def key(self) -> str:
        return _key(self.name)

    @property
    def capital_key(self) -> str:
        return _key(self.capital)


@dataclass(frozen=True, slots=True)
class Person:
    given: str
    surname: str
    role: str
    of: str  # key of the state or organisation they lead

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"

    @property
    def key(self) -> str:
        return _key(self.name)


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    members: tuple[str, ...]  # state keys
    alliance: bool  # one of the blocs

    @property
    def key(self) -> str:
        return _key(self.name)


# Keys are asked for millions of times by the generator; entity_key is a regex.
_key = lru_cache(maxsize=None)(entity_key)


@dataclass(frozen=True)
class World:
    states: tuple[State, ...]
    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    rivalries: tuple[tuple[int, int], ...]  # pairs of state indexes

    def state(self, key: str) -> State:
        return self._states_by_key[key]

    def leaders_of(self, key: str) -> tuple[Person, ...]:
        return self._leaders.get(key, ())

    # Indexes built once per world (an lru_cache keyed on the tuples would hash a thousand
    # people on every call: that was most of the generator's time).
    @cached_property
    def _states_by_key(self) -> dict[str, State]:
        return {s.key: s for s in self.states}

    @cached_property
    def _leaders(self) -> dict[str, tuple[Person, ...]]:
        out: dict[str, tuple[Person, ...]] = {}
        for person in self.people:
            out[person.of] = out.get(person.of, ()) + (person,)
        return out


class _Names:
    """Fresh capitalised words: never reused, never known to the real lexicon or the grammar."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used = reserved_words()

    def word(self, syllables: int, ending: str = "") -> str:
        while True:
            parts = [self.rng.choice(ONSETS) + self.rng.choice(VOWELS) for _ in range(syllables)]
            word = ("".join(parts) + (ending or self.rng.choice(CODAS))).capitalize()
            if word.lower() not in self.used and len(word) > 3:
                self.used.add(word.lower())
                return word


@lru_cache(maxsize=1)
def _reserved() -> frozenset[str]:
    from reasoner.cnl.parser import vocabulary
    from reasoner.cnl.words import MONTHS, WEEKDAYS

    lexicon = Lexicon.default()
    words = {w.lower() for name in lexicon.names() for w in name.split()}
    words |= {w for keyword in vocabulary().keywords for w in keyword}
    return frozenset(words | set(MONTHS) | set(WEEKDAYS))


def reserved_words() -> set[str]:
    """Lower-cased words a generated name must not use (the real lexicon's and the grammar's)."""
    return set(_reserved())


def make_world(seed: int = 7, *, states: int = 200, leaders_per_state: int = 5,
               alliances: int = 4, regional: int = 8, rivalries: int = 20) -> World:
    """The world for a seed: ``states`` states with ``leaders_per_state`` leaders each."""
    rng = random.Random(seed)
    names = _Names(rng)
    state_list = [_make_state(names, rng, i, states, alliances) for i in range(states)]
    orgs = _make_organisations(names, rng, state_list, alliances, regional)
    people = [Person(names.word(2), names.word(2), role, s.key)
              for s in state_list for role in ROLES[:leaders_per_state]]
    people += [Person(names.word(2), names.word(2), "secretary-general", o.key) for o in orgs]
    return World(tuple(state_list), tuple(people), tuple(orgs), _rivalries(rng, state_list, rivalries))


def _make_state(names: _Names, rng: random.Random, index: int, total: int, alliances: int) -> State:
    name = names.word(2, ending=rng.choice(STATE_ENDINGS))  # an ending that reads as a country
    demonym = name + "n" if name.endswith("a") else name + "i"
    names.used.add(demonym.lower())
    bloc = index % alliances if index < total * 3 // 5 else -1
    return State(name, demonym, names.word(2), bloc)


def _make_organisations(names: _Names, rng: random.Random, states: list[State],
                        alliances: int, regional: int) -> list[Organisation]:
    orgs = []
    for bloc in range(alliances):
        members = tuple(s.key for s in states if s.bloc == bloc)
        orgs.append(Organisation(f"{names.word(2)} {ORG_KINDS[bloc % len(ORG_KINDS)]}", members, True))
    for k in range(regional):
        members = tuple(sorted({s.key for s in rng.sample(states, rng.randint(8, 25))}))
        orgs.append(Organisation(f"{names.word(2)} {ORG_KINDS[k % len(ORG_KINDS)]}", members, False))
    return orgs


def _rivalries(rng: random.Random, states: list[State], count: int) -> tuple[tuple[int, int], ...]:
    """Pairs of prominent states in different blocs: where the hostile news happens."""
    pairs: set[tuple[int, int]] = set()
    top = min(60, len(states))
    while len(pairs) < min(count, top * (top - 1) // 2):
        a, b = rng.sample(range(top), 2)
        if states[a].bloc != states[b].bloc or states[a].bloc < 0:
            pairs.add((min(a, b), max(a, b)))
    return tuple(sorted(pairs))


def definitions(world: World) -> list[str]:
    """The world as definitional sentences, in an order where every name is defined before use."""
    lines: list[str] = []
    for state in world.states:
        lines += [f"{state.name} is a state.", f"{state.demonym} is the demonym of {state.name}.",
                  f"{state.capital} is the capital of {state.name}."]
    labels = {s.key: s.name for s in world.states}
    for org in world.organisations:
        lines.append(f"{org.name} is an organisation.")
        labels[org.key] = org.name
        members = [labels[m] for m in org.members]
        for start in range(0, len(members), 8):
            chunk = members[start:start + 8]
            lines.append(f"{chunk[0]} is a member of {org.name}." if len(chunk) == 1 else
                         f"{', '.join(chunk[:-1])} and {chunk[-1]} are members of {org.name}.")
    for person in world.people:
        lines.append(f"{person.name} is the {person.role} of {labels[person.of]}.")
    return lines
