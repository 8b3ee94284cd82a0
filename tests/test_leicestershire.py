"""A second council on the same code: Leicestershire's action plan, milestones and `strategy-site new`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build import generate
from generator.cli import main
from generator.commands.new import create_site
from generator.milestones import MILESTONE_STATUSES

from .conftest import ROOT, copy_site
from .html_text import visible_text


def _outcome(data: dict[str, Any], outcome_id: str) -> dict[str, Any]:
    return next(o for o in data["outcomes"] if o["id"] == outcome_id)


def test_five_priorities_with_their_actions(leicestershire_site: Path, leicestershire_yaml: dict[str, Any]) -> None:
    outcomes = leicestershire_yaml["outcomes"]
    assert len(outcomes) == 5
    assert len(_outcome(leicestershire_yaml, "smoking")["actions"]) == 4
    html = (leicestershire_site / "site" / "outcomes" / "smoking" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<h3 id="action-\d+"', html)) == 4
    assert "Priority 4:" in visible_text(html)


def test_alcohol_milestone_1a_is_due_by_1_july_2013_under_its_board(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    action = _outcome(leicestershire_yaml, "alcohol-and-drugs")["actions"][0]
    first = action["milestones"][0]
    assert first["id"] == "1a" and "terms of reference" in first["text"] and first["when"] == "by 01/07/13"
    html = (leicestershire_site / "site" / "outcomes" / "alcohol-and-drugs" / "index.html").read_text(encoding="utf-8")
    section = visible_text(html[html.index('id="action-1"') : html.index('id="action-2"')])
    assert "by 01/07/13 (due by 1 July 2013)" in section
    assert "Accountable board: Substance Misuse Partnership Board" in section
    second = _outcome(leicestershire_yaml, "alcohol-and-drugs")["actions"][1]["milestones"][0]
    assert second["id"] == "2a" and second["when"] == "from 01/04/13"
    assert "from 01/04/13 (starts 1 April 2013)" in visible_text(html)


def test_an_ambiguous_due_date_is_a_warning_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    site = ROOT / "examples" / "leicestershire"
    lines = (site / "data" / "outcomes.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "when: in 2014/14")
    assert main(["validate", str(site)]) == 0
    captured = capsys.readouterr()
    assert f"data/outcomes.yaml:{line}: warning:" in captured.err and "2014/14" in captured.err
    assert "OK: Leicestershire" in captured.out


def test_milestone_tracker_groups_by_board_with_counts(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    text = visible_text((leicestershire_site / "site" / "milestones" / "index.html").read_text(encoding="utf-8"))
    total = sum(len(a["milestones"]) for o in leicestershire_yaml["outcomes"] for a in o["actions"])
    counts = re.search(r"All milestones: (.*?)\.", text)
    assert counts is not None
    assert sum(int(n) for n in re.findall(r"(\d+)", counts.group(1))) == total
    assert "Substance Misuse Partnership Board" in text


def test_status_follows_the_site_date_not_the_clock(tmp_path: Path) -> None:
    """Judged at a real date before every milestone, nothing is overdue, though the clock is years later."""
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    strategy = site_dir / "data" / "strategy.yaml"
    lines = strategy.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "as_of_assumed_because" not in line]
    strategy.write_text("".join(re.sub(r"as_of: .*", "as_of: 2012-01-01", line) for line in kept), "utf-8")
    record_one_update(site_dir, "2011-12-01")
    generate(site_dir)
    tracker = (site_dir / "build" / "docs" / "milestones.md").read_text(encoding="utf-8")
    assert date.today().year > 2014
    assert "1 January 2012" in tracker
    assert "Overdue" not in tracker and "overdue" not in tracker
    assert "No update yet" in tracker or "no update yet" in tracker


def test_a_plan_that_records_no_progress_calls_nothing_pending(leicestershire_site: Path) -> None:
    """No milestone of the plan has an update: no status is claimed, and the tracker says why."""
    text = (leicestershire_site / "build" / "docs" / "milestones.md").read_text(encoding="utf-8")
    assert "| Status |" not in text
    for status in MILESTONE_STATUSES:
        assert f"**{status.capitalize()}**" not in text, status
    assert "records no progress on its milestones" in text


def record_one_update(site_dir: Path, day: str) -> None:
    """Give the first milestone of the Leicestershire copy one update, so that its data tracks progress."""
    outcomes = site_dir / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    first = re.search(r"^( +)- id: 1a\n", text, flags=re.MULTILINE)
    assert first is not None
    pad = first.group(1) + "  "
    update = f"{pad}updates:\n{pad}  - date: {day}\n{pad}    status: in progress\n"
    end = text.index("\n", text.index("when:", first.end())) + 1
    outcomes.write_text(text[:end] + update + text[end:], encoding="utf-8")


def test_nothing_council_specific_in_the_shared_code_or_templates() -> None:
    for folder in ("generator", "site_templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".j2", ".html", ".md", ".css"}:
                text = path.read_text(encoding="utf-8").lower()
                assert "luton" not in text and "leicestershire" not in text, path


def test_a_new_site_validates_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "anytown"), "--area", "Anytown"]) == 0
    assert main(["validate", "--draft", str(tmp_path / "anytown")]) == 0  # its placeholders: a preview
    assert "1 milestone" in capsys.readouterr().out
    assert main(["build", "--draft", str(tmp_path / "anytown")]) == 0
    assert (tmp_path / "anytown" / "site" / "index.html").is_file()
    with pytest.raises(FileExistsError):
        create_site(tmp_path / "anytown", "Anytown", date(2026, 1, 1))


def test_a_duplicate_action_number_names_its_outcome_and_what_to_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    outcomes = site / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    outcomes.write_text(text.replace('\n      - id: "2"', '\n      - id: "1"', 1), encoding="utf-8")
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert "outcomes › healthy-weight › action number '1' is defined twice (also at data/outcomes.yaml:" in err
    assert "give one a different number or remove it" in err
