"""A seeded synthetic news corpus in the controlled language, with the events each sentence means.

Every sentence is generated together with the events the parser must find in it
(:class:`Expected`), so the corpus can be used two ways:

- as text, parsed by the product (the *parsed* path), and
- as :class:`reasoner.cnl.statements.Document` objects built straight from the expectations (the
  *direct* path), for sizes where parsing all the text would not fit the time budget.

The two paths give the same documents (tests/bench checks it), so they give the same facts.
News is dated over six years; the mix of event types follows what diplomatic news reports most
(meetings and calls), with hostile events concentrated on a few rivalries, as in real news.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from typing import Iterator

from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.statements import Document, Event, Mention, Quantity, Sentence
from reasoner.errors import Span

from bench.world import ROLE_WEIGHTS, ROLES, Person, State, World

START = dt.date(2018, 1, 1)
DAYS = 6 * 365
SENTENCES_PER_ARTICLE = 10


@dataclass(frozen=True, slots=True)
class Expected:
    """One event a sentence states: what ``describe_event`` would show, as entity keys."""

    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...] = ()
    date: dt.date | None = None
    place: str | None = None
    modality: str = "asserted"
    condition: str | None = None
    source: str | None = None
    quantity: int | None = None
    unit: str | None = None
    qualifier: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One generated sentence and the events it states."""

    text: str
    events: tuple[Expected, ...]


@dataclass(frozen=True)
class Article:
    doc_id: str
    date: dt.date
    items: tuple[Item, ...]

    @property
    def text(self) -> str:
        """The document as a user would store it: a header, then one sentence a line."""
        return f"title: {self.doc_id}\ndate: {self.date.isoformat()}\n\n" + "\n".join(
            i.text for i in self.items) + "\n"

    @property
    def event_count(self) -> int:
        return sum(len(i.events) for i in self.items)


def _spoken_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


@dataclass
class _Writer:
    """Writes sentences about one day of news; ``rng`` drives every choice."""

    world: World
    rng: random.Random
    day: dt.date
    cum_weights: list[float] = field(default_factory=list)  # of the states; see articles()

    # -- picking participants --------------------------------------------------------------
    def state(self) -> State:
        return self.rng.choices(self.world.states, cum_weights=self.cum_weights)[0]

    def partner(self, state: State) -> State:
        """Another state, in the same bloc most of the time."""
        for _ in range(20):
            other = self.state()
            if other != state and (other.bloc == state.bloc or self.rng.random() < 0.4):
                return other
        return next(s for s in self.world.states if s != state)

    def leader(self, state_key: str) -> Person:
        people = self.world.leaders_of(state_key)
        weights = [ROLE_WEIGHTS[ROLES.index(p.role)] if p.role in ROLES else 1 for p in people]
        return self.rng.choices(people, weights=weights)[0]

    def rivals(self) -> tuple[State, State]:
        a, b = self.rng.choice(self.world.rivalries)
        pair = (self.world.states[a], self.world.states[b])
        return pair if self.rng.random() < 0.5 else (pair[1], pair[0])

    def third_party(self, *avoid: State) -> State:
        while True:
            state = self.state()
            if state not in avoid:
                return state

    def event_day(self) -> dt.date:
        return self.day - dt.timedelta(days=self.rng.choice((0, 0, 0, 1, 1, 2, 3)))

    # -- naming ----------------------------------------------------------------------------
    def person(self, person: Person) -> str:
        """A person as news names them: with title, full name, or surname."""
        roll = self.rng.random()
        if roll < 0.3:
            return f"{self._title_owner(person)} {person.role.title()} {person.name}"
        return person.name if roll < 0.7 else person.surname

    def _title_owner(self, person: Person) -> str:
        org = next((o for o in self.world.organisations if o.key == person.of), None)
        return org.name if org else self.world.state(person.of).demonym

    def actor_state(self, state: State) -> str:
        """A state acting: its name, or its capital standing for it (metonymy)."""
        return state.capital if self.rng.random() < 0.15 else state.name

    # -- sentences, one per event type -----------------------------------------------------
    def meeting(self) -> Item:
        a = self.state()
        p, q = self.leader(a.key), self.leader(self.partner(a).key)
        day = self.event_day()
        text = f"{self.person(p)} met {self.person(q)} in {a.capital} on {_spoken_date(day)}."
        return Item(text, (Expected("meeting", (p.key,), (q.key,), day, a.capital_key),))

    def call(self) -> Item:
        a = self.state()
        p, q = self.leader(a.key), self.leader(self.partner(a).key)
        day = self.event_day()
        text = f"{self.person(p)} spoke by phone with {self.person(q)} on {_spoken_date(day)}."
        return Item(text, (Expected("call", (p.key,), (q.key,), day),))

    def visit(self) -> Item:
        a = self.state()
        b = self.partner(a)
        p, day = self.leader(a.key), self.event_day()
        text = f"{self.person(p)} visited {b.capital} on {_spoken_date(day)}."
        return Item(text, (Expected("visit", (p.key,), (b.key,), day, b.capital_key),))

    def planned_visit(self) -> Item:
        a = self.state()
        b = self.partner(a)
        p, day = self.leader(a.key), self.day + dt.timedelta(days=self.rng.randint(1, 20))
        text = f"{self.person(p)} will travel to {b.name} on {_spoken_date(day)}."
        return Item(text, (Expected("planned_visit", (p.key,), (b.key,), day, modality="planned"),))

    def host(self) -> Item:
        a = self.state()
        p, q = self.leader(a.key), self.leader(self.partner(a).key)
        day = self.event_day()
        text = f"{self.person(p)} hosted {self.person(q)} in {a.capital} on {_spoken_date(day)}."
        return Item(text, (Expected("host", (p.key,), (q.key,), day, a.capital_key),))

    def mediation_offer(self) -> Item:
        a, b = self.rivals()
        if self.rng.random() < 0.3:
            org = self.rng.choice(self.world.organisations)
            mediator = self.world.leaders_of(org.key)[0]
        else:
            mediator = self.leader(self.third_party(a, b).key)
        day = self.event_day()
        between = f"between {a.name} and {b.name} on {_spoken_date(day)}"
        text = f"{self.person(mediator)} offered to mediate {between}."
        # The parser keeps what follows "to mediate" as the topic, date included.
        return Item(text, (Expected("mediation_offer", (mediator.key,), (a.key, b.key), day,
                                    topic=between),))

    def sanction_threat(self) -> Item:
        a, b = self.rivals()
        threatener = b if self.rng.random() < 0.5 else self.third_party(a, b)
        day = self.event_day()
        who = self.actor_state(threatener)
        if self.rng.random() < 0.5:
            text = f"{who} threatened {a.name} with sanctions on {_spoken_date(day)}."
            return Item(text, (Expected("sanction_threat", (threatener.key,), (a.key,), day),))
        if self.rng.random() < 0.5:
            condition = f"if {a.name} invades {b.name}"
        else:
            condition = f"in the event of a {a.demonym} incursion into {b.name}"
        text = f"{who} warned {a.name} on {_spoken_date(day)} of sanctions {condition}."
        return Item(text, (Expected("sanction_threat", (threatener.key,), (a.key,), day,
                                    modality="conditional", condition=condition),))

    def sanction_imposed(self) -> Item:
        a, b = self.rivals()
        day = self.event_day()
        text = f"{self.actor_state(b)} imposed sanctions on {a.name} on {_spoken_date(day)}."
        return Item(text, (Expected("sanction_imposed", (b.key,), (a.key,), day),))

    def accusation(self) -> Item:
        a, b = self.rivals()
        accuser = self.leader(b.key)
        day, troops = self.event_day(), self.rng.randrange(5, 150) * 1000
        charge = f"of amassing {troops:,} troops near {b.name}"
        text = f"{self.person(accuser)} accused {a.name} on {_spoken_date(day)} {charge}."
        return Item(text, (
            Expected("accusation", (accuser.key,), (a.key,), day, topic=charge),
            Expected("troop_buildup", (a.key,), (b.key,), day, modality="reported",
                     source=accuser.key, quantity=troops, unit="troops")))

    def troop_buildup(self) -> Item:
        a, b = self.rivals()
        witness = self.third_party(a, b)
        troops = self.rng.randrange(10, 200) * 1000
        text = (f"{a.name} has amassed an estimated {troops:,} troops near {b.name}, "
                f"a {witness.demonym} statement said.")
        # the present perfect tells the day's news: the build-up is dated by the article
        return Item(text, (Expected("troop_buildup", (a.key,), (b.key,), self.day, modality="reported",
                                    source=witness.key, quantity=troops, unit="troops",
                                    qualifier="estimated"),))

    def joint_statement(self) -> Item:
        a = self.state()
        b, day = self.partner(a), self.event_day()
        text = f"{a.name} and {b.name} signed a joint statement on {_spoken_date(day)}."
        return Item(text, (Expected("joint_statement", (a.key, b.key), (), day),))

    def agreement(self) -> Item:
        a = self.state()
        b, day = self.partner(a), self.event_day()
        text = f"{a.name} and {b.name} agreed on {_spoken_date(day)} to expand trade."
        return Item(text, (Expected("agreement", (a.key, b.key), (), day, topic="to expand trade"),))

    def support(self) -> Item:
        a = self.state()
        b = self.partner(a)
        text = f"{self.actor_state(a)} backs {b.name}."
        return Item(text, (Expected("support", (a.key,), (b.key,)),))


# How often each kind of sentence appears (percent); contact events dominate real news.
MIX: dict[str, int] = {
    "meeting": 22, "call": 18, "visit": 10, "planned_visit": 4, "host": 5, "mediation_offer": 3,
    "sanction_threat": 9, "sanction_imposed": 2, "accusation": 5, "troop_buildup": 3,
    "joint_statement": 7, "agreement": 7, "support": 5,
}


def articles(world: World, events: int, seed: int = 7) -> Iterator[Article]:
    """Articles of ``SENTENCES_PER_ARTICLE`` sentences holding ``events`` events in all (the
    last article may hold fewer sentences; an accusation states two events)."""
    rng = random.Random(seed * 1_000_003 + events)
    # Cumulative weights once, not per draw: rng.choices(weights=w) draws exactly as
    # rng.choices(cum_weights=accumulate(w)), so the corpus is the same, only faster.
    state_weights = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(world.states))))
    kinds, mix = list(MIX), list(itertools.accumulate(MIX.values()))
    made, number = 0, 0
    while made < events:
        day = START + dt.timedelta(days=DAYS * number * SENTENCES_PER_ARTICLE // max(events, 1))
        writer = _Writer(world, rng, day, state_weights)
        items: list[Item] = []
        while len(items) < SENTENCES_PER_ARTICLE and made < events:
            kind = rng.choices(kinds, cum_weights=mix)[0]
            if kind == "accusation" and events - made < 2:
                kind = "meeting"
            item: Item = getattr(writer, kind)()
            items.append(item)
            made += len(item.events)
        number += 1
        yield Article(f"bench-{day.isoformat()}-{number:07d}", day, tuple(items))




# -- the direct path: documents built from the expectations, without parsing ---------------------

def article_document(article: Article, lexicon: Lexicon, source: str = "<input>") -> Document:
    """The Document the parser would make of ``article.text``, built without parsing it."""
    text = article.text
    offset = text.index("\n\n") + 2
    sentences = []
    for number, item in enumerate(article.items, start=1):
        span = Span.of(text, offset, offset + len(item.text), source)
        events = tuple(_event(e, lexicon) for e in item.events)
        sentences.append(Sentence(number, item.text, span, events))
        offset += len(item.text) + 1
    return Document(article.doc_id, text, tuple(sentences), article.doc_id, article.date, source)


def _event(expected: Expected, lexicon: Lexicon) -> Event:
    def mention(key: str | None) -> Mention | None:
        return None if key is None else Mention(lexicon.entity(key), key)

    quantity = None
    if expected.quantity is not None:
        quantity = Quantity(float(expected.quantity), expected.unit or "", expected.qualifier)
    return Event(
        expected.type,
        tuple(Mention(lexicon.entity(k), k) for k in expected.actors),
        tuple(Mention(lexicon.entity(k), k) for k in expected.targets),
        expected.date, mention(expected.place), expected.condition, expected.modality,  # type: ignore[arg-type]
        mention(expected.source), quantity, expected.topic)


def event_summary(event: Event) -> Expected:
    """A parsed event in the form of an expectation, to compare the two."""
    quantity = event.quantity
    return Expected(
        event.type, tuple(m.entity.key for m in event.actors), tuple(m.entity.key for m in event.targets),
        event.date, event.place.entity.key if event.place else None, event.modality, event.condition,
        event.attribution.entity.key if event.attribution else None,
        int(quantity.value) if quantity else None, quantity.unit if quantity else None,
        quantity.qualifier if quantity else None, event.topic)
