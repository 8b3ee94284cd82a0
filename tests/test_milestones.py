"""Milestone date phrases as action plans write them, and status against the strategy's date."""

from __future__ import annotations

from datetime import date

import pytest

from generator.milestones import WhenError, latest_update, milestone_status, milestone_status_words, read_when
from generator.model import Milestone


@pytest.mark.parametrize(
    ("phrase", "kind", "start", "end"),
    [
        ("by Sept 2014", "due", date(2014, 9, 1), date(2014, 9, 30)),
        ("by 01/07/13", "due", date(2013, 7, 1), date(2013, 7, 1)),
        ("2013-14", "period", date(2013, 4, 1), date(2014, 3, 31)),
        ("in 2013-14", "period", date(2013, 4, 1), date(2014, 3, 31)),
        ("from 01/04/13", "start", date(2013, 4, 1), date(2013, 4, 1)),
        ("29/04/13", "date", date(2013, 4, 29), date(2013, 4, 29)),
        ("end of 2013/14", "due", date(2013, 4, 1), date(2014, 3, 31)),
        ("Sept 2013", "period", date(2013, 9, 1), date(2013, 9, 30)),
        ("throughout 2013/14", "period", date(2013, 4, 1), date(2014, 3, 31)),
        ("(September 2013)", "period", date(2013, 9, 1), date(2013, 9, 30)),
        ("July 2013 onwards", "start", date(2013, 7, 1), date(2013, 7, 31)),
        ("by 2nd January 2014", "due", date(2014, 1, 2), date(2014, 1, 2)),
        ("by end of 2013-14", "due", date(2013, 4, 1), date(2014, 3, 31)),
    ],
)
def test_source_date_phrases_are_read_as_what_they_are(phrase: str, kind: str, start: date, end: date) -> None:
    when = read_when(phrase)
    assert (when.kind, when.start, when.end) == (kind, start, end)


@pytest.mark.parametrize("phrase", ["2013-13", "in 2014/14", "Spring/Summer", "May 13", "31/02/13", "soon"])
def test_ambiguous_or_impossible_phrases_are_refused_not_guessed(phrase: str) -> None:
    with pytest.raises(WhenError):
        read_when(phrase)


def _milestone(when: str | None, *updates: tuple[date, str]) -> Milestone:
    return Milestone.model_validate(
        {"id": "1a", "text": "x", "when": when, "updates": [{"date": d, "status": s} for d, s in updates]}
    )


def test_status_is_judged_at_the_strategy_date_not_today() -> None:
    milestone = _milestone("by 01/07/13")
    assert milestone_status(milestone, date(2013, 6, 1)) == "no update yet"
    assert milestone_status(milestone, date(2013, 7, 2)) == "overdue"


def test_latest_update_sets_the_status_and_done_is_never_overdue() -> None:
    milestone = _milestone("by 01/07/13", (date(2013, 5, 1), "in progress"), (date(2013, 8, 1), "done"))
    assert milestone_status(milestone, date(2013, 6, 1)) == "in progress"
    assert milestone_status(milestone, date(2013, 7, 15)) == "overdue"
    assert milestone_status(milestone, date(2013, 9, 1)) == "done"


def test_a_start_date_has_no_deadline() -> None:
    assert milestone_status(_milestone("from 01/04/13", (date(2013, 4, 2), "not started")), date(2014, 1, 1)) == (
        "not started"
    )
    assert milestone_status(_milestone(None), date(2020, 1, 1)) == "no update yet"


def test_with_an_assumed_date_a_passed_deadline_is_not_called_overdue() -> None:
    milestone = _milestone("(Jan 2013)")
    assert milestone_status(milestone, date(2013, 4, 1)) == "overdue"
    status = milestone_status(milestone, date(2013, 4, 1), as_of_assumed=True)
    assert status == "no update recorded"
    assert milestone.when is not None
    assert milestone_status_words(status, read_when(milestone.when)) == "Due by January 2013 – no update recorded"


def test_with_an_assumed_date_a_recorded_update_still_counts() -> None:
    milestone = _milestone("by 01/07/13", (date(2013, 5, 1), "in progress"))
    assert milestone_status(milestone, date(2013, 8, 1), as_of_assumed=True) == "in progress"
    assert milestone_status(milestone, date(2013, 6, 1), as_of_assumed=True) == "in progress"
    assert milestone_status(_milestone("by 01/07/13"), date(2013, 6, 1), as_of_assumed=True) == "no update yet"


def test_two_dates_in_one_phrase_keep_both_and_the_later_is_the_deadline() -> None:
    when = read_when("in May 2013 and by Dec 2013")
    assert [(s.start, s.end) for s in when.steps] == [
        (date(2013, 5, 1), date(2013, 5, 31)),
        (date(2013, 12, 1), date(2013, 12, 31)),
    ]
    assert when.label == "in May 2013 and due by 31 December 2013"
    assert when.deadline == date(2013, 12, 31)
    assert when.due_words == "by December 2013"
    assert milestone_status(_milestone("in May 2013 and by Dec 2013"), date(2013, 7, 1)) == "no update yet"
    assert milestone_status(_milestone("in May 2013 and by Dec 2013"), date(2014, 1, 1)) == "overdue"


def test_two_dates_out_of_order_are_refused() -> None:
    with pytest.raises(WhenError, match="not in order"):
        read_when("by Dec 2013 and May 2013")


def _noted(*updates: tuple[date, str, str]) -> Milestone:
    return Milestone.model_validate(
        {
            "id": "1a",
            "text": "x",
            "when": "by 01/07/13",
            "updates": [{"date": d, "status": s, "note": n} for d, s, n in updates],
        }
    )


def test_the_status_and_the_note_come_from_one_update_the_later_written_of_a_day() -> None:
    milestone = _noted(
        (date(2013, 6, 3), "not started", "Waiting for the venue"),
        (date(2013, 6, 3), "in progress", "Opened this afternoon"),
    )
    update = latest_update(milestone, date(2013, 6, 30))
    assert update is not None and (update.status, update.note) == ("in progress", "Opened this afternoon")
    assert milestone_status(milestone, date(2013, 6, 30)) == "in progress"


def test_an_update_after_the_as_of_date_sets_neither_status_nor_note() -> None:
    milestone = _noted(
        (date(2013, 5, 1), "in progress", "Started"),
        (date(2013, 9, 1), "done", "Finished in September"),
    )
    update = latest_update(milestone, date(2013, 6, 1))
    assert update is not None and update.note == "Started"
    assert milestone_status(milestone, date(2013, 6, 1)) == "in progress"
    assert latest_update(milestone, date(2013, 4, 1)) is None
