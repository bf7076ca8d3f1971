"""Generate docs/cli.md from the commands' own help, so the reference never drifts.

    python -m reasoner.clidoc > docs/cli.md
"""

from __future__ import annotations

import click

from reasoner.cli import cli


def command_help(name: str | None) -> str:
    args = [name, "--help"] if name else ["--help"]
    with click.Context(cli, info_name="reasoner", terminal_width=100, max_content_width=100,
                       help_option_names=["-h", "--help"]) as root:
        if name is None:
            return cli.get_help(root)
        command = cli.get_command(root, name)
        assert command is not None
        with click.Context(command, info_name=name, parent=root, terminal_width=100,
                           max_content_width=100) as sub:
            return command.get_help(sub)


def render() -> str:
    parts = ["# Command-line reference", "",
             "Generated from the commands' own `--help` by `python -m reasoner.clidoc`; "
             "a test fails if it drifts.", "", "```", command_help(None), "```", ""]
    with click.Context(cli, info_name="reasoner") as root:
        names = cli.list_commands(root)
    for name in names:
        parts += [f"## reasoner {name}", "", "```", command_help(name), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
