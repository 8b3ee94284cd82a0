"""The progress rules, one behaviour per test."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from generator.derive import Strand, strand, tally
from generator.describe import (
    NO_FIGURE,
    _target_sentence,
    course_words,
    missing_sentence,
    progress_sentences,
    status_words,
    step_phrase,
)
from generator.model import Indicator, Series
from generator.periods import parse_period
from generator.progress import (
    Course,
    Point,
    Status,
    ambition_course,
    check_target,
    comparator_gap,
    direction,
    final_target,
    meets,
    percent_change,
)

P = Point.of


def test_higher_is_better_below_target_is_not_met() -> None:
    check = check_target([P("2008-2010", 77.7), P("2009-2011", 77.9)], [P("2009-2011", 78.2)], "higher")
    assert check.status is Status.NOT_MET
    assert check.actual is not None and check.target is not None
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
    assert check.actual is not None
    assert check.status is Status.MET and str(check.actual.period) == "2013"


def test_actuals_later_than_the_last_target_are_compared_with_the_last_target() -> None:
    check = check_target([P("2012", 10.0), P("2016", 9.0)], [P("2012", 9.5), P("2014", 9.0)], "lower")
    assert check.status is Status.MET and check.after_last_target
    assert check.target is not None
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
    change = percent_change(2669, 2194)
    assert change is not None and round(change, 1) == -17.8


# Interim steps and aims -----------------------------------------------------------------

TRAJECTORY = [("2009-2011", 7.2), ("2010-2012", 5.4), ("2011-2013", 5.3), ("2014-2016", 5.0)]


def _strand(actual: list[tuple[str, float]], as_of: date | None = None, final: str | None = None) -> Strand:
    indicator = Indicator.model_validate(
        {
            "id": "infant",
            "name": "Infant mortality",
            "polarity": "lower",
            "series": [
                {"area": "Here", "kind": "actual", "values": [{"period": p, "value": v} for p, v in actual]},
                {
                    "area": "Here",
                    "kind": "target",
                    "values": [{"period": p, "value": v, "final": p == final} for p, v in TRAJECTORY],
                },
            ],
        }
    )
    return strand(indicator, "Here", None, as_of)


def test_interim_step_met_is_told_apart_from_the_aim() -> None:
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.2)])
    assert s.check.status is Status.MET and s.interim
    assert s.check.target is not None and s.aim is not None
    assert (str(s.check.target.period), s.aim.value, str(s.aim.period)) == ("2009-2011", 5.0, "2014-2016")
    assert status_words(s.check) == "Target met for 2009–2011"
    assert step_phrase(s).endswith("for 2009–2011 (interim step)")


def test_interim_step_not_met() -> None:
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.4)])
    assert s.check.status is Status.NOT_MET and s.interim
    assert status_words(s.check) == "Not met for 2009–2011"


def test_meeting_a_step_too_slowly_is_not_on_course_for_the_aim() -> None:
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.2)])
    assert s.course is not None
    assert s.course.course is Course.NOT_ON_COURSE
    assert "not on course to reach it" in _target_sentence(s, "infant mortality", "Here")
    assert "5.0 by 2014–2016" in _target_sentence(s, "infant mortality", "Here")


def test_change_fast_enough_is_on_course_for_the_aim() -> None:
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.0)])
    assert s.course is not None
    assert s.course.course is Course.ON_COURSE
    assert course_words(s) == "On course (judged on 2009–2011)"


def test_aim_met_and_aim_not_met_by_its_end_date() -> None:
    met = _strand([("2008-2010", 7.5), ("2014-2016", 4.9)])
    assert met.course is not None
    assert met.check.status is Status.MET and not met.interim and met.course.course is Course.MET
    missed = _strand([("2008-2010", 7.5), ("2014-2016", 5.5)])
    assert missed.course is not None
    assert missed.check.status is Status.NOT_MET and missed.course.course is Course.MISSED


def test_a_value_marked_final_is_the_aim_even_when_later_values_follow() -> None:
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.2)], final="2011-2013")
    assert s.aim is not None
    assert (str(s.aim.period), s.aim.value) == ("2011-2013", 5.3)
    assert final_target([P("2012", 1.0), P("2013", 2.0)]) == P("2013", 2.0)


def test_final_belongs_to_one_target_only() -> None:
    with pytest.raises(ValidationError, match="only belongs in a target series"):
        Series.model_validate(
            {"area": "Here", "kind": "actual", "values": [{"period": "2012", "value": 1.0, "final": True}]}
        )
    with pytest.raises(ValidationError, match="a series has one aim"):
        Series.model_validate(
            {
                "area": "Here",
                "kind": "target",
                "values": [
                    {"period": "2012", "value": 1.0, "final": True},
                    {"period": "2013", "value": 2.0, "final": True},
                ],
            }
        )


def test_a_target_period_over_with_no_figure_is_no_result_published() -> None:
    s = _strand([("2008-2010", 7.5)], as_of=date(2014, 6, 30))
    assert s.check.status is Status.NO_RESULT
    assert [str(p) for p in s.check.missing] == ["2009-2011", "2010-2012", "2011-2013"]
    assert status_words(s.check, s.next_target) == "No figure on this site for 2011–2013"


def test_a_target_period_still_to_come_is_no_data_yet() -> None:
    s = _strand([("2008-2010", 7.5)], as_of=date(2011, 6, 30))
    assert s.check.status is Status.NO_DATA and s.check.missing == ()
    assert status_words(s.check, s.next_target) == "No data yet for 2009–2011"


def test_a_period_ending_on_the_site_date_counts_as_over() -> None:
    assert check_target([], [P("2013", 1.0)], "lower", date(2013, 12, 31)).status is Status.NO_RESULT
    assert check_target([], [P("2013", 1.0)], "lower", date(2013, 12, 30)).status is Status.NO_DATA


def test_steps_missed_after_the_latest_result_are_named() -> None:
    as_of = date(2014, 6, 30)
    s = _strand([("2008-2010", 7.5), ("2009-2011", 7.2)], as_of=as_of)
    assert s.check.status is Status.MET
    ended = [parse_period(p) for p, _ in TRAJECTORY if p != "2009-2011" and parse_period(p).end <= as_of]
    assert list(s.check.missing) == ended
    sentence = missing_sentence(s, "30 June 2014")
    # what the data can show (no figure on this site), never a claim that none was published
    assert sentence.startswith(f"{NO_FIGURE} {' or '.join(p.display for p in ended)}")
    assert "published" not in sentence


def test_headline_counts_interim_steps_and_aims_apart_each_with_its_period() -> None:
    cases = [
        ([("2008-2010", 7.5), ("2009-2011", 7.2)], date(2014, 6, 30)),
        ([("2008-2010", 7.5), ("2009-2011", 7.0)], date(2014, 6, 30)),
        ([("2008-2010", 7.5), ("2009-2011", 7.4)], date(2014, 6, 30)),
        ([("2008-2010", 7.5)], date(2014, 6, 30)),
        ([("2008-2010", 7.5)], date(2011, 6, 30)),
    ]
    strands = [_strand(actual, as_of) for actual, as_of in cases]
    counts = tally(strands)
    # targets, not measures: each target after a measure's latest judged figure, over or still to come
    steps = dict(TRAJECTORY)
    later = [
        (parse_period(period), as_of)
        for actual, as_of in cases
        for period in steps
        if parse_period(period) > max((parse_period(p) for p, _ in actual if p in steps), default=parse_period("1900"))
    ]
    no_result = sum(1 for period, as_of in later if period.end <= as_of)
    to_come = len(later) - no_result
    assert (counts.met, counts.judged, counts.no_result, counts.no_data) == (2, 3, no_result, to_come)
    assert no_result > 1 and to_come > 1  # more targets than the measures they belong to
    sentences = progress_sentences(counts, "30 June 2014 (assumed date)")
    assert sentences[0] == "2 of the 3 interim targets for 2009–2011 were met."
    assert sentences[1].startswith("On the same 2009–2011 figures, none of these 3 had reached the final aim.")
    assert "1 was on course" in sentences[1]
    assert sentences[2] == (
        f"This site has no figure for {no_result} more targets whose periods had ended by 30 June 2014 (assumed date)."
    )
    assert sentences[3] == f"{to_come} more targets were for periods still to come on that date."


def test_a_count_mixing_interim_steps_and_aims_says_how_many_of_each() -> None:
    strands = [
        _strand([("2008-2010", 7.5), ("2009-2011", 7.2)]),
        _strand([("2008-2010", 7.5), ("2009-2011", 7.4)]),
    ]
    late = _strand([("2008-2010", 7.5), ("2014-2016", 4.9)])
    counts = tally([*strands, late])
    assert [str(c.period) for c in counts.by_period] == ["2009-2011", "2014-2016"]
    sentences = progress_sentences(counts, "1 May 2017")
    assert sentences[0] == "1 of the 2 interim targets for 2009–2011 was met."
    assert sentences[1] == "1 of the 1 final targets for 2014–2016 was met."
    mixed = tally(
        [
            _strand([("2008-2010", 7.5), ("2009-2011", 7.2)]),
            _strand([("2008-2010", 7.5), ("2009-2011", 7.4)], final="2009-2011"),
        ]
    )
    assert progress_sentences(mixed, "1 May 2012")[0] == (
        "1 of the 2 targets for 2009–2011 was met: 1 of 1 interim step and none of 1 final target."
    )


@pytest.mark.parametrize(
    ("baseline", "latest", "target"),
    [("2013", "2013-07-02", "2018"), ("2008-2010", "2009", "2014-2016"), ("2010", "2010-07-01", "2010-07-03")],
)
def test_periods_too_close_for_a_pace_give_no_course_rather_than_a_crash(
    baseline: str, latest: str, target: str
) -> None:
    check = ambition_course(P(baseline, 10.0), P(target, 20.0), P(latest, 11.0), "higher")
    assert check.course is Course.NO_DATA


def test_a_change_of_many_orders_of_magnitude_gives_no_course_rather_than_a_crash() -> None:
    # a third of a year from 1e-150 to 1e150: the yearly rate is past what a float can hold
    check = ambition_course(P("2010", 1e-150), P("2030", 1e300), P("2010-10-30", 1e150), "higher")
    assert check.course is Course.NO_DATA
