"""Micro-benchmark of the CNL front end (not a test: no timing is ever asserted).

    .venv/bin/python -m tests.cnl.bench_parse                 # CPU sentences/s, seed and generated
    .venv/bin/python -m tests.cnl.bench_parse --profile seed  # cProfile of the seed runs
    .venv/bin/python -m tests.cnl.bench_parse --dump out.txt  # every parse result, to diff versions

Seed: the seed article parsed as one document, several times over. Generated: the benchmark's
synthetic articles (``bench/corpus.py``), one document per article, against a lexicon that knows
the synthetic world, as ``python -m bench.run`` does.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path
from typing import Callable, Iterable

from reasoner.cnl import Lexicon, parse_document
from reasoner.cnl.document import parse_definitions
from reasoner.cnl.statements import Document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-04-russia-china-united-front.txt"


def seed_runs(lexicon: Lexicon, repeat: int) -> Callable[[], Iterable[Document]]:
    text = SEED.read_text(encoding="utf-8")
    return lambda: [parse_document(text, lexicon=lexicon, doc_id=SEED.stem) for _ in range(repeat)]


def generated_runs(events: int) -> tuple[Lexicon, Callable[[], Iterable[Document]]]:
    from bench.corpus import articles
    from bench.world import definitions, make_world

    world = make_world(7)
    lexicon = Lexicon.default()
    lexicon.extend(parse_definitions("\n".join(definitions(world)), source="bench-world"))
    corpus = list(articles(world, events, 7))
    return lexicon, lambda: [parse_document(a.text, lexicon=lexicon, doc_id=a.doc_id) for a in corpus]


def timed(name: str, run: Callable[[], Iterable[Document]], rounds: int) -> list[Document]:
    """Run ``rounds`` times; print the median and best CPU rates (a busy machine slows some rounds)."""
    rates: list[float] = []
    docs: list[Document] = []
    for _ in range(rounds):
        started = time.process_time()
        docs = list(run())
        seconds = time.process_time() - started
        count = sum(len(d.sentences) for d in docs)
        rates.append(count / seconds)
    rates.sort()
    print(f"{name:10} {count:6} sentences x {rounds}: median {rates[len(rates) // 2]:8.1f}, "
          f"best {rates[-1]:8.1f} sentences/s (CPU)")
    return docs


def dump(docs: Iterable[Document]) -> str:
    """Everything a parse yields, one sentence a block, for diffing two versions."""
    lines: list[str] = []
    for doc in docs:
        for s in doc.sentences:
            lines.append(f"## {doc.doc_id} {s.number} {s.text}")
            lines += [f"E {e!r}" for e in s.events] + [f"F {f!r}" for f in s.facts]
            lines += [f"D {d.render()}" for d in s.diagnostics]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10, help="seed article parses")
    ap.add_argument("--events", type=int, default=3000, help="generated events")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", choices=("seed", "generated"))
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args()
    lexicon = Lexicon.default()
    seed = seed_runs(lexicon, args.repeat)
    world_lexicon, generated = generated_runs(args.events)
    if args.profile:
        run = seed if args.profile == "seed" else generated
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(lambda: list(run()))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    seed_docs = timed("seed", seed, args.rounds)
    generated_docs = timed("generated", generated, args.rounds)
    if args.dump:
        args.dump.write_text(dump(seed_docs[:1] + generated_docs), encoding="utf-8")


if __name__ == "__main__":
    main()
