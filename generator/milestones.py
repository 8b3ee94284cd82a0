"""Milestone dates read from the phrases action plans use, and milestone status.

Action plans write dates as people speak them: "by 01/07/13", "from 01/04/13",
"Sept 2013", "throughout 2013/14", "end of 2013/14", and sometimes two steps in one
("May 2013 and by Dec 2013"). The phrase stays on the page as written; this module
reads what it means — a due date, a start date or a period — so the site can tell
whether a milestone is overdue. Anything it cannot read for certain is reported,
never guessed. Status is judged against the strategy's ``as_of`` date, never the
build machine's clock, so a rebuild tomorrow shows the same; and when that date is
itself assumed, no milestone is called overdue on the strength of it.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .formats import long_date
from .model import Meeting, Milestone, StatusUpdate
from .periods import PeriodError, compact_period, financial_year

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
_AND = re.compile(r"\s+(?:and|then)\s+")
_AT_MEETING = re.compile(r"^at\s+([a-z0-9]+(?:-[a-z0-9]+)*)$")


def _whole_month(start: date, end: date) -> bool:
    return start.day == 1 and end.month == start.month and end.year == start.year and (end + timedelta(1)).day == 1


def _financial_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1


def _span_words(start: date, end: date) -> str:
    """A span as residents say it: 'May 2013', '2013/14', '2013', or 'd Month yyyy to d Month yyyy'."""
    if start == end:
        return long_date(start)
    if _whole_month(start, end):
        return f"{calendar.month_name[start.month]} {start.year}"
    if _financial_year(start, end):
        return f"{start.year}/{str(end.year)[2:]}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{long_date(start)} to {long_date(end)}"


@dataclass(frozen=True)
class When:
    """What a date phrase means: a due date, a start date, a single date or a period.

    A phrase with two steps ("May 2013 and by Dec 2013") keeps both in ``steps``; the
    milestone as a whole is due when its last step is.
    """

    kind: str  # "due" | "start" | "date" | "period"
    start: date
    end: date
    phrase: str
    steps: tuple[When, ...] = ()
    meeting: str = ""
    """The title of the board meeting the milestone is due at, when ``when`` names one."""

    @property
    def deadline(self) -> date | None:
        """The day after which an unfinished milestone is overdue, if the phrase sets one."""
        if self.steps:
            last = self._last_due
            return last.deadline if last else None
        return None if self.kind == "start" else self.end

    @property
    def _last_due(self) -> When | None:
        """The step due last: the milestone is finished only when every step is."""
        due = [step for step in self.steps if step.deadline is not None]
        return max(due, key=lambda step: step.end) if due else None

    @property
    def label(self) -> str:
        """The meaning in words, shown next to the phrase as written."""
        if self.meeting:
            return f"{self.meeting}, {long_date(self.end)}"
        if self.steps:
            return " and ".join(step.label for step in self.steps)
        if self.kind == "start":
            return f"starts {long_date(self.start)}"
        if self.kind == "date":
            return f"on {long_date(self.start)}"
        if self.kind == "due":
            return f"due by {long_date(self.end)}"
        if _whole_month(self.start, self.end):
            return f"in {_span_words(self.start, self.end)}"
        return f"during {long_date(self.start)} to {long_date(self.end)}"

    @property
    def due_words(self) -> str:
        """'by January 2013': the deadline as the source gives it, at the source's own precision."""
        if self.steps:
            last = self._last_due
            return last.due_words if last else ""
        words = _span_words(self.start, self.end)
        if self.start == self.end or _whole_month(self.start, self.end):
            return f"by {words}"
        return f"by the end of {words}"


def _plain(text: str) -> str:
    """A date phrase without case, ordinals ('2nd'), punctuation or the words 'due', 'on' and 'in' ('March 2024'
    and 'in March 2024' say the same)."""
    text = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", text.casefold())
    words = re.sub(r"[^\w\s/]", " ", text).split()
    return " ".join(word for word in words if word not in {"due", "on", "in"})


def restates(phrase: str, label: str) -> bool:
    """True when the meaning in words only repeats the phrase ('by 2nd January 2014', 'due by 2 January 2014').

    The meaning is printed beside the phrase to settle what an ambiguous phrase says;
    when it says nothing the phrase did not, printing it reads as a stutter.
    """
    return _plain(phrase) == _plain(label)


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
        named = MONTHS.get(match[2])
        if named is None:
            raise WhenError(f"'{match[2]}' is not a month")
        single = date(int(match[3]), named, int(match[1]))
        return single, single
    if match := _MONTH_YEAR.match(text):
        named = MONTHS.get(match[1])
        if named is None:
            raise WhenError(f"'{match[1]}' is not a month")
        month = named
        year = int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if match := _FINANCIAL.match(compact_period(text)):
        try:
            return financial_year(int(match[1]), match[2])
        except PeriodError as exc:
            raise WhenError(f"'{text}' is not a financial year: {exc}") from None
    if match := _YEAR.match(text):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31)
    raise WhenError(f"'{text}' is not a date this tool can read for certain")


def meeting_named(phrase: str) -> str | None:
    """The meeting id in a phrase like 'at may-board', or None when the phrase is a date."""
    match = _AT_MEETING.match(phrase.strip())
    return match[1] if match else None


def read_when(phrase: str, meetings: Mapping[str, Meeting] | None = None) -> When:
    """Read a milestone's date phrase; raise WhenError rather than guess.

    Two steps joined by "and" are each read on their own and kept together. A phrase
    'at <meeting id>' is due on the day of that board meeting.
    """
    if (meeting_id := meeting_named(phrase)) is not None:
        meeting = (meetings or {}).get(meeting_id)
        if meeting is None:
            raise WhenError(f"there is no board meeting with id '{meeting_id}'")
        return When("due", meeting.date, meeting.date, phrase, meeting=meeting.title)
    text = " ".join(phrase.lower().replace("(", " ").replace(")", " ").replace(",", " ").split()).strip(" .;")
    parts = _AND.split(text)
    if len(parts) > 1:
        steps = tuple(_read_one(part) for part in parts)
        if any(b.start < a.start for a, b in itertools.pairwise(steps)):
            raise WhenError(f"the dates in '{phrase.strip()}' are not in order; write the earlier step first")
        last = steps[-1]
        return When(last.kind, steps[0].start, last.end, phrase, steps)
    return _read_one(text, phrase)


def _read_one(text: str, phrase: str | None = None) -> When:
    """Read one date phrase, already lower-cased and tidied."""
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
        raise WhenError(f"'{phrase or text}' is not a real date; check the day, month and year") from None
    if kind == "period" and start == end:
        kind = "date"
    return When(kind, start, end, phrase if phrase is not None else text)


MILESTONE_STATUSES = ("overdue", "no update recorded", "not started", "in progress", "done", "no update yet")
# Each status's symbol, an extra cue beside the words (never instead of them).
MILESTONE_ICONS = {
    "done": "✔",
    "in progress": "◐",
    "not started": "○",
    "overdue": "!",
    "no update recorded": "?",
    "no update yet": "…",
}


def latest_update(milestone: Milestone, as_of: date | None) -> StatusUpdate | None:
    """The one update a page reports, for its status and its note alike.

    The update with the latest date on or before ``as_of`` (every update, with no
    ``as_of``); of two on that day, the one written later in the list. An update dated
    after ``as_of`` is not reported yet: the figures are as of that day, and so is this.
    """
    latest: StatusUpdate | None = None
    for update in milestone.updates:
        if (as_of is None or update.date <= as_of) and (latest is None or update.date >= latest.date):
            latest = update
    return latest


def milestone_status(
    milestone: Milestone,
    as_of: date | None,
    as_of_assumed: bool = False,
    meetings: Mapping[str, Meeting] | None = None,
) -> str:
    """Status in words, judged at ``as_of``: done, in progress, not started, overdue or no update yet.

    "Overdue" says a named service missed a commitment, so it needs a real date to be
    judged at. When ``as_of`` is assumed, a milestone whose date has passed with no
    update is "no update recorded" instead; with no ``as_of`` at all, nothing is judged
    against a date and the latest update speaks for itself.
    """
    update = latest_update(milestone, as_of)
    latest = update.status if update else None
    if latest == "done":
        return "done"
    deadline = None
    if milestone.when:
        try:
            deadline = read_when(milestone.when, meetings).deadline
        except WhenError:
            deadline = None
    if deadline is not None and as_of is not None and deadline < as_of:
        if not as_of_assumed:
            return "overdue"
        return latest or "no update recorded"
    return latest or "no update yet"


def status_word(status: str, no_update: str = "no update yet") -> str:
    """A status as it reads inside a sentence ('3 no update yet'), in the council's words for 'no update yet'."""
    return no_update if status == "no update yet" else status


def milestone_status_words(status: str, when: When | None, no_update: str = "no update yet") -> str:
    """The status as a page shows it: 'Due by January 2013 – no update recorded' names the date it was due.

    ``no_update`` is the strategy's word for a status with no update yet (``terms.no_update``).
    """
    if status == "no update recorded" and when is not None:
        return f"Due {when.due_words} – no update recorded"
    return status_word(status, no_update).capitalize()
