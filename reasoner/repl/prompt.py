"""The console behind a prompt_toolkit prompt: history, completion, highlighting, multi-line.

Enter submits an entry once it is complete (see ``classify.is_complete``: a closing ``.`` for
rules, queries and sentences, the closing ``}`` for SPARQL, a blank line for anything) and
otherwise starts a new line; Escape then Enter submits at once. Ctrl-C cancels the entry being
typed, or stops a running engine; Ctrl-D on an empty line leaves.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Sequence

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application.current import get_app
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import DynamicLexer, Lexer, PygmentsLexer
from prompt_toolkit.styles import Style
from pygments.lexers.rdf import SparqlLexer

from reasoner.errors import ReasonerError
from reasoner.repl.classify import is_complete
from reasoner.repl.completion import ConsoleCompleter
from reasoner.repl.console import Console
from reasoner.repl.lexer import RuleLexer, SentenceLexer, lexer_for
from reasoner.repl.model import Reply

PROMPT = "reasoner> "
STYLE = Style.from_dict({
    "prompt": "bold",
    "continuation": "#888888",
    "error": "ansired",
    "warning": "ansiyellow",
    "note": "ansigreen",
})


def default_history_path() -> Path:
    """``$REASONER_HISTORY``, else ``$XDG_DATA_HOME/reasoner/history`` (``~/.local/share``)."""
    explicit = os.environ.get("REASONER_HISTORY")
    if explicit:
        return Path(explicit).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "reasoner" / "history"


def run_repl(store: str | None, *, engine: str = "clingo",
             rules: Sequence[str | Path] | None = None, history: Path | None = None,
             timeout: float | None = 60.0, date: str | None = None) -> int:
    """Open the knowledge base on ``store`` and run the console until :quit or Ctrl-D.

    ``store`` is ``"memory"``, a folder, an endpoint, or None for $REASONER_STORE or the
    default; ``rules`` are rule files or folders (default: the shipped rules/); ``history``
    defaults to :func:`default_history_path`; ``timeout`` bounds each engine run. Returns
    the exit status: 0, or 1 if the store or the rules cannot be opened.
    """
    from reasoner.kb import open as open_kb

    path = history or default_history_path()
    handler = _log_beside(path)
    try:
        with open_kb(store) as kb:
            console = Console(kb, engine=engine, rules=rules, timeout=timeout, date=date)
            return Repl(console, path).run()
    except ReasonerError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    finally:
        _stop_logging(handler)


class Repl:
    """The prompt loop around a Console."""

    def __init__(self, console: Console, history: Path | None = None) -> None:
        self.console = console
        self._lexers: dict[type, PygmentsLexer] = {
            cls: PygmentsLexer(cls) for cls in (RuleLexer, SentenceLexer, SparqlLexer)}
        self.session: PromptSession[str] = PromptSession(
            message=[("class:prompt", PROMPT)], multiline=True,
            prompt_continuation=_continuation, history=_history(history),
            completer=ConsoleCompleter(console.vocabulary, _engines),
            complete_while_typing=False, lexer=DynamicLexer(self._lexer),
            key_bindings=_bindings(), style=STYLE)

    def run(self) -> int:
        """Read, handle and print entries until :quit or Ctrl-D; the exit status."""
        try:
            self.show(Reply.of(f"reasoner console: store {self.console.kb.store.location}, "
                               f"engine {self.console.engine}. Loading rules ..."))
            self.show(self.console.start())
        except KeyboardInterrupt:
            return 130
        while True:
            try:
                text = self.session.prompt()
            except KeyboardInterrupt:
                continue  # Ctrl-C drops the entry being typed
            except EOFError:
                return 0
            reply = self._handle(text)
            if reply.quit:
                return 0

    def _handle(self, text: str) -> Reply:
        self.console.width = max(40, shutil.get_terminal_size().columns - 1)
        try:
            reply = self.console.handle(text)
            self.show(reply)
        except KeyboardInterrupt:
            reply = Reply.of("interrupted")
            self.show(reply)
        return reply

    def show(self, reply: Reply) -> None:
        for block in reply.blocks:
            print_formatted_text(FormattedText([(f"class:{block.style}", block.text)]), style=STYLE)

    def _lexer(self) -> Lexer:
        try:
            text = get_app().current_buffer.text
        except Exception:  # no running application (never during a prompt)
            text = ""
        return self._lexers[lexer_for(text)]


def _bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state is not None:  # Enter in the completion menu takes the choice
            buffer.complete_state = None
            return
        at_end = not buffer.document.text_after_cursor.strip()
        if at_end and is_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    @bindings.add("escape", "enter")
    def _submit(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return bindings


def _continuation(width: int, line_number: int, wrap_count: int) -> FormattedText:
    return FormattedText([("class:continuation", "...".rjust(width - 1) + " ")])


def _history(path: Path | None) -> History:
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError as exc:
        print(f"warning: history not kept: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return InMemoryHistory()
    return FileHistory(str(path))


def _engines() -> list[str]:
    from reasoner.engines import available_engines

    return available_engines()


def _log_beside(history: Path) -> logging.Handler | None:
    """Send the console's log (internal errors with their traceback) to ``repl.log`` next to
    the history file, so nothing but one line reaches the terminal."""
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(history.parent / "repl.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("reasoner.repl")
    logger.addHandler(handler)
    logger.propagate = False
    return handler


def _stop_logging(handler: logging.Handler | None) -> None:
    if handler is None:
        return
    logger = logging.getLogger("reasoner.repl")
    logger.removeHandler(handler)
    logger.propagate = True
    handler.close()
