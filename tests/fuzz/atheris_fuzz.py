"""Coverage-guided fuzzing with atheris (libFuzzer), for the parsers where coverage guidance pays:
the rule language, rule queries and the endpoint's SPARQL guard (grammar-heavy code whose
branches random text rarely reaches). Optional: ``pip install atheris==2.3.0``.

    python tests/fuzz/atheris_fuzz.py rules -runs=100000
    python tests/fuzz/atheris_fuzz.py sparql_guard -max_total_time=300 CORPUS_DIR

Starts from the same seeds as the hypothesis campaign (written to a temporary corpus folder
unless folders are given). A crash (anything but a result or a clear ReasonerError) stops the
run and libFuzzer writes the input to ``crash-*``; ``-runs`` inputs without one exit 0.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import atheris  # noqa: E402

# Instrument the parsers (ours, lark, rdflib's SPARQL front end and the pyparsing under it) as
# they are first imported; instrumenting everything loaded takes minutes and trips on some
# Python 3.11 bytecode.
with atheris.instrument_imports(include=["reasoner", "lark", "rdflib.plugins.sparql", "pyparsing"]):
    import rdflib.plugins.sparql.algebra  # noqa: F401
    import rdflib.plugins.sparql.parser  # noqa: F401

    import reasoner.cnl  # noqa: F401
    import reasoner.rules  # noqa: F401
    import reasoner.serve.guard  # noqa: F401

from tests.fuzz import inputs  # noqa: E402
from tests.fuzz.targets import BY_NAME, no_network  # noqa: E402

SEEDS = {
    "rules": inputs.rule_texts,
    "rule_query": lambda: inputs.RULE_QUERIES,
    "sparql_guard": lambda: inputs.QUERIES + inputs.HOSTILE_QUERIES,
    "store_query": lambda: inputs.QUERIES,
    "cnl_sentence": inputs.sentences,
}


def corpus(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix=f"reasoner-atheris-{name}-"))
    for n, seed in enumerate(SEEDS[name]()):
        (folder / f"seed-{n}").write_bytes(seed.encode("utf-8", "surrogatepass"))
    return str(folder)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in SEEDS:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(SEEDS)}}} [libFuzzer options] [corpus folders]")
    name, options = argv[1], argv[2:]
    target = BY_NAME[name]

    def one(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        target.run(text)  # Crash propagates: libFuzzer reports it and saves the input

    folders = [o for o in options if not o.startswith("-")] or [corpus(name)]
    flags = [o for o in options if o.startswith("-")]
    with no_network():
        atheris.Setup([argv[0], *flags, *folders], one)
        atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
