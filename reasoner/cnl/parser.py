"""The Lark LALR parser of grammar/cnl.lark, fed with the chunker's tokens.

The grammar file is the single source of the language's keywords: :func:`vocabulary` reads the
string alternatives of its terminals, so the chunker recognises exactly the words the grammar
names. A sentence outside the language becomes a :class:`~reasoner.errors.Diagnostic` with the
point where parsing stopped, what could have come there, and a "did you mean".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Protocol

from lark import Lark
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer, PatternRE, PatternStr
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParseConf, ParserState

from reasoner.cnl.chunker import Chunk, Vocabulary
from reasoner.cnl.transform import SentenceTree, ToClauses
from reasoner.cnl.words import inflections
from reasoner.errors import Diagnostic, Span, did_you_mean
from reasoner.resources import grammar_path


class Advice(Protocol):
    """What a recognised mistake adds to a syntax error (:class:`reasoner.cnl.mistakes.Mistake`)."""

    @property
    def message(self) -> str: ...

    @property
    def hint(self) -> str: ...


class _NoLexer(Lexer):
    """Tokens come from the chunker: its chunks are fed to the parser's state one by one."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: object):  # pragma: no cover - never called
        return iter(())


@lru_cache(maxsize=1)
def grammar() -> Lark:
    """The LALR parser, built once per process (it is immutable once built). The transformer
    runs inside the parser as each rule is reduced, so no parse tree is ever built."""
    return Lark(grammar_path("cnl.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer=_NoLexer, maybe_placeholders=False, transformer=ToClauses(), cache=True)


@dataclass(frozen=True, slots=True)
class _Table:
    """Lark's LALR table for :func:`grammar`, keyed by plain strings: an action is (True, next
    state) for a shift, (False, (the transformer's callback, rule length, rule name)) for a reduce."""

    actions: dict[Any, dict[str, tuple[bool, Any]]]
    start: Any
    end: Any
    conf: ParseConf  # lark's own, for the parser state an error carries (``match_examples``)


@lru_cache(maxsize=1)
def _table() -> _Table:
    lalr = grammar().parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
    table = lalr.parse_table
    actions = {state: {str(symbol): (True, arg) if action is Shift else
                       (False, (lalr.callbacks[arg], len(arg.expansion), str(arg.origin.name)))
                       for symbol, (action, arg) in row.items()}
               for state, row in table.states.items()}
    return _Table(actions, table.start_states["start"], table.end_states["start"],
                  ParseConf(table, lalr.callbacks, "start"))


def _run(table: _Table, tokens: list[Chunk]) -> tuple[SentenceTree | None, int, list[Any]]:
    """Lark's LALR loop (``ParserState.feed_token``) over the chunks, then the end of input:
    (the transformed sentence, len(tokens), stack) or (None, index of the token where parsing
    stopped, the state stack there)."""
    actions, stack, values = table.actions, [table.start], []
    last = len(tokens)
    for n, token in enumerate([*tokens, _end_of(tokens)]):
        kind = token.type
        while True:
            found = actions[stack[-1]].get(kind)
            if found is None:
                return None, n, stack
            shift, arg = found
            if shift:
                stack.append(arg)
                values.append(token)
                break
            callback, size, origin = arg
            children = values[-size:] if size else []
            if size:
                del stack[-size:]
                del values[-size:]
            value = callback(children)
            stack.append(actions[stack[-1]][origin][1])
            values.append(value)
            if n == last and stack[-1] == table.end:
                return value, n, stack
    return None, last, stack  # pragma: no cover - the end of input is never shifted


def _end_of(chunks: list[Chunk]) -> Chunk:
    """The end-of-input token, at the last chunk's place (as lark's ``feed_eof`` puts it)."""
    last = chunks[-1] if chunks else Chunk("$END", "", 0, 0)
    return Chunk("$END", "", last.start, last.end)


def feed(chunks: list[Chunk]) -> SentenceTree:
    """The clause structure of a chunk sequence that is a sentence of the language.

    Raises:
        UnexpectedToken: the chunks are not a sentence; ``token`` is the chunk where parsing
            stopped (type ``$END`` at the end), ``state`` lark's parser state there.
    """
    table = _table()
    tree, stop, stack = _run(table, chunks)
    if tree is not None:
        return tree
    token = chunks[stop] if stop < len(chunks) else _end_of(chunks)
    expected = {s for s in table.actions[stack[-1]] if s.isupper()}
    raise UnexpectedToken(token, expected, state=ParserState(table.conf, None, state_stack=stack))


def _forms(pattern: PatternStr | PatternRE) -> list[str]:
    if isinstance(pattern, PatternStr):
        return [pattern.value]
    body = pattern.value
    if body.startswith("(?:") and body.endswith(")"):
        body = body[3:-1]
    return [re.sub(r"\\(.)", r"\1", alt) for alt in body.split("|")]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Every keyword form of the grammar -> its terminal (generic VERB bases are inflected)."""
    keywords: dict[tuple[str, ...], str] = {}
    titles: tuple[str, ...] = ()
    generic: list[str] = []
    for terminal in grammar().terminals:
        forms = _forms(terminal.pattern)
        if terminal.name == "VERB":
            generic = forms
        elif terminal.name == "TITLE":
            titles = tuple(forms)
        else:
            for form in forms:
                keywords[tuple(form.split())] = terminal.name
    for base in generic:
        for form in inflections(base):
            keywords.setdefault((form,), "VERB")
    for title in titles:
        keywords.setdefault(tuple(title.split()), "TITLE")
    return Vocabulary(keywords, max(len(k) for k in keywords), titles)


def parse_chunks(chunks: list[Chunk]) -> SentenceTree | UnexpectedInput:
    """The clause structure of one chunked sentence, or the parser's complaint."""
    try:
        return feed(chunks)
    except UnexpectedInput as error:
        return error


# ---- robust reading -----------------------------------------------------------------------
RESTART_AFTER = frozenset({"COMMA", "AND_C", "SUBORD", "END", "REL"})
VERB_START = frozenset({"MEET", "SPEAK", "CALL", "PHONE_V", "VISIT", "TRAVEL", "HOST", "OFFER", "MEDIATE",
                        "WARN", "THREATEN", "PREPARE", "PUT_TOGETHER", "IMPOSE", "ACCUSE", "AMASS", "SEND",
                        "SIGN", "AGREE", "APPEAL", "DEMAND", "SUPPLY", "SUPPORT", "OPPOSE", "DISCUSS", "SAY",
                        "PLAN", "VERB", "AUX", "MODAL", "BE", "DO", "AND_V"})
MAX_CUTS = 6


@dataclass(frozen=True)
class Piece:
    """One part of a sentence read on its own: its tree, and whether its subject came before it."""

    tree: SentenceTree
    fragment: bool
    start: int  # index of its first chunk
    end: int  # index after its last chunk


def parse_pieces(chunks: list[Chunk]) -> list[Piece]:
    """The robust reading of a sentence the grammar rejects as a whole: the longest prefix that is
    a sentence, then the same from each clause boundary after the point where parsing stopped
    (a clause that starts with a verb takes the subject of the piece before it)."""
    pieces: list[Piece] = []
    start = 0
    end = chunks[-1].end if chunks else 0
    frag, full_stop = Chunk("FRAG", "", end, end), Chunk("END", ".", end, end)
    while start < len(chunks):
        fragment = chunks[start].type in VERB_START
        tokens = ([frag] if fragment else []) + chunks[start:]
        parsed, stop = _feed(tokens)
        if parsed is not None:
            pieces.append(Piece(parsed, fragment, start, len(chunks)))
            break
        stop_chunk = start + stop - fragment
        prefix = _longest_prefix(tokens, stop, full_stop)
        if prefix is not None:
            tree, cut = prefix
            pieces.append(Piece(tree, fragment, start, start + cut - fragment))
        start = _restart(chunks, max(stop_chunk, start + 1))
    return pieces


def _feed(tokens: list[Chunk]) -> tuple[SentenceTree | None, int]:
    """(tree, len) for a sentence, or (None, index of the token where parsing stopped)."""
    tree, stop, _ = _run(_table(), tokens)
    return tree, stop


def _longest_prefix(tokens: list[Chunk], stop: int, full_stop: Chunk) -> tuple[SentenceTree, int] | None:
    """The longest prefix ending at the stop point or at an earlier comma that parses as a sentence."""
    cuts = [stop] + [n for n in range(stop - 1, 0, -1) if tokens[n].type in ("COMMA", "AND_C", "SUBORD", "REL")]
    for cut in cuts[:MAX_CUTS]:
        head = tokens[:cut]
        if not head or (head[0].type == "FRAG" and len(head) < 2):
            continue
        tree, used = _feed(head + [full_stop])
        if tree is not None:
            return tree, cut
    return None


def _restart(chunks: list[Chunk], after: int) -> int:
    """The index after the next clause boundary at or after ``after`` (len(chunks) if none)."""
    for n in range(after, len(chunks)):
        chunk = chunks[n]
        if chunk.type in RESTART_AFTER or (chunk.type == "WORD" and chunk.text.lower() in ("but", "while")):
            return n + 1
    return len(chunks)


# ---- diagnostics --------------------------------------------------------------------------
_FRIENDLY = {
    "ENT": "a known name", "NEWNAME": "a name", "DEMONYM": "an adjective such as 'Russian'",
    "DATE": "a date", "QTY": "a quantity", "NUMBER": "a number", "ANAPHOR": "'the two leaders'",
    "ROLE_REF": "'the prime minister'", "PRON": "a pronoun", "POSS_PRON": "'his'", "POSS": "'s",
    "COMMA": "','", "LCOMMA": "','", "QCOMMA": "','", "END": "'.'", "$END": "end of sentence", "PUNCT": "punctuation",
    "WORD": "a word", "NOUN": "a noun", "AND_V": "'and' + verb", "AND_C": "', and' + clause",
    "QID": "a Wikidata id such as (Q43)", "VERB": "a verb", "REL": "', who ...'",
}
HIDDEN = frozenset({"FRAG"})  # the robust reading's own token: never something to write
VERB_TERMINALS = ("MEET", "SPEAK", "CALL", "PHONE_V", "VISIT", "TRAVEL", "HOST", "OFFER", "MEDIATE",
                  "WARN", "THREATEN", "PREPARE", "PUT_TOGETHER", "IMPOSE", "ACCUSE", "AMASS", "SEND",
                  "SIGN", "AGREE", "APPEAL", "DEMAND", "SUPPLY", "SUPPORT", "OPPOSE", "DISCUSS", "SAY",
                  "PLAN", "VERB")


def expected_names(expected: set[str]) -> tuple[str, ...]:
    """User-facing names of expected terminals; the verb classes collapse into one entry."""
    examples = {name: forms for forms, name in ((k, v) for k, v in vocabulary().keywords.items())}
    names: list[str] = []
    verbs = [t for t in expected if t in VERB_TERMINALS]
    if len(verbs) > 3:
        names.append("a verb such as 'met', 'visited', 'spoke', 'warned', 'said'")
    for terminal in sorted(expected - HIDDEN):
        if terminal in verbs and len(verbs) > 3:
            continue
        if terminal in _FRIENDLY:
            names.append(_FRIENDLY[terminal])
        elif terminal in examples:
            names.append("'" + " ".join(examples[terminal]) + "'")
        else:
            names.append(terminal.lower())
    return tuple(dict.fromkeys(names))


def syntax_diagnostic(error: UnexpectedInput, chunks: list[Chunk], text: str, span: Span,
                      known_words: list[str], known_names: list[str],
                      mistake: Advice | None = None) -> Diagnostic:
    """The error for a sentence outside the language, located in the document's text; a common
    mistake (:mod:`reasoner.cnl.mistakes`) adds its fixed message and, failing a "did you mean",
    its hint."""
    token = error.token if isinstance(error, UnexpectedToken) else None
    expected = set(getattr(error, "expected", ()) or ())
    if token is None or token.type == "$END":
        start = chunks[-1].end if chunks else 0
        found, end = "the end of the sentence", start
    else:
        start, end = token.start, token.end
        found = f"'{token.text}'"
    hint = _hint(chunks, token, known_words, known_names)
    where = Span.of(text, start, max(end, start + 1), span.source).shifted(span.line - 1, span.start)
    where = _fix_column(where, span, start)
    message = f"this sentence is outside the language: unexpected {found}"
    if mistake is not None:
        message, hint = f"{message}; {mistake.message}", hint or mistake.hint
    return Diagnostic("cnl-syntax", message, where, "error", hint, expected_names(expected))


def _fix_column(where: Span, sentence: Span, start: int) -> Span:
    """Columns count from the line start: on the sentence's first line, add its column."""
    if where.line == sentence.line:
        offset = sentence.column - 1
        return Span(where.source, where.line, where.column + offset, where.end_line,
                    where.end_column + (offset if where.end_line == sentence.line else 0),
                    where.start, where.end)
    return where


MAX_HINTS = 4  # unknown words tried for a "did you mean", nearest to the error first


@lru_cache(maxsize=1)
def known_words() -> tuple[str, ...]:
    """Every keyword form, for "did you mean"."""
    return tuple(" ".join(k) for k in vocabulary().keywords)


def suggest(word: str, candidates: Iterable[str], cutoff: float) -> str | None:
    """:func:`did_you_mean` over the candidates whose length allows a match at all (a ratio of
    ``cutoff`` needs 2 * shorter / (both lengths) >= cutoff), so that long lists stay cheap."""
    low, high = len(word) * cutoff / (2 - cutoff), len(word) * (2 - cutoff) / cutoff
    return did_you_mean(word, [c for c in candidates if low <= len(c) <= high], cutoff=cutoff)


def _hint(chunks: list[Chunk], token: Chunk | None, known_words: list[str], known_names: list[str]) -> str | None:
    """"did you mean 'met'?" for the offending word, or else for any unknown word of the sentence."""
    unknown = [c for c in chunks if c.type in ("WORD", "NEWNAME")]
    where = token.start if token is not None else (chunks[-1].end if chunks else 0)
    nearest = sorted(unknown, key=lambda c: abs(c.start - where))[:MAX_HINTS]  # the offending word first
    for chunk in nearest:
        if chunk.type == "NEWNAME":
            guess = suggest(chunk.label or chunk.text, known_names, 0.8)
        else:
            guess = suggest(chunk.text, known_words, 0.75)
        if guess and guess.lower() != chunk.text.lower():
            return f"did you mean '{guess}'?"
    return None
