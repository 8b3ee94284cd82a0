"""The page for a missing address says what happened and offers ways on: home, search and every part of the menu."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .html_text import visible_text


def _menu_titles(site_dir: Path) -> list[str]:
    config = yaml.safe_load((site_dir / "build" / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    titles: list[str] = []
    for entry in config["nav"]:
        if isinstance(entry, dict):
            titles.extend(str(title) for title in entry)
    return [title for title in titles if title != "Home"]


def test_the_missing_page_offers_home_search_and_every_part_of_the_menu(luton_site: Path) -> None:
    html = (luton_site / "site" / "404.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.S)
    assert article is not None
    text = visible_text(article[0])
    assert "Page not found" in text and "404 - Not found" not in text
    assert re.search(r'<a href="[^"]*">home page</a>', article[0])
    assert '<label class="strategy-search-link" for="__search">search this site</label>' in article[0]
    linked = re.findall(r'<a href="[^"]+">([^<]+)</a>', article[0])
    for title in _menu_titles(luton_site):
        assert title in linked, title
