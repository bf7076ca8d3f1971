"""The chunker: one sentence's raw tokens -> the short token stream the grammar parses.

Longest match first, it turns names with their titles ("Peruvian Foreign Minister Ana
Soto"), "her Chilean counterpart Lars Eriksen", demonyms, dates, quantities, anaphors ("the
two leaders") and role references ("the prime minister") into single tokens, looks other words
up in the grammar's keywords, and drops adverbs and quotation marks. Each token keeps its
offsets in the sentence; what a token means (entity, date, quantity...) is in its ``Chunk``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace

from reasoner.cnl.dates import DateExpr, could_start_date, match_date
from reasoner.cnl.lexicon import PARTICLES, Lexicon, entity_key
from reasoner.cnl.statements import Quantity
from reasoner.cnl.words import (ANAPHOR_NOUNS, GROUP_MODIFIERS, MULTIPLIERS, NUMBER_WORDS, PARTY_ADJECTIVES,
                                PARTY_NOUNS, POSS_PRONOUNS, PRONOUNS,
                                ADVERBS, QTY_QUALIFIERS, TITLE_MODIFIERS, UNITS, VAGUE_NUMBERS, Raw,
                                is_adverb, raw_tokens)

# Event-verb keyword classes whose base, -s and -ing forms can also be nouns ("in a call").
NOUNABLE = frozenset({"MEET", "SPEAK", "CALL", "PHONE_V", "VISIT", "TRAVEL", "HOST", "OFFER", "WARN",
                      "THREATEN", "IMPOSE", "AMASS", "SEND", "SIGN", "APPEAL", "DEMAND", "SUPPLY",
                      "SUPPORT", "OPPOSE", "SAY", "PLAN", "DISCUSS"})
DETERMINERS = frozenset({"DET", "A", "POSS_PRON", "POSS", "DEMONYM", "QTY", "NUMBER"})
ADJECTIVES = frozenset({"first", "new", "joint", "phone", "video", "bilateral", "latest", "further",
                        "second", "last", "next", "recent", "separate", "same", "summit", "official",
                        "emergency", "public", "direct", "possible", "diplomatic", "telephone",
                        "planned", "surprise", "brief", "lengthy", "rare", "historic", "weekend"})
VERBISH = frozenset({"MEET", "SPEAK", "CALL", "PHONE_V", "VISIT", "TRAVEL", "HOST", "OFFER", "MEDIATE",
                     "WARN", "THREATEN", "PREPARE", "PUT_TOGETHER", "IMPOSE", "ACCUSE", "AMASS", "SEND",
                     "SIGN", "AGREE", "APPEAL", "DEMAND", "SUPPLY", "SUPPORT", "OPPOSE", "DISCUSS", "SAY",
                     "PLAN", "VERB", "AUX", "MODAL", "BE", "DO", "NOT"})
SUBJECT_START = frozenset({"ENT", "NEWNAME", "PRON", "DET", "A", "ANAPHOR", "ROLE_REF", "POSS_PRON",
                           "DEMONYM", "WORD", "QTY", "BOTH"})


@dataclass(frozen=True, slots=True)
class Chunk:
    """What one token stands for, beyond its type and text."""

    type: str
    text: str
    start: int
    end: int
    key: str | None = None  # entity key (ENT, DEMONYM, ROLE_REF country)
    label: str | None = None  # a new name's label (NEWNAME, or a titled unknown person)
    role: str | None = None  # title ("president") of a titled name or role reference
    date: DateExpr | None = None
    quantity: Quantity | None = None
    anaphor: str | None = None  # "person" or "state" for ANAPHOR
    frame: str | None = None  # keyword class of a NOUN ("CALL" for "a call")
    group: tuple[str, ...] = ()  # several entity keys ("US-Saudi", "Armenian-Azerbaijani")
    fresh: bool = False  # a name the lexicon did not know before this chunk


NEAR_MEMO = 4096  # words remembered by Vocabulary.near_keyword


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The grammar's keywords: lowercased word tuples -> terminal name."""

    keywords: dict[tuple[str, ...], str]
    max_len: int
    titles: tuple[str, ...]
    # derived indexes, by first word: keyword lengths (longest first), titles (longest first)
    _lengths: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _titles: dict[str, tuple[tuple[str, ...], ...]] = field(init=False, repr=False, compare=False)
    _plain: dict[int, tuple[str, ...]] = field(init=False, repr=False, compare=False)  # by length
    _near: dict[str, bool] = field(init=False, repr=False, compare=False)  # memo of near_keyword

    def __post_init__(self) -> None:
        lengths: dict[str, set[int]] = {}
        for words in self.keywords:
            lengths.setdefault(words[0], set()).add(len(words))
        titles: dict[str, list[tuple[str, ...]]] = {}
        for title in self.titles:
            titles.setdefault(title.split()[0], []).append(tuple(title.split()))
        object.__setattr__(self, "_lengths", {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()})
        object.__setattr__(self, "_titles", {w: tuple(sorted(t, key=len, reverse=True)) for w, t in titles.items()})
        plain: dict[int, list[str]] = {}
        for words, terminal in self.keywords.items():
            if len(words) == 1 and terminal != "VERB":
                plain.setdefault(len(words[0]), []).append(words[0])
        object.__setattr__(self, "_plain", {n: tuple(forms) for n, forms in plain.items()})
        object.__setattr__(self, "_near", {})

    def at(self, words: list[str]) -> tuple[str, int] | None:
        """The longest keyword at the start of ``words`` (lowercased): (terminal, length)."""
        if not words:
            return None
        limit = min(self.max_len, len(words))
        for length in self._lengths.get(words[0], ()):
            if length <= limit:
                found = self.keywords.get(tuple(words[:length]))
                if found:
                    return found, length
        return None

    def title_at(self, lowered: list[str], j: int) -> str | None:
        """The longest title at ``lowered[j:]`` ("prime minister" rather than "minister")."""
        if j >= len(lowered):
            return None
        for parts in self._titles.get(lowered[j], ()):
            if tuple(lowered[j:j + len(parts)]) == parts:
                return " ".join(parts)
        return None

    def near_keyword(self, word: str) -> bool:
        """Whether ``word`` is close to a one-word keyword other than a generic verb (a misspelling)."""
        found = self._near.get(word)
        if found is None:
            forms = [f for n in range(len(word) - 2, len(word) + 3) for f in self._plain.get(n, ())]
            found = bool(difflib.get_close_matches(word.lower(), forms, n=1, cutoff=0.8))
            if len(self._near) >= NEAR_MEMO:
                self._near.clear()
            self._near[word] = found
        return found


class Chunker:
    """Chunks sentences against one lexicon and one vocabulary."""

    def __init__(self, lexicon: Lexicon, vocabulary: Vocabulary, published: dt.date | None) -> None:
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.published = published
        self._matchers = (self._date, self._quantity, self._compound, self._titled, self._anaphor, self._name,
                          self._keyword, self._closed_class, self._new_name)  # tried in this order

    def chunk(self, text: str) -> list[Chunk]:
        raws = _dashes_and_brackets(_mark_quoted_commas(raw_tokens(text)))
        words = [r.text for r in raws]
        lowered = [w.lower() for w in words]
        chunks: list[Chunk] = []
        i = 0
        while i < len(raws):
            chunk, used = self._chunk_at(raws, words, lowered, i)
            if chunk is not None:  # None: an adverb, dropped
                chunks.append(chunk)
            i += used
        chunks = _appositions(self._guess_verbs(_retag_nouns(_drop_fenced_commas(chunks))))
        chunks = _parentheticals(self._located_places(self._possessed_persons(_restated_dates(chunks))))
        return _merge_relatives(_classify_and(_list_commas(chunks)))

    def _located_places(self, chunks: list[Chunk]) -> list[Chunk]:
        """"Geneva, Switzerland", "Jeddah, Saudi Arabia": the state after a city only locates it."""
        out: list[Chunk] = []
        k = 0
        while k < len(chunks):
            chunk = chunks[k]
            out.append(chunk)
            in_list = k >= 2 and chunks[k - 1].type == "COMMA" and chunks[k - 2].type in ("ENT", "NEWNAME")
            if (chunk.type in ("ENT", "NEWNAME") and k + 2 < len(chunks) and chunks[k + 1].type == "COMMA"
                    and not in_list  # "Russia, Velmoria, Mali and Chad": a list of names, not a city's state
                    and self._kind(chunk) in ("place", "unknown") and chunks[k + 2].type == "ENT"
                    and self._kind(chunks[k + 2]) == "state"
                    and (k + 3 == len(chunks) or chunks[k + 3].type in ("COMMA", "END", "PREP", "DATE", "REL"))):
                k += 3
                continue
            k += 1
        return out

    def _kind(self, chunk: Chunk) -> str:
        if chunk.key:
            return self.lexicon.entity(chunk.key).kind
        known = self.lexicon.lookup(entity_key(chunk.label.removeprefix("the "))) if chunk.label else None
        return known.kind if known is not None else "unknown"  # a new name the reader already added

    def _possessed_persons(self, chunks: list[Chunk]) -> list[Chunk]:
        """"Norway's Eriksen", "Chile's Foreign Minister Ana Soto": the person named
        after a possessive stands alone (the possessor only tells whose official he is)."""
        out: list[Chunk] = []
        for chunk in chunks:
            if (chunk.type == "ENT" and len(out) >= 2 and out[-1].type == "POSS" and out[-2].type == "ENT"
                    and chunk.key and self.lexicon.entity(chunk.key).kind == "person"):
                out.pop()
                out.pop()
            out.append(chunk)
        return out

    def _chunk_at(self, raws: list[Raw], words: list[str], lowered: list[str], i: int
                  ) -> tuple[Chunk | None, int]:
        raw = raws[i]
        simple = _SIMPLE.get(raw.kind)
        if simple:
            return Chunk(simple, raw.text, raw.start, raw.end), 1
        if lowered[i] in _ADVERB_STARTS:
            for size in (3, 2):  # multi-word adverbs: "of course", "once again"
                if " ".join(lowered[i:i + size]) in ADVERBS:
                    return None, size
        for matcher in self._matchers:
            found = matcher(raws, words, lowered, i)
            if found:
                return found
        if raw.kind == "word" and is_adverb(raw.text):
            return None, 1
        kind = "NUMBER" if raw.kind == "num" else "WORD"
        return Chunk(kind, raw.text, raw.start, raw.end), 1

    def _guess_verbs(self, chunks: list[Chunk]) -> list[Chunk]:
        """An unknown word in -ed after an auxiliary ("have conveyed") or right after a subject
        ("Scholz landed") is a verb: no closed verb list holds every verb of news. A word close to
        a known verb ("vistied") is left alone, so that the error can suggest the verb."""
        out: list[Chunk] = []
        for chunk in chunks:
            prev = out[-1].type if out else None
            if chunk.type == "WORD" and chunk.text[:1].islower() and len(chunk.text) > 4 and (
                    chunk.text.endswith("ed") and (prev in GUESSABLE_BEFORE or prev in PARTICIPANT_TYPES)
                    or chunk.text.endswith(("en", "wn")) and prev in ("BE", "AUX")) and not self._misspelt(chunk.text):
                chunk = replace(chunk, type="VERB")
            out.append(chunk)
        return out

    def _misspelt(self, word: str) -> bool:
        return self.vocabulary.near_keyword(word)

    # ---- matchers: each returns (chunk, number of raw tokens used) or None --------------------
    def _date(self, raws, words, lowered, i):
        if not could_start_date(lowered[i]):
            return None  # cheap test first: most words start no date
        found = match_date(lowered[i:i + 5], self.published)
        if not found:
            return None
        expr, used = found
        if expr.prep is None and expr.precision == "year" and not re.fullmatch(r"\d{4}", words[i]):
            return None
        if expr.forward is not None and (lowered[max(0, i - 2):i] == ["ahead", "of"]
                                         or i and lowered[i - 1] in ("next", "until", "till", "coming", "upcoming")):
            expr = replace(expr, date=expr.forward)  # "ahead of Friday's vote"
        return _span("DATE", raws, i, used, date=expr), used

    def _quantity(self, raws, words, lowered, i):
        if raws[i].kind != "num" and lowered[i] not in _QTY_STARTS:
            return None  # cheap test first: most words start no quantity
        j, qualifier = i, None
        for q in QTY_QUALIFIERS:
            n = len(q.split())
            if lowered[j:j + n] == q.split() and j + n < len(raws) and raws[j + n].kind == "num":
                qualifier, j = q.split()[-1], j + n
                break
        value = None
        if raws[j].kind == "num":
            text = raws[j].text
            if text.endswith("-plus"):
                qualifier, text = f"{qualifier} plus" if qualifier else "plus", text[:-5]
            value, j = float(text.replace(",", "")), j + 1
            if j < len(raws) and lowered[j] in MULTIPLIERS:
                value, j = value * MULTIPLIERS[lowered[j]], j + 1
            if j < len(raws) and lowered[j] == "plus":
                qualifier, j = "plus", j + 1
        else:
            for vague, amount in sorted(VAGUE_NUMBERS.items(), key=lambda kv: -len(kv[0])):
                n = len(vague.split())
                if lowered[j:j + n + 1] == vague.split() + ["of"]:
                    value, qualifier, j = float(amount), vague, j + n + 1
                    break
            if value is None and lowered[j] in NUMBER_WORDS and j + 1 < len(raws):
                value, j = float(NUMBER_WORDS[lowered[j]]), j + 1
        if value is None:
            return None
        for skip in range(0, 3):  # "some 30,000 combat troops": up to two words before the unit
            for unit in sorted(UNITS, key=len, reverse=True):
                n = len(unit.split())
                if lowered[j + skip:j + skip + n] == unit.split():
                    end = j + skip + n
                    text = " ".join(words[i:end])
                    quantity = Quantity(value, unit, qualifier, text)
                    return _span("QTY", raws, i, end - i, quantity=quantity), end - i
        return None

    def _compound(self, raws, words, lowered, i):
        """"US-Saudi", "Armenian-Azerbaijani", "Israel-Hamas": a hyphenated pair of known names."""
        if "-" not in words[i] or not words[i][:1].isupper():
            return None
        if self.lexicon.name_at(words, i):
            return None  # "Guinea-Bissau", "Timor-Leste": one name, not a pair
        keys = []
        for part in words[i].split("-"):
            named = self.lexicon.name_at([part])
            key = self.lexicon.demonym(part) or (self.lexicon.resolve(named[0]) if named and named[1] == 1 else None)
            if key is None:
                return None
            keys.append(key)
        if len(keys) < 2:
            return None
        return _span("DEMONYM", raws, i, 1, key=keys[0], group=tuple(dict.fromkeys(keys))), 1

    def _titled(self, raws, words, lowered, i):
        """[the|his] [Chinese|NATO|former]* TITLE [NAME]: a titled person or a role reference."""
        if not (words[i][:1].isupper() or lowered[i] in _TITLE_STARTS):
            return None  # titles start with an article, a capital or a title word
        j, article = i, None
        if lowered[j] in ("the", "a") or lowered[j] in POSS_PRONOUNS:
            article, j = lowered[j], j + 1
        country = None
        while j < len(raws):
            demonym = self.lexicon.demonym(words[j])
            named = self.lexicon.name_at(words, j)
            if demonym:
                country, j = demonym, j + 1
            elif named and self.lexicon.entity(named[0]).kind in ("state", "organisation", "group"):
                country, j = self.lexicon.resolve(named[0]), j + named[1]
            elif lowered[j] in TITLE_MODIFIERS and j + 1 < len(raws):
                j += 1
            elif country and raws[j].kind == "poss" and article is None:
                article, j = "poss", j + 1  # "Peru's foreign minister", "Norway's King Harald"
            else:
                break
        title = self.vocabulary.title_at(lowered, j)
        if title is None:
            return None
        role, j = title, j + len(title.split())
        person = self._whole_name(words, j - len(title.split()), j) or self._person_name(raws, words, j)
        if person:
            key, label, used = person
            if key is None:
                entity = self.lexicon.add_unknown(label, "person", country)
                key = entity.key
            return _span("ENT", raws, i, j + used - i, key=key, role=role, label=label), j + used - i
        if article in ("the",) or (article in POSS_PRONOUNS | {"poss"} and country):
            return _span("ROLE_REF", raws, i, j - i, key=country, role=role), j - i
        return None

    def _whole_name(self, words: list[str], title_start: int, name_start: int) -> tuple[str, str, int] | None:
        """"Sheikh Tamim": a known person's name that begins with the title word itself."""
        named = self.lexicon.name_at(words, title_start)
        if named and title_start + named[1] > name_start and self.lexicon.entity(named[0]).kind == "person":
            used = title_start + named[1] - name_start
            return named[0], " ".join(words[name_start:name_start + used]), used
        return None

    def _person_name(self, raws, words, j):
        if j >= len(raws) or raws[j].kind not in ("word", "abbr"):
            return None
        if words[j] in HONORIFICS and j + 1 < len(raws) and words[j + 1][:1].isupper():
            found = self._person_name(raws, words, j + 1)  # "Sheikh Tamim": the name without the honorific
            if found and found[0] is not None:
                return found[0], found[1], found[2] + 1
        named = self.lexicon.name_at(words, j)
        if named and self.lexicon.entity(named[0]).kind in ("person", "unknown"):
            return named[0], " ".join(words[j:j + named[1]]), named[1]
        used = _capitalised_run(raws, words, j)
        if used:
            return None, " ".join(words[j:j + used]), used
        return None

    def _anaphor(self, raws, words, lowered, i):
        if lowered[i] in ("the", "both") and i + 1 < len(raws):
            j = i + 1 + (lowered[i + 1] == "two" and lowered[i] == "the")
            j += j < len(raws) and lowered[j] in PARTY_ADJECTIVES
            if j < len(raws) and lowered[j] in PARTY_NOUNS and (j == i + 1 or lowered[i + 1] != "two"):
                return _span("ANAPHOR", raws, i, j + 1 - i, anaphor="sides"), j + 1 - i  # "the rival factions"
            if j < len(raws) and lowered[j] in ANAPHOR_NOUNS and (j > i + 1 or lowered[i] == "both"):
                return _span("ANAPHOR", raws, i, j + 1 - i, anaphor=ANAPHOR_NOUNS[lowered[j]]), j + 1 - i
        return None

    def _name(self, raws, words, lowered, i):
        start = i + 1 if lowered[i] == "the" and i + 1 < len(raws) else i
        named = self.lexicon.name_at(words, start)
        if not named and start != i and lowered[start] in GROUP_MODIFIERS:
            described = self.lexicon.name_at(words, start + 1)  # "the rebel M23": the descriptor goes
            if described and self.lexicon.entity(described[0]).kind in ("group", "organisation"):
                start, named = start + 1, described
        if not named:
            if start != i and self._compound(raws, words, lowered, start):
                return None  # "the Chile-Peru statement": the article, then the pair
            return self._new_name(raws, words, lowered, i) if start != i else None
        used = start - i + named[1]
        return _span("ENT", raws, i, used, key=named[0]), used

    def _keyword(self, raws, words, lowered, i):
        if raws[i].kind not in ("word", "abbr", "poss"):
            return None
        found = self.vocabulary.at(lowered[i:i + 4])
        if found is None:
            return None
        kind, used = found
        if used > 1 and any(w[:1].isupper() for w in words[i + 1:i + used]):
            return None  # "a State Department statement" is not "a state"
        if kind in VERBISH and words[i][:1].isupper() and used == 1 and _capitalised_run(raws, words, i) > 1:
            return None  # "Mark Rutte" is a name, not the verb "mark"
        return _span(kind, raws, i, used), used

    def _closed_class(self, raws, words, lowered, i):
        word = lowered[i]
        if word in PRONOUNS and (word != "i" or words[i] == "I"):
            return _span("PRON", raws, i, 1), 1
        if word in POSS_PRONOUNS:
            return _span("POSS_PRON", raws, i, 1), 1
        if self.lexicon.demonym(words[i]):
            return _span("DEMONYM", raws, i, 1, key=self.lexicon.demonym(words[i])), 1
        return None

    def _new_name(self, raws, words, lowered, i):
        start = i + 1 if lowered[i] == "the" and i + 1 < len(raws) and words[i + 1][:1].isupper() else i
        used = _capitalised_run(raws, words, start)
        if not used:
            return None
        if i == 0 and start == 0 and used == 1 and (
                is_adverb(lowered[0]) or not _looks_like_name_start(raws, words, lowered)):
            return None
        if used == 1 and (self.lexicon.demonym(words[start]) or _sentence_initial(raws, start)
                          and (lowered[start] in FUNCTION_WORDS or self.vocabulary.at(lowered[start:start + 1]))):
            return None  # "The mediators", "That was", "The Chilean government"
        if used > 1 and self.lexicon.demonym(words[start]):
            return None
        label = " ".join(words[start:start + used])
        if start != i:
            label = "the " + label
        return _span("NEWNAME", raws, i, start - i + used, label=label, fresh=True), start - i + used


HONORIFICS = frozenset({"Sheikh", "Sir", "Dame", "Lord", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."})
FUNCTION_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "both", "but", "and", "or",
                            "in", "on", "at", "as", "after", "before", "following", "had", "it", "its",
                            "their", "his", "her", "our", "we", "they", "he", "she", "some", "any",
                            "unlike", "instead", "just", "according", "analysts", "if"})
DASHES = frozenset({"\u2013", "\u2014", "--", "-"})
BRACKETS = frozenset({"[", "]", "(", ")", "{", "}"})
GUESSABLE_BEFORE = frozenset({"AUX", "BE", "MODAL", "NOT", "DO"})
PARTICIPANT_TYPES = frozenset({"ENT", "NEWNAME", "PRON", "ANAPHOR", "ROLE_REF"})

_ADVERB_STARTS = frozenset(a.split()[0] for a in ADVERBS)  # no adverb phrase starts otherwise
_QTY_STARTS = frozenset({q.split()[0] for q in QTY_QUALIFIERS} | {v.split()[0] for v in VAGUE_NUMBERS}
                        | set(NUMBER_WORDS))
_TITLE_STARTS = frozenset({"the", "a", "former", "then", "acting", "incoming", "outgoing", "new",
                           "president", "prime", "premier", "chancellor", "foreign", "secretary", "defence",
                           "defense", "vice", "commission", "high", "spokesman", "spokeswoman",
                           "spokesperson", "counterpart", "leader", "king", "queen", "minister",
                           "ambassador", "envoy", "chief", "taoiseach", "deputy", "national", "security", "secretary-general",
                           "interior", "finance", "emir", "crown", "speaker", "house", "intelligence", "adviser", "advisor",
                           "diplomat", "representative", "special", "chairman", "general", "supreme", "director", "sheikh", "longtime", "top"}) | POSS_PRONOUNS
_SIMPLE = {"comma": "COMMA", "qcomma": "QCOMMA", "end": "END", "punct": "PUNCT", "poss": "POSS", "qid": "QID"}


def _span(kind: str, raws: list[Raw], i: int, used: int, **info) -> Chunk:
    start, end = raws[i].start, raws[i + used - 1].end
    text = " ".join(r.text for r in raws[i:i + used])
    return Chunk(kind, text, start, end, **info)


def _capitalised_run(raws: list[Raw], words: list[str], j: int) -> int:
    """How many words from j form a capitalised name ("Recep Tayyip Erdogan", "Les Echos")."""
    n = 0
    while j + n < len(raws) and raws[j + n].kind in ("word", "abbr"):
        word = words[j + n]
        if word[:1].isupper():
            n += 1
        elif word in PARTICLES and _particles_then_capital(raws, words, j + n):
            n += 1
        else:
            break
    return n


def _particles_then_capital(raws: list[Raw], words: list[str], j: int) -> bool:
    """"von der Leyen": particles count as part of a name only when a capitalised word follows."""
    while j < len(raws) and raws[j].kind == "word" and words[j] in PARTICLES:
        j += 1
    return j < len(raws) and raws[j].kind in ("word", "abbr") and words[j][:1].isupper()


def _looks_like_name_start(raws: list[Raw], words: list[str], lowered: list[str]) -> bool:
    """A capitalised unknown first word is a name if a verb or a comma follows it ("Putn met Xi.")."""
    if len(raws) < 2:
        return False
    nxt = lowered[1]
    return raws[1].kind in ("comma", "poss", "qid") or bool(re.fullmatch(r"\w+(ed|s)", nxt)) or nxt in (
        "met", "said", "told", "spoke", "and", "is", "was", "has", "will", "would")


def _mark_quoted_commas(raws: list[Raw]) -> list[Raw]:
    """Drop quotation marks; a comma inside a quote is QCOMMA unless the quote closes right after
    it (news style puts the clause's comma inside the closing quote)."""
    out: list[Raw] = []
    depth = 0
    for k, raw in enumerate(raws):
        if raw.kind == "oquote":
            depth += 1
        elif raw.kind == "cquote":
            depth = max(0, depth - 1)
        elif raw.kind == "comma" and depth and not (k + 1 < len(raws) and raws[k + 1].kind == "cquote"):
            out.append(Raw("qcomma", raw.text, raw.start, raw.end))
        else:
            out.append(raw)
    return out


def _sentence_initial(raws: list[Raw], j: int) -> bool:
    """Whether token j starts the sentence (quotation marks and brackets before it aside)."""
    return all(r.kind in ("oquote", "cquote", "punct", "comma") for r in raws[:j])


def _dashes_and_brackets(raws: list[Raw]) -> list[Raw]:
    """Dashes set off a phrase as commas do; brackets around an editorial insertion are dropped."""
    out: list[Raw] = []
    for raw in raws:
        if raw.kind == "punct" and raw.text in BRACKETS:
            continue
        if raw.kind == "punct" and raw.text in DASHES:
            raw = Raw("comma", raw.text, raw.start, raw.end)
        out.append(raw)
    return out




def _appositions(chunks: list[Chunk]) -> list[Chunk]:
    """"her Peruvian counterpart, Ana Soto," and "Soto, Peru's foreign minister,": one person."""
    out: list[Chunk] = []
    k = 0
    while k < len(chunks):
        chunk = chunks[k]
        nxt = chunks[k + 1:k + 3]
        if (chunk.type == "ROLE_REF" and len(nxt) == 2 and nxt[0].type == "COMMA" and nxt[1].type == "ENT"
                and (k + 3 >= len(chunks) or chunks[k + 3].type in ("COMMA", "END"))):
            person = nxt[1]
            out.append(replace(person, start=chunk.start, text=f"{chunk.text}, {person.text}"))
            k += 4 if k + 3 < len(chunks) and chunks[k + 3].type == "COMMA" else 3
            continue
        if (chunk.type == "ENT" and len(nxt) == 2 and nxt[0].type == "COMMA" and nxt[1].type == "ROLE_REF"
                and k + 3 < len(chunks) and chunks[k + 3].type == "COMMA"):
            out.append(chunk)
            k += 4
            continue
        out.append(chunk)
        k += 1
    return out


def _drop_fenced_commas(chunks: list[Chunk]) -> list[Chunk]:
    """After adverbs are dropped, "could, of course, be" leaves two adjacent commas and
    "Meanwhile, U.S. ..." a leading one: such commas fenced off nothing, so they go too."""
    out: list[Chunk] = []
    for chunk in chunks:
        if chunk.type in ("COMMA", "QCOMMA") and (not out or out[-1].type in ("COMMA", "QCOMMA")):
            if out:
                out.pop()
            continue
        out.append(chunk)
    return out


def _retag_nouns(chunks: list[Chunk]) -> list[Chunk]:
    """An event verb's base, -s or -ing form after a determiner or adjective is a noun."""
    out: list[Chunk] = []
    for k, chunk in enumerate(chunks):
        prev = out[-1] if out else None
        after_det = prev is not None and (prev.type in DETERMINERS or (
            prev.type == "WORD" and _adjective_like(prev.text)))
        after_prep = prev is not None and prev.type in ("OF", "PREP") and chunk.text.lower() in PLURAL_EVENT_NOUNS
        if chunk.type in NOUNABLE and (after_det or after_prep) and _can_be_noun(chunk.text):
            chunk = Chunk("NOUN", chunk.text, chunk.start, chunk.end, frame=chunk.type)
        elif chunk.type == "VERB" and after_det and not chunk.text.lower().endswith("ed"):
            chunk = Chunk("WORD", chunk.text, chunk.start, chunk.end)  # "the opening ceremony"
        out.append(chunk)
    return out


PLURAL_EVENT_NOUNS = frozenset({"talks", "meetings", "visits", "calls", "demands", "discussions"})


def _can_be_noun(word: str) -> bool:
    lowered = word.lower()
    return not (lowered.endswith("ed") or lowered in ("met", "spoke", "sent", "went", "flew", "told",
                                                      "said", "sought", "built", "drew", "drawn", "held",
                                                      "rang", "spoken"))


def _adjective_like(word: str) -> bool:
    lowered = word.lower()
    return "-" in lowered or lowered in ADJECTIVES or lowered.endswith(("al", "ic", "ive", "ous", "ful"))


def _classify_and(chunks: list[Chunk]) -> list[Chunk]:
    """"and" before a verb joins verb groups (AND_V); after a comma, it starts a clause (AND_C)."""
    out = list(chunks)
    for k, chunk in enumerate(out):
        if chunk.type != "AND":
            continue
        nxt = out[k + 1].type if k + 1 < len(out) else None
        prev = out[k - 1].type if k else None
        if prev == "COMMA" and not _last_of_list(out, k):
            kind = "AND_C"
        elif nxt in VERBISH:
            kind = "AND_V"
        elif nxt == "PRON":
            kind = "AND_C"
        else:
            continue
        out[k] = Chunk(kind, chunk.text, chunk.start, chunk.end)
    return out


def _restated_dates(chunks: list[Chunk]) -> list[Chunk]:
    """"on Friday (March 3)": a date restated right after another is one date (the calendar one)."""
    out: list[Chunk] = []
    for chunk in chunks:
        if chunk.type == "DATE" and out and out[-1].type == "DATE" and chunk.date is not None and out[-1].date:
            first = out.pop()
            date = replace(chunk.date, prep=first.date.prep, text=f"{first.date.text} ({chunk.date.text})")
            chunk = replace(first, end=chunk.end, text=f"{first.text} {chunk.text}", date=date)
        out.append(chunk)
    return out


def _parentheticals(chunks: list[Chunk]) -> list[Chunk]:
    """"Soto's trip to Oslo – her third this year – is ...": a phrase between two
    dashes, right before the verb of the clause it interrupts, is dropped."""
    dashes = [k for k, c in enumerate(chunks) if c.type == "COMMA" and c.text in DASHES]
    for a, b in zip(dashes, dashes[1:]):
        after = chunks[b + 1].type if b + 1 < len(chunks) else "END"
        before = chunks[a - 1].type if a else "COMMA"
        if after in VERBISH and before not in VERBISH and b - a > 1:
            return chunks[:a] + chunks[b + 1:]
    return chunks


def _list_commas(chunks: list[Chunk]) -> list[Chunk]:
    """The commas of a list of names ("Kozak, Bonne, and Ploetner") are LCOMMA, so that the
    list stays one phrase after a verb instead of ending the clause."""
    out = list(chunks)
    k = 0
    while k < len(out):
        end = _list_end(out, k) if out[k].type in PARTICIPANT_TYPES else None
        if end is None:
            k += 1
            continue
        for n in range(k, end):
            if out[n].type == "COMMA":
                out[n] = replace(out[n], type="LCOMMA")
        k = end
    return out


def _list_end(chunks: list[Chunk], k: int) -> int | None:
    """The index after "P, P, ..., (,) and P" starting at k, if the list has a comma and ends there."""
    n, commas = k + 1, 0
    while n + 1 < len(chunks) and chunks[n].type == "COMMA" and chunks[n + 1].type in PARTICIPANT_TYPES:
        n, commas = n + 2, commas + 1
    if n < len(chunks) and chunks[n].type == "COMMA" and commas:
        n += 1  # the Oxford comma
    if not (n + 1 < len(chunks) and chunks[n].type in ("AND", "OR") and chunks[n + 1].type in PARTICIPANT_TYPES):
        return None
    if not commas and chunks[n - 1].type != "COMMA":
        return None
    after = chunks[n + 2].type if n + 2 < len(chunks) else "END"
    ends = ("END", "COMMA", "PREP", "DATE", "TO", "QCOMMA", "IF", "IN_EVENT_OF")  # "met A, B and C if ..."
    return n + 2 if after in ends or after in VERBISH else None


def _last_of_list(chunks: list[Chunk], k: int) -> bool:
    """", and Norwegian envoy Lars Eriksen." ends a list of names (an Oxford comma), not a clause."""
    nxt = chunks[k + 1:k + 3]
    return (len(nxt) >= 1 and nxt[0].type in PARTICIPANT_TYPES
            and (len(nxt) == 1 or nxt[1].type in ("END", "COMMA", "PREP", "DATE")))


def _merge_relatives(chunks: list[Chunk]) -> list[Chunk]:
    """", who" / ", which" become one REL token, so a relative clause is told from a list."""
    out: list[Chunk] = []
    for chunk in chunks:
        if chunk.type == "WHO" and out and out[-1].type in ("COMMA", "QCOMMA"):
            comma = out.pop()
            chunk = Chunk("REL", f"{comma.text} {chunk.text}", comma.start, chunk.end)
        out.append(chunk)
    return out
