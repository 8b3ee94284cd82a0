"""Board meetings in date order, each with the milestones due at it, and the strategy's own actions.

A strategy that times its work to board meetings ("due at the May Board") is read
meeting by meeting: this module turns the derived milestone views into that list, with the
actions timed to a meeting by their own ``when``, and gathers what the strategy as a whole
commits to, for the outcome pages that it serves. A meeting with nothing due is listed
with its date, title and papers only: a body's meetings are worth listing for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from ..derive import ActionTiming, MilestoneView, Views
from ..formats import long_date
from ..model import Board, Intervention, Meeting, Outcome, StrategyAction


@dataclass(frozen=True)
class MeetingEntry:
    """One board meeting, the milestones due at it and the actions (with no milestones) due at it."""

    board: Board
    meeting: Meeting
    due: list[MilestoneView] = field(default_factory=list)
    actions: list[ActionTiming] = field(default_factory=list)

    @property
    def date_label(self) -> str:
        return long_date(self.meeting.date)


def timetable(views: Views) -> list[MeetingEntry]:
    """Every meeting of every board, earliest first, with the milestones and actions the data times to it."""
    due: dict[str, list[MilestoneView]] = {}
    for view in views.all_milestones():
        if view.meeting:
            due.setdefault(view.meeting, []).append(view)
    actions: dict[str, list[ActionTiming]] = {}
    for timing in views.action_timings.values():
        if timing.meeting:
            actions.setdefault(timing.meeting, []).append(timing)
    entries = [
        MeetingEntry(board, meeting, due.get(meeting.id, []), actions.get(meeting.id, []))
        for meeting_id, (board, meeting) in views.site.meetings().items()
        if meeting_id
    ]
    return sorted(entries, key=lambda e: (e.meeting.date, e.board.name, e.meeting.id))


class Serving(TypedDict):
    """Unpacked into an outcome page's context, whose template reads these two lists by name."""

    serving_actions: list[StrategyAction]
    serving_interventions: list[Intervention]


def serving(outcome: Outcome, actions: list[StrategyAction], interventions: list[Intervention]) -> Serving:
    """The strategy-wide actions and interventions that name this outcome, for its page."""
    return {
        "serving_actions": [a for a in actions if outcome.id in a.outcomes],
        "serving_interventions": [i for i in interventions if outcome.id in i.outcomes],
    }


def strategy_action_milestones(views: Views) -> dict[str, list[MilestoneView]]:
    """For each action of the strategy as a whole, the views of its milestones in order."""
    return {action.id: views.milestones[("", action.id)] for action in views.site.actions}
