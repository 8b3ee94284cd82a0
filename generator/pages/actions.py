"""The milestone tracker and each outcome's milestones, read from the derived views."""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

from ..derive import MilestoneView, Views
from ..milestones import MILESTONE_ICONS, MILESTONE_STATUSES
from ..model import Outcome

StatusCounts = list[tuple[str, int]]
"""How many milestones have each status, in the tracker's order of statuses, leaving out the zeros."""
MilestoneGroup = tuple[str, list[MilestoneView], StatusCounts]
"""One accountable board's name, its milestones and their counts."""


class TrackerContext(TypedDict):
    """Part of every page's context: the home page links to the tracker only when there are milestones."""

    milestone_views: list[MilestoneView]
    milestone_groups: list[MilestoneGroup]
    milestone_totals: StatusCounts
    milestone_icons: dict[str, str]
    milestones_tracked: bool


def tracker_context(views: Views) -> TrackerContext:
    """Milestones grouped by the board accountable for them, with counts per status.

    ``milestones_tracked`` is the premise of every status word: a strategy whose data
    records no update on any milestone does not track progress, so no milestone is called
    "no update yet" (pending) — the pages show what was planned and when, and say so.
    """
    site = views.site
    every = views.all_milestones()
    groups: dict[str, list[MilestoneView]] = {}
    for view in every:
        delivery_board = view.outcome.delivery_board if view.outcome else None
        board = views.index.boards.get(view.action.board or delivery_board or "")
        no_board = f"{site.strategy.terms.milestones.capitalize()} with no {site.strategy.terms.board} given"
        groups.setdefault(board.name if board else no_board, []).append(view)
    order = {b.name: i for i, b in enumerate(site.boards)}
    grouped = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    return {
        "milestone_views": every,
        "milestone_groups": [(name, rows, _counts(rows)) for name, rows in grouped],
        "milestone_totals": _counts(every),
        "milestone_icons": MILESTONE_ICONS,
        "milestones_tracked": any(view.milestone.updates for view in every),
    }


def _counts(views: list[MilestoneView]) -> StatusCounts:
    counted = Counter(v.status for v in views)
    return [(status, counted[status]) for status in MILESTONE_STATUSES if counted[status]]


def outcome_milestones(views: Views, outcome: Outcome) -> dict[str, list[MilestoneView]]:
    """For each action id of one outcome, the views of its milestones in order."""
    return {action.id: views.milestones[(outcome.id, action.id)] for action in outcome.actions}
