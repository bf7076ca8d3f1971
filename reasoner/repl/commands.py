"""The console's ``:commands``: one function each, and a read-only table naming them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Mapping

from reasoner.errors import InputError, Span, did_you_mean
from reasoner.repl.classify import split_command
from reasoner.repl.model import Reply, error, note, warning
from reasoner.rules import Program
from reasoner.rules.printer import print_program, print_rule

if TYPE_CHECKING:
    from reasoner.explain import Explanation, WhyNot
    from reasoner.repl.console import Console

EXPORT_SUFFIXES = MappingProxyType({".ttl": "turtle", ".turtle": "turtle", ".trig": "trig",
                                    ".nt": "nt", ".nq": "nquads", ".jsonld": "jsonld",
                                    ".json": "jsonld"})


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    run: Callable[["Console", str], Reply]


def run(console: "Console", text: str) -> Reply:
    """Run one ``:command`` line."""
    name, arg = split_command(text)
    command = COMMANDS.get(ALIASES.get(name, name))
    if command is None:
        guess = did_you_mean(name, list(COMMANDS) + list(ALIASES), cutoff=0.6)
        tip = f" (did you mean :{guess}?)" if guess else ""
        return Reply.of(error(f"unknown command :{name}{tip}; :help lists the commands"))
    return command.run(console, arg)


# -- help ------------------------------------------------------------------------------------
INPUT_HELP = """\
Type any of these; rules, queries and sentences end with '.', SPARQL ends with its closing '}'.
A blank line submits what is there. Ctrl-C cancels the input (or a long run), Ctrl-D leaves.

  Hungary offered to mediate between Ukraine and Russia.   a sentence: stored as console-N, re-inferred
  ally(X, Y) :- aligned(X, Y), X < Y.                     a rule for this session (or a fact: p(a).)
  ?- mediation_offer(M, ukraine, russia).                 a query: the answers as a table
  SELECT ?s WHERE { ?s a voc:State }                      SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE)
"""


def cmd_help(console: "Console", arg: str) -> Reply:
    if arg:
        name = arg.lstrip(":").lower()
        command = COMMANDS.get(ALIASES.get(name, name))
        if command is None:
            return Reply.of(error(f"no command :{name}"))
        return Reply.of(f"{command.usage}\n  {command.summary}")
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = [f"  {c.usage:<{width}}  {c.summary}" for c in COMMANDS.values()]
    return Reply.of(INPUT_HELP + "\nCommands:\n" + "\n".join(lines))


def cmd_quit(console: "Console", arg: str) -> Reply:
    return Reply(quit=True)


# -- explanations ----------------------------------------------------------------------------
def cmd_explain(console: "Console", arg: str) -> Reply:
    if not arg:
        return Reply.of(error("usage: :explain ATOM, e.g. :explain mediation_offer(hungary, ukraine, russia)"))
    from reasoner.explain import explain

    explanation = explain(console.kb, _atom_text(arg), engine=console.engine,
                          program=console.program(), timeout=console.timeout)
    return Reply.of(render_explanation(explanation, console.width))


def cmd_whynot(console: "Console", arg: str) -> Reply:
    if not arg:
        return Reply.of(error("usage: :whynot ATOM, e.g. :whynot aligned(ukraine, china)"))
    from reasoner.explain import why_not

    found = why_not(console.kb, _atom_text(arg), engine=console.engine,
                    program=console.program(), timeout=console.timeout)
    return Reply.of(render_explanation(found, console.width))


def _atom_text(arg: str) -> str:
    return arg.strip().removeprefix("?-").strip().rstrip(".").strip()


def render_explanation(item: "Explanation | WhyNot", width: int = 100) -> str:
    """The proof tree drawn by ``reasoner.explain.render``."""
    from reasoner.explain.render import render_tree

    return render_tree(item, width=width).rstrip("\n")


# -- rules -----------------------------------------------------------------------------------
def cmd_rules(console: "Console", arg: str) -> Reply:
    """Session rules with their numbers, then the loaded rules by file (``:rules PRED`` filters)."""
    wanted = arg.strip() or None
    prefixes = console.prefixes()
    session = [r for r in console.session if wanted in (None, r.rule.head.pred)]
    lines = [f"session rules ({len(session)}):"]
    lines += [f"  #{r.number:<3} {r.printed(prefixes)}" for r in session] or ["  (none)"]
    for label, program in console.loaded.items():
        rules = [r for r in program.rules if wanted in (None, r.head.pred)]
        if wanted and not rules:
            continue
        lines.append(f"loaded from {label} ({len(rules)}):")
        lines += [f"  {_where(r.span)}  {print_rule(r, prefixes)}" for r in rules]
    return Reply.of("\n".join(lines))


def _where(span: Span | None) -> str:
    if span is None:
        return ""
    source = Path(span.source)
    try:
        source = source.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{source.name}:{span.line}"


def cmd_retract(console: "Console", arg: str) -> Reply:
    if not arg:
        return console.retract_sentence()
    return console.retract_rule(arg)


def cmd_save(console: "Console", arg: str) -> Reply:
    if not arg:
        return Reply.of(error("usage: :save FILE (writes this session's rules)"))
    if not console.session:
        return Reply.of(warning("there are no session rules to save"))
    program = Program(rules=tuple(r.rule for r in console.session),
                      prefixes=tuple(console.session_prefixes.items()))
    header = "% Rules saved from the reasoner console.\n"
    path = _write(arg, header + print_program(program))
    count = len(console.session)
    return Reply.of(note(f"saved {count} session rule{'' if count == 1 else 's'} to {path}"))


def cmd_load(console: "Console", arg: str) -> Reply:
    if not arg:
        return Reply.of(error("usage: :load FILE (a .dl rule file, or a text or RDF document)"))
    path = Path(arg).expanduser()
    if not path.exists():
        raise InputError(f"{arg}: no such file or folder")
    if path.suffix == ".dl":
        return console.load_rules(path)
    return console.load_documents(path)


# -- settings and output ---------------------------------------------------------------------
def cmd_engine(console: "Console", arg: str) -> Reply:
    from reasoner.engines import available_engines, get_engine

    if not arg:
        return Reply.of(f"engine: {console.engine} (available: {', '.join(available_engines())})")
    get_engine(arg)  # raises EngineError, with a did-you-mean, for an unknown engine
    console.engine = arg
    return Reply.of(note(f"engine: {arg}"))


def cmd_date(console: "Console", arg: str) -> Reply:
    from reasoner.kb import parse_date

    if arg.lower() in ("none", "-"):
        console.date = None
    elif arg:
        console.date = parse_date(arg)
    shown = console.date.isoformat() if console.date else "none (relative dates stay unresolved)"
    return Reply.of(note(f"publication date of console sentences: {shown}"))


def cmd_export(console: "Console", arg: str) -> Reply:
    parts = arg.split()
    if not parts or len(parts) > 2:
        return Reply.of(error("usage: :export FILE [turtle|trig|nt|nquads|jsonld]"))
    path = Path(parts[0]).expanduser()
    fmt = parts[1] if len(parts) == 2 else EXPORT_SUFFIXES.get(path.suffix.lower(), "turtle")
    text = console.kb.export(format=fmt, graph="all")
    _write(str(path), text)
    return Reply.of(note(f"wrote {path} ({fmt}, {len(text.encode())} bytes, asserted and inferred graphs)"))


def _write(name: str, text: str) -> Path:
    path = Path(name).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    return path


COMMANDS: Mapping[str, Command] = MappingProxyType({c.name: c for c in (
    Command("help", ":help [COMMAND]", "this help, or one command's", cmd_help),
    Command("explain", ":explain ATOM", "why a conclusion holds: rules, bindings, sentences", cmd_explain),
    Command("whynot", ":whynot ATOM", "why a conclusion does not hold: the closest missing premise",
            cmd_whynot),
    Command("rules", ":rules [PRED]", "the session rules (numbered) and the loaded rules", cmd_rules),
    Command("retract", ":retract [N | RULE]", "drop session rule N (or by its text); "
            "without an argument, the last console sentence", cmd_retract),
    Command("load", ":load FILE", "load a .dl rule file, or ingest a text or RDF document", cmd_load),
    Command("save", ":save FILE", "write the session rules to a .dl file", cmd_save),
    Command("engine", ":engine [NAME]", "show or choose the rule engine", cmd_engine),
    Command("date", ":date [YYYY-MM-DD|none]", "publication date for console sentences", cmd_date),
    Command("export", ":export FILE [FORMAT]", "write every graph (format from the suffix: "
            ".ttl .trig .nt .nq .jsonld)", cmd_export),
    Command("quit", ":quit", "leave the console (or Ctrl-D)", cmd_quit),
)})
ALIASES: Mapping[str, str] = MappingProxyType({"q": "quit", "exit": "quit", "h": "help"})

__all__ = ["ALIASES", "COMMANDS", "Command", "run"]
