"""Actions and milestones: their status in words, and the tracker grouped by accountable board."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .milestones import MILESTONE_STATUSES, When, WhenError, milestone_status, read_when, status_words
from .model import Action, Board, Milestone, Outcome, Site

STATUS_ICONS = {
    "done": "✔",
    "in progress": "◐",
    "not started": "○",
    "overdue": "!",
    "no update recorded": "?",
    "no update yet": "…",
}


@dataclass(frozen=True)
class MilestoneView:
    outcome: Outcome
    action: Action
    milestone: Milestone
    status: str
    meaning: str
    status_text: str = ""

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    @property
    def latest_note(self) -> str:
        return self.milestone.updates[-1].note if self.milestone.updates else ""


def milestone_view(site: Site, outcome: Outcome, action: Action, milestone: Milestone) -> MilestoneView:
    meaning = ""
    when: When | None = None
    if milestone.when:
        try:
            when = read_when(milestone.when)
            meaning = when.label
        except WhenError:
            meaning = "date not certain"
    strategy = site.strategy
    status = milestone_status(milestone, strategy.as_of, strategy.as_of_assumed)
    return MilestoneView(outcome, action, milestone, status, meaning, status_words(status, when))


def all_milestones(site: Site) -> list[MilestoneView]:
    return [
        milestone_view(site, outcome, action, milestone)
        for outcome in site.outcomes
        for action in outcome.actions
        for milestone in action.milestones
    ]


def _board_for(site: Site, view: MilestoneView) -> Board | None:
    board_id = view.action.board or view.outcome.delivery_board
    return next((b for b in site.boards if b.id == board_id), None)


def tracker_context(site: Site) -> dict[str, Any]:
    """Milestones grouped by the board accountable for them, with counts per status."""
    views = all_milestones(site)
    groups: dict[str, list[MilestoneView]] = {}
    for view in views:
        board = _board_for(site, view)
        groups.setdefault(board.name if board else "No board named", []).append(view)
    order = {b.name: i for i, b in enumerate(site.boards)}
    grouped = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    return {
        "milestone_views": views,
        "milestone_groups": [(name, rows, _counts(rows)) for name, rows in grouped],
        "milestone_totals": _counts(views),
        "milestone_icons": STATUS_ICONS,
    }


def _counts(views: list[MilestoneView]) -> list[tuple[str, int]]:
    counted = Counter(v.status for v in views)
    return [(status, counted[status]) for status in MILESTONE_STATUSES if counted[status]]


def outcome_milestones(site: Site, outcome: Outcome) -> dict[str, list[MilestoneView]]:
    """For each action id of one outcome, the views of its milestones in order."""
    return {
        action.id: [milestone_view(site, outcome, action, m) for m in action.milestones] for action in outcome.actions
    }
