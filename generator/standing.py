"""Whether the strategy is still running, from its stated period and the calendar, never from figures.

A strategy that ended in 2019 and still reads as live ("This strategy is a draft: it may
change before it is agreed") misleads a resident in 2026. The period comes from the data;
the calendar is the day of the build: ``SOURCE_DATE_EPOCH`` when it is set (so a rebuild
of the same input stays byte-identical), otherwise today. The sentences carry no date of
their own, so a build changes only on the day the strategy's period ends.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal

from .periods import Period, parse_period

if TYPE_CHECKING:  # the build day is read by the quick path, which imports no model
    from .model import Site

Standing = Literal["ended", "current", "not started", "unknown"]


def build_day() -> date:
    """The day this build stands on: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def period_words(period: Period) -> str:
    """'2012 to 2019' for a span of years, otherwise the period as residents read it ('2013/14')."""
    if period.kind == "span":
        return f"{period.start.year} to {period.end.year}"
    return period.display


@dataclass(frozen=True)
class StrategyStanding:
    """Where the strategy stands on the build day, with the sentences that may be said of it.

    Each sentence is written only when its premise holds: ``notice`` only for a strategy
    whose stated period is over; ``draft_note`` only when the data says draft, in the past
    for an ended strategy (a draft of 2012 will not now "change before it is agreed").
    """

    standing: Standing
    period: Period | None
    period_assumed: bool
    draft: bool
    document: str

    @property
    def ended(self) -> bool:
        return self.standing == "ended"

    @property
    def notice(self) -> str | None:
        """The history banner on every page, in GOV.UK's words, for an ended strategy only."""
        if not self.ended or self.period is None:
            return None
        assumed = " (the period is assumed)" if self.period_assumed else ""
        return f"This {self.document} covered {period_words(self.period)}{assumed}. It is no longer current."

    @property
    def when_label(self) -> str:
        """'When it ran' for an ended strategy, 'When it runs' otherwise."""
        return "When it ran" if self.ended else "When it runs"

    @property
    def draft_note(self) -> str | None:
        if not self.draft:
            return None
        if self.ended:
            return f"This is the draft {self.document} as it was published; no agreed version is on this site."
        return f"This {self.document} is a draft: it may change before it is agreed."


def strategy_standing(site: Site, day: date) -> StrategyStanding:
    """Ended, current, not started, or unknown when the data gives no period."""
    strategy = site.strategy
    period = parse_period(strategy.period) if strategy.period else None
    standing: Standing
    if period is None:
        standing = "unknown"
    elif period.end < day:
        standing = "ended"
    elif period.start > day:
        standing = "not started"
    else:
        standing = "current"
    return StrategyStanding(
        standing=standing,
        period=period,
        period_assumed=strategy.period_assumed_because is not None,
        draft=strategy.status == "draft",
        document=strategy.terms.strategy,
    )
