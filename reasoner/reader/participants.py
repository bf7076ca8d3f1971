"""Who a noun phrase names: a name, a pronoun, "the Chinese government", "Russia's foreign
minister", "the two leaders", with its conjuncts ("Russia, China and Belarus").

Pronouns and plural descriptions are resolved against the :class:`Memory` of the document: the
entities mentioned so far (most recent last) and the events read so far.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reasoner.cnl.lexicon import Lexicon, entity_key
from reasoner.cnl.statements import Entity, Event, Fact, Mention
from reasoner.reader.lexicon import EventLexicon
from reasoner.reader.names import Names
from reasoner.reader.syntax import Parse, Token

_KINDS_OF = {"leader": ("person",), "president": ("person",), "minister": ("person",), "man": ("person",),
             "woman": ("person",), "counterpart": ("person",), "country": ("state",), "nation": ("state",),
             "state": ("state",), "government": ("state",), "neighbour": ("state",), "neighbor": ("state",)}
_SIDES = frozenset({"side", "party", "faction"})  # "the two sides", "the parties", "the warring factions"
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
THING_PRONOUNS = frozenset({"it", "its"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})


@dataclass(frozen=True)
class Memory:
    """What the document has said so far, for pronouns and descriptions."""

    mentions: tuple[Mention, ...] = ()  # most recent last
    events: tuple[Event, ...] = ()
    date: dt.date | None = None  # the day the story is at: the last day it gave, else its publication
    told: bool = False  # whether the story gave that day (not the publication's)

    def remember(self, mentions: list[Mention], events: list[Event], date: dt.date | None = None) -> "Memory":
        return Memory((self.mentions + tuple(mentions))[-200:], (self.events + tuple(events))[-20:],
                      date or self.date, self.told or date is not None)

    def last(self, kinds: tuple[str, ...], before: tuple[Mention, ...] = ()) -> Mention | None:
        for m in reversed(self.mentions + before):
            if m.entity.kind in kinds:
                return m
        return None

    def last_parties(self, kinds: tuple[str, ...] = (), exclude: frozenset[str] = frozenset(),
                     lexicon: Lexicon | None = None) -> tuple[Mention, ...]:
        """The parties of the last event with two or more of them (of these kinds, less ``exclude``):
        "the two leaders" are people, "the two countries" states (a leader stands for his)."""
        for group in reversed(_by_sentence(self.events)):
            parties = distinct(tuple(_as_kind(m, kinds, lexicon) for e in group for m in e.actors + e.targets))
            parties = tuple(m for m in parties if m.entity.key not in exclude and (not kinds or m.entity.kind in kinds))
            if lexicon is not None:  # a leader and the state he leads are one party
                led = {lexicon.country_of(m.entity.key) for m in parties if m.entity.kind == "person"}
                parties = tuple(m for m in parties if m.entity.kind == "person" or m.entity.key not in led)
            if len(parties) >= 2:
                return parties
        if kinds == ("person",):  # "the two leaders" of two states the story named as states
            return self.last_parties((), exclude, lexicon)
        return ()


@dataclass(frozen=True)
class Finder:
    """Finds the participants a token names, in one sentence."""

    parse: Parse
    names: Names
    lexicon: Lexicon
    words: EventLexicon
    memory: Memory
    exclude: frozenset[str] = frozenset()  # who "the two leaders" cannot be (the clause's subject)
    bound: tuple[tuple[int, tuple[Mention, ...]], ...] = ()  # pronouns already resolved, by token

    def of(self, i: int, *, follow_conjuncts: bool = True) -> tuple[Mention, ...]:
        found = list(self._one(i))
        if follow_conjuncts:
            for k in self.parse.children(i):
                if k.dep == "conj" and k.pos in ("PROPN", "NOUN", "PRON", "ADJ"):
                    found += self.of(k.i)
            if found:
                found += self._stray_conjuncts(i)
        return distinct(tuple(found))

    def _stray_conjuncts(self, i: int) -> list[Mention]:
        """"US President A and Chilean leader B" parsed with B's surname as the head: the pair
        "A and (leader) B" hangs inside the phrase, not from its head. Both are named, unless
        they sit in an "of" phrase or a possessive ("the leaders of A and B", "A and B's talks")."""
        out: list[Mention] = []
        for t in self.parse.subtree(i):
            if t.dep != "conj" or t.i == i or self.parse.tokens[t.head].i == i or not self._plain_path(t.i, i):
                continue
            if t.pos in ("PROPN", "NOUN"):
                out += self._one(t.head) + self._one(t.i)
        return out

    def _plain_path(self, j: int, top: int) -> bool:
        while j != top:
            t = self.parse.tokens[j]
            if t.dep in ("prep", "poss", "pobj", "relcl", "acl") or t.head == j:
                return False
            j = t.head
        return True

    def _one(self, i: int) -> tuple[Mention, ...]:
        t = self.parse.tokens[i]
        name = self.names.at(i) or self._flat_name(t)
        if name is not None:
            return (name.mention,)
        if t.pos == "PRON" or t.tag in ("PRP", "PRP$"):
            return self._pronoun(t)
        key = self.lexicon.demonym(t.text) if t.dep in ("amod", "compound", "nmod", "conj") else None
        if key is not None:  # "Colombian" on "Colombian diplomats": Colombia
            return (Mention(self.lexicon.entity(key), t.text),)
        if t.pos in ("NOUN", "PROPN", "ADJ", "NUM"):
            return self._description(t)
        return ()

    def _flat_name(self, t: Token):
        """A name inside a flat proper-noun phrase the lexicon only partly knows ("Kishida Fumio")."""
        if t.pos != "PROPN":
            return None
        for k in self.parse.children(t.i):
            if k.dep == "compound" and k.pos == "PROPN" and k.i == t.i - 1:
                return self.names.at(k.i) or self._flat_name(k)
        return None

    def _pronoun(self, t: Token) -> tuple[Mention, ...]:
        bound = dict(self.bound).get(t.i)
        if bound:
            return bound
        word = t.text.lower()
        before = tuple(n.mention for n in self.names.names if n.end <= t.i)
        if word in PERSON_PRONOUNS:
            in_sentence = [m for m in before if m.entity.kind == "person"]
            found = in_sentence[-1] if in_sentence else self._last_subject() or self.memory.last(("person",))
            return (found,) if found else ()
        if word in THING_PRONOUNS:  # the last party named, a capital acting for its state included
            for m in reversed(self.memory.mentions + before):
                if m.entity.kind in ("state", "organisation", "group"):
                    return (m,)
                if m.entity.kind == "place" and self.lexicon.resolve(m.entity.key) != m.entity.key:
                    return (acting(self.lexicon, m),)
            return ()
        if word in PLURAL_PRONOUNS:
            here = distinct(tuple(m for m in before if m.entity.kind in ("state", "organisation", "group", "person")))
            if word == "their" and 2 <= len(here) <= 4:
                return here  # "A and B agreed ... after talks between their ministers"
            owners = self._plural_agent_before(t)
            if owners:
                return owners
            return self.memory.last_parties(lexicon=self.lexicon) or self._last_plural(before)
        if word in SPEAKER_PRONOUNS:
            return self._we(before)
        return ()

    def _plural_agent_before(self, t: Token) -> tuple[Mention, ...]:
        """"sanctioned two Colombian officers over their role in ...": "their" is first the
        plural agent noun before it in the sentence, as its state ("Colombian officers")."""
        for j in range(t.i - 1, -1, -1):
            k = self.parse.tokens[j]
            if k.tag in ("NNS", "NNPS") and self.words.is_a("agent_noun", k.lemma) and j != t.head:
                found = self._description(k)
                if found:
                    return found
        return ()

    def _we(self, before: tuple[Mention, ...]) -> tuple[Mention, ...]:
        """"We have agreed", said by one of the parties of the last event: those parties."""
        parties = self.memory.last_parties(lexicon=self.lexicon)
        keys = {m.entity.key for m in parties}
        speakers = [found[0] for _, found in self.bound if found]
        return parties if any(m.entity.key in keys for m in (*before, *speakers)) else ()

    def _last_subject(self) -> Mention | None:
        """"He" in a new sentence is first the person who acted in the last one (its subject)."""
        groups = _by_sentence(self.memory.events)
        for e in (groups[-1] if groups else ()):
            people = [m for m in e.actors if m.entity.kind == "person"]
            if len(people) == 1:
                return people[0]
        return None

    def _last_plural(self, before: tuple[Mention, ...]) -> tuple[Mention, ...]:
        found = self.memory.last(("state", "organisation", "group", "person"), before)
        return (found,) if found else ()

    def _description(self, t: Token) -> tuple[Mention, ...]:
        """"the Chinese government", "Russia's foreign minister", "the two leaders", "EU officials"."""
        kids = list(self.parse.children(t.i))
        if self.words.is_a("plural_anaphor", t.lemma) and t.tag in ("NNS", "NNPS") and not self._owner(kids):
            if any(k.lemma in ("two", "both", "three", "four") or k.dep == "det" for k in kids):
                between = self._between_before(t)
                if between:  # "X, which mediates between A and B, hosted both delegations"
                    return between
                kinds = _KINDS_OF.get(t.lemma, ())
                exclude = self.exclude | (self.go_betweens() if t.lemma in _SIDES else frozenset())
                return self.memory.last_parties(kinds, exclude, self.lexicon)
        for k in kids:
            if k.dep == "appos":
                found = self.of(k.i, follow_conjuncts=False)
                if found:
                    return found
        if self.words.is_a("group_anaphor", t.lemma) and any(k.lemma == "the" for k in kids) \
                and not any(k.dep in ("amod", "compound", "poss", "prep") for k in kids):
            return self._named_group(t)
        is_agent = self.words.is_a("agent_noun", t.lemma) or self.words.is_a("title", t.lemma) \
            or self.words.is_a("title", _compound_title(self.parse, t))
        if self.words.is_a("group_noun", t.lemma):
            group = self._armed_group(t, kids)
            if group:
                return group
        if not is_agent:
            return self._named_owner(t, kids)
        holder = self._holder(t)
        if holder is not None:
            return (holder,)
        if self.words.is_a("boundary_noun", t.lemma):  # "the border with Eritrea": Eritrea's side
            beyond = [m for k in kids if k.dep == "prep" and k.lemma == "with" for p in self.parse.children(k.i)
                      if p.dep == "pobj" for m in self.of(p.i)]
            if beyond:
                return tuple(beyond)
        owner = self._owner(kids)
        if owner is None:
            return ()
        title = _compound_title(self.parse, t)
        many = (self._of_owners(kids) or self._conjoined_owners(kids)) if t.tag in ("NNS", "NNPS") else ()
        if len(many) > 1:
            return tuple(self._leader(title, m) or m for m in many)
        if self.words.is_a("title", title) or self.words.is_a("title", t.lemma):
            leader = self._leader(title if self.words.is_a("title", title) else t.lemma, owner)
            if leader is not None:
                return (leader,)
        return (owner,)

    def _named_group(self, t: Token) -> tuple[Mention, ...]:
        """"the group", "the movement": the last group (or, for "the organisation", organisation)
        the text named, in this sentence or before; no one if it named none."""
        kinds = ("group", "organisation") if t.lemma in ("organisation", "organization") else ("group",)
        before = tuple(n.mention for n in self.names.names if n.end <= t.i)
        found = self.memory.last(kinds, before)
        return (found,) if found is not None else ()

    def _armed_group(self, t: Token, kids: list[Token]) -> tuple[Mention, ...]:
        """"Kachin rebels", "rebels in the north", "Houthi fighters": a party of its own, named by
        the phrase; "the rebels" later is the last such group."""
        mods = [k for k in kids if k.dep in ("compound", "amod", "nmod") and k.i < t.i and k.text[:1].isupper()]
        place = [p for k in kids if k.dep == "prep" and k.lemma == "in" for p in self.parse.children(k.i)
                 if p.dep == "pobj"]
        if not mods and not place:
            earlier = next((m for m in reversed(self.memory.mentions) if m.entity.kind == "group"
                            and m.entity.label.lower().split()[-1:] == [t.text.lower()]), None)
            known = self.lexicon.lookup(entity_key(t.text))
            if earlier is None and known is not None and known.kind == "group":
                earlier = Mention(known, t.text)  # "the rebels" after "the government and rebels"
            if earlier is not None or any(k.dep == "det" for k in kids):
                return (earlier,) if earlier is not None else ()
            label = t.text.capitalize()  # "the government and rebels agreed": Rebels, unnamed
        else:
            # a name the controlled language can write back: capitalised words ("Kachin Rebels")
            where = mods or [w for w in self.parse.subtree(place[0]) if w.text[:1].isupper()]
            if not where:
                return ()
            label = " ".join([w.text for w in where] + [t.text.capitalize()])
        entity = Entity(entity_key(label), label, "group")
        self.lexicon.extend([Fact(entity, "is_a", "group")])
        return (Mention(self.lexicon.entity(entity.key), label),)

    def go_betweens(self) -> frozenset[str]:
        """Who mediated or hosted between others so far: never one of "the two sides"."""
        return frozenset(m.entity.key for e in self.memory.events if e.type in ("mediation_offer", "host")
                         for m in e.actors)

    def _named_owner(self, t: Token, kids: list[Token]) -> tuple[Mention, ...]:
        """"Chinese survey ships", "Nicaraguan judges", "Somalia's bid": a party's things or
        people stand for it where an event needs a party (not an event noun: "Russia's visit"
        is an event of its own, nor a place: "Ukraine's capital")."""
        if t.lemma in self.words.nouns or t.pos != "NOUN":
            return ()
        for k in kids:
            if k.dep in ("amod", "compound", "nmod", "poss") and k.i < t.i:
                name = self.names.at(k.i)
                if name is not None and name.mention.entity.kind in ("state", "organisation", "group"):
                    return (name.mention,)
                key = self.lexicon.demonym(k.text) if name is None else None
                if key is not None:
                    return (Mention(self.lexicon.entity(key), k.text),)
        return ()

    def _holder(self, t: Token) -> Mention | None:
        """"Chilean leader Ana Vidal": the person named right after a title, wherever the parser
        hung the name (in "A and Chilean leader B" it often makes B an apposition of A)."""
        if not (self.words.is_a("title", t.lemma) or self.words.is_a("title", _compound_title(self.parse, t))):
            return None
        name = self.names.at(t.i + 1)
        return name.mention if name is not None and name.mention.entity.kind == "person" else None

    def _owner(self, kids: list[Token]) -> Mention | None:
        """The state an agent noun belongs to: its demonym, possessor, compound or "of" phrase."""
        for k in kids:
            if k.dep in ("amod", "compound", "nmod", "poss"):
                name = self.names.at(k.i)
                if name is not None:
                    return name.mention
                key = self.lexicon.demonym(k.text)
                if key is not None:
                    return Mention(self.lexicon.entity(key), k.text)
        for k in kids:  # "his government": only when no demonym says whose ("his Ukrainian counterpart")
            if k.dep == "poss" and (k.pos == "PRON" or k.tag == "PRP$"):
                found = self._pronoun(k)
                if len(found) == 1:
                    return found[0]
        owners = self._of_owners(kids)
        return owners[0] if owners else None

    def _between_before(self, t: Token) -> tuple[Mention, ...]:
        """The two parties a "between" phrase earlier in the sentence names, if one does."""
        for k in self.parse.tokens[:t.i]:
            if k.lemma != "between" or k.dep != "prep":
                continue
            words = [p for p in self.parse.children(k.i) if p.dep == "pobj"]
            words += [c for p in words for c in self.parse.children(p.i) if c.dep == "conj"]
            # names only: a description here ("between the two sides") would ask this again
            named = [n.mention for p in words if (n := self.names.at(p.i)) is not None]
            found = distinct(tuple(acting(self.lexicon, m) for m in named
                                   if m.entity.kind in ("state", "organisation", "group")))
            if len(found) == 2:
                return found
        return ()

    def _conjoined_owners(self, kids: list[Token]) -> tuple[Mention, ...]:
        """"the Peruvian and Chilean foreign ministers", "Indian and Chinese troops": the states
        of conjoined demonyms (or names) before a plural noun."""
        found: list[Mention] = []
        for k in kids:
            if k.dep not in ("amod", "compound", "nmod"):
                continue
            for word in (k, *(c for c in self.parse.children(k.i) if c.dep == "conj")):
                name = self.names.at(word.i)
                key = self.lexicon.demonym(word.text) if name is None else None
                if name is not None and name.mention.entity.kind in ("state", "organisation"):
                    found.append(name.mention)
                elif key is not None:
                    found.append(Mention(self.lexicon.entity(key), word.text))
            if len(found) > 1:
                return distinct(tuple(found))
            found = []
        return ()

    def _of_owners(self, kids: list[Token]) -> tuple[Mention, ...]:
        """"the heads of A, B and C": the states of an "of" phrase."""
        for k in kids:
            if k.dep == "prep" and k.lemma == "of":
                for p in self.parse.children(k.i):
                    found = tuple(m for m in self.of(p.i)
                                  if m.entity.kind in ("state", "organisation", "group", "place"))
                    if found:
                        return found
        return ()

    def _leader(self, role: str, owner: Mention) -> Mention | None:
        country = self.lexicon.resolve(owner.entity.key)
        keys = self.lexicon.leaders(role, country)
        if len(keys) == 1:
            return Mention(self.lexicon.entity(keys[0]), owner.text)
        return None


def _by_sentence(events: tuple[Event, ...]) -> list[tuple[Event, ...]]:
    """Events grouped by the sentence that stated them (the same span), in order."""
    groups: list[list[Event]] = []
    for e in events:
        if groups and groups[-1][-1].span == e.span:
            groups[-1].append(e)
        else:
            groups.append([e])
    return [tuple(g) for g in groups]


def _as_kind(m: Mention, kinds: tuple[str, ...], lexicon: Lexicon | None) -> Mention:
    if "state" in kinds and m.entity.kind == "person" and lexicon is not None:
        country = lexicon.country_of(m.entity.key)
        if country is not None:
            return Mention(lexicon.entity(country), m.text)
    return m


def _compound_title(parse: Parse, t: Token) -> str:
    """"foreign minister" for the token "minister" with the compound "foreign"."""
    mods = [k.lemma for k in parse.children(t.i) if k.dep in ("compound", "amod") and k.pos in ("NOUN", "ADJ")
            and k.i == t.i - 1]
    return " ".join(mods + [t.lemma])


def distinct(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The first mention of each entity, in order."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.entity.key not in seen:
            seen.add(m.entity.key)
            out.append(m)
    return tuple(out)


def acting(lexicon: Lexicon, mention: Mention) -> Mention:
    """A capital or seat of government acting ("Moscow said") is the state it stands for."""
    key = lexicon.resolve(mention.entity.key)
    if key == mention.entity.key:
        return mention
    entity: Entity = lexicon.entity(key)
    return Mention(entity, mention.text, mention.span)
