"""Reading coded event tables: layouts, CAMEO codes, who a row names, bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reasoner.cnl.lexicon import Lexicon
from reasoner.errors import InputError
from reasoner.sources import read
from reasoner.tables.layout import event_type_of, layout
from reasoner.tables.read import read_table, skipped_codes
from reasoner.tables.resolve import Resolver

from .conftest import GDELT_COLUMNS, ICEWS_HEADER, coded, write_gdelt

EGY = ("EGYGOV", "EGYPT", "EGY")
ETH = ("ETHGOV", "ETHIOPIA", "ETH")
KEN = ("KEN", "KENYA", "KEN")


def read_gdelt(path: Path):
    return read_table(path.read_text(), layout("gdelt"), Lexicon.default(), doc_id="t", source=str(path))


def test_the_gdelt_layout_has_the_61_columns_of_the_2_0_export() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:2] == ["GLOBALEVENTID", "SQLDATE"] and GDELT_COLUMNS[26] == "EventCode"
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]


@pytest.mark.parametrize("code, expected", [
    ("042", "visit"), ("0431", "host"), ("1121", "accusation"), ("1054", "demand"),
    ("1312", "sanction_threat"), ("163", "sanction_imposed"), ("190", None), ("13", None), ("1313", None),
])
def test_cameo_codes_map_by_their_longest_listed_prefix(code: str, expected: str | None) -> None:
    assert event_type_of(code) == expected


def test_a_gdelt_row_becomes_an_event_with_its_code_date_place_and_measures(tmp_path: Path) -> None:
    path = write_gdelt(tmp_path / "a.export.CSV",
                       coded("51", "20240611", KEN, "0431", ("SOMGOV", "SOMALIA", "SOM"),
                             url="https://example.org/s1", place="Nairobi, Nairobi Area, Kenya", goldstein="2.8"))
    doc = read_gdelt(path)
    (sentence,) = doc.sentences
    (event,) = sentence.events
    assert (event.type, event.cameo) == ("host", "0431")
    assert [m.entity.key for m in event.actors] == ["kenya"] and [m.entity.key for m in event.targets] == ["somalia"]
    assert event.date == dt.date(2024, 6, 11) and event.place and event.place.entity.key == "nairobi"
    assert dict(event.measures)["goldstein"] == 2.8 and dict(event.measures)["tone"] == -1.5
    assert (sentence.record_id, sentence.source_url) == ("51", "https://example.org/s1")
    assert "line 1" in sentence.text and "GLOBALEVENTID=51" in sentence.text and sentence.span.line == 1


def test_bad_rows_are_sentences_not_understood_with_their_line(tmp_path: Path) -> None:
    path = write_gdelt(tmp_path / "b.export.CSV",
                       coded("1", "20240101", EGY, "112", ETH),
                       coded("2", "20241301", EGY, "112", ETH),  # month 13
                       "3\t20240101\ttoo short",
                       coded("4", "20240101", ("", "", ""), "112", ETH),  # no actor
                       coded("5", "20240101", EGY, "042"),  # a visit needs a target
                       coded("6", "20240101", EGY, "1a2", ETH))
    doc = read_gdelt(path)
    problems = {s.span.line: s.diagnostics[0].message for s in doc.sentences if not s.understood}
    assert sorted(problems) == [2, 3, 4, 5, 6]
    assert "bad date '20241301': expected YYYYMMDD" in problems[2]
    assert "3 columns, the gdelt layout has 61" in problems[3]
    assert "no actor" in problems[4] and "needs a target" in problems[5] and "not a number" in problems[6]
    assert all(d.span and d.span.source == str(path) for s in doc.sentences for d in s.diagnostics)


def test_rows_outside_the_event_model_are_counted_by_code(tmp_path: Path) -> None:
    path = write_gdelt(tmp_path / "c.export.CSV", coded("1", "20240101", EGY, "190", ETH),
                       coded("2", "20240102", EGY, "190", ETH), coded("3", "20240103", EGY, "0211", ETH),
                       coded("4", "20240104", EGY, "040", ETH))
    doc = read_gdelt(path)
    assert skipped_codes(doc) == {"190": 2}
    assert [e.type for e in doc.events] == ["appeal", "meeting"]
    assert [s.span.line for s in doc.sentences] == [3, 4] and all(s.understood for s in doc.sentences)


def test_a_known_name_beats_the_country_code_and_a_place_name_leaves_it_to_the_code() -> None:
    resolve = Resolver(Lexicon.default())
    assert resolve.actor("ANTONIO GUTERRES", "", "IGOUNO").entity.key == "antonio_guterres"
    assert resolve.actor("MOSCOW", "RUS", "RUS").entity.key == "russia"
    assert resolve.actor("POLICE", "IND", "INDCOP").entity.key == "india"
    assert resolve.actor("", "", "USAGOV").entity.key == "united_states"
    made = resolve.actor("NORTHERN FRONT COMMAND", "", "")
    assert made.entity.label == "Northern Front Command" and made.entity.kind == "unknown"
    assert resolve.actor("", "", "") is None


def test_list_entries_may_be_iris_codes_or_names() -> None:
    resolve = Resolver(Lexicon.default())
    assert resolve.item("https://w3id.org/reasoner/id/kenya").entity.key == "kenya"
    assert resolve.item("TZA").entity.key == "tanzania" and resolve.item("UG").entity.key == "uganda"
    assert resolve.item("Korea, Republic of").entity.key == "south_korea"


def test_icews_rows_name_countries_as_iso_does(tmp_path: Path) -> None:
    rows = [ICEWS_HEADER,
            ["11", "2019-07-02", "Citizen (Chile)", "Civilian", "Chile", "Consult", "040", "1", "Bolivia",
             "", "Bolivia, Plurinational State of", "9", "1", "Wire", "Santiago", "", "", "Chile", "", ""],
            ["12", "2019-07-03", "Government (Viet Nam)", "Government", "Viet Nam", "Accuse", "112", "-2",
             "China", "", "China", "9", "2", "Wire", "", "", "", "", "", ""]]
    path = tmp_path / "events.2019.tab"
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    source = read(path)
    assert source.kind == "table" and source.format == "icews"
    doc = read_table(source.text, layout("icews"), Lexicon.default(), doc_id="i", source=str(path))
    pairs = [(e.type, e.actors[0].entity.key, e.targets[0].entity.key) for e in doc.events]
    assert pairs == [("meeting", "chile", "bolivia"), ("accusation", "vietnam", "china")]


def test_an_own_spreadsheet_is_read_through_a_column_map(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Day,Who,Whom,Kind\n2023-05-09,Ghana,Togo,visit\n2023-05-10,Ghana,,agreement\n", encoding="utf-8")
    with pytest.raises(InputError, match="pass --format gdelt|icews|csv"):
        read(path)
    shape = layout("csv").mapped({"date": "Day", "actor": "Who", "target": "Whom", "type": "Kind"})
    doc = read_table(path.read_text(), shape, Lexicon.default(), doc_id="s", source=str(path))
    assert [(e.type, e.date) for e in doc.events] == [("visit", dt.date(2023, 5, 9))]
    assert "needs two parties" in doc.sentences[1].diagnostics[0].message


def test_a_map_is_refused_for_headerless_tables_and_unknown_fields() -> None:
    with pytest.raises(InputError, match="gdelt files have none"):
        layout("gdelt").mapped({"actor": "X"})
    with pytest.raises(InputError, match="unknown field 'who'"):
        layout("csv").mapped({"who": "X"})


def test_a_header_without_the_needed_columns_says_what_is_missing(tmp_path: Path) -> None:
    text = "type,when\nmeeting,2020-01-01\n"
    with pytest.raises(InputError, match=r"no event type \(or CAMEO code\) and actor column"):
        read_table(text, layout("csv"), Lexicon.default(), doc_id="x", source="x.csv")
