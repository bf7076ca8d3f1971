"""Run one benchmark stage in this process and print its row as JSON (the last stdout line).

Used by bench.run, one process per stage, so that each row's peak memory is its own:
``python -m bench.child '{"stage": "infer", "size": 1000, "engine": "clingo", ...}'``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

from bench.stages import STAGES


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of the children it waited for (ru_maxrss: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def run(spec: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    row = STAGES[spec["stage"]](**spec)
    row["wall_s"] = round(time.perf_counter() - started, 3)
    row["peak_rss_mib"] = peak_rss_mib()
    row["load_end"] = [round(x, 2) for x in os.getloadavg()]
    return row


def main(argv: list[str]) -> int:
    row = run(json.loads(argv[1]))
    sys.stdout.write("\n" + json.dumps(row, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
