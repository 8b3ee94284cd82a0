"""Plans share the strategy's records: money checks, plan pages, and links both ways."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import generate
from generator.cli import main

from .conftest import ROOT
from .html_text import visible_text

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
    # a part the draft leaves to be completed is named in one line; its empty form is not shown
    assert "Parts the draft leaves to be completed: Performance table." in page
    assert "| Admissions |" not in page and "## Performance table" not in page
    assert "| Closing two wards before community services are ready. | High |" in page
    assert (docs / "plans" / "care-fund" / "care-fund-budget.svg").is_file()
    outcome = (docs / "outcomes" / "living-well.md").read_text(encoding="utf-8")
    # the plan restates 2.1 and its scheme Home First delivers 1.1: only delivering is "Delivered through"
    assert "Restated in: [Care Fund plan](../plans/care-fund/index.md)" in outcome
    assert "Delivered through: [Care Fund plan]" not in outcome
    first = (docs / "outcomes" / "healthy-start.md").read_text(encoding="utf-8")
    assert "Delivered through: [Home First (Care Fund plan)](../plans/care-fund/home-first.md)" in first
    programme = (docs / "plans" / "care-fund" / "home-first.md").read_text(encoding="utf-8")
    assert "### Discharge team" in programme


# --- Luton's two plans, read from the built site -----------------------------------------------


def _plan(luton_yaml: dict[str, Any], plan_id: str) -> dict[str, Any]:
    return next(p for p in luton_yaml["plans"] if p["id"] == plan_id)


def test_bcf_2015_16_components_sum_to_the_stated_minimum(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    line = next(ln for ln in _plan(luton_yaml, "better-care-fund")["budget"]["lines"] if ln["period"] == "2015/16")
    assert sum(c["amount"] for c in line["components"]) == line["stated_total"] == 13_021_000
    text = visible_text((luton_site / "site" / "plans" / "better-care-fund" / "index.html").read_text(encoding="utf-8"))
    assert "£13,021,000" in text and "£13.0 million" in text and "£657,000" in text


def test_transforming_urgent_care_lists_its_six_projects(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    programme = next(
        p for p in _plan(luton_yaml, "five-year-strategy")["programmes"] if p["id"] == "transforming-urgent-care"
    )
    assert len(programme["projects"]) == 6
    html = luton_site / "site" / "plans" / "five-year-strategy" / "transforming-urgent-care" / "index.html"
    text = visible_text(html.read_text(encoding="utf-8"))
    for project in programme["projects"]:
        assert project["name"] in text


def test_ward_closure_risk_is_rated_high_with_its_mitigation(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    risk = next(r for r in _plan(luton_yaml, "five-year-strategy")["risks"] if "two hospital wards" in r["text"])
    assert risk["rating"] == "high"
    html = (luton_site / "site" / "plans" / "five-year-strategy" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in html.split("<tr>") if "two hospital wards" in r)
    assert "High" in visible_text(row) and " ".join(risk["mitigation"].split())[:60] in visible_text(row)


def test_priority_3_4_links_to_both_plans(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    outcome = next(o for o in luton_yaml["outcomes"] if any(p["id"] == "3.4" for p in o["priorities"]))
    html = (luton_site / "site" / "outcomes" / outcome["id"] / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="priority-3-4"') : html.index('id="priority-3-5"')]
    assert 'href="../../plans/five-year-strategy/"' in section and 'href="../../plans/better-care-fund/"' in section


def test_changing_a_priority_changes_the_strategy_and_both_plans(tmp_path: Path) -> None:
    from .conftest import copy_site

    site_dir = copy_site(ROOT, tmp_path / "site")
    generate(site_dir)
    outcomes = site_dir / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    old = "Implement an Improving Access to Psychological Therapies (IAPT) service"
    assert text.count(old) == 1
    outcomes.write_text(text.replace(old, "Run a talking therapies service"), encoding="utf-8")
    report = generate(site_dir).report
    for page in ("plans/five-year-strategy/index.md", "plans/better-care-fund/index.md"):
        assert page in report.written
        assert "Run a talking therapies service" in (site_dir / "build" / "docs" / page).read_text(encoding="utf-8")
    outcome_pages = [p for p in report.written if p.startswith("outcomes/") and p != "outcomes/index.md"]
    assert len(outcome_pages) == 1


def test_contradictions_between_documents_are_listed_in_the_editors_report(luton_site: Path) -> None:
    report = (luton_site / "build" / "report" / "editors-report.md").read_text(encoding="utf-8")
    assert "GP clusters" in report or "GP Clusters" in report
    assert not (luton_site / "site" / "open-questions").exists()
