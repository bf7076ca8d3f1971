"""Tab completion and highlighting, without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from pygments.token import Error

from reasoner.repl.completion import ConsoleCompleter
from reasoner.repl.console import Console
from reasoner.repl.lexer import RuleLexer, SentenceLexer, SparqlLexer, lexer_for
from reasoner.repl.model import Vocabulary

VOCABULARY = Vocabulary(
    predicates=("aligned", "mediation_offer", "member_mediator", "member_of"),
    symbols=("hungary", "macron", "mediterranean", "russia"),
    names=("Hungary", "Emmanuel Macron", "Macron", "Recep Tayyip Erdogan", "Erdogan"),
)


def complete(text: str, vocabulary: Vocabulary = VOCABULARY) -> list[str]:
    completer = ConsoleCompleter(lambda: vocabulary, lambda: ["clingo", "pydatalog"])
    document = Document(text, len(text))
    return [c.text for c in completer.get_completions(document, CompleteEvent(completion_requested=True))]


def test_commands() -> None:
    assert complete(":ex") == ["explain", "export"]
    assert complete(":") == ["date", "engine", "explain", "export", "help", "load", "quit",
                             "retract", "rules", "save", "whynot"]


def test_engine_names() -> None:
    assert complete(":engine py") == ["pydatalog"]


def test_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "alliances.dl").write_text("p(a).\n")
    monkeypatch.chdir(tmp_path)
    assert complete(":load all") == ["iances.dl"]
    assert complete(":save all") == ["iances.dl"]


def test_predicates_then_entity_keys() -> None:
    assert complete("?- med") == ["mediation_offer", "mediterranean"]
    assert complete("ally(X, Y) :- member_") == ["member_mediator", "member_of"]
    assert complete("?- aligned(hun") == ["hungary"]
    assert complete(":explain mediation_offer(hun") == ["hungary"]


def test_prefixed_names_in_sparql() -> None:
    assert complete("SELECT ?x { ?x voc:al") == ["aligned"]
    assert complete("ASK { ent:hu") == ["hungary"]


def test_entity_names_for_sentences() -> None:
    assert complete("Hung") == ["Hungary"]
    assert complete("Macron met Recep T") == ["Recep Tayyip Erdogan"]
    assert complete("Emmanuel Ma") == ["Emmanuel Macron"]


def test_the_console_vocabulary_holds_program_store_and_lexicon_words(console: Console) -> None:
    console.handle("Hungary offered to mediate between Ukraine and Russia.")
    console.handle("peacemaker(M) :- mediation_offer(M, _, _).")
    words = console.vocabulary()
    assert {"mediation_offer", "event_type", "peacemaker", "member_of"} <= set(words.predicates)
    assert {"hungary", "ukraine", "recep_tayyip_erdogan"} <= set(words.symbols)
    assert {"Hungary", "Recep Tayyip Erdogan"} <= set(words.names)
    assert complete("?- peace", words) == ["peacemaker"]


@pytest.mark.parametrize(("text", "lexer"), [
    ("aligned(X, Y) :- ally(X, Y).", RuleLexer),
    ("?- aligned(X, russia).", RuleLexer),
    (":explain aligned(russia, china)", RuleLexer),
    ("SELECT ?s WHERE { ?s a voc:State }", SparqlLexer),
    ("Hungary offered to mediate between Ukraine and Russia.", SentenceLexer),
])
def test_the_lexer_follows_the_kind_of_entry(text: str, lexer: type) -> None:
    assert lexer_for(text) is lexer
    assert not [t for t, _ in lexer().get_tokens(text) if t in Error]


def test_rule_lexer_tokens() -> None:
    tokens = [(str(t), v) for t, v in RuleLexer().get_tokens(
        '@prefix ev: <http://e.org/> .\nn(X, N) :- state(X), not p(X, "s"), N = count { Y : q(X, Y) }, '
        'X < 2022-02-04, ev:e1 != 3. % done') if v.strip()]
    assert ("Token.Keyword.Namespace", "@prefix") in tokens
    assert ("Token.Name.Function", "state") in tokens and ("Token.Name.Variable", "X") in tokens
    assert ("Token.Keyword", "not") in tokens and ("Token.Keyword", "count") in tokens
    assert ("Token.Literal.String.Double", '"s"') in tokens
    assert ("Token.Literal.Number.Other", "2022-02-04") in tokens
    assert ("Token.Name.Label", "ev:e1") in tokens
    assert ("Token.Comment.Single", "% done") in tokens
