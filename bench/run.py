"""Run the benchmark: every stage at every size that fits, one JSON object per line.

    python -m bench.run --quick                    1,000 and 10,000 events, under a minute or so
    python -m bench.run                            1,000 to 1,000,000 events, within --budget s
    python -m bench.run --sizes 100000 --budget 0  one size, no budget

Each stage runs in its own process (bench.child), so its peak memory is its own. Rows go to
stdout and to ``--out`` (bench/results/<time>-<mode>.jsonl by default).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
ROW_KEYS = ("stage", "engine", "engine_version", "size", "path", "status", "seconds",
            "sentences_per_s", "triples_per_s", "inference_s", "derived", "agrees",
            "query_median_ms", "query_p95_ms", "peak_rss_mib", "load", "note")


@dataclass
class Plan:
    sizes: list[int]
    engines: list[str]
    budget: float  # seconds for the whole run; 0 for none
    parse_sample: int  # sentences parsed at most per size
    parsed_up_to: int  # the store is filled by parsing text up to this size, else directly
    product_up_to: int  # largest size for the product's own store and infer paths
    delta_size: int
    engine_limit: float
    pydatalog_limit: float
    open_stage: bool
    seed: int = 7
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="reasoner-bench-")))


def quick_plan(engines: list[str]) -> Plan:
    return Plan([1_000, 10_000], engines, budget=0, parse_sample=500, parsed_up_to=0,
                product_up_to=10_000, delta_size=0, engine_limit=20, pydatalog_limit=10,
                open_stage=False)


def full_plan(engines: list[str]) -> Plan:
    return Plan([1_000, 10_000, 100_000, 1_000_000], engines, budget=1200, parse_sample=5_000,
                parsed_up_to=1_000, product_up_to=100_000, delta_size=100_000,
                engine_limit=900, pydatalog_limit=60, open_stage=True)


class Runner:
    """Runs stage processes in order, writes their rows, keeps to the time budget."""

    def __init__(self, plan: Plan, out: TextIO) -> None:
        self.plan, self.out = plan, out
        self.started = time.perf_counter()
        self.stopped: dict[str, int] = {}  # engine -> size at which it hit its limit

    # -- one stage -------------------------------------------------------------------------
    def stage(self, stage: str, size: int, limit: float, **spec: Any) -> dict[str, Any]:
        spec = {"stage": stage, "size": size, "seed": self.plan.seed,
                "workdir": str(self.plan.workdir), **spec}
        row = {"stage": stage, "size": size, "engine": spec.get("engine"), "load": _load()}
        process = subprocess.Popen([sys.executable, "-m", "bench.child", json.dumps(spec)],
                                   cwd=ROOT, env={**os.environ, "BENCH_WORKDIR": str(self.plan.workdir)},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=limit or None)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the stage and any worker it started
            process.communicate()
            return self.emit({**row, "status": "timeout", "seconds": limit,
                              "note": f"stopped at the {limit:g} s limit"})
        if process.returncode != 0:
            last = (stderr.strip().splitlines() or ["no output"])[-1]
            return self.emit({**row, "status": "error", "note": last[:300]})
        return self.emit({**row, "status": "ok", **json.loads(stdout.strip().splitlines()[-1])})

    def skip(self, stage: str, size: int, note: str, engine: str | None = None) -> dict[str, Any]:
        return self.emit({"stage": stage, "size": size, "engine": engine, "status": "skipped",
                          "load": _load(), "note": note})

    def emit(self, row: dict[str, Any]) -> dict[str, Any]:
        full = {key: row.get(key) for key in ROW_KEYS}
        full.update({k: v for k, v in row.items() if k not in full})
        full["python"] = platform.python_version()
        line = json.dumps(full, default=str)
        print(line, flush=True)
        self.out.write(line + "\n")
        self.out.flush()
        return full

    # -- the whole run ---------------------------------------------------------------------
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def run(self) -> None:
        plan = self.plan
        if plan.open_stage:
            self.stage("open", 0, plan.engine_limit)
        previous: tuple[int, float] | None = None
        for size in plan.sizes:
            projected = previous[1] * size / previous[0] if previous else 0.0
            if plan.budget and self.elapsed() + projected > plan.budget:
                self.skip("all", size, f"projected {projected:.0f} s (linear from the previous "
                          f"size) does not fit the {plan.budget:g} s budget")
                continue
            begun = time.perf_counter()
            self.size(size)
            previous = (size, time.perf_counter() - begun)

    def size(self, size: int) -> None:
        plan = self.plan
        self.stage("parse", size, plan.engine_limit,
                   max_sentences=plan.parse_sample if size * 1.2 > plan.parse_sample else None)
        floor = self.stage("floor", size, plan.engine_limit)
        if size > plan.product_up_to:
            results = [self.stage("bulk", size, plan.engine_limit)]
            for engine in plan.engines:
                self.skip("infer", size, f"end to end skipped above {plan.product_up_to} events: "
                          "the store read and write paths do not fit the budget (see README)", engine)
        else:
            path = "parsed" if size <= plan.parsed_up_to else "direct"
            self.stage("store", size, plan.engine_limit, path=path)
            results = [self.infer(engine, size) for engine in plan.engines]
        self.agreement(size, floor, [r for r in results if r.get("status") == "ok"])
        self.stage("query", size, plan.engine_limit)
        if size == plan.delta_size:
            self.stage("delta", size, plan.engine_limit,
                       profile_to=str(plan.workdir / f"delta-{size}.pstats"))

    def infer(self, engine: str, size: int) -> dict[str, Any]:
        if engine in self.stopped:
            return self.skip("infer", size, f"{engine} stopped at {self.stopped[engine]} events", engine)
        limit = self.plan.pydatalog_limit if engine == "pydatalog" else self.plan.engine_limit
        row = self.stage("infer", size, limit, engine=engine)
        if row["status"] != "ok":
            self.stopped[engine] = size
        return row

    def agreement(self, size: int, floor: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        """One row per size: do the engines derive as many facts as the floor? If not, which
        predicates differ from clingo's counts."""
        derived = {r.get("engine") or r["stage"]: r.get("derived") for r in [floor, *rows]}
        agrees = len(set(derived.values())) == 1
        reference = next((r for r in rows if r.get("engine") == "clingo"), None)
        diffs = {r["engine"]: _differences(reference, r) for r in rows
                 if reference and r is not reference and r.get("derived") != reference.get("derived")}
        self.emit({"stage": "agreement", "size": size, "status": "ok", "agrees": agrees,
                   "derived": derived, "load": _load(),
                   "note": None if agrees else f"counts differ; by predicate vs clingo: {diffs}"})


def _differences(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[int]]:
    ca, cb = a.get("counts") or {}, b.get("counts") or {}
    return {p: [ca.get(p, 0), cb.get(p, 0)] for p in sorted(set(ca) | set(cb)) if ca.get(p) != cb.get(p)}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"stage": "machine", "nproc": os.cpu_count(), "ram_gib": round(memory / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "load": _load(), "started": dt.datetime.now().isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> int:
    from reasoner.engines import available_engines

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events only")
    parser.add_argument("--sizes", help="comma-separated event counts (overrides the plan's)")
    parser.add_argument("--engines", help="comma-separated engines (default: all available)")
    parser.add_argument("--budget", type=float, help="seconds for the whole run (0: no limit)")
    parser.add_argument("--out", type=Path, help="where to write the rows (JSON lines)")
    args = parser.parse_args(argv)
    engines = args.engines.split(",") if args.engines else available_engines()
    plan = quick_plan(engines) if args.quick else full_plan(engines)
    if args.sizes:
        plan.sizes = [int(s) for s in args.sizes.split(",")]
    if args.budget is not None:
        plan.budget = args.budget
    out_path = args.out or ROOT / "bench" / "results" / (
        f"{dt.datetime.now():%Y%m%d-%H%M%S}-{'quick' if args.quick else 'full'}.jsonl")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w") as out:
        runner = Runner(plan, out)
        runner.emit(machine())
        try:
            runner.run()
        finally:
            shutil.rmtree(plan.workdir, ignore_errors=True)
    print(f"# rows written to {out_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
