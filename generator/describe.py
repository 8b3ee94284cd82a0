"""Plain-English sentences about indicators, generated from the data.

Every chart gets a headline that says the message, a subtitle that says the measure,
and a one-sentence summary, so a resident who cannot see the chart loses nothing.
"""

from __future__ import annotations

from .derive import Panel, Strand
from .model import Indicator
from .periods import parse_period
from .progress import Status


def figure(value: float, indicator: Indicator) -> str:
    """A value with its unit, as residents read it: '77.9 years', '28.4%'."""
    text = f"{value:,.{indicator.decimals}f}"
    if not indicator.unit:
        return text
    if indicator.unit.startswith("%"):
        return text + indicator.unit
    return f"{text} {indicator.unit}"


def _lower_first(name: str) -> str:
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def subject(indicator: Indicator, breakdown: str | None) -> str:
    """'male life expectancy at birth' — the thing a sentence is about."""
    name = _lower_first(indicator.name)
    if breakdown in ("male", "female"):
        return f"{breakdown} {name}"
    if breakdown:
        return f"{name} ({breakdown})"
    return name


def _period(text: str | object) -> str:
    return parse_period(str(text)).display


def _compare_word(actual: float, target: float) -> str:
    if actual == target:
        return "equal to"
    return "above" if actual > target else "below"


def headline(panel: Panel, area: str) -> str:
    """The chart's title: its message in a few words."""
    about = subject(panel.indicator, panel.breakdown)
    strand = panel.strand
    if strand is not None and strand.check.actual is not None and strand.check.target is not None:
        period = _period(strand.check.actual.period)
        if strand.check.status is Status.MET:
            return f"{about[0].upper()}{about[1:]} in {area} met its target in {period}"
        word = _compare_word(strand.check.actual.value, strand.check.target.value)
        return f"{about[0].upper()}{about[1:]} in {area} was {word} its target in {period}"
    if strand is not None:
        return f"No new figures yet to compare {about} in {area} with its targets"
    first, last = _period(panel.periods[0]), _period(panel.periods[-1])
    return f"{about[0].upper()}{about[1:]}, {first} to {last}"


def subtitle(panel: Panel) -> str:
    """The chart's subtitle: the measure, its unit and where the figures are for."""
    areas = []
    for series in panel.series:
        if series.area not in areas:
            areas.append(series.area)
    unit = f", {panel.indicator.unit}" if panel.indicator.unit else ""
    return f"{panel.indicator.name}{unit}; {' and '.join(areas)}"


def summary(panel: Panel, area: str) -> str:
    """One sentence that says what the chart shows."""
    indicator, strand = panel.indicator, panel.strand
    about = subject(indicator, panel.breakdown)
    if strand is not None:
        return _target_sentence(strand, about, area)
    actual = next((s for s in panel.series if s.area == area and s.kind == "actual"), None)
    if actual is None:
        return f"There are no actual figures for {about} in {area} yet."
    latest = max(actual.values, key=lambda v: parse_period(v.period))
    return f"In {_period(latest.period)} {about} in {area} was {figure(latest.value, indicator)}."


def _target_sentence(strand: Strand, about: str, area: str) -> str:
    indicator, check = strand.indicator, strand.check
    if check.actual is not None and check.target is not None:
        word = _compare_word(check.actual.value, check.target.value)
        target_phrase = (
            f"its final target of {figure(check.target.value, indicator)} for {_period(check.target.period)}"
            if check.after_last_target
            else f"the target of {figure(check.target.value, indicator)} for that period"
        )
        return (
            f"In {_period(check.actual.period)} {about} in {area} was {figure(check.actual.value, indicator)}, "
            f"{word} {target_phrase}."
        )
    if strand.latest is not None:
        return (
            f"The latest figure for {about} in {area} is {figure(strand.latest.value, indicator)} for "
            f"{_period(strand.latest.period)}, the starting point; there is no newer figure yet to compare "
            f"with the targets."
        )
    return f"There are no figures yet for {about} in {area}; the chart shows the targets."


def latest_figure(indicator: Indicator, area: str, breakdown: str | None = None) -> str:
    """'7.2 per 1,000 live births (2009–2011)': the latest actual, for prose in content pages."""
    series = next(
        (s for s in indicator.series if s.kind == "actual" and s.area == area and s.breakdown == breakdown), None
    )
    if series is None:
        return "not yet published"
    latest = max(series.values, key=lambda v: parse_period(v.period))
    return f"{figure(latest.value, indicator)} ({_period(latest.period)})"


def gap_sentence(strand: Strand) -> str:
    """The gap to the comparator in words: 'higher' or 'lower', and 'better/similar/worse' only with a confidence
    interval to go on."""
    gap, indicator = strand.gap, strand.indicator
    if gap is None or strand.comparator is None:
        return ""

    def side(difference: float) -> str:
        if round(difference, 9) == 0:
            return f"the same as {strand.comparator}"
        amount = figure(abs(difference), indicator)
        return f"{amount} {'higher' if difference > 0 else 'lower'} than {strand.comparator}"

    sentences = [f"In {gap.first.period.display} {strand.area} was {side(gap.first_gap)}."]
    if gap.first.period == gap.latest.period:
        sentences.append(f"There are no newer figures for both {strand.area} and {strand.comparator} yet.")
    elif gap.narrowed is None:
        sentences.append(f"In {gap.latest.period.display} the gap was the same.")
    else:
        change = "narrowed" if gap.narrowed else "widened"
        sentences.append(f"In {gap.latest.period.display} it was {side(gap.latest_gap)}: the gap has {change}.")
    verdict = _compared(strand)
    if verdict:
        sentences.append(verdict)
    return " ".join(sentences)


def _compared(strand: Strand) -> str:
    """'Better', 'similar' or 'worse' than the comparator, only where a confidence interval allows it."""
    gap, indicator = strand.gap, strand.indicator
    if gap is None or strand.comparator is None:
        return ""
    period = str(gap.latest.period)
    local = next(
        (
            v
            for s in indicator.series
            if s.area == strand.area and s.breakdown == strand.breakdown and s.kind == "actual"
            for v in s.values
            if v.period == period
        ),
        None,
    )
    if local is None or local.lower is None or local.upper is None:
        return ""
    theirs = gap.latest_comparator.value
    if local.lower <= theirs <= local.upper:
        word = "similar to"
    elif indicator.polarity is None:
        word = "higher than" if local.lower > theirs else "lower than"
    else:
        higher = local.lower > theirs
        word = "better than" if higher == (indicator.polarity == "higher") else "worse than"
    return (
        f"Taking chance into account (the 95% confidence interval, {figure(local.lower, indicator)} to "
        f"{figure(local.upper, indicator)}), {strand.area} was {word} {strand.comparator} in "
        f"{gap.latest.period.display}."
    )
