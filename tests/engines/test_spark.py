"""The spark engine beyond the conformance cases: `run` over Parquet and CSV read by Spark,
`--show-sql` in every dialect, and bad input as one line (exit 1).

The Spark session is the process's (reasoner.engines.spark.session): started by the first test
that needs it and reused by the rest, as by the conformance tests.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlglot

from reasoner.cli import main
from reasoner.engines.duckdb.engine import compile_sql
from reasoner.engines.spark.dialect import DIALECTS, show_sql
from tests.conformance.test_conformance import CASE_FILES, load_case

PROGRAM = """\
.decl link(from: symbol, to: symbol)
.input link(filename="{links}")
.decl budget(who: symbol, amount: number, since: date)
.input budget(filename="budget.csv", delimiter=",")
.output reach
.output rich(filename="rich.parquet")
.output total(delimiter=",")
reach(X, Y) :- link(X, Y).
reach(X, Z) :- reach(X, Y), link(Y, Z).
rich(X, A) :- budget(X, A, D), A > 5, D >= 2020-01-01.
total(N) :- N = sum { A, X : budget(X, A, _) }.
"""


def write_inputs(folder: Path) -> Path:
    """The program, a folder of two Parquet parts for link (and the same links as a .facts
    file, for engines that read text files only), a CSV file for budget."""
    parts = folder / "links.parquet"
    parts.mkdir(parents=True)
    pq.write_table(pa.table({"from": ["oslo", "rome"], "to": ["rome", "lima"]}),
                   parts / "part-0.parquet")
    pq.write_table(pa.table({"from": ["lima"], "to": ["oslo"]}), parts / "part-1.parquet")
    (folder / "links.facts").write_text("oslo\trome\nrome\tlima\nlima\toslo\n")
    (folder / "budget.csv").write_text("oslo,9,2021-03-04\nrome,2,2022-01-01\nlima,7,2019-05-05\n")
    (folder / "prog.dl").write_text(PROGRAM.replace("{links}", "links.parquet"))
    (folder / "text.dl").write_text(PROGRAM.replace("{links}", "links.facts"))
    return folder / "prog.dl"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_run_reads_parquet_and_csv_and_writes_what_duckdb_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = write_inputs(tmp_path)
    for engine, path in (("duckdb", tmp_path / "text.dl"), ("spark", program)):
        status, _, err = run(["run", str(path), "-F", str(tmp_path), "-D",
                              str(tmp_path / engine), "--engine", engine], capsys)
        assert status == 0, err
    spark, duckdb = tmp_path / "spark", tmp_path / "duckdb"
    assert (spark / "reach.csv").read_text() == (duckdb / "reach.csv").read_text()
    assert (spark / "total.csv").read_text() == (duckdb / "total.csv").read_text() == "18\n"
    assert len((spark / "reach.csv").read_text().splitlines()) == 9  # a 3-cycle: all pairs
    rich = pq.read_table(spark / "rich.parquet").to_pylist()
    assert [tuple(r.values()) for r in rich] == [("oslo", "9")]
    assert (duckdb / "rich.parquet").read_text() == "oslo\t9\n"  # duckdb writes text


@pytest.mark.parametrize("dialect", DIALECTS)
def test_show_sql_parses_back_for_every_conformance_program(dialect: str) -> None:
    for path in CASE_FILES:
        case = load_case(path)
        if case.expected_error is not None:
            continue
        text = show_sql(compile_sql(case.program), dialect)
        code = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
        statements = sqlglot.parse(code, read=dialect)
        assert len([s for s in statements if s is not None]) >= 3, path.name


@pytest.mark.parametrize("dialect", DIALECTS)
def test_run_show_sql_prints_the_dialect(dialect: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    program = write_inputs(tmp_path)
    status, out, err = run(["run", str(program), "--show-sql", "--dialect", dialect], capsys)
    assert status == 0 and not err
    assert "-- reach: semi-naive loop" in out or "-- reach: linear recursion" in out
    quoted = {"spark": "`reach`", "bigquery": "`reach`", "trino": '"reach"', "duckdb": '"reach"'}
    assert f"INSERT INTO {quoted[dialect]}" in out
    assert ("HUGEINT" in out) == (dialect == "duckdb")


def test_a_dead_spark_master_is_one_line(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    program = write_inputs(tmp_path)
    status, out, err = run(["run", str(program), "-F", str(tmp_path), "-D", str(tmp_path / "o"),
                            "--engine", "spark", "--spark-master", "spark://127.0.0.1:9"], capsys)
    assert status == 1 and not out
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: spark: cannot reach the Spark master at spark://127.0.0.1:9 ")
    assert "Traceback" not in err and "at org.apache" not in err
    status, _, err = run(["run", str(program), "-F", str(tmp_path), "--engine", "spark",
                          "--spark-master", "yarn:x"], capsys)
    assert status == 1 and "not a master URL Spark can use: yarn:x" in err


def test_a_missing_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = write_inputs(tmp_path)
    (tmp_path / "budget.csv").unlink()
    status, out, err = run(["run", str(program), "-F", str(tmp_path), "-D", str(tmp_path / "o"),
                            "--engine", "spark"], capsys)
    assert status == 1 and not out
    assert f"no such file: {tmp_path / 'budget.csv'} (read by .input budget)" in err
    assert "Traceback" not in err and "at org.apache" not in err


def test_a_bad_cell_read_by_spark_is_one_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    program = write_inputs(tmp_path)
    (tmp_path / "budget.csv").write_text("oslo,many,2021-03-04\n")
    status, _, err = run(["run", str(program), "-F", str(tmp_path), "-D", str(tmp_path / "o"),
                          "--engine", "spark"], capsys)
    assert status == 1
    assert "'many' is not a number" in err and len(err.strip().splitlines()) <= 2


def test_the_local_driver_heap_follows_the_machine_or_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.engines.spark import session
    from reasoner.errors import EngineError

    monkeypatch.delenv(session.MEMORY_VARIABLE, raising=False)
    size = session.driver_memory()
    assert size.endswith("g") and 2 <= int(size[:-1]) <= 32
    monkeypatch.setenv(session.MEMORY_VARIABLE, "12G")
    assert session.driver_memory() == "12g"
    monkeypatch.setenv(session.MEMORY_VARIABLE, "lots")
    with pytest.raises(EngineError, match="not a memory size"):
        session.driver_memory()


def test_running_out_of_heap_says_what_to_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.engines.spark import session

    monkeypatch.setenv(session.MEMORY_VARIABLE, "3g")
    hint = session.memory_hint("java.lang.OutOfMemoryError: Java heap space")
    assert hint is not None and session.MEMORY_VARIABLE in hint and "3g" in hint
    assert session.memory_hint("Table or view not found") is None
