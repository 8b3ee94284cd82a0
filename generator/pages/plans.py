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
from ..model import Ambition, Budget, Outcome, Plan, Priority, Programme, RestatedPriority, Site
from ..names import short_name
from ..periods import parse_period


def plan_path(plan: Plan) -> str:
    return f"plans/{plan.id}/index.md"


def programme_path(plan: Plan, programme: Programme) -> str:
    return f"plans/{plan.id}/{programme.id}.md"


@dataclass(frozen=True)
class Delivery:
    """One place a commissioning priority is taken up: a plan, or a programme within it."""

    plan: Plan
    programme: Programme | None

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
            found[restated.id].append(Delivery(plan, None))
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
    sentence = f"In {parse_period(latest.period).display} the fund is {money(totals[-1])}"
    sentence += f": {parts}." if len(latest.components) > 1 else "."
    if len(lines) > 1:
        sentence += f" In {parse_period(lines[0].period).display} it was {money(totals[0])}."
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
    return {
        "plan": plan,
        "plan_priorities": [(restated, *priorities[restated.id]) for restated in plan.priorities],
        "plan_ambitions": [a for a in site.ambitions if a.plan == plan.document],
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
