"""Is it working? Status against targets, direction of travel, gap to a comparator.

Pure functions over lists of (period, value) points: no I/O and no model lookups, so
each rule can be tested on its own and explained on the site in plain words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .periods import Period, parse_period

ON_COURSE_RATIO = 0.95
"""Share of the required yearly rate of change that counts as "on course" (Open SDG uses 0.95)."""


class Status(StrEnum):
    MET = "Target met"
    NOT_MET = "Not met"
    NO_RESULT = "No result published"
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
    figure in the data: a resident should read "no result published for 2011–2013",
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


def meets(actual: float, target: float, polarity: str | None) -> bool:
    """Whether a value meets a target; equal counts as met. Polarity says which way is better."""
    if polarity == "lower":
        return actual <= target
    return actual >= target


def ended_by(period: Period, as_of: date | None) -> bool:
    """Whether a period was over on the site's date (on ``as_of`` itself counts as over)."""
    return as_of is not None and period.end <= as_of


def check_target(
    actual: Sequence[Point], target: Sequence[Point], polarity: str | None, as_of: date | None = None
) -> TargetCheck:
    """Compare the latest actual with the target for the same period.

    When the latest actual is later than every target, the last target (the end goal)
    still applies. Actuals from before the first target (a baseline) are not judged.
    Target periods after the latest actual that ended by ``as_of`` are listed as
    missing; with no actual to judge at all, the status says whether a result is
    missing for a period that is over or whether the first period is still to come.
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
    status = Status.MET if meets(latest.value, goal.value, polarity) else Status.NOT_MET
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


def direction(baseline: Point | None, latest: Point | None, polarity: str | None) -> str:
    """Direction of travel since the baseline, in words that honour polarity."""
    if baseline is None or latest is None or latest.period <= baseline.period:
        return "Not enough data yet"
    if latest.value == baseline.value:
        return "No change"
    went_up = latest.value > baseline.value
    if polarity is None:
        return "Going up" if went_up else "Going down"
    better = went_up if polarity == "higher" else not went_up
    return "Getting better" if better else "Getting worse"


@dataclass(frozen=True)
class Gap:
    """How far a local series is from its comparator, then and now."""

    first: Point
    first_comparator: Point
    latest: Point
    latest_comparator: Point

    @property
    def first_gap(self) -> float:
        return self.first.value - self.first_comparator.value

    @property
    def latest_gap(self) -> float:
        return self.latest.value - self.latest_comparator.value

    @property
    def narrowed(self) -> bool | None:
        """True when the gap shrank, False when it grew, None when it is the same or only one period is shared."""
        first, latest = round(abs(self.first_gap), 9), round(abs(self.latest_gap), 9)  # no float noise
        if self.first.period == self.latest.period or first == latest:
            return None
        return latest < first


def comparator_gap(local: Sequence[Point], comparator: Sequence[Point]) -> Gap | None:
    """The gap in the first and the latest period both series have, or None if they share none."""
    theirs = {p.period: p for p in comparator}
    shared = sorted(p for p in local if p.period in theirs)
    if not shared:
        return None
    return Gap(shared[0], theirs[shared[0].period], shared[-1], theirs[shared[-1].period])


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


def ambition_course(baseline: Point, target: Point, latest: Point | None, polarity: str | None) -> CourseCheck:
    """Compare the yearly rate of change so far with the rate needed to reach the target.

    This is the growth-rate method Statistics Canada uses for the SDGs: the actual
    compound yearly change since the baseline divided by the compound yearly change the
    target needs. At least 0.95 of the needed rate is on course; below 0 moves away.
    A figure for the target's own period (or later) that does not meet it is no longer
    a question of pace: the target was missed.
    """
    if latest is None or latest.period <= baseline.period:
        return CourseCheck(Course.NO_DATA)
    if meets(latest.value, target.value, polarity) and target.value != baseline.value:
        return CourseCheck(Course.MET, None, latest)
    if latest.period >= target.period and not meets(latest.value, target.value, polarity):
        return CourseCheck(Course.MISSED, None, latest)
    needed_years = _years(target.period) - _years(baseline.period)
    elapsed_years = _years(latest.period) - _years(baseline.period)
    # A pace needs time: periods whose middles are under a quarter of a year apart (2008-2010, then
    # 2009; a year, then a day in it) give no rate, only a division by nearly nothing.
    if baseline.value <= 0 or target.value <= 0 or latest.value <= 0 or min(needed_years, elapsed_years) < MIN_YEARS:
        return CourseCheck(Course.NO_DATA)
    try:
        needed = (target.value / baseline.value) ** (1 / needed_years) - 1
        actual = (latest.value / baseline.value) ** (1 / elapsed_years) - 1
    except OverflowError:  # a change of many orders of magnitude: no pace a sentence can state
        return CourseCheck(Course.NO_DATA)
    if needed == 0:
        met = meets(latest.value, target.value, polarity)
        return CourseCheck(Course.ON_COURSE if met else Course.AWAY, None, latest)
    ratio = actual / needed
    if ratio >= ON_COURSE_RATIO:
        return CourseCheck(Course.ON_COURSE, ratio, latest)
    if ratio > 0:
        return CourseCheck(Course.NOT_ON_COURSE, ratio, latest)
    return CourseCheck(Course.AWAY, ratio, latest)


def percent_change(baseline: float, target: float) -> float:
    """The change from baseline to target as a percentage of the baseline."""
    return (target - baseline) / baseline * 100 if baseline else 0.0
