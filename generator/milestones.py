"""Milestone dates read from the phrases action plans use, and milestone status.

Action plans write dates as people speak them: "by 01/07/13", "from 01/04/13",
"Sept 2013", "throughout 2013/14", "end of 2013/14". The phrase stays on the page as
written; this module reads what it means — a due date, a start date or a period —
so the site can tell whether a milestone is overdue. Anything it cannot read for
certain is reported, never guessed. Status is judged against the strategy's
``as_of`` date, never the build machine's clock, so a rebuild tomorrow shows the same.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .model import Milestone

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_DUE = re.compile(r"^(?:by the end of|by end of|by|before|end of|no later than|to be completed by)\s+")
_START = re.compile(r"^(?:from|starting|beginning|begin|start)\s+")
_PERIOD = re.compile(r"^(?:throughout|during|over|in|within)\s+")
_ONWARDS = re.compile(r"\s+(?:onwards|and onwards|onward)$")
_YEAR_WORDS = re.compile(r"\s+(?:fiscal|financial) year$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\s+(\d{4})$")
_FINANCIAL = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class When:
    """What a date phrase means: a due date, a start date, a single date or a period."""

    kind: str  # "due" | "start" | "date" | "period"
    start: date
    end: date
    phrase: str

    @property
    def deadline(self) -> date | None:
        """The day after which an unfinished milestone is overdue, if the phrase sets one."""
        return None if self.kind == "start" else self.end

    @property
    def label(self) -> str:
        """The meaning in words, shown next to the phrase as written."""
        if self.kind == "start":
            return f"starts {_day(self.start)}"
        if self.kind == "date":
            return f"on {_day(self.start)}"
        if self.kind == "due":
            return f"due by {_day(self.end)}"
        return f"during {_day(self.start)} to {_day(self.end)}"


def _day(value: date) -> str:
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


class WhenError(ValueError):
    """A date phrase that cannot be read for certain; the message says why."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def _span(text: str) -> tuple[date, date]:
    """The dates a phrase (without its 'by'/'from'/'in') covers."""
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
        try:
            single = date(year, month, day)
        except ValueError:
            raise WhenError(f"'{text}' is not a real date (day/month/year)") from None
        return single, single
    if match := _DAY_MONTH_YEAR.match(text):
        month = MONTHS.get(match[2])
        if month is None:
            raise WhenError(f"'{match[2]}' is not a month")
        single = date(int(match[3]), month, int(match[1]))
        return single, single
    if match := _MONTH_YEAR.match(text):
        month = MONTHS.get(match[1])
        if month is None:
            raise WhenError(f"'{match[1]}' is not a month")
        year = int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if match := _FINANCIAL.match(text):
        first, second = int(match[1]), int(match[2])
        second = second if second > 99 else first - first % 100 + second
        if second != first + 1:
            raise WhenError(f"'{text}' is not a financial year: the second year should be {first + 1}")
        return date(first, 4, 1), date(second, 3, 31)
    if match := _YEAR.match(text):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31)
    raise WhenError(f"'{text}' is not a date this tool can read for certain")


def read_when(phrase: str) -> When:
    """Read a milestone's date phrase; raise WhenError rather than guess."""
    text = " ".join(phrase.lower().replace("(", " ").replace(")", " ").replace(",", " ").split()).strip(" .;")
    kind = "period"
    if match := _DUE.match(text):
        kind, text = "due", text[match.end() :]
    elif match := _START.match(text):
        kind, text = "start", text[match.end() :]
    elif match := _PERIOD.match(text):
        text = text[match.end() :]
    text = _YEAR_WORDS.sub("", text)
    if match := _ONWARDS.search(text):
        kind, text = "start", text[: match.start()]
    try:
        start, end = _span(text.strip())
    except WhenError:
        raise
    except (ValueError, OverflowError):  # a day, month or year no calendar has
        raise WhenError(f"'{phrase}' is not a real date; check the day, month and year") from None
    if kind == "period" and start == end:
        kind = "date"
    return When(kind, start, end, phrase)


MILESTONE_STATUSES = ("overdue", "not started", "in progress", "done", "no update yet")


def milestone_status(milestone: Milestone, as_of: date) -> str:
    """Status in words, judged at ``as_of``: done, in progress, not started, overdue or no update yet."""
    known = [u for u in milestone.updates if u.date <= as_of]
    latest = max(known, key=lambda u: u.date).status if known else None
    if latest == "done":
        return "done"
    deadline = None
    if milestone.when:
        try:
            deadline = read_when(milestone.when).deadline
        except WhenError:
            deadline = None
    if deadline is not None and deadline < as_of:
        return "overdue"
    return latest or "no update yet"
