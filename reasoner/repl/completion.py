"""Tab completion: commands, file names, engines, predicates and entity names.

* ``:ex``                    -> ``:explain``, ``:export`` (command names)
* ``:load ru``, ``:save``    -> file and folder names
* ``:engine c``              -> engine names
* ``media`` (lower case)     -> predicates, then entity keys (``mediation_offer``, ``macron``...)
* ``ent:hun`` / ``voc:al``   -> entity keys / predicates after those prefixes (SPARQL)
* ``Hung`` (capitalised)     -> entity names from the lexicon (``Hungary``, ``Recep Tayyip Erdogan``)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from reasoner.repl.commands import ALIASES, COMMANDS

if TYPE_CHECKING:
    from reasoner.repl.model import Vocabulary

PATH_COMMANDS = frozenset({"load", "save", "export"})
_SIMPLE_WORD = re.compile(r"(?:(ent|voc):)?([A-Za-z_]\w*)?$")


class ConsoleCompleter(Completer):
    """Completes from the console's vocabulary, fetched when Tab is pressed."""

    def __init__(self, vocabulary: Callable[[], "Vocabulary"],
                 engines: Callable[[], Iterable[str]]) -> None:
        self._vocabulary = vocabulary
        self._engines = engines
        self._paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterator[Completion]:
        before = document.text_before_cursor
        command = re.match(r"\s*:([A-Za-z]*)(\s+)?", before)
        if command and before.lstrip().startswith(":"):
            yield from self._command(document, event, command.group(1), bool(command.group(2)))
            return
        yield from self._words(before)

    def _command(self, document: Document, event: CompleteEvent, name: str,
                 has_argument: bool) -> Iterator[Completion]:
        if not has_argument:
            for candidate in sorted(set(COMMANDS) | set(ALIASES)):
                if candidate.startswith(name.lower()) and candidate in COMMANDS:
                    yield Completion(candidate, -len(name), display=":" + candidate,
                                     display_meta=COMMANDS[candidate].summary)
            return
        argument = document.text_before_cursor.lstrip()[1 + len(name):].lstrip()
        name = ALIASES.get(name.lower(), name.lower())
        if name in PATH_COMMANDS:
            yield from self._paths.get_completions(Document(argument, len(argument)), event)
        elif name == "engine":
            yield from _starting(argument, self._engines())
        elif name in ("explain", "rules"):
            yield from self._words(document.text_before_cursor)

    def _words(self, before: str) -> Iterator[Completion]:
        match = _SIMPLE_WORD.search(before)
        if match is None:
            return
        prefix, word = match.group(1), match.group(2) or ""
        vocabulary = self._vocabulary()
        if prefix == "ent":
            yield from _starting(word, vocabulary.symbols)
        elif prefix == "voc":
            yield from _starting(word, vocabulary.predicates)
        elif word[:1].islower():
            yield from _starting(word, vocabulary.predicates, meta="predicate")
            yield from _starting(word, vocabulary.symbols, meta="entity")
        elif word[:1].isupper():
            yield from self._names(before, vocabulary.names)

    def _names(self, before: str, names: Iterable[str]) -> Iterator[Completion]:
        """Entity names, possibly several words long: complete the longest written prefix."""
        words = before.split(" ")
        for size in range(min(4, len(words)), 0, -1):
            typed = " ".join(words[-size:])
            if not typed[:1].isupper():
                continue
            found = [n for n in names if n.startswith(typed) and n != typed]
            if found:
                yield from (Completion(n, -len(typed), display_meta="name") for n in sorted(found))
                return


def _starting(word: str, candidates: Iterable[str], meta: str | None = None) -> Iterator[Completion]:
    for candidate in candidates:
        if candidate.startswith(word) and candidate != word:
            yield Completion(candidate, -len(word), display_meta=meta)
