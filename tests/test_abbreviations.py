"""Abbreviations are written out on their first use in running text, for phones, keyboards and screen readers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.abbreviations import expand_first_use

from .html_text import visible_text

NHS = '<abbr title="National Health Service">NHS</abbr>'
GP = '<abbr title="General Practitioner">GP</abbr>'


def test_the_first_use_in_a_paragraph_is_written_out_once() -> None:
    html = f"<h2>The {NHS}</h2><p>The {NHS} and a {GP}.</p><p>Again the {NHS}.</p>"
    expanded = expand_first_use(html)
    assert expanded == (
        f"<h2>The {NHS}</h2><p>The {NHS} (National Health Service) and a {GP} (General Practitioner).</p>"
        f"<p>Again the {NHS}.</p>"
    )


def test_a_list_item_counts_when_no_paragraph_uses_it_and_tables_never_do() -> None:
    html = f"<table><tr><td>{GP}</td></tr></table><ul><li>See a {GP}</li></ul>"
    assert expand_first_use(html) == (
        f"<table><tr><td>{GP}</td></tr></table><ul><li>See a {GP} (General Practitioner)</li></ul>"
    )


def test_a_page_without_abbreviations_is_unchanged() -> None:
    html = "<p>Nothing short here.</p>"
    assert expand_first_use(html) is html


def test_every_luton_page_writes_out_its_abbreviations_once(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    terms = {t["term"]: t["expansion"] for t in luton_yaml["glossary"]}
    checked = 0
    for page in (luton_site / "site").rglob("*.html"):
        article = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
        if article is None or page.parent.name == "glossary":
            continue
        text = " ".join(visible_text(article[0]).split())
        for used in set(re.findall(r'<abbr title="[^"]*">([^<]+)</abbr>', article[0])):
            in_text = rf"<p\b[^>]*>(?:(?!</p>).)*<abbr[^>]*>{re.escape(used)}</abbr>"
            if used in terms and re.search(in_text, article[0], re.S):
                assert text.count(f"{used} ({terms[used]})") == 1, (page, used)
                checked += 1
    assert checked >= 20
    glossary = visible_text((luton_site / "site" / "glossary" / "index.html").read_text(encoding="utf-8"))
    assert "Hover over or tap" not in glossary
