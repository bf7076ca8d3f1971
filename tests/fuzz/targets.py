"""The parsers under fuzzing, and the one rule they must keep: a result, or a clear ReasonerError.

A *crash* is any other exception, a ReasonerError without a message, or one whose message
carries a Python traceback; a *hang* is an input that takes longer than the time limit (the
runner measures it). Each target is a function of one input that returns the outcome
(``"ok"`` or ``"error"``) or raises :class:`Crash`.
"""

from __future__ import annotations

import socket
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import RDFS

from reasoner.errors import ReasonerError
from tests.fuzz import inputs


class Hang(Exception):
    """An input ran past the time limit (raised by the runner's timer, never caught here)."""


class Crash(Exception):
    """A parser broke the rule: an unexpected exception, or an error with no clear message."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key  # what makes two crashes the same: exception type and where it arose
        self.detail = detail


def outcome(call: Callable[[], Any]) -> str:
    """Run ``call``: "ok", "error" (a ReasonerError with a clear message), or raise Crash."""
    try:
        call()
    except ReasonerError as exc:
        text = exc.render()
        if not text.strip() or not exc.diagnostics:
            raise Crash("ReasonerError-without-message", repr(exc)) from exc
        if "Traceback (most recent call last)" in text:
            raise Crash("ReasonerError-with-traceback", text[:300]) from exc
        return "error"
    except (KeyboardInterrupt, SystemExit, Crash, Hang):
        raise
    except BaseException as exc:  # noqa: BLE001 - anything else is what we are looking for
        raise Crash(_crash_key(exc), f"{type(exc).__name__}: {str(exc)[:300]}") from exc
    return "ok"


def _crash_key(exc: BaseException) -> str:
    """The exception type and the innermost frame in our own code (or the innermost at all)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename + ":" + str(tb.tb_lineno))
        tb = tb.tb_next
    ours = [f for f in frames if "/reasoner/" in f and "/tests/" not in f]
    where = (ours or frames or ["?"])[-1].split("/work/main/")[-1].split("site-packages/")[-1]
    return f"{type(exc).__name__} at {where}"


# -- the parsers ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _lexicon() -> Any:
    from reasoner.cnl import Lexicon

    return Lexicon.default()


def cnl_sentence(text: str) -> str:
    from reasoner.cnl import parse_sentence

    return outcome(lambda: parse_sentence(text, lexicon=_lexicon()))


def cnl_document(text: str) -> str:
    from reasoner.cnl import parse_document

    return outcome(lambda: parse_document(text, lexicon=_lexicon(), doc_id="fuzz"))


def rules(text: str) -> str:
    from reasoner.rules import check_program, parse_program

    return outcome(lambda: check_program(parse_program(text)))


def rule_query(text: str) -> str:
    from reasoner.rules import parse_query

    return outcome(lambda: parse_query(text))


def sparql_guard(text: str) -> str:
    from reasoner.serve.guard import inspect_query

    return outcome(lambda: inspect_query(text, ("http://example.org/sparql",)))


@lru_cache(maxsize=1)
def _store() -> Any:
    from reasoner.rdf.namespaces import BACKGROUND_GRAPH, ENT
    from reasoner.stores import open_store

    store = open_store("memory")
    store.replace_graphs({BACKGROUND_GRAPH: [(ENT[k], RDFS.label, Literal(k.title()))
                                             for k in ("russia", "china", "turkey")]})
    return store


def store_query(text: str) -> str:
    return outcome(lambda: _store().query(text))


@lru_cache(maxsize=1)
def _knowledge_base() -> Any:
    from reasoner.kb import KnowledgeBase
    from reasoner.stores import open_store

    return KnowledgeBase(open_store("memory"), _lexicon())


def reader(item: tuple[str, bytes]) -> str:
    """The document reader on a file: read and classify it; RDF files are parsed and stored."""
    from reasoner import sources
    from reasoner.rdf.namespaces import BACKGROUND_GRAPH

    suffix, data = item
    kb = _knowledge_base()
    with tempfile.TemporaryDirectory(prefix="reasoner-fuzz-") as folder:
        path = Path(folder) / f"input.{suffix}"
        path.write_bytes(data)

        def read() -> None:
            if sources.read(path).kind == "rdf":
                kb.ingest_files([path])
        try:
            return outcome(read)
        finally:  # keep the store small: drop what this input added
            kb.store.replace_graphs({g: [] for g in kb.store.graph_names() if g != BACKGROUND_GRAPH})


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    parser: str  # what the report groups by
    run: Callable[[Any], str]
    strategy: Callable[[], st.SearchStrategy[Any]]
    edges: Callable[[], tuple[Any, ...]]  # pathological inputs, each run once
    per_char: float = 50e-6  # seconds per input character allowed on top of the time limit


def _texts(seeds: Callable[[], tuple[str, ...]]) -> Callable[[], st.SearchStrategy[str]]:
    return lambda: inputs.texts(seeds())


def _edges(seeds: Callable[[], tuple[str, ...]]) -> Callable[[], tuple[str, ...]]:
    return lambda: inputs.edge_cases(seeds())


def _guard_seeds() -> tuple[str, ...]:
    return inputs.QUERIES + inputs.HOSTILE_QUERIES


TARGETS: tuple[Target, ...] = (
    # The controlled language reads some 100 sentences a second: a 1 MB line is minutes of work.
    Target("cnl_sentence", "controlled language", cnl_sentence, _texts(inputs.sentences),
           _edges(inputs.sentences), per_char=300e-6),
    Target("cnl_document", "controlled language", cnl_document, _texts(inputs.documents),
           _edges(inputs.documents), per_char=300e-6),
    Target("rules", "rule language", rules, _texts(inputs.rule_texts), _edges(inputs.rule_texts)),
    Target("rule_query", "rule language", rule_query, _texts(lambda: inputs.RULE_QUERIES),
           _edges(lambda: inputs.RULE_QUERIES)),
    Target("store_query", "SPARQL", store_query, _texts(lambda: inputs.QUERIES),
           _edges(lambda: inputs.QUERIES)),
    Target("sparql_guard", "SPARQL", sparql_guard, _texts(_guard_seeds), _edges(_guard_seeds)),
    Target("reader", "document reader", reader, inputs.files, inputs.file_edge_cases),
)
BY_NAME = {t.name: t for t in TARGETS}


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse outbound connections meanwhile: a fuzzed FROM, SERVICE or JSON-LD context must
    not reach the network (rdflib's evaluator and parsers would try)."""
    def refuse(self: socket.socket, address: Any) -> None:
        raise OSError("network access is disabled while fuzzing")
    original = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
