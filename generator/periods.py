"""Parse and order the periods figures are published for.

Public-health data comes for single years (``2012``), financial years (``2014/15``),
pooled spans of years (``2008-2010``), quarters (``Q3 2014``), and dates.
Comparing an actual with "the target for the same period" and drawing series on one
time axis both need these as ordered values, not strings.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .formats import long_date

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-"})

_YEAR = re.compile(r"^(\d{4})$")
_FINANCIAL = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")
_SPAN = re.compile(r"^(\d{4})-(\d{4}|\d{2})$")
_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})(?:/(\d{2}|\d{4}))?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

PERIOD_FORMS = "2012, 2014/15, 2008-2010, Q3 2014, Q3 2014/15 or 2014-03-31"


class PeriodError(ValueError):
    """A period that cannot be read; the message says what forms are understood."""


@dataclass(frozen=True, order=True)
class Period:
    """A stretch of time, ordered by where it starts and then where it ends."""

    start: date
    end: date
    label: str
    kind: str

    def __str__(self) -> str:
        return self.label

    @property
    def display(self) -> str:
        """The label as residents read it: an en dash in spans, a day in words (4 March 2022, not 2022-03-04)."""
        if self.kind == "span":
            return self.label.replace("-", "–")
        if self.kind == "date":
            return long_date(self.start)
        return self.label


def _full_end_year(start_year: int, end_text: str) -> int:
    if len(end_text) == 4:
        return int(end_text)
    century = start_year - start_year % 100
    end_year = century + int(end_text)
    return end_year + 100 if end_year < start_year else end_year


def financial_year(first: int, second_text: str) -> tuple[date, date]:
    """1 April to 31 March of the financial year written ``first``/``second_text`` (2014/15, 2014/2015).

    The one reading of a financial year, for periods in data and for milestone phrases
    alike; raises PeriodError when the second year does not follow the first.
    """
    second = _full_end_year(first, second_text)
    if second != first + 1:
        raise PeriodError(f"the second year should be {first + 1}")
    return date(first, 4, 1), date(second, 3, 31)


def compact_period(text: str) -> str:
    """A period as typed (``2014 – 15``, ``2014 / 15``) in the one form both readers match: ``2014-15``."""
    raw = text.strip().translate(_DASHES)
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s*/\s*", "/", raw))


@lru_cache(maxsize=8192)
def parse_period(text: str | int) -> Period:
    """Read a period written by an editor; raise PeriodError with a hint if it is not one.

    Cached because every value of every series names its period: a national site parses
    the same few dozen strings hundreds of thousands of times.
    """
    compact = compact_period(str(text))
    if match := _YEAR.match(compact):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), compact, "year")
    if match := _FINANCIAL.match(compact):
        try:
            start, end = financial_year(int(match[1]), match[2])
        except PeriodError:
            raise PeriodError(
                f"period '{text}' is not a financial year: the second year must follow the first (for example 2014/15)"
            ) from None
        return Period(start, end, f"{start.year}/{str(end.year)[2:]}", "financial_year")
    if match := _DATE.match(compact):
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise PeriodError(f"period '{text}' is not a real date ({exc})") from None
        return Period(day, day, compact, "date")
    if match := _SPAN.match(compact):
        first = int(match[1])
        if _full_end_year(first, match[2]) == first + 1:  # 2014-15, 2013-2014, 1999-00
            start, end = financial_year(first, match[2])  # a financial year, as UK public bodies write it
            return Period(start, end, f"{start.year}/{str(end.year)[2:]}", "financial_year")
        last = int(match[2]) if len(match[2]) == 4 else first - first % 100 + int(match[2])
        if last < first:
            raise PeriodError(
                f"period '{text}' runs backwards: {last} is before {first}; "
                f"write the earlier year first, for example {last}-{first}"
            )
        if last == first:
            raise PeriodError(f"period '{text}' starts and ends in the same year; write {first}")
        label = f"{first}-{last}"
        return Period(date(first, 1, 1), date(last, 12, 31), label, "span")
    if match := _QUARTER.match(compact):
        quarter, year = int(match[1]), int(match[2])
        if match[3] is None:  # Q3 2014: the calendar's third quarter, July to September
            first_month, label = 3 * (quarter - 1) + 1, f"Q{quarter} {year}"
        else:  # Q3 2014/15: the third quarter of that financial year, October to December 2014
            try:
                financial_year(year, match[3])
            except PeriodError:
                raise PeriodError(
                    f"period '{text}' names a financial year whose second year does not follow the first; "
                    f"write Q{quarter} {year}/{str(year + 1)[2:]}"
                ) from None
            first_month = 3 * quarter + 1  # Q1 is April to June
            year, first_month = (year + 1, first_month - 12) if first_month > 12 else (year, first_month)
            label = f"Q{quarter} {int(match[2])}/{str(int(match[2]) + 1)[2:]}"
        last_day = calendar.monthrange(year, first_month + 2)[1]
        return Period(date(year, first_month, 1), date(year, first_month + 2, last_day), label, "quarter")
    raise PeriodError(f"'{text}' is not a period this tool can read; write it as one of {PERIOD_FORMS}")


def is_period(text: str | int) -> bool:
    """True when ``text`` parses; for checks that only need a yes or no."""
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True
