"""The fuzz campaign behind ``make fuzz``: hypothesis drives every parser with many inputs.

    python -m tests.fuzz.run                      # 100,000 inputs per target, all targets
    python -m tests.fuzz.run --count 2000 --target rules --target sparql_guard

Each target's inputs are split into chunks run in parallel worker processes, each chunk a
hypothesis run with its own seed (generation only: crashes are recorded, not raised, so one
crash does not end the campaign). Every input is timed; one past ``--time-limit`` is a hang.
Each distinct crash (exception type and place) is then minimised by delta debugging. The report
is one line per target (inputs, results, clear errors, crashes, hangs, rate, slowest input)
and the minimised inputs; the exit status is 1 if anything crashed or hung.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.fuzz.targets import BY_NAME, TARGETS, Crash, Hang, Target, no_network  # noqa: E402

CHUNK = 5_000  # inputs per hypothesis run (and per worker task)


@dataclass
class Tally:
    """What one target's inputs gave."""

    target: str
    parser: str
    inputs: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_size: int = 0
    crashes: dict[str, list[Any]] = field(default_factory=dict)  # key -> [count, input, detail]
    hangs: list[Any] = field(default_factory=list)  # [seconds, input prefix, size]

    def merge(self, other: "Tally") -> None:
        self.inputs += other.inputs
        self.ok += other.ok
        self.errors += other.errors
        self.seconds += other.seconds
        if other.slowest > self.slowest:
            self.slowest, self.slowest_size = other.slowest, other.slowest_size
        for key, (count, data, detail) in other.crashes.items():
            mine = self.crashes.setdefault(key, [0, data, detail])
            mine[0] += count
        self.hangs += other.hangs


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def timed(target: Target, data: Any, limit: float) -> tuple[str, float]:
    """The outcome of one input and its time; raises Hang past ``limit`` seconds plus the
    target's allowance per character (slow but linear is no hang: 1 MB may take 50 s more)."""
    limit += target.per_char * _size(data)
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    # Repeat every half second past the limit: a signal that lands in a callback whose
    # exceptions are swallowed (the garbage collector's) must not let the input run on.
    signal.setitimer(signal.ITIMER_REAL, limit, 0.5)
    try:
        result = target.run(data)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return result, time.perf_counter() - started


def run_chunk(name: str, count: int, chunk_seed: int, limit: float) -> Tally:
    """One hypothesis run of ``count`` inputs against one target (in a worker process)."""
    target = BY_NAME[name]
    tally = Tally(name, target.parser)

    @seed(chunk_seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(target.strategy())
    def drive(data: Any) -> None:
        record(tally, target, data, limit)

    logging.disable(logging.WARNING)
    with no_network():
        drive()
    return tally


def run_edges(name: str, limit: float) -> Tally:
    """The target's pathological inputs (1 MB lines, deep nesting), once each."""
    target = BY_NAME[name]
    tally = Tally(name, target.parser)
    logging.disable(logging.WARNING)
    with no_network():
        for data in target.edges():
            record(tally, target, data, limit)
    return tally


def record(tally: Tally, target: Target, data: Any, limit: float) -> None:
    tally.inputs += 1
    started = time.perf_counter()
    try:
        result, took = timed(target, data, limit)
    except Hang:
        took = time.perf_counter() - started
        tally.hangs.append([round(took, 1), _preview(data), _size(data)])
        result = "hang"
    except Crash as crash:
        took = time.perf_counter() - started
        entry = tally.crashes.setdefault(crash.key, [0, data, crash.detail])
        entry[0] += 1
        if _size(data) < _size(entry[1]):
            entry[1] = data  # keep the smallest witness
        result = "crash"
    tally.seconds += took
    if took > tally.slowest:
        tally.slowest, tally.slowest_size = took, _size(data)
    tally.ok += result == "ok"
    tally.errors += result == "error"


# -- minimising ---------------------------------------------------------------------------------
def minimise(target: Target, data: Any, key: str, budget: float = 60.0) -> Any:
    """A smaller input that still crashes the same way (delta debugging on characters/bytes)."""
    suffix, body = data if isinstance(data, tuple) else (None, data)

    def still(candidate: Any) -> bool:
        try:
            timed(target, (suffix, candidate) if suffix is not None else candidate, 10.0)
        except Crash as crash:
            return crash.key == key
        except Hang:
            return False
        return False

    deadline = time.monotonic() + budget
    size = max(1, len(body) // 2)
    while size >= 1 and time.monotonic() < deadline:
        shrunk = False
        start = 0
        while start < len(body) and time.monotonic() < deadline:
            candidate = body[:start] + body[start + size:]
            if still(candidate):
                body, shrunk = candidate, True
            else:
                start += size
        if not shrunk:
            size //= 2
    return (suffix, body) if suffix is not None else body


# -- the campaign ---------------------------------------------------------------------------------
def chunks(count: int) -> Iterator[int]:
    while count > 0:
        yield min(CHUNK, count)
        count -= CHUNK


def campaign(names: list[str], count: int, base_seed: int, jobs: int, limit: float) -> list[Tally]:
    tallies = {name: Tally(name, BY_NAME[name].parser) for name in names}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [(name, pool.submit(run_edges, name, limit)) for name in names]
        futures += [(name, pool.submit(run_chunk, name, size, base_seed * 1_000_003 + i * 7919 + n, limit))
                    for n, name in enumerate(names) for i, size in enumerate(chunks(count))]
        for name, future in futures:
            tallies[name].merge(future.result())
    return [tallies[name] for name in names]


def report(tallies: list[Tally], minimised: dict[tuple[str, str], Any], wall: float) -> str:
    lines = [f"{'target':<14} {'parser':<20} {'inputs':>8} {'results':>8} {'errors':>8} "
             f"{'crashes':>8} {'hangs':>6} {'inputs/s':>9} {'slowest':>14}"]
    for t in tallies:
        rate = t.inputs / t.seconds if t.seconds else 0.0
        lines.append(f"{t.target:<14} {t.parser:<20} {t.inputs:>8} {t.ok:>8} {t.errors:>8} "
                     f"{sum(c[0] for c in t.crashes.values()):>8} {len(t.hangs):>6} {rate:>9.0f} "
                     f"{t.slowest:>6.2f}s {t.slowest_size:>6}ch")
    per_parser: dict[str, int] = {}
    for t in tallies:
        per_parser[t.parser] = per_parser.get(t.parser, 0) + t.inputs
    lines.append("per parser: " + ", ".join(f"{p} {n}" for p, n in per_parser.items())
                 + f"; {sum(per_parser.values())} inputs in {wall:.0f} s")
    for t in tallies:
        for key, (count, data, detail) in t.crashes.items():
            small = minimised.get((t.target, key), data)
            lines.append(f"CRASH {t.target}: {key} ({count}x): {detail[:200]}")
            lines.append(f"  minimised input ({_size(small)} chars): {_preview(small, 400)}")
        for took, preview, size in t.hangs[:5]:
            lines.append(f"HANG {t.target}: {took}s on an input of {size} chars: {preview}")
    return "\n".join(lines)


def _size(data: Any) -> int:
    return len(data[1]) if isinstance(data, tuple) else len(data)


def _preview(data: Any, limit: int = 160) -> str:
    text = repr(data)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars in all)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000,
                        help="generated inputs per target (the edge cases come on top)")
    parser.add_argument("--target", action="append", choices=[t.name for t in TARGETS],
                        help="a target to fuzz (repeatable; default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--json", type=Path, help="also write the tallies here")
    args = parser.parse_args(argv)
    names = args.target or [t.name for t in TARGETS]
    logging.disable(logging.WARNING)  # rdflib logs every odd IRI it parses
    started = time.monotonic()
    tallies = campaign(names, args.count, args.seed, args.jobs, args.time_limit)
    minimised = {}
    with no_network():
        for t in tallies:
            for key, (_, data, _) in t.crashes.items():
                minimised[(t.target, key)] = minimise(BY_NAME[t.target], data, key)
    print(report(tallies, minimised, time.monotonic() - started))
    if args.json:
        args.json.write_text(json.dumps([asdict(t) for t in tallies], default=repr, indent=1))
    return 1 if any(t.crashes or t.hangs for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
