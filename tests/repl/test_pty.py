"""The console as an analyst drives it: a real pseudo-terminal, keys typed one entry at a time.

pexpect spawns ``python -m reasoner.repl --store memory``. As ECOSYSTEM.md §3 advises: TERM is
xterm-256color, PROMPT_TOOLKIT_NO_CPR=1, the prompt is matched as a regex, and there is a short
pause before Tab. Output is matched on text the console prints (tables, deltas, messages), never
on the echo of what was typed, which carries highlighting escapes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Graph

from reasoner.rdf.namespaces import ENT, VOC

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
PROMPT = r"reasoner>"
SENTENCE = "Hungary offered to mediate between Ukraine and Russia."


@pytest.fixture
def repl(tmp_path: Path) -> Iterator["pexpect.spawn"]:
    env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
               REASONER_HISTORY=str(tmp_path / "history"))
    child = pexpect.spawn(sys.executable, ["-m", "reasoner.repl", "--store", "memory"], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, dimensions=(50, 200))
    child.expect(r"\d+ rules, 0 documents")
    child.expect(PROMPT)
    yield child
    child.close(force=True)


def enter(child: "pexpect.spawn", text: str) -> None:
    child.send(text + "\r")


def test_a_session_through_a_pseudo_terminal(repl: "pexpect.spawn", tmp_path: Path) -> None:
    enter(repl, SENTENCE)
    repl.expect(r"console-1: mediation_offer\(hungary -> ukraine, russia\)")
    repl.expect(r"\+\d+ conclusions, -0 conclusions")
    repl.expect(r"\+ mediation_offer\(hungary, ukraine, russia\)")
    repl.expect(PROMPT)

    enter(repl, "?- mediation_offer(M, ukraine, russia).")
    repl.expect(r"│ hungary +│")
    repl.expect(r"1 row")
    repl.expect(PROMPT)

    enter(repl, "p(X) :- q(X)")  # no '.': the entry goes on on a continuation line
    repl.expect(r"\.\.\. ")
    enter(repl, "r(X) :- q(X).")
    repl.expect(r"error: unexpected 'r' \(missing '\.' at the end of the previous rule or fact\)")
    repl.expect(r"  \| r\(X\) :- q\(X\)\.\r*\n  \| \^")
    repl.expect(PROMPT)  # the console keeps running

    enter(repl, ":explain mediation_offer(hungary, ukraine, russia)")
    repl.expect(r"mediation_offer\(hungary, ukraine, russia\)")
    repl.expect(r'console-1, sentence 1: "Hungary offered to mediate between Ukraine and Russia\."')
    repl.expect(PROMPT)

    target = tmp_path / "x.ttl"
    enter(repl, f":export {target}")
    repl.expect(r"wrote .*x\.ttl \(turtle")
    repl.expect(PROMPT)
    graph = Graph().parse(target, format="turtle")
    offers = {s for s in graph.subjects(VOC.arg1, ENT.hungary) if (s, None, VOC.MediationOffer) in graph}
    assert offers, "the export holds the derived mediation offer"

    repl.sendcontrol("d")
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0


def test_tab_completion_and_history(repl: "pexpect.spawn", tmp_path: Path) -> None:
    repl.send("Hung")
    time.sleep(0.3)
    repl.send("\t")
    time.sleep(0.3)
    enter(repl, " offered to mediate between Ukraine and Russia.")
    repl.expect(r"console-1: mediation_offer\(hungary -> ukraine, russia\)")
    repl.expect(PROMPT)

    repl.send("?- mediation_o")
    time.sleep(0.3)
    repl.send("\t")
    time.sleep(0.3)
    enter(repl, "(M, A, B), A < B.")
    repl.expect(r"│ hungary +│ russia +│ ukraine +│")
    repl.expect(PROMPT)

    repl.send("\x1b[A")  # Up: the last entry comes back
    time.sleep(0.3)
    repl.send("\r")
    repl.expect(r"│ hungary +│ russia +│ ukraine +│")
    repl.expect(PROMPT)

    enter(repl, ":quit")
    repl.expect(pexpect.EOF)
    history = (tmp_path / "history").read_text()
    assert "+?- mediation_offer(M, A, B), A < B." in history
    assert "+Hungary offered to mediate between Ukraine and Russia." in history


def test_ctrl_c_cancels_an_entry_and_a_long_run(repl: "pexpect.spawn", tmp_path: Path) -> None:
    repl.send("Hungary offered to med")
    time.sleep(0.2)
    repl.sendcontrol("c")  # drops the entry being typed
    repl.expect(PROMPT)

    chain = tmp_path / "chain.dl"
    edges = "\n".join(f"edge({i}, {i + 1})." for i in range(1200))
    chain.write_text(f"{edges}\npath(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n")
    enter(repl, f":load {chain}")
    time.sleep(1.0)
    repl.sendcontrol("c")  # stops the engine (a child process) mid-run
    repl.expect(r"interrupted; nothing changed")
    repl.expect(PROMPT)

    enter(repl, ":rules path")
    repl.expect(r"session rules \(0\):")
    repl.expect(PROMPT)
    enter(repl, "?- mediation_offer(M, A, B).")
    repl.expect(r"0 rows")  # the cancelled sentence was never stored
    repl.expect(PROMPT)
    enter(repl, ":quit")
    repl.expect(pexpect.EOF)
