"""`strategy-site diff BASE_REF`: what a change does to the site, in plain words, from a real git history."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .conftest import ROOT, change_one_value, copy_site
from .conftest import git as _git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of Luton's site, committed on 'main'."""
    site = copy_site(ROOT, tmp_path / "repo", seed_charts=False)
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "the site as published")
    return site


def test_one_changed_figure_is_reported_with_its_status_change(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_one_value(repo)  # infant mortality 2009-2011: 7.2 → 7.3, against a target of 7.2 (lower is better)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    assert main(["diff", "main", str(repo), "--output", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "- Infant mortality, Luton, 2009–2011: 7.2 per 1,000 live births → 7.3 per 1,000 live births" in out
    assert "- Infant mortality 2009–2011: Target met → Not met" in out
    assert "### Figures changed (1)" in out and "### Statuses that change (1)" in out
    assert "- Infant mortality (/indicators/infant-mortality/)" in out
    assert "Figures added" not in out and "Pages added" not in out and "New warnings" not in out
    # appended to the job summary, after what earlier steps wrote there
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + out + "\n"
    # the working tree and the repository are as they were: nothing checked out, nothing written
    assert _git(repo, "status", "--porcelain") == " M data/indicators.yaml\n"


def test_no_change_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "main", str(repo)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## What this change does to the Luton site (compared with main)")
    assert "Nothing that residents see changes." in out


def test_a_new_page_and_a_new_warning_are_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content" / "consultation.md").write_text("# Have your say\n\nTell us what you think.\n", "utf-8")
    outcomes = repo / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    assert text.count("\n  - number: 2\n") == 1
    vague = (
        '    actions:\n      - id: "9"\n        text: Review the programme.\n        board: '
        + _first_board(repo)
        + "\n        milestones:\n          - id: 9a\n            text: Review it.\n"
        + "            when: soon after the review\n"
    )
    outcomes.write_text(text.replace("\n  - number: 2\n", "\n" + vague + "  - number: 2\n", 1), "utf-8")
    assert main(["diff", "main", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "- Have your say (/consultation/)" in _section(out, "Pages added")
    line = next(n for n, content in enumerate(outcomes.read_text("utf-8").splitlines(), 1) if "soon after" in content)
    [warning] = _section(out, "New warnings")
    assert warning.startswith(f"- `data/outcomes.yaml:{line}`: ") and "soon after the review" in warning


def _section(out: str, title: str) -> list[str]:
    """The list items under the report's heading ``### title (N)``, checked against N."""
    heading = next(line for line in out.splitlines() if line.startswith(f"### {title} ("))
    items = out.split(heading + "\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert heading.endswith(f"({len(items)})")
    return items


def _first_board(repo: Path) -> str:
    text = (repo / "data" / "boards.yaml").read_text(encoding="utf-8")
    return next(line.split("id:", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("- id:"))


def test_a_site_in_a_subfolder_is_compared_with_its_own_past(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "top"
    site = copy_site(ROOT, top / "councils" / "luton", seed_charts=False)
    _git(top, "init", "-q", "-b", "main")
    _git(top, "add", ".")
    _git(top, "commit", "-q", "-m", "first")
    change_one_value(site)
    assert main(["diff", "main", str(site)]) == 0
    assert "7.2 per 1,000 live births → 7.3 per 1,000 live births" in capsys.readouterr().out


def test_an_unknown_ref_is_one_plain_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch", str(repo)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("no-such-branch: cannot read the site as it was there") and "Traceback" not in err


def test_data_with_a_mistake_lists_the_problem_instead(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    name: Infant mortality\n", "    nmae: Infant mortality\n", 1), "utf-8")
    line = next(n for n, content in enumerate(path.read_text("utf-8").splitlines(), 1) if "nmae:" in content)
    assert main(["diff", "main", str(repo)]) == 1
    out, err = capsys.readouterr()
    assert "the site cannot be built" in out and f"`data/indicators.yaml:{line}`" in out
    assert f"data/indicators.yaml:{line}: " in err


def test_diff_compares_the_pages_as_published_with_the_glossarys_everyday_words(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The glossary shows the words people search with, and search finds the pages that use the term by them:
    changing them changes the glossary and what search finds those pages by."""
    glossary = repo / "data" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    old = "also_called: [pooled budget, shared budget, health and social care money]"
    assert old in text
    glossary.write_text(text.replace(old, "also_called: [pooled budget, joint budget]"), encoding="utf-8")
    assert main(["diff", "main", str(repo)]) == 0
    changed = _section(capsys.readouterr().out, "Pages changed")
    assert any("/glossary/" in line for line in changed), changed
    assert any("/plans/better-care-fund/" in line for line in changed), changed
