"""Names in a parsed sentence: which tokens name which entity.

Known names come from the world lexicon (longest match, as written: "Recep Tayyip Erdogan",
"the Kremlin", "Erdogan" once the full name is known); any other proper name that spaCy's
recogniser marks as a person, organisation or place becomes a new entity of the document, so
no sentence is lost for a name nobody listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reasoner.cnl.lexicon import Lexicon, entity_key
from reasoner.cnl.statements import Entity, Fact, Mention
from reasoner.reader.lexicon import EventLexicon, event_lexicon
from reasoner.reader.syntax import Parse, Token

# spaCy's entity labels -> our kinds (and the word a definition would use)
_NEW_KINDS = {"PERSON": ("person", "person"), "ORG": ("organisation", "organisation"),
              "GPE": ("place", "place"), "LOC": ("place", "place"), "FAC": ("place", "place")}


@dataclass(frozen=True)
class Name:
    start: int  # first token index
    end: int  # one past the last
    head: int  # the token the name hangs from in the tree
    mention: Mention


@dataclass(frozen=True)
class Names:
    """The names of one sentence, by token."""

    names: tuple[Name, ...]

    def at(self, i: int) -> Name | None:
        return next((n for n in self.names if n.start <= i < n.end), None)


def find_names(parse: Parse, lexicon: Lexicon, earlier: tuple[Mention, ...] = ()) -> Names:
    """Known names first (longest match), then new names from spaCy's recogniser.

    New names are added to ``lexicon`` (the document's own copy), so later sentences know them,
    and a new person is then known by the last name too ("Obasanjo").
    """
    groups = _word_groups(parse)
    words = [parse.text[parse.tokens[a].start:parse.tokens[b - 1].end] for a, b in groups]
    taken: list[Name] = []
    i = 0
    while i < len(words):
        found = lexicon.name_at(words, i) if _may_start_name(parse.tokens[groups[i][0]]) else None
        if found is None:
            i += 1
            continue
        key, length = found
        taken.append(_name(parse, groups[i][0], groups[i + length - 1][1], lexicon.entity(key)))
        i += length
    runs = _entity_runs(parse)
    taken = _inside_possessive_names(parse, taken, runs)
    covered = {j for n in taken for j in range(n.start, n.end)}
    for start, end, label in runs:
        if covered.intersection(range(start, end)) or _bracketed_letters(parse, start, end):
            continue  # known, or the short form of the name before it (see _acronyms)
        if _possessive_organisation(parse, start, end):
            label = "ORG"  # "the Oromo People's Liberation Army", whatever the recogniser said
        entity = _earlier_person(parse, start, end, earlier) or _new_entity(parse, start, end, label, lexicon)
        if entity is not None:
            taken.append(_name(parse, start, end, entity))
    covered = {j for n in taken for j in range(n.start, n.end)}
    for start, end, label in _unrecognised_runs(parse, covered):
        entity = _earlier_person(parse, start, end, earlier)
        if entity is None and end - start >= 2:  # one word alone is a name only if told before
            entity = _new_entity(parse, start, end, label, lexicon)
        if entity is not None:
            taken.append(_name(parse, start, end, entity))
    taken = [_with_office(parse, n, taken, lexicon) for n in taken]
    taken += _acronyms(parse, taken, lexicon)
    return Names(tuple(sorted(taken, key=lambda n: n.start)))


def _possessive_organisation(parse: Parse, start: int, end: int) -> bool:
    """"the Oromo People's Liberation Army", "the Kurdistan Workers' Party": a name run with a
    possessive inside and an organisation's word after it is one organisation's name."""
    words = event_lexicon()
    marks = [k for k in range(start + 1, end - 1) if parse.tokens[k].tag == "POS" or parse.tokens[k].dep == "case"]
    return bool(marks) and any(words.is_a("organisation_word", parse.tokens[k].lemma)
                               for k in range(marks[0] + 1, end))


def _inside_possessive_names(parse: Parse, taken: list[Name], runs: list[tuple[int, int, str]]) -> list[Name]:
    """Known names inside a possessive organisation's name ("Sudan" in "the Sudan People's
    Liberation Movement") are part of it, not names of their own."""
    whole = [(a, b) for a, b, _ in runs if _possessive_organisation(parse, a, b)]
    return [n for n in taken if not any(a <= n.start and n.end <= b and (n.start, n.end) != (a, b) for a, b in whole)]


def _bracketed_letters(parse: Parse, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` are capital letters in brackets right after other words."""
    if start < 2 or end >= len(parse.tokens) or parse.tokens[start - 1].text != "(" or parse.tokens[end].text != ")":
        return False
    return _letters(parse.text[parse.tokens[start].start:parse.tokens[end - 1].end])


def _letters(text: str) -> bool:
    """"ONLF", "SPLM-N": an acronym."""
    return 2 <= len(text) <= 10 and text.replace("-", "").isalpha() and text.isupper()


def _acronyms(parse: Parse, taken: list[Name], lexicon: Lexicon) -> list[Name]:
    """"the Ogaden National Liberation Front (ONLF)": the letters in brackets after a name are
    that name from then on (the document's lexicon learns them)."""
    out = []
    for name in taken:
        close = next((k for k in range(name.end + 1, min(name.end + 6, len(parse.tokens)))
                      if parse.tokens[k].text == ")"), None)
        if close is None or parse.tokens[name.end].text != "(" or close == name.end + 1:
            continue
        inside = parse.tokens[name.end + 1:close]
        letters = parse.text[inside[0].start:inside[-1].end]
        if not _letters(letters):
            continue
        if any(n.start <= inside[0].i < n.end for n in taken):
            continue
        known = lexicon.lookup(letters)
        if known is not None and known.key != name.mention.entity.key:
            continue  # letters the lexicon knows as another's name: not redefined by one document
        if known is None:
            lexicon.extend([Fact(name.mention.entity, "alias", letters)])
        out.append(Name(inside[0].i, inside[-1].i + 1, inside[-1].i, Mention(name.mention.entity, letters)))
    return out


def _with_office(parse: Parse, name: Name, taken: list[Name], lexicon: Lexicon) -> Name:
    """"Chilean President Ana Vidal", "Peru's Foreign Minister, Luis Soto,": a person whose state
    the lexicon does not know holds the title of the state named (or its demonym) just before the
    title. The document's lexicon learns it, so "Vidal" later acts for Chile too."""
    person = name.mention.entity
    if person.kind != "person" or lexicon.country_of(person.key) is not None:
        return name
    office = _office_before(parse, name.start, taken, lexicon)
    if office is None:
        return name
    state, role = office
    lexicon.extend([Fact(person, "leader_of", lexicon.entity(state), role=role)])
    return replace(name, mention=replace(name.mention, entity=lexicon.entity(person.key)))


def _office_before(parse: Parse, start: int, taken: list[Name], lexicon: Lexicon) -> tuple[str, str] | None:
    """(state key, title) of the words before token ``start``: a state or its demonym, a title of
    one or two words, and perhaps a comma ("the Ugandan foreign minister, Sam Okello")."""
    words = event_lexicon()
    end = start - 1 if start > 0 and parse.tokens[start - 1].text == "," else start
    for width in (2, 1):
        begin = end - width
        if begin < 1:
            continue
        role = " ".join(t.lemma for t in parse.tokens[begin:end])
        if not words.is_a("title", role):
            continue
        before = begin - 1 if parse.tokens[begin - 1].tag == "POS" else begin
        owner = next((n for n in taken if n.end == before), None)
        if owner is not None and owner.mention.entity.kind in ("state", "organisation"):
            return lexicon.resolve(owner.mention.entity.key), role
        key = lexicon.demonym(parse.tokens[begin - 1].text)
        if key is not None:
            return key, role
    return None


ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss", "dative"})


def _unrecognised_runs(parse: Parse, covered: set[int]) -> list[tuple[int, int, str]]:
    """Proper names the recogniser missed (the small model misses many a foreign name): a run of
    one to four capitalised proper nouns, none a month or weekday, where a participant would
    stand (a subject, object or the object of a preposition). A run ending in an organisation's
    word ("... Front", "... Council") is an organisation, any other a person; a single word is
    a name only as part of a person's the document named before ("Prabowo")."""
    words = event_lexicon()
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(parse.tokens):
        j = i
        while j < len(parse.tokens) and j not in covered and _name_word(parse.tokens[j], words):
            j += 1
        head = parse.tokens[j - 1] if j > i else None
        if head is not None and 1 <= j - i <= 4 and head.dep in ARGUMENT_DEPS \
                and all(parse.tokens[k].head == j - 1 for k in range(i, j - 1)):
            runs.append((i, j, "ORG" if words.is_a("organisation_word", head.lemma) else "PERSON"))
        i = max(j, i + 1)
    return runs


def _name_word(token: Token, words: EventLexicon) -> bool:
    return (token.pos == "PROPN" and token.text[:1].isupper() and token.text[1:2].islower()
            and not words.is_a("calendar_word", token.lemma) and not words.is_a("title", token.lemma))


def _word_groups(parse: Parse) -> list[tuple[int, int]]:
    """Tokens glued back into the words the lexicon knows ("Suk-yeol", "el-Sisi", "O'Neill"):
    spaCy splits at hyphens, the lexicon's names keep them."""
    groups: list[tuple[int, int]] = []
    for t in parse.tokens:
        if groups and _glued(parse.tokens[groups[-1][1] - 1], t):
            groups[-1] = (groups[-1][0], t.i + 1)
        else:
            groups.append((t.i, t.i + 1))
    return groups


def _glued(before: Token, token: Token) -> bool:
    if before.end != token.start or token.tag == "POS":
        return False
    return token.text in ("-", "'", "\u2019") or before.text in ("-", "'", "\u2019")


def _may_start_name(token: Token) -> bool:
    return token.text[:1].isupper() or token.lemma == "the" or token.text[:1].isdigit()


def _name(parse: Parse, start: int, end: int, entity: Entity) -> Name:
    inside = range(start, end)
    head = next((j for j in inside if parse.tokens[j].head not in inside or parse.tokens[j].head == j), end - 1)
    text = parse.text[parse.tokens[start].start:parse.tokens[end - 1].end]
    return Name(start, end, head, Mention(entity, text))


def _entity_runs(parse: Parse) -> list[tuple[int, int, str]]:
    runs: list[tuple[int, int, str]] = []
    for t in parse.tokens:
        if t.ent_iob == "B" or (t.ent_iob == "I" and not runs):
            runs.append((t.i, t.i + 1, t.ent))
        elif t.ent_iob == "I" and runs and runs[-1][1] == t.i:
            runs[-1] = (runs[-1][0], t.i + 1, runs[-1][2])
    return [r for r in runs if r[2] in _NEW_KINDS]


def _earlier_person(parse: Parse, start: int, end: int, earlier: tuple[Mention, ...]) -> Entity | None:
    """"Yoon" after "Yoon Suk Yeol": part of the name of a person (or anything the recogniser
    took one for) the document named before."""
    words = {t.text.lower() for t in parse.tokens[start:end] if t.pos == "PROPN"}
    if not words:
        return None
    for m in reversed(earlier):
        # the small model's recogniser takes many a foreign person for a place or an organisation:
        # "Prabowo" after "Prabowo Subianto" is that entity whatever kind it was given
        label = m.entity.label.replace("-", " ").split()
        if len(label) > 1 and words <= {w.lower() for w in label}:
            return m.entity
    return None


def _new_entity(parse: Parse, start: int, end: int, label: str, lexicon: Lexicon) -> Entity | None:
    tokens = list(parse.tokens[start:end])
    while tokens and (tokens[0].lemma == "the" or not tokens[0].text[:1].isalnum()):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag == "POS" or not tokens[-1].text[-1:].isalnum()):
        tokens = tokens[:-1]
    if not tokens or not any(t.pos == "PROPN" for t in tokens) or not tokens[0].text[:1].isupper():
        return None
    text = parse.span_text(tokens)
    if len(text) < 2:
        return None
    known = lexicon.lookup(text.replace("\u2019", "'").replace("'s ", "s ").replace("' ", " "))
    if known is not None:  # "the Kurdistan Workers' Party" as the lexicon spells it
        return known
    kind, word = _NEW_KINDS[label]
    entity = Entity(entity_key(text), text, kind)
    lexicon.extend([Fact(entity, "is_a", word)])
    return lexicon.entity(entity.key)
