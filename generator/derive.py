"""Everything the pages show that is computed from the model: one pass, no I/O, no memo.

Numbers on the site are computed here from the data (latest value, status, gap,
course, milestone status), never typed twice, so adding a figure to the YAML updates
every sentence, chart and table that depends on it. ``derive`` makes all of it once per
build into an explicit ``Views`` object that the page builders only read: the progress
page and the indicator pages share one computation because they are handed the same
views, not because a module remembers the last site it saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .formats import file_slug
from .milestones import (
    MILESTONE_ICONS,
    When,
    WhenError,
    latest_update,
    meeting_named,
    milestone_status,
    milestone_status_words,
    read_when,
    restates,
)
from .model import (
    Action,
    Ambition,
    Board,
    Document,
    Indicator,
    ListItem,
    Meeting,
    Milestone,
    Outcome,
    Series,
    Site,
)
from .periods import Period, parse_period
from .progress import (
    Course,
    CourseCheck,
    Gap,
    Point,
    Status,
    TargetCheck,
    ambition_course,
    change_words,
    check_target,
    comparator_gap,
    direction,
    ended_by,
    final_target,
    percent_change,
)


def points(series: Series | None) -> list[Point]:
    return sorted(Point.of(v.period, v.value) for v in series.values) if series else []


def find_series(indicator: Indicator, area: str | None, breakdown: str | None, kind: str) -> Series | None:
    return next((s for s in indicator.series if s.area == area and s.breakdown == breakdown and s.kind == kind), None)


@dataclass(frozen=True)
class Strand:
    """One area-and-breakdown line of an indicator that has a target: what the progress page lists."""

    indicator: Indicator
    area: str
    breakdown: str | None
    check: TargetCheck
    trend: str
    baseline: Point | None
    latest: Point | None
    gap: Gap | None
    comparator: str | None
    aim: Point | None = None
    course: CourseCheck | None = None
    next_target: Point | None = None
    """The first target whose period had not ended at ``as_of``: the step still to come."""
    to_come: int = 0
    """How many targets after the latest result had not ended at ``as_of``: what "N more targets are for
    periods still to come" counts, one per target rather than one per measure."""

    @property
    def label(self) -> str:
        return f"{self.indicator.name}{' (' + self.breakdown + ')' if self.breakdown else ''}"

    @property
    def interim(self) -> bool:
        """Whether the latest result was judged against an interim step rather than the aim itself."""
        check = self.check
        return check.target is not None and self.aim is not None and check.target.period != self.aim.period


@dataclass(frozen=True)
class Panel:
    """One chart with its table: an indicator for one breakdown, all areas and kinds."""

    indicator: Indicator
    breakdown: str | None
    series: list[Series]
    strand: Strand | None
    periods: list[str]

    @property
    def slug(self) -> str:
        # "--" cannot occur in an id, so indicator x's breakdown "male" and indicator x-male never share a file
        return f"{self.indicator.id}--{file_slug(self.breakdown)}" if self.breakdown else self.indicator.id


@dataclass
class IndicatorView:
    indicator: Indicator
    panels: list[Panel]
    outcomes: list[Outcome | ListItem] = field(default_factory=list)
    """What the indicator measures success for: outcomes first, then items of declared lists."""
    ambitions: list[Ambition] = field(default_factory=list)


@dataclass(frozen=True)
class AmbitionView:
    ambition: Ambition
    indicator: Indicator | None
    baseline: Point | None
    target: Point | None
    course: CourseCheck | None
    plan_title: str = ""

    @property
    def group_label(self) -> str:
        """The heading the ambition is listed under: its plan and its list in that plan."""
        return f"{self.plan_title}: {self.ambition.group} ambitions"

    @property
    def computed_change(self) -> float | None:
        """The change in per cent between the figures as shown; None with no baseline or one of zero or below."""
        if self.baseline is None or self.target is None or self.indicator is None:
            return None
        return percent_change(self.baseline.value, self.target.value, self.indicator.decimals)

    @property
    def change_text(self) -> str:
        """'-17.8%', 'No change' or '' (nothing true to write): the change the figures give, in the plan's table."""
        if self.baseline is None or self.target is None or self.indicator is None:
            return ""
        return change_words(self.baseline.value, self.target.value, self.indicator.decimals)


def _comparator_area(indicator: Indicator, area: str) -> str | None:
    others = [s.area for s in indicator.series if s.area != area and s.kind == "actual"]
    return others[0] if others else None


def _final_period(series: Series | None) -> Period | None:
    marked = next((v.period for v in series.values if v.final), None) if series else None
    return parse_period(marked) if marked else None


def strand(indicator: Indicator, area: str, breakdown: str | None, as_of: date | None = None) -> Strand:
    """The latest result against the interim step for its period and against the aim, judged at ``as_of``.

    Every judgement (met, direction, gap, course) is made on the figures as shown at the
    indicator's ``decimals``, so that it agrees with the numbers on the page.
    """
    decimals = indicator.decimals
    actual = points(find_series(indicator, area, breakdown, "actual"))
    target_series = find_series(indicator, area, breakdown, "target")
    target = points(target_series)
    baseline = None
    if indicator.baseline_period:
        period = parse_period(indicator.baseline_period)
        baseline = next((p for p in actual if p.period == period), None)
    baseline = baseline or (actual[0] if actual else None)
    latest = actual[-1] if actual else None
    comparator = _comparator_area(indicator, area)
    gap = None
    if comparator:
        gap = comparator_gap(actual, points(find_series(indicator, comparator, breakdown, "actual")), decimals)
    aim = final_target(target, _final_period(target_series))
    course = ambition_course(baseline, aim, latest, indicator.polarity, decimals) if baseline and aim else None
    check = check_target(actual, target, indicator.polarity, as_of, decimals)
    after = check.actual.period if check.actual else None
    upcoming = [p for p in target if not ended_by(p.period, as_of) and (after is None or p.period > after)]
    return Strand(
        indicator,
        area,
        breakdown,
        check,
        direction(baseline, latest, indicator.polarity, decimals),
        baseline,
        latest,
        gap,
        comparator,
        aim,
        course,
        upcoming[0] if upcoming else None,
        len(upcoming),
    )


def _breakdowns(indicator: Indicator) -> list[str | None]:
    seen: list[str | None] = []
    for series in indicator.series:
        if series.breakdown not in seen:
            seen.append(series.breakdown)
    return seen


@dataclass(frozen=True)
class SiteIndex:
    """Lookups by id, built once per site.

    Every indicator page asks which outcomes measure it and which ambitions name it;
    scanning the lists for each page would make a national site's build grow with the
    square of its indicators.
    """

    indicators: dict[str, Indicator]
    outcomes_by_indicator: dict[str, list[Outcome]]
    ambitions_by_indicator: dict[str, list[Ambition]]
    items_by_indicator: dict[str, list[ListItem]]
    """The items of declared lists that each indicator measures: kept apart from outcomes, which the progress
    pages group by."""
    documents: dict[str, Document]
    boards: dict[str, Board]

    @classmethod
    def of(cls, site: Site) -> SiteIndex:
        outcomes: dict[str, list[Outcome]] = {}
        for outcome in site.outcomes:
            for indicator_id in dict.fromkeys(m.indicator for m in outcome.measures):
                outcomes.setdefault(indicator_id, []).append(outcome)
        ambitions: dict[str, list[Ambition]] = {}
        for ambition in site.ambitions:
            if ambition.indicator:
                ambitions.setdefault(ambition.indicator, []).append(ambition)
        items: dict[str, list[ListItem]] = {}
        for declared in site.lists:
            for item in declared.items:
                for indicator_id in dict.fromkeys(m.indicator for m in item.measures):
                    items.setdefault(indicator_id, []).append(item)
        return cls(
            {i.id: i for i in site.indicators},
            outcomes,
            ambitions,
            items,
            {d.id: d for d in site.documents},
            {b.id: b for b in site.boards},
        )

    def outcome_of(self, indicator: Indicator) -> Outcome | None:
        """The first outcome that measures this indicator."""
        outcomes = self.outcomes_by_indicator.get(indicator.id)
        return outcomes[0] if outcomes else None

    def board_of(self, outcome: Outcome | ListItem | None) -> Board | None:
        if outcome is None or outcome.delivery_board is None:
            return None
        return self.boards.get(outcome.delivery_board)


def _indicator_view(site: Site, index: SiteIndex, indicator: Indicator) -> IndicatorView:
    area = site.strategy.area
    panels = []
    for breakdown in _breakdowns(indicator):
        series = [s for s in indicator.series if s.breakdown == breakdown]
        has_target = any(s.kind == "target" and s.area == area for s in series)
        periods = sorted({v.period for s in series for v in s.values}, key=parse_period)
        panels.append(
            Panel(
                indicator,
                breakdown,
                series,
                strand(indicator, area, breakdown, site.strategy.as_of) if has_target else None,
                periods,
            )
        )
    outcomes: list[Outcome | ListItem] = list(index.outcomes_by_indicator.get(indicator.id, []))
    outcomes += index.items_by_indicator.get(indicator.id, [])
    ambitions = list(index.ambitions_by_indicator.get(indicator.id, []))
    return IndicatorView(indicator, panels, outcomes, ambitions)


def indicators_with_data(site: Site) -> list[Indicator]:
    return [i for i in site.indicators if i.series]


def _ambition_view(index: SiteIndex, ambition: Ambition) -> AmbitionView:
    indicator = index.indicators.get(ambition.indicator) if ambition.indicator else None
    document = index.documents.get(ambition.plan)
    plan = document.title if document else ambition.plan
    if indicator is None or not ambition.baseline_period or not ambition.target_period:
        return AmbitionView(ambition, indicator, None, None, None, plan)
    actual = points(find_series(indicator, ambition.area, ambition.breakdown, "actual"))
    target = points(find_series(indicator, ambition.area, ambition.breakdown, "target"))
    base_period, target_period = parse_period(ambition.baseline_period), parse_period(ambition.target_period)
    baseline = next((p for p in actual if p.period == base_period), None)
    goal = next((p for p in target if p.period == target_period), None)
    later = [p for p in actual if baseline and p.period > baseline.period]
    course = (
        ambition_course(baseline, goal, later[-1] if later else None, indicator.polarity, indicator.decimals)
        if baseline and goal
        else None
    )
    return AmbitionView(ambition, indicator, baseline, goal, course, plan)


def item_key(list_id: str, item_id: str) -> str:
    """The key of a declared list's item among the milestones' holders: '/' is in no id, so it meets no outcome's."""
    return f"{list_id}/{item_id}"


@dataclass(frozen=True)
class MilestoneView:
    """A milestone with its status in words, judged at the site's ``as_of`` date."""

    outcome: Outcome | ListItem | None
    """The outcome (or item of a declared list) whose action this is; None for an action of the strategy as a
    whole."""
    action: Action
    milestone: Milestone
    status: str
    meaning: str
    status_text: str = ""
    meeting: str = ""
    """The id of the board meeting the milestone is due at, if its ``when`` names one."""

    @property
    def icon(self) -> str:
        return MILESTONE_ICONS[self.status]

    latest_note: str = ""
    """The note of the update the status comes from (``latest_update``)."""


def _meaning(phrase: str | None, meetings: dict[str, Meeting]) -> tuple[str, When | None]:
    """A date phrase's meaning in words (what pages print beside it) and its reading, if it can be read.

    The words are '' when they would only repeat the phrase, and 'date not certain' when it cannot be read.
    """
    if not phrase:
        return "", None
    try:
        when = read_when(phrase, meetings)
    except WhenError:
        return "date not certain", None
    return ("" if restates(phrase, when.label) else when.label), when


def _milestone_view(
    site: Site,
    meetings: dict[str, Meeting],
    outcome: Outcome | ListItem | None,
    action: Action,
    milestone: Milestone,
) -> MilestoneView:
    meaning, when = _meaning(milestone.when, meetings)
    strategy = site.strategy
    status = milestone_status(milestone, strategy.as_of, strategy.as_of_assumed, meetings)
    meeting = (meeting_named(milestone.when) or "") if milestone.when else ""
    words = milestone_status_words(status, when, strategy.terms.no_update)
    update = latest_update(milestone, strategy.as_of)
    # a strategy that says it does not track progress shows no update, not even its note
    note = (update.note or "") if update and strategy.tracks_progress is not False else ""
    return MilestoneView(
        outcome, action, milestone, status, meaning, words, meeting if meeting in meetings else "", note
    )


@dataclass(frozen=True)
class ActionTiming:
    """When an action with no milestones is due, from the action's own ``when``: its page and the timetable show it.

    Not a ``MilestoneView``: an action records no updates, so it is timed but has no status.
    """

    outcome: Outcome | ListItem | None
    """The outcome (or item of a declared list) whose action this is; None for an action of the strategy as a
    whole."""
    action: Action
    meaning: str
    """The date in words, as beside a milestone's: a meeting's title and date, 'due by 31 March 2025', '' when
    that would only repeat ``action.when``, or 'date not certain'."""
    meeting: str = ""
    """The id of the board meeting the action is due at, if its ``when`` names one."""


def _action_timing(
    meetings: dict[str, Meeting], holder: Outcome | ListItem | None, action: Action
) -> ActionTiming | None:
    """The timing of an action that gives its own ``when``; None when it has none or its milestones time it."""
    if not action.when or action.milestones:
        return None
    meaning, _when = _meaning(action.when, meetings)
    meeting = meeting_named(action.when) or ""
    return ActionTiming(holder, action, meaning, meeting if meeting in meetings else "")


def _action_timings(site: Site, meetings: dict[str, Meeting]) -> dict[tuple[str, str], ActionTiming]:
    """Every action timed by its own ``when``, under the same keys as ``Views.milestones``."""
    held: list[tuple[str, Outcome | ListItem | None, Action]] = [
        (outcome.id, outcome, action) for outcome in site.outcomes for action in outcome.actions
    ]
    held += [("", None, action) for action in site.actions]
    held += [
        (item_key(declared.id, item.id), item, action)
        for declared in site.lists
        for item in declared.items
        for action in item.actions
    ]
    timings = {(key, action.id): _action_timing(meetings, holder, action) for key, holder, action in held}
    return {key: timing for key, timing in timings.items() if timing is not None}


@dataclass(frozen=True)
class Views:
    """Every view the pages show, made once per build by ``derive``; page builders only read it."""

    site: Site
    index: SiteIndex
    indicators: dict[str, IndicatorView]
    """Each indicator that has figures, by id, in the data's order."""
    ambitions: dict[str, AmbitionView]
    """Each ambition of the plans, by id, in the data's order."""
    milestones: dict[tuple[str, str], list[MilestoneView]]
    """The milestones of each action, by (outcome id, action id), in the data's order; strategy-wide
    actions are under the outcome id '', a declared list's item's under ``item_key``."""
    action_timings: dict[tuple[str, str], ActionTiming] = field(default_factory=dict)
    """The actions with no milestones that give their own ``when``, under the same keys as ``milestones``."""

    @property
    def strands(self) -> list[Strand]:
        """Every line with a target, in indicator order: what the progress page lists."""
        return [p.strand for view in self.indicators.values() for p in view.panels if p.strand]

    def all_milestones(self) -> list[MilestoneView]:
        return [view for views in self.milestones.values() for view in views]


def derive(site: Site) -> Views:
    """The one pass from the validated model to what every page shows."""
    index = SiteIndex.of(site)
    meetings = {meeting_id: meeting for meeting_id, (_board, meeting) in site.meetings().items()}
    milestones = {
        (outcome.id, action.id): [_milestone_view(site, meetings, outcome, action, m) for m in action.milestones]
        for outcome in site.outcomes
        for action in outcome.actions
    }
    for action in site.actions:
        milestones[("", action.id)] = [_milestone_view(site, meetings, None, action, m) for m in action.milestones]
    for declared in site.lists:
        for item in declared.items:
            for item_action in item.actions:
                milestones[(item_key(declared.id, item.id), item_action.id)] = [
                    _milestone_view(site, meetings, item, item_action, m) for m in item_action.milestones
                ]
    return Views(
        site,
        index,
        {i.id: _indicator_view(site, index, i) for i in indicators_with_data(site)},
        {a.id: _ambition_view(index, a) for a in site.ambitions},
        milestones,
        action_timings=_action_timings(site, meetings),
    )


@dataclass(frozen=True)
class PeriodCount:
    """Targets judged for one period: how many there were and how many were met."""

    period: Period
    met: int
    judged: int
    interim: int
    interim_met: int


@dataclass(frozen=True)
class Tally:
    """The headline counts, each kept with the period it is about.

    Interim steps and aims are counted apart: meeting a step on the way is not the
    same as reaching what the strategy set out to do.
    """

    by_period: tuple[PeriodCount, ...]
    aims_reached: int
    on_course: int
    aims_judged: int
    no_result: int
    """Targets (not measures) whose period had ended with no figure on the site, after each measure's latest result."""
    no_data: int
    """Targets (not measures) whose period had not ended, after each measure's latest result."""
    total: int

    @property
    def judged(self) -> int:
        return sum(c.judged for c in self.by_period)

    @property
    def met(self) -> int:
        return sum(c.met for c in self.by_period)


def latest_actual_period(site: Site) -> Period | None:
    """The newest period any of the area's own figures is for: what 'the latest figures' means on the home page."""
    periods = [
        parse_period(v.period)
        for i in site.indicators
        for s in i.series
        if s.kind == "actual" and s.area == site.strategy.area
        for v in s.values
    ]
    return max(periods) if periods else None


def tally(strands: Iterable[Strand]) -> Tally:
    """Count targets met per period, aims reached or on course, and targets with no result or still to come.

    The last two count targets, as the sentences that give them say: a measure with
    three periods over and no figure is three targets with no result, not one.
    """
    strands = list(strands)
    periods: dict[Period, list[Strand]] = {}
    for s in strands:
        if s.check.actual is not None and s.check.status in (Status.MET, Status.NOT_MET):
            periods.setdefault(s.check.actual.period, []).append(s)
    counts = tuple(
        PeriodCount(
            period,
            sum(1 for s in group if s.check.status is Status.MET),
            len(group),
            sum(1 for s in group if s.interim),
            sum(1 for s in group if s.interim and s.check.status is Status.MET),
        )
        for period, group in sorted(periods.items())
    )
    courses = [s.course.course for group in periods.values() for s in group if s.course is not None]
    return Tally(
        counts,
        sum(1 for c in courses if c is Course.MET),
        sum(1 for c in courses if c is Course.ON_COURSE),
        sum(1 for c in courses if c is not Course.NO_DATA),
        sum(len(s.check.missing) for s in strands),
        sum(s.to_come for s in strands),
        len(strands),
    )
