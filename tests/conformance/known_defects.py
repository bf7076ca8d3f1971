"""Known engine defects: the one place they are listed, each with its reason.

``(engine, case)`` -> ``(kind, reason)``. ``kind`` is ``"xfail"`` (the test is marked
``xfail(strict=True)``) or ``"timeout"`` (the test asserts the engine stops with EngineTimeout
within the limit). A case name starting with ``random:`` covers the differential test.
"""

from __future__ import annotations

PYDATALOG_HANGS = ("pyDatalog 0.22.4 does not terminate on some recursive rules over cyclic "
                   "data, even after the adapter reorders recursive atoms first: here "
                   "non-linear rules whose recursive atoms carry constants")

KNOWN: dict[tuple[str, str], tuple[str, str]] = {
    ("pydatalog", "49-nonlinear-recursion-with-constants"): ("timeout", PYDATALOG_HANGS),
    ("pydatalog", "random:recursive"): ("timeout", PYDATALOG_HANGS),
}
