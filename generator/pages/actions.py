"""The milestone tracker and each outcome's milestones, read from the derived views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TypedDict

from ..derive import ActionTiming, MilestoneView, Views, item_key
from ..milestones import MILESTONE_ICONS, MILESTONE_STATUSES, status_word
from ..model import Action, ListItem, Outcome
from ..structure import ListPlace

StatusCounts = list[tuple[str, int]]
"""How many milestones have each status (in the strategy's words), in the tracker's order of statuses, leaving
out the zeros."""
MilestoneGroup = tuple[str, list[MilestoneView], StatusCounts]
"""One accountable board's name, its milestones and their counts. The name is '' when no milestone has a board:
the tracker is then one list with no heading."""


class TrackerContext(TypedDict):
    """Part of every page's context: the home page links to the tracker only when there are milestones."""

    milestone_views: list[MilestoneView]
    milestone_groups: list[MilestoneGroup]
    milestone_totals: StatusCounts
    milestone_icons: dict[str, str]
    milestones_tracked: bool
    milestones_by_board: bool
    """Whether any milestone's action (or what it belongs to) names a board: the tracker is grouped by board."""
    action_timing: Callable[[Action], ActionTiming | None]
    """The timing of an action with no milestones that gives its own ``when``, on whichever page shows it."""


def _board_id(view: MilestoneView) -> str:
    """The board a milestone is listed under: its action's, else the delivery board of what the action is for."""
    fallback = view.outcome.delivery_board if view.outcome else None
    return view.action.board or fallback or ""


def tracker_context(views: Views) -> TrackerContext:
    """Milestones grouped by the board accountable for them, with counts per status.

    ``milestones_tracked`` is the premise of every status word. The strategy's ``tracks_progress``
    settles it when given; otherwise a strategy whose data records no update on any milestone
    does not track progress, so no milestone is called "no update yet" (pending) — the pages
    show what was planned and when, and say so.

    A board is optional: milestones with none go last, under "Other milestones", or, when no
    milestone has a board, the tracker is one list with no heading, and nothing says a board is missing.
    """
    site = views.site
    terms = site.strategy.terms
    every = views.all_milestones()
    groups: dict[str, list[MilestoneView]] = {}
    for view in every:
        board = views.index.boards.get(_board_id(view))
        groups.setdefault(board.id if board else "", []).append(view)
    by_board = any(groups)
    order = {b.id: i for i, b in enumerate(site.boards)}
    grouped = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    other = f"Other {terms.milestones}" if by_board else ""
    tracked = site.strategy.tracks_progress
    return {
        "milestone_views": every,
        "milestone_groups": [
            (views.index.boards[key].name if key else other, rows, _counts(rows, terms.no_update))
            for key, rows in grouped
        ],
        "milestone_totals": _counts(every, terms.no_update),
        "milestone_icons": MILESTONE_ICONS,
        "milestones_tracked": any(view.milestone.updates for view in every) if tracked is None else tracked,
        "milestones_by_board": by_board,
        "action_timing": _timing_of(views),
    }


def _timing_of(views: Views) -> Callable[[Action], ActionTiming | None]:
    """A lookup by the action itself, so a page template needs no key for what holds the action."""
    timings = {id(timing.action): timing for timing in views.action_timings.values()}

    def timing(action: Action) -> ActionTiming | None:
        return timings.get(id(action))

    return timing


def _counts(views: list[MilestoneView], no_update: str) -> StatusCounts:
    counted = Counter(v.status for v in views)
    return [(status_word(status, no_update), counted[status]) for status in MILESTONE_STATUSES if counted[status]]


def outcome_milestones(views: Views, outcome: Outcome) -> dict[str, list[MilestoneView]]:
    """For each action id of one outcome, the views of its milestones in order."""
    return {action.id: views.milestones[(outcome.id, action.id)] for action in outcome.actions}


def item_milestones(views: Views, place: ListPlace, item: ListItem) -> dict[str, list[MilestoneView]]:
    """For each action id of one item of a declared list, the views of its milestones in order."""
    return {action.id: views.milestones[(item_key(place.id, item.id), action.id)] for action in item.actions}
