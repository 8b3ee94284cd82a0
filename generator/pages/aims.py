"""The strategy's own aims, judged as it states them: an aim to narrow a gap is judged on the gap.

Each target of a measure is checked against its trajectory on the progress page; but
an aim such as "increased life expectancy and narrowed the inequality gap with England"
is about the gap, which a trajectory of the area's own figures cannot show. So for an aim
with ``gap_with``, each line of its indicators is described by the gap between the two
areas in the first and the latest period both have figures for, with any assumed figure
marked as assumed beside it.
"""

from __future__ import annotations

from ..derive import Strand, Views
from ..describe import gap_sentence
from ..model import Indicator
from ..periods import parse_period


def _assumed(indicator: Indicator, area: str, breakdown: str | None, period: str) -> str:
    """' (England's figure for 2009–2011 is assumed: …)' when that figure is marked assumed in the data."""
    for series in indicator.series:
        if series.kind != "actual" or series.area != area or series.breakdown != breakdown:
            continue
        for value in series.values:
            if parse_period(value.period) == parse_period(period) and value.assumed_because:
                shown = parse_period(period).display
                reason = value.assumed_because.rstrip(".")
                return f" ({area}'s figure for {shown} is assumed: {reason[:1].lower()}{reason[1:]}.)"
    return ""


def _gap_line(strand: Strand) -> str:
    sentence = gap_sentence(strand)
    if not sentence or strand.gap is None or strand.comparator is None:
        return ""
    marks = [
        _assumed(strand.indicator, area, strand.breakdown, str(point.period))
        for area, point in (
            (strand.area, strand.gap.first),
            (strand.comparator, strand.gap.first_comparator),
            (strand.area, strand.gap.latest),
            (strand.comparator, strand.gap.latest_comparator),
        )
    ]
    label = f"{strand.breakdown.capitalize()}: " if strand.breakdown else ""
    return label + sentence + "".join(dict.fromkeys(mark for mark in marks if mark))


def aim_gaps(views: Views) -> dict[int, list[str]]:
    """For each success aim about a gap, by its number, a sentence per line of its indicators."""
    site = views.site
    judged: dict[int, list[str]] = {}
    for aim in site.strategy.success_aims:
        if aim.gap_with is None:
            continue
        lines = [
            _gap_line(strand)
            for strand in views.strands
            if strand.indicator.id in aim.indicators and strand.comparator == aim.gap_with
        ]
        judged[aim.number] = [line for line in lines if line]
    return judged
