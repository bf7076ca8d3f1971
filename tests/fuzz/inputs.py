"""What the fuzzers feed the parsers: seed texts, mutators, and hypothesis strategies over them.

Inputs come in families, mixed by :func:`texts` / :func:`files`:

- plain random text (any unicode, lone surrogates included) and random bytes;
- mutations of valid seeds (sentences, documents, rule files, queries): deletions,
  duplications, splices and insertions of characters that matter to a parser
  (brackets, quotes, escapes, comment marks, control and bidi characters);
- structure: deeply nested brackets and quotes around a seed, long repetitions;
- huge lines (up to 1 MB), at a low rate because every parser spends longest on them.

Mutators take a ``random.Random`` so hypothesis drives them (``st.randoms()``) and so can the
runner's seeded loops; nothing here holds state between calls.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]

# Characters that change how a parser tokenises: brackets, quotes, escapes, comments, separators,
# control characters, bidi overrides, a BOM, non-characters, typographic quotes and dashes.
SPECIAL = tuple('()[]{}<>"\'`\\.,;:?!#%@$^&|*+=-_/~') + (
    "\n", "\r", "\t", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u00a0",
    "\u2028", "\u2029", "\u200b", "\u202e", "\u2066", "\ufeff", "\ufffd", "\uffff", "\U0001f600",
    "\u201c", "\u201d", "\u2018", "\u2019", "\u2013", "\u2014", "\ud800", "é", "ß", "İ", "ﬁ",
)
TOKENS = (
    " and ", " not ", " :- ", " . ", "?- ", "SELECT", "WHERE", "SERVICE", "FROM", "GRAPH",
    "OPTIONAL", "FILTER", "UNION", "INSERT", "LOAD", "<file:///etc/passwd>", "<http://x/>",
    "\"\"\"", "'''", "@prefix", "count(", " said that ", ", who ", " if ", " met ", "Putin",
    "on February 4", "2022-02-04", "100,000", "\\u0000", "\\", "%", "#",
)
OPEN_CLOSE = (("(", ")"), ("[", "]"), ("{", "}"), ("<", ">"), ('"', '"'), ("'", "'"),
              ("\u201c", "\u201d"), ("((", "))"), ("{ ", " }"), ("NOT(", ")"))
MAX_LINE = 1_000_000


# -- seeds -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """Sentences of the seed article and the language manual's examples."""
    found: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[-1]
        found += [line.strip() for line in body.splitlines() if len(line.strip()) > 10]
    manual = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    found += [line[2:].strip() for line in manual.splitlines() if line.startswith("> ")]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1)
def documents() -> tuple[str, ...]:
    header = "title: Fuzz\ndate: 2022-02-04\nsource: fuzz\n\n"
    picks = sentences()
    docs = [header + "\n".join(picks[i:i + 3]) + "\n" for i in range(0, min(len(picks), 60), 3)]
    docs += ["# a comment\n" + picks[0] + "\n", "date: not-a-date\n\n" + picks[1] + "\n"]
    return tuple(docs)


@lru_cache(maxsize=1)
def rule_texts() -> tuple[str, ...]:
    """Rule files, cut into chunks of a few rules each, and the conformance cases."""
    found: list[str] = []
    for path in sorted((ROOT / "rules").glob("*.dl")):
        rules = [r for r in path.read_text(encoding="utf-8").split("\n\n") if r.strip()]
        found += ["\n\n".join(rules[i:i + 3]) for i in range(0, len(rules), 3)]
    for path in sorted((ROOT / "tests" / "conformance" / "cases").glob("*.dl")):
        found.append(path.read_text(encoding="utf-8"))
    return tuple(found)


RULE_QUERIES = (
    "aligned(X, Y)", "?- aligned(russia, china).", "mediation_offer(M, ukraine, russia)",
    "p(X), not q(X), X != \"a\"", "n(N), N >= 3, N < 2022-02-04", "p(<http://x/y>, ex:z)",
    "count_of(X, N)", "p(\"\\u00e9\\n\", 'x')", "q(X) , r(X, _)",
)

QUERIES = (
    "SELECT ?a ?b WHERE { GRAPH graph:inferred { ?a voc:aligned ?b } } ORDER BY ?a ?b",
    "ASK { ent:russia voc:aligned ent:china }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l } LIMIT 10",
    "DESCRIBE ent:russia",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 1)",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p \"a\\\"b\"@en . OPTIONAL { ?s ?q ?o } "
    "FILTER(REGEX(STR(?o), '^x.*', 'i')) } LIMIT 5 OFFSET 1",
    "SELECT ?x WHERE { { ?x a voc:State } UNION { ?x a voc:Person } MINUS { ?x rdfs:label \"\" } }",
    "SELECT * WHERE { ?s (rdfs:label|voc:actor)+/^voc:target* ?o . BIND(STRLEN(?o) AS ?n) VALUES ?s { ent:a ent:b } }",
    "SELECT * FROM <https://w3id.org/reasoner/graph/background> WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT DATA { GRAPH graph:inferred { ent:a voc:aligned ent:b } }",
    "LOAD <http://example.org/data.ttl>",
    "SELECT * WHERE { ?s ?p \"\"\"long\nstring with SERVICE\"\"\" } # SERVICE <x:y>",
)
# Only the guard sees these: the rdflib evaluator behind Store.query would try to read them.
HOSTILE_QUERIES = (
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * FROM NAMED <file:/etc/shadow> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
)

RDF_FILES = (
    ("ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p \"x\"@en , 3 , true ; ex:q [ ex:r ex:b ] .\n"),
    ("nt", "<http://example.org/a> <http://example.org/p> \"x\\u00e9\"^^<http://www.w3.org/2001/XMLSchema#string> .\n"),
    ("nq", "<http://example.org/a> <http://example.org/p> _:b1 <http://example.org/g> .\n"),
    ("trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:p ex:b . }\n{ ex:c ex:p 1.5e3 . }\n"),
    ("jsonld", '{"@id": "http://example.org/a", "http://example.org/p": [{"@value": "x", "@language": "en"}]}'),
    ("txt", "title: T\ndate: 2022-02-04\n\nPutin met Xi in Beijing.\n"),
    ("cnl", "Ruritania is a state.\n"),
)


# -- mutators --------------------------------------------------------------------------------
def mutate(rng: random.Random, text: str, others: tuple[str, ...] = ()) -> str:
    """A few random edits of ``text``: delete, duplicate, insert, replace, splice."""
    chars = list(text)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        _edit(rng, chars, others)
    return "".join(chars)


def _edit(rng: random.Random, chars: list[str], others: tuple[str, ...]) -> None:
    at = rng.randrange(len(chars) + 1)
    kind = rng.randrange(7)
    if kind == 0 and chars:  # delete a span
        del chars[at:at + rng.randint(1, 8)]
    elif kind == 1 and chars:  # duplicate a span
        chars[at:at] = chars[at:at + rng.randint(1, 30)] * rng.randint(1, 4)
    elif kind == 2:
        chars[at:at] = [rng.choice(SPECIAL)]
    elif kind == 3:
        chars[at:at] = list(rng.choice(TOKENS))
    elif kind == 4:
        chars[at:at] = [chr(rng.randrange(1, 0x110000))]
    elif kind == 5 and chars:  # replace one character
        chars[min(at, len(chars) - 1)] = rng.choice(SPECIAL)
    elif others:  # splice in a piece of another seed
        other = rng.choice(others)
        start = rng.randrange(len(other) + 1)
        chars[at:at] = list(other[start:start + rng.randint(1, 40)])


def nest(rng: random.Random, text: str) -> str:
    """``text`` inside up to 10,000 levels of one kind of bracket or quote."""
    opening, closing = rng.choice(OPEN_CLOSE)
    depth = rng.choice((10, 100, 1000, 10_000))
    cut = rng.random() < 0.3  # unbalanced: the closers are missing
    return opening * depth + text + ("" if cut else closing * depth)


def repeat(rng: random.Random, text: str, limit: int = MAX_LINE) -> str:
    """A seed repeated into one long line (up to ``limit``), sometimes joined by "and"."""
    size = min(limit, rng.choice((1_000, 10_000, 100_000, MAX_LINE)))
    unit = text.replace("\n", " ") if rng.random() < 0.5 else text
    if rng.random() < 0.5:
        unit = unit.rstrip(".") + " and "
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def junk(rng: random.Random, size: int = 200) -> str:
    """Random text from the whole of unicode, biased towards ASCII and parser characters."""
    pick: list[str] = []
    for _ in range(rng.randint(0, size)):
        roll = rng.random()
        if roll < 0.5:
            pick.append(chr(rng.randrange(32, 127)))
        elif roll < 0.75:
            pick.append(rng.choice(SPECIAL))
        elif roll < 0.85:
            pick.append(rng.choice(TOKENS))
        else:
            pick.append(chr(rng.randrange(1, 0x110000)))
    return "".join(pick)


def controls(rng: random.Random, text: str) -> str:
    """``text`` with control characters sprinkled through it."""
    chars = list(text)
    for _ in range(rng.randint(1, 10)):
        chars.insert(rng.randrange(len(chars) + 1), chr(rng.choice((*range(0, 32), 127, 0x85))))
    return "".join(chars)


def derive(rng: random.Random, seeds: tuple[str, ...], huge: float = 0.0) -> str:
    """One input derived from the seeds by a randomly chosen family; ``huge``: the share of
    lines up to 1 MB long (the rest stay under 3,000 characters)."""
    seed = rng.choice(seeds)
    roll = rng.random()
    if roll < huge:
        return repeat(rng, seed)
    roll = rng.random()
    if roll < 0.45:
        return mutate(rng, seed, seeds)
    if roll < 0.65:
        return junk(rng)
    if roll < 0.75:
        return controls(rng, seed)
    if roll < 0.85:
        return nest(rng, mutate(rng, seed, seeds) if rng.random() < 0.5 else seed)
    if roll < 0.92:
        return repeat(rng, seed, rng.choice((300, 3000)))
    return seed


# -- hypothesis strategies -------------------------------------------------------------------
def texts(seeds: tuple[str, ...], *, huge: float = 0.0) -> st.SearchStrategy[str]:
    """Any text, edits of the seeds (which shrink well), and the families of :func:`derive`.

    The families draw from a ``random.Random`` seeded by hypothesis: hypothesis's own
    ``st.randoms()`` favours boundary values, which would make the rare families common.
    """
    edits = st.tuples(st.sampled_from(seeds), st.integers(0, 10_000),
                      st.text(st.sampled_from(SPECIAL) | st.characters(), max_size=12),
                      st.integers(0, 12)).map(_edit_at)
    families = st.integers(0, 2**64).map(lambda n: derive(random.Random(n), seeds, huge))
    return st.one_of(st.text(max_size=300), edits, families, families)


def edge_cases(seeds: tuple[str, ...]) -> tuple[str, ...]:
    """The pathological inputs every text parser gets once: 1 MB lines, 10,000-deep nesting."""
    first = seeds[0].replace("\n", " ")
    rng = random.Random(0)
    unicode_mb = "".join(chr(rng.randrange(1, 0x110000)) for _ in range(MAX_LINE))
    return (
        (first + " ") * (MAX_LINE // (len(first) + 1)),  # one line, many sentences
        (first.rstrip(".") + " and ") * (MAX_LINE // (len(first) + 5)),  # one endless sentence
        "x" * MAX_LINE,
        unicode_mb,
        "".join(chr(i) for i in range(32)) * (MAX_LINE // 32),
        *("".join((o * 10_000, first, c * 10_000)) for o, c in OPEN_CLOSE),
        '"' * 100_001, "\\" * 50_000, "(" * 100_000,
    )


def _edit_at(args: tuple[str, int, str, int]) -> str:
    seed, at, insert, cut = args
    at = at % (len(seed) + 1)
    return seed[:at] + insert + seed[at + cut:]


def file_edge_cases() -> tuple[tuple[str, bytes], ...]:
    """Whole files the reader gets once: 1 MB lines and binary data under text suffixes."""
    rng = random.Random(0)
    noise = bytes(rng.randrange(256) for _ in range(MAX_LINE))
    line = RDF_FILES[1][1].rstrip("\n")
    return (
        ("txt", noise), ("ttl", noise), ("txt", b"Putin met Xi. " * (MAX_LINE // 14)),
        ("nt", (line * (MAX_LINE // len(line))).encode()), ("ttl", b"\xef\xbb\xbf" + b"@prefix" * 1000),
        ("txt", "Putin met Xi.\n".encode("utf-16")), ("txt", b"ok\n" * 5000 + b"\x00"),
        ("jsonld", b"[" * 100_000), ("trig", b"{" * 100_000), ("txt", b"\n" * MAX_LINE),
    )


def files(samples: tuple[tuple[str, str], ...] = RDF_FILES) -> st.SearchStrategy[tuple[str, bytes]]:
    """(suffix, content) pairs: mutated samples, random bytes, wrong encodings, BOMs, NULs."""
    def encoded(pair: tuple[str, str], rng: random.Random) -> tuple[str, bytes]:
        suffix, text = pair
        text = derive(rng, (text,), huge=0.0)
        encoding = rng.choice(("utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "utf-8-sig"))
        return suffix, text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    suffixes = st.sampled_from(tuple(s for s, _ in samples))
    return st.one_of(
        st.builds(encoded, st.sampled_from(samples), st.randoms(use_true_random=False)),
        st.tuples(suffixes, st.binary(max_size=2000)),
        st.tuples(suffixes, st.binary(max_size=50).map(lambda b: b"\xef\xbb\xbf" + b)),
    )
