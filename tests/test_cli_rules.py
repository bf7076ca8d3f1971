"""Bad rule programs through the command line: one clear message, a caret, exit 1, store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.cli import main

ROOT = Path(__file__).resolve().parents[1]

BAD_PROGRAMS = {
    "syntax": ("p(X) :- q(X)\nq(a).\n", "2:1", "missing '.'"),
    "unsafe": ("p(X) :- q(Y).\nq(a).\n", "1:3", "unsafe variable 'X'"),
    "arity": ("p(X) :- q(X).\nq(a).\nr(X) :- q(X, X).\n", "3:9", "did you mean 'q/1'?"),
    "unstratifiable": ("p(X) :- q(X, Y), not p(Y).\nq(a, b).\n", "1:18", "p -> not p"),
    "unknown": ("aligned(X, Y) :- state(X), state(Y), alignd(X, Y).\n", "1:38",
                "did you mean 'aligned/2'"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("rules") / "store")
    assert main(["--store", location, "ingest", "-q", str(ROOT / "seeds")]) == 0
    assert main(["--store", location, "infer"]) == 0
    return location


def export(store: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--store", store, "export", "--format", "nquads"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(BAD_PROGRAMS))
def test_bad_program_is_refused_with_a_caret(store: str, tmp_path: Path, name: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text, where, message = BAD_PROGRAMS[name]
    path = tmp_path / f"{name}.dl"
    path.write_text(text)
    before = export(store, capsys)
    # a predicate nothing defines is an empty relation (a warning) unless --strict
    assert main(["--store", store, "infer", "--strict", "--rules", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:{where}: error:"), err
    assert message in err and "^" in err and "Traceback" not in err
    assert export(store, capsys) == before


def test_ask_with_a_bad_query_shows_where(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store, "ask", "aligned(X, Y"]) == 1
    err = capsys.readouterr().err
    assert "^" in err and "Traceback" not in err


def test_inferred_alignment_through_sparql(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    sparql = "SELECT ?x WHERE { GRAPH graph:inferred { ?x voc:aligned ent:china } }"
    assert main(["--store", store, "query", sparql, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["https://w3id.org/reasoner/id/russia"]


def test_added_rules_build_on_the_shipped_ones(store: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rival.dl"
    path.write_text("rival(X, Y) :- opposes(X, Y).\n")
    assert main(["--store", store, "ask", "--rules", str(path), "--format", "csv",
                 "rival(X, Y)"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "X,Y" and "russia,ukraine" in out.splitlines() and err == ""
    # replacing is explicit: alone, opposes/2 is an empty relation, and the warning says so
    assert main(["--store", store, "ask", "--rules", str(path), "--replace-rules",
                 "--format", "csv", "rival(X, Y)"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["X,Y"] and "predicate 'opposes/2' is not defined" in err


def test_an_undefined_predicate_in_a_query_is_empty_with_a_warning(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store, "ask", "aligned(X, Y), not empty(0)", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) > 1 and "'empty/1' is not defined" in err
    assert main(["--store", store, "ask", "--strict", "alignd(X, Y)"]) == 1
    err = capsys.readouterr().err
    assert "error: predicate 'alignd/2' is not defined" in err and "'aligned/2'" in err


def test_a_program_may_use_a_stored_name_with_another_arity(
        store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the store gives state/1; this program's state/2 is its own relation
    path = tmp_path / "state2.dl"
    path.write_text("state(X, big) :- state(X), aligned(X, _).\n")
    assert main(["--store", store, "ask", "--rules", str(path), "--format", "csv",
                 "state(russia, S)"]) == 0
    assert capsys.readouterr().out.splitlines() == ["S", "big"]
