"""``reasoner run --engine spark``: ``.input`` relations read by Spark, ``.output`` written by it.

Any path Spark reads works: a local file or folder, ``s3a://``, ``hdfs://``. A name ending in
``.parquet`` (or a folder of Parquet parts) is read as Parquet, columns by position; anything
else as CSV with the ``.input``'s ``delimiter`` (a tab by default, as Soufflé's .facts), every
cell read as its ``.decl`` type. An ``.output`` whose filename ends in ``.parquet`` is written
as Parquet, others as CSV; on a local disk the single part file Spark writes is moved to
``OUT_DIR/filename``, elsewhere Spark's folder of parts is left as it is.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import urlparse

from reasoner.engines.base import Row
from reasoner.engines.spark import session as sessions
from reasoner.errors import Diagnostic, InputError
from reasoner.rules import ast
from reasoner.rules.files import Output, cell_text, parse_cell

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

Facts = dict[str, set[Row]]  # as read: mutable sets, the Row of every engine


def is_local(path: str) -> bool:
    return urlparse(path).scheme in ("", "file")


def joined(folder: str, name: str) -> str:
    """``folder/name``, keeping a URI's ``//`` (Path would fold it)."""
    if is_local(folder):
        return str(Path(folder) / name)
    return folder.rstrip("/") + "/" + name


def read_inputs(program: ast.Program, facts_dir: str) -> Facts:
    """The facts of every ``.input`` of ``program``, read by Spark from ``facts_dir``.

    Raises InputError: a missing file, or cells that do not fit the ``.decl``.
    """
    facts: Facts = {}
    for io in program.inputs:
        decl = program.decl(io.pred)
        if decl is None:  # check_program reports it
            continue
        path = joined(facts_dir, io.option("filename", f"{io.pred}.facts"))
        if is_local(path) and not Path(path).exists():
            raise InputError(Diagnostic(
                "input", f"no such file: {path} (read by .input {io.pred})", io.span,
                hint=f'give the folder that holds it with -F, or .input {io.pred}(filename="...")',
                source_line=program.source_line(io.span)))
        frame = _read(path, decl, io.option("delimiter", "\t"))
        facts.setdefault(io.pred, set()).update(_rows(frame, decl, path))
    return facts


def _read(path: str, decl: ast.Decl, delimiter: str) -> "DataFrame":
    spark = sessions.session()
    try:
        if _parquet(path):
            frame = spark.read.parquet(path)
        else:
            schema = ", ".join(f"`c{i}` STRING" for i in range(decl.arity)) or "`c0` STRING"
            frame = spark.read.csv(path, schema=schema, sep=delimiter, header=False,
                                   quote="\u0000" if delimiter == "\t" else '"')
        return frame.toDF(*[f"c{i}" for i in range(len(frame.columns))])
    except Exception as exc:
        raise InputError(f"{path}: Spark cannot read it: {sessions.first_line(exc)}") from None


def _parquet(path: str) -> bool:
    if path.endswith(".parquet"):
        return True
    return is_local(path) and Path(path).is_dir() and any(Path(path).glob("*.parquet"))


def _rows(frame: "DataFrame", decl: ast.Decl, path: str) -> set[tuple[ast.Value, ...]]:
    """The frame's rows as rule values (read as Arrow columns), each cell as declared."""
    try:
        table = frame.toArrow()
    except Exception as exc:
        raise InputError(f"{path}: Spark cannot read it: {sessions.first_line(exc)}") from None
    if decl.arity == 0:
        return {()} if table.num_rows else set()
    if table.num_columns != decl.arity:
        raise InputError(f"{path}: {table.num_columns} columns, but {decl.pred} is declared "
                         f"with {decl.arity}")
    cells = [_values(table.column(i).to_pylist(), kind, name, path, decl.pred)
             for i, (name, kind) in enumerate(decl.columns)]
    return set(zip(*cells))


def _values(cells: list[Any], kind: str, name: str, path: str, pred: str) -> list[ast.Value]:
    out = []
    for cell in cells:
        value, problem = _value(cell, kind)
        if problem is not None:
            raise InputError(f"{path}: {problem} (column '{name}' of {pred} is declared {kind})")
        out.append(value)  # type: ignore[arg-type]
    return out


def _value(cell: Any, kind: str) -> tuple[ast.Value | None, str | None]:
    if cell is None:
        return None, "an empty cell"
    if isinstance(cell, bool) or not isinstance(cell, str):  # Parquet's own types
        cell = cell.isoformat() if hasattr(cell, "isoformat") else str(cell)
    return parse_cell(cell, kind)


def write_outputs(found: Iterable[Output], out_dir: str) -> list[str]:
    """Write each output with Spark into ``out_dir``. Raises InputError."""
    import pyarrow as pa

    spark = sessions.session()
    written = []
    for output in found:
        names = [f"c{i}" for i in range(output.arity)] or ["c0"]
        cells = [[cell_text(row[i]) for row in output.rows] for i in range(output.arity)]
        table = pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, cells)}) \
            if output.arity else pa.table({"c0": pa.array([""] * len(output.rows), pa.string())})
        target = joined(out_dir, output.filename)
        _write(spark.createDataFrame(table), target, output)
        written.append(target)
    return written


def _write(frame: "DataFrame", target: str, output: Output) -> None:
    local = is_local(target)
    folder = tempfile.mkdtemp(prefix="reasoner-spark-out-") if local else target
    writer = frame.coalesce(1).write.mode("overwrite")
    try:
        if output.filename.endswith(".parquet"):
            writer.parquet(folder)
        else:
            writer.csv(folder, sep=output.delimiter, quote="\u0000" if
                       output.delimiter == "\t" else '"', emptyValue="")
    except Exception as exc:
        raise InputError(f"{target}: Spark cannot write it: {sessions.first_line(exc)}") from None
    if local:
        _move_part(Path(folder), Path(target))


def _move_part(folder: Path, target: Path) -> None:
    """Spark's one part file as ``target`` (its folder of parts and markers removed)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        parts = sorted(p for p in folder.iterdir() if p.name.startswith("part-"))
        if parts:
            shutil.move(str(parts[0]), target)
        else:
            target.write_bytes(b"")
    except OSError as exc:
        raise InputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
