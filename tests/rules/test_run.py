"""`reasoner run`: a program over its own .input files, .output files written, no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.cli import main
from reasoner.engines import available_engines

PROGRAM = """\
% Who reaches whom over declared links, and the well-funded ones.
.decl link(from: symbol, to: symbol)
.input link(filename="links.csv", delimiter=",")
.decl budget(who: symbol, amount: number, since: date)
.input budget
.output reach
.output rich(delimiter=",")
reach(X, Y) :- link(X, Y).
reach(X, Z) :- reach(X, Y), link(Y, Z).
rich(X, A) :- budget(X, A, D), A > 5, D >= 2020-01-01, not banned(X).
person(X) :- link(X, _).
"""


def write_case(folder: Path, links: str = "oslo,rome\nrome,lima\n",
               budget: str = "oslo\t9\t2021-03-04\nrome\t2\t2022-01-01\nlima\t7\t2019-05-05\n"
               ) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prog.dl").write_text(PROGRAM)
    (folder / "links.csv").write_text(links)
    (folder / "budget.facts").write_text(budget)
    return folder / "prog.dl"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["run", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("engine", [e for e in available_engines() if e != "clingo"])
def test_two_engines_write_the_same_files(engine: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    program = write_case(tmp_path)
    for name in ("clingo", engine):
        status, _, err = run([str(program), "-F", str(tmp_path), "-D", str(tmp_path / name),
                              "--engine", name], capsys)
        assert status == 0, err
        assert "banned/1" in err and "warning" in err  # an empty relation, said once
    for name in ("reach.csv", "rich.csv"):
        assert (tmp_path / "clingo" / name).read_bytes() == (tmp_path / engine / name).read_bytes()
    assert (tmp_path / "clingo" / "reach.csv").read_text() == \
        "oslo\tlima\noslo\trome\nrome\tlima\n"
    assert (tmp_path / "clingo" / "rich.csv").read_text() == "oslo,9\n"
    assert sorted(p.name for p in (tmp_path / "clingo").iterdir()) == ["reach.csv", "rich.csv"]


def test_dash_prints_the_outputs_and_a_query_answers(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    program = write_case(tmp_path)
    status, out, _ = run([str(program), "-F", str(tmp_path), "-D", "-"], capsys)
    assert status == 0
    assert out.startswith("% reach/2: 3 rows\noslo\tlima\n") and "% rich/2: 1 row\noslo,9\n" in out
    status, out, _ = run([str(program), "-F", str(tmp_path), "--query", "reach(oslo, X)",
                          "--format", "csv"], capsys)
    assert (status, out.split()) == (0, ["X", "lima", "rome"])


def test_the_program_sees_no_world_facts(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    program = write_case(tmp_path)
    # person/1 is the lexicon's in a store; here only the program's own two people exist
    status, out, _ = run([str(program), "-F", str(tmp_path), "--query", "person(X)",
                          "--format", "csv"], capsys)
    assert (status, out.split()) == (0, ["X", "oslo", "rome"])


@pytest.mark.parametrize(("links", "budget", "where", "message"), [
    ("oslo,rome\nrome,lima,x\n", None, "links.csv:2:1:", "3 columns, but link is declared with 2"),
    (None, "oslo\tnine\t2021-03-04\n", "budget.facts:1:6:", "'nine' is not a number"),
    (None, "oslo\t9\t2021-13-04\n", "budget.facts:1:8:", "is not a date"),
    (None, "Oslo\t9\t2021-03-04\n", "budget.facts:1:1:", "'Oslo' is not a symbol"),
])
def test_a_bad_row_is_refused_with_file_and_line(tmp_path: Path, links: str | None,
                                                 budget: str | None, where: str, message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    kwargs = {k: v for k, v in (("links", links), ("budget", budget)) if v is not None}
    program = write_case(tmp_path, **kwargs)
    status, out, err = run([str(program), "-F", str(tmp_path), "-D", str(tmp_path / "out")],
                           capsys)
    assert status == 1 and out == ""
    assert err.startswith(str(tmp_path / where.split(":")[0]) + where[where.index(":"):]), err
    assert message in err and "Traceback" not in err and len(err.splitlines()) == 3
    assert not (tmp_path / "out").exists()


def test_a_missing_input_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = write_case(tmp_path)
    (tmp_path / "budget.facts").unlink()
    status, _, err = run([str(program), "-F", str(tmp_path), "-D", "-"], capsys)
    assert status == 1
    assert err.startswith(f"{program}:5:1: error: no such file: {tmp_path / 'budget.facts'}"), err


def test_strict_turns_the_empty_relation_warning_into_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = write_case(tmp_path)
    status, _, err = run([str(program), "-F", str(tmp_path), "-D", "-", "--strict"], capsys)
    assert status == 1
    assert f"{program}:10:60:" in err and "error: predicate 'banned/1' is not defined" in err


def test_a_fact_of_the_wrong_type_is_an_error_at_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.dl"
    path.write_text('.decl tie(a: symbol, b: symbol)\ntie(oslo, "rome").\nq(X) :- tie(X, _).\n')
    status, _, err = run([str(path), "-D", "-"], capsys)
    assert status == 1
    assert err.startswith(f"{path}:2:11: error: \"rome\" is a string, but column 'b' of tie "
                          "is declared symbol (write it as a symbol, without quotes: rome)"), err


def test_a_missing_program_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["/nonexistent/p.dl"], capsys)
    assert (status, err) == (1, "error: /nonexistent/p.dl: no such program file\n")


TONES = """\
% Goldstein scores are floats; the days between an event and a meeting are integers.
.decl event(id: symbol, goldstein: float, day: date)
.input event(filename="events.csv", delimiter=",")
.output hostile(delimiter=",")
.output tally(delimiter=",")
hostile(E, G, D - 2022-02-01) :- event(E, G, D), G < -2.5, D - 2022-02-01 <= 7.
tally(N, S) :- N = count { E : event(E, _, _) }, S = sum { G, E : event(E, G, _) }.
"""


def test_a_float_column_reads_computes_and_writes(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tones.dl").write_text(TONES)
    (tmp_path / "events.csv").write_text("e1,-5.5,2022-02-03\ne2,2e0,2022-02-04\n"
                                         "e3,-10,2022-03-01\ne4,-0.25,2022-02-01\n")
    status, _, err = run([str(tmp_path / "tones.dl"), "-F", str(tmp_path), "-D",
                          str(tmp_path / "out"), "--engine", "sparql"], capsys)
    assert status == 0, err
    assert (tmp_path / "out" / "hostile.csv").read_text() == "e1,-5.5,2\n"
    assert (tmp_path / "out" / "tally.csv").read_text() == "4,-13.75\n"


@pytest.mark.parametrize(("cell", "message"), [
    ("high", "'high' is not a float"), ("nan", "'nan' is not a float"),
    ("1_000", "'1_000' is not a float"), ("1e999", "too large for a float"),
])
def test_a_bad_float_row_is_refused_with_file_and_line(tmp_path: Path, cell: str, message: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tones.dl").write_text(TONES)
    (tmp_path / "events.csv").write_text(f"e1,-5.5,2022-02-03\ne2,{cell},2022-02-04\n")
    status, out, err = run([str(tmp_path / "tones.dl"), "-F", str(tmp_path), "-D",
                            str(tmp_path / "out"), "--engine", "sparql"], capsys)
    assert status == 1 and out == ""
    assert err.startswith(f"{tmp_path / 'events.csv'}:2:"), err
    assert message in err and "Traceback" not in err


def test_clingo_says_before_it_starts_that_it_has_no_floats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tones.dl").write_text(TONES)
    (tmp_path / "events.csv").write_text("e1,-5.5,2022-02-03\n")
    status, _, err = run([str(tmp_path / "tones.dl"), "-F", str(tmp_path), "-D",
                          str(tmp_path / "out"), "--engine", "clingo"], capsys)
    assert status == 1 and "clingo engine cannot hold the float" in err and len(err.splitlines()) == 1
    assert "Traceback" not in err and not (tmp_path / "out").exists()
