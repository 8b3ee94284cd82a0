"""Long pages open with their own contents list, for phones, where the theme's is hidden in the menu."""

from __future__ import annotations

import re
from pathlib import Path

from generator.contents import MIN_CHARACTERS, MIN_SECTIONS, with_contents


def _page(sections: int, filler: int) -> str:
    body = "".join(
        f'<h2 id="part-{n}">Part {n} &amp; more<a class="headerlink" href="#part-{n}">¶</a></h2><p>{"x" * filler}</p>'
        for n in range(sections)
    )
    return f"<h1>Title</h1>{body}"


def test_a_long_page_gets_its_sections_listed_after_its_title() -> None:
    page = _page(MIN_SECTIONS, MIN_CHARACTERS // MIN_SECTIONS)
    listed = with_contents(page)
    contents = re.search(r'<div class="strategy-contents".*?</div>', listed, re.S)
    assert contents is not None and listed.index(contents[0]) == page.index("</h1>") + len("</h1>")
    assert re.findall(r'<a href="#(part-\d+)">Part \d+ &amp; more</a>', contents[0]) == [
        f"part-{n}" for n in range(MIN_SECTIONS)
    ]
    assert 'aria-label="On this page"' in contents[0] and "¶" not in contents[0]


def test_a_short_page_or_one_with_few_sections_is_left_alone() -> None:
    for page in (_page(MIN_SECTIONS - 1, MIN_CHARACTERS), _page(MIN_SECTIONS, 10)):
        assert with_contents(page) == page


def test_lutons_long_plan_page_opens_with_its_sections(luton_site: Path) -> None:
    html = (luton_site / "site" / "plans" / "five-year-strategy" / "index.html").read_text(encoding="utf-8")
    contents = re.search(r'<div class="strategy-contents".*?</div>', html, re.S)
    assert contents is not None
    article = html[html.index("<article") :]
    ids = re.findall(r'<h2 id="([^"]+)"', article)
    assert re.findall(r'<a href="#([^"]+)">', contents[0]) == ids and len(ids) >= MIN_SECTIONS
    home = (luton_site / "site" / "index.html").read_text(encoding="utf-8")
    assert "strategy-contents" not in home
