"""Plain-English sentences about indicators, generated from the data.

Every chart gets a headline that says the message, a subtitle that says the measure,
and a one-sentence summary, so a resident who cannot see the chart loses nothing.

Every comparison word here ("above", "equal to", "higher than", "the same as", "the gap
has narrowed") comes from ``progress.compare`` on the figures as written at the
indicator's ``decimals``, so a sentence never says "above the target of 7.2" about a
figure it writes as 7.2. Sentences say only what the data can show: "this site has no
figure for 2011–2013", never that none was published.
"""

from __future__ import annotations

from .derive import Panel, Strand, Tally
from .formats import figure
from .model import Indicator
from .periods import Period, parse_period
from .progress import Course, Point, Status, TargetCheck, compare

NO_FIGURE = "This site has no figure for"
"""How a sentence opens about target periods that are over with no figure in the data.

The data can say it holds no figure; it cannot say that none was published (the
figure may exist and not have been added yet), so no sentence claims that."""


def with_unit(value: float, indicator: Indicator) -> str:
    """A value with its unit, as residents read it: '77.9 years', '28.4%'."""
    text = figure(value, indicator.decimals)
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


def located(about: str, area: str) -> str:
    """'infant mortality in Anytown', but never '… in Anytown in Anytown' when the name already says where."""
    if about.casefold().endswith(f" in {area}".casefold()):
        return about
    return f"{about} in {area}"


#: Units that count things: a sentence says "the number of children … was 31,700", not "children … was 31,700 people".
COUNT_UNITS = frozenset({"people", "persons", "children", "adults", "households"})


def _figure_clause(indicator: Indicator, about: str, area: str, value: float) -> str:
    """'the number of children aged 5 to 15 in Anytown was 31,700': subject and verb agree for counts."""
    if indicator.unit in COUNT_UNITS:
        if "population" in about.casefold():
            return f"the {located(about, area)} was {with_unit(value, indicator)}"
        return f"the number of {located(about, area)} was {figure(value, indicator.decimals)}"
    return f"{located(about, area)} was {with_unit(value, indicator)}"


def _period(text: str | object) -> str:
    return parse_period(str(text)).display


def _compare_word(actual: float, target: float, decimals: int) -> str:
    """'above', 'below' or 'equal to' the target, as the two figures read at ``decimals`` places."""
    side = compare(actual, target, decimals)
    if side == 0:
        return "equal to"
    return "above" if side > 0 else "below"


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _step_word(strand: Strand) -> str:
    """'interim target' for a step on the way, 'final target' for the aim itself."""
    return "interim target" if strand.interim else "final target"


def headline(panel: Panel, area: str) -> str:
    """The chart's title: its message in a few words, with the period it is about."""
    about = _capital(subject(panel.indicator, panel.breakdown))
    strand = panel.strand
    if strand is not None and strand.check.actual is not None and strand.check.target is not None:
        period = _period(strand.check.actual.period)
        if strand.check.status is Status.MET:
            return f"{located(about, area)} met its {_step_word(strand)} for {period}"
        word = _compare_word(strand.check.actual.value, strand.check.target.value, panel.indicator.decimals)
        return f"{located(about, area)} was {word} its {_step_word(strand)} for {period}"
    if strand is not None and strand.check.last_missing is not None:
        return (
            f"{located(about, area)}: this site has no figure for its targets up to {strand.check.last_missing.display}"
        )
    if strand is not None:
        return f"No figures yet to compare {located(about[0].lower() + about[1:], area)} with its targets"
    first, last = _period(panel.periods[0]), _period(panel.periods[-1])
    return f"{about}, {first} to {last}"


def subtitle(panel: Panel) -> str:
    """The chart's subtitle: the measure, its unit and where the figures are for."""
    areas = []
    for series in panel.series:
        if series.area not in areas:
            areas.append(series.area)
    unit = f", {panel.indicator.unit}" if panel.indicator.unit else ""
    return f"{panel.indicator.name}{unit}; {' and '.join(areas)}"


CHART_POINTER = "The figures are in the table below."
"""What a chart's alt text ends with: the figures themselves are read from the table, not the picture."""


def chart_alt(panel: Panel, area: str) -> str:
    """The chart image's alt text: what it plots, where and when, and where its figures are.

    'Chart: infant mortality in Anytown compared with England, 2008–2010 to 2014–2016. The
    figures are in the table below.' Short on purpose: the chart's message is its caption (``summary``),
    printed once on the page beside it, so a screen reader does not hear the sentence twice.
    """
    areas: list[str] = []
    for series in panel.series:
        if series.area not in areas:
            areas.append(series.area)
    about = subject(panel.indicator, panel.breakdown)
    where = located(about, area) if area in areas else located(about, areas[0]) if areas else about
    others = [a for a in areas if a != area] if area in areas else areas[1:]
    if others:
        where += " compared with " + " and ".join(others)
    first, last = _period(panel.periods[0]), _period(panel.periods[-1])
    when = f"{first} to {last}" if first != last else first
    return f"Chart: {where}, {when}. {CHART_POINTER}"


def summary(panel: Panel, area: str) -> str:
    """One sentence that says what the chart shows."""
    indicator, strand = panel.indicator, panel.strand
    about = subject(indicator, panel.breakdown)
    if strand is not None:
        return _target_sentence(strand, about, area)
    actual = next((s for s in panel.series if s.area == area and s.kind == "actual"), None)
    if actual is None:
        return f"There are no actual figures for {located(about, area)} yet."
    latest = max(actual.values, key=lambda v: parse_period(v.period))
    return f"In {_period(latest.period)} {_figure_clause(indicator, about, area, latest.value)}."


def aim_phrase(strand: Strand) -> str:
    """'5.0 per 1,000 live births by 2014–2016': the strategy's aim for a measure."""
    if strand.aim is None:
        return ""
    return f"{with_unit(strand.aim.value, strand.indicator)} by {strand.aim.period.display}"


COURSE_WORDS = {
    Course.MET: "already reached",
    Course.MISSED: "not met by its end date",
    Course.ON_COURSE: "on course",
    Course.NOT_ON_COURSE: "not on course – improving, but too slowly",
    Course.AWAY: "not on course – moving away from it",
    Course.NO_DATA: "too early to judge – no figure since the starting point",
}
"""Whether the change so far is on course for the aim, in words that stand alone in a table cell."""


def course_words(strand: Strand) -> str:
    """'On course (judged on 2009–2011)': the course towards the aim, with the figure it is judged on."""
    if strand.course is None:
        return "–"
    words = _capital(COURSE_WORDS[strand.course.course])
    latest = strand.course.latest
    return f"{words} (judged on {latest.period.display})" if latest is not None else words


def _course_clause(strand: Strand) -> str:
    """How the change since the starting point compares with the pace the aim needs."""
    course, baseline = strand.course, strand.baseline
    if course is None or baseline is None:
        return ""
    since = f"since {baseline.period.display}"
    clauses = {
        Course.MET: "which it has already reached",
        Course.MISSED: "which it did not meet",
        Course.ON_COURSE: f"and the change {since} is on course to reach it",
        Course.NOT_ON_COURSE: f"and the change {since} is in the right direction but not on course to reach it",
        Course.AWAY: f"and {since} the figure has moved away from it, so it is not on course",
        Course.NO_DATA: "and there is no figure since the starting point to say whether it is on course",
    }
    return clauses[course.course]


def step_phrase(strand: Strand) -> str:
    """'7.2 per 1,000 live births for 2009–2011 (interim)': the target the latest result is judged against."""
    target = strand.check.target
    if target is None:
        return ""
    kind = "interim step" if strand.interim else "final target"
    return f"{with_unit(target.value, strand.indicator)} for {target.period.display} ({kind})"


def _periods_list(periods: tuple[Period, ...]) -> str:
    names = [p.display for p in periods]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def status_words(check: TargetCheck, next_target: Point | None = None) -> str:
    """A target's status with the period it is about: 'Target met for 2009–2011'."""
    if check.status in (Status.MET, Status.NOT_MET) and check.actual is not None:
        return f"{check.status.value} for {check.actual.period.display}"
    if check.status is Status.NO_RESULT and check.last_missing is not None:
        return f"No figure on this site for {check.last_missing.display}"
    if check.status is Status.NO_DATA and next_target is not None:
        return f"No data yet for {next_target.period.display}"
    return check.status.value


def missing_sentence(strand: Strand, as_of_label: str) -> str:
    """'This site has no figure for 2010–2012 or 2011–2013 …' for periods over with no figure after a result."""
    check = strand.check
    if not check.missing or check.actual is None:
        return ""
    return (
        f"{NO_FIGURE} {_periods_list(check.missing)}, "
        f"though {'that period' if len(check.missing) == 1 else 'those periods'} had ended by {as_of_label}."
    )


def _target_sentence(strand: Strand, about: str, area: str) -> str:
    indicator, check = strand.indicator, strand.check
    aim = aim_phrase(strand)
    if check.actual is not None and check.target is not None:
        word = _compare_word(check.actual.value, check.target.value, indicator.decimals)
        if strand.interim:
            target_phrase = (
                f"the interim target of {with_unit(check.target.value, indicator)} for that period. "
                f"The aim is {aim}, {_course_clause(strand)}"
            )
        elif check.after_last_target:
            target_phrase = (
                f"its final target of {with_unit(check.target.value, indicator)} for {_period(check.target.period)}"
            )
        else:
            target_phrase = f"its final target of {with_unit(check.target.value, indicator)} for that period"
        return (
            f"In {_period(check.actual.period)} {_figure_clause(indicator, about, area, check.actual.value)}, "
            f"{word} {target_phrase}."
        )
    if check.status is Status.NO_RESULT and check.last_missing is not None:
        since = (
            f"The latest figure is {with_unit(strand.latest.value, indicator)} for {strand.latest.period.display}, "
            f"the starting point."
            if strand.latest is not None
            else "There are no figures."
        )
        return f"{NO_FIGURE} {located(about, area)} for {_periods_list(check.missing)}. {since} The aim is {aim}."
    upcoming = strand.next_target
    first = f" The first target is for {upcoming.period.display}." if upcoming is not None else ""
    if strand.latest is not None:
        return (
            f"The latest figure for {located(about, area)} is {with_unit(strand.latest.value, indicator)} for "
            f"{_period(strand.latest.period)}. This is the starting point. There is no newer figure to "
            f"compare with the targets yet.{first}"
        )
    return f"There are no figures yet for {located(about, area)}. The chart shows the targets.{first}"


def _count(number: int) -> str:
    return "none" if number == 0 else str(number)


def _have(number: int, singular: str, plural: str) -> str:
    return singular if number == 1 else plural


def progress_sentences(counts: Tally, as_of_label: str) -> list[str]:
    """The headline 'how are we doing', each count in a sentence that names its period.

    Interim steps met are counted apart from aims reached, and targets whose period is
    over with no result are told apart from targets whose period is still to come. Those
    two counts are of targets, as their noun says (``tally``), not of measures.
    """
    sentences = []
    for c in counts.by_period:
        kind = "interim targets" if c.interim == c.judged else "final targets" if c.interim == 0 else "targets"
        verb = _have(c.met, "was", "were")
        sentence = f"{_capital(_count(c.met))} of the {c.judged} {kind} for {c.period.display} {verb} met"
        if 0 < c.interim < c.judged:
            final, final_met = c.judged - c.interim, c.met - c.interim_met
            sentence += (
                f": {_count(c.interim_met)} of {c.interim} interim {_have(c.interim, 'step', 'steps')} "
                f"and {_count(final_met)} of {final} final {_have(final, 'target', 'targets')}"
            )
        sentences.append(sentence + ".")
    if counts.aims_judged:
        periods = {c.period for c in counts.by_period}
        latest = f"the same {next(iter(periods)).display} figures" if len(periods) == 1 else "the same figures"
        sentences.append(
            f"On {latest}, {_count(counts.aims_reached)} of these {counts.aims_judged} had reached the final aim. "
            f"{_capital(_count(counts.on_course))} {_have(counts.on_course, 'was', 'were')} on course to reach it "
            f"in time."
        )
    # Judged at as_of, a date now past: said in the past tense, and of this site's data, not of the world
    if counts.no_result:
        sentences.append(
            f"This site has no figure for {counts.no_result} more {_have(counts.no_result, 'target', 'targets')} "
            f"whose {_have(counts.no_result, 'period', 'periods')} had ended by {as_of_label}."
        )
    if counts.no_data:
        sentences.append(
            f"{counts.no_data} more {_have(counts.no_data, 'target was', 'targets were')} for periods still to "
            f"come on that date."
            if counts.no_result
            else f"{counts.no_data} more {_have(counts.no_data, 'target was', 'targets were')} for periods still "
            f"to come on {as_of_label}."
        )
    return sentences


def latest_figure(indicator: Indicator, area: str, breakdown: str | None = None) -> str:
    """'7.2 per 1,000 live births (2009–2011)': the latest actual, for prose in content pages."""
    series = next(
        (s for s in indicator.series if s.kind == "actual" and s.area == area and s.breakdown == breakdown), None
    )
    if series is None:
        return "not yet published"
    latest = max(series.values, key=lambda v: parse_period(v.period))
    return f"{with_unit(latest.value, indicator)} ({_period(latest.period)})"


def gap_sentence(strand: Strand) -> str:
    """The gap to the comparator in words: 'higher' or 'lower', and 'better/similar/worse' only with a confidence
    interval to go on."""
    gap, indicator = strand.gap, strand.indicator
    if gap is None or strand.comparator is None:
        return ""

    def side(difference: float) -> str:
        # the gap is the difference of the two figures as shown (``Gap``): exact at this precision, so a gap
        # that is not zero is never written "0.0 higher"
        if compare(difference, 0, indicator.decimals) == 0:
            return f"the same as {strand.comparator}"
        amount = with_unit(abs(difference), indicator)
        return f"{amount} {'higher' if difference > 0 else 'lower'} than {strand.comparator}"

    sentences = [f"In {gap.first.period.display} {strand.area} was {side(gap.first_gap)}."]
    if gap.first.period == gap.latest.period:
        sentences.append(f"This site has no newer figures for both {strand.area} and {strand.comparator}.")
    elif gap.narrowed is None and compare(gap.latest_gap, gap.first_gap, indicator.decimals) == 0:
        sentences.append(f"In {gap.latest.period.display} the gap was the same.")
    elif gap.narrowed is None:  # as wide as before, on the other side of the comparator
        sentences.append(f"In {gap.latest.period.display} it was {side(gap.latest_gap)}: a gap of the same size.")
    else:
        change = "narrowed" if gap.narrowed else "widened"
        sentences.append(f"In {gap.latest.period.display} it was {side(gap.latest_gap)}: the gap has {change}.")
    verdict = _compared(strand)
    if verdict:
        sentences.append(verdict)
    return " ".join(sentences)


def _compared(strand: Strand) -> str:
    """'Better', 'similar' or 'worse' than the comparator, only where a confidence interval allows it.

    Judged on the interval's ends and the comparator's figure as shown, so "similar to"
    is said exactly when the comparator's figure reads inside the interval the sentence writes.
    """
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
    theirs, decimals = gap.latest_comparator.value, indicator.decimals
    if compare(local.lower, theirs, decimals) <= 0 <= compare(local.upper, theirs, decimals):
        word = "similar to"
    elif indicator.polarity is None:
        word = "higher than" if compare(local.lower, theirs, decimals) > 0 else "lower than"
    else:
        higher = compare(local.lower, theirs, decimals) > 0
        word = "better than" if higher == (indicator.polarity == "higher") else "worse than"
    return (
        f"Taking chance into account (the 95% confidence interval, {with_unit(local.lower, indicator)} to "
        f"{with_unit(local.upper, indicator)}), {strand.area} was {word} {strand.comparator} in "
        f"{gap.latest.period.display}."
    )
