"""A large site's long lists are split into a page per outcome or board; a council's stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bench.make_site import make_site
from generator.build import render_pages
from generator.derive import derive
from generator.pages import parts, site_pages
from generator.validate import validate_site
from generator.writer import write_tree

from .conftest import ROOT, copy_site

LINK = re.compile(r"\]\((?:\.\./)*indicators/([a-z0-9-]+)\.md\)")


def _docs(site_dir: Path) -> Path:
    return site_dir / "build" / "docs"


def generate(site_dir: Path) -> None:
    """The site's pages as ``build`` writes them into build/docs, without drawing a chart: these tests read pages."""
    site = validate_site(site_dir)
    files, _content = render_pages(site_dir, site, site_pages(derive(site)), {})
    write_tree(_docs(site_dir), files)


def _first_outcome_of(site_dir: Path) -> dict[str, str]:
    """Each indicator id → the id of the first outcome that measures it, read from plain YAML."""
    outcomes = yaml.safe_load((site_dir / "data" / "outcomes.yaml").read_text("utf-8"))["outcomes"]
    first: dict[str, str] = {}
    for outcome in outcomes:
        for measure in outcome.get("measures", []):
            first.setdefault(measure["indicator"], outcome["id"])
    return first


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = make_site(tmp_path_factory.mktemp("large") / "site", indicators=150)
    generate(site_dir)
    return site_dir


def test_each_outcome_gets_a_progress_page_with_its_own_measures_only(large_site: Path) -> None:
    docs = _docs(large_site)
    first = _first_outcome_of(large_site)
    assert len(set(first.values())) > parts.OUTCOME_LIMIT
    main = (docs / "progress.md").read_text("utf-8")
    part_files = sorted((docs / "progress").glob("*.md"))
    assert part_files, "a site with this many outcomes should have a progress page per outcome"
    seen: set[str] = set()
    for part in part_files:
        assert f"progress/{part.name})" in main, f"the progress page does not link to {part.name}"
        linked = set(LINK.findall(part.read_text("utf-8")))
        assert linked and {first[i] for i in linked} == {part.stem}, part.name
        seen |= linked
    assert not set(LINK.findall(main)) & seen, "rows listed on a part are not repeated on the progress page"
    indicators_index = (docs / "indicators" / "index.md").read_text("utf-8")
    assert not set(LINK.findall(indicators_index)) & seen


def test_the_outcomes_page_is_a_short_list_on_a_large_site(large_site: Path) -> None:
    outcomes_page = (_docs(large_site) / "outcomes" / "index.md").read_text("utf-8")
    assert "## " not in outcomes_page and "- [Action" not in outcomes_page
    outcomes = yaml.safe_load((large_site / "data" / "outcomes.yaml").read_text("utf-8"))["outcomes"]
    assert all(outcome["title"] in outcomes_page for outcome in outcomes)


def test_the_tracker_splits_by_board_past_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site_dir = make_site(tmp_path / "site", indicators=30)
    monkeypatch.setattr(parts, "MILESTONE_LIMIT", 5)
    generate(site_dir)
    docs = _docs(site_dir)
    tracker = (docs / "milestones.md").read_text("utf-8")
    boards = sorted((docs / "milestones").glob("*.md"))
    assert boards and all(f"milestones/{b.name})" in tracker for b in boards)
    assert "| Status | Milestone | When |" not in tracker
    for board in boards:
        assert "| Status | Milestone | When |" in board.read_text("utf-8")


def test_a_council_site_keeps_every_list_on_one_page(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    generate(site_dir)
    docs = _docs(site_dir)
    assert not (docs / "progress").exists() and not (docs / "milestones").exists()
    assert "| Status | Measure |" in (docs / "progress.md").read_text("utf-8")
