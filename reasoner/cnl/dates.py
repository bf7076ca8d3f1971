"""Date expressions: "on February 4", "on 4 February 2022", "2022-02-04", "in 2019", "since 2019",
"on Monday", "yesterday", resolved against the publication date of the document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reasoner.cnl.words import DATE_PREPS, MONTHS, RELATIVE_DAYS, WEEKDAYS


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date as written, with what it resolves to."""

    text: str
    prep: str | None  # "on", "since", "in", ... or None
    date: dt.date | None  # the resolved day (the first day for a month or a year)
    precision: str  # "day", "month" or "year"
    forward: dt.date | None = None  # a weekday's next occurrence, for planned events ("will meet on Friday")

    @property
    def is_point(self) -> bool:
        """Whether this can date an event ("since 2019" starts a range, it dates nothing)."""
        return self.prep not in ("since", "until", "till", "before", "after", "from") and self.date is not None


def _year(word: str) -> int | None:
    return int(word) if re.fullmatch(r"(1[89]|20|21)\d\d", word) else None


def _day(word: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def _make(year: int | None, month: int, day: int, published: dt.date | None) -> dt.date | None:
    year = year or (published.year if published else None)
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def could_start_date(word: str) -> bool:
    """Whether a date expression can start with this (lowercased) word: :func:`match_date`
    finds none at a word for which this is False."""
    return (word[:1].isdigit() or word in DATE_PREPS or word in MONTHS or word in WEEKDAYS
            or word in RELATIVE_DAYS or (word.endswith(".") and word[:-1] in MONTHS))


def match_date(words: list[str], published: dt.date | None) -> tuple[DateExpr, int] | None:
    """A date expression at the start of ``words`` (lowercased), with the number of words used."""
    prep = None
    i = 0
    if len(words) > 1 and words[0] in DATE_PREPS:
        prep, i = words[0], 1
    found = _bare_date(words[i:], published)
    if found is None:
        return None
    date, precision, used = found
    if prep == "of" and precision != "day":
        return None
    text = " ".join(words[: i + used])
    forward = _forward(words[i], published)
    return DateExpr(text, prep, date, precision, forward), i + used


def _forward(word: str, published: dt.date | None) -> dt.date | None:
    """The next such weekday after the publication date (1 to 7 days on)."""
    if word not in WEEKDAYS or published is None:
        return None
    ahead = (WEEKDAYS[word] - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=ahead)


def _bare_date(w: list[str], published: dt.date | None) -> tuple[dt.date | None, str, int] | None:
    if not w:
        return None
    if w[0].endswith(".") and w[0][:-1] in MONTHS:  # "Jan. 26"
        w = [w[0][:-1], *w[1:]]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", w[0]):
        try:
            return dt.date.fromisoformat(w[0]), "day", 1
        except ValueError:
            return None
    if w[0] in MONTHS and len(w) > 1 and _day(w[1]):  # February 4 (, 2022)
        used = 2
        year = None
        rest = w[2:]
        if rest[:1] == [","] and len(rest) > 1 and _year(rest[1]):
            year, used = _year(rest[1]), 4
        elif rest and _year(rest[0]):
            year, used = _year(rest[0]), 3
        return _make(year, MONTHS[w[0]], _day(w[1]) or 1, published), "day", used
    if _day(w[0]) and len(w) > 1 and w[1] in MONTHS:  # 4 February (2022)
        year = _year(w[2]) if len(w) > 2 else None
        return _make(year, MONTHS[w[1]], _day(w[0]) or 1, published), "day", 3 if year else 2
    if w[0] in MONTHS and len(w[0]) > 3 and len(w) > 1 and _year(w[1]):  # February 2022
        return dt.date(_year(w[1]) or 1, MONTHS[w[0]], 1), "month", 2
    if _year(w[0]):
        return dt.date(_year(w[0]) or 1, 1, 1), "year", 1
    if w[0] in WEEKDAYS and published:
        back = (published.weekday() - WEEKDAYS[w[0]]) % 7
        return published - dt.timedelta(days=back), "day", 1
    if w[0] in RELATIVE_DAYS:
        when = published + dt.timedelta(days=RELATIVE_DAYS[w[0]]) if published else None
        return when, "day", 1
    return None
