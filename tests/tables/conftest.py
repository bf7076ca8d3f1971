"""Event tables written here, row by row, in the real layouts (GDELT 2.0's 61 columns, ICEWS's
named columns): the rows are our own, the column order and codes are the formats'."""

from __future__ import annotations

from pathlib import Path

from reasoner.resources import grammar_path

GDELT_COLUMNS = [line.split("\t")[0] for line in grammar_path("tables/gdelt.tsv").read_text().splitlines()
                 if line.strip() and not line.startswith(("#", "@"))]
ICEWS_HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
                "Longitude"]


def gdelt_row(**cells: str) -> str:
    row = [""] * len(GDELT_COLUMNS)
    for name, value in cells.items():
        row[GDELT_COLUMNS.index(name)] = value
    return "\t".join(row)


def write_gdelt(path: Path, *rows: str) -> Path:
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def coded(event_id: str, day: str, a1: tuple[str, str, str], code: str, a2: tuple[str, str, str] = ("", "", ""),
          url: str = "", place: str = "", goldstein: str = "") -> str:
    """A GDELT row: actors as (CAMEO actor code, name, country code)."""
    return gdelt_row(GLOBALEVENTID=event_id, SQLDATE=day, Actor1Code=a1[0], Actor1Name=a1[1],
                     Actor1CountryCode=a1[2], Actor2Code=a2[0], Actor2Name=a2[1], Actor2CountryCode=a2[2],
                     EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2], IsRootEvent="1",
                     GoldsteinScale=goldstein, NumMentions="4", AvgTone="-1.5",
                     ActionGeo_FullName=place, SOURCEURL=url)
