"""The console's data: output blocks and replies, session rules and sentences, vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Mapping

from reasoner.rules.ast import Rule
from reasoner.rules.printer import print_rule

if TYPE_CHECKING:
    from reasoner.cnl import Lexicon

Style = Literal["output", "error", "warning", "note"]


@dataclass(frozen=True)
class Block:
    """One piece of output, with how the prompt loop should colour it."""

    text: str
    style: Style = "output"


@dataclass(frozen=True)
class Reply:
    """What one console entry printed, and whether the console should stop."""

    blocks: tuple[Block, ...] = ()
    quit: bool = False

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @classmethod
    def of(cls, *items: str | Block, quit: bool = False) -> "Reply":
        return cls(tuple(i if isinstance(i, Block) else Block(i) for i in items if i), quit)


def error(text: str) -> Block:
    return Block(text, "error")


def note(text: str) -> Block:
    return Block(text, "note")


def warning(text: str) -> Block:
    return Block(text, "warning")


@dataclass(frozen=True)
class SessionRule:
    """A rule or fact typed in this session; ``number`` is stable for the session."""

    number: int
    rule: Rule
    source: str
    text: str  # the whole entry it came from, for caret lines

    def printed(self, prefixes: Mapping[str, str] | None = None) -> str:
        return print_rule(self.rule, prefixes)


@dataclass(frozen=True)
class ConsoleSentence:
    """A sentence entry stored as the document ``doc_id``, with the lexicon before it."""

    doc_id: str
    text: str
    lexicon_before: "Lexicon" = field(repr=False)
    defines: bool = False  # it extended the lexicon (a definitional sentence)


@dataclass(frozen=True)
class Vocabulary:
    """Words the completer offers: predicates, entity keys and entity names."""

    predicates: tuple[str, ...]
    symbols: tuple[str, ...]
    names: tuple[str, ...]
