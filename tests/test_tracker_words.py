"""The milestone tracker in any council's words, for strategies that track no progress or name no boards.

Small sites are made from the minimal fixture's data with actions, milestones and meetings
added, built, and read as a resident reads them: every word of the tracker can be renamed
in ``strategy.terms``; ``tracks_progress`` decides whether statuses are shown; a board is
optional and nothing says one is missing; a meeting with nothing due is listed without a
sentence about it; and an action timed by its own ``when`` is shown with its timing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import buildable_minimal_site
from .html_text import visible_text

RENAMED = {
    "milestone": "step",
    "milestones": "steps",
    "tracker": "log",
    "status": "progress",
    "accountable": "responsible",
    "no_update": "not yet reported",
    "when": "timescale",
}
HWB = "health-and-wellbeing-board"
TRUST = "children-trust-board"
HWB_NAME = "Health and Wellbeing Board"
MAY = {"id": "may-board", "date": "2014-05-14", "title": "May Board"}
JULY = {"id": "july-board", "date": "2014-07-09", "title": "July Board", "papers": "https://example.org/july-papers"}
UPDATE_NOTE = "Agreed at the May Board."


def _load(site: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((site / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def _dump(site: Path, name: str, data: dict[str, Any]) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (site / "data" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return text


def _site(
    target: Path,
    *,
    terms: dict[str, str] | None = None,
    tracks_progress: bool | None = None,
    boards: bool = True,
    updated: bool = False,
) -> Path:
    """The minimal site with two outcomes' actions: milestones, an action timed to the May Board, two meetings.

    With ``boards``, outcome 1's first action names two boards and outcome 2's names none; without, no action or
    outcome names a board (the boards stay, for their meetings). With ``updated``, milestone 1a has a done update.
    """
    site = buildable_minimal_site(target)
    data = _load(site, "strategy")
    if terms:
        data["strategy"].setdefault("terms", {}).update(terms)
    if tracks_progress is not None:
        data["strategy"]["tracks_progress"] = tracks_progress
    _dump(site, "strategy", data)
    board_data = _load(site, "boards")
    board_data["boards"][0]["meetings"] = [MAY, JULY]
    _dump(site, "boards", board_data)
    outcomes = _load(site, "outcomes")
    start, living = outcomes["outcomes"]
    hubs: dict[str, Any] = {
        "id": "1",
        "text": "Set up a family hub in each ward.",
        "milestones": [{"id": "1a", "text": "Agree where the hubs will be.", "when": "by 01/12/14"}],
    }
    if updated:
        hubs["milestones"][0]["updates"] = [{"date": "2014-05-20", "status": "done", "note": UPDATE_NOTE}]
    nursing = {"id": "2", "text": "Report the review of school nursing to the board.", "when": "at may-board"}
    clinic = {
        "id": "1",
        "text": "Open a stop-smoking clinic.",
        "milestones": [{"id": "2a", "text": "Choose the clinic's site.", "when": "March 2015"}],
    }
    if boards:
        hubs.update(board=HWB, shared_with=[TRUST])
    else:
        start.pop("delivery_board", None)
    living.pop("delivery_board", None)
    start["actions"] = [hubs, nursing]
    living["actions"] = [clinic]
    _dump(site, "outcomes", outcomes)
    return site


def _built(site: Path) -> Path:
    assert main(["build", str(site)]) == 0
    return site


def _html(site: Path, page: str) -> str:
    return (site / "site" / page).read_text(encoding="utf-8")


def _text(site: Path, page: str) -> str:
    return visible_text(_html(site, page))


def _between(html: str, start_id: str, end_id: str | None) -> str:
    """The visible text of a page from the heading with id ``start_id`` to the one with ``end_id`` (or the end)."""
    start = html.index(">", html.index(f'id="{start_id}"')) + 1
    end = html.index(f'id="{end_id}"') if end_id else len(html)
    return visible_text(html[start:end])


def _article(html: str) -> str:
    """The page's own content, without the menu and the table of contents."""
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def _header(html: str, words: str) -> bool:
    """Whether some table on the page has a column headed ``words``."""
    return re.search(rf"<th[^>]*>{re.escape(words)}</th>", html) is not None


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every tracker word renamed, statuses shown before any update, one action with boards and one without."""
    return _built(_site(tmp_path_factory.mktemp("renamed") / "site", terms=RENAMED, tracks_progress=True))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same data in the default words: what the renamed site must not say."""
    return _built(_site(tmp_path_factory.mktemp("plain") / "site", tracks_progress=True))


@pytest.fixture(scope="module")
def untracked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No board named for any milestone; a strategy that says it does not track progress, though 1a has an update."""
    site = _site(tmp_path_factory.mktemp("untracked") / "site", tracks_progress=False, boards=False, updated=True)
    return _built(site)


def test_every_tracker_word_is_the_councils_own(renamed: Path, plain: Path) -> None:
    tracker, home, outcome = "milestones/index.html", "index.html", "outcomes/healthy-start/index.html"
    term: dict[str, str]
    for site, term in ((plain, {}), (renamed, RENAMED)):
        milestone = term.get("milestone", "milestone")
        expected = [
            (tracker, f"{milestone.capitalize()} {term.get('tracker', 'tracker')}"),
            (tracker, f"grouped by the board that is {term.get('accountable', 'accountable')} for it"),
            (tracker, f"also {term.get('accountable', 'accountable')}: "),
            (tracker, term.get("no_update", "no update yet").capitalize()),
            (
                home,
                f"The {milestone} {term.get('tracker', 'tracker')}: every {milestone} and its "
                f"{term.get('status', 'status')}, by {term.get('accountable', 'accountable')} board.",
            ),
            (outcome, f"{term.get('accountable', 'accountable').capitalize()} boards: {HWB_NAME} and "),
            (outcome, f"{term.get('when', 'when').capitalize()}: May Board, 14 May 2014"),
        ]
        for page, sentence in expected:
            assert sentence in _text(site, page), (site.parent.name, page, sentence)
        for page in (tracker, outcome):
            html = _html(site, page)
            assert _header(html, term.get("status", "status").capitalize()), (site.parent.name, page)
            assert _header(html, term.get("when", "when").capitalize()), (site.parent.name, page)
    for page in (tracker, home, outcome, "timetable/index.html"):
        text, html = _text(renamed, page), _html(renamed, page)
        for default in ("Milestone tracker", "milestone tracker", "Accountable", "accountable", "No update yet"):
            assert default not in text, (page, default)
        assert not _header(html, "Status") and not _header(html, "When"), page


def test_milestones_with_no_board_go_last_under_other_not_under_a_missing_board(renamed: Path) -> None:
    text = _text(renamed, "milestones/index.html")
    assert text.index(HWB_NAME) < text.index("Other steps") < text.index("Choose the clinic's site.")
    assert "<h2" in _article(_html(renamed, "milestones/index.html"))
    assert "no board" not in text.lower()


def test_tracks_progress_true_shows_a_status_before_any_update(renamed: Path) -> None:
    text = _text(renamed, "milestones/index.html")
    assert "All steps: 2 not yet reported." in text
    assert "records no progress" not in text


def test_tracks_progress_false_shows_no_status_and_no_update(untracked: Path) -> None:
    for page in ("milestones/index.html", "outcomes/healthy-start/index.html", "timetable/index.html"):
        text, html = _text(untracked, page), _html(untracked, page)
        assert not _header(html, "Status"), page
        assert "Done" not in text and UPDATE_NOTE not in text, page
        assert "Status is" not in text, page
    tracker = _text(untracked, "milestones/index.html")
    assert "records no progress on its milestones" in tracker
    assert "All milestones: 2." in tracker


def test_the_same_update_shows_its_status_when_the_strategy_does_not_say(tmp_path: Path) -> None:
    site = _built(_site(tmp_path / "site", boards=False, updated=True))
    text, html = _text(site, "outcomes/healthy-start/index.html"), _html(site, "outcomes/healthy-start/index.html")
    assert _header(html, "Status") and "Done" in text and UPDATE_NOTE in text


def test_a_tracker_with_no_board_is_one_list_that_names_no_board(untracked: Path) -> None:
    tracker = _text(untracked, "milestones/index.html")
    assert "Every milestone in this strategy." in tracker
    for words in ("no board", "No board", "grouped by", "Other milestones", HWB_NAME, "Trust Board"):
        assert words not in tracker, words
    assert "<h2" not in _article(_html(untracked, "milestones/index.html"))
    home = _text(untracked, "index.html")
    assert "The milestone tracker: every milestone and when it is due." in home
    assert "by accountable board" not in home


def test_a_meeting_with_nothing_due_is_listed_without_a_sentence_about_it(untracked: Path, renamed: Path) -> None:
    for site in (untracked, renamed):
        html = _html(site, "timetable/index.html")
        july = _between(html, "july-board", None)
        assert july.startswith("July Board, 9 July 2014")
        assert f"Board: {HWB_NAME}" in july and "Papers for this meeting" in july
        assert JULY["papers"] in html
        assert "Nothing in this" not in visible_text(html) and "is timed to this" not in visible_text(html)


def test_an_action_timed_to_a_meeting_is_on_the_timetable_and_its_page(untracked: Path) -> None:
    html = _html(untracked, "timetable/index.html")
    may = _between(html, "may-board", "july-board")
    assert "Actions due at this meeting:" in may
    assert "action 2: Report the review of school nursing to the board." in may
    assert "Report the review of school nursing" not in _between(html, "july-board", None)
    assert "the milestones and actions due at it" not in visible_text(html)  # no milestone is due at a meeting
    assert "and the actions due at it" in visible_text(html)
    assert 'href="../outcomes/healthy-start/#action-2"' in html
    outcome = _html(untracked, "outcomes/healthy-start/index.html")
    assert "When: May Board, 14 May 2014" in _between(outcome, "action-2", None)
    assert 'href="../../timetable/#may-board"' in outcome


def test_an_action_timed_to_a_month_shows_its_date(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    outcomes = _load(site, "outcomes")
    outcomes["outcomes"][0]["actions"][1]["when"] = "by March 2015"
    _dump(site, "outcomes", outcomes)
    _built(site)
    assert "When: by March 2015" in _between(_html(site, "outcomes/healthy-start/index.html"), "action-2", None)
    assert "school nursing" not in _text(site, "timetable/index.html")


def _validate(site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(site)]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_validate_warns_at_updates_a_strategy_without_progress_hides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path / "site", tracks_progress=False, updated=True)
    text = (site / "data" / "outcomes.yaml").read_text(encoding="utf-8")
    line = 1 + text.split("- date: '2014-05-20'")[0].count("\n")
    output = _validate(site, capsys)
    assert re.search(rf"data/outcomes\.yaml:{line}: warning: .*tracks_progress: false", output), output
    assert "warning" not in _validate(_site(tmp_path / "tracked", updated=True), capsys)


def test_validate_warns_when_an_action_with_milestones_gives_its_own_when(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path / "site")
    outcomes = _load(site, "outcomes")
    outcomes["outcomes"][0]["actions"][0]["when"] = "by 01/11/14"
    text = _dump(site, "outcomes", outcomes)
    line = 1 + text.split("when: by 01/11/14")[0].count("\n")
    output = _validate(site, capsys)
    assert re.search(rf"data/outcomes\.yaml:{line}: warning: .*has milestones", output), output


def test_an_action_timed_to_a_meeting_no_board_has_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path / "site")
    outcomes = _load(site, "outcomes")
    outcomes["outcomes"][0]["actions"][1]["when"] = "at june-board"
    text = _dump(site, "outcomes", outcomes)
    line = 1 + text.split("when: at june-board")[0].count("\n")
    assert main(["validate", str(site)]) != 0
    captured = capsys.readouterr()
    assert re.search(
        rf"data/outcomes\.yaml:{line}: .*action 2 › when: there is no board meeting with id 'june-board'",
        captured.out + captured.err,
    ), captured


def test_the_timetable_dates_no_status_when_no_milestone_is_due_at_a_meeting(renamed: Path) -> None:
    text = visible_text(_article(_html(renamed, "timetable/index.html")))
    assert "Each meeting, earliest first, and the actions due at it." in text
    assert "is as checked on" not in text and "Not yet reported" not in text
