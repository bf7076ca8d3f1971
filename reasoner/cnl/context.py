"""Who is who: chunks -> mentions of entities, with the discourse context of one document.

Resolves metonymy ("Moscow" acting is Russia acting), pronouns ("he", "it", "they", "we"),
anaphors ("the two leaders", "the two states"), role references ("the prime minister") and
names the lexicon does not know (they become entities of kind "unknown", with a warning).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable

from reasoner.cnl.chunker import Chunk
from reasoner.cnl.lexicon import Lexicon, entity_key
from reasoner.cnl.statements import Entity, Event, Mention, Sentence
from reasoner.cnl.parser import suggest
from reasoner.errors import Diagnostic, Span

PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them"})
HEAD_ROLES = ("leader", "president", "prime minister", "chancellor", "emir", "king", "premier", "supreme leader")
FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})


# Stand-ins for "the rival factions" before the document names them (see resolve_sides).
SIDES = (Entity("_side_1", "the first side", "group"), Entity("_side_2", "the second side", "group"))


@dataclass
class Discourse:
    """What earlier sentences of the same document said, for anaphora."""

    recent: list[Mention] = field(default_factory=list)  # most recent last
    pair: tuple[Mention, ...] = ()  # the last two coordinated participants ("Putin and Xi")
    plural: tuple[Mention, ...] = ()  # the last plural subject ("Johnson and Scholz")
    attribution: Mention | None = None  # the last source ("a British statement")
    sanction_target: tuple[Mention, ...] = ()  # the last target of sanctions
    topic: tuple[Mention, ...] = ()  # the main subject of the last sentence (preferred antecedent)
    heads: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # "ministry" -> whose (China's)
    sentence: int = 0  # the number of the sentence being read
    published: dt.date | None = None  # the document's date
    distinct: set[tuple] = field(default_factory=set)  # events told as not the same as earlier ones
    groups: list[tuple[int, tuple[Mention, ...]]] = field(default_factory=list)  # (sentence, 2+ parties)

    events: list[Event] = field(default_factory=list)  # the events read so far, most recent last

    def note_events(self, events: list[Event]) -> None:
        self.events.extend(events)
        del self.events[:-60]

    def last_event(self, kinds: frozenset[str]) -> Event | None:
        return next((e for e in reversed(self.events) if e.type in kinds), None)

    def remember(self, mentions: list[Mention]) -> None:
        self.recent.extend(mentions)
        del self.recent[:-40]


class Resolver:
    """Turns chunks into mentions for one sentence, against the lexicon and the discourse."""

    def __init__(self, lexicon: Lexicon, discourse: Discourse, span_of: Callable[[Chunk], Span]) -> None:
        self.lexicon = lexicon
        self.discourse = discourse
        self.span_of = span_of
        self.warnings: list[Diagnostic] = []
        self.speaker: Mention | None = None  # who "we" is, when the sentence is attributed
        self.seen: list[Mention] = []  # named participants of this sentence, in reading order

    # ---- single chunks ---------------------------------------------------------------------
    def literal(self, chunk: Chunk) -> Mention | None:
        """The entity a name chunk names, without metonymy (for places)."""
        if chunk.type == "ENT" and chunk.key:
            return Mention(self.lexicon.entity(chunk.key), chunk.text, self.span_of(chunk))
        if chunk.type == "NEWNAME":
            return Mention(self._unknown(chunk), chunk.text, self.span_of(chunk))
        if chunk.type == "DEMONYM" and chunk.key:
            return Mention(self.lexicon.entity(chunk.key), chunk.text, self.span_of(chunk))
        return None

    def actor(self, chunk: Chunk, *, subject_of: list[Mention] | None = None) -> list[Mention]:
        """The participants a chunk stands for, metonymy resolved ("Moscow" -> Russia)."""
        if chunk.type == "DEMONYM" and len(chunk.group) > 1:  # "US-Saudi": both
            return [m for key in chunk.group for m in self.actor(replace(chunk, key=key, group=()))]
        if chunk.type in ("ENT", "NEWNAME", "DEMONYM"):
            mention = self.literal(chunk)
            if mention is None:
                return []
            acting = self.acting(mention)
            if all(m.entity.key != acting.entity.key for m in self.seen):
                self.seen.append(acting)
            return [acting]
        if chunk.type in ("PRON", "POSS_PRON"):
            return self.pronoun(chunk, subject_of)
        if chunk.type == "ANAPHOR":
            return self.anaphor(chunk)
        if chunk.type == "ROLE_REF":
            return self.role(chunk)
        return []

    def acting(self, mention: Mention) -> Mention:
        entity = mention.entity
        if entity.kind in ("place", "unknown", "organisation", "group") or entity.key != self.lexicon.resolve(entity.key):
            resolved = self.lexicon.resolve(entity.key)
            if resolved != entity.key:
                return Mention(self.lexicon.entity(resolved), mention.text, mention.span)
        return mention

    def _unknown(self, chunk: Chunk) -> Entity:
        label = chunk.label or chunk.text
        bare = label[4:] if label.startswith("the ") else label
        known = self.lexicon.lookup(entity_key(bare))
        if known is not None:
            return known
        entity = self.lexicon.add_unknown(bare)
        guess = suggest(bare, self.lexicon.names(), 0.8)
        self.warnings.append(Diagnostic(
            "cnl-unknown-name", f"unknown name '{bare}' (taken as an entity of unknown kind)",
            self.span_of(chunk), "warning", f"did you mean '{guess}'?" if guess else None))
        return entity

    # ---- anaphora --------------------------------------------------------------------------
    def pronoun(self, chunk: Chunk, subject_of: list[Mention] | None) -> list[Mention]:
        word = chunk.text.lower()
        if word in FIRST_PERSON:
            if self.speaker is not None:
                return [self._as_state(self.speaker)]
            return []
        if word in PLURAL_PRONOUNS:
            group = self.discourse.plural or self.discourse.pair
            return [self._retext(m, chunk) for m in group]
        want_person = word in PERSON_PRONOUNS
        topic = list(self.discourse.topic) if len(self.discourse.topic) == 1 else []
        for candidates in (subject_of or [], list(reversed(self.seen)), topic):
            fits = [m for m in candidates if (m.entity.kind == "person") == want_person]
            if fits:
                return [self._retext(fits[0], chunk)]
        for mention in reversed(self.discourse.recent):
            if (mention.entity.kind == "person") == want_person:
                return [self._retext(mention, chunk)]
        return []

    def anaphor(self, chunk: Chunk) -> list[Mention]:
        pair = self.discourse.pair
        if chunk.anaphor == "sides":  # "the parties", "the rival factions": the last group, else named later
            group = self.discourse.plural if len(self.discourse.plural) > 2 else pair
            if not group:
                return [Mention(entity, chunk.text, self.span_of(chunk)) for entity in SIDES]
            return [self._retext(self._as_state(m), chunk) for m in group]
        if chunk.anaphor == "state":
            return [self._retext(self._as_state(m), chunk) for m in pair]
        return [self._retext(m, chunk) for m in pair]

    def role(self, chunk: Chunk) -> list[Mention]:
        for mention in reversed(self.discourse.recent):
            if self.lexicon.role_of(mention.entity.key) == chunk.role and (
                    chunk.key is None or mention.entity.country == chunk.key):
                return [self._retext(mention, chunk)]
        leaders = self.lexicon.leaders(chunk.role or "", chunk.key)
        if len(leaders) == 1:
            return [Mention(self.lexicon.entity(leaders[0]), chunk.text, self.span_of(chunk))]
        return []

    def leader(self, mention: Mention, role: str) -> Mention:
        """"the leaders of Peru": the state's first listed head (or its foreign minister)."""
        roles = HEAD_ROLES if role == "leader" else (role,)
        for wanted in roles:
            found = self.lexicon.leaders(wanted, mention.entity.key)
            if found:
                return Mention(self.lexicon.entity(found[0]), mention.text, mention.span)
        return mention

    def _as_state(self, mention: Mention) -> Mention:
        country = mention.entity.country
        if country and country != mention.entity.key and country in {e.key for e in [self.lexicon.entity(country)]}:
            return Mention(self.lexicon.entity(country), mention.text, mention.span)
        return mention

    def _retext(self, mention: Mention, chunk: Chunk) -> Mention:
        return Mention(mention.entity, chunk.text, self.span_of(chunk))


def resolve_sides(sentences: list[Sentence], discourse: Discourse) -> list[Sentence]:
    """Events with stand-ins for "the rival factions" (read before the document named them)
    take the first group of parties named after their sentence; without one, the stand-ins go."""
    out: list[Sentence] = []
    for sentence in sentences:
        if not any(m.entity in SIDES for e in sentence.events for m in (*e.actors, *e.targets)):
            out.append(sentence)
            continue
        later = next((g for n, g in discourse.groups if n > sentence.number), ())
        events = [e for e in (_with_sides(e, later) for e in sentence.events) if e is not None]
        out.append(replace(sentence, events=tuple(dict.fromkeys(events))))
    return out


def _with_sides(event: Event, group: tuple[Mention, ...]) -> Event | None:
    def swap(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
        out: list[Mention] = []
        for m in mentions:
            if m.entity in SIDES:
                k = SIDES.index(m.entity)
                if k < len(group):
                    out.append(Mention(group[k].entity, m.text, m.span))
            else:
                out.append(m)
        return tuple(out)

    actors, targets = swap(event.actors), swap(event.targets)
    if not actors:
        actors, targets = targets[:1], targets[1:]
    return replace(event, actors=actors, targets=targets) if actors else None
