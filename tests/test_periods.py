"""Unit tests of generator.periods.parse_period: the forms editors write, their order, and the errors."""

from __future__ import annotations

from datetime import date

import pytest

from generator.periods import PERIOD_FORMS, Period, PeriodError, is_period, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label", "kind"),
    [
        ("2012", date(2012, 1, 1), date(2012, 12, 31), "2012", "year"),
        (2012, date(2012, 1, 1), date(2012, 12, 31), "2012", "year"),
        ("2014/15", date(2014, 4, 1), date(2015, 3, 31), "2014/15", "financial_year"),
        ("2014/2015", date(2014, 4, 1), date(2015, 3, 31), "2014/15", "financial_year"),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31), "1999/00", "financial_year"),
        ("2008-2010", date(2008, 1, 1), date(2010, 12, 31), "2008-2010", "span"),
        ("2008-10", date(2008, 1, 1), date(2010, 12, 31), "2008-2010", "span"),
        ("2012 – 2019", date(2012, 1, 1), date(2019, 12, 31), "2012-2019", "span"),
        ("2012–2019", date(2012, 1, 1), date(2019, 12, 31), "2012-2019", "span"),
        ("Q3 2014", date(2014, 7, 1), date(2014, 9, 30), "Q3 2014", "quarter"),
        ("q1 2016", date(2016, 1, 1), date(2016, 3, 31), "Q1 2016", "quarter"),
        ("Q4 2013", date(2013, 10, 1), date(2013, 12, 31), "Q4 2013", "quarter"),
        ("2014-03-31", date(2014, 3, 31), date(2014, 3, 31), "2014-03-31", "date"),
        ("  2012  ", date(2012, 1, 1), date(2012, 12, 31), "2012", "year"),
    ],
)
def test_parse_period_forms(text: str | int, start: date, end: date, label: str, kind: str) -> None:
    period = parse_period(text)
    assert period == Period(start, end, label, kind)
    assert str(period) == label
    assert is_period(text)


def test_span_is_displayed_with_an_en_dash() -> None:
    assert parse_period("2012 – 2019").display == "2012–2019"
    assert parse_period("2008-10").display == "2008–2010"
    assert parse_period("2014/15").display == "2014/15"


def test_spans_are_ordered_by_start_then_end() -> None:
    assert parse_period("2008-2010") < parse_period("2009-2011")
    assert parse_period("2008-2010") < parse_period("2008-2011")


def test_calendar_year_comes_before_the_financial_year_starting_in_it() -> None:
    assert parse_period("2014") < parse_period("2014/15")


def test_mixed_forms_sort_on_one_time_axis() -> None:
    texts = ["2014/15", "Q3 2014", "2012", "2008-2010", "2014-03-31", "2014"]
    ordered = [str(p) for p in sorted(parse_period(t) for t in texts)]
    assert ordered == ["2008-2010", "2012", "2014", "2014-03-31", "2014/15", "Q3 2014"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2014-2012", ["'2014-2012'", "runs backwards", "2012 is before 2014", "2012-2014"]),
        ("2014-12", ["runs backwards", "2012 is before 2014"]),
        ("2014/16", ["'2014/16'", "not a financial year", "2014/15"]),
        ("2014/13", ["not a financial year"]),
        ("2014-02-30", ["'2014-02-30'", "not a real date"]),
        ("2014-13-01", ["not a real date"]),
        ("2014-2014", ["starts and ends in the same year", "write 2014"]),
        ("soon", ["'soon'", "not a period", PERIOD_FORMS]),
        ("", ["not a period"]),
        ("Q5 2014", ["not a period"]),
        ("14/15", ["not a period"]),
    ],
)
def test_parse_period_errors(text: str, words: list[str]) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    for word in words:
        assert word in message
    assert not is_period(text)


def test_period_error_is_a_value_error() -> None:
    """Pydantic turns ValueError into a validation problem, so PeriodError must be one."""
    assert issubclass(PeriodError, ValueError)


def test_periods_and_milestone_phrases_read_a_financial_year_the_same_way() -> None:
    from generator.milestones import read_when

    for written in ("2013/14", "1999/00", "2013/2014", "2013-14", "2013-2014", "1999-00", "2014 – 15"):
        period = parse_period(written)
        when = read_when(f"throughout {written}")
        assert (when.start, when.end) == (period.start, period.end), written


@pytest.mark.parametrize(
    ("written", "start", "end", "label"),
    [
        ("2014-15", date(2014, 4, 1), date(2015, 3, 31), "2014/15"),
        ("2013-2014", date(2013, 4, 1), date(2014, 3, 31), "2013/14"),
        ("1999-00", date(1999, 4, 1), date(2000, 3, 31), "1999/00"),
    ],
)
def test_a_year_and_the_next_joined_by_a_dash_is_a_financial_year(
    written: str, start: date, end: date, label: str
) -> None:
    """UK public bodies write financial years as 2014-15 as often as 2014/15; a span of years is three or more."""
    period = parse_period(written)
    assert (period.start, period.end, period.label, period.kind) == (start, end, label, "financial_year")


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("Q1 2014/15", date(2014, 4, 1), date(2014, 6, 30)),
        ("Q3 2014/15", date(2014, 10, 1), date(2014, 12, 31)),
        ("Q4 2014/2015", date(2015, 1, 1), date(2015, 3, 31)),
    ],
)
def test_a_quarter_of_a_financial_year_is_the_nhs_quarter(written: str, start: date, end: date) -> None:
    period = parse_period(written)
    assert (period.start, period.end, period.kind) == (start, end, "quarter")


def test_a_quarter_of_a_year_that_is_not_a_financial_year_is_refused() -> None:
    with pytest.raises(PeriodError, match="write Q3 2014/15"):
        parse_period("Q3 2014/16")
