"""Every comparison word agrees with the figures the page shows beside it.

Imports store figures at full precision (7.2349) while a page writes them at the
indicator's ``decimals`` (7.2). These properties throw full-precision values, zero and
negative baselines, and targets and comparators a hair's breadth from the figure at the
functions that write the sentences, read the numbers back out of each sentence, and
check its words against them: "above" only beside a larger figure, "Target met" whenever
the figure reads the same as its target, "the gap has narrowed" only when the gaps as
shown shrank, never "+0.0%" nor "0.0 higher". The figures as shown are worked out here
from the values with Python's own formatting, not with the generator's rounding, so the
test is a second reading rather than the same code twice. One test builds a site and
reads the same agreement on its page.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import generate
from generator.derive import AmbitionView, Panel, Strand, strand, tally
from generator.describe import (
    course_words,
    gap_sentence,
    headline,
    missing_sentence,
    progress_sentences,
    status_words,
    summary,
    with_unit,
)
from generator.model import Ambition, Indicator
from generator.periods import Period, parse_period
from generator.progress import Course, Point, Status

from .conftest import buildable_minimal_site

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBER = r"-?[\d,]+(?:\.\d+)?"
BASE, STEP, AIM = "2008-2010", "2009-2011", "2014-2016"


def shown(value: float, decimals: int) -> Decimal:
    """The figure as a page writes it at ``decimals`` places, read back as an exact decimal."""
    return Decimal(f"{value:.{decimals}f}")


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def meets(actual: Decimal, target: Decimal, polarity: str) -> bool:
    """The rule the site states: a figure that reads the same as its target meets it."""
    return actual == target or (actual > target) == (polarity == "higher")


def sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


decimals = st.integers(min_value=0, max_value=4)
polarities = st.sampled_from(["higher", "lower"])


@st.composite
def figure(draw: st.DrawFn, places: int, near: float | None = None) -> float:
    """A full-precision value: anywhere, or within a couple of last shown places of ``near`` (often the same shown)."""
    if near is None:
        return draw(
            st.one_of(
                st.floats(min_value=-1_000, max_value=100_000, allow_nan=False),
                st.integers(-10_000, 1_000_000).map(lambda n: n / 10**places),  # exactly on a shown value
                st.just(0.0),
            )
        )
    step = 10.0**-places
    return near + draw(st.integers(-2, 2)) * step + draw(st.floats(-0.5, 0.5)) * step


def _indicator(
    places: int, polarity: str | None, actual: dict[str, float], target: dict[str, float], **others: dict[str, float]
) -> Indicator:
    """An indicator with ``Here``'s figures and targets and, by keyword, other areas' figures to compare with."""
    series = [
        {"area": "Here", "kind": "actual", "values": [{"period": p, "value": v} for p, v in actual.items()]},
        {"area": "Here", "kind": "target", "values": [{"period": p, "value": v} for p, v in target.items()]},
    ]
    series += [
        {"area": area, "kind": "actual", "values": [{"period": p, "value": v} for p, v in values.items()]}
        for area, values in others.items()
    ]
    return Indicator.model_validate(
        {"id": "measure", "name": "Infant mortality", "decimals": places, "polarity": polarity, "series": series}
    )


def _panel(s: Strand) -> Panel:
    periods = sorted({v.period for series in s.indicator.series for v in series.values}, key=parse_period)
    return Panel(s.indicator, None, list(s.indicator.series), s, periods)


# Against a target: above, below, equal to; met or not ------------------------------------

SHAPES = {
    # the latest figure against an interim step, against the aim for its own period, and after the last target
    "interim": (STEP, True),
    "final": (STEP, False),
    "after": ("2010-2012", False),
}


@st.composite
def judged(draw: st.DrawFn) -> tuple[Strand, float, float, str]:
    """A strand judged against a target, with the latest figure and the target it is judged on."""
    places, polarity = draw(decimals), draw(polarities)
    target = draw(figure(places))
    latest = draw(st.one_of(figure(places, near=target), figure(places)))
    period, interim = SHAPES[draw(st.sampled_from(sorted(SHAPES)))]
    targets = {STEP: target, AIM: draw(figure(places, near=target))} if interim else {STEP: target}
    indicator = _indicator(places, polarity, {BASE: draw(figure(places, near=latest)), period: latest}, targets)
    return strand(indicator, "Here", None), latest, target, polarity


def _judged_example(places: int, polarity: str, latest: float, target: float) -> tuple[Strand, float, float, str]:
    """7.2349 against 7.2 at one decimal: today's code says 'above … Not met' beside two figures reading 7.2."""
    indicator = _indicator(places, polarity, {BASE: 7.5, STEP: latest}, {STEP: target, AIM: 5.0})
    return strand(indicator, "Here", None), latest, target, polarity


FULL_PRECISION = _judged_example(1, "lower", 7.2349, 7.2)


@SETTINGS
@given(case=judged())
@example(case=FULL_PRECISION)
@example(case=_judged_example(1, "higher", 7.1501, 7.2))  # shows 7.2: met, though the value is below
def test_the_target_sentence_says_above_below_or_equal_as_the_figures_read(
    case: tuple[Strand, float, float, str],
) -> None:
    s, latest, target, _polarity = case
    places = s.indicator.decimals
    sentence = summary(_panel(s), "Here")
    found = re.search(
        rf"was (?P<a>{NUMBER}), (?P<word>above|below|equal to) (?:the interim|its final) target of (?P<t>{NUMBER})",
        sentence,
    )
    assert found is not None, sentence
    a, t = number(found["a"]), number(found["t"])
    assert (a, t) == (shown(latest, places), shown(target, places)), sentence  # the figures the data gives
    assert found["word"] == ("equal to" if a == t else "above" if a > t else "below"), sentence


@SETTINGS
@given(case=judged())
@example(case=FULL_PRECISION)
def test_met_or_not_met_follows_the_figures_as_shown(case: tuple[Strand, float, float, str]) -> None:
    s, latest, target, polarity = case
    met = meets(shown(latest, s.indicator.decimals), shown(target, s.indicator.decimals), polarity)
    assert s.check.status is (Status.MET if met else Status.NOT_MET)
    assert status_words(s.check).startswith("Target met" if met else "Not met")
    title = headline(_panel(s), "Here")
    if met:
        assert " met its " in title, title
    else:
        word = re.search(r" was (above|below) its ", title)
        assert word is not None, title  # never "was equal to" a target that was not met
        assert (word[1] == "above") == (polarity == "lower"), title  # not met: on the worse side


@st.composite
def against_the_aim(draw: st.DrawFn) -> tuple[Strand, float, float, str]:
    """A latest figure for the aim's own period, so that the course and the status judge the same two figures."""
    places, polarity = draw(decimals), draw(polarities)
    aim = draw(figure(places))
    latest = draw(figure(places, near=aim))
    baseline = draw(st.one_of(figure(places), figure(places, near=aim)))
    indicator = _indicator(places, polarity, {BASE: baseline, STEP: latest}, {STEP: aim})
    return strand(indicator, "Here", None), latest, aim, polarity


#: 5.0349 against an aim of 5.0 for its own period: today's code says "not met by its end date" beside 5.0 and 5.0.
AIM_READ_EQUAL = (
    strand(_indicator(1, "lower", {BASE: 7.5, STEP: 5.0349}, {STEP: 5.0}), "Here", None),
    5.0349,
    5.0,
    "lower",
)


@SETTINGS
@given(case=against_the_aim())
@example(case=AIM_READ_EQUAL)
def test_the_course_to_the_aim_agrees_with_the_status_and_the_figures(case: tuple[Strand, float, float, str]) -> None:
    s, latest, aim, polarity = case
    assert s.course is not None
    met = meets(shown(latest, s.indicator.decimals), shown(aim, s.indicator.decimals), polarity)
    if s.course.course is Course.MET:
        assert met, course_words(s)
    if s.course.course is Course.MISSED:
        assert not met, course_words(s)
    if met:  # "Target met" beside "not met by its end date" would contradict itself
        assert s.course.course is not Course.MISSED, course_words(s)


# Direction since the starting point --------------------------------------------------------


@st.composite
def travelled(draw: st.DrawFn) -> tuple[Strand, float, float, str]:
    places, polarity = draw(decimals), draw(polarities)
    baseline = draw(figure(places))
    latest = draw(st.one_of(figure(places, near=baseline), figure(places)))
    indicator = _indicator(places, polarity, {BASE: baseline, STEP: latest}, {AIM: draw(figure(places))})
    return strand(indicator, "Here", None), baseline, latest, polarity


#: 7.2349 then 7.2: today's code says "Getting better" between two figures that read 7.2.
SAME_READING = (
    strand(_indicator(1, "lower", {BASE: 7.2349, STEP: 7.2}, {AIM: 5.0}), "Here", None),
    7.2349,
    7.2,
    "lower",
)


@SETTINGS
@given(case=travelled())
@example(case=SAME_READING)
def test_direction_says_no_change_exactly_when_the_figures_read_the_same(
    case: tuple[Strand, float, float, str],
) -> None:
    s, baseline, latest, polarity = case
    before, after = shown(baseline, s.indicator.decimals), shown(latest, s.indicator.decimals)
    if before == after:
        assert s.trend == "No change"
    else:
        better = (after > before) == (polarity == "higher")
        assert s.trend == ("Getting better" if better else "Getting worse")


# The gap to a comparator -----------------------------------------------------------------


def side(name: str, unit: str = "") -> str:
    """A pattern for 'was 0.5 higher than England' or 'was the same as England', its parts named after ``name``."""
    amount = rf"(?P<{name}>{NUMBER}){unit} (?P<{name}_side>higher|lower) than England"
    return rf"(?:{amount}|(?P<{name}_same>the same as) England)"


def _stated_gap(found: re.Match[str], name: str) -> Decimal:
    """The gap a sentence states, signed: 'higher' is above England."""
    if found[f"{name}_same"]:
        return Decimal(0)
    amount = number(found[name])
    assert amount != 0, found[0]  # never "0.0 higher than England"
    return amount if found[f"{name}_side"] == "higher" else -amount


@st.composite
def gaps(draw: st.DrawFn) -> tuple[Strand, list[Decimal]]:
    """Two periods of a local figure and England's, often a hair apart; with the gaps as a reader works them out."""
    places, polarity = draw(decimals), draw(st.one_of(polarities, st.none()))
    local = [draw(figure(places)), draw(figure(places))]
    england = [draw(st.one_of(figure(places, near=value), figure(places))) for value in local]
    indicator = _indicator(
        places,
        polarity,
        {BASE: local[0], STEP: local[1]},
        {AIM: draw(figure(places))},
        England={BASE: england[0], STEP: england[1]},
    )
    shown_gaps = [shown(here, places) - shown(there, places) for here, there in zip(local, england, strict=True)]
    return strand(indicator, "Here", None), shown_gaps


def _gap_example(local: tuple[float, float], england: tuple[float, float]) -> tuple[Strand, list[Decimal]]:
    indicator = _indicator(
        1, "lower", {BASE: local[0], STEP: local[1]}, {AIM: 5.0}, England={BASE: england[0], STEP: england[1]}
    )
    return strand(indicator, "Here", None), [shown(h, 1) - shown(e, 1) for h, e in zip(local, england, strict=True)]


@SETTINGS
@given(case=gaps())
@example(case=_gap_example((7.5, 7.2349), (7.0, 7.16)))  # 7.2 and 7.2: "the same as England", not "0.1 higher"
@example(case=_gap_example((7.24, 7.5), (7.22, 7.0)))  # 7.2 and 7.2 first: never "0.0 higher than England"
def test_the_gap_sentence_states_the_gaps_the_figures_show(case: tuple[Strand, list[Decimal]]) -> None:
    s, (first, latest) = case
    sentence = gap_sentence(s)
    opening = re.match(rf"In 2008–2010 Here was {side('first')}\. ", sentence)
    assert opening is not None, sentence
    assert _stated_gap(opening, "first") == first, sentence
    rest = sentence[opening.end() :]
    if rest.startswith("In 2009–2011 the gap was the same."):
        assert latest == first, sentence
        return
    then = re.match(
        rf"In 2009–2011 it was {side('latest')}: (?:the gap has (?P<change>narrowed|widened)|a gap of the same size)\.",
        rest,
    )
    assert then is not None, sentence
    assert _stated_gap(then, "latest") == latest, sentence
    if then["change"] == "narrowed":
        assert abs(latest) < abs(first), sentence
    elif then["change"] == "widened":
        assert abs(latest) > abs(first), sentence
    else:
        assert abs(latest) == abs(first) and latest != first, sentence


@st.composite
def intervals(draw: st.DrawFn) -> tuple[Strand, Decimal, Decimal, Decimal, str | None]:
    """A latest figure with a 95% interval whose ends sit a hair from England's figure."""
    places, polarity = draw(decimals), draw(st.one_of(polarities, st.none()))
    theirs = draw(figure(places))
    lower = draw(figure(places, near=theirs))
    upper = lower + draw(st.floats(0, 3)) * 10.0**-places
    value = min(max(lower + draw(st.floats(0, 1)) * (upper - lower), lower), upper)
    return _interval_case(places, polarity, theirs, lower, value, upper)


def _interval_case(
    places: int, polarity: str | None, theirs: float, lower: float, value: float, upper: float
) -> tuple[Strand, Decimal, Decimal, Decimal, str | None]:
    indicator = Indicator.model_validate(
        {
            "id": "measure",
            "name": "Infant mortality",
            "decimals": places,
            "polarity": polarity,
            "series": [
                {
                    "area": "Here",
                    "kind": "actual",
                    "values": [{"period": STEP, "value": value, "lower": lower, "upper": upper}],
                },
                {"area": "Here", "kind": "target", "values": [{"period": AIM, "value": 5.0}]},
                {"area": "England", "kind": "actual", "values": [{"period": STEP, "value": theirs}]},
            ],
        }
    )
    s = strand(indicator, "Here", None)
    return s, shown(lower, places), shown(upper, places), shown(theirs, places), polarity


@SETTINGS
@given(case=intervals())
@example(case=_interval_case(1, "lower", 7.2, 7.2349, 7.3, 7.6))  # 7.2 to 7.6 holds England's 7.2: similar
def test_similar_better_or_worse_follows_the_interval_as_shown(
    case: tuple[Strand, Decimal, Decimal, Decimal, str | None],
) -> None:
    s, lower, upper, theirs, polarity = case
    sentence = gap_sentence(s)
    found = re.search(
        rf"confidence interval, (?P<lo>{NUMBER}) to (?P<hi>{NUMBER})\), Here was (?P<word>[a-z]+ (?:to|than)) England",
        sentence,
    )
    assert found is not None, sentence
    assert (number(found["lo"]), number(found["hi"])) == (lower, upper), sentence
    if lower <= theirs <= upper:
        expected = "similar to"
    else:
        higher = lower > theirs
        if polarity is None:
            expected = "higher than" if higher else "lower than"
        else:
            expected = "better than" if higher == (polarity == "higher") else "worse than"
    assert found["word"] == expected, sentence


# Change in per cent ----------------------------------------------------------------------

AMBITION = Ambition.model_validate({"id": "ambition", "plan": "plan", "group": "national", "title": "An ambition"})


@st.composite
def changes(draw: st.DrawFn) -> tuple[AmbitionView, Decimal, Decimal]:
    """A baseline (zero, a hair from zero, negative or anything) and a target, often a hair from it."""
    places = draw(decimals)
    step = 10.0**-places
    baseline = draw(st.one_of(st.just(0.0), st.floats(-0.5 * step, 0.5 * step), figure(places)))
    target = draw(st.one_of(figure(places, near=baseline), figure(places)))
    return _change_case(places, baseline, target)


def _change_case(places: int, baseline: float, target: float) -> tuple[AmbitionView, Decimal, Decimal]:
    indicator = _indicator(places, "higher", {"2012": baseline}, {"2018": target})
    view = AmbitionView(AMBITION, indicator, Point.of("2012", baseline), Point.of("2018", target), None)
    return view, shown(baseline, places), shown(target, places)


@SETTINGS
@given(case=changes())
@example(case=_change_case(1, 0.0, 5.0))  # a zero baseline: no per cent, never "+0.0%"
@example(case=_change_case(1, 0.04, 5.0))  # shows 0.0: no per cent either
@example(case=_change_case(0, 2669.0, 2669.4))  # shows 2,669 and 2,669: "No change", not "+0.0%"
@example(case=_change_case(0, 2669.0, 2670.0))  # 0.04%: "+0.0%" would deny the difference shown
@example(case=_change_case(1, -2.0, -1.0))  # a rise from a negative baseline is not "-50.0%"
def test_a_change_in_per_cent_is_written_only_when_it_agrees_with_the_figures(
    case: tuple[AmbitionView, Decimal, Decimal],
) -> None:
    view, baseline, target = case
    change = view.computed_change
    if baseline <= 0:
        assert change is None  # no per cent of nothing, nor of a negative starting point
    else:
        assert change is not None
        exact = (target - baseline) / baseline * 100
        assert abs(Decimal(change) - exact) <= abs(exact) * Decimal("1e-9") + Decimal("1e-9")
    text = view.change_text
    assert text not in ("+0.0%", "-0.0%")
    if baseline == target:
        assert text == "No change"
        return
    assert text != "No change"
    if text:
        assert re.fullmatch(r"[+-]\d+\.\d%", text), text
        written = Decimal(text[:-1])
        assert baseline > 0 and written != 0 and sign(written) == sign(target - baseline), text
        assert abs(written - (target - baseline) / baseline * 100) <= Decimal("0.05") + Decimal("1e-9"), text


@SETTINGS
@given(places=decimals, value=st.floats(min_value=-1, max_value=1, allow_nan=False))
@example(places=1, value=-0.04)
def test_a_figure_that_rounds_to_zero_is_written_without_a_minus(places: int, value: float) -> None:
    indicator = _indicator(places, "higher", {"2012": value}, {"2018": 1.0})
    text = with_unit(value, indicator)
    assert number(text) == shown(value, places)
    if shown(value, places) == 0:
        assert not text.startswith("-"), text  # "-0.0" is not a figure anyone published


# Counts and the periods with no figure ------------------------------------------------------

TARGET_YEARS = [str(year) for year in range(2010, 2017)]


@st.composite
def measures(draw: st.DrawFn) -> tuple[list[Strand], date]:
    """Several measures with yearly targets and figures for some years, judged on one date."""
    as_of = date(draw(st.integers(2009, 2018)), draw(st.integers(1, 12)), 28)
    found = []
    for _ in range(draw(st.integers(1, 4))):
        years = draw(st.lists(st.sampled_from(TARGET_YEARS), unique=True, max_size=3))
        actual = {"2009": 7.5} | {year: 7.0 for year in years}
        found.append(strand(_indicator(1, "lower", actual, dict.fromkeys(TARGET_YEARS, 7.2)), "Here", None, as_of))
    return found, as_of


def _later_targets(s: Strand) -> list[Period]:
    """The targets after a measure's latest judged figure, worked out from its series."""
    figures = {
        parse_period(v.period) for series in s.indicator.series if series.kind == "actual" for v in series.values
    }
    targets = [parse_period(year) for year in TARGET_YEARS]
    judged = [p for p in figures if p in targets or p > max(targets)]
    return [p for p in targets if not judged or p > max(judged)]


#: One measure with only its starting figure in mid-2014: four targets over with no figure, three to come.
BASELINE_ONLY = (
    [strand(_indicator(1, "lower", {"2009": 7.5}, dict.fromkeys(TARGET_YEARS, 7.2)), "Here", None, date(2014, 6, 30))],
    date(2014, 6, 30),
)


@SETTINGS
@given(case=measures())
@example(case=BASELINE_ONLY)
def test_the_counts_of_targets_count_targets(case: tuple[list[Strand], date]) -> None:
    strands, as_of = case
    later = [p for s in strands for p in _later_targets(s)]
    over = sum(1 for p in later if p.end <= as_of)
    to_come = len(later) - over
    text = " ".join(progress_sentences(tally(strands), "the day"))
    no_result = re.search(r"no figure for (\d+) more targets? whose periods? had ended", text)
    assert (int(no_result[1]) if no_result else 0) == over, text
    still = re.search(r"(\d+) more targets? (?:was|were) for periods still to come", text)
    assert (int(still[1]) if still else 0) == to_come, text


@SETTINGS
@given(case=measures())
@example(case=BASELINE_ONLY)
def test_periods_with_no_figure_are_told_as_what_the_data_holds(case: tuple[list[Strand], date]) -> None:
    """The data can say it has no figure for a period; it cannot say none was published."""
    strands, _as_of = case
    for s in strands:
        missing = [p.display for p in s.check.missing]
        sentences = [summary(_panel(s), "Here"), headline(_panel(s), "Here"), missing_sentence(s, "the day")]
        assert not [text for text in sentences if "published" in text], sentences
        if missing:
            said = " ".join(sentences)
            assert re.search(r"(?i)this site has no figure for", said), sentences
            assert missing[-1] in said, sentences


# On a built page --------------------------------------------------------------------------

#: Figures at full precision, as an import stores them: at one decimal 7.2349 reads 7.2, as do the target and 7.16.
PLACES = 1
TESTTOWN = {BASE: 7.5, STEP: 7.2349}
ENGLAND = {BASE: 7.0, STEP: 7.16}
TARGETS = {STEP: 7.2, "2015-2017": 5.5}
UNIT = " per 1,000 live births"


def _series(area: str, kind: str, values: dict[str, float]) -> str:
    rows = "".join(f'          - {{period: "{period}", value: {value!r}}}\n' for period, value in values.items())
    return f"      - area: {area}\n        kind: {kind}\n        values:\n{rows}"


def test_a_built_page_reads_full_precision_figures_as_it_shows_them(tmp_path: Path) -> None:
    """The indicator page's sentences, status, gap and direction agree with the figures its table shows."""
    site_dir = buildable_minimal_site(tmp_path / "site")
    path = site_dir / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    block = (
        f"  - id: infant-mortality\n    name: Infant mortality\n    unit:{UNIT}\n    decimals: {PLACES}\n"
        f'    polarity: lower\n    baseline_period: "{BASE}"\n    series:\n'
        + _series("Testtown", "actual", TESTTOWN)
        + _series("England", "actual", ENGLAND)
        + _series("Testtown", "target", TARGETS)
    )
    path.write_text(text[: text.index("  - id: infant-mortality")] + block, encoding="utf-8")
    generate(site_dir)
    page = (site_dir / "build" / "docs" / "indicators" / "infant-mortality.md").read_text(encoding="utf-8")

    before, latest, step = (shown(v, PLACES) for v in (TESTTOWN[BASE], TESTTOWN[STEP], TARGETS[STEP]))
    for period, value in TESTTOWN.items():  # the table writes the figures the sentences are judged on
        row = rf'<th scope="row">{re.escape(parse_period(period).display)}</th>\s*<td[^>]*>{shown(value, PLACES)}</td>'
        assert re.search(row, page), page
    word = "equal to" if latest == step else "above" if latest > step else "below"
    assert f"was {latest}{UNIT}, {word} the interim target of {step}{UNIT}" in page, page
    met = meets(latest, step, "lower")
    assert f"{'Target met' if met else 'Not met'} for {parse_period(STEP).display}" in page, page
    assert ("met its interim target" in page) == met, page

    gap = latest - shown(ENGLAND[STEP], PLACES)
    found = re.search(rf"In {parse_period(STEP).display} it was {side('latest', re.escape(UNIT))}", page)
    assert found is not None, page
    assert _stated_gap(found, "latest") == gap, page
    trend = re.search(r"Direction since the starting point \([^)]*\):\*\* ([A-Z][a-z ]+)\.", page)
    assert trend is not None, page
    assert (trend[1] == "No change") == (before == latest), page
