"""The parser's known slips, put right before the reader reads (reasoner/reader/repairs.py)."""

from __future__ import annotations

from reasoner.reader.lexicon import event_lexicon
from reasoner.reader.repairs import repaired
from reasoner.reader.syntax import Parse, Token


def _parse(words: list[tuple[str, str, str, str, str, int]]) -> Parse:
    """A hand-built parse: (text, lemma, pos, tag, dep, head) per word."""
    tokens, at = [], 0
    for i, (text, lemma, pos, tag, dep, head) in enumerate(words):
        tokens.append(Token(i, text, lemma, pos, tag, dep, head, at))
        at += len(text) + 1
    return Parse(" ".join(w[0] for w in words), tuple(tokens))


# "Lula is set to host talks": the small model's reading, "to" a preposition, "host talks" a compound
SLIP = [("Lula", "lula", "PROPN", "NNP", "nsubjpass", 2), ("is", "be", "AUX", "VBZ", "auxpass", 2),
        ("set", "set", "VERB", "VBN", "ROOT", 2), ("to", "to", "ADP", "IN", "prep", 2),
        ("host", "host", "NOUN", "NN", "compound", 5), ("talks", "talk", "NOUN", "NNS", "pobj", 3)]


def test_an_infinitive_read_as_a_compound_noun_becomes_the_verb() -> None:
    fixed = repaired(_parse(SLIP), event_lexicon())
    to, host, talks = fixed.tokens[3:6]
    assert (host.pos, host.dep, host.head) == ("VERB", "xcomp", 2)
    assert (to.dep, to.head) == ("aux", 4)
    assert (talks.dep, talks.head) == ("dobj", 4)


def test_a_real_compound_noun_is_left_as_it_is() -> None:
    # "committed to peace talks": "peace" is no verb the event lexicon knows
    words = [("Chile", "chile", "PROPN", "NNP", "nsubj", 1), ("committed", "commit", "VERB", "VBD", "ROOT", 1),
             ("to", "to", "ADP", "IN", "prep", 1), ("peace", "peace", "NOUN", "NN", "compound", 4),
             ("talks", "talk", "NOUN", "NNS", "pobj", 2)]
    parse = _parse(words)
    assert repaired(parse, event_lexicon()) is parse
    # nor a compound after "to" whose head is not the preposition's object
    slip = list(SLIP)
    slip[5] = ("talks", "talk", "NOUN", "NNS", "dobj", 2)
    parse = _parse(slip)
    assert repaired(parse, event_lexicon()) is parse


def test_a_headline_s_two_comma_joined_subjects_become_one_coordination() -> None:
    # "Chile, Peru sign deal": the small model makes "Chile" an interjection of "sign"
    words = [("Chile", "chile", "PROPN", "NNP", "intj", 3), (",", ",", "PUNCT", ",", "punct", 3),
             ("Peru", "peru", "PROPN", "NNP", "nsubj", 3), ("sign", "sign", "VERB", "VB", "ROOT", 3),
             ("deal", "deal", "NOUN", "NN", "dobj", 3)]
    fixed = repaired(_parse(words), event_lexicon())
    assert (fixed.tokens[0].dep, fixed.tokens[0].head) == ("nsubj", 3)
    assert (fixed.tokens[2].dep, fixed.tokens[2].head) == ("conj", 0)
    # a singular verb: "Lula, Brazil's president, meets ..." is an apposition, left alone
    words = [("Lula", "lula", "PROPN", "NNP", "nsubj", 3), (",", ",", "PUNCT", ",", "punct", 0),
             ("Brazil", "brazil", "PROPN", "NNP", "appos", 0), ("meets", "meet", "VERB", "VBZ", "ROOT", 3)]
    parse = _parse(words)
    assert repaired(parse, event_lexicon()) is parse


def test_a_simple_past_joined_to_a_past_perfect_belongs_to_the_reporting_verb() -> None:
    # "China said Peru had violated its waters and warned of countermeasures"
    words = [("China", "china", "PROPN", "NNP", "nsubj", 1), ("said", "say", "VERB", "VBD", "ROOT", 1),
             ("Peru", "peru", "PROPN", "NNP", "nsubj", 4), ("had", "have", "AUX", "VBD", "aux", 4),
             ("violated", "violate", "VERB", "VBN", "ccomp", 1), ("and", "and", "CCONJ", "CC", "cc", 4),
             ("warned", "warn", "VERB", "VBD", "conj", 4)]
    fixed = repaired(_parse(words), event_lexicon())
    assert (fixed.tokens[6].dep, fixed.tokens[6].head) == ("conj", 1)
    # a participle conjunct shares the "had": left alone
    words[6] = ("warned", "warn", "VERB", "VBN", "conj", 4)
    parse = _parse(words)
    assert repaired(parse, event_lexicon()) is parse


def test_a_simple_past_read_as_an_adjective_on_the_root_noun_becomes_the_verb() -> None:
    # "Turkey hosted talks." read as "Turkey-hosted talks": no verb, "hosted" (VBD) an amod
    words = [("Turkey", "turkey", "PROPN", "NNP", "npadvmod", 1), ("hosted", "host", "VERB", "VBD", "amod", 2),
             ("talks", "talk", "NOUN", "NNS", "ROOT", 2), (".", ".", "PUNCT", ".", "punct", 2)]
    fixed = repaired(_parse(words), event_lexicon())
    assert [(t.dep, t.head) for t in fixed.tokens] == [("nsubj", 1), ("ROOT", 1), ("dobj", 1), ("punct", 1)]
    # a participle ("Turkey-hosted talks", VBN) is an adjective indeed
    words[1] = ("hosted", "host", "VERB", "VBN", "amod", 2)
    parse = _parse(words)
    assert repaired(parse, event_lexicon()) is parse
