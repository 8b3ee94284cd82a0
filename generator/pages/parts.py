"""Long lists split into one page per outcome or board, so no page grows with the whole site.

A council's site lists a few dozen targets and milestones on one page each, and that is
what a resident wants. A national site with hundreds of outcomes would put thousands of
rows on the progress page, the indicators list and the milestone tracker — megabytes of
HTML a phone must download to read one row. Past a limit, those pages keep their
summary and link to a part per outcome (or per board), each a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..derive import MilestoneView, Views
from ..formats import slug
from ..model import Indicator, Outcome
from ..progress import Status
from .actions import MilestoneGroup, StatusCounts
from .indicators import ProgressContext, ProgressRow

# Past this many outcomes, the menu lists only the outcomes page (see ``navigation``) and
# the progress and indicator lists are split into one page per outcome.
OUTCOME_LIMIT = 12
# Past this many milestones, the tracker is split into one page per accountable board.
MILESTONE_LIMIT = 150


@dataclass
class ProgressPart:
    """One outcome's targets and measures: a page of its own on a large site."""

    outcome: Outcome
    path: str
    rows: list[ProgressRow] = field(default_factory=list)
    without_target: list[Indicator] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for row in self.rows if row["strand"].check.status is Status.MET)

    @property
    def judged(self) -> int:
        return sum(1 for row in self.rows if row["strand"].check.status in (Status.MET, Status.NOT_MET))


def progress_parts(views: Views, progress: ProgressContext) -> list[ProgressPart]:
    """A part per outcome that has figures, when the site has too many outcomes for one page; else none."""
    site = views.site
    if len(site.outcomes) <= OUTCOME_LIMIT:
        return []
    parts = {o.id: ProgressPart(o, f"progress/{o.id}.md") for o in site.outcomes}
    targeted = set()
    for row in progress["rows"]:
        targeted.add(row["strand"].indicator.id)
        if row["outcome"] is not None:
            parts[row["outcome"].id].rows.append(row)
    for view in views.indicators.values():
        outcome = views.index.outcome_of(view.indicator)
        if view.indicator.id not in targeted and outcome is not None:
            parts[outcome.id].without_target.append(view.indicator)
    return [part for part in parts.values() if part.rows or part.without_target]


@dataclass(frozen=True)
class MilestonePart:
    """One board's milestones: a page of its own on a large site."""

    name: str
    path: str
    rows: list[MilestoneView]
    counts: StatusCounts


def milestone_parts(groups: list[MilestoneGroup]) -> list[MilestonePart]:
    """A part per board, when there are too many milestones for one page; else none.

    When no milestone names a board there is nothing to split by, and the tracker stays one page.
    """
    if sum(len(rows) for _name, rows, _counts in groups) <= MILESTONE_LIMIT:
        return []
    if not any(name for name, _rows, _counts in groups):
        return []
    used: set[str] = set()
    parts = []
    for name, rows, counts in groups:
        path = base = slug(name) or "board"
        number = 1
        while path in used:
            number += 1
            path = f"{base}-{number}"
        used.add(path)
        parts.append(MilestonePart(name, f"milestones/{path}.md", rows, counts))
    return parts
