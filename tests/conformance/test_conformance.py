"""Every conformance case on every registered engine: same program, same facts, same model.

A case is one file in cases/, ``NN-name.dl``: a comment saying what it checks, an optional
preamble (``@prefix`` lines, shared by every section), then sections opened by marker lines:

    %% facts                 data passed to the engine as EDB facts
    %% rules                 the program (it may hold facts of its own)
    %% expect p q            the expected rows of p and q (listed, so an empty p is checked)
    %% expect-error CODE     or: the program must be rejected with this diagnostic code

Known engine defects are listed in known_defects.KNOWN, and nowhere else: ``xfail`` entries
with a reason, or ``timeout`` entries for cases the engine cannot finish, where the test
asserts that it stops with EngineTimeout within the limit.
"""

from __future__ import annotations


import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conformance.known_defects import KNOWN
from reasoner.engines import available_engines, get_engine
from reasoner.errors import EngineError, EngineTimeout, RuleCheckError
from reasoner.rules import Program, Value, parse_program


CASES_DIR = Path(__file__).parent / "cases"
TIMEOUT = 20.0  # seconds per case; known timeouts use TIMEOUT_KNOWN
TIMEOUT_KNOWN = 2.0



@dataclass(frozen=True)
class Case:
    name: str
    facts: dict[str, set[tuple[Value, ...]]]
    program: Program
    expected: dict[str, frozenset[tuple[Value, ...]]]
    expected_error: str | None


def load_case(path: Path) -> Case:
    sections: dict[str, list[str]] = {"preamble": []}
    current = "preamble"
    expect_line = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("%% "):
            current = line[3:].split()[0]
            sections[current] = []
            if current.startswith("expect"):
                expect_line = line[3:]
            continue
        sections[current].append(line)
    preamble = "\n".join(l for l in sections["preamble"] if l.startswith("@prefix"))
    text = {k: preamble + "\n" + "\n".join(v) for k, v in sections.items()}
    source = str(path)
    program = parse_program(text.get("rules", ""), source=source)
    marker, *names = expect_line.split()
    if marker == "expect-error":
        return Case(path.stem, rows_of(text.get("facts", ""), source), program, {}, names[0])
    expected = {name: frozenset() for name in names}
    expected.update(rows_of(text.get("expect", ""), source))
    return Case(path.stem, rows_of(text.get("facts", ""), source), program,
                {p: frozenset(r) for p, r in expected.items()}, None)


def rows_of(text: str, source: str) -> dict[str, set[tuple[Value, ...]]]:
    rows: dict[str, set[tuple[Value, ...]]] = {}
    for rule in parse_program(text, source=source).rules:
        assert rule.is_fact, f"{source}: only facts belong in this section: {rule}"
        rows.setdefault(rule.head.pred, set()).add(tuple(a.value for a in rule.head.args))
    return rows


CASE_FILES = sorted(CASES_DIR.glob("*.dl"))
ENGINES = available_engines()


def params() -> list[object]:
    out = []
    for engine in ENGINES:
        for path in CASE_FILES:
            kind, reason = KNOWN.get((engine, path.stem), ("", ""))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if kind == "xfail" else []
            out.append(pytest.param(engine, path, id=f"{engine}-{path.stem}", marks=marks))
    return out


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 40
    assert {"clingo", "pydatalog"} <= set(ENGINES)


def test_known_defects_name_real_cases() -> None:
    names = {p.stem for p in CASE_FILES}
    for engine, case in KNOWN:
        assert engine in ENGINES and (case in names or case.startswith("random:")), case


@pytest.mark.parametrize(("engine_name", "path"), params())
def test_case(engine_name: str, path: Path) -> None:
    case = load_case(path)
    engine = get_engine(engine_name)
    kind, reason = KNOWN.get((engine_name, case.name), ("", ""))
    if kind == "timeout":
        started = time.monotonic()
        with pytest.raises(EngineTimeout) as caught:
            engine.evaluate(case.program, case.facts, timeout=TIMEOUT_KNOWN)
        assert time.monotonic() - started < TIMEOUT_KNOWN + 3.0
        assert engine_name in caught.value.render()
        return
    if kind == "refuses":
        with pytest.raises(EngineError) as caught:
            engine.evaluate(case.program, case.facts, timeout=TIMEOUT)
        assert [d.code for d in caught.value.diagnostics] == ["engine-capability"]
        assert engine_name in caught.value.render() and "\n" not in caught.value.render()
        return
    if case.expected_error is not None:
        with pytest.raises(RuleCheckError) as caught:
            engine.evaluate(case.program, case.facts, timeout=TIMEOUT)
        assert case.expected_error in {d.code for d in caught.value.diagnostics}
        return
    model = engine.evaluate(case.program, case.facts, timeout=TIMEOUT)
    for pred, rows in case.facts.items():
        assert model[pred] >= rows, pred
    got = {pred: model.get(pred) for pred in case.expected}
    assert got == case.expected
