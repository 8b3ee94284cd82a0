"""The site's address comes from where it is published, so the sitemap and 404 page work under a sub-path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.problems import InputError
from generator.site_url import site_url_from_environment

from .conftest import PAGES_URL


def test_the_sitemap_lists_every_page_at_its_published_address(luton_on_pages: Path) -> None:
    site = luton_on_pages / "site"
    pages = sorted(
        PAGES_URL + ("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/")
        for p in site.rglob("index.html")
    )
    listed = sorted(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert len(pages) > 20 and listed == pages


def test_the_404_page_links_under_the_sub_path(luton_on_pages: Path) -> None:
    html = (luton_on_pages / "site" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="(/[^"]*)"', html)
    assert links and all(link.startswith("/repo/") for link in links), links
    assert 'href="/repo/assets/strategy-site.css"' in html


def test_without_an_address_the_build_uses_relative_links(luton_site: Path) -> None:
    html = (luton_site / "site" / "404.html").read_text(encoding="utf-8")
    assert "/repo/" not in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), ("https://org.github.io/repo", "https://org.github.io/repo/"), ("http://x.org/", "http://x.org/")],
)
def test_the_address_is_read_from_site_url(value: str, expected: str | None) -> None:
    assert site_url_from_environment({"SITE_URL": value}) == expected
    assert site_url_from_environment({}) is None


@pytest.mark.parametrize("value", ["org.github.io/repo", "ftp://org/", "https://org/?q=1"])
def test_an_address_mkdocs_cannot_use_is_a_problem(value: str) -> None:
    with pytest.raises(InputError) as caught:
        site_url_from_environment({"SITE_URL": value})
    assert str(caught.value).startswith(f"SITE_URL: '{value}' is not the address of a site")
