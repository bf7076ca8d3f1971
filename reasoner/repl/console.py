"""The rule console's logic, without a terminal: ``Console.handle(text) -> Reply``.

A :class:`Console` holds one session over a knowledge base: the loaded rule files (the shipped
``rules/`` by default), the rules typed in this session, the sentences typed in this session
(each stored as its own console document ``console-N``), the engine and the conclusions of the
last inference, so every change can be reported as a delta. The prompt loop (``prompt.py``)
only reads lines and prints replies; tests drive ``handle`` directly.

Every change (a sentence, a rule, a retraction, a loaded file) runs as a transaction: the store,
the lexicon and the session change only if the new program checks and the engine finishes. An
error, or Ctrl-C while the engine runs, leaves everything as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, AbstractSet as Set, Iterable, Iterator, Mapping, Sequence

from reasoner.errors import Diagnostic, InputError, QueryError, ReasonerError, RuleSyntaxError
from reasoner.rdf import iris
from reasoner.rdf.namespaces import PREFIX_IRIS
from reasoner.repl.classify import classify
from reasoner.live import LiveConclusions, Update
from reasoner.repl.delta import Delta, delta_of, diff
from reasoner.repl.model import Block, ConsoleSentence, Reply, SessionRule, Vocabulary, error, note, warning
from reasoner.rules import merge, parse_program, parse_query
from reasoner.rules.ast import Program, Query, Value, Var, body_atoms
from reasoner.rules.printer import print_value

if TYPE_CHECKING:
    from rdflib import URIRef

    from reasoner.inference import InferenceReport
    from reasoner.kb import IngestReport, KnowledgeBase

logger = logging.getLogger("reasoner.repl")

CONSOLE_SOURCE = "console"
MAX_ROWS = 200
MAX_DIAGNOSTICS = 5


class Console:
    """One console session over a knowledge base. ``handle`` never raises for user input."""

    def __init__(self, kb: "KnowledgeBase", *, engine: str = "clingo",
                 rules: Sequence[str | Path] | None = None, timeout: float | None = 60.0,
                 date: str | dt.date | None = None, delta_limit: int = 12) -> None:
        from reasoner.kb import parse_date

        self.kb = kb
        # The conclusions, kept up to date incrementally as sentences come and go.
        self.live = LiveConclusions(kb, engine=engine, timeout=timeout)
        self.timeout = timeout
        self.date = parse_date(date)
        self.delta_limit = delta_limit
        self.width = 100  # columns for drawn output (the prompt loop sets the terminal's)
        self.loaded: dict[str, Program] = {}
        self.session: list[SessionRule] = []
        self.session_prefixes: dict[str, str] = {}
        self.sentences: list[ConsoleSentence] = []
        self.conclusions: dict[str, Set[tuple[Value, ...]]] = {}
        self._rule_paths = [str(p) for p in rules] if rules else None
        self._started = False
        self._entries = 0
        self._next_rule = 1
        self._next_doc = _next_console_number(kb.documents())
        self._warned: set[str] = set()
        self._vocabulary: Vocabulary | None = None

    @property
    def engine(self) -> str:
        """The engine of full inferences (the first one, and after a change of rules)."""
        return self.live.engine

    @engine.setter
    def engine(self, name: str) -> None:
        self.live.engine = name

    # -- the session -----------------------------------------------------------------------
    def start(self) -> Reply:
        """Load the rules and run the first inference; a summary of what the session holds."""
        if self._started:
            return Reply()
        self.loaded = {self._rules_label(): self.kb.program(self._rule_paths)}
        report = self.infer(self.program())
        self.live.warm_up()
        # The baseline, with no delta to show (sorting 880,000 conclusions for nothing took
        # 12 s at 100,000 events); warnings about the rule files are not news here.
        self._adopt(report)
        self._new_warnings(report)
        self._started = True
        docs = len(self.kb.documents())
        return Reply.of(note(
            f"{len(self.program().rules)} rules, {docs} document{'' if docs == 1 else 's'}, "
            f"{report.derived.count} conclusions ({self.engine}). Type :help for help."))

    def program(self, session: Sequence[SessionRule] | None = None,
                loaded: Mapping[str, Program] | None = None) -> Program:
        """The loaded rule files plus the session rules (or the given alternatives)."""
        rules = self.session if session is None else session
        texts = tuple(dict.fromkeys((r.source, r.text) for r in rules))
        own = Program(rules=tuple(r.rule for r in rules),
                      prefixes=tuple(self.session_prefixes.items()), texts=texts)
        return merge([*(self.loaded if loaded is None else loaded).values(), own])

    def prefixes(self) -> dict[str, str]:
        """Every prefix in scope: the project's, the rule files' and the session's."""
        out = dict(PREFIX_IRIS)
        for program in self.loaded.values():
            out.update(program.prefixes)
        out.update(self.session_prefixes)
        return out

    def handle(self, text: str) -> Reply:
        """Run one console entry and say what it did. Never raises for user input."""
        self._entries += 1
        try:
            started = self.start()
            reply = self._dispatch(text)
            return Reply(started.blocks + reply.blocks, reply.quit)
        except ReasonerError as exc:
            return Reply.of(error(exc.render()))
        except KeyboardInterrupt:
            return Reply.of(warning("interrupted; nothing changed"))
        except Exception as exc:  # a bug: one line for the user, the traceback in the log
            logger.error("console entry failed: %r", text, exc_info=True)
            return Reply.of(error(f"internal error: {type(exc).__name__}: {exc} (details in the log)"))

    def _dispatch(self, text: str) -> Reply:
        from reasoner.repl import commands

        kind = classify(text)
        if kind == "empty":
            return Reply()
        if kind == "command":
            return commands.run(self, text)
        if kind == "query":
            return self.ask(text)
        if kind == "sparql":
            return self.sparql(text)
        if kind == "update":
            return Reply.of(error("SPARQL Update is not allowed in the console: add facts as "
                                  "sentences or rules, or with :load FILE"))
        if kind == "rules":
            return self.add_rules(text)
        return self.add_sentence(text)

    # -- reasoning -------------------------------------------------------------------------
    def infer(self, program: Program) -> "InferenceReport":
        """Run the engine on ``program`` and store the result in the ``inferred`` graph."""
        return self.live.recompute(program)

    def commit(self, report: "InferenceReport") -> list[Block]:
        """Make ``report`` the current conclusions; the delta and any new warnings as output."""
        delta = diff(self.conclusions, report.derived.facts)
        self._adopt(report)
        return [Block(self.render_delta(delta)), *self._new_warnings(report)]

    def _adopt(self, report: "InferenceReport") -> None:
        self.conclusions = dict(report.derived.facts)
        self._vocabulary = None

    def commit_update(self, update: Update) -> list[Block]:
        """Make an incremental update's changes part of the current conclusions."""
        if update.report is not None:
            return self.commit(update.report)
        for pred, change in update.derived.items():
            rows = self.conclusions.get(pred)
            if not isinstance(rows, set):  # a full inference's frozenset: copied once
                rows = self.conclusions[pred] = set(rows or ())
            rows |= change.added
            rows -= change.removed
        self._vocabulary = None
        return [Block(self.render_delta(delta_of(update.derived)))]

    def render_delta(self, delta: Delta) -> str:
        return delta.render(self.delta_limit, self.prefixes())

    @contextmanager
    def transaction(self, graphs: Iterable["URIRef"] = ()) -> Iterator[None]:
        """Undo changes to these graphs and to the lexicon if the block fails or is interrupted."""
        graphs = list(graphs)
        existing = {g for g in graphs if self.kb.store.has_graph(g)}
        saved = {g: list(self.kb.store.triples(g)) for g in graphs if g in existing}
        lexicon = self.kb.lexicon.copy() if graphs else None
        try:
            yield
        except BaseException:
            if saved:
                self.kb.store.replace_graphs(saved)
            for graph in graphs:
                if graph not in existing:
                    self.drop_graph(graph)
            if lexicon is not None:
                self.kb.lexicon = lexicon
            raise

    def drop_graph(self, graph: "URIRef") -> None:
        """Remove a named graph, and its name too (rdflib's memory store keeps empty graphs)."""
        self.kb.store.remove_graph(graph)
        if self.kb.store.has_graph(graph):
            self.kb.store.dataset.remove_graph(graph)

    def _new_warnings(self, report: "InferenceReport") -> list[Block]:
        fresh = [w for w in report.warnings if w.headline() not in self._warned]
        self._warned.update(w.headline() for w in fresh)
        return [warning(w.render()) for w in fresh[:MAX_DIAGNOSTICS]]

    # -- sentences -------------------------------------------------------------------------
    def add_sentence(self, text: str) -> Reply:
        """Store a controlled-English entry as the next console document, then re-infer."""
        number = self._next_doc
        doc_id = f"console-{number}"
        before = self.kb.lexicon.copy()
        graph = iris.document_graph(doc_id)
        with self.transaction([graph]), self.live.tracking([graph]) as update:
            # The console follows its own conclusions (session rules too): infer=False here.
            report = self.kb.ingest(text.strip(), doc_id=doc_id, source=CONSOLE_SOURCE,
                                    date=self.date, strict=True, infer=False)
        self._next_doc += 1
        doc = report.document
        defines = bool(doc and any(s.facts for s in doc.sentences))
        self.sentences.append(ConsoleSentence(doc_id, text.strip(), before, defines))
        return Reply.of(note(_describe_document(doc_id, report)), *_diagnostics(report.diagnostics),
                        *self.commit_update(update))

    def retract_sentence(self) -> Reply:
        """Remove the last sentence typed in this session, then re-infer."""
        if not self.sentences:
            return Reply.of(warning("no console sentence to retract in this session"))
        last = self.sentences[-1]
        graph = iris.document_graph(last.doc_id)
        with self.transaction([graph]), self.live.tracking([graph]) as update:
            self.drop_graph(graph)
            if last.defines:
                self.kb.lexicon = last.lexicon_before
        self.sentences.pop()
        return Reply.of(note(f"retracted {last.doc_id}: {last.text}"), *self.commit_update(update))

    # -- rules -----------------------------------------------------------------------------
    def add_rules(self, text: str) -> Reply:
        """Add the facts and rules of an entry to the session (a fact with variables, or a
        conjunction, is asked as a query instead), then re-infer."""
        source = f"<input {self._entries}>"
        try:
            parsed = parse_program(text, source=source, prefixes=self.prefixes())
        except RuleSyntaxError:
            if ":-" not in text and _parses_as_query(text, self.prefixes()):
                return self.ask(text)
            raise
        if _is_open_fact(parsed):
            return self.ask(text)
        self.session_prefixes.update(parsed.prefixes)
        return self._add_parsed(parsed, source, text)

    def _add_parsed(self, parsed: Program, source: str, text: str) -> Reply:
        known = {r.rule for r in self.session}
        fresh = [r for r in dict.fromkeys(parsed.rules) if r not in known]
        blocks: list[Block] = []
        if fresh:
            added = [SessionRule(self._next_rule + i, r, source, text) for i, r in enumerate(fresh)]
            with self.transaction():
                inference = self.infer(self.program([*self.session, *added]))
            self.session += added
            self._next_rule += len(added)
            prefixes = self.prefixes()
            blocks += [note(f"added #{r.number}: {r.printed(prefixes)}") for r in added]
            blocks += self.commit(inference)
        elif parsed.rules:
            blocks.append(note("already in the session; nothing changed"))
        elif parsed.prefixes:
            blocks.append(note(", ".join(f"@prefix {n}: <{i}>" for n, i in parsed.prefixes)))
        for query in parsed.queries:
            blocks += self.ask(_query_text(query, self.prefixes())).blocks
        return Reply(tuple(blocks))

    def retract_rule(self, which: str) -> Reply:
        """Remove a session rule given by its number (``3`` or ``#3``) or its text."""
        target = self._find_rule(which)
        remaining = [r for r in self.session if r is not target]
        with self.transaction():
            inference = self.infer(self.program(remaining))
        self.session = remaining
        return Reply.of(note(f"retracted #{target.number}: {target.printed(self.prefixes())}"),
                        *self.commit(inference))

    def _find_rule(self, which: str) -> SessionRule:
        if not self.session:
            raise InputError("there are no session rules to retract")
        number = which.lstrip("#").strip()
        if number.isdigit():
            for entry in self.session:
                if entry.number == int(number):
                    return entry
            raise InputError(f"no session rule #{number}: see :rules")
        text = which if which.rstrip().endswith(".") else which.rstrip() + "."
        wanted = parse_program(text, source="<retract>", prefixes=self.prefixes()).rules
        for entry in self.session:
            if entry.rule in wanted:
                return entry
        raise InputError(f"no session rule is {which.strip()!r}: see :rules")

    def load_rules(self, path: Path) -> Reply:
        """Load (or reload) a rule file for the session, then re-infer."""
        from reasoner.rules import load_program

        program = load_program([path], prefixes=self.prefixes())
        loaded = {**self.loaded, str(path): program}
        with self.transaction():
            inference = self.infer(self.program(loaded=loaded))
        self.loaded = loaded
        return Reply.of(note(f"loaded {len(program.rules)} rules from {path}"),
                        *self.commit(inference))

    def load_documents(self, path: Path) -> Reply:
        """Ingest a text or RDF document (or a folder of them), then re-infer."""
        from reasoner.sources import read_all

        sources = read_all([path])
        graphs = [iris.document_graph(s.doc_id) for s in sources]
        # An RDF file may write named graphs of its own, which only a full inference sees.
        whole = any(s.kind == "rdf" for s in sources)
        with self.transaction(graphs), self.live.tracking(graphs, whole=whole) as update:
            reports = self.kb.ingest_files([path], date=self.date, infer=False)
        found = [d for r in reports for d in r.diagnostics]
        return Reply.of(*(note(r.coverage_line) for r in reports), *_diagnostics(found),
                        *self.commit_update(update))

    # -- questions -------------------------------------------------------------------------
    def ask(self, text: str) -> Reply:
        """Answer a Datalog query as a table (or yes / no)."""
        prefixes = self.prefixes()
        answers = self.live.ask(text, prefixes)
        if not answers.columns:
            return Reply.of("yes" if answers.holds else "no")
        from reasoner.formats import format_values

        rows = [[print_value(v, prefixes) for v in row] for row in answers.rows[:MAX_ROWS]]
        table = format_values(answers.columns, rows, "table").rstrip("\n")
        return Reply((Block(table), *_more_rows(len(answers.rows))))

    def sparql(self, text: str) -> Reply:
        """Run a SPARQL query over every graph: a table, yes / no, or Turtle."""
        from reasoner.formats import Rows, rows_from_result, table_text

        result = self.kb.query(text)
        if result.type == "ASK":
            return Reply.of("yes" if result.askAnswer else "no")
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = result.graph
            assert graph is not None
            for prefix, iri in PREFIX_IRIS.items():
                graph.bind(prefix, iri, override=True)
            return Reply.of(graph.serialize(format="turtle").rstrip("\n") or "(no triples)")
        rows = rows_from_result(result)
        shown = Rows(rows.columns, rows.rows[:MAX_ROWS])
        return Reply((Block(table_text(shown).rstrip("\n")), *_more_rows(len(rows.rows))))

    # -- completion ------------------------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        """Predicates, entity keys and names known now (cached until the next change)."""
        if self._vocabulary is None:
            self._vocabulary = self._build_vocabulary()
        return self._vocabulary

    def _build_vocabulary(self) -> Vocabulary:
        from reasoner.rules.ast import Symbol

        facts = self.kb.facts()
        program = self.program() if self.loaded else self.kb.program(self._rule_paths)
        predicates = set(facts) | set(self.conclusions)
        for rule in program.rules:
            predicates.add(rule.head.pred)
            predicates.update(a.pred for a, _ in body_atoms(rule.body))
        symbols = {e.key for e in self.kb.lexicon.entities()}
        symbols.update(v.name for rows in facts.values() for row in rows for v in row
                       if isinstance(v, Symbol))
        return Vocabulary(tuple(sorted(predicates)), tuple(sorted(symbols)),
                          tuple(sorted(set(self.kb.lexicon.names()))))

    def _rules_label(self) -> str:
        return ", ".join(self._rule_paths) if self._rule_paths else "rules/"


def _next_console_number(documents: Iterable[str]) -> int:
    numbers = [int(d[8:]) for d in documents if d.startswith("console-") and d[8:].isdigit()]
    return max(numbers, default=0) + 1


def _describe_document(doc_id: str, report: "IngestReport") -> str:
    from reasoner.cnl.describe import describe_event, describe_fact

    doc = report.document
    items = [describe_event(e) for e in doc.events] if doc else []
    items += [describe_fact(f) for s in doc.sentences for f in s.facts] if doc else []
    if not items:
        return f"{doc_id}: understood, but it states no event or fact"
    return "\n".join(f"{doc_id}: {item}" for item in items)


def _diagnostics(found: Sequence[Diagnostic]) -> list[Block]:
    blocks = [warning(d.render()) if d.severity != "error" else error(d.render())
              for d in found[:MAX_DIAGNOSTICS]]
    if len(found) > MAX_DIAGNOSTICS:
        blocks.append(warning(f"... and {len(found) - MAX_DIAGNOSTICS} more"))
    return blocks


def _more_rows(total: int) -> tuple[Block, ...]:
    if total <= MAX_ROWS:
        return ()
    return (note(f"showing {MAX_ROWS} of {total} rows"),)


def _parses_as_query(text: str, prefixes: Mapping[str, str]) -> bool:
    try:
        parse_query(text, prefixes=prefixes)
    except QueryError:
        return False
    return True


def _is_open_fact(program: Program) -> bool:
    """A single fact with variables (``aligned(X, Y).``): a question, not something to add."""
    if len(program.rules) != 1 or program.queries or not program.rules[0].is_fact:
        return False
    return any(isinstance(arg, Var) for arg in program.rules[0].head.args)


def _query_text(query: Query, prefixes: Mapping[str, str]) -> str:
    from reasoner.rules.printer import print_query

    return print_query(query, prefixes)
