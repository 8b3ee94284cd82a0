"""The progress rules, one behaviour per test."""

from __future__ import annotations

from generator.progress import (
    Course,
    Point,
    Status,
    ambition_course,
    check_target,
    comparator_gap,
    direction,
    meets,
    percent_change,
)

P = Point.of


def test_higher_is_better_below_target_is_not_met() -> None:
    check = check_target([P("2008-2010", 77.7), P("2009-2011", 77.9)], [P("2009-2011", 78.2)], "higher")
    assert check.status is Status.NOT_MET
    assert (check.actual.value, check.target.value) == (77.9, 78.2)


def test_higher_is_better_above_target_is_met() -> None:
    check = check_target([P("2009-2011", 81.9)], [P("2009-2011", 81.5), P("2010-2012", 81.6)], "higher")
    assert check.status is Status.MET


def test_lower_is_better_reverses_the_comparison() -> None:
    assert check_target([P("2012", 4.0)], [P("2012", 5.0)], "lower").status is Status.MET
    assert check_target([P("2012", 6.0)], [P("2012", 5.0)], "lower").status is Status.NOT_MET


def test_an_actual_equal_to_its_target_is_met_both_ways() -> None:
    assert check_target([P("2009-2011", 7.2)], [P("2009-2011", 7.2)], "lower").status is Status.MET
    assert check_target([P("2009-2011", 7.2)], [P("2009-2011", 7.2)], "higher").status is Status.MET
    assert meets(1.0, 1.0, "lower") and meets(1.0, 1.0, "higher")


def test_missing_actuals_mean_no_data_yet() -> None:
    assert check_target([], [P("2012", 5.0)], "lower").status is Status.NO_DATA


def test_a_baseline_alone_is_not_judged_against_later_targets() -> None:
    check = check_target([P("2008-2010", 7.5)], [P("2009-2011", 7.2), P("2010-2012", 5.4)], "lower")
    assert check.status is Status.NO_DATA


def test_no_target_series_means_no_target() -> None:
    assert check_target([P("2012", 4.0)], [], "lower").status is Status.NO_TARGET


def test_the_latest_matching_period_is_compared() -> None:
    actual = [P("2012", 10.0), P("2013", 12.0)]
    target = [P("2012", 11.0), P("2013", 11.5)]
    check = check_target(actual, target, "higher")
    assert check.status is Status.MET and str(check.actual.period) == "2013"


def test_actuals_later_than_the_last_target_are_compared_with_the_last_target() -> None:
    check = check_target([P("2012", 10.0), P("2016", 9.0)], [P("2012", 9.5), P("2014", 9.0)], "lower")
    assert check.status is Status.MET and check.after_last_target
    assert str(check.target.period) == "2014"


def test_direction_of_travel_honours_polarity() -> None:
    base, later = P("2008-2010", 7.5), P("2009-2011", 7.2)
    assert direction(base, later, "lower") == "Getting better"
    assert direction(base, later, "higher") == "Getting worse"
    assert direction(base, later, None) == "Going down"
    assert direction(base, P("2009-2011", 7.5), "lower") == "No change"
    assert direction(base, None, "lower") == "Not enough data yet"


def test_gap_to_comparator_narrows_or_widens() -> None:
    gap = comparator_gap([P("2010", 77.0), P("2012", 78.5)], [P("2010", 79.0), P("2011", 79.2), P("2012", 79.5)])
    assert gap is not None and gap.first_gap == -2.0 and gap.latest_gap == -1.0 and gap.narrowed is True
    wider = comparator_gap([P("2010", 77.0), P("2012", 76.0)], [P("2010", 79.0), P("2012", 79.5)])
    assert wider is not None and wider.narrowed is False
    assert comparator_gap([P("2010", 1.0)], [P("2011", 2.0)]) is None
    single = comparator_gap([P("2010", 1.0)], [P("2010", 2.0)])
    assert single is not None and single.narrowed is None


def test_baseline_only_ambition_has_no_data_yet() -> None:
    assert ambition_course(P("2012", 2669), P("2018/19", 2194), None, "lower").course is Course.NO_DATA


def test_ambition_on_course_when_change_keeps_pace() -> None:
    check = ambition_course(P("2010", 100.0), P("2020", 200.0), P("2015", 145.0), "higher")
    assert check.course is Course.ON_COURSE and check.ratio is not None and check.ratio > 0.95


def test_ambition_not_on_course_when_change_is_too_slow() -> None:
    check = ambition_course(P("2010", 100.0), P("2020", 200.0), P("2015", 110.0), "higher")
    assert check.course is Course.NOT_ON_COURSE


def test_ambition_moving_away_when_change_goes_the_wrong_way() -> None:
    check = ambition_course(P("2010", 8.0), P("2020", 6.0), P("2015", 9.0), "lower")
    assert check.course is Course.AWAY


def test_ambition_already_met() -> None:
    assert ambition_course(P("2010", 8.0), P("2020", 6.0), P("2015", 5.5), "lower").course is Course.MET


def test_percent_change_of_a_stated_ambition() -> None:
    assert round(percent_change(2669, 2194), 1) == -17.8
