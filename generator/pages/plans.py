"""Pages of the plans that deliver the strategy, sharing its records instead of copying them.

A plan names the commissioning priorities it takes up by number; their text is read
from the strategy, so a change to a priority shows on the strategy's page and on every
plan's page at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypedDict

from ..chart_layout import ChartSpec, Line, layout
from ..formats import money
from ..model import Ambition, Budget, BudgetLine, Outcome, Plan, Priority, Programme, RestatedPriority, Site
from ..names import short_name
from ..periods import parse_period
from .indicators import ambition_reported


def plan_path(plan: Plan) -> str:
    return f"plans/{plan.id}/index.md"


def programme_path(plan: Plan, programme: Programme) -> str:
    return f"plans/{plan.id}/{programme.id}.md"


@dataclass(frozen=True)
class Delivery:
    """One place a commissioning priority is taken up: a plan, or a programme within it."""

    plan: Plan
    programme: Programme | None
    how: str = "restated"
    """For a plan (no programme): 'restated' when it repeats the priority, 'addressed' when it only says it
    addresses it."""

    @property
    def path(self) -> str:
        return programme_path(self.plan, self.programme) if self.programme else plan_path(self.plan)

    @property
    def label(self) -> str:
        return f"{short_name(self.programme)} ({self.plan.short_title})" if self.programme else self.plan.short_title


def deliveries(site: Site) -> dict[str, list[Delivery]]:
    """For each priority id, the plans and programmes that take it up, in data order."""
    found: dict[str, list[Delivery]] = defaultdict(list)
    for plan in site.plans:
        for restated in plan.priorities:
            found[restated.id].append(Delivery(plan, None, restated.how))
        for programme in plan.programmes:
            for priority_id in programme.priorities:
                found[priority_id].append(Delivery(plan, programme))
    return dict(found)


@dataclass(frozen=True)
class BudgetPanel:
    title: str
    summary: str
    chart_file: str
    chart: ChartSpec
    columns: list[str]
    rows: list[tuple[str, list[str]]]

    @property
    def chart_size(self) -> tuple[int, int]:
        """The chart's width and height in CSS pixels, so the page keeps its place while it loads."""
        return layout(self.chart).css_size


def _periods(lines: list[BudgetLine]) -> str:
    names = [parse_period(line.period).display for line in lines]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def agreed_totals(plan: Plan, lines: list[BudgetLine]) -> str:
    """' The plan gives the total agreed for 2014/15 and 2015/16 as “to be agreed”.': what the plan says of
    the total agreed beside the allocation, year by year, or '' when it says nothing."""
    document = "draft" if plan.status == "draft" else "plan"
    said = ""
    open_lines = [line for line in lines if line.agreed_total == "to be agreed"]
    if open_lines:
        said += f" The {document} gives the total agreed for {_periods(open_lines)} as “to be agreed”."
    for line in lines:
        if isinstance(line.agreed_total, int):
            said += f" The total agreed for {parse_period(line.period).display} is {money(line.agreed_total)}."
    return said


def budget_panel(plan: Plan, budget: Budget) -> BudgetPanel:
    """The budget as a chart, a table and a sentence, all from the same lines."""
    lines = sorted(budget.lines, key=lambda line: parse_period(line.period))
    periods = [line.period for line in lines]
    names: list[str] = []
    for line in lines:
        names.extend(c.name for c in line.components if c.name not in names)
    bars = []
    for name in names:
        points = [(i, float(c.amount)) for i, line in enumerate(lines) for c in line.components if c.name == name]
        bars.append(Line(name, "", "", "", tuple(x for x, _ in points), tuple(y for _, y in points)))
    totals = [sum(c.amount for c in line.components) for line in lines]
    latest = lines[-1]
    parts = ", ".join(f"{c.name} {money(c.amount)}" for c in latest.components)
    # the amounts are what the budget's title says they are (an allocation, say), never "the fund" as a whole
    subject = budget.title if budget.title.lower().startswith("the ") else f"the {budget.title}"
    sentence = f"In {parse_period(latest.period).display} {subject} is {money(totals[-1])}"
    sentence += f": {parts}." if len(latest.components) > 1 else "."
    if len(lines) > 1:
        sentence += f" In {parse_period(lines[0].period).display} it was {money(totals[0])}."
    sentence += agreed_totals(plan, lines)
    title = f"{budget.title}: {money(totals[-1])} in {parse_period(latest.period).display}"
    chart = ChartSpec(
        title,
        f"{budget.title}, pounds, by year and part",
        tuple(periods),
        tuple(bars),
        0,
        sentence,
        kind="bar",
        value_prefix="£",
        axis_label="Pounds (£)",
    )
    rows = []
    for name in names:
        cells = []
        for line in lines:
            amount = next((c.amount for c in line.components if c.name == name), None)
            cells.append(money(amount, exact=True) if amount is not None else "–")
        rows.append((name, cells))
    rows.append(("Total", [money(t, exact=True) for t in totals]))
    columns = [parse_period(p).display for p in periods]
    return BudgetPanel(title, sentence, f"{plan.id}-budget.svg", chart, columns, rows)


class Money(Protocol):
    """``formats.money`` as a template may call it: its keyword-only ``exact`` needs more than ``Callable``."""

    def __call__(self, amount: float, *, exact: bool = False) -> str: ...


class PlanContext(TypedDict):
    """A plan page's own data, unpacked beside the context every page has."""

    plan: Plan
    plan_priorities: list[tuple[RestatedPriority, Outcome, Priority]]
    plan_ambitions: list[Ambition]
    ambition_reported: dict[str, list[str]]
    """For each of the plan's ambitions, what its years stand for where a figure is dated by the year it is
    reported in ('The target is the figure for 2014–2016, reported in 2017/18.')."""
    budget: BudgetPanel | None
    money: Money
    programme_path: Callable[[Plan, Programme], str]


class ProgrammeContext(TypedDict):
    """A programme page's own data; ``plan_path`` is in the context every page has."""

    plan: Plan
    programme: Programme
    programme_priorities: list[tuple[Outcome, Priority]]


def plan_context(site: Site, plan: Plan) -> PlanContext:
    priorities: dict[str, tuple[Outcome, Priority]] = {p.id: (o, p) for o, p in site.priorities()}
    ambitions = [a for a in site.ambitions if a.plan == plan.document]
    indicators = {i.id: i for i in site.indicators}
    return {
        "plan": plan,
        "plan_priorities": [(restated, *priorities[restated.id]) for restated in plan.priorities],
        "plan_ambitions": ambitions,
        "ambition_reported": {a.id: ambition_reported(a, indicators) for a in ambitions},
        "budget": budget_panel(plan, plan.budget) if plan.budget else None,
        "money": money,
        "programme_path": programme_path,
    }


def programme_context(site: Site, plan: Plan, programme: Programme) -> ProgrammeContext:
    priorities = {p.id: (o, p) for o, p in site.priorities()}
    return {
        "plan": plan,
        "programme": programme,
        "programme_priorities": [priorities[i] for i in programme.priorities],
    }
