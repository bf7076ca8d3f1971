"""Known engine defects: the one place they are listed, each with its reason.

``(engine, case)`` -> ``(kind, reason)``. ``kind`` is ``"xfail"`` (the test is marked
``xfail(strict=True)``), ``"timeout"`` (the test asserts the engine stops with EngineTimeout
within the limit) or ``"refuses"`` (the engine lacks a capability the case needs: the test
asserts it says so in one ``engine-capability`` error before it starts, never a model). A case name starting with ``random:`` covers the differential test.
"""

from __future__ import annotations

PYDATALOG_HANGS = ("pyDatalog 0.22.4 does not terminate on some recursive rules over cyclic "
                   "data, even after the adapter reorders recursive atoms first: here "
                   "non-linear rules whose recursive atoms carry constants")

CLINGO_NUMBERS = "clingo's numbers are 32-bit integers: it holds no floats and no larger integers"
DUCKDB_NUMBERS = ("the duckdb engine keeps values as BIGINT ids: no floats, integers only in "
                  "[-2**62, 2**62)")
SPARK_NUMBERS = ("the spark engine keeps values as the duckdb compiler's BIGINT ids: no floats, "
                 "integers only in [-2**62, 2**62)")
PYDATALOG_ARITHMETIC = ("the pyDatalog adapter translates no arithmetic, and its value encoding "
                        "orders 32-bit integers only (it computes sum, min and max)")
ARITHMETIC_CASES = ("53-arithmetic-integers", "54-arithmetic-in-heads-and-comparisons",
                    "55-arithmetic-bounded-recursion", "56-division-by-zero",
                    "57-arithmetic-undefined-operands", "58-date-differences", "59-date-shift",
                    "63-min-max-dates", "64-floats", "65-big-integers")

KNOWN: dict[tuple[str, str], tuple[str, str]] = {
    ("clingo", "64-floats"): ("refuses", CLINGO_NUMBERS),
    ("clingo", "65-big-integers"): ("refuses", CLINGO_NUMBERS),
    ("duckdb", "64-floats"): ("refuses", DUCKDB_NUMBERS),
    ("duckdb", "65-big-integers"): ("refuses", DUCKDB_NUMBERS),
    ("spark", "64-floats"): ("refuses", SPARK_NUMBERS),
    ("spark", "65-big-integers"): ("refuses", SPARK_NUMBERS),
    **{("pydatalog", case): ("refuses", PYDATALOG_ARITHMETIC) for case in ARITHMETIC_CASES},
    ("pydatalog", "49-nonlinear-recursion-with-constants"): ("timeout", PYDATALOG_HANGS),
    ("pydatalog", "random:recursive"): ("timeout", PYDATALOG_HANGS),
    ("pydatalog", "random:arithmetic"): ("refuses", PYDATALOG_ARITHMETIC),
}
