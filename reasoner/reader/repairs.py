"""Repairs of the parser's known slips, as a Parse -> Parse stage before the reader reads.

spaCy's small English model mistakes some verbs for nouns where a verb and a noun are spelled
alike. Each repair here rewrites the tree of one such slip the way the sentence means it, and
only where the event lexicon knows the word as a verb: nothing else about the parse changes.
"""

from __future__ import annotations

from dataclasses import replace

from reasoner.reader.lexicon import EventLexicon
from reasoner.reader.syntax import Parse, Token


def repaired(parse: Parse, events: EventLexicon) -> Parse:
    """The parse with its known slips put right (the same value when it has none)."""
    tokens = list(parse.tokens)
    changed = False
    for t in parse.tokens:
        if _infinitive_read_as_compound(parse, t, events):
            to, noun = parse.tokens[t.i - 1], parse.tokens[t.head]
            tokens[to.i] = replace(to, pos="PART", tag="TO", dep="aux", head=t.i)
            tokens[t.i] = replace(t, pos="VERB", tag="VB", dep="xcomp", head=to.head)
            tokens[noun.i] = replace(noun, dep="dobj", head=t.i)
            changed = True
    pair = _headline_pair(parse)
    if pair is not None:
        first, second = pair
        tokens[first.i] = replace(tokens[first.i], dep="nsubj", head=first.head)
        tokens[second.i] = replace(tokens[second.i], dep="conj", head=first.i)
        changed = True
    return Parse(parse.text, tuple(tokens)) if changed else parse


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
