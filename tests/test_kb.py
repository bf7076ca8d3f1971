"""The Python API: isolation between knowledge bases, definitions that persist, atomic ingest."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import reasoner
from reasoner.errors import CnlSyntaxError, InputError


def test_two_knowledge_bases_do_not_see_each_other() -> None:
    first, second = reasoner.open("memory"), reasoner.open("memory")
    first.ingest("Ruritania is a state.\nRuritania offered to mediate between Ukraine and Russia.")
    assert first.ask("mediation_offer(ruritania, ukraine, russia)").holds
    assert not second.ask("mediation_offer(M, ukraine, russia)").holds
    assert second.lexicon.lookup("ruritania") is None


def test_definitions_in_a_stored_document_teach_a_later_session(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    with reasoner.open(location) as kb:
        kb.ingest("Ruritania is a state.\nRudolf Rassendyll is the king of Ruritania.", doc_id="defs")
    with reasoner.open(location) as kb:
        kb.ingest("Rudolf Rassendyll offered to mediate between Ukraine and Russia.", doc_id="news",
                  date="2022-02-05")
        assert kb.ask("mediation_offer(ruritania, ukraine, russia)").holds


def test_reingesting_a_document_replaces_it() -> None:
    kb = reasoner.open("memory")
    kb.ingest("Macron visited Kyiv on February 3.", doc_id="d", date="2022-02-04")
    kb.ingest("Macron visited Moscow on February 7.", doc_id="d", date="2022-02-04", replace=True)
    rows = list(kb.query("SELECT ?date WHERE { ?e voc:event_type concept:visit ; voc:date ?date }"))
    assert [str(r[0]) for r in rows] == ["2022-02-07"]
    assert kb.documents() == ["d"]


def test_two_ingests_keep_two_documents() -> None:
    kb = reasoner.open("memory")
    first = kb.ingest("Macron visited Kyiv on February 3.", date="2022-02-04")
    second = kb.ingest("Scholz visited Warsaw on February 5.", date="2022-02-06")
    assert first.doc_id != second.doc_id
    assert sorted(kb.documents()) == sorted([first.doc_id, second.doc_id])
    rows = kb.query("SELECT ?e WHERE { ?e voc:event_type concept:visit }")
    assert len(list(rows)) == 2


def test_the_same_text_twice_is_one_document() -> None:
    kb = reasoner.open("memory")
    first = kb.ingest("Macron visited Kyiv on February 3.", date="2022-02-04")
    again = kb.ingest("Macron visited Kyiv on February 3.", date="2022-02-04")
    other_date = kb.ingest("Macron visited Kyiv on February 3.", date="2023-02-04")
    assert first.doc_id == again.doc_id != other_date.doc_id
    assert len(kb.documents()) == 2


def test_a_taken_doc_id_is_refused_without_replace() -> None:
    kb = reasoner.open("memory")
    kb.ingest("Macron visited Kyiv on February 3.", doc_id="d", date="2022-02-04")
    before = kb.export(format="nquads")
    with pytest.raises(InputError, match="already in the store: pass replace=True"):
        kb.ingest("Macron visited Moscow on February 7.", doc_id="d", date="2022-02-04")
    assert kb.export(format="nquads") == before


def test_two_files_of_one_name_are_refused(tmp_path: Path) -> None:
    for folder, city in (("a", "Kyiv"), ("b", "Moscow")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(f"Macron visited {city} on February 3.\n")
    kb = reasoner.open("memory")
    with pytest.raises(InputError, match="same document 'news'"):
        kb.ingest_files([tmp_path / "a", tmp_path / "b"], date="2022-02-04")
    assert kb.documents() == []


def test_nothing_understood_is_refused_and_nothing_stored() -> None:
    kb = reasoner.open("memory")
    before = kb.export(format="nquads")
    with pytest.raises(CnlSyntaxError):
        kb.ingest("Putin mett Xi.", doc_id="bad")
    assert kb.export(format="nquads") == before and kb.documents() == []


def test_a_bad_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="invalid date"):
        reasoner.open("memory").ingest("Macron visited Kyiv.", date="04/02/2022")


def test_rdf_files_are_loaded_into_their_own_graph(tmp_path: Path) -> None:
    path = tmp_path / "extra.ttl"
    path.write_text("@prefix ent: <https://w3id.org/reasoner/id/> .\n"
                    "@prefix voc: <https://w3id.org/reasoner/vocab#> .\n"
                    "ent:hungary voc:member_of ent:nato .\n")
    kb = reasoner.open("memory")
    [report] = kb.ingest_files([path])
    assert report.kind == "rdf" and report.triples == 1
    assert "extra" in kb.documents()
    assert kb.ask("member_of(hungary, nato)").holds


def test_a_malformed_rdf_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("this is not turtle .")
    with pytest.raises(InputError, match="not valid turtle"):
        reasoner.open("memory").ingest_files([path])


def test_answers_as_plain_records_and_an_html_table() -> None:
    kb = reasoner.open("memory")
    kb.ingest("Ruritania is a state.\nRuritania offered to mediate between Ukraine and Russia.")
    answers = kb.ask("mediation_offer(M, A, B)")
    assert {"M": "ruritania", "A": "ukraine", "B": "russia"} in answers.records()
    assert all(isinstance(v, (str, int)) for r in answers.records() for v in r.values())
    table = answers._repr_html_()
    assert table.startswith("<table>") and "<th>M</th>" in table and "<td>ruritania</td>" in table
    assert "<p>yes</p>" in kb.ask("mediation_offer(ruritania, ukraine, russia)")._repr_html_()


def test_answers_to_pandas_and_arrow_have_typed_columns() -> None:
    import pandas
    import pyarrow

    kb = reasoner.open("memory")
    # the undated offer comes first: told after a day, it would take the story's day
    kb.ingest("Ruritania is a state.\nRuritania offered to mediate between Serbia and Kosovo.\n"
              "Ruritania offered to mediate between Ukraine and Russia on 3 March 2024.")
    answers = kb.ask("event_type(E, mediation_offer), actor(E, M), date(E, D)")
    frame = answers.to_pandas()
    assert list(frame.columns) == ["E", "M", "D"] and len(frame) == 1
    assert pandas.api.types.is_string_dtype(frame["M"]) and frame["M"][0] == "ruritania"
    assert pandas.api.types.is_datetime64_any_dtype(frame["D"])
    assert frame["D"][0] == pandas.Timestamp("2024-03-03")
    numbers = reasoner.open("memory")
    numbers.ingest("Norway and Iceland signed a fishing agreement.")
    frame = numbers.ask("partner_count(X, N)").to_pandas()
    assert pandas.api.types.is_integer_dtype(frame["N"]) and set(frame["N"]) == {1}
    table = answers.to_arrow()
    assert table.schema.field("D").type == pyarrow.date32() and table.column("M").to_pylist() == ["ruritania"]


def test_answers_to_pandas_says_how_when_pandas_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = reasoner.open("memory").ask("mediation_offer(M, A, B)")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(InputError, match="pip install pandas"):
        answers.to_pandas()
    with pytest.raises(InputError, match="pip install pyarrow"):
        answers.to_arrow()


def test_kb_explain_returns_the_proof_the_cli_renders() -> None:
    from reasoner.explain import ExplainError, render

    kb = reasoner.open("memory")
    kb.ingest("Ruritania is a state.\nRuritania offered to mediate between Ukraine and Russia.")
    explanation = kb.explain("mediation_offer(ruritania, A, B)")
    assert explanation.total_answers == 2 and repr(explanation).startswith("Explanation(")
    tree = render(explanation)
    assert "mediation_offer(ruritania, ukraine, russia)" in tree and "offered to mediate" in tree
    assert '"kind": "explanation"' in render(explanation, "json")
    with pytest.raises(ExplainError):
        kb.explain("mediation_offer(ukraine, ruritania, russia)")
    missing = kb.why_not("mediation_offer(ukraine, ruritania, russia)")
    assert "does not hold" in repr(missing) and "does not hold" in render(missing)


def test_short_reprs() -> None:
    kb = reasoner.open("memory")
    assert repr(kb) == "KnowledgeBase(store=memory:'memory')"
    kb.ingest("Ruritania is a state.\nRuritania offered to mediate between Ukraine and Russia.")
    report = kb.infer()
    assert repr(report).startswith("InferenceReport('clingo: ") and len(repr(report)) < 200
    assert repr(kb.ask("mediation_offer(ruritania, A, B)")).startswith("Answers(2 rows: [{'A': ")
    assert repr(kb.ask("mediation_offer(ruritania, russia, ukraine)")) == "Answers(yes)"


def test_answers_to_arrow_says_how_when_pyarrow_is_missing() -> None:
    answers = reasoner.open("memory").ask("mediation_offer(M, A, B)")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(InputError, match="pip install pyarrow"):
            answers.to_arrow()
    else:
        assert answers.to_arrow().column_names == ["M", "A", "B"]


def test_documents_read_first_are_stored_as_ingest_stores_them(tmp_path: Path) -> None:
    from reasoner.resources import seeds_dir

    by_files, by_documents = reasoner.open(str(tmp_path / "a")), reasoner.open(str(tmp_path / "b"))
    by_files.ingest_files([seeds_dir()])
    documents = by_documents.extract_files([seeds_dir()])
    reports = by_documents.ingest_documents(documents)
    assert [r.doc_id for r in reports] == [d.doc_id for d in documents] and reports[0].events > 0
    assert by_documents.export(format="nquads") == by_files.export(format="nquads")
    by_files.close()
    by_documents.close()
