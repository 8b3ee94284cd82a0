"""Ended, current or draft: from the data's period and status and the build's calendar, never from figures.

The calendar is ``SOURCE_DATE_EPOCH`` when set, otherwise today, so a strategy whose
period is over says so at the top of every page; "draft" is said only when the data
says draft, and in the past for an ended strategy.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.periods import parse_period
from generator.standing import build_day, period_words, strategy_standing
from generator.validate import load_site

from .conftest import buildable_minimal_site
from .html_text import visible_text

NO_LONGER_CURRENT = "It is no longer current."


def _epoch(day: date) -> str:
    return str(int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()))


def _minimal(tmp_path: Path, **strategy: object) -> Path:
    site_dir = buildable_minimal_site(tmp_path / "site")
    path = site_dir / "data" / "strategy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["strategy"].update(strategy)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return site_dir


@pytest.mark.parametrize(
    ("day", "standing"),
    [(date(2011, 12, 31), "not started"), (date(2012, 1, 1), "current"), (date(2019, 12, 31), "current"),
     (date(2020, 1, 1), "ended")],
)  # fmt: skip
def test_standing_follows_the_period_and_the_day(tmp_path: Path, day: date, standing: str) -> None:
    site, problems = load_site(_minimal(tmp_path))
    assert site is not None and not problems.errors
    found = strategy_standing(site, day)
    assert found.standing == standing
    assert (found.notice is not None) == (standing == "ended")


def test_a_draft_that_has_ended_is_not_said_to_change_before_it_is_agreed(tmp_path: Path) -> None:
    site, _ = load_site(_minimal(tmp_path, status="draft"))
    assert site is not None
    live, ended = strategy_standing(site, date(2015, 1, 1)), strategy_standing(site, date(2026, 1, 1))
    assert live.draft_note is not None and "may change before it is agreed" in live.draft_note
    assert ended.draft_note is not None and "may change" not in ended.draft_note and "draft" in ended.draft_note
    site, _ = load_site(_minimal(tmp_path / "final", status="final"))
    assert site is not None and strategy_standing(site, date(2015, 1, 1)).draft_note is None


def test_the_calendar_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2015, 6, 1)))
    assert build_day() == date(2015, 6, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_day() == date.today()


def _pages(site_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(site_dir / "site").as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((site_dir / "site").rglob("*.html"))
    }


def test_every_luton_page_says_the_strategy_ended(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    period = parse_period(luton_yaml["strategy"]["period"])
    assert period.end < build_day()
    notice = f"This strategy covered {period_words(period)}. {NO_LONGER_CURRENT}"
    pages = _pages(luton_site)
    assert len(pages) > 20
    missing = [name for name, html in pages.items() if notice not in visible_text(html)]
    assert missing == []
    home = visible_text(pages["index.html"])
    assert f"When it ran: {period.display}" in home
    assert "may change before it is agreed" not in home  # a draft of 2012 is no longer waiting to be agreed


def test_a_strategy_still_running_on_the_build_day_has_no_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = _minimal(tmp_path, status="draft")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2014, 6, 30)))
    assert main(["build", str(site_dir)]) == 0, capsys.readouterr()
    home = visible_text((site_dir / "site" / "index.html").read_text(encoding="utf-8"))
    assert NO_LONGER_CURRENT not in home
    assert "When it runs: 2012–2019" in home
    assert "This strategy is a draft: it may change before it is agreed." in home


def test_the_banner_links_what_replaced_it_and_only_a_web_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = _minimal(tmp_path, replaced_by="hwb-strategy-2012")
    documents = site_dir / "data" / "documents.yaml"
    data = yaml.safe_load(documents.read_text(encoding="utf-8"))
    data["documents"][0]["link"] = "https://example.org/next-strategy"
    documents.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["build", str(site_dir)]) == 0, capsys.readouterr()
    html = (site_dir / "site" / "about" / "index.html").read_text(encoding="utf-8")
    title = data["documents"][0]["title"]
    assert re.search(rf'What replaced it:\s*<a href="https://example.org/next-strategy">{re.escape(title)}</a>', html)
    data["documents"][0]["link"] = "javascript:alert(1)"
    documents.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["build", str(site_dir)]) == 0, capsys.readouterr()
    html = (site_dir / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert f"What replaced it:\n      {title}." in html and "javascript:" not in html


def test_an_unknown_replacement_is_a_located_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_dir = _minimal(tmp_path, replaced_by="no-such-document")
    assert main(["validate", str(site_dir)]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert re.search(r"data/strategy\.yaml:\d+: .*no-such-document", output), output


def test_leicestershire_is_not_called_a_draft_and_its_period_is_marked_assumed(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    strategy = leicestershire_yaml["strategy"]
    assert "status" not in strategy and strategy["period_assumed_because"]
    pages = {name: visible_text(html) for name, html in _pages(leicestershire_site).items()}
    assert not [name for name, text in pages.items() if re.search(r"\bdraft\b", text, re.IGNORECASE)]
    home = pages["index.html"]
    assert f"When it ran: {strategy['period']} (assumed: " in home
    assert f"This {strategy['terms']['strategy']} covered {strategy['period']} (the period is assumed)." in home
