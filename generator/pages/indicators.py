"""Indicator, progress and download pages: derived views turned into page specs and charts.

Kept apart from the strategy's text pages so the two can change independently; every
figure here comes from ``derive`` and every sentence from ``describe``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypedDict, TypeVar

from ..chart_layout import ChartSpec, Line, layout, time_positions, value_axis
from ..charts import (
    COMPARATOR_ACTUAL,
    COMPARATOR_PROJECTION,
    COMPARATOR_TARGET,
    LOCAL_ACTUAL,
    LOCAL_PROJECTION,
    LOCAL_TARGET,
)
from ..derive import AmbitionView, IndicatorView, Panel, Strand, Tally, Views, latest_actual_period, tally
from ..describe import (
    aim_phrase,
    chart_alt,
    course_words,
    gap_sentence,
    headline,
    missing_sentence,
    progress_sentences,
    status_words,
    step_phrase,
    subject,
    subtitle,
    summary,
    with_unit,
)
from ..model import Ambition, Board, Document, Indicator, Outcome
from ..periods import Period, PeriodError, parse_period
from ..progress import TARGET_ICONS, Status
from ..structure import Holder, structure_of


def indicator_path(indicator: Indicator) -> str:
    return f"indicators/{indicator.id}.md"


STYLES = {
    (True, "actual"): LOCAL_ACTUAL,
    (True, "target"): LOCAL_TARGET,
    (True, "projection"): LOCAL_PROJECTION,
    (False, "actual"): COMPARATOR_ACTUAL,
    (False, "target"): COMPARATOR_TARGET,
    (False, "projection"): COMPARATOR_PROJECTION,
}
MISSING_CELL = "[x]"
"""A data table's cell with no figure: the GOV.UK and Analysis Function shorthand, explained under the table."""
MISSING_CELL_NOTE = f"{MISSING_CELL} means this site has no figure for that period."
INTERVAL_SENTENCE = (
    "The short vertical lines on the chart show the 95% confidence interval of each figure: "
    "the range the true value is very likely to be in."
)


def axis_label(indicator: Indicator) -> str:
    """The value axis's label: the unit the figures are in, or what is counted when there is no unit."""
    if indicator.unit == "%":
        return "Per cent (%)"
    return indicator.unit or indicator.name


def chart_note(chart: ChartSpec, indicator: Indicator) -> str:
    """What a reader of the chart should know about how it is drawn: a cut axis, confidence intervals."""
    notes = []
    axis = value_axis(chart)
    if axis.cut:
        unit = indicator.unit or ""
        start = f"{axis.labels[0]}{unit}" if unit.startswith("%") else f"{axis.labels[0]} {unit}".strip()
        notes.append(
            f"The scale on the left of the chart starts at {start}, not at zero, so that the changes are easier "
            "to see; a double slash on the scale marks the cut."
        )
    if any(line.has_interval for line in chart.lines):
        notes.append(INTERVAL_SENTENCE)
    return " ".join(notes)


def table_caption(panel: Panel) -> str:
    """The title of a chart's table: its subtitle, naming the breakdown, so that the male and the female
    tables of one page do not share a title ('Male life expectancy at birth, years; Anytown and England')."""
    title = subtitle(panel)
    if not panel.breakdown:
        return title
    about = subject(panel.indicator, panel.breakdown)
    return about[0].upper() + about[1:] + title.removeprefix(panel.indicator.name)


@dataclass(frozen=True)
class PanelPage:
    """What the page shows for one chart: messages, the chart file, and its data table.

    The page gives the chart as a figure: ``alt`` names the chart and points to the table,
    ``summary`` is its caption (said once on the page), and ``caption`` is the table's title.
    """

    panel: Panel
    title: str
    subtitle: str
    summary: str
    gap: str
    chart_file: str
    chart: ChartSpec
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    latest: str = ""
    """'7.2 per 1,000 live births for 2009–2011, from <document>': the latest local figure and its source."""
    status: str = ""
    aim: str = ""
    course: str = ""
    missing: str = ""
    step: str = ""
    chart_note: str = ""
    alt: str = ""
    """The chart image's alt text ('Chart: infant mortality in Anytown …. The figures are in the table below.')."""
    caption: str = ""
    """The title of the chart's table, given as its ``<caption>`` (``table_caption``)."""

    @property
    def has_missing(self) -> bool:
        """Whether any cell of the table reads ``MISSING_CELL``, so the note under the table explains it."""
        return any(cell == MISSING_CELL for _, cells in self.rows for cell in cells)

    @property
    def missing_note(self) -> str:
        return MISSING_CELL_NOTE

    @property
    def chart_size(self) -> tuple[int, int]:
        """The chart's width and height in CSS pixels, so the page keeps its place while it loads."""
        return layout(self.chart).css_size


def reported_year(
    indicator: Indicator, area: str | None, breakdown: str | None, kind: str, period: str | Period | None
) -> str | None:
    """The year the figure of ``kind`` for ``period`` is reported in ('2017/18'), when the data records it.

    A strategy's table may head a column "2014-2016 (17/18)" and a plan then say "by 2017-18" for the same
    target: the page gives both years, so the two read as one figure.
    """
    if period is None:
        return None
    wanted = parse_period(period) if isinstance(period, str) else period
    for series in indicator.series:
        if series.kind != kind or series.area != area or series.breakdown != breakdown:
            continue
        for value in series.values:
            if value.reported and parse_period(value.period) == wanted:
                try:
                    return parse_period(value.reported).display
                except PeriodError:
                    return value.reported
    return None


def _for_period_reported(value: float, indicator: Indicator, period: Period, reported: str) -> str:
    return f"{with_unit(value, indicator)} for {period.display}, reported in {reported}"


def reported_aim(strand: Strand) -> str:
    """The aim with the year it is reported in, when the data records it: '80.3 years for 2014–2016, reported
    in 2017/18'; otherwise the aim as ``aim_phrase`` words it."""
    aim = strand.aim
    if aim is None:
        return ""
    reported = reported_year(strand.indicator, strand.area, strand.breakdown, "target", aim.period)
    if reported is None:
        return aim_phrase(strand)
    return _for_period_reported(aim.value, strand.indicator, aim.period, reported)


def reported_step(strand: Strand) -> str:
    """The target the latest result is judged against, with the year it is reported in when the data records it."""
    phrase, target = step_phrase(strand), strand.check.target
    if target is None:
        return phrase
    reported = reported_year(strand.indicator, strand.area, strand.breakdown, "target", target.period)
    if reported is None:
        return phrase
    said = f"{with_unit(target.value, strand.indicator)} for {target.period.display}"
    return phrase.replace(said, f"{said}, reported in {reported}", 1)


def ambition_reported(ambition: Ambition, indicators: dict[str, Indicator]) -> list[str]:
    """What the years of a plan's ambition stand for, when its figures are dated by the year they are reported.

    'The target is the figure for 2014–2016, reported in 2017/18.': said only where the data records the
    reported year of the starting point's or the target's figure.
    """
    indicator = indicators.get(ambition.indicator) if ambition.indicator else None
    if indicator is None:
        return []
    said = []
    for kind, period, what in (
        ("actual", ambition.baseline_period, "starting point"),
        ("target", ambition.target_period, "target"),
    ):
        reported = reported_year(indicator, ambition.area, ambition.breakdown, kind, period)
        if period and reported:
            said.append(f"The {what} is the figure for {parse_period(period).display}, reported in {reported}.")
    return said


def latest_with_source(panel: Panel, area: str, documents: dict[str, Document]) -> str:
    """The latest local figure, its period (and the year it is reported in, if known) and its document."""
    series = next((s for s in panel.series if s.area == area and s.kind == "actual"), None)
    if series is None:
        return ""
    latest = max(series.values, key=lambda v: parse_period(v.period))
    source_id = latest.source or series.source
    document = documents.get(source_id) if source_id else None
    where = f", from {document.title}" if document else ""
    reported = reported_year(panel.indicator, area, series.breakdown, "actual", latest.period)
    when = f", reported in {reported}" if reported else ""
    return f"{with_unit(latest.value, panel.indicator)} for {parse_period(latest.period).display}{when}{where}"


def latest_figures(indicator: Indicator, area: str) -> str:
    """Each latest figure for ``area``, one per breakdown: '62.4 years (male, 2018–2020); 63.0 years (female, …)'.

    The indicators index lists every indicator with figures, with or without a target; an
    indicator given only for men and women has no single latest figure, so each is named.
    """
    said = []
    for series in indicator.series:
        if series.kind != "actual" or series.area != area or not series.values:
            continue
        latest = max(series.values, key=lambda value: parse_period(value.period))
        label = f"{series.breakdown}, " if series.breakdown else ""
        said.append(f"{with_unit(latest.value, indicator)} ({label}{parse_period(latest.period).display})")
    return "; ".join(said) or "–"


def panel_page(
    panel: Panel, area: str, documents: dict[str, Document] | None = None, as_of_label: str = ""
) -> PanelPage:
    columns, lines, lookups = [], [], []
    index = {p: i for i, p in enumerate(panel.periods)}
    for series in panel.series:
        label = f"{series.area} {series.kind}"
        colour, style, marker, hollow = STYLES[(series.area == area, series.kind)]
        ordered = sorted(series.values, key=lambda v: index[v.period])
        with_interval = any(v.lower is not None and v.upper is not None for v in ordered)
        lines.append(
            Line(
                label,
                colour,
                style,
                marker,
                tuple(index[v.period] for v in ordered),
                tuple(v.value for v in ordered),
                tuple(v.lower if v.upper is not None else None for v in ordered) if with_interval else (),
                tuple(v.upper if v.lower is not None else None for v in ordered) if with_interval else (),
                hollow,
            )
        )
        columns.append(label)
        lookups.append({v.period: v.value for v in series.values})
    decimals = panel.indicator.decimals
    rows = [
        (period, [f"{values[period]:,.{decimals}f}" if period in values else MISSING_CELL for values in lookups])
        for period in panel.periods
    ]
    title, sentence = headline(panel, area), summary(panel, area)
    if panel.strand and panel.strand.aim is not None:  # the aim as the page gives it, with its reported year
        sentence = sentence.replace(aim_phrase(panel.strand), reported_aim(panel.strand), 1)
    periods = tuple(panel.periods)
    chart = ChartSpec(
        title,
        subtitle(panel),
        periods,
        tuple(lines),
        panel.indicator.decimals,
        axis_label=axis_label(panel.indicator),
        positions=time_positions(periods),
    )
    note = chart_note(chart, panel.indicator)
    chart = replace(chart, description=f"{sentence} {note}".strip())
    gap = gap_sentence(panel.strand) if panel.strand else ""
    strand = panel.strand
    return PanelPage(
        panel,
        title,
        subtitle(panel),
        sentence,
        gap,
        f"{panel.slug}.svg",
        chart,
        columns,
        rows,
        latest_with_source(panel, area, documents or {}),
        status_words(strand.check, strand.next_target) if strand else "",
        reported_aim(strand) if strand else "",
        course_words(strand) if strand and strand.check.actual is not None else "",
        missing_sentence(strand, as_of_label) if strand else "",
        reported_step(strand) if strand else "",
        note,
        chart_alt(panel, area),
        table_caption(panel),
    )


class IndicatorContext(TypedDict):
    """An indicator page's own data, unpacked beside the context every page has."""

    sources: list[Document]
    progress_icons: dict[Status, str]
    indicator: Indicator
    view: IndicatorView
    panels: list[PanelPage]
    ambition_views: list[AmbitionView]
    ambition_reported: dict[str, list[str]]


def indicator_context(views: Views, indicator: Indicator) -> IndicatorContext:
    site = views.site
    view = views.indicators[indicator.id]
    documents = views.index.documents
    source_ids = []
    for series in indicator.series:
        for source in [series.source, *(v.source for v in series.values)]:
            if source and source not in source_ids:
                source_ids.append(source)
    return {
        "sources": [documents[i] for i in source_ids if i in documents],
        "progress_icons": TARGET_ICONS,
        "indicator": indicator,
        "view": view,
        "panels": [panel_page(p, site.strategy.area, documents, site.strategy.as_of_label) for p in view.panels],
        "ambition_views": [views.ambitions[a.id] for a in view.ambitions],
        "ambition_reported": {a.id: ambition_reported(a, {indicator.id: indicator}) for a in view.ambitions},
    }


class ProgressRow(TypedDict):
    """One target line, worked out once so the progress tables, outcome pages and parts all word it alike."""

    strand: Strand
    outcome: Outcome | None
    board: Board | None
    icon: str
    status: str
    latest: str
    aim: str
    step: str
    course: str
    outcome_label: str
    board_label: str


class AmbitionEntry(TypedDict):
    """An ambition under its group's heading; the progress template maps each entry to its ``view``."""

    view: AmbitionView
    group: str


Row = TypeVar("Row")


def _grouped(rows: list[Row], heading: Callable[[Row], str], order: list[str]) -> list[tuple[str, list[Row]]]:
    """Rows grouped under their heading, headings in the strategy's order and the rest last."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(heading(row), []).append(row)
    rank = {label: index for index, label in enumerate(order)}
    return sorted(groups.items(), key=lambda item: rank.get(item[0], len(order)))


def latest_result(strand: Strand) -> str:
    """The figure a target was judged on, with its period; else the starting point, said to be one; else '–'."""
    if strand.check.actual is not None:
        return f"{with_unit(strand.check.actual.value, strand.indicator)} ({strand.check.actual.period.display})"
    if strand.latest is not None:
        return f"{with_unit(strand.latest.value, strand.indicator)} ({strand.latest.period.display}, starting point)"
    return "–"


def _rows_by_indicator(rows: list[ProgressRow]) -> dict[str, list[ProgressRow]]:
    """Each indicator's progress rows, so an outcome page can give each measure's status without a scan."""
    found: dict[str, list[ProgressRow]] = {}
    for row in rows:
        found.setdefault(row["strand"].indicator.id, []).append(row)
    return found


class ProgressContext(TypedDict):
    """In every page's context: the home page gives its counts, each outcome page its measures' statuses."""

    rows: list[ProgressRow]
    by_outcome: list[tuple[str, list[ProgressRow]]]
    by_board: list[tuple[str, list[ProgressRow]]]
    met: int
    judged: int
    total_targets: int
    tally: Tally
    rows_by_indicator: dict[str, list[ProgressRow]]
    latest_period: Period | None
    sentences: list[str]
    ambition_views: list[AmbitionView]
    ambition_groups: list[tuple[str, list[AmbitionEntry]]]
    with_unit: Callable[[float, Indicator], str]
    indicator_path: Callable[[Indicator], str]


def progress_context(views: Views) -> ProgressContext:
    site = views.site
    strands = views.strands
    rows: list[ProgressRow] = []
    structure = structure_of(site)
    for s in strands:
        outcome = views.index.outcome_of(s.indicator)
        # an indicator that measures only an item of a declared list is grouped under that item
        holder: Holder | None = outcome or next(iter(views.index.items_by_indicator.get(s.indicator.id, [])), None)
        board = views.index.board_of(holder)
        rows.append(
            {
                "strand": s,
                "outcome": outcome,
                "board": board,
                "icon": TARGET_ICONS[s.check.status],
                "status": status_words(s.check, s.next_target),
                "latest": latest_result(s),
                "aim": reported_aim(s),
                "step": reported_step(s),
                "course": course_words(s) if s.check.actual is not None else "–",
                "outcome_label": structure.titled(holder)
                if holder
                else "Measures for the strategy as a whole and its plans",
                "board_label": board.name if board else "Not assigned to a delivery board",
            }
        )
    counts = tally(strands)
    ambitions = list(views.ambitions.values())
    entries: list[AmbitionEntry] = [{"view": v, "group": v.group_label} for v in ambitions]
    return {
        "rows": rows,
        "by_outcome": _grouped(
            rows,
            lambda row: row["outcome_label"],
            [structure.titled(o) for o in site.outcomes]
            + [structure.titled(item) for place in structure.declared_lists for item in place.items if item.measures],
        ),
        "by_board": _grouped(rows, lambda row: row["board_label"], [b.name for b in site.boards]),
        "met": counts.met,
        "judged": counts.judged,
        "total_targets": len(strands),
        "tally": counts,
        "rows_by_indicator": _rows_by_indicator(rows),
        "latest_period": latest_actual_period(site),
        "sentences": progress_sentences(counts, site.strategy.as_of_label),
        "ambition_views": ambitions,
        "ambition_groups": _grouped(
            entries,
            lambda entry: entry["group"],
            list(dict.fromkeys(v.group_label for v in ambitions)),
        ),
        "with_unit": with_unit,
        "indicator_path": indicator_path,
    }
