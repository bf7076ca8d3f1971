"""The ``reasoner`` command line: option parsing, one library call, formatting. Nothing else.

Every :class:`ReasonerError` is printed as one clear line (plus a caret line where there is a
source position) with exit status 1; never a traceback for a user error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from reasoner.errors import Diagnostic, InputError, ReasonerError

if TYPE_CHECKING:
    from reasoner.kb import KnowledgeBase

STORE_HELP = ("Store: a folder (embedded Oxigraph, created if missing), 'memory', or an http(s) "
              "SPARQL endpoint. Default: $REASONER_STORE or ./.reasoner/store.")


class Context:
    """What the group options decided, passed to every command."""

    def __init__(self, store: str | None) -> None:
        self.store = store

    def open(self, store: str | None = None) -> "KnowledgeBase":
        from reasoner.kb import open as open_kb

        return open_kb(store or self.store or os.environ.get("REASONER_STORE") or None)


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--store", "store", default=None, metavar="STORE", help=STORE_HELP)(func)


def date_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
                        help="Publication date (overrides the document header); relative dates resolve against it.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", default=None, metavar="STORE", help=STORE_HELP)
@click.version_option(package_name="reasoner", prog_name="reasoner")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """A rules-based reasoner over news about international diplomacy.

    Controlled-English sentences become RDF; Datalog rules infer what the text implies; every
    fact traces back to the sentence that supports it.
    """
    ctx.obj = Context(store)


def echo_err(text: str) -> None:
    click.echo(text, err=True)


def no_infer_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--no-infer", "no_infer", is_flag=True,
                        help="Leave the conclusions as they are (bulk loads: run `reasoner infer` "
                             "after the last one); readers then warn that they are out of date.")(func)


# -- ingest / extract ----------------------------------------------------------------------
@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@store_option
@date_option
@click.option("--strict", is_flag=True, help="Fail, storing nothing, if any sentence is not understood.")
@click.option("--quiet", "-q", is_flag=True, help="Only the coverage lines, not each sentence not understood.")
@click.option("--format", "table_format", type=click.Choice(["auto", "gdelt", "icews", "csv"]),
              default="auto", show_default=True,
              help="Read every file as a coded event table of this layout: GDELT 2.0 export, ICEWS, "
                   "or CSV (this product's events table, or your own with --map). With auto, "
                   ".csv/.tsv/.tab files are tables whose layout is recognised from the first line.")
@click.option("--map", "column_map", multiple=True, metavar="FIELD=COLUMN",
              help="Read an event field from a column of your own table (repeatable): "
                   "--map actor=Who --map target=Whom --map code=Code --map date=Day.")
@no_infer_option
@click.pass_obj
def ingest(obj: Context, files: tuple[str, ...], store: str | None, date: str | None,
           strict: bool, quiet: bool, table_format: str, column_map: tuple[str, ...],
           no_infer: bool) -> None:
    """Parse text documents (and load RDF files and coded event tables) into the store, one
    named graph per document, and bring the conclusions (the `inferred` graph) up to date in
    the same write.

    FILES are .txt/.cnl documents, RDF files (.ttl .trig .nt .nq .jsonld), event tables
    (.csv .tsv .tab, GDELT's *.export.CSV) or folders of them.
    """
    from reasoner.progress import Progress

    mapping = _column_map(column_map)
    with obj.open(store) as kb, Progress("ingesting") as progress:
        reports = kb.ingest_files(files, date=date, strict=strict, progress=progress.step,
                                  infer=not no_infer, column_map=mapping,
                                  table_format=None if table_format == "auto" else table_format)
        upkeep = kb.last_upkeep
    for report in reports:
        if not quiet:
            for line in report.shown_diagnostics():
                echo_err(line)
        click.echo(report.coverage_line)
    _upkeep_lines(upkeep)


def _column_map(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("actor=Who", ...)`` -> ``{"actor": "Who"}``, refusing a pair without ``=``."""
    found = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(Diagnostic("bad-map", f"--map {pair!r}: expected FIELD=COLUMN, "
                                                   "e.g. --map actor=Who"))
        found[field.strip()] = column.strip()
    return found


@cli.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOC_ID...")
@store_option
@no_infer_option
@click.pass_obj
def retract(obj: Context, documents: tuple[str, ...], store: str | None, no_infer: bool) -> None:
    """Remove documents (by id, as `ingest` named them: the file name without its suffix) and
    the conclusions that followed only from them, in one write."""
    with obj.open(store) as kb:
        kb.retract(documents, infer=not no_infer)
        upkeep = kb.last_upkeep
    click.echo(f"retracted {', '.join(documents)}")
    _upkeep_lines(upkeep)


def _upkeep_lines(upkeep: Any) -> None:
    if upkeep is not None:
        for warning in upkeep.warnings:
            echo_err(warning.render())
        click.echo(upkeep.summary)


def warn_if_stale(kb: "KnowledgeBase") -> None:
    """One line on standard error when the conclusions a reader is about to show are stale."""
    warning = kb.staleness()
    if warning:
        echo_err(warning)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="table",
              show_default=True, help="Output format: one JSON object per event, CSV, or a table.")
@date_option
@click.option("--quiet", "-q", is_flag=True, help="Do not report sentences that were not understood.")
def extract(files: tuple[str, ...], fmt: str, date: str | None, quiet: bool) -> None:
    """Print the events found in text documents (and event tables). Needs no store; stores
    nothing. The CSV is the events table `ingest --format csv` reads back."""
    from reasoner.tables.records import document_records, format_records
    from reasoner.kb import open as open_kb

    knowledge = open_kb("memory")
    documents = knowledge.extract_files(files, date=date)
    for doc in documents:
        if not quiet:
            for sentence in doc.sentences:
                for diagnostic in sentence.diagnostics:
                    echo_err(diagnostic.render())
            echo_err(f"{doc.doc_id}: {doc.understood_count} of {len(doc.sentences)} sentences understood")
    click.echo(format_records([r for doc in documents for r in document_records(doc)], fmt), nl=False)


@cli.command("eval")
@click.argument("gold_dir", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the totals as one JSON object.")
@click.option("--examples", default=50, show_default=True, type=int,
              help="At most this many missed and spurious events listed.")
def evaluate(gold_dir: str, as_json: bool, examples: int) -> None:
    """Score extraction against hand-annotated gold files (NAME.txt + NAME.gold.jsonl):
    precision and recall per event type, confusions, missed and spurious events."""
    import json

    from reasoner.evaluate import evaluate as run_eval
    from reasoner.evaluate import render

    report = run_eval(Path(gold_dir))
    click.echo(json.dumps(report.summary()) if as_json else render(report, examples=examples))


# -- query / export ------------------------------------------------------------------------
@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]), default="table",
              show_default=True)
@store_option
@click.pass_obj
def query(obj: Context, sparql: str | None, query_file: str | None, fmt: str, store: str | None) -> None:
    """Run a SPARQL query over every graph (asserted, background and inferred).

    The project prefixes (ent:, voc:, concept:, event:, doc:, prov:, ...) are predefined.
    """
    from reasoner.formats import format_rows, rows_from_result
    from reasoner.rdf.namespaces import bind_prefixes

    if query_file:
        sparql = _read_text(query_file)
    if not sparql:
        raise InputError("give a SPARQL query as an argument or with -f FILE")
    with obj.open(store) as kb:
        warn_if_stale(kb)
        result = kb.query(sparql)
        if result.type == "ASK":
            click.echo("true" if result.askAnswer else "false")
        elif result.type in ("CONSTRUCT", "DESCRIBE"):
            bind_prefixes(result.graph)  # ent:, voc:, ... rather than rdflib's ns1:, ns2:
            click.echo(result.graph.serialize(format="turtle"), nl=False)  # type: ignore[union-attr]
        else:
            click.echo(format_rows(rows_from_result(result), fmt), nl=False)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


@cli.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "events-csv", "events-jsonl"]),
              help="An RDF syntax, or the stored events as a table: events-csv (the table "
                   "`ingest --format csv` reads back) or events-jsonl (one JSON object per event).")
@click.option("--graph", "graph", default="all", show_default=True,
              type=click.Choice(["asserted", "inferred", "background", "documents", "all"]),
              help="Which graphs: asserted (documents + background), inferred, or all.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@store_option
@click.pass_obj
def export(obj: Context, fmt: str, graph: str, output: str | None, store: str | None) -> None:
    """Write the knowledge graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD, or the events
    of the documents as a table (deterministic: the same store gives the same bytes)."""
    with obj.open(store) as kb:
        if fmt.startswith("events-"):
            text = kb.event_table(fmt[len("events-"):])
        else:
            if graph in ("inferred", "all"):
                warn_if_stale(kb)
            text = kb.export(format=fmt, graph=graph)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
        echo_err(f"wrote {output}")
    else:
        click.echo(text, nl=False)


# -- rules -------------------------------------------------------------------------------
def engine_option(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--spark-master", "spark_master", default=None, metavar="URL",
                        callback=_use_spark_master, expose_value=False,
                        help="The Spark master of --engine spark (default local[*]).")(func)
    return click.option("--engine", default="clingo", show_default=True, metavar="NAME",
                         help="Rule engine: clingo, duckdb, pydatalog, sparql, spark, or auto "
                              "(duckdb from 10,000 facts on, else clingo).")(func)


def _use_spark_master(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    from reasoner.engines.spark.session import use_master

    use_master(value)  # None: local[*] again (main may run several commands in one process)


def show_sql_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--dialect", type=click.Choice(["duckdb", "spark", "bigquery", "trino"]),
                        default="duckdb", show_default=True,
                        help="The SQL dialect of --show-sql (carried by sqlglot).")(func)
    return click.option("--show-sql", is_flag=True,
                        help="Print the SQL the rules compile to, and stop.")(func)


def print_sql(program: Any, dialect: str) -> None:
    from reasoner.engines.duckdb.engine import compile_sql
    from reasoner.engines.spark.dialect import show_sql

    click.echo(show_sql(compile_sql(program), dialect), nl=False)


def rules_option(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--replace-rules", "replace_rules", is_flag=True,
                        help="Use only the --rules files, not the shipped rules/ with them.")(func)
    return click.option("--rules", "rules", multiple=True, type=click.Path(), metavar="PATH",
                        help="Rule files or folders to add to the shipped rules/ "
                             "(repeatable).")(func)


def strict_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--strict", is_flag=True,
                        help="A predicate nothing defines is an error (else a warning, and the "
                             "predicate is an empty relation).")(func)


def rule_paths(rules: tuple[str, ...], replace_rules: bool) -> list[str | Path] | None:
    """The rule files to load: the user's added to the shipped rules/, or alone if asked."""
    from reasoner.resources import rules_dir

    if replace_rules and not rules:
        raise InputError("--replace-rules needs --rules FILE: with neither there are no rules")
    if not rules:
        return None
    return [*rules] if replace_rules else [rules_dir(), *rules]


def timeout_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--timeout", type=float, default=600.0, show_default=True, metavar="SECONDS",
                        callback=lambda _ctx, _param, value: value or None,
                        help="Stop the engine after this many seconds (0: no limit).")(func)


@cli.command()
@engine_option
@rules_option
@timeout_option
@strict_option
@click.option("--write", type=click.Choice(["outputs", "all"]), default="outputs",
              show_default=True, help="What goes to the inferred graph: the predicates the "
              "rules declare with .output (all, if they declare none), or every derived one.")
@show_sql_options
@store_option
@click.pass_obj
def infer(obj: Context, engine: str, rules: tuple[str, ...], replace_rules: bool,
          timeout: float | None, strict: bool, write: str, show_sql: bool, dialect: str,
          store: str | None) -> None:
    """Run the rules over the asserted facts; store what they derive in the `inferred` graph."""
    paths = rule_paths(rules, replace_rules)
    if show_sql:
        from reasoner.inference import load_rules

        print_sql(load_rules(paths), dialect)
        return
    with obj.open(store) as kb:
        report = kb.infer(engine=engine, rules=paths, timeout=timeout, strict=strict,
                          write=write)
    for warning in report.warnings:
        echo_err(warning.render())
    click.echo(report.summary)
    for pred, count in sorted(report.counts.items()):
        click.echo(f"  {pred}: {count}")


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]), default="table",
              show_default=True)
@engine_option
@rules_option
@timeout_option
@strict_option
@store_option
@click.pass_obj
def ask(obj: Context, query: str, fmt: str, engine: str, rules: tuple[str, ...],
        replace_rules: bool, timeout: float | None, strict: bool, store: str | None) -> None:
    """Answer a Datalog query such as 'aligned(X, Y)' or 'aligned(russia, china)'."""
    with obj.open(store) as kb:
        answers = kb.ask(query, engine=engine, rules=rule_paths(rules, replace_rules),
                         timeout=timeout, strict=strict)
    _print_answers(answers, fmt)


def _print_answers(answers: Any, fmt: str) -> None:
    """``yes``/``no`` (exit 1) for a query without variables, else the rows in ``fmt``."""
    from reasoner.formats import format_values

    for warning in answers.warnings:
        echo_err(warning.render())
    if not answers.columns:
        click.echo("yes" if answers.holds else "no")
        if not answers.holds:
            raise click.exceptions.Exit(1)
        return
    if fmt == "json":  # as SPARQL results: a symbol is the IRI it stands for, dates are typed
        from reasoner.rdf.atoms import to_term

        values = [[to_term(v) for v in row] for row in answers.rows]
    else:
        values = [[_show(v) for v in row] for row in answers.rows]
    click.echo(format_values(answers.columns, values, fmt), nl=False)


def _show(value: object) -> object:
    from reasoner.rules.ast import Iri, Symbol

    if isinstance(value, Symbol):
        return value.name
    if isinstance(value, Iri):
        return value.value
    return value if isinstance(value, (int, str)) else str(value)


@cli.command()
@click.argument("program_file", metavar="PROGRAM.dl", type=click.Path())
@click.option("-F", "--facts", "facts_dir", default=".", show_default=True, metavar="DIR",
              type=click.Path(), help="Where the .input files are.")
@click.option("-D", "--output-dir", "out_dir", default=".", show_default=True, metavar="DIR",
              help="Where the .output files go; '-' prints them instead.")
@click.option("--query", "query_text", default=None, metavar="QUERY",
              help="Answer this query over the program instead of writing its outputs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]),
              default="table", show_default=True, help="Output format of --query.")
@engine_option
@timeout_option
@strict_option
@show_sql_options
def run(program_file: str, facts_dir: str, out_dir: str, query_text: str | None, fmt: str,
        engine: str, timeout: float | None, strict: bool, show_sql: bool, dialect: str) -> None:
    """Evaluate a Datalog program over its own facts and .input files only (no store, no
    world facts), like `souffle -F DIR -D DIR`: write each .output relation to NAME.csv.
    With --engine spark, Spark reads the inputs and writes the outputs (any path or URI it
    reads: s3a://, hdfs://; NAME.parquet files or folders as Parquet)."""
    from reasoner.inference import ask_program, run_program
    from reasoner.rules import load_program
    from reasoner.rules.files import output_text, outputs, write_outputs

    if not Path(program_file).is_file():
        raise InputError(f"{program_file}: no such program file")
    program = load_program([program_file])
    if show_sql:
        print_sql(program, dialect)
        return
    if query_text is not None:
        _print_answers(ask_program(program, query_text, Path(facts_dir), engine=engine,
                                   timeout=timeout, strict=strict), fmt)
        return
    done = run_program(program, facts_dir, engine=engine, timeout=timeout, strict=strict)
    for warning in done.warnings:
        echo_err(warning.render())
    found = outputs(program, done.model)
    if out_dir == "-":
        for output in found:
            rows = len(output.rows)
            click.echo(f"% {output.pred}/{output.arity}: {rows} row{'' if rows == 1 else 's'}")
            click.echo(output_text(output), nl=False)
        return
    if engine == "spark":
        from reasoner.engines.spark.files import write_outputs as spark_write

        for target in spark_write(found, out_dir):
            echo_err(f"wrote {target}")
        return
    for path in write_outputs(found, Path(out_dir)):
        echo_err(f"wrote {path}")


@cli.command()
@click.argument("atom")
@click.option("--why-not", "why_not", is_flag=True,
              help="For an atom that does not hold: the closest rule instance and the missing premise.")
@click.option("--all", "all_", is_flag=True, help="Every distinct way the conclusion follows.")
@click.option("--limit", default=10, show_default=True, type=int, help="At most this many derivations with --all.")
@click.option("--format", "fmt", type=click.Choice(["tree", "json", "turtle"]), default="tree",
              show_default=True, help="A readable tree, JSON, or the derivation as PROV-O Turtle.")
@engine_option
@rules_option
@timeout_option
@strict_option
@store_option
@click.pass_obj
def explain(obj: Context, atom: str, why_not: bool, all_: bool, limit: int, fmt: str, engine: str,
            rules: tuple[str, ...], replace_rules: bool, timeout: float | None, strict: bool,
            store: str | None) -> None:
    """Why a conclusion holds, down to the sentences that support it ('aligned(russia, china)')."""
    from reasoner.explain import Explainer, render

    with obj.open(store) as kb:
        explainer = Explainer.from_kb(kb, engine=engine,
                                      program=kb.program(rule_paths(rules, replace_rules)),
                                      timeout=timeout, strict=strict)
        item = explainer.why_not(atom) if why_not else explainer.explain(atom, all=all_, limit=limit)
    text = render(item, fmt, color=sys.stdout.isatty())
    click.echo(text, nl=not text.endswith("\n"))


@cli.command()
@engine_option
@rules_option
@timeout_option
@click.option("--history", type=click.Path(), default=None,
              help="History file. Default: $REASONER_HISTORY or ~/.local/share/reasoner/history.")
@date_option
@store_option
@click.pass_obj
def repl(obj: Context, engine: str, rules: tuple[str, ...], replace_rules: bool, timeout: float | None,
         history: str | None, date: str | None, store: str | None) -> None:
    """The rule console: type sentences, rules, ?- queries, SPARQL and :commands (:help)."""
    from reasoner.repl import run_repl

    # With a time limit the engine runs in a child process, which is what lets Ctrl-C stop it.
    status = run_repl(store or obj.store, engine=engine, rules=rule_paths(rules, replace_rules),
                      history=Path(history) if history else None, timeout=timeout or 60.0, date=date)
    raise click.exceptions.Exit(status)


# -- serve / graph -------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=float, metavar="SECONDS",
              help="Time limit per query.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="Result row limit.")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="SPARQL endpoint a query may call with SERVICE (repeatable).")
@click.option("--workers", default=2, show_default=True, type=int, help="Query worker processes.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host (no authentication: put it behind an "
                   "authenticating proxy, see SECURITY.md).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Host header name to accept besides loopback names (repeatable).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let web pages from this origin (http://host:port, or * for any) read answers: "
                   "browser SPARQL tools such as YASGUI (repeatable; off by default).")
@store_option
@click.pass_obj
def serve(obj: Context, host: str, port: int, timeout: float, max_rows: int,
          allow_service: tuple[str, ...], workers: int, allow_remote: bool,
          allow_hosts: tuple[str, ...], cors: tuple[str, ...], store: str | None) -> None:
    """Serve the knowledge graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql.

    An embedded store stays writable while it is served: documents ingested and conclusions
    inferred by other commands show in the next query."""
    import logging

    from reasoner.serve import serve as run_server

    from reasoner.serve.live import StoreFolder

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    options = dict(host=host, port=port, timeout=timeout, max_rows=max_rows, allow_service=allow_service,
                   workers=workers, allow_remote=allow_remote, allow_hosts=allow_hosts, cors=cors,
                   ready=lambda url: echo_err(f"serving SPARQL at {url} (Ctrl-C stops)"))
    with obj.open(store) as kb:  # a new store gets its background knowledge first
        if kb.store.name != "oxigraph":  # memory: only this process; a server: served as it is now
            run_server(kb.store, **options)
            return
        location = kb.store.location
    # An embedded store is not held open: other commands may write to it while it is served,
    # and the next query sees what they wrote.
    run_server(StoreFolder(location), **options)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(),
              help="The picture to write: .svg, .png or .html (edges link to their explanations).")
@click.option("--members", "expand", is_flag=True,
              help="Draw every member of each organisation shown, with member-of lines "
                   "(by default an organisation is one node: 'NATO, 30 members').")
@store_option
@click.pass_obj
def graph(obj: Context, output: str, expand: bool, store: str | None) -> None:
    """Draw the network of the states and organisations the documents mention: alignment,
    opposition, mediation and sanction-threat edges labelled by their conclusion, blocs as
    clusters (run `reasoner infer` first)."""
    from reasoner.viz import draw

    with obj.open(store) as kb:
        warn_if_stale(kb)
        explain = edge_explainer(kb) if Path(output).suffix.lower() == ".html" else None
        written = draw(kb.store, Path(output), expand=expand, explain=explain)
    echo_err(f"wrote {written}")


def edge_explainer(kb: "KnowledgeBase") -> Callable[[str], str]:
    """Why an edge's conclusion holds, as the `explain` tree (one model for every edge)."""
    from reasoner.explain import Explainer, render_tree

    explainer = Explainer.from_kb(kb, program=kb.program())

    def why(atom: str) -> str:
        try:
            return render_tree(explainer.explain(atom))
        except ReasonerError as exc:  # a stale inferred graph: the rules no longer derive it
            return f"{atom}\n  no explanation: {exc}"

    return why


# -- demo ----------------------------------------------------------------------------------
@cli.command()
@click.option("--store", "store", default=".reasoner/demo", show_default=True, metavar="STORE",
              help="Where the demo builds its fresh knowledge base.")
def demo(store: str) -> None:
    """Ingest the seed article into a fresh store and print what it found, with sources."""
    from reasoner.demo import run_demo

    click.echo(run_demo(store), nl=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; turn our errors into clear lines and an exit status."""
    try:
        # Without standalone mode, click returns the status of an Exit instead of raising it.
        status = cli.main(args=argv, prog_name="reasoner", standalone_mode=False)
    except ReasonerError as exc:
        echo_err(exc.render())
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        echo_err("aborted")
        return 130
    except KeyboardInterrupt:
        echo_err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
