"""Measure the duckdb engine against clingo on synthetic news facts (a script, never a test).

    python -m bench.duckdb_micro [--sizes 1000,10000,100000,1000000]
                                            [--engines clingo,duckdb] [--repeat 3]

A seeded generator writes about ``size`` base facts in the shape the shipped rules read:
200 states, 1,000 leaders and ministers, a few alliances, and events (``event_type``,
``actor``, ``target``, ``condition``) whose types follow a news-like mix: mostly meetings,
calls and visits, some accusations, threats and deals, few troop build-ups and mediation
offers, between states drawn with a skew toward the big ones. Each (engine, size) runs in
its own process, so peak RSS is that run's alone; inference time is ``Engine.evaluate``
(values in, model out), the median of ``--repeat`` runs. One JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from reasoner.rules import Iri, Symbol, ast

STATES = 200
LEADERS = 1000
EVENT_TYPES = {  # type -> weight (per mille)
    "meeting": 260, "call": 180, "visit": 90, "planned_visit": 30, "host": 40,
    "support": 60, "opposition": 50, "accusation": 80, "sanction_threat": 30,
    "sanction_imposed": 10, "troop_buildup": 5, "deployment": 10, "joint_statement": 30,
    "agreement": 30, "appeal": 10, "mediation_offer": 5, "demand": 30, "other": 50,
}
HOTSPOTS = 12  # troop build-ups and mediation offers concern a few pairs of states
EVENT_IRI = "http://example.org/event/"


def synthetic_facts(size: int, seed: int = 7) -> dict[str, set[tuple[ast.Value, ...]]]:
    """About ``size`` base facts, news-like, reproducible for a seed."""
    rng = random.Random(seed)
    facts: dict[str, set[tuple[ast.Value, ...]]] = {}
    people = max(STATES // 4, min(LEADERS, size // 20))
    for pred, row in _background(rng, people):
        facts.setdefault(pred, set()).add(row)
    count = sum(len(rows) for rows in facts.values())
    events = _events(rng, people)
    while count < size:
        for pred, row in next(events):
            rows = facts.setdefault(pred, set())
            if row not in rows:
                rows.add(row)
                count += 1
    return facts


def _background(rng: random.Random, people: int
                ) -> Iterator[tuple[str, tuple[ast.Value, ...]]]:
    for i in range(STATES):
        yield "state", (Symbol(f"state{i}"),)
    for org in ("nato", "european_union", "united_nations", "african_union"):
        yield "organisation", (Symbol(org),)
    for i in range(STATES):
        for org, share in (("nato", 0.15), ("european_union", 0.12), ("united_nations", 0.95),
                           ("african_union", 0.25)):
            if rng.random() < share:
                yield "member_of", (Symbol(f"state{i}"), Symbol(org))
    for i in range(people):
        person, state = Symbol(f"person{i}"), Symbol(f"state{i % STATES}")
        yield "person", (person,)
        yield "country", (person, state)
        if i < STATES // 4 or (i < STATES and people >= STATES):
            yield "leader_of", (person, state)


def _party(rng: random.Random, people: int) -> Symbol:
    """A state (skewed toward low numbers) or one of the people."""
    state = min(int(rng.paretovariate(0.6)) - 1, STATES - 1)
    if rng.random() < 0.5:
        return Symbol(f"person{rng.randrange(people)}")
    return Symbol(f"state{state}")


def _events(rng: random.Random, people: int) -> Iterator[list[tuple[str, tuple[ast.Value, ...]]]]:
    types = list(EVENT_TYPES)
    weights = list(EVENT_TYPES.values())
    hotspots = [(Symbol(f"state{rng.randrange(40)}"), Symbol(f"state{rng.randrange(40)}"))
                for _ in range(HOTSPOTS)]
    n = 0
    while True:
        n += 1
        event = Iri(f"{EVENT_IRI}{n}")
        kind = rng.choices(types, weights)[0]
        rows: list[tuple[str, tuple[ast.Value, ...]]] = [("event_type", (event, Symbol(kind)))]
        if kind in ("troop_buildup", "mediation_offer"):
            a, b = rng.choice(hotspots)
            actors = [a] if kind == "troop_buildup" else [_party(rng, people)]
            targets = [b] if kind == "troop_buildup" else [a, b]
        else:
            actors = [_party(rng, people) for _ in range(1 + (rng.random() < 0.2))]
            targets = [_party(rng, people)]
        rows += [("actor", (event, a)) for a in actors]
        rows += [("target", (event, t)) for t in targets]
        if kind == "sanction_threat" and rng.random() < 0.6:
            rows.append(("condition", (event, f"if it crosses line {rng.randrange(5)}")))
        yield rows


def measure(engine: str, size: int, repeat: int) -> dict[str, object]:
    """One engine on one size, in this process."""
    from reasoner.engines import get_engine
    from reasoner.inference import load_rules

    program = load_rules()
    facts = synthetic_facts(size)
    runner = get_engine(engine)  # imports the engine's library outside the timing
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    derived = 0
    for _ in range(repeat):
        started = time.perf_counter()
        model = runner.evaluate(program, facts)
        times.append(time.perf_counter() - started)
        heads = {r.head.pred for r in program.rules}
        derived = sum(len(model[p] - frozenset(facts.get(p, ()))) for p in heads)
        del model
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"engine": engine, "base_facts": sum(len(r) for r in facts.values()),
            "derived_facts": derived, "seconds": round(statistics.median(times), 3),
            "runs": [round(t, 3) for t in times], "peak_rss_mb": round(peak / 1024),
            "rss_before_mb": round(base_rss / 1024)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--engines", default="clingo,duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.repeat)))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in args.engines.split(","):
            out = subprocess.run([sys.executable, "-m", "bench.duckdb_micro",
                                  "--one", engine, str(size), "--repeat", str(args.repeat)],
                                 capture_output=True, text=True, check=False)
            line = out.stdout.strip() or json.dumps(
                {"engine": engine, "size": size, "error": out.stderr.strip()[-300:]})
            print(line, flush=True)


if __name__ == "__main__":
    main()
