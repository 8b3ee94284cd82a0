"""Honest about time: every status with its period, interim steps and aims apart, nothing asserted on an assumed date.

Read from the built sites and checked against the YAML they were built from.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build import generate
from generator.cli import main
from generator.describe import NO_FIGURE
from generator.periods import parse_period
from generator.standing import build_day

from .conftest import INFANT_MORTALITY_2009_11, ROOT, copy_site
from .html_text import visible_text
from .test_leicestershire import record_one_update

MILESTONE_WORDS = ("starts ", "during ", "on ", "due by ")
"""How milestone dates are read out; a milestone due on the same day as ``as_of`` is not ``as_of``."""


def _pages(site_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(site_dir / "site").as_posix(): visible_text(p.read_text(encoding="utf-8"))
        for p in sorted((site_dir / "site").rglob("*.html"))
    }


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _dash(period: str) -> str:
    return parse_period(period).display


def _series(data: dict[str, Any], indicator_id: str, kind: str) -> dict[str, Any]:
    indicator = next(i for i in data["indicators"] if i["id"] == indicator_id)
    return next(s for s in indicator["series"] if s["kind"] == kind and s["area"] == data["strategy"]["area"])


def test_luton_home_names_the_period_of_the_count_and_the_years_of_the_strategy(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    text = _pages(luton_site)["index.html"]
    strategy = luton_yaml["strategy"]
    ran = "ran" if parse_period(strategy["period"]).end < build_day() else "runs"
    assert f"When it {ran}: {_dash(strategy['period'])}" in text
    latest = max(_series(luton_yaml, "infant-mortality", "actual")["values"], key=lambda v: parse_period(v["period"]))
    count = re.search(r"(\w+) of the (\d+) interim targets for (\S+) (?:was|were) met", text)
    assert count is not None and count.group(3) == _dash(latest["period"]) == "2009–2011"
    # the first screen: the dates come before the first section heading of the page
    opening = text.index(f"When it {ran}")
    assert opening < text.index("The newest figure on this site is for") < text.index("Is it working?", opening)


def test_infant_mortality_shows_the_interim_step_the_aim_and_whether_it_is_on_course(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    text = _pages(luton_site)["indicators/infant-mortality/index.html"]
    actual = max(_series(luton_yaml, "infant-mortality", "actual")["values"], key=lambda v: parse_period(v["period"]))
    targets = _series(luton_yaml, "infant-mortality", "target")["values"]
    step = next(t for t in targets if t["period"] == actual["period"])
    aim = max(targets, key=lambda t: parse_period(t["period"]))
    assert (actual["value"], step["value"], aim["value"]) == (7.2, 7.2, 5.0)
    assert f"Latest result: {actual['value']} per 1,000 live births for {_dash(actual['period'])}" in text
    # each target with the year its figure is reported in, as the strategy's table heads its columns
    step_said = f"{step['value']} per 1,000 live births for {_dash(step['period'])}, reported in {step['reported']}"
    assert f"judged against {step_said} (interim step)" in text
    aim_said = f"{aim['value']:.1f} per 1,000 live births for {_dash(aim['period'])}, reported in {aim['reported']}"
    assert f"Aim: {aim_said}" in text
    assert re.search(r"Towards the aim: (On course|Not on course[^.(]*) \(judged on 2009–2011\)", text)
    # the source of the latest figure is named
    assert "from Luton Health and Social Care System Five Year Strategy" in text


def test_no_page_says_no_data_yet_about_a_period_that_had_ended(
    luton_site: Path, luton_yaml: dict[str, Any], leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    checked = 0
    for site_dir, data in ((luton_site, luton_yaml), (leicestershire_site, leicestershire_yaml)):
        as_of = data["strategy"]["as_of"]
        for page, text in _pages(site_dir).items():
            for match in re.finditer(r"No data yet(?: for (\S+))?", text):
                if match.group(1) is None:  # only the rule itself, where "How we decide" defines the words
                    assert text[match.end() :].lstrip().startswith(":"), (page, text[match.start() : match.end() + 60])
                    continue
                checked += 1
                assert parse_period(match.group(1).replace("–", "-")).end > as_of, (page, match.group(0))
    assert checked > 0


def test_a_target_whose_period_ended_without_a_figure_says_no_result_published(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    text = _pages(luton_site)["progress/index.html"]
    targets = _series(luton_yaml, "infant-mortality", "target")["values"]
    as_of = luton_yaml["strategy"]["as_of"]
    ended = [t for t in targets if parse_period(t["period"]).end <= as_of and t["period"] != "2009-2011"]
    assert ended
    infant = _pages(luton_site)["indicators/infant-mortality/index.html"]
    for target in ended:
        assert _dash(target["period"]) in infant.split(NO_FIGURE, 1)[1][:80]
    assert "No figure on this site for 2011–2013" in text


def test_every_shown_assumed_date_says_assumed_beside_it(
    luton_site: Path, luton_yaml: dict[str, Any], leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    for site_dir, data in ((luton_site, luton_yaml), (leicestershire_site, leicestershire_yaml)):
        assert data["strategy"]["as_of_assumed_because"]
        shown = _day(data["strategy"]["as_of"])
        seen = 0
        for page, text in _pages(site_dir).items():
            for match in re.finditer(re.escape(shown), text):
                if text[: match.start()].endswith(MILESTONE_WORDS):
                    continue  # a milestone's own date that happens to fall on the same day
                seen += 1
                after = text[match.end() : match.end() + 16]
                assert after.startswith(" (assumed date)"), (page, text[match.start() - 60 : match.end() + 20])
        assert seen >= len(_pages(site_dir)), site_dir  # the footer of every page at least


def test_leicestershire_calls_nothing_overdue_while_its_date_is_assumed(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any], tmp_path: Path
) -> None:
    pages = _pages(leicestershire_site)
    assert [page for page, text in pages.items() if "Overdue" in text] == []
    milestone_pages = [t for p, t in pages.items() if p.startswith(("outcomes/", "milestones/"))]
    assert len(milestone_pages) > 1
    assert not [t for t in milestone_pages if "overdue" in t.replace("no milestone is called overdue", "")]
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    record_one_update(site_dir, "2013-05-01")  # tracked, with the date still assumed
    generate(site_dir)
    tracker = (site_dir / "build" / "docs" / "milestones.md").read_text(encoding="utf-8")
    action = next(
        a
        for o in leicestershire_yaml["outcomes"]
        if o["id"] == "alcohol-and-drugs"
        for a in o["actions"]
        if a["id"] == "6"
    )
    milestone = next(m for m in action["milestones"] if m["id"] == "6e")
    assert milestone["when"] == "(Jan 2013)"
    row = next(line for line in tracker.splitlines() if "**6e**" in line)
    assert "Due by January 2013 – no update recorded" in row


def test_a_milestone_with_two_dates_keeps_both(leicestershire_site: Path, leicestershire_yaml: dict[str, Any]) -> None:
    outcome = next(o for o in leicestershire_yaml["outcomes"] if o["id"] == "healthy-weight")
    milestone = next(
        m for a in outcome["actions"] for m in a["milestones"] if m["id"] == "4a" and "May 2013" in m["text"]
    )
    assert milestone["when"] == "in May 2013 and by Dec 2013"
    text = _pages(leicestershire_site)["outcomes/healthy-weight/index.html"]
    assert "in May 2013 and by Dec 2013 (in May 2013 and due by 31 December 2013)" in text


def test_with_a_real_date_a_milestone_past_its_date_is_overdue(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    strategy = site_dir / "data" / "strategy.yaml"
    lines = strategy.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "as_of_assumed_because" not in line and "period_assumed_because" not in line]
    strategy.write_text("".join(kept), "utf-8")
    record_one_update(site_dir, "2013-05-01")  # a plan that tracks progress: statuses may be judged
    generate(site_dir)
    tracker = (site_dir / "build" / "docs" / "milestones.md").read_text(encoding="utf-8")
    row = next(line for line in tracker.splitlines() if "**6e**" in line)
    assert "**Overdue**" in row
    assert "assumed" not in (site_dir / "build" / "docs" / "index.md").read_text(encoding="utf-8")


def test_an_indicator_page_says_when_the_next_figure_is_due_only_when_the_data_does(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    indicators = site_dir / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    anchor = "  - id: infant-mortality\n"
    assert text.count(anchor) == 1
    indicators.write_text(text.replace(anchor, anchor + '    next_figure_due: "Spring 2015"\n'), "utf-8")
    generate(site_dir)
    docs = site_dir / "build" / "docs" / "indicators"
    assert "Next figure due: Spring 2015." in (docs / "infant-mortality.md").read_text(encoding="utf-8")
    assert "Next figure due" not in (docs / "life-expectancy-birth.md").read_text(encoding="utf-8")


def test_final_on_an_actual_figure_fails_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    indicators = site_dir / "data" / "indicators.yaml"
    lines = indicators.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if INFANT_MORTALITY_2009_11 in line)
    lines[number] = lines[number].replace("}", ", final: true}")
    indicators.write_text("".join(lines), "utf-8")
    series_line = max(n for n in range(number) if lines[n].lstrip().startswith("- area:")) + 1
    assert main(["validate", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/indicators.yaml:{series_line}: " in err
    assert "'final: true' (at 2009-2011) only belongs in a target series; remove it here" in err
