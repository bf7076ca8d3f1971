"""``python -m reasoner.repl [--store S] [--engine NAME] [--rules PATH]... [--history FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reasoner.repl.prompt import run_repl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reasoner.repl",
                                     description="The rule console (see docs/repl.md).")
    parser.add_argument("--store", default=None,
                        help="'memory', a folder, or an http(s) SPARQL endpoint "
                             "(default: $REASONER_STORE or ./.reasoner/store)")
    parser.add_argument("--engine", default="clingo", help="rule engine (default: clingo)")
    parser.add_argument("--rules", action="append", default=None, metavar="PATH",
                        help="rule file or folder, repeatable (default: the shipped rules/)")
    parser.add_argument("--history", type=Path, default=None,
                        help="history file (default: $REASONER_HISTORY or ~/.local/share/reasoner/history)")
    parser.add_argument("--timeout", type=float, default=60.0, help="engine time limit in seconds")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help="publication date for console sentences")
    args = parser.parse_args(argv)
    return run_repl(args.store, engine=args.engine, rules=args.rules, history=args.history,
                    timeout=args.timeout, date=args.date)


if __name__ == "__main__":
    sys.exit(main())
