"""A new site cannot publish its placeholders: validate lists them, build refuses, --draft previews."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.placeholders import MARKER, find_placeholders


def fill_placeholders(site: Path) -> int:
    """Do what a council does: write its own words over every marked placeholder; return how many."""
    filled = 0
    files = [site / "mkdocs.yml", *sorted((site / "data").glob("*.yaml")), *sorted((site / "content").rglob("*.md"))]
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for index, line in enumerate(lines):
            if MARKER not in line:
                continue
            filled += 1
            if re.search(r"#\s*" + re.escape(MARKER), line):  # a date or period: its comment goes
                lines[index] = re.sub(r"\s*#\s*" + re.escape(MARKER) + r".*", "", line.rstrip("\n")) + "\n"
            elif "@" in line or "email" in line:
                lines[index] = re.sub(r'"' + re.escape(MARKER) + r'[^"]*"', '"team@anytown.example"', line)
            else:
                lines[index] = line.replace(MARKER + " ", "Our own words: ")
        path.write_text("".join(lines), encoding="utf-8")
    return filled


def _new(tmp_path: Path, *options: str) -> Path:
    site = tmp_path / "anytown"
    assert main(["new", str(site), "--area", "Anytown", *options]) == 0
    return site


def test_validate_refuses_each_placeholder_at_its_line_and_draft_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _new(tmp_path)
    capsys.readouterr()
    strategy = (site / "data" / "strategy.yaml").read_text(encoding="utf-8").splitlines()
    title_line = next(n for n, line in enumerate(strategy, 1) if line.strip().startswith("title:"))
    assert MARKER in strategy[title_line - 1]
    marked = sum(
        MARKER in line
        for path in [site / "mkdocs.yml", *(site / "data").glob("*.yaml")]
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    # what 'build' refuses, 'validate' refuses too: CI's validate step fails where its build step would
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"data/strategy.yaml:{title_line}: placeholder from 'strategy-site new'" in err
    assert marked > 5 and err.count(": placeholder from 'strategy-site new'") == marked
    assert "warning: placeholder" not in err
    # a preview's check: each one a warning
    assert main(["validate", "--draft", str(site)]) == 0
    err = capsys.readouterr().err
    assert f"data/strategy.yaml:{title_line}: warning: placeholder from 'strategy-site new'" in err
    assert err.count("warning: placeholder") == marked


def test_build_refuses_until_placeholders_are_replaced_and_draft_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _new(tmp_path)
    assert main(["build", str(site)]) == 1
    err = capsys.readouterr().err
    assert "data/accessibility.yaml:" in err and "nothing was built" in err
    assert not (site / "site").exists()

    assert main(["build", "--draft", str(site)]) == 0
    assert (site / "site" / "index.html").is_file()

    before = len(find_placeholders(site))
    assert fill_placeholders(site) == before > 0
    assert find_placeholders(site) == []
    assert main(["build", str(site)]) == 0
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "Our own words: the strategy&#39;s title" in home or "Our own words: the strategy's title" in home
    assert MARKER not in home


def test_the_organisation_and_contact_come_from_the_command_line(tmp_path: Path) -> None:
    site = _new(tmp_path, "--organisation", "Anytown Borough Council", "--email", "hw@anytown.example")
    accessibility = (site / "data" / "accessibility.yaml").read_text(encoding="utf-8")
    strategy = (site / "data" / "strategy.yaml").read_text(encoding="utf-8")
    mkdocs = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'organisation: "Anytown Borough Council"' in accessibility
    assert 'copyright: "© Anytown Borough Council"' in mkdocs and "partners" not in mkdocs
    assert 'email: "hw@anytown.example"' in strategy.split("contact:", 1)[1]
    assert not any(p.where.file in {"mkdocs.yml"} for p in find_placeholders(site))
    assert not any("organisation" in p.message or "email" in p.message for p in find_placeholders(site))


def test_the_scaffold_invents_no_figures(tmp_path: Path) -> None:
    site = _new(tmp_path)
    from generator.validate import validate_site

    model = validate_site(site)
    assert model.indicators == []
    assert model.strategy.contact is not None
