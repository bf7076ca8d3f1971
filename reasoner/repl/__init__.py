"""The rule console (``reasoner repl``): sentences, rules, queries, SPARQL and :commands.

:class:`Console` holds the session and answers one entry at a time (``handle(text) -> Reply``),
with no terminal; :func:`run_repl` puts it behind a prompt_toolkit prompt with history,
completion, highlighting and multi-line input. The manual is ``docs/repl.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reasoner.repl.classify import classify, is_complete
from reasoner.repl.console import Console
from reasoner.repl.model import Block, Reply

if TYPE_CHECKING:
    from reasoner.repl.prompt import run_repl

__all__ = ["Block", "Console", "Reply", "classify", "is_complete", "run_repl"]


def __getattr__(name: str) -> Any:
    if name == "run_repl":  # imports prompt_toolkit only when the prompt is wanted
        from reasoner.repl.prompt import run_repl

        return run_repl
    raise AttributeError(name)
