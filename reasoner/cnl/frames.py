"""Event frames: a verb group with its subject -> draft events (one function per verb class).

The verb keyword class (a terminal of grammar/cnl.lark) picks the frame; the frame reads its
arguments from the tail: direct objects, prepositional objects ("with X", "between X and Y",
"on X"), quantities, dates, and islands (to-infinitives, that-clauses, conditions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable

from reasoner.cnl.chunker import Chunk
from reasoner.cnl import stance
from reasoner.cnl.context import SIDES, Resolver
from reasoner.cnl.drafts import Ctx, Draft
from reasoner.cnl.items import (DEAL_WORDS, FORCE_WORDS, PARTICIPANTS, SANCTION_WORDS, STATEMENT_WORDS,
                                after_prep, all_chunks, direct_objects, extent, find_condition,
                                first_quantity, islands, mentions_any, point_date, top_chunks, vp_chunks)
from reasoner.cnl.statements import Mention
from reasoner.cnl.transform import VP, Island, Item

# Verbs whose tail may hold a whole clause ("said Turkey was prepared"); after any other verb,
# an "embedded clause" is a noun read as a verb ("demanded security guarantees from NATO").
OPEN_VERBS = frozenset({"SAY", "WARN", "THREATEN", "VERB", "BE", "AUX", "DO", "PLAN", "CALL"})
ARRIVAL_VERBS = frozenset({"arrived", "arrives", "arrive", "arriving", "landed", "lands", "land", "landing"})
MEDIATOR_NOUNS = frozenset({"mediators", "mediator", "facilitators", "facilitator", "interlocutors", "brokers"})
LEADER_NOUNS = {"leaders": "leader", "leader": "leader", "presidents": "president", "heads": "leader",
                "foreign ministers": "foreign minister", "ministers": "foreign minister"}
MEETING_NOUNS = frozenset({"talks", "summit", "summits", "meeting", "meetings", "sit-down", "discussion",
                           "discussions", "negotiations", "consultations"})
DRILL_WORDS = frozenset({"exercises", "drills", "manoeuvres", "maneuvers", "wargames", "war games"})
RECIPROCAL_NOUNS = frozenset({"meeting", "call"})
# Who accused whom when both parties did: "accusations by each side", "charges from both sides".
MUTUAL = frozenset({("each", "side"), ("each", "other"), ("either", "side"), ("both", "sides")})
FORCE_EVENTS = frozenset({"deployment", "troop_buildup"})
COREFERENT = frozenset({"meeting", "visit", "call", "deployment"})
NOT_THE_SAME = frozenset({"next", "previous", "earlier", "follow-up", "possible", "upcoming", "future", "further",
                          "another", "other", "prior", "planned", "new", "round", "first", "last", "such",
                          "separate", "any", "no"})
NOT_YET = frozenset({"planned", "upcoming", "future", "next", "possible", "proposed"})
TRUCE_WORDS = frozenset({"ceasefire", "truce", "cease-fire", "armistice", "deal", "agreement"})
LOCATED = frozenset({"meeting", "call", "host", "agreement", "joint_statement", "appeal", "mediation_offer"})
REACHED = frozenset({"arrived", "reached", "agreed", "brokered", "signed", "concluded", "struck", "sealed",
                     "worked", "hammered", "negotiated"})
PRESENT_EVENTS = frozenset({"MEET", "VISIT", "HOST", "TRAVEL", "DISCUSS", "SIGN", "AGREE"})
PAST_FORMS = frozenset({"met", "went", "flew", "rang", "held talks", "came", "spoke", "held"})
PLANNED_MODALS = frozenset({"will", "would", "shall", "is going to", "are going to", "was going to",
                            "were going to"})


class Frames:
    """Interprets verb groups of one sentence."""

    def __init__(self, resolver: Resolver, text: str, anaphors: list[Chunk]) -> None:
        self.r = resolver
        self.text = text
        self.sentence_anaphors = anaphors  # "the two states" anywhere in the sentence
        self.presence: list[tuple[Mention, Mention, dt.date | None]] = []  # "Putin was in Beijing"
        self.subject_words: list[Chunk] = []  # the words of the last subject read

    # ---- helpers ---------------------------------------------------------------------------
    def parties(self, chunks: list[Chunk], *, speaker: tuple[Mention, ...] = ()) -> list[Mention]:
        out: list[Mention] = []
        for chunk in chunks:
            for mention in self.r.actor(chunk, subject_of=list(speaker) or None):
                if all(m.entity.key != mention.entity.key for m in out):
                    out.append(mention)
        return out

    def subject(self, items: list[Item], speaker: tuple[Mention, ...] = ()) -> list[Mention]:
        """The participants a clause's subject names ("Xi and Putin", "Putin's trip" -> Putin)."""
        items = _possessed_heads(items)
        self.subject_words = top_chunks(items)
        lead: list[Chunk] = []
        for item in items:
            if not isinstance(item, Chunk) or item.type not in PARTICIPANTS | {"AND", "COMMA", "LCOMMA", "BOTH", "OR"}:
                break
            lead.append(item)
        mentions = self.parties([c for c in lead if c.type in PARTICIPANTS], speaker=speaker)
        if not mentions:
            mentions = self.described(top_chunks(items))
            if any(c.text.lower() in MEDIATOR_NOUNS for c in top_chunks(items)):
                return mentions  # mediators are not the sides ("the mediators added")
        self.note_group(mentions, subject=True)
        return mentions

    def described(self, chunks: list[Chunk]) -> list[Mention]:
        """A subject without a name: "Chilean and Peruvian mediators", "the leaders of Chile and
        Peru", "the mediators" (those who mediated last), "a Norwegian statement"."""
        head = next((c for c in chunks if c.type in ("WORD", "NOUN")), None)
        noun = head.text.lower() if head is not None else ""
        if noun in MEDIATOR_NOUNS:
            owners = self.owners(chunks[:chunks.index(head)]) or self.parties(after_prep(chunks, {"from"}))
            if owners:
                return owners
            last = self.r.discourse.last_event(frozenset({"mediation_offer"}))
            return list(last.actors) if last is not None else []
        if noun in LEADER_NOUNS and chunks[chunks.index(head) + 1:][:1] and chunks[chunks.index(head) + 1].type == "OF":
            states = self.parties(_run_after(chunks, chunks.index(head) + 1))
            return [self.r.leader(m, LEADER_NOUNS[noun]) for m in states]
        if noun in FORCE_WORDS and chunks[0].type == "POSS_PRON":  # "its soldiers"
            return self.parties(chunks[:1])
        demonyms = [c for c in chunks[:5] if c.type == "DEMONYM"]
        joined = any(c.type == "AND" for c in chunks[:5]) or any(c.group for c in demonyms)
        found = self.parties(demonyms if joined else demonyms[:1])
        if not found and chunks and chunks[0].type == "DET" and head is not None:
            found = list(self.r.discourse.heads.get(noun, ()))  # "the ministry": China's, named before
        return found

    def note_heads(self, chunks: list[Chunk]) -> None:
        """Remember whose each owned noun was ("Peru's interior ministry", "the Chilean-Peruvian
        Fisheries Commissions"), for a later definite mention ("the ministry", "the commissions")."""
        for k, chunk in enumerate(chunks):
            if chunk.type not in ("WORD", "NOUN", "NEWNAME") or k == 0:
                continue
            j = k
            while j > 0 and k - j < 3 and chunks[j - 1].type == "WORD" and chunks[j - 1].text.islower():
                j -= 1
            owners = self.possessor(chunks[:j]) if j and chunks[j - 1].type == "POSS" else []
            if not owners and j and chunks[j - 1].type == "DEMONYM":
                demonyms = [c for c in chunks[max(0, j - 3):j] if c.type == "DEMONYM"]
                owners = self.parties(demonyms)
            if owners:
                word = chunk.text.split()[-1].lower()
                self.r.discourse.heads[word] = tuple(self.r._as_state(m) for m in owners)

    def owners(self, before: list[Chunk]) -> list[Mention]:
        """The states or persons named right before a noun: "Chilean and Peruvian", "Norwegian", "Peru's"."""
        run = [c for c in before if c.type in PARTICIPANTS | {"DEMONYM", "AND", "COMMA", "LCOMMA", "DET", "BOTH"}]
        if len(run) != len(before):
            return []
        return self.parties([c for c in run if c.type in PARTICIPANTS | {"DEMONYM"}])

    def note_group(self, mentions: list[Mention], *, subject: bool = False) -> None:
        d = self.r.discourse
        if len(mentions) >= 2 and not any(m.entity in SIDES for m in mentions):
            d.groups.append((d.sentence, tuple(mentions)))
        if len(mentions) >= 2:
            d.pair = tuple(mentions[:2])
            if subject:
                d.plural = tuple(mentions)
        d.remember(mentions)

    def excerpt(self, item: Item | VP | list[Item]) -> str:
        if isinstance(item, list):
            spans = [extent(i) for i in item if not (isinstance(i, Chunk) and i.type in ("COMMA", "END"))]
            if not spans:
                return ""
            return self.text[min(s for s, _ in spans):max(e for _, e in spans)].strip(" ,\u201c\u201d\"")
        start, end = extent(item)
        return self.text[start:end].strip(" ,\u201c\u201d\"")

    def condition(self, items: list[Item], vps: list[VP] = ()) -> str | None:
        found = find_condition(items, list(vps))
        return self.excerpt(found) if found else None

    def place_of(self, chunks: list[Chunk], *, any_kind: bool = False) -> Mention | None:
        """The place a destination names: a city or region, not a state ("to Russia")."""
        for chunk in chunks:
            literal = self.r.literal(chunk)
            if literal is not None and (any_kind or literal.entity.kind in ("place", "unknown")):
                return literal
        return None

    # ---- the dispatcher --------------------------------------------------------------------
    def vp(self, vp: VP, actors: list[Mention], ctx: Ctx = Ctx()) -> list[Draft]:
        if vp.defn is not None or vp.verb is None:
            return []
        pre_words = {c.text.lower() for c in vp.pre}
        if pre_words & {"not", "never", "n't"}:
            return []  # negated events are not asserted
        ctx = replace(ctx, planned=ctx.planned or bool(pre_words & PLANNED_MODALS))
        if _reduced_relative(vp):  # "the accord drafted in Lima was signed by ...": the later verb
            return self.vps(vp.vps, actors, ctx)
        frame = FRAMES.get(vp.verb.type, Frames.generic)
        if vp.verb.type not in OPEN_VERBS:
            vp = _unembed(vp)
        passive = _passive(vp)
        patients: list[Mention] = []
        if passive:  # "was blocked by Peru": the by-phrase acts, the subject undergoes
            vp, agents = self.by_agents(vp)
            patients, actors = actors, agents
        drafts, consumed = frame(self, vp, actors, ctx)
        if passive:
            drafts = self.passive_drafts(drafts, patients, vp)
        if frame not in SELF_NOMINAL:  # "signed a truce at talks in Lima"
            kinds = {d.type for d in drafts}
            if kinds & FORCE_EVENTS:  # "deployed 900 troops near X": the troops are no second event
                kinds |= FORCE_EVENTS
            drafts += [d for d in self.nominal(vp.items, actors) if d.type not in kinds]
        self.locate(drafts, vp)
        self.own_condition(drafts, vp)
        drafts += self.islands(vp, actors, ctx, consumed)
        date = point_date(vp.pre + top_chunks(vp.items), planned=ctx.planned) or (
            None if ctx.planned or ctx.infinitive else self.present_day(vp))
        for draft in drafts:
            if draft.date is None or draft.date_inherited and date is not None:
                draft.date = date or draft.date
            draft.planned = draft.planned or ctx.planned
        return drafts

    def present_day(self, vp: VP) -> dt.date | None:
        """"Soto and Eriksen meet to discuss ...": a meeting told in the present simple is today's."""
        verb = vp.verb
        if vp.pre or verb is None or verb.type not in PRESENT_EVENTS or not verb.text.islower():
            return None
        word = verb.text.lower()
        if word.endswith(("ed", "ing")) or word in PAST_FORMS:
            return None
        return self.r.discourse.published

    def by_agents(self, vp: VP) -> tuple[VP, list[Mention]]:

        """The tail without its "by X" phrase, and the parties X."""
        items = list(vp.items)
        for k, item in enumerate(items):
            if isinstance(item, Chunk) and item.type == "PREP" and item.text.lower() == "by":
                agents = _run_after(items, k)
                if agents:
                    rest = items[:k] + items[k + 1 + _run_length(items, k):]
                    return VP(vp.pre, vp.verb, rest, vp.vps, vp.defn), self.parties(agents)
        return vp, []

    def passive_drafts(self, drafts: list[Draft], patients: list[Mention], vp: VP) -> list[Draft]:
        """Passive events: the subject is the target; a symmetric event without agent ("a truce
        was concluded between X and Y") takes the parties named with "between"."""
        out: list[Draft] = []
        if not patients and vp.verb.type == "HOST" and self.subject_kind() == "meeting":
            last = self.r.discourse.last_event(frozenset({"meeting"}))  # "The talks were hosted by X"
            patients = [*last.actors, *last.targets] if last is not None else []
        for draft in drafts:
            if draft.actors:
                draft.targets = draft.targets or patients
                out.append(draft)
        if not out and any(c.text.lower() in DEAL_WORDS | TRUCE_WORDS for c in self.subject_words[-3:]):
            between = self.parties(after_prep(vp.items, {"between"}))
            if len(between) < 2 and vp.verb.text.lower() in REACHED:  # "A truce was reached": sides named later
                between = [Mention(entity, vp.verb.text) for entity in SIDES]
            if len(between) >= 2:
                out.append(Draft("agreement", between[:1], between[1:]))
        return out

    def subject_kind(self) -> str | None:
        heads = [c for c in self.subject_words if c.type in ("WORD", "NOUN")]
        return _nominal_kind(heads[-1], None) if heads else None

    def own_condition(self, drafts: list[Draft], vp: VP) -> None:
        """"X will meet Y if Z": an if-clause in the verb's own tail conditions the verb's events
        (what a saying verb reports keeps the conditions told inside it)."""
        if vp.verb.type == "SAY":
            return
        found = islands(vp.items, "if", "event_of")
        if found:
            text = self.excerpt(found[0])
            for draft in drafts:
                draft.condition = draft.condition or text

    def locate(self, drafts: list[Draft], vp: VP) -> None:
        """"met Blinken in Geneva": a place named with "in" locates the meeting-like events."""
        place = self.place_of(after_prep(top_chunks(vp.items), {"in", "at"}, possessors=False))
        for draft in drafts:
            if draft.place is None and place is not None and draft.type in LOCATED:
                draft.place = place

    def vps(self, vps: list[VP], actors: list[Mention], ctx: Ctx = Ctx()) -> list[Draft]:
        return [d for vp in vps for d in self.vp(vp, actors, ctx)]

    def islands(self, vp: VP, actors: list[Mention], ctx: Ctx, consumed: set[int]) -> list[Draft]:
        """Events inside the tail's islands that the frame did not use."""
        drafts: list[Draft] = []
        for item in vp.items:
            if not isinstance(item, Island) or id(item) in consumed:
                continue
            if item.kind == "infinitive":
                drafts += self.vp(item.vps[0], actors, replace(ctx, infinitive=True))
            elif item.kind in ("subordinate", "that"):
                drafts += self.clause(item.items, item.vps, Ctx())
            elif item.kind == "relative":
                antecedent = self.antecedent(vp.items, item)
                drafts += self.vps(item.vps, antecedent, Ctx())
        if vp.vps and id(vp) not in consumed:
            if _no_subject(vp.items):  # "were merely observing ...", "halt or delay ...": same subject
                drafts += self.vps(vp.vps, actors, ctx)
            else:
                drafts += self.clause(vp.items, vp.vps, Ctx(), fallback=actors)
        return drafts

    def clause(self, items: list[Item], vps: list[VP], ctx: Ctx, speaker: tuple[Mention, ...] = (),
               fallback: list[Mention] = ()) -> list[Draft]:
        """A clause embedded in a tail; a bare plural subject ("pulling back soldiers stationed ...")
        belongs to the ``fallback`` parties, the subject of the verb before it."""
        actors = self.subject(items, speaker)
        if not actors and fallback and all(isinstance(i, Chunk) and i.type in ("WORD", "QTY") for i in items):
            actors = list(fallback)
        first = vps[0] if vps else None
        if first is not None and first.verb is not None and (
                first.verb.type == "VERB" or first.verb.type in ("SEND", "AMASS") and not first.pre):
            items = [*items, first.verb, *top_chunks(first.items)]  # "manoeuvres Peru held near Chile"
        return self.nominal(items, actors) + self.vps(vps, actors, ctx)

    def antecedent(self, items: list[Item], before: Item) -> list[Mention]:
        last: list[Chunk] = []
        for item in items:
            if item is before:
                break
            if isinstance(item, Chunk) and item.type in ("ENT", "NEWNAME"):
                last = [item]
        return self.parties(last)

    # ---- frames: each returns (drafts, ids of islands it used) -----------------------------
    def generic(self, vp: VP, actors: list[Mention], ctx: Ctx) -> tuple[list[Draft], set[int]]:
        special = stance.BY_LEMMA.get(stance.lemma(vp.verb))
        if special is not None:
            drafts, consumed = special(self, vp, actors, ctx)
            kinds = {d.type for d in drafts}
            return drafts + [d for d in self.nominal(vp.items, actors) if d.type not in kinds], consumed
        return self.nominal(vp.items, actors), set()

    def meet(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items) or after_prep(vp.items, {"with"}))
        if targets:
            self.note_group(actors + targets, subject=True)
        if not targets and len(actors) == 1 and vp.verb.text.lower().endswith("talks"):
            return [Draft("meeting", actors)], set()  # "X held talks": with parties not named
        return self.dyadic("meeting", actors, targets, split=False), set()

    def speak(self, vp, actors, ctx):
        chunk_words = {c.text.lower() for c in top_chunks(vp.items)}
        phone = vp.verb.type == "PHONE_V" or bool(chunk_words & {"phone", "telephone", "video"})
        targets = self.parties(after_prep(vp.items, {"with", "to"}) or (
            direct_objects(vp.items) if vp.verb.type == "PHONE_V" else []))
        if not targets and len(actors) >= 2 and not after_prep(vp.items, {"in", "at"}) and _apart(actors):
            phone = True  # "Soto and Eriksen spoke on Friday": leaders of two states, no place
        self.note_group(targets)
        return self.dyadic("call" if phone else "meeting", actors, targets), set()

    def call(self, vp, actors, ctx):
        chunks = top_chunks(vp.items)
        first = chunks[0].text.lower() if chunks else ""
        if first in ("on", "upon", "for") and chunks[0].type == "PREP":
            targets = self.parties(after_prep(vp.items, {"on", "upon"})) or self.addressee(list(vp_chunks(vp))[1:])
            topic = [i for i in vp.items if isinstance(i, Island) and i.kind == "infinitive"]
            consumed = {id(vp)} if first == "for" else set()
            return [Draft("appeal", actors, targets, topic=self.excerpt(topic[0]) if topic else None)], consumed
        targets = self.parties(direct_objects(vp.items))
        if targets and all(t.entity.kind in ("person", "state", "organisation") for t in targets):
            return self.dyadic("call", actors, targets), set()
        return self.nominal(vp.items, actors), set()

    def demand_owners(self, items: list[Item]) -> list[Mention]:
        """"refused Peru's demands" -> Peru; "refused those demands" -> who made the last ones."""
        for draft in self.nominal(items, []):
            if draft.type == "demand":
                return list(draft.actors)
        if any(c.text.lower() in ("demands", "demand") for c in top_chunks(items)):
            last = self.r.discourse.last_event(frozenset({"demand"}))
            return list(last.actors) if last is not None else []
        return []

    def addressee(self, items: list[Item]) -> list[Mention]:
        """"urged an end to the naval drills": who holds what is to stop."""
        for draft in self.nominal(items, []):
            if draft.type in ("deployment", "troop_buildup", "sanction_imposed") and draft.actors:
                return list(draft.actors)
        return []

    def discuss(self, vp, actors, ctx):
        targets = self.parties(after_prep(vp.items, {"with"}))
        if not targets:  # "The two ministers talked about ...": one reciprocal meeting
            return ([Draft("meeting", actors)] if len(actors) >= 2 else []), set()
        head = top_chunks(vp.items)
        head = head[:next((n for n, c in enumerate(head) if c.type == "PREP"), len(head))]
        return self.dyadic("meeting", actors, targets, topic=self.excerpt(head) or None), set()

    def visit(self, vp, actors, ctx):
        objects = direct_objects(vp.items)
        kind = "planned_visit" if ctx.planned else "visit"
        return [Draft(kind, actors, self.parties([o]), place=self.place_of([o])) for o in objects], set()

    def travel(self, vp, actors, ctx):
        drafts: list[Draft] = []
        items = vp.items
        kind = "planned_visit" if ctx.planned else "visit"
        arrival = vp.verb.text.lower() in ARRIVAL_VERBS
        for k, item in enumerate(items):
            if isinstance(item, Chunk) and (item.type == "TO" or arrival and item.type == "PREP"
                                            and item.text.lower() == "in" and not drafts):
                dest = direct_objects(items[k + 1:])[:1]
                if not dest:
                    continue
                later = [c for c in top_chunks(items[k + 1:])]
                stop = next((n for n, c in enumerate(later) if c.type == "TO" and n), len(later))
                drafts.append(Draft(kind, actors, self.parties(dest), place=self.place_of(dest),
                                    date=point_date(later[:stop], planned=ctx.planned)))
        return drafts, set()

    def host(self, vp, actors, ctx):
        return self.dyadic("host", actors, self.parties(direct_objects(vp.items))), set()

    def offer(self, vp, actors, ctx):
        for island in islands(vp.items, "infinitive"):
            inner = island.vps[0]
            if inner.verb is not None and inner.verb.type == "MEDIATE":
                draft = self.mediation(inner, actors)  # "will offer to mediate ... on May 3 if asked"
                draft.date = point_date(top_chunks(inner.items), planned=ctx.planned)
                self.own_condition([draft], inner)
                return [draft], {id(island)}
        return [], set()

    def mediate(self, vp, actors, ctx):
        return [self.mediation(vp, actors)], set()

    def mediation(self, vp: VP, actors: list[Mention]) -> Draft:
        chunks = direct_objects(vp.items) + after_prep(vp.items, {"between", "in", "with", "over"}, reach=3)
        keys = {a.entity.key for a in actors}
        targets = [t for t in self.parties(chunks) if t.entity.key not in keys]
        return Draft("mediation_offer", actors, targets, topic=self.excerpt(vp.items) or None)

    def warn(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items))
        drafts, consumed = self.complement(vp, actors)
        for draft in drafts:
            if draft.type.startswith("sanction") and not draft.targets:
                draft.targets = targets
        if not drafts and (mentions_any(vp.items, SANCTION_WORDS, deep=True) or vp.verb.type == "THREATEN"
                           and targets):
            targets = targets or self.parties(after_prep(vp.items, {"against", "on", "with"}))
            drafts = [self.threat(actors, targets, vp.items, vp.vps)]
            consumed |= {id(i) for i in vp.items if isinstance(i, Island)}
        return drafts, consumed

    def say(self, vp, actors, ctx):
        drafts, consumed = self.complement(vp, actors)
        speaker = actors[0] if actors else None
        for draft in drafts:
            own = speaker is not None and any(a.entity.key == speaker.entity.key for a in draft.actors)
            if own:
                draft.said_by = draft.said_by or speaker
            else:
                draft.attribution = draft.attribution or speaker
        if not drafts and self.complement_items(vp) and any(
                mentions_any(items, SANCTION_WORDS, deep=True) for items in self.complement_items(vp)):
            items = [i for group in self.complement_items(vp) for i in group]
            drafts = [self.threat(actors, [], items, vp.vps)]
            drafts[0].said_by = actors[0] if actors else None
        return drafts + self.nominal([i for i in vp.items if not isinstance(i, Island)], actors), consumed

    def complement_items(self, vp: VP) -> list[list[Item]]:
        groups = [[i] for i in islands(vp.items, "that")]
        if vp.vps:
            groups.append(list(vp.items) + [c for inner in vp.vps for c in [inner.verb, *inner.items] if c])
        return groups

    def complement(self, vp: VP, actors: list[Mention]) -> tuple[list[Draft], set[int]]:
        """Events stated in what was said or warned: "that it has put together sanctions ..."."""
        speaker = tuple(actors)
        drafts: list[Draft] = []
        consumed: set[int] = set()
        for island in islands(vp.items, "that"):
            drafts += self.clause(island.items, island.vps, Ctx(), speaker)
            consumed.add(id(island))
        if vp.vps:
            drafts += self.clause(vp.items, vp.vps, Ctx(), speaker)
            consumed.add(id(vp))
        return drafts, consumed

    def threat(self, actors: list[Mention], targets: list[Mention], items: list[Item], vps) -> Draft:
        condition = self.condition(items, list(vps))
        if not targets:
            targets = self.parties(after_prep(list(all_chunks(items)), {"against", "on"}))
        if not targets and condition:
            cond = find_condition(items, list(vps))
            agents = [c for c in all_chunks([cond]) if c.type in ("ENT", "DEMONYM", "NEWNAME")][:1]
            targets = self.parties(agents)
        if not targets:
            targets = list(self.r.discourse.sanction_target)
        self.r.discourse.sanction_target = tuple(targets)
        return Draft("sanction_threat", actors, targets, condition=condition)

    def prepare(self, vp, actors, ctx):
        if mentions_any(vp.items, SANCTION_WORDS):
            targets = self.parties(after_prep(vp.items, {"against", "on"}))
            return [self.threat(actors, targets, vp.items, vp.vps)], {id(i) for i in vp.items if isinstance(i, Island)}
        if mentions_any(vp.items, DEAL_WORDS):
            return self.deal(vp.items, actors)
        return [], set()

    def deal(self, items: list[Item], actors: list[Mention]) -> tuple[list[Draft], set[int]]:
        for island in islands(items, "infinitive"):
            inner = island.vps[0]
            if inner.verb is not None and inner.verb.type == "SUPPLY":
                targets = self.parties(direct_objects(inner.items))
                head = [i for i in inner.items if not (isinstance(i, Island) and i.kind in ("subordinate", "relative"))]
                topic = self.excerpt([inner.verb, *head])
                return [Draft("agreement", actors, targets, quantity=first_quantity(head), topic=topic)], {id(island)}
        targets = self.parties(after_prep(items, {"with"}))
        return [Draft("agreement", actors, targets)], set()

    def impose(self, vp, actors, ctx):
        if not mentions_any(vp.items, SANCTION_WORDS):
            return [], set()
        targets = self.parties(after_prep(vp.items, {"on", "against"}))
        condition = self.condition(vp.items, vp.vps)
        if ctx.infinitive or ctx.planned or condition:
            draft = self.threat(actors, targets, vp.items, vp.vps)
        else:
            draft = Draft("sanction_imposed", actors, targets)
        return [draft], {id(i) for i in vp.items if isinstance(i, Island) and i.kind in ("if", "event_of")}

    def accuse(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items))
        drafts = [Draft("accusation", actors, targets)]
        consumed: set[int] = set()
        for island in islands(vp.items, "gerund"):
            drafts[0].topic = self.excerpt(island)
            for inner in self.vp(island.vps[0], targets):
                inner.attribution = actors[0] if actors else None
                drafts.append(inner)
            consumed.add(id(island))
        return drafts, consumed

    def amass(self, vp, actors, ctx):
        quantity = first_quantity(top_chunks(vp.items))
        if quantity is None and not mentions_any(vp.items, FORCE_WORDS):
            return [], set()
        near = {"near", "along", "toward", "towards", "at", "on", "against", "around"}
        keys = {a.entity.key for a in actors}
        targets = [t for t in self.parties(after_prep(vp.items, near, reach=5)) if t.entity.key not in keys]
        targets = targets or [t for t in self.the_border(top_chunks(vp.items)) if t.entity.key not in keys]
        place = self.place_of(after_prep(vp.items, {"in", "inside"}, possessors=False), any_kind=True)
        return [Draft("troop_buildup", actors, targets, place=place, quantity=quantity)], set()

    def the_border(self, chunks: list[Chunk]) -> list[Mention]:
        """"near the frontier": the state whose border was named last ("the Chilean border")."""
        for n, chunk in enumerate(chunks[1:], 1):
            if chunk.text.lower() in ("border", "frontier", "borders") and chunks[n - 1].text.lower() == "the":
                return list(self.r.discourse.heads.get(chunk.text.lower(), ()))
        return []

    def send(self, vp, actors, ctx):
        quantity = first_quantity(top_chunks(vp.items))
        if quantity is None and not mentions_any(vp.items, FORCE_WORDS):
            return [], set()
        dest = after_prep(vp.items, {"to", "into"})[:1]
        place = self.place_of(dest, any_kind=True)
        keys = {a.entity.key for a in actors}  # "deployed troops near X", as a build-up names X
        near = after_prep(vp.items, {"near", "along", "toward", "towards", "around", "against"}, reach=5)
        targets = [t for t in self.parties(near) if t.entity.key not in keys]
        return [Draft("deployment", actors, targets, place=place, quantity=quantity)], set()

    def sign(self, vp, actors, ctx):
        chunk_words = {c.text.lower() for c in top_chunks(vp.items)}
        if _passive(vp) or not vp.items:  # "The accord was initialled by X and Y"
            chunk_words |= {c.text.lower() for c in self.subject_words}
            if chunk_words & (DEAL_WORDS | TRUCE_WORDS) and len(actors) >= 2:
                return [Draft("agreement", actors[:1], actors[1:])], set()
        targets = self.parties(after_prep(vp.items, {"with"}))
        if chunk_words & STATEMENT_WORDS:
            return [Draft("joint_statement", actors, targets)], set()
        if chunk_words & (DEAL_WORDS | TRUCE_WORDS):
            return self.deal(vp.items, actors)
        return [], set()

    def agree(self, vp, actors, ctx):
        chunks = top_chunks(vp.items)
        first_with = chunks[:1] and chunks[0].type == "PREP" and chunks[0].text.lower() == "with"
        targets = self.parties(after_prep(chunks[:1] + vp.items[1:], {"with"}, possessors=False)) if first_with else []
        topic_items = [i for i in vp.items if not (isinstance(i, Chunk) and i.type == "DATE")]
        kind = "joint_statement" if {c.text.lower() for c in chunks[:8]} & STATEMENT_WORDS else "agreement"
        drafts = [Draft(kind, actors, targets, topic=self.excerpt(topic_items) or None)]  # "agreed a communiqué"
        for chunk in top_chunks(vp.items):
            if chunk.type == "NOUN" and chunk.frame in ("CALL", "PHONE_V"):
                drafts.insert(0, Draft("call", actors, targets))
        return drafts, set()

    def appeal(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items) or after_prep(vp.items, {"on", "to"}))
        topic = islands(vp.items, "infinitive")
        return [Draft("appeal", actors, targets, topic=self.excerpt(topic[0]) if topic else None)], set()

    def demand(self, vp, actors, ctx):
        targets = self.parties(after_prep(vp.items, {"from"}))
        head = [i for i in vp.items if isinstance(i, Chunk) and i.type not in ("DATE", "QCOMMA")]
        stop = next((n for n, c in enumerate(head) if c.type == "PREP" and c.text.lower() == "from"), len(head))
        return [Draft("demand", actors, targets, topic=self.excerpt(head[:stop]) or None)], set()

    def support(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items))
        return ([Draft("support", actors, targets)] if targets else []), set()

    def oppose(self, vp, actors, ctx):
        targets = self.parties(direct_objects(vp.items)) or self.demand_owners(vp.items)
        return ([Draft("opposition", actors, targets)] if targets else []), set()

    def plan(self, vp, actors, ctx):
        drafts: list[Draft] = []
        consumed: set[int] = set()
        for island in islands(vp.items, "infinitive"):
            drafts += self.vp(island.vps[0], actors, replace(ctx, planned=True, infinitive=True))
            consumed.add(id(island))
        return drafts, consumed

    def be(self, vp, actors, ctx):
        """"Putin was in Beijing on February 4": a presence, and a visit if abroad."""
        chunks = top_chunks(vp.items)
        drafts: list[Draft] = []
        if len(chunks) >= 2 and chunks[0].type == "PREP" and chunks[0].text.lower() == "in":
            place = self.r.literal(chunks[1]) if chunks[1].type == "ENT" else None
            if place is not None and actors:
                date = point_date(vp.pre + chunks)
                for actor in actors:
                    self.presence.append((actor, place, date))
                    country = place.entity.country
                    if country and country != actor.entity.country and actor.entity.kind in ("person", "state"):
                        host = self.r.acting(place)
                        drafts.append(Draft("visit", [actor], [host], date=date, place=place))
        return drafts + self.nominal(vp.items, actors), set()

    # ---- nominal events: "Putin's trip to China", "his meeting with Xi", "the joint statement" --
    def nominal(self, items: list[Item], actors: list[Mention], *, open_phrase: bool = False) -> list[Draft]:
        """Events named by nouns: "Soto's trip to Norway", "her talks with Eriksen", "Chilean and
        Peruvian mediators", "naval drills with Peru", and definite mentions of an event
        read before ("The talks follow a week of ...") which repeat that event."""
        drafts: list[Draft] = []
        chunks = [i for i in items if isinstance(i, Chunk)]
        for k, chunk in enumerate(chunks):
            kind = _nominal_kind(chunk, chunks[k - 1] if k else None) or _force_kind(chunks, k)
            if kind is None:
                continue
            phrase = _noun_phrase(chunks, k)
            owner = (self.possessor(chunks[:k]) or self.owners(phrase[:-1]) or self.relative_owner(chunks[k + 1:])
                     or self.quantity_owner(chunk))
            found = self.nominal_event(kind, chunks, k, phrase, owner, actors, open_phrase)
            if {c.text.lower() for c in phrase} & NOT_THE_SAME:
                for draft in found:
                    draft.distinct = True
            drafts += found
        return drafts

    def nominal_event(self, kind: str, chunks: list[Chunk], k: int, phrase: list[Chunk], owner: list[Mention],
                      actors: list[Mention], open_phrase: bool = False) -> list[Draft]:
        rest = chunks[k + 1:]
        if kind == "joint_statement":
            parties = self.parties(after_prep(rest, {"between", "by"})) or owner or actors or self.pair_states()
            return [Draft("joint_statement", parties)] if parties else []
        if kind == "agreement":  # "an accord between Chile and Peru"
            between = self.parties(after_prep(rest[:6], {"between"}))
            return [Draft("agreement", between[:1], between[1:])] if len(between) >= 2 else []
        if kind == "accusation":  # "accusations by each side of breaches", "accusations by X against Y"
            return self.nominal_accusation(rest, owner)
        if kind == "demand":  # "Peru's demands about fishing rights", answered by the clause's subject
            keys = {m.entity.key for m in owner}
            targets = self.parties(after_prep(rest[:4], {"over", "on", "from", "to"}, reach=2)) + actors
            targets = [t for n, t in enumerate(targets) if t.entity.key not in keys
                       and all(t.entity.key != u.entity.key for u in targets[:n])]
            return [Draft("demand", owner, targets)] if owner else []
        if kind == "mediation_offer":
            mediators = owner or self.parties(after_prep(rest[:6], {"from"}))
            return [Draft("mediation_offer", mediators)] if mediators else []
        if kind in ("deployment", "troop_buildup"):
            return self.nominal_forces(kind, owner or actors, rest, phrase)
        preps = {"to"} if kind == "visit" else {"with", "between"}
        targets = self.parties(direct_objects(rest[1:]) if rest[:1] and rest[0].type == "TO" else
                               after_prep(rest[:4], preps))
        at = k > len(phrase) - 1 and chunks[k - len(phrase)].text.lower() in ("at", "during")  # "at talks in X"
        parties = owner or (actors if open_phrase or at or phrase_is_open(phrase) else [])
        if targets and parties:
            return self.dyadic(kind, parties, targets)
        if len(targets) >= 2 and after_prep(rest[:1], {"between"}):
            return self.dyadic(kind, targets[:1], targets[1:])
        group = owner or (actors if at or open_phrase else [])
        if not targets and len(group) >= 2 and kind in RECIPROCAL_NOUNS:  # "signed a truce at the summit"
            return [Draft(kind, group)]
        if (not targets and group and open_phrase and kind == "meeting" and not _definite(phrase)
                and all(m.entity.kind == "person" for m in group)):
            return [Draft(kind, group)]  # "Soto said after a third day of talks": talks she held
        return self.corefer(kind, phrase, owner)

    def nominal_accusation(self, rest: list[Chunk], owner: list[Mention]) -> list[Draft]:
        by = rest[:2] if rest[:1] and rest[0].text.lower() in ("by", "from") else []
        after_by = tuple(c.text.lower() for c in rest[1:3]) if by else ()
        if by and (by[-1].type == "BOTH" or after_by in MUTUAL):  # mutual: one accusation each way
            pair = list(self.r.discourse.pair)
            return [Draft("accusation", [a], [b]) for a in pair for b in pair if a is not b] if len(pair) == 2 else []
        accusers = self.parties(after_prep(rest[:4], {"by", "from"})) or owner
        accused = self.parties(after_prep(rest[:8], {"against"}))
        return [Draft("accusation", accusers, accused)] if accusers else []

    def corefer(self, kind: str, phrase: list[Chunk], owner: list[Mention], *, bare: bool = False) -> list[Draft]:
        """"the meeting", "their summit", "Soto's visit": the last such event, once more
        (``bare``: a noun without determiner counts too, "shells landed during drills")."""
        words = {c.text.lower() for c in phrase}
        definite = any(c.type in ("POSS_PRON", "POSS") or c.text.lower() in ("the", "this", "that") for c in phrase)
        definite = definite or bare and not any(c.type in ("DET", "A") for c in phrase)
        if kind not in COREFERENT or not definite or words & NOT_THE_SAME:
            return []
        last = self.r.discourse.last_event(frozenset({kind}))
        if last is None:
            return []
        keys = {m.entity.key for m in (*last.actors, *last.targets)}
        if owner and not all(m.entity.key in keys for m in owner):
            return []
        return [Draft(kind, list(last.actors), list(last.targets), date=last.date, place=last.place,
                      date_inherited=True)]

    def quantity_owner(self, chunk: Chunk) -> list[Mention]:
        """"some 5,000 Peruvian soldiers": the state of the demonym inside a quantity."""
        if chunk.quantity is None:
            return []
        keys = [self.r.lexicon.demonym(word) for word in chunk.text.split()]
        return [self.r.acting(Mention(self.r.lexicon.entity(key), chunk.text)) for key in keys if key][:1]

    def relative_owner(self, rest: list[Chunk]) -> list[Mention]:
        """"manoeuvres Peru held near Chile": a name and a verb right after the noun."""
        if len(rest) >= 2 and rest[0].type in ("ENT", "NEWNAME") and rest[1].type in ("VERB", "SEND", "AMASS"):
            return self.parties(rest[:1])
        if len(rest) == 1 and rest[0].type in ("ENT", "NEWNAME"):  # the subject "drills China" of "... launched"
            return self.parties(rest)
        return []

    def nominal_forces(self, kind: str, owner: list[Mention], rest: list[Chunk],
                       phrase: list[Chunk] = ()) -> list[Draft]:
        """"Peru's deployment to the coast", "naval drills with Peru", "manoeuvres
        near Chile", "the troop movements" (the last ones, once more)."""
        if not owner:
            return self.corefer(kind, list(phrase), [], bare=any(c.text.lower() in DRILL_WORDS for c in phrase))
        keys = {a.entity.key for a in owner}
        window = rest[:14] if rest[:1] and rest[0].type in ("SEND", "AMASS") else rest[:6]  # "troops deployed ..."
        near = after_prep(window, {"near", "along", "on", "at", "toward", "towards", "around"}, reach=5)
        near += [c for n, c in enumerate(window) if c.type == "DEMONYM" and n + 1 < len(rest)
                 and rest[n + 1].text.lower() in ("border", "frontier", "borders")]
        targets = [t for t in self.parties(near) if t.entity.key not in keys]
        partners = self.parties(after_prep(rest[:2], {"with"})) if kind == "deployment" else []
        place = self.place_of(after_prep(rest[:5], {"to", "in", "into"}, possessors=False), any_kind=True)
        drills = any(c.text.lower() in DRILL_WORDS for c in [*phrase, *rest[:1]])
        if drills and any(c.text.lower() in NOT_YET for c in phrase):
            return []  # "ahead of planned naval drills": not held yet
        participle = bool(rest[:1]) and rest[0].type in ("SEND", "AMASS")  # "soldiers stationed in the north"
        if not targets and place is None and not partners and not drills and not participle:
            return self.corefer(kind, list(phrase), owner)
        return [Draft(kind, owner + [p for p in partners if p.entity.key not in keys], targets, place=place)]

    def possessor(self, before: list[Chunk]) -> list[Mention]:
        for k in range(len(before) - 1, -1, -1):
            chunk = before[k]
            if chunk.type == "POSS_PRON":
                return self.parties([chunk])
            if chunk.type == "POSS" and k and before[k - 1].type in PARTICIPANTS:
                return self.parties([before[k - 1]])
            if chunk.type in ("PREP", "TO", "COMMA"):
                break
        return []

    def pair_states(self) -> list[Mention]:
        chunk_states = [c for c in self.sentence_anaphors if c.anaphor == "state"]
        if chunk_states:
            return self.parties(chunk_states[:1])
        return [self.r._as_state(m) for m in self.r.discourse.pair]

    def dyadic(self, kind: str, actors: list[Mention], targets: list[Mention], *, split: bool = True,
               topic: str | None = None) -> list[Draft]:
        """One event per target for two-party events ("calls with both Putin and Zelenskiy");
        a coordinated subject without target is one reciprocal event ("Xi and Putin met")."""
        keys = {a.entity.key for a in actors}
        targets = [t for t in targets if t.entity.key not in keys]
        if not targets:
            return [Draft(kind, actors, topic=topic)] if len(actors) >= 2 else []
        if not split:
            return [Draft(kind, actors, targets, topic=topic)]
        return [Draft(kind, actors, [t], topic=topic) for t in targets]


def _noun_phrase(chunks: list[Chunk], k: int) -> list[Chunk]:
    """The noun at k with its determiner and modifiers ("the third high-level summit")."""
    j = k
    while j > 0 and chunks[j - 1].type in ("DET", "A", "WORD", "DEMONYM", "POSS_PRON", "POSS", "ENT", "AND",
                                           "QTY", "NUMBER", "NOUN", "OF") and k - j < 6:
        j -= 1
        if chunks[j].type in ("DET", "A", "POSS_PRON"):
            break
    return chunks[j:k + 1]


def _definite(phrase: list[Chunk]) -> bool:
    return any(c.type in ("POSS_PRON", "POSS") or c.text.lower() in ("the", "this", "that") for c in phrase)


def phrase_is_open(phrase: list[Chunk]) -> bool:
    """A noun phrase without its own determiner takes the clause's subject ("held talks with")."""
    return not any(c.type in ("DET", "A") for c in phrase[:-1]) or any(c.type == "POSS_PRON" for c in phrase)


def _force_kind(chunks: list[Chunk], k: int) -> str | None:
    """"soldiers stationed near X" (a deployment), "5,000 Peruvian soldiers near X" (a build-up)."""
    chunk, nxt = chunks[k], chunks[k + 1] if k + 1 < len(chunks) else None
    if nxt is None:
        return None
    word = chunk.text.lower()
    if (word in FORCE_WORDS or chunk.quantity is not None) and nxt.type in ("SEND", "AMASS") \
            and nxt.text.lower().endswith(("ed", "oned")):
        return "deployment" if nxt.type == "SEND" else "troop_buildup"
    if chunk.type == "QTY" and chunk.quantity is not None and chunk.quantity.unit in FORCE_WORDS \
            and nxt.type == "PREP" and nxt.text.lower() in ("near", "along", "on", "at"):
        return "troop_buildup"
    return None


def _nominal_kind(chunk: Chunk, previous: Chunk | None) -> str | None:
    word = chunk.text.lower()
    if word in STATEMENT_WORDS and previous is not None and (previous.text.lower() == "joint" or previous.group):
        return "joint_statement"
    if word in MEDIATOR_NOUNS:
        return "mediation_offer"
    if word in ("demands", "demand") and chunk.type in ("WORD", "NOUN"):
        return "demand"
    if word in ("accusations", "accusation", "allegations", "allegation") and chunk.type in ("WORD", "NOUN"):
        return "accusation"
    if word in DEAL_WORDS | TRUCE_WORDS and chunk.type in ("WORD", "NOUN"):
        return "agreement"
    if word in DRILL_WORDS:
        return "deployment"
    if chunk.type == "NOUN":
        return {"MEET": "meeting", "VISIT": "visit", "TRAVEL": "visit", "CALL": "call", "PHONE_V": "call",
                "SPEAK": "meeting"}.get(chunk.frame or "")
    if word in ("deployment", "deployments"):
        return "deployment"
    if word in ("buildup", "build-up"):
        return "troop_buildup"
    if word in ("trip", "visit", "visits", "trips"):
        return "visit"
    if word in MEETING_NOUNS:
        return "meeting"
    return None


CONNECTIVES = frozenset({"OR", "AND", "NOT", "AUX", "BE", "MODAL", "DO", "EITHER"})
CONNECTIVE_WORDS = frozenset({"only", "first", "currently", "still", "either", "already", "jointly"})


def _reduced_relative(vp: VP) -> bool:
    """"drafted in Lima" before "was signed": a participle phrase, the finite verb comes after."""
    if vp.pre or not vp.vps or vp.verb is None or not vp.verb.text.lower().endswith(("ed", "en", "wn")):
        return False
    first = vp.vps[0]
    starts_finite = any(c.type in ("BE", "AUX", "MODAL") for c in first.pre) or first.verb is not None \
        and first.verb.type == "BE"
    return starts_finite and all(isinstance(i, Chunk) and i.type != "PRON" for i in vp.items) and (
        not vp.items or vp.items[0].type in ("PREP", "TO", "DATE"))


def _no_subject(items: list[Item]) -> bool:
    """Whether the words before an embedded verb group are no subject ("or", "only")."""
    return all(isinstance(i, Chunk) and (i.type in CONNECTIVES or i.text.lower() in CONNECTIVE_WORDS)
               for i in items)


def _possessed_heads(items: list[Item]) -> list[Item]:
    """"Peru's new Foreign Minister Ana Soto" is Soto: a possessor before a named person drops."""
    out = list(items)
    while (len(out) >= 3 and isinstance(out[0], Chunk) and isinstance(out[1], Chunk) and isinstance(out[2], Chunk)
           and out[0].type in ("ENT", "NEWNAME") and out[1].type == "POSS" and out[2].type in ("ENT", "NEWNAME")):
        out = out[2:]
    return out


def _run_after(items: list[Item], k: int) -> list[Chunk]:
    """The participants right after position k ("by Chile and the Republic of Peru")."""
    return [c for c in items[k + 1:k + 1 + _run_length(items, k)] if isinstance(c, Chunk) and c.type in PARTICIPANTS]


def _run_length(items: list[Item], k: int) -> int:
    n = 0
    for item in items[k + 1:]:
        if isinstance(item, Chunk) and (item.type in PARTICIPANTS or item.type in ("AND", "COMMA", "LCOMMA", "BOTH")
                                        and n and not (item.type == "COMMA")):
            n += 1
        else:
            break
    return n


def _passive(vp: VP) -> bool:
    if vp.verb is None or vp.verb.type in ("BE", "AUX", "DO", "SAY"):
        return False
    be = any(c.type == "BE" for c in vp.pre)
    word = vp.verb.text.lower()
    return be and (word.endswith(("ed", "en", "wn")) or word in ("met", "held", "sent", "led", "made"))


def _apart(actors: list[Mention]) -> bool:
    """Whether the parties belong to different states (leaders in two capitals)."""
    countries = {a.entity.country or a.entity.key for a in actors}
    return len(countries) >= 2


SELF_NOMINAL = frozenset({Frames.generic, Frames.say, Frames.be})

FRAMES: dict[str, Callable[..., tuple[list[Draft], set[int]]]] = {
    "MEET": Frames.meet, "SPEAK": Frames.speak, "PHONE_V": Frames.speak, "CALL": Frames.call,
    "DISCUSS": Frames.discuss, "VISIT": Frames.visit, "TRAVEL": Frames.travel, "HOST": Frames.host,
    "OFFER": Frames.offer, "MEDIATE": Frames.mediate, "WARN": Frames.warn, "THREATEN": Frames.warn,
    "PREPARE": Frames.prepare, "PUT_TOGETHER": Frames.prepare, "IMPOSE": Frames.impose,
    "ACCUSE": Frames.accuse, "AMASS": Frames.amass, "SEND": Frames.send, "SIGN": Frames.sign,
    "AGREE": Frames.agree, "APPEAL": Frames.appeal, "DEMAND": Frames.demand, "SUPPLY": Frames.generic,
    "SUPPORT": Frames.support, "OPPOSE": Frames.oppose, "SAY": Frames.say, "PLAN": Frames.plan,
    "BE": Frames.be,
}


def _unembed(vp: VP) -> VP:
    """Fold a misread embedded clause back into the tail: its verb becomes a plain word."""
    items, vps = list(vp.items), vp.vps
    while vps:
        inner = vps[0]
        if inner.verb is not None:
            items += [*inner.pre, Chunk("WORD", inner.verb.text, inner.verb.start, inner.verb.end)]
        items += inner.items
        vps = inner.vps + vps[1:]
    return VP(vp.pre, vp.verb, items, [], vp.defn)
