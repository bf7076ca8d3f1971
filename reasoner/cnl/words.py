"""Raw tokenization and the closed word lists the chunker needs (no grammar, no lexicon).

The tokenizer splits a sentence into words, numbers, possessive markers, quotation marks and
punctuation, each with its character offsets. Everything here is immutable data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RAW = re.compile(
    r"""
    (?P<qid>\(\s*Q\d+\s*\))
  | (?P<iso>\d{4}-\d{2}-\d{2})
  | (?P<num>\d+(?:,\d{3})*(?:\.\d+)?(?:-plus)?)
  | (?P<poss>['\u2019]s\b|(?<=s)['\u2019](?=\s|$|[,.;:]))
  | (?P<abbr>(?:[A-Z]\.){2,})
  | (?P<word>[^\W\d_](?:[\w\u00c0-\u024f]|-(?=[^\W\d_])|['\u2019](?!s\b)(?=[^\W\d_]))*\.?)
  | (?P<oquote>[\u201c\u2018]|(?:(?<=^)|(?<=[\s(\[]))["'](?=\S))
  | (?P<cquote>[\u201d\u2019"'])
  | (?P<comma>,)
  | (?P<end>[.!?]+)
  | (?P<punct>[^\s\w])
    """,
    re.VERBOSE,
)

# Words that end with a period but are not abbreviations when they end a sentence.
ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "gen.", "lt.", "col.", "sen.", "rep.",
                           "gov.", "prof.", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
                           "no.", "vs.", "etc.", "inc.", "co.", "corp."})


@dataclass(frozen=True, slots=True)
class Raw:
    """One raw token: its kind, its text and its offsets in the sentence."""

    kind: str  # qid iso num poss abbr word oquote cquote comma end punct
    text: str
    start: int
    end: int


def raw_tokens(text: str) -> list[Raw]:
    """The raw tokens of one sentence; a word's trailing period is split off unless it is an
    abbreviation ("U.S.", "Gen.")."""
    out: list[Raw] = []
    for m in _RAW.finditer(text):
        kind = m.lastgroup or "punct"
        word = m.group()
        if kind == "word" and word.endswith(".") and word.lower() not in ABBREVIATIONS:
            out.append(Raw("word", word[:-1], m.start(), m.end() - 1))
            out.append(Raw("end", ".", m.end() - 1, m.end()))
            continue
        out.append(Raw(kind, word, m.start(), m.end()))
    return out


MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
DATE_PREPS = frozenset({"on", "since", "in", "by", "from", "until", "till", "before", "after", "as of", "of"})

# Quantities: "an estimated 100,000-plus troops", "some 30,000 combat troops", "thousands of troops".
QTY_QUALIFIERS = ("an estimated", "estimated", "some", "about", "around", "nearly", "almost", "roughly",
                  "approximately", "more than", "over", "up to", "at least", "as many as", "fewer than",
                  "less than", "an additional", "another", "a further")
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000}
VAGUE_NUMBERS = {"hundreds": 100, "thousands": 1_000, "tens of thousands": 10_000,
                 "hundreds of thousands": 100_000, "millions": 1_000_000, "dozens": 12}
UNITS = ("troops", "soldiers", "servicemen", "personnel", "forces", "tanks", "weapons", "warships",
         "ships", "jets", "aircraft", "missiles", "vehicles", "cubic meters", "cubic metres", "bcm",
         "tons", "tonnes", "barrels", "dollars", "euros", "people", "refugees", "diplomats", "troop")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100}

# Words that may stand between a title's country and the title ("former").
TITLE_MODIFIERS = frozenset({"former", "then", "acting", "incoming", "outgoing", "new", "longtime", "presidential",
                             "top", "veteran", "current", "interim", "de", "facto"})

# Anaphors for a pair named earlier: "the two leaders" (persons), "the two states" (states).
ANAPHOR_NOUNS = {"leaders": "person", "presidents": "person", "men": "person", "ministers": "person",
                 "sides": "state", "states": "state", "countries": "state", "nations": "state",
                 "governments": "state", "neighbours": "state", "neighbors": "state"}

# The parties of a conflict or a negotiation, named before or after: "the rival factions".
PARTY_NOUNS = frozenset({"parties", "sides", "factions", "belligerents"})
PARTY_ADJECTIVES = frozenset({"warring", "rival", "opposing", "conflicting", "negotiating"})
# Descriptors news puts between "the" and an armed group's or party's name: "the rebel M23".
GROUP_MODIFIERS = frozenset({"paramilitary", "rebel", "militant", "armed", "insurgent", "separatist",
                             "jihadist", "islamist", "ruling", "opposition", "outlawed", "banned"})

PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
POSS_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my"})

# Adverbs are dropped before parsing ("also", "meanwhile", "increasingly"), as are the commas
# that fence them off. Words ending in -ly are adverbs unless listed here.
ADVERBS = frozenset({"also", "meanwhile", "however", "still", "already", "again", "now", "just",
                     "even", "yet", "too", "instead", "nonetheless", "nevertheless", "moreover",
                     "furthermore", "together", "soon", "reportedly", "allegedly", "separately",
                     "of course", "in addition", "once again", "so far", "in turn", "last week",
                     "earlier", "recently", "later", "then", "there", "themselves", "himself", "herself",
                     "itself", "ourselves"})
LY_NOT_ADVERBS = frozenset({"italy", "supply", "reply", "rely", "fly", "ally", "family", "assembly",
                            "july", "only", "likely", "early", "daily", "weekly", "monthly", "holy",
                            "apply", "multiply", "comply", "anomaly", "rally", "lily", "friendly",
                            "elderly", "costly", "deadly", "lonely", "ugly", "unlikely", "belly",
                            "jolly", "bully", "tally", "folly", "homily", "italy's", "sicily",
                            "orderly", "timely", "kindly", "manly", "silly", "curly", "burly"})

# Irregular verb forms of the generic VERB base forms (regular ones are inflected by rule).
IRREGULAR = {"come": ("came",), "become": ("became",), "show": ("shown",), "bring": ("brought",),
             "undertake": ("undertook", "undertaken"), "see": ("saw", "seen"), "choose": ("chose", "chosen"),
             "make": ("made",), "take": ("took", "taken"), "give": ("gave", "given"), "get": ("got", "gotten"),
             "find": ("found",), "think": ("thought",), "know": ("knew", "known"), "begin": ("began", "begun"),
             "lead": ("led",), "hold": ("held",), "win": ("won",), "lose": ("lost",), "leave": ("left",),
             "withdraw": ("withdrew", "withdrawn"), "strike": ("struck",), "shoot": ("shot",),
             "fight": ("fought",), "stand": ("stood",), "rise": ("rose", "risen"), "fall": ("fell", "fallen"),
             "grow": ("grew", "grown"), "pay": ("paid",), "buy": ("bought",), "sell": ("sold",),
             "build": ("built",), "spend": ("spent",), "run": ("ran",), "mean": ("meant",), "keep": ("kept",), "seek": ("sought",),
             "feel": ("felt",), "break": ("broke", "broken"), "seize": (), "draw": ("drew", "drawn"),
             "put": ("put",), "set": ("set",), "hit": ("hit",), "cut": ("cut",), "let": ("let",),
             "forbid": ("forbade", "forbidden"), "understand": ("understood",), "write": ("wrote", "written"),
             "drive": ("drove", "driven"), "speak": ("spoke",), "sit": ("sat",), "lie": ("lay", "lain")}


def inflections(base: str) -> set[str]:
    """Regular and irregular forms of an English verb base form."""
    forms = {base, *IRREGULAR.get(base, ())}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
        if re.fullmatch(r".*[^aeiou][aeiou][bdgmnprt]", base) and len(base) <= 4:
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in ADVERBS or (lowered.endswith("ly") and len(lowered) > 4
                                  and lowered not in LY_NOT_ADVERBS and word[:1].islower())
