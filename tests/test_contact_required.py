"""A published site gives residents a way to reach the council; a draft may build without one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

from .conftest import buildable_minimal_site
from .html_text import visible_text


@pytest.fixture
def no_contact(tmp_path: Path) -> Path:
    site = buildable_minimal_site(tmp_path / "site")
    path = site / "data" / "strategy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  contact:\n    email: health@testtown.example\n" in text
    path.write_text(text.replace("  contact:\n    email: health@testtown.example\n", ""), encoding="utf-8")
    return site


def test_a_site_with_no_contact_is_not_published_and_says_what_to_add(
    no_contact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(no_contact)]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert re.search(r"data/strategy\.yaml:\d+: the site gives no way to reach the council", output), output
    assert "'contact:'" in output and "--draft" in output
    assert not (no_contact / "site").exists()


def test_a_draft_builds_without_one(no_contact: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--draft", str(no_contact)]) == 0, capsys.readouterr()


def test_lutons_accessibility_statement_gives_the_contact_the_site_added(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    contact = luton_yaml["accessibility"]["contact"]
    text = " ".join(visible_text((luton_site / "site" / "accessibility" / "index.html").read_text("utf-8")).split())
    assert f"call {contact['phone']}" in text and f"write to {contact['address']}" in text
    assert contact["added_by_site_because"] in text
    assert "does not yet give a contact" not in text
