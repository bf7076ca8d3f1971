"""docs/repl.md cannot drift from the console: every command and every input kind is in it."""

from __future__ import annotations

from pathlib import Path

from reasoner.repl.commands import COMMANDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "repl.md"


def test_every_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"`:{name}" not in text]
    assert not missing, f"docs/repl.md does not describe :{', :'.join(missing)}"


def test_the_transcript_shows_each_kind_of_entry() -> None:
    text = DOC.read_text(encoding="utf-8")
    for entry in ("reasoner> Hungary offered to mediate", "reasoner> ?- ", "reasoner> SELECT",
                  "reasoner> :explain", "reasoner> :export", " :- "):
        assert entry in text
