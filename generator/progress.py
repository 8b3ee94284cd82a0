"""Is it working? Status against targets, direction of travel, gap to a comparator.

Pure functions over lists of (period, value) points: no I/O and no model lookups, so
each rule can be tested on its own and explained on the site in plain words.

Every comparison is made on the figures as the page shows them, at the indicator's
``decimals`` (``compare``, built on ``formats.shown``): a figure that reads 7.2 beside a
target that reads 7.2 is equal to it, and so meets it, whatever digits the data holds
beyond those shown. The words and the numbers beside them can then never disagree.
``decimals=None`` (no precision known) compares the values as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .formats import shown
from .periods import Period, parse_period

ON_COURSE_RATIO = 0.95
"""Share of the required yearly rate of change that counts as "on course" (Open SDG uses 0.95)."""


class Status(StrEnum):
    MET = "Target met"
    NOT_MET = "Not met"
    NO_RESULT = "No figure on this site"
    NO_DATA = "No data yet"
    NO_TARGET = "No target"


# Each status's symbol, an extra cue beside the words (never instead of them).
TARGET_ICONS = {
    Status.MET: "✔",
    Status.NOT_MET: "✘",
    Status.NO_RESULT: "?",
    Status.NO_DATA: "…",
    Status.NO_TARGET: "–",
}


class Course(StrEnum):
    MET = "Target met"
    MISSED = "Not met by its end date"
    ON_COURSE = "On course"
    NOT_ON_COURSE = "Progress, but not on course"
    AWAY = "Moving away from the target"
    NO_DATA = "Not enough figures to judge"


@dataclass(frozen=True, order=True)
class Point:
    """One figure for one period."""

    period: Period
    value: float

    @classmethod
    def of(cls, period: str, value: float) -> Point:
        return cls(parse_period(period), value)


@dataclass(frozen=True)
class TargetCheck:
    """The latest actual against the target it is measured against.

    ``missing`` are the later target periods that had ended by the site's date with no
    figure in the data: a resident should read "no figure on this site for 2011–2013",
    never "no data yet", about a period that is over.
    """

    status: Status
    actual: Point | None = None
    target: Point | None = None
    after_last_target: bool = False
    missing: tuple[Period, ...] = ()

    @property
    def last_missing(self) -> Period | None:
        return self.missing[-1] if self.missing else None


def compare(a: float, b: float, decimals: int | None = None) -> int:
    """-1, 0 or 1 as ``a`` is below, the same as or above ``b`` when both are shown at ``decimals`` places.

    The one comparison every judgement here and every comparison word in ``describe``
    goes through, so that "above", "met", "narrowed" or "no change" always agree with
    the figures a resident reads: two figures that show the same are the same.
    """
    x, y = shown(a, decimals), shown(b, decimals)
    return (x > y) - (x < y)


def difference(a: float, b: float, decimals: int | None = None) -> float:
    """``a - b`` as a reader works it out from the two figures shown: 7.2349 - 7.16 is 0.0 at one decimal, not 0.07.

    The difference of two shown figures is itself exact at ``decimals`` places, so
    writing it at that precision never turns a real gap into "0.0", nor hides one.
    """
    return shown(shown(a, decimals) - shown(b, decimals), decimals)


def meets(actual: float, target: float, polarity: str | None, decimals: int | None = None) -> bool:
    """Whether a value meets a target, as shown at ``decimals`` places. Polarity says which way is better.

    A value that shows the same as its target meets it, whichever way is better: the
    page then reads "7.2, equal to the target of 7.2", and "not met" would contradict it.
    """
    side = compare(actual, target, decimals)
    return side <= 0 if polarity == "lower" else side >= 0


def ended_by(period: Period, as_of: date | None) -> bool:
    """Whether a period was over on the site's date (on ``as_of`` itself counts as over)."""
    return as_of is not None and period.end <= as_of


def check_target(
    actual: Sequence[Point],
    target: Sequence[Point],
    polarity: str | None,
    as_of: date | None = None,
    decimals: int | None = None,
) -> TargetCheck:
    """Compare the latest actual with the target for the same period.

    When the latest actual is later than every target, the last target (the end goal)
    still applies. Actuals from before the first target (a baseline) are not judged.
    Target periods after the latest actual that ended by ``as_of`` are listed as
    missing; with no actual to judge at all, the status says whether a result is
    missing for a period that is over or whether the first period is still to come.
    Met or not is judged on the figures as shown at ``decimals`` places (``meets``).
    """
    if not target:
        return TargetCheck(Status.NO_TARGET)
    targets = {p.period: p for p in target}
    last_target = max(target)
    judged = [p for p in actual if p.period in targets or p.period > last_target.period]
    have = {p.period for p in actual}
    after = max(judged).period if judged else None
    missing = tuple(
        sorted(
            p.period
            for p in target
            if p.period not in have and ended_by(p.period, as_of) and (after is None or p.period > after)
        )
    )
    if not judged:
        return TargetCheck(Status.NO_RESULT if missing else Status.NO_DATA, missing=missing)
    latest = max(judged)
    goal = targets.get(latest.period, last_target)
    status = Status.MET if meets(latest.value, goal.value, polarity, decimals) else Status.NOT_MET
    return TargetCheck(status, latest, goal, latest.period not in targets, missing)


def final_target(target: Sequence[Point], final: Period | None = None) -> Point | None:
    """The aim of a trajectory: the value the data marks as final, otherwise the last one.

    The other values are interim steps on the way to it.
    """
    if not target:
        return None
    if final is not None:
        marked = next((p for p in target if p.period == final), None)
        if marked is not None:
            return marked
    return max(target)


def direction(baseline: Point | None, latest: Point | None, polarity: str | None, decimals: int | None = None) -> str:
    """Direction of travel since the baseline, in words that honour polarity.

    Judged on the figures as shown: two that read the same are "No change", never
    "Getting worse" beside 7.2 and 7.2.
    """
    if baseline is None or latest is None or latest.period <= baseline.period:
        return "Not enough data yet"
    side = compare(latest.value, baseline.value, decimals)
    if side == 0:
        return "No change"
    went_up = side > 0
    if polarity is None:
        return "Going up" if went_up else "Going down"
    better = went_up if polarity == "higher" else not went_up
    return "Getting better" if better else "Getting worse"


@dataclass(frozen=True)
class Gap:
    """How far a local series is from its comparator, then and now.

    Each gap is the difference of the two figures as shown at ``decimals`` places, so
    the gap a sentence states is the one a reader works out from the table beside it.
    """

    first: Point
    first_comparator: Point
    latest: Point
    latest_comparator: Point
    decimals: int | None = None

    @property
    def first_gap(self) -> float:
        return difference(self.first.value, self.first_comparator.value, self.decimals)

    @property
    def latest_gap(self) -> float:
        return difference(self.latest.value, self.latest_comparator.value, self.decimals)

    @property
    def narrowed(self) -> bool | None:
        """True when the gap shrank, False when it grew, None when it is the same or only one period is shared.

        The same means the same size as shown, whichever side of the comparator it is on.
        """
        if self.first.period == self.latest.period:
            return None
        side = compare(abs(self.latest_gap), abs(self.first_gap), self.decimals)
        return None if side == 0 else side < 0


def comparator_gap(local: Sequence[Point], comparator: Sequence[Point], decimals: int | None = None) -> Gap | None:
    """The gap in the first and the latest period both series have, or None if they share none."""
    theirs = {p.period: p for p in comparator}
    shared = sorted(p for p in local if p.period in theirs)
    if not shared:
        return None
    return Gap(shared[0], theirs[shared[0].period], shared[-1], theirs[shared[-1].period], decimals)


#: The shortest time, in years, over which a yearly rate of change is worked out.
MIN_YEARS = 0.25


def _years(period: Period) -> float:
    """The middle of a period, in years, so that spans and single years share one time axis."""
    middle = period.start.toordinal() + (period.end.toordinal() - period.start.toordinal()) / 2
    return middle / 365.2425


@dataclass(frozen=True)
class CourseCheck:
    """Whether the change since the baseline is fast enough to reach the target in time."""

    course: Course
    ratio: float | None = None
    latest: Point | None = None


def ambition_course(
    baseline: Point, target: Point, latest: Point | None, polarity: str | None, decimals: int | None = None
) -> CourseCheck:
    """Compare the yearly rate of change so far with the rate needed to reach the target.

    This is the growth-rate method Statistics Canada uses for the SDGs: the actual
    compound yearly change since the baseline divided by the compound yearly change the
    target needs. At least 0.95 of the needed rate is on course; below 0 moves away.
    A figure for the target's own period (or later) that does not meet it is no longer
    a question of pace: the target was missed. Like every judgement here, this one is
    made on the figures as shown at ``decimals`` places, so "already reached" agrees
    with "Target met" and with the numbers beside them.
    """
    if latest is None or latest.period <= baseline.period:
        return CourseCheck(Course.NO_DATA)
    start, goal, now = (shown(p.value, decimals) for p in (baseline, target, latest))
    if meets(now, goal, polarity) and goal != start:
        return CourseCheck(Course.MET, None, latest)
    if latest.period >= target.period and not meets(now, goal, polarity):
        return CourseCheck(Course.MISSED, None, latest)
    needed_years = _years(target.period) - _years(baseline.period)
    elapsed_years = _years(latest.period) - _years(baseline.period)
    # A pace needs time: periods whose middles are under a quarter of a year apart (2008-2010, then
    # 2009; a year, then a day in it) give no rate, only a division by nearly nothing.
    if start <= 0 or goal <= 0 or now <= 0 or min(needed_years, elapsed_years) < MIN_YEARS:
        return CourseCheck(Course.NO_DATA)
    try:
        needed = (goal / start) ** (1 / needed_years) - 1
        actual = (now / start) ** (1 / elapsed_years) - 1
    except OverflowError:  # a change of many orders of magnitude: no pace a sentence can state
        return CourseCheck(Course.NO_DATA)
    if needed == 0:
        met = meets(now, goal, polarity)
        return CourseCheck(Course.ON_COURSE if met else Course.AWAY, None, latest)
    ratio = actual / needed
    if ratio >= ON_COURSE_RATIO:
        return CourseCheck(Course.ON_COURSE, ratio, latest)
    if ratio > 0:
        return CourseCheck(Course.NOT_ON_COURSE, ratio, latest)
    return CourseCheck(Course.AWAY, ratio, latest)


#: The places a change in per cent is written to: "-17.8%".
PERCENT_DECIMALS = 1


def percent_change(baseline: float, target: float, decimals: int | None = None) -> float | None:
    """The change from baseline to target as a percentage of the baseline, both as shown at ``decimals`` places.

    None when the baseline shows as zero or below: there is no per cent of nothing, and
    a per cent of a negative baseline has the opposite sign to the change ("-50%" for a
    rise from -2 to -1), so any number written would contradict the figures.
    """
    start, end = shown(baseline, decimals), shown(target, decimals)
    if start <= 0:
        return None
    return (end - start) / start * 100


def change_words(baseline: float, target: float, decimals: int | None = None) -> str:
    """'-17.8%', 'No change', or '' when no per cent can be written truthfully.

    Figures that show the same are "No change", not "+0.0%". A change that would round
    to 0.0% between figures that show different values is not written either (it would
    say "no change" in numbers beside two numbers that differ), nor is one from a
    baseline of zero or below (``percent_change``).
    """
    if compare(target, baseline, decimals) == 0:
        return "No change"
    change = percent_change(baseline, target, decimals)
    if change is None or shown(change, PERCENT_DECIMALS) == 0:
        return ""
    return f"{shown(change, PERCENT_DECIMALS):+.{PERCENT_DECIMALS}f}%"
