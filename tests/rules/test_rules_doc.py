"""Every example in docs/rules.md parses (and passes the checks, or is rejected as marked), and
every check code and reserved word is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reasoner.engines import get_engine
from reasoner.errors import EngineError, RuleSyntaxError
from reasoner.rules import check_program, errors_of, parse_program, parse_query

DOC = Path(__file__).parents[2] / "docs" / "rules.md"
BLOCK = re.compile(r"^```(datalog|datalog-rejected|query)\n(.*?)^```", re.S | re.M)
BLOCKS = BLOCK.findall(DOC.read_text(encoding="utf-8"))
EDB = {"state": 1, "member_of": 2, "aligned": 2, "date": 2, "troops": 2, "accused": 2}


def test_the_manual_has_examples_of_every_kind() -> None:
    kinds = [k for k, _ in BLOCKS]
    assert kinds.count("datalog") >= 7 and "query" in kinds and "datalog-rejected" in kinds


@pytest.mark.parametrize(("kind", "text"), BLOCKS, ids=[f"{k}-{i}" for i, (k, _) in
                                                         enumerate(BLOCKS)])
def test_example(kind: str, text: str) -> None:
    if kind == "query":
        assert parse_query(text.strip()).body
        return
    if kind == "datalog":
        program = parse_program(text)
        assert program.rules
        assert check_program(program, edb=EDB) == [], text
        return
    try:
        program = parse_program(text)
    except RuleSyntaxError:
        return
    assert errors_of(check_program(program, edb=EDB)), text


@pytest.mark.parametrize("word", ["rule-syntax", "unknown-prefix", "unsafe-variable",
                                  "arity-mismatch", "unstratifiable", "unknown-predicate",
                                  "`count`", "`not`", "@prefix", "?-", "clingo", "pydatalog"])
def test_every_code_and_keyword_is_documented(word: str) -> None:
    assert word in DOC.read_text(encoding="utf-8")


RUNNABLE = [text for kind, text in BLOCKS if kind == "datalog" and ".input" not in text]


@pytest.mark.parametrize("text", RUNNABLE, ids=[f"run-{i}" for i in range(len(RUNNABLE))])
def test_every_example_runs_alike_on_every_engine_that_holds_it(text: str) -> None:
    """The manual's examples run; engines that lack a capability say so in one line."""
    program = parse_program(text)
    models = {}
    for name in ("clingo", "duckdb", "sparql"):
        try:
            models[name] = get_engine(name).evaluate(program, {}, timeout=60)
        except EngineError as exc:
            assert [d.code for d in exc.diagnostics] == ["engine-capability"], exc.render()
    assert models, "no engine runs this example"
    first = next(iter(models.values()))
    assert all(model == first for model in models.values()), text
