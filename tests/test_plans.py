"""Plans share the strategy's records: money checks, plan pages, and links both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import generate
from generator.cli import main

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def plan_site(tmp_path: Path) -> Path:
    """The minimal test site plus a small plan with a budget."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal" / "data", site / "data")
    shutil.copy(FIXTURES / "plan" / "plan.yaml", site / "data" / "plan.yaml")
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    return site


def test_a_stated_total_that_is_not_the_sum_of_its_parts_fails_with_both_figures(
    plan_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = plan_site / "data" / "plan.yaml"
    text = plan.read_text(encoding="utf-8").replace("stated_total: 13021000", "stated_total: 13120000")
    plan.write_text(text, encoding="utf-8")
    line = text.splitlines().index("          stated_total: 13120000") + 1
    assert main(["validate", str(plan_site)]) == 1
    err = capsys.readouterr().err
    assert f"data/plan.yaml:{line}:" in err
    assert "£13,120,000" in err and "£13,021,000" in err and "Traceback" not in err


def test_a_plan_naming_a_priority_the_strategy_lacks_fails(plan_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = plan_site / "data" / "plan.yaml"
    text = plan.read_text(encoding="utf-8").replace('      - id: "2.1"', '      - id: "2.9"')
    plan.write_text(text, encoding="utf-8")
    line = text.splitlines().index('      - id: "2.9"') + 1
    assert main(["validate", str(plan_site)]) == 1
    err = capsys.readouterr().err
    assert f"data/plan.yaml:{line}:" in err and "no commissioning priority '2.9'" in err


def test_plan_page_reads_priority_text_from_the_strategy_and_shows_money_as_residents_read_it(plan_site: Path) -> None:
    generate(plan_site)
    docs = plan_site / "build" / "docs"
    page = (docs / "plans" / "care-fund" / "index.md").read_text(encoding="utf-8")
    assert "Help people to stop smoking." in page  # priority 2.1's text lives in outcomes.yaml only
    assert "£13.0 million" in page and "£657,000" in page and "| Total | £657,000 | £13,021,000 |" in page
    assert "To be completed in the final plan" in page
    assert "| Closing two wards before community services are ready. | High |" in page
    assert (docs / "plans" / "care-fund" / "care-fund-budget.svg").is_file()
    outcome = (docs / "outcomes" / "living-well.md").read_text(encoding="utf-8")
    assert "Delivered through: [Care Fund plan](../plans/care-fund/index.md)" in outcome
    programme = (docs / "plans" / "care-fund" / "home-first.md").read_text(encoding="utf-8")
    assert "### Discharge team" in programme
