"""Repairs of the parser's known slips, as a Parse -> Parse stage before the reader reads.

spaCy's small English model misreads a few constructions news writes every day: a verb taken
for a noun where both are spelled alike ("is set to host talks"), a simple past taken for an
adjective ("Turkey hosted talks" as "Turkey-hosted talks"), a conjunct joined to the wrong verb,
a headline's comma-joined subjects. Each repair rewrites the tree of one such slip the way the
sentence means it, only where a sign in the parse itself says it is a slip (a tag that
contradicts the relation, a plural verb after one name); nothing else about the parse changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reasoner.reader.lexicon import EventLexicon
from reasoner.reader.syntax import Parse, Token

# A repair edits the token list of a parse (read from the parse as it came) and says whether it did.
Repair = Callable[[Parse, list[Token], EventLexicon], bool]


def repaired(parse: Parse, events: EventLexicon) -> Parse:
    """The parse with its known slips put right (the same value when it has none)."""
    tokens = list(parse.tokens)
    changed = [repair(parse, tokens, events) for repair in REPAIRS]
    return Parse(parse.text, tuple(tokens)) if any(changed) else parse


def _put_back_infinitives(parse: Parse, tokens: list[Token], events: EventLexicon) -> bool:
    changed = False
    for t in parse.tokens:
        if _infinitive_read_as_compound(parse, t, events):
            to, noun = parse.tokens[t.i - 1], parse.tokens[t.head]
            tokens[to.i] = replace(to, pos="PART", tag="TO", dep="aux", head=t.i)
            tokens[t.i] = replace(t, pos="VERB", tag="VB", dep="xcomp", head=to.head)
            tokens[noun.i] = replace(noun, dep="dobj", head=t.i)
            changed = True
    return changed


def _rejoin_conjuncts(parse: Parse, tokens: list[Token], events: EventLexicon) -> bool:
    changed = False
    for t in parse.tokens:
        above = _finite_conjunct_of_a_perfect(parse, t)
        if above is not None:
            tokens[t.i] = replace(tokens[t.i], head=above)
            changed = True
    return changed


def _put_back_the_verb(parse: Parse, tokens: list[Token], events: EventLexicon) -> bool:
    slip = _finite_verb_read_as_modifier(parse)
    if slip is None:
        return False
    verb, subject = slip
    noun = parse.tokens[verb.head]
    tokens[verb.i] = replace(tokens[verb.i], pos="VERB", dep="ROOT", head=verb.i)
    tokens[subject.i] = replace(tokens[subject.i], dep="nsubj", head=verb.i)
    tokens[noun.i] = replace(tokens[noun.i], dep="dobj", head=verb.i)
    for k in parse.tokens:  # what hung from the noun as the root (the full stop) hangs from the verb
        if k.head == noun.i and k.dep == "punct" and k.i > noun.i and k.i != verb.i:
            tokens[k.i] = replace(tokens[k.i], head=verb.i)
    return True


def _coordinate_headline_subjects(parse: Parse, tokens: list[Token], events: EventLexicon) -> bool:
    pair = _headline_pair(parse)
    if pair is None:
        return False
    first, second = pair
    tokens[first.i] = replace(tokens[first.i], dep="nsubj", head=first.head)
    tokens[second.i] = replace(tokens[second.i], dep="conj", head=first.i)
    return True


_SUBJECT_SLIPS = ("npadvmod", "nsubj", "compound", "nmod")


def _finite_verb_read_as_modifier(parse: Parse) -> tuple[Token, Token] | None:
    """"Turkey hosted talks between A and B." read as "Turkey-hosted talks": the root is the
    noun, and "hosted", tagged a simple past (VBD, not a participle), hangs from it as an
    adjective with the name before it. A sentence with no verb of its own and a finite past
    in that place: the past is the verb, the name its subject, the noun its object. The verb
    and its subject, or None."""
    root = next((t for t in parse.tokens if t.dep == "ROOT"), None)
    if root is None or root.pos not in ("NOUN", "PROPN"):
        return None
    for k in parse.children(root.i):
        if k.dep != "amod" or k.tag != "VBD" or k.i > root.i:
            continue
        subject = next((s for s in parse.children(k.i) if s.dep in _SUBJECT_SLIPS and s.pos == "PROPN"
                        and s.i < k.i), None)
        if subject is not None:
            return k, subject
    return None


def _finite_conjunct_of_a_perfect(parse: Parse, t: Token) -> int | None:
    """"China said Peru had violated its waters and warned of countermeasures": a simple past
    cannot share "had" with a participle, so "warned" is joined to "said", not to "violated".
    The verb it belongs with, or None."""
    if t.dep != "conj" or t.tag != "VBD" or any(k.dep == "aux" for k in parse.children(t.i)):
        return None
    head = parse.tokens[t.head]
    if head.tag != "VBN" or head.dep != "ccomp" or not any(
            k.dep == "aux" and k.lemma == "have" for k in parse.children(head.i)):
        return None
    return head.head


def _headline_pair(parse: Parse) -> tuple[Token, Token] | None:
    """"Chile, Peru sign border deal", "Russia, Ukraine agree to talks": a headline joins two
    subjects with a comma, and the parser reads the first as an interjection or the second as
    an apposition. A plural verb in the present ("sign", not "signs") says they are two."""
    for verb in parse.tokens:
        if verb.tag not in ("VBP", "VB") or verb.pos not in ("VERB", "AUX"):  # VB: read as an imperative
            continue
        kids = [k for k in parse.children(verb.i) if k.i < verb.i]
        first = next((k for k in kids if k.pos == "PROPN" and k.dep in ("nsubj", "intj", "npadvmod", "dep")), None)
        if first is None or first.i + 1 >= len(parse.tokens) or parse.tokens[first.i + 1].text != ",":
            continue
        second = next((k for k in kids if k.dep == "nsubj" and k.pos == "PROPN" and k.i > first.i), None) \
            or next((k for k in parse.children(first.i) if k.dep == "appos" and k.pos == "PROPN"), None)
        if second is not None and first.tag == "NNP" and not any(k.dep == "cc" for k in parse.children(first.i)):
            return first, second
    return None


def _infinitive_read_as_compound(parse: Parse, t: Token, events: EventLexicon) -> bool:
    """"is set to host talks", "is due to host talks", where the parser read "to" as a
    preposition and "host talks" as a compound noun (as in "host nation"): "host" is the
    infinitive and "talks" its object."""
    if t.i == 0 or t.dep != "compound" or t.pos != "NOUN" or t.tag != "NN" or t.lemma not in events.verbs:
        return False
    to, noun = parse.tokens[t.i - 1], parse.tokens[t.head]
    return (to.lemma == "to" and to.dep == "prep" and noun.i > t.i and noun.dep == "pobj"
            and noun.head == to.i and parse.tokens[to.head].pos in ("ADJ", "VERB"))


REPAIRS: tuple[Repair, ...] = (_put_back_infinitives, _rejoin_conjuncts, _put_back_the_verb,
                               _coordinate_headline_subjects)
