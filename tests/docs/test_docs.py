"""Docs that cannot drift: the generated CLI reference, and every command documented."""

from __future__ import annotations

from pathlib import Path

import click

from reasoner.cli import cli
from reasoner.clidoc import render

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == render(), \
        "docs/cli.md is stale: run `python -m reasoner.clidoc > docs/cli.md`"


def test_every_command_is_in_the_readme_tour() -> None:
    readme = (ROOT / "README.md").read_text()
    with click.Context(cli) as ctx:
        names = cli.list_commands(ctx)
    missing = [name for name in names if f"**{name}**" not in readme]
    assert not missing, f"commands missing from the README tour: {missing}"
