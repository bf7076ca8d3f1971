"""The DuckDB compiler's SQL carried to other dialects by sqlglot: one generator, many targets.

The duckdb engine's SQL (reasoner.engines.duckdb) is the one SQL the rules compile to; sqlglot
parses it and writes it in Spark SQL (what the spark engine runs), BigQuery, Trino or DuckDB
itself. Two things have no common spelling, and are rewritten on the tree first:

* ``HUGEINT`` (the 128-bit integers checked arithmetic computes in) becomes ``DECIMAL(38, 0)``;
* DuckDB's ``error(message)`` becomes Spark's ``raise_error``, Trino's ``fail`` (BigQuery's is
  ``ERROR`` too).
"""

from __future__ import annotations

import logging
from types import MappingProxyType

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from reasoner.errors import Diagnostic, EngineError

DIALECTS = ("spark", "bigquery", "trino", "duckdb")
_RAISE = MappingProxyType({"spark": "RAISE_ERROR", "trino": "FAIL", "bigquery": "ERROR",
                           "duckdb": "ERROR"})
_NAMES = MappingProxyType({"spark": "Spark SQL", "bigquery": "BigQuery", "trino": "Trino"})
_ENGINE_TEXT = "the duckdb engine"  # how the compiled SQL names its engine in error messages


def transpile(sql: str, dialect: str, *, engine: str | None = None, pretty: bool = False
              ) -> list[str]:
    """``sql`` (DuckDB statements) in ``dialect``, one string per statement.

    ``engine``: the name error messages in the SQL give (by default the dialect's own).
    Raises EngineError for an unknown dialect or SQL sqlglot cannot carry.
    """
    if dialect not in DIALECTS:
        raise EngineError(Diagnostic("engine", f"unknown SQL dialect '{dialect}'",
                                     hint=f"dialects: {', '.join(DIALECTS)}"))
    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # its notes on unparsed MACROs
    try:
        trees = sqlglot.parse(sql, read="duckdb")
        return [_portable(tree, dialect, engine or dialect).sql(dialect=dialect, pretty=pretty)
                for tree in trees if tree is not None]
    except SqlglotError as exc:
        raise EngineError(f"sqlglot cannot carry the SQL to {dialect}: "
                          f"{str(exc).splitlines()[0]}") from None


def _portable(tree: exp.Expression, dialect: str, engine: str) -> exp.Expression:
    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.INT128:
            return exp.DataType.build("DECIMAL(38, 0)")
        if isinstance(node, exp.Anonymous) and str(node.this).upper() == "ERROR":
            return exp.Anonymous(this=_RAISE[dialect],
                                 expressions=[e.transform(rewrite) for e in node.expressions])
        if isinstance(node, exp.Literal) and node.is_string and \
                node.this.startswith(_ENGINE_TEXT):
            return exp.Literal.string(f"the {engine} engine" + node.this[len(_ENGINE_TEXT):])
        return node

    return tree.transform(rewrite)


def show_sql(duckdb_script: str, dialect: str) -> str:
    """The duckdb engine's readable script (comments included) in ``dialect``: each statement
    transpiled, each comment block kept above its statement."""
    if dialect == "duckdb":
        return duckdb_script
    out = [f"-- The duckdb engine's SQL below, carried to {_NAMES[dialect]} by sqlglot.", "--"]
    for chunk in _statements(duckdb_script):
        comments = [line for line in chunk.splitlines() if line.startswith("--")]
        code = "\n".join(line for line in chunk.splitlines() if not line.startswith("--"))
        out += comments
        if code.strip():
            out += [s + ";" for s in transpile(code, dialect, pretty=True)]
    return "\n".join(out) + "\n"


def _statements(script: str) -> list[str]:
    """The script cut after each ``;`` that ends a line (no statement has one inside)."""
    chunks, current = [], []
    for line in script.splitlines():
        current.append(line)
        if line.rstrip().endswith(";") and not line.startswith("--"):
            chunks.append("\n".join(current))
            current = []
    if current:
        chunks.append("\n".join(current))
    return chunks
