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

from bench.stages import COPIES, STAGES

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
    parsed_up_to: int  # the product's store stage parses the text up to this size, else direct
    store_articles_above: int  # above this size the store stage writes a sample of articles
    delta_sizes: list[int]
    limit: float  # seconds per stage (and per engine); 0 for none
    slow_limit: float  # for the engines that stop early (SLOW_ENGINES)
    open_stage: bool
    reader_sentences: int = 1_000  # news sentences the reader stage reads (each way)
    memory_gib: float = 16.0  # a stage using more (with its children) is stopped
    store_sample: int = 10_000  # articles written by the store stage above store_articles_above
    seed: int = 7
    named_engines: bool = False  # --engines given: no engine is held to SMALL_ENGINES
    stages: frozenset[str] | None = None  # --stages: run only these (and load, their input)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="reasoner-bench-")))


STAGE_NAMES = tuple(STAGES)
SLOW_ENGINES = ("pydatalog", "sparql")  # minutes at 10,000 events: a short limit saves the budget
# Engines run only up to a size unless --engines names them: spark's fixed cost (a JVM, a few
# tenths of a second per job on 2 cores) makes its large runs minutes spent learning little.
SMALL_ENGINES = {"spark": 100_000}
DELTA_ENGINES = ("clingo", "duckdb")  # pydatalog and sparql need minutes per full inference
DERIVE_ENGINE = "duckdb"  # the fastest engine on large inputs (see issue 10)


def quick_plan(engines: list[str]) -> Plan:
    # Under a minute on an idle 2-core machine: the slow engines get 5 s, the store stage
    # writes 300 articles at 10,000 events.
    return Plan([1_000, 10_000], engines, budget=0, parse_sample=500, parsed_up_to=0,
                store_articles_above=1_000, delta_sizes=[], limit=20, slow_limit=5,
                open_stage=False, store_sample=300, reader_sentences=100)


def full_plan(engines: list[str]) -> Plan:
    return Plan([1_000, 10_000, 100_000, 1_000_000], engines, budget=1200, parse_sample=5_000,
                parsed_up_to=1_000, store_articles_above=100_000, delta_sizes=[100_000],
                limit=900, slow_limit=60, open_stage=True)


class Runner:
    """Runs stage processes in order, writes their rows, keeps to the time budget."""

    def __init__(self, plan: Plan, out: TextIO) -> None:
        self.plan, self.out = plan, out
        self.started = time.perf_counter()
        self.stopped: dict[str, int] = {}  # engine -> size at which it hit its limit

    # -- one stage -------------------------------------------------------------------------
    def stage(self, stage: str, size: int, limit: float, **spec: Any) -> dict[str, Any]:
        if self.plan.stages is not None and stage not in self.plan.stages and stage != "load":
            return {"stage": stage, "status": "not selected"}  # no row: --stages left it out
        if self.plan.budget and self.elapsed() > self.plan.budget:
            return self.skip(stage, size, f"the {self.plan.budget:g} s budget is spent", spec.get("engine"))
        if self.plan.budget:  # no stage may run past the budget either
            limit = min(limit or self.plan.budget, self.plan.budget - self.elapsed())
        spec = {"stage": stage, "size": size, "seed": self.plan.seed,
                "workdir": str(self.plan.workdir), **spec}
        row = {"stage": stage, "size": size, "engine": spec.get("engine"), "load": _load()}
        outcome = watch([sys.executable, "-m", "bench.child", json.dumps(spec)],
                        {**os.environ, "BENCH_WORKDIR": str(self.plan.workdir)},
                        limit, self.plan.memory_gib * 1024)
        if outcome.status != "ok":
            return self.emit({**row, "status": outcome.status, "seconds": outcome.seconds,
                              "peak_rss_mib": outcome.peak_rss_mib, "note": outcome.note})
        return self.emit({**row, "status": "ok", "session_peak_rss_mib": outcome.peak_rss_mib,
                          **json.loads(outcome.stdout.strip().splitlines()[-1])})

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
            self.stage("open", 0, plan.limit)
        self.stage("reader", 0, plan.limit, max_sentences=plan.reader_sentences)
        previous: tuple[int, float] | None = None
        for size in plan.sizes:
            projected = previous[1] * size / previous[0] if previous else 0.0
            if plan.budget and self.elapsed() + projected > plan.budget:
                self.skip("all", size, f"projected {projected:.0f} s (linear from the previous "
                          f"size) does not fit the {plan.budget:g} s budget")
                continue
            begun = time.perf_counter()
            try:
                self.size(size)
            finally:
                shutil.rmtree(plan.workdir / COPIES, ignore_errors=True)
            previous = (size, time.perf_counter() - begun)

    def size(self, size: int) -> None:
        plan = self.plan
        self.stage("parse", size, plan.limit,
                   max_sentences=plan.parse_sample if size * 1.2 > plan.parse_sample else None)
        # The built store is every later stage's input: no limit but the budget's.
        if self.stage("load", size, 0)["status"] != "ok":
            return
        self.stage("store", size, plan.limit, path="parsed" if size <= plan.parsed_up_to else "direct",
                   max_articles=plan.store_sample if size > plan.store_articles_above else None)
        self.stage("table", size, plan.limit)  # the same number of rows of a coded event table
        floor = self.stage("floor", size, plan.limit)
        results = [self.infer(engine, size) for engine in plan.engines]
        done = [r for r in results if r.get("status") == "ok"]
        self.agreement(size, floor, done)
        if not done:  # the query reads derived facts: make them the fast way (twice the limit:
            # the query row depends on it)
            done = [self.stage("derive", size, 2 * plan.limit, engine=DERIVE_ENGINE)]
        if done[0]["status"] == "ok":
            self.stage("query", size, plan.limit, store=done[0]["store"])
        else:
            self.skip("query", size, "no inferred graph: neither infer nor derive finished")
        if size in plan.delta_sizes:
            for engine in (e for e in plan.engines if e in DELTA_ENGINES):
                self.stage("delta", size, plan.limit, engine=engine,
                           profile_to=str(plan.workdir / f"delta-{engine}-{size}.pstats"))

    def infer(self, engine: str, size: int) -> dict[str, Any]:
        if engine in self.stopped:
            return self.skip("infer", size, f"{engine} stopped at {self.stopped[engine]} events", engine)
        if size > SMALL_ENGINES.get(engine, size) and not self.plan.named_engines:
            return self.skip("infer", size, f"{engine} runs up to {SMALL_ENGINES[engine]:,} events "
                             "unless --engines names it", engine)
        limit = self.plan.slow_limit if engine in SLOW_ENGINES else self.plan.limit
        row = self.stage("infer", size, limit, engine=engine)
        if row["status"] != "ok":
            self.stopped[engine] = size
        return row

    def agreement(self, size: int, floor: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        """One row per size: do the engines derive as many facts as the floor? If not, which
        predicates differ from clingo's counts."""
        finished = [r for r in [floor, *rows] if r.get("status") == "ok"]
        derived = {r.get("engine") or r["stage"]: r.get("derived") for r in finished}
        if len(derived) < 2:
            self.emit({"stage": "agreement", "size": size, "status": "skipped", "derived": derived,
                       "load": _load(), "note": "fewer than two results finished: nothing to compare"})
            return
        agrees = len(set(derived.values())) == 1
        reference = next((r for r in rows if r.get("engine") == "clingo"), None)
        diffs = {r["engine"]: _differences(reference, r) for r in rows
                 if reference and r is not reference and r.get("derived") != reference.get("derived")}
        self.emit({"stage": "agreement", "size": size, "status": "ok", "agrees": agrees,
                   "derived": derived, "load": _load(),
                   "note": None if agrees else f"counts differ; by predicate vs clingo: {diffs}"})


@dataclass
class Outcome:
    status: str  # ok, timeout, memory, error
    stdout: str = ""
    seconds: float | None = None
    peak_rss_mib: float | None = None
    note: str | None = None


def watch(command: list[str], env: dict[str, str], limit: float, memory_mib: float) -> Outcome:
    """Run a stage process in its own session; stop it (and any worker it started) at the
    time limit or when the session's resident memory passes ``memory_mib`` (the machine is
    shared: a stage must never push others into swap)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, text=True,
                                   start_new_session=True)
        started, peak = time.perf_counter(), 0.0
        while process.poll() is None:
            elapsed = time.perf_counter() - started
            peak = max(peak, session_rss_mib(process.pid))
            stop = ("timeout", f"stopped at the {limit:g} s limit") if limit and elapsed > limit else \
                ("memory", f"stopped at {peak:,.0f} MiB resident, over the {memory_mib:,.0f} MiB limit "
                           f"after {elapsed:.0f} s") if peak > memory_mib else None
            if stop:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                err.seek(0)
                where = _last_phase(err.read())
                return Outcome(stop[0], seconds=round(elapsed, 1), peak_rss_mib=round(peak),
                               note=stop[1] + (f", while {where}" if where else ""))
            time.sleep(0.5)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            last = (err.read().strip().splitlines() or ["no output"])[-1]
            return Outcome("error", peak_rss_mib=round(peak), note=last[:300])
        return Outcome("ok", stdout=out.read(), peak_rss_mib=round(peak))


def _last_phase(stderr: str) -> str | None:
    """The last ``# phase: ...`` line a stage wrote (bench.stages.phase)."""
    phases = [line[len("# phase: "):] for line in stderr.splitlines() if line.startswith("# phase: ")]
    return phases[-1] if phases else None


def session_rss_mib(session: int) -> float:
    """Resident memory of every process in a session (a stage and the workers it started)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[3]) == session:  # fields after the name: state ppid pgrp session ...
            total += int(fields[21])  # rss, in pages
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


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
            "load": _load(), "started": dt.datetime.now().isoformat(timespec="seconds"), **_code()}


def _code() -> dict[str, Any]:
    """The commit measured, and the product files changed on top of it (engineers share the
    working tree, so a run may measure work in progress)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted": git("status", "--porcelain", "--untracked-files=no", "--", "reasoner").splitlines()}


def main(argv: list[str] | None = None) -> int:
    from reasoner.engines import available_engines

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events only")
    parser.add_argument("--sizes", help="comma-separated event counts (overrides the plan's)")
    parser.add_argument("--engines", help="comma-separated engines (default: all available)")
    parser.add_argument("--budget", type=float, help="seconds for the whole run (0: no limit)")
    parser.add_argument("--limit", type=float, help="seconds per stage and engine (0: no limit)")
    parser.add_argument("--memory-gib", type=float, help="stop a stage using more memory (default 16)")
    parser.add_argument("--workdir", type=Path, help="keep built stores here and reuse them in "
                        "later runs (default: a temporary folder, removed at the end)")
    parser.add_argument("--out", type=Path, help="where to write the rows (JSON lines)")
    parser.add_argument("--stages", help="comma-separated stages to run, e.g. infer,delta (the "
                        f"store they read is built anyway; stages: {', '.join(STAGE_NAMES)})")
    args = parser.parse_args(argv)
    if args.stages:
        unknown = sorted(set(args.stages.split(",")) - set(STAGE_NAMES))
        if unknown:
            parser.error(f"unknown stage {', '.join(unknown)}; stages: {', '.join(STAGE_NAMES)}")
    engines = args.engines.split(",") if args.engines else available_engines()
    plan = quick_plan(engines) if args.quick else full_plan(engines)
    plan.named_engines = bool(args.engines)
    if args.sizes:
        plan.sizes = [int(s) for s in args.sizes.split(",")]
    if args.budget is not None:
        plan.budget = args.budget
    if args.limit is not None:
        plan.limit = args.limit
    if args.stages:
        plan.stages = frozenset(args.stages.split(","))
        plan.open_stage = plan.open_stage and "open" in plan.stages
    if args.memory_gib is not None:
        plan.memory_gib = args.memory_gib
    if args.workdir is not None:
        shutil.rmtree(plan.workdir, ignore_errors=True)  # the temporary one the plan made
        plan.workdir = args.workdir.resolve()
        plan.workdir.mkdir(parents=True, exist_ok=True)
    out_path = args.out or ROOT / "bench" / "results" / (
        f"{dt.datetime.now():%Y%m%d-%H%M%S}-{'quick' if args.quick else 'full'}.jsonl")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w") as out:
        runner = Runner(plan, out)
        runner.emit(machine())
        try:
            runner.run()
        finally:
            if args.workdir is None:
                shutil.rmtree(plan.workdir, ignore_errors=True)
    print(f"# rows written to {out_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
