"""One parsed sentence -> its events and facts: clauses in order, then what holds sentence-wide
(attribution ", a British statement said", leading conditions, a date or place stated once)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reasoner.cnl import stance
from reasoner.cnl.chunker import Chunk
from reasoner.cnl.frames import Ctx, Draft, Frames
from reasoner.cnl.items import PARTICIPANTS, all_chunks, islands, point_date, top_chunks, vp_chunks
from reasoner.cnl.lexicon import KIND_WORDS, entity_key
from reasoner.cnl.statements import SYMMETRIC_TYPES, Entity, Event, Fact, Mention
from reasoner.cnl.transform import Clause, SentenceTree

DYADIC_UNDATED_OK = frozenset({"planned_visit"})
SYMMETRIC = SYMMETRIC_TYPES


@dataclass
class Reading:
    events: list[Event]
    facts: list[Fact]
    actors: list[Mention] = field(default_factory=list)  # the main clause's subject


class Interpreter:
    """Reads one sentence tree with a :class:`Frames` for that sentence."""

    def __init__(self, frames: Frames) -> None:
        self.f = frames
        self.r = frames.r

    def read(self, tree: SentenceTree, inherited: list[Mention] | None = None) -> Reading:
        """The events and facts of one sentence tree; ``inherited`` is the subject of a fragment
        ("..., and is demanding guarantees") from the piece of the sentence before it."""
        facts = self.definitions(tree.main)
        if facts:
            return Reading([], facts)
        attribution, said = self.attribution(tree)
        self.r.speaker = attribution
        drafts: list[Draft] = []
        condition, place = None, None
        for lead in tree.leads:
            condition, place = self.lead(lead, drafts, condition, place)
        actors = list(inherited or []) if tree.main.kind == "fragment" else self.f.subject(tree.main.subject)
        main = self.f.nominal(tree.main.subject, actors)
        main += self.f.vps(tree.main.relative, actors)
        main_drafts = self.f.vps(tree.main.vps, actors)
        for draft in main_drafts:
            if place is not None and draft.place is None and draft.type in ("meeting", "host", "agreement",
                                                                            "joint_statement"):
                draft.place = place
        drafts += main + main_drafts
        for lead in tree.leads:  # "After talks with Soto in Lima, Eriksen urged ..."
            if not lead.vps and lead.word is not None and lead.word.type in ("PREP", "SUBORD", "VERB", "NUMBER"):
                drafts += self.f.nominal(list(all_chunks(lead.subject)), actors, open_phrase=True)
        drafts += self.segments(tree, actors, said)
        drafts += self.characterisations(tree, drafts, attribution, actors)
        return Reading(self.finish(drafts, tree, attribution, condition), [], actors)

    def characterisations(self, tree: SentenceTree, drafts: list[Draft], attribution: Mention | None,
                          actors: list[Mention]) -> list[Draft]:
        """Accusations made by calling something a provocation (see :mod:`reasoner.cnl.stance`)."""
        says = any(vp.verb is not None and vp.verb.type == "SAY" for vp in tree.main.vps)
        speaker = [attribution] if attribution is not None else (actors if says else [])
        chunks = sorted({id(c): c for clause in [*tree.leads, tree.main, *tree.segments]
                         for c in _clause_chunks(clause)}.values(), key=lambda c: c.start)
        known = [d.actors for d in drafts if d.type == "accusation"]
        return [d for d in stance.accusations(self.f, chunks, speaker) if d.actors not in known]

    # ---- parts of the sentence -------------------------------------------------------------
    def lead(self, lead: Clause, drafts: list[Draft], condition, place):
        word = lead.word
        if word is not None and word.type in ("IF", "IN_EVENT_OF") or (lead.subject and not isinstance(
                lead.subject[0], Chunk) and lead.subject[0].kind in ("if", "event_of")):
            return self.f.excerpt(lead.subject), place
        if word is not None and word.text.lower() == "in":
            found = [c for c in top_chunks(lead.subject) if c.type == "ENT"]
            if found:
                place = self.r.literal(found[0])
        if lead.vps:
            drafts += self.f.clause(lead.subject, lead.vps, Ctx())
        return condition, place

    def segments(self, tree: SentenceTree, main_actors: list[Mention], said: Clause | None) -> list[Draft]:
        drafts: list[Draft] = []
        previous = tree.main
        previous_actors = main_actors
        for segment in tree.segments:
            if segment is said or segment.kind == "according":  # "Chilean and Peruvian mediators added"
                source = self.f.described(top_chunks(segment.subject)) if segment.kind != "according" else []
                drafts += self.f.nominal(segment.subject, source)
                drafts += self.occasions(segment)
                previous = segment
                continue
            if segment.kind == "relative":
                antecedent = self.last_named(previous)
                drafts += self.f.vps(segment.vps, antecedent)
            elif segment.kind == "participle":
                drafts += self.f.vps(segment.vps, previous_actors)
            elif segment.vps:
                previous_actors = self.f.subject(segment.subject)
                drafts += self.f.nominal(segment.subject, previous_actors)
                drafts += self.f.vps(segment.vps, previous_actors)
            previous = segment
        return drafts

    def occasions(self, said: Clause) -> list[Draft]:
        """", Soto said after a third day of talks": the speaker took part in the talks."""
        speaker = self.f.parties([c for c in top_chunks(said.subject) if c.type in PARTICIPANTS][:1])
        drafts: list[Draft] = []
        for vp in said.vps:
            for island in islands(vp.items, "subordinate"):
                if island.word.text.lower() in ("after", "following", "before"):
                    chunks = list(all_chunks([island]))[1:]
                    drafts += [d for d in self.f.nominal(chunks, speaker, open_phrase=True)
                               if d.type == "meeting" and not d.date_inherited]  # new talks, not "the meeting"
        return drafts

    def last_named(self, clause: Clause) -> list[Mention]:
        chunks = list(all_chunks(clause.subject))
        for vp in clause.vps:
            chunks += list(vp_chunks(vp))
        named = [c for c in chunks if c.type in ("ENT", "NEWNAME")]
        if not named:
            return []
        k = chunks.index(named[-1])  # "... – Chile, Peru, Norway and Spain – who met": the whole list
        while k >= 2 and chunks[k - 1].type in ("LCOMMA", "AND") and chunks[k - 2].type in ("ENT", "NEWNAME"):
            k -= 2
        return self.f.parties([c for c in chunks[k:] if c.type in ("ENT", "NEWNAME")])

    def attribution(self, tree: SentenceTree) -> tuple[Mention | None, Clause | None]:
        """", a British statement said." / "according to X": who the sentence is attributed to."""
        for clause in [*tree.leads, *tree.segments]:
            if clause.kind == "according" or (clause.kind == "lead" and clause.word is not None
                                               and clause.word.type == "ACCORDING_TO"):
                mention = self.source(clause.subject)
                return mention, clause
        for segment in tree.segments:
            if segment.kind == "segment" and len(segment.vps) == 1 and _bare_saying(segment.vps[0]):
                return self.source(segment.subject), segment
        return None, None

    def source(self, items) -> Mention | None:
        mentions = self.f.parties([c for c in top_chunks(items) if c.type in PARTICIPANTS | {"DEMONYM"}][:1])
        discourse = self.r.discourse
        if mentions:
            discourse.attribution = mentions[0]
            return mentions[0]
        if any(c.text.lower() == "statement" for c in top_chunks(items)):
            return discourse.attribution
        return None

    # ---- definitions -----------------------------------------------------------------------
    def definitions(self, main: Clause) -> list[Fact]:
        facts: list[Fact] = []
        for vp in main.vps:
            if vp.defn is None:
                continue
            for subject in [c for c in main.subject if c.type in ("ENT", "NEWNAME", "DEMONYM")]:
                facts += self.definition(subject, vp.defn, main.qid)
        return facts

    def definition(self, subject: Chunk, defn, qid: Chunk | None) -> list[Fact]:
        lexicon = self.r.lexicon
        objects = [self.defined(o) for o in defn.objects]
        if defn.relation == "demonym":
            return [Fact(objects[0], "demonym", subject.text)] if objects else []
        wikidata = qid.text.strip("() ") if qid is not None else None
        entity = self.defined(subject, wikidata)
        if defn.relation == "is_a":
            word = defn.word.text.lower().split()[-1] if defn.word else "thing"
            kind = KIND_WORDS.get(word, "unknown")
            return [Fact(Entity(entity.key, entity.label, kind, wikidata or entity.wikidata), "is_a", word)]
        if defn.relation == "alias":
            return [Fact(entity, "alias", _bare(o.label or o.text)) for o in defn.objects]
        if defn.relation == "leader_of":
            role = defn.word.role if defn.word is not None else None
            person = Entity(entity.key, entity.label, "person", entity.wikidata)
            return [Fact(person, "leader_of", obj, role=role) for obj in objects]
        del lexicon
        return [Fact(entity, defn.relation, obj) for obj in objects]

    def defined(self, chunk: Chunk, wikidata: str | None = None) -> Entity:
        """The entity a definitional sentence talks about (new names become new entities)."""
        if chunk.type in ("ENT", "DEMONYM") and chunk.key:
            known = self.r.lexicon.entity(chunk.key)
            return Entity(known.key, known.label, known.kind, wikidata or known.wikidata, known.country)
        label = chunk.label or chunk.text
        label = "the" + label[3:] if label.lower().startswith("the ") else label
        return Entity(entity_key(label), label, "unknown", wikidata)

    # ---- sentence-wide rules ---------------------------------------------------------------
    def finish(self, drafts: list[Draft], tree: SentenceTree, attribution: Mention | None,
               condition: str | None) -> list[Event]:
        sentence_chunks = [c for clause in [*tree.leads, tree.main, *tree.segments]
                           for c in _clause_chunks(clause)]
        date = point_date(sentence_chunks)
        events: list[Event] = []
        _mediated(drafts, tree, self.f)
        for draft in _merged(drafts):
            if draft.date is None and not draft.planned:
                draft.date = date
            self.inherit_place(draft)
            draft.condition = draft.condition or condition
            draft.attribution = draft.attribution or attribution or draft.said_by
            event = _event(draft)
            if draft.distinct:
                self.r.discourse.distinct.add(
                    (self.r.discourse.sentence, event.type, frozenset(m.entity.key for m in (*event.actors, *event.targets))))
            if event not in events:
                events.append(event)
        return events

    def inherit_place(self, draft: Draft) -> None:
        if draft.place is not None or draft.type not in ("meeting", "call", "host", "agreement", "joint_statement"):
            return
        keys = {a.entity.key for a in draft.actors + draft.targets}
        for actor, place, _ in self.f.presence:
            if actor.entity.key in keys:
                draft.place = place
                return


def _mediated(drafts: list[Draft], tree: SentenceTree, frames: Frames) -> None:
    """Mediators named without the sides mediate between the parties of the sentence's agreement
    or meeting ("a truce was concluded between X and Y, the mediators added"), else between the
    parties of its subject ("Both parties told the facilitators ...")."""
    for draft in drafts:
        if draft.type != "mediation_offer" or draft.targets:
            continue
        keys = {m.entity.key for m in draft.actors}
        for other in drafts:
            sides = [m for m in (*other.actors, *other.targets) if m.entity.key not in keys]
            if other.type in ("agreement", "meeting") and len(sides) >= 2:
                draft.targets = sides
                break
        else:
            subject = [m for m in frames.r.discourse.pair if m.entity.key not in keys]
            if tree.main.subject and any(c.type == "ANAPHOR" for c in all_chunks(tree.main.subject)):
                draft.targets = subject if len(subject) >= 2 else []


def _merged(drafts: list[Draft]) -> list[Draft]:
    """One draft per event: the same type with the same participants (a nominal mention read
    twice, "the visit" in a clause and in its attribution) is one event, its first reading
    completed by the later ones."""
    out: dict[tuple, Draft] = {}
    for draft in drafts:
        if not draft.actors:
            continue
        key = (draft.type, frozenset(m.entity.key for m in (*draft.actors, *draft.targets)),
               frozenset() if draft.type in SYMMETRIC else frozenset(m.entity.key for m in draft.actors))
        first = out.setdefault(key, draft)
        if first is not draft:
            first.date = first.date or draft.date
            first.place = first.place or draft.place
            first.attribution = first.attribution or draft.attribution
            first.condition = first.condition or draft.condition
    return list(out.values())


def _bare_saying(vp) -> bool:
    return (vp.verb is not None and vp.verb.type == "SAY" and not vp.vps
            and not islands(vp.items, "that", "infinitive"))


def _bare(label: str) -> str:
    return label[4:] if label.lower().startswith("the ") else label


def _clause_chunks(clause: Clause) -> list[Chunk]:
    chunks = list(all_chunks(clause.subject))
    for vp in clause.relative + clause.vps:
        chunks += list(vp_chunks(vp))
    return chunks


def _event(draft: Draft) -> Event:
    if draft.condition:
        modality = "conditional"
    elif draft.planned:
        modality = "planned"
    elif draft.attribution is not None:
        modality = "reported"
    else:
        modality = "asserted"
    return Event(draft.type, tuple(draft.actors), tuple(draft.targets), draft.date, draft.place,
                 draft.condition, modality, draft.attribution, draft.quantity, draft.topic)
