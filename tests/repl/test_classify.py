"""Input kinds and when Enter submits: the console's reading of what the analyst typed."""

from __future__ import annotations

import pytest

from reasoner.repl.classify import braces_balanced, classify, is_complete, split_command


@pytest.mark.parametrize(("text", "kind"), [
    ("", "empty"),
    ("# only a comment", "empty"),
    ("# states\nSELECT ?s WHERE { ?s a voc:State }", "sparql"),
    ("# from Reuters\nHungary offered to mediate between Ukraine and Russia.", "sentence"),
    ("   \n ", "empty"),
    (":help", "command"),
    ("  :explain aligned(russia, china)", "command"),
    ("?- aligned(X, Y).", "query"),
    ("?-aligned(X, Y)", "query"),
    ("SELECT ?s WHERE { ?s a voc:State }", "sparql"),
    ("select distinct ?s { ?s ?p ?o }", "sparql"),
    ("SELECT *\nWHERE { ?s ?p ?o }", "sparql"),
    ("ASK { ent:russia voc:aligned ent:china }", "sparql"),
    ("ASK WHERE { ?s ?p ?o }", "sparql"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "sparql"),
    ("DESCRIBE ent:russia", "sparql"),
    ("PREFIX ex: <http://example.org/>\nSELECT ?s { ?s ex:p ?o }", "sparql"),
    ("prefix : <http://example.org/> ASK {}", "sparql"),
    ("BASE <http://example.org/> SELECT ?s {}", "sparql"),
    ("INSERT DATA { <a> <b> <c> }", "update"),
    ("DELETE WHERE { ?s ?p ?o }", "update"),
    ("aligned(X, Y) :- ally(X, Y).", "rules"),
    ("state(hungary).", "rules"),
    ("at_war.", "rules"),
    ("tense :- threat(_, _).", "rules"),
    ("@prefix ex: <http://example.org/> .", "rules"),
    ("% a comment", "rules"),
    ("aligned(X, Y)", "rules"),
    ("P(X) :- q(X).", "rules"),
    ("Aligned(X, Y) :- ally(X, Y).", "rules"),
    ("Hungary offered to mediate between Ukraine and Russia.", "sentence"),
    ("U.S. President Joe Biden spoke by phone with Putin.", "sentence"),
    ("Ask Russia about it.", "sentence"),
    ("Selected officials met in Geneva.", "sentence"),
    ("Finland (Q33) is a state.", "sentence"),
    ("the EU warned Russia of sanctions.", "sentence"),
    ('Putin said "no limits".', "sentence"),
])
def test_classify(text: str, kind: str) -> None:
    assert classify(text) == kind


@pytest.mark.parametrize(("text", "complete"), [
    (":help", True),
    ("", True),
    ("p(a).", True),
    ("p(a). % done", True),
    ("p(X) :-", False),
    ("p(X) :-\n    q(X)", False),
    ("p(X) :-\n    q(X).", True),
    ("?- aligned(X, Y)", False),
    ("?- aligned(X, Y).", True),
    ("Hungary offered to mediate", False),
    ("Hungary offered to mediate\nbetween Ukraine and Russia.", True),
    ("SELECT ?s", False),
    ("SELECT ?s WHERE {", False),
    ("SELECT ?s WHERE { ?s ?p ?o", False),
    ("SELECT ?s WHERE { ?s ?p ?o }", True),
    ("SELECT ?s WHERE {\n  ?s ?p ?o .\n}", True),
    ("SELECT ?s WHERE { ?s ?p \"}\" ", False),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", False),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3\n", True),  # a blank line submits
    ("p(X) :- q(X)\n", True),
    ("# states\nSELECT ?s WHERE { ?s a voc:State }", True),
    ("# states", False),
    ("# states\n", True),
    ("p(X) :- q(X)\n   ", True),
])
def test_is_complete(text: str, complete: bool) -> None:
    assert is_complete(text) is complete


def test_braces_ignore_strings_comments_and_iris() -> None:
    assert braces_balanced('SELECT ?s { ?s ?p "{" }')
    assert braces_balanced("SELECT ?s { ?s ?p ?o } # {")
    assert not braces_balanced("SELECT ?s")


def test_split_command() -> None:
    assert split_command(":explain  aligned(russia, china)") == ("explain", "aligned(russia, china)")
    assert split_command(":QUIT") == ("quit", "")
