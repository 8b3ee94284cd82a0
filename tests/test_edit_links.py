""" "Edit this page" opens the YAML file and line the page is made from, never a generated Markdown file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import build

from .conftest import ROOT, copy_site


def test_every_page_links_to_its_data_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "council/strategy")
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    pages = [p for p in (site_dir / "site").rglob("index.html")]
    base = "https://github.com/council/strategy/blob/main/"
    for page in pages:
        links = re.findall(r'<a href="([^"]+)" title="Edit the data behind this page"', page.read_text("utf-8"))
        assert len(links) == 1, page
        file, _, line = links[0].removeprefix(base).partition("#L")
        assert (site_dir / file).is_file() and file.startswith(("data/", "content/")), links[0]
        assert not file.endswith(".md") or file.startswith("content/")
        assert 1 <= int(line) <= len((site_dir / file).read_text("utf-8").splitlines())
    outcome = (site_dir / "site" / "outcomes" / "healthy-start" / "index.html").read_text("utf-8")
    lines = (site_dir / "data" / "outcomes.yaml").read_text("utf-8").splitlines()
    first = next(n for n, text in enumerate(lines, start=1) if text.strip() == "- number: 1")
    assert f'{base}data/outcomes.yaml#L{first}"' in outcome


def test_without_a_repository_there_is_no_edit_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    html = (site_dir / "site" / "outcomes" / "index.html").read_text("utf-8")
    assert "Edit the data behind this page" not in html and 'rel="edit"' not in html
