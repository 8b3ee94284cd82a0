"""A third shape on the same code: the invented Northvale compact, and each site in its own words.

Northvale has priority outcomes with objectives, priority shifts, early wins and
actions of the strategy as a whole timed to board meetings, and no figures at all.
The tests read the built HTML of all three example sites for their own terms, and
for words and sentences that belong to another site or to data the site lacks.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.milestones import milestone_status, read_when
from generator.model import Meeting, Milestone

from .conftest import ROOT, copy_site
from .html_text import visible_text

NORTHVALE = ROOT / "examples" / "northvale"


def _site_text(site_dir: Path) -> dict[str, str]:
    """Each built page's visible text (search index and sitemaps left out), by its path."""
    return {
        p.relative_to(site_dir / "site").as_posix(): visible_text(p.read_text(encoding="utf-8"))
        for p in sorted((site_dir / "site").rglob("*.html"))
    }


def _meetings(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for board in data["boards"] for m in board.get("meetings", [])}


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if needle in text)


@pytest.mark.parametrize("site", [ROOT, ROOT / "examples" / "leicestershire", NORTHVALE], ids=lambda p: p.name)
def test_every_example_site_validates(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(site)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_all_three_sites_build_strictly(luton_site: Path, leicestershire_site: Path, northvale_site: Path) -> None:
    for site_dir in (luton_site, leicestershire_site, northvale_site):
        assert (site_dir / "site" / "index.html").is_file()
        assert (site_dir / "site" / "outcomes" / "index.html").is_file()


def test_northvale_pages_use_its_own_terms(northvale_site: Path, northvale_yaml: dict[str, Any]) -> None:
    terms = northvale_yaml["strategy"]["terms"]
    pages = _site_text(northvale_site)
    home = pages["index.html"]
    assert f"Our {len(northvale_yaml['outcomes'])} {terms['outcomes']}" in home
    warm = next(o for o in northvale_yaml["outcomes"] if o["id"] == "warm-homes")
    outcome_page = pages["outcomes/warm-homes/index.html"]
    assert f"{terms['outcome'].capitalize()} {warm['number']}: {warm['title']}" in outcome_page
    assert f"{terms['objectives'].capitalize()} " in outcome_page
    assert f"{terms['objective'].capitalize()} {warm['priorities'][0]['id']}" in outcome_page
    shifts = pages["ways-of-working/index.html"]
    assert terms["ways_of_working"].capitalize() in shifts
    assert all(way["title"] in shifts for way in northvale_yaml["ways_of_working"])
    wins = pages["interventions/index.html"]
    assert terms["interventions"].capitalize() in wins
    # an early win that names this outcome is listed on the outcome's page, in the site's word for it
    winter = next(i for i in northvale_yaml["interventions"] if "warm-homes" in i["outcomes"])
    assert f"{winter['name']} ({terms['intervention']})" in outcome_page


NOT_NORTHVALE = ["commissioning", "JSNA", "Joint Strategic Needs", "What we know", "Luton", "Leicestershire"]
# Sentences about data Northvale does not have: figures, indicators, targets, a period, a status.
NO_SUCH_DATA = [
    "figure",
    "indicator",
    "Is it working",
    "CSV",
    "Period covered",
    "It covers",
    "This is a draft",
    "How we will measure success",
    "Delivered through",
    "needs it",
]


def test_northvale_has_no_other_sites_words_and_no_sentence_about_missing_data(northvale_site: Path) -> None:
    for path, text in _site_text(northvale_site).items():
        for phrase in NOT_NORTHVALE + NO_SUCH_DATA:
            assert phrase.lower() not in text.lower(), f"{path} says '{phrase}'"
    assert not (northvale_site / "site" / "downloads" / "data.csv").exists()
    assert (northvale_site / "site" / "downloads" / "data.json").is_file()


def test_no_line_is_left_with_nothing_after_its_label(northvale_site: Path) -> None:
    """A strategy with no period and no figures says nothing of when it runs, not 'When it runs: .'."""
    empty_label = re.compile(r"\w: \.")
    for path, text in _site_text(northvale_site).items():
        found = empty_label.search(text)
        assert not found, (path, text[max(0, found.start() - 40) : found.end()] if found else "")
    assert "When it runs" not in _site_text(northvale_site)["index.html"]


def test_the_site_never_cuts_an_actions_words_itself(northvale_site: Path, northvale_yaml: dict[str, Any]) -> None:
    """Links and headings name an action by its short title or its whole text, never a cut-off copy."""
    timetable = (northvale_site / "site" / "timetable" / "index.html").read_text(encoding="utf-8")
    actions = (northvale_site / "site" / "actions" / "index.html").read_text(encoding="utf-8")
    links = {visible_text(a) for a in re.findall(r'<a href="[^"]*actions/#[^"]*">(.*?)</a>', timetable)}
    assert links == {a["short_title"] for a in northvale_yaml["actions"]}
    headings = {visible_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", actions, re.S)}
    for action in northvale_yaml["actions"]:
        assert action["short_title"] in headings
        assert action["text"] in visible_text(actions)



def test_councils_sites_do_not_borrow_each_others_words(luton_site: Path, leicestershire_site: Path) -> None:
    invented = ["Northvale", "priority shift", "early win", "Timetable"]
    for site_dir, others in ((luton_site, ["Leicestershire"]), (leicestershire_site, ["Luton", "JSNA"])):
        for path, text in _site_text(site_dir).items():
            for phrase in invented + others:
                assert phrase not in text, f"{site_dir.name}: {path} says '{phrase}'"
    # Leicestershire has no figures: no CSV of a header row, and no footer about figures
    leicestershire = _site_text(leicestershire_site)
    assert not (leicestershire_site / "site" / "downloads" / "data.csv").exists()
    assert "Figures last checked" not in leicestershire["index.html"]
    assert "Information last checked" in leicestershire["index.html"]


def test_luton_keeps_its_commissioning_priorities_through_its_terms(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    terms = luton_yaml["strategy"]["terms"]
    assert terms["objectives"] == "commissioning priorities"
    page = _site_text(luton_site)["outcomes/healthy-start/index.html"]
    assert "Commissioning priorities" in page and "Priority 1.1" in page
    assert "what the council and the NHS will buy" not in _site_text(luton_site)["outcomes/index.html"]
    assert "the pages say where" not in _site_text(luton_site)["index.html"]


def test_a_meeting_timed_milestone_gets_its_meetings_date_and_status(
    northvale_site: Path, northvale_yaml: dict[str, Any]
) -> None:
    meetings = _meetings(northvale_yaml)
    as_of = northvale_yaml["strategy"]["as_of"]
    action = next(a for a in northvale_yaml["actions"] if a["id"] == "shared-map")
    by_id = {m["id"]: m for m in action["milestones"]}
    published, report = by_id["A2"], by_id["A3"]
    july, november = meetings[published["when"].split()[1]], meetings[report["when"].split()[1]]
    assert july["date"] < as_of < november["date"] and all(u["status"] != "done" for u in published["updates"])

    def day(value: date) -> str:
        return f"{value.day} {value.strftime('%B %Y')}"

    timetable = (northvale_site / "site" / "timetable" / "index.html").read_text(encoding="utf-8")
    section = visible_text(timetable[timetable.index(f'id="{july["id"]}"') : timetable.index(f'id="{november["id"]}"')])
    assert f"{july['title']}, {day(july['date'])}" in section
    assert f"Overdue ! {published['id']} {published['text']}" in section
    later = visible_text(timetable[timetable.index(f'id="{november["id"]}"') :])
    assert f"No update yet … {report['id']} {report['text']}" in later
    actions = visible_text((northvale_site / "site" / "actions" / "index.html").read_text(encoding="utf-8"))
    assert f"{july['title']}, {day(july['date'])}" in actions


def test_meeting_date_decides_status_at_the_site_date() -> None:
    meeting = Meeting(id="july-board", date=date(2025, 7, 9), title="July Board")
    milestone = Milestone(id="A2", text="Publish the map.", when="at july-board")
    meetings = {"july-board": meeting}
    when = read_when("at july-board", meetings)
    assert (when.end, when.deadline, when.label) == (date(2025, 7, 9), date(2025, 7, 9), "July Board, 9 July 2025")
    assert milestone_status(milestone, date(2025, 7, 1), meetings=meetings) == "no update yet"
    assert milestone_status(milestone, date(2025, 7, 10), meetings=meetings) == "overdue"
    assert milestone_status(milestone, date(2025, 7, 10), as_of_assumed=True, meetings=meetings) == (
        "no update recorded"
    )
    assert milestone_status(milestone, None, meetings=meetings) == "no update yet"


def test_an_unknown_meeting_is_an_error_at_its_line_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(NORTHVALE, tmp_path / "site")
    actions = site_dir / "data" / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8").replace("at july-board", "at jully-board"), "utf-8")
    line = _line_of(actions, "at jully-board")
    assert main(["validate", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/actions.yaml:{line}: " in err
    assert "no board meeting with id 'jully-board'" in err and "did you mean 'july-board'" in err


def test_a_strategy_with_only_title_and_area_builds_without_filler(tmp_path: Path) -> None:
    site_dir = copy_site(NORTHVALE, tmp_path / "site")
    for name in ("actions.yaml", "boards.yaml", "ways_of_working.yaml", "interventions.yaml", "accessibility.yaml"):
        (site_dir / "data" / name).unlink()
    (site_dir / "data" / "strategy.yaml").write_text(
        "strategy:\n  title: Valley Plan\n  area: Northvale\n", encoding="utf-8"
    )
    outcomes = site_dir / "data" / "outcomes.yaml"
    outcomes.write_text(re.sub(r"    delivery_board: .*\n", "", outcomes.read_text(encoding="utf-8")), "utf-8")
    assert main(["build", str(site_dir)]) == 1  # published, a site must give a way to reach the council
    assert main(["build", "--draft", str(site_dir)]) == 0  # a preview builds
    pages = _site_text(site_dir)
    for phrase in ("last checked", "Period covered", "It covers", "draft", "Timetable", "Governance"):
        assert all(phrase not in text for text in pages.values()), phrase
    assert "Valley Plan" in pages["index.html"]
    # the default words: "outcomes" and "priorities", not any council's
    assert "Our 3 outcomes" in pages["index.html"] and "Priority 2.1" in pages["outcomes/warm-homes/index.html"]


def test_deleting_an_empty_optional_line_is_the_advice_and_it_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(NORTHVALE, tmp_path / "site")
    strategy = site_dir / "data" / "strategy.yaml"
    original = strategy.read_text(encoding="utf-8")
    strategy.write_text(original.replace("  area: Northvale\n", "  area: Northvale\n  period:\n"), "utf-8")
    assert main(["validate", str(site_dir)]) == 0  # an empty optional field is left out, not an error
    strategy.write_text(original.replace("  title: Northvale Wellbeing Compact\n", "  title:\n"), "utf-8")
    assert main(["validate", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/strategy.yaml:{_line_of(strategy, '  title:')}: " in err
    assert "'title' is empty but it is required; fill it in" in err and "delete" not in err


def test_as_of_is_asked_for_once_there_is_something_to_judge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(NORTHVALE, tmp_path / "site")
    strategy = site_dir / "data" / "strategy.yaml"
    strategy.write_text(re.sub(r"  as_of: .*\n", "", strategy.read_text(encoding="utf-8")), "utf-8")
    assert main(["validate", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert "data/strategy.yaml:" in err and "milestone updates" in err and "as_of: YYYY-MM-DD" in err
