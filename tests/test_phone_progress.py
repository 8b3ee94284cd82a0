"""Progress on a phone (issue 30): cards instead of six-column tables, and no text smaller than the body's.

On a 390 px phone, the progress page shows each target (and each plan's ambition) as a card
with the same words as its table row on a wide screen, and only one of the two is shown, so a
screen reader meets each target once; the search index holds the table alone. On the progress
page, an outcome page and an indicator page every piece of text on the screen is at least
16 CSS px (the body text), and nothing there, no table either, scrolls sideways.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_browser import SCREENS, _serve
from .test_browser import browser as browser  # the shared Chromium fixture

PHONE = SCREENS["phone"]
WIDE = SCREENS["desktop"]

# A page of each kind on each site that has one: the progress page, the outcome page with the
# most tables (or measures) and the indicator page with the widest table of figures.
PAGES = {
    "luton": ["/progress/", "/outcomes/reduced-health-inequalities/", "/indicators/infant-mortality/"],
    "leicestershire": ["/outcomes/alcohol-and-drugs/"],
    "eastbrook": ["/progress/", "/outcomes/live-well/", "/indicators/healthy-life-expectancy/"],
}


@pytest.fixture(scope="module", params=list(PAGES))
def site(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    name = request.param
    server, base = _serve(request.getfixturevalue(f"{name}_site") / "site")
    yield name, base
    server.shutdown()


# Each piece of text the reader can see, by the font size of the element that holds it: text in
# an element with no box, hidden, fully transparent or off the screen to the side (the closed
# menu drawer) is not seen.
SMALL_TEXT = """() => {
    const seen = element => {
        if (!element.getClientRects().length) return false;
        const style = getComputedStyle(element);
        if (style.visibility !== "visible") return false;
        for (let at = element; at; at = at.parentElement) if (getComputedStyle(at).opacity === "0") return false;
        const box = element.getBoundingClientRect();
        return box.right > 0 && box.left < innerWidth;
    };
    const small = [];
    let shown = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || !seen(element)) continue;
        shown += 1;
        const px = parseFloat(getComputedStyle(element).fontSize);
        const name = `${element.tagName.toLowerCase()}.${element.className}`;
        if (px < 16) small.push(`${name} ${px}px: ${node.textContent.trim().slice(0, 40)}`);
    }
    return {shown, small};
}"""

# What is wider than the screen: the page itself, any table's scrolling box, any element of the content.
TOO_WIDE = """() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) found.push(`the page: ${document.documentElement.scrollWidth}px`);
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
        if (wrap.scrollWidth > wrap.clientWidth) found.push(`a table scrolls: ${wrap.textContent.trim().slice(0, 40)}`);
    }
    for (const element of document.querySelectorAll(".md-content *")) {
        const box = element.getBoundingClientRect();
        if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
            const name = `${element.tagName.toLowerCase()}.${element.className}`;
            found.push(`${name}: ${Math.round(box.left)}–${Math.round(box.right)}px`);
        }
    }
    return found;
}"""


@pytest.mark.slow
def test_text_on_a_phone_is_at_least_16_px_and_nothing_scrolls_sideways(browser: object, site: tuple[str, str]) -> None:
    name, base = site
    context = browser.new_context(**PHONE)  # type: ignore[attr-defined]
    page = context.new_page()
    problems: list[str] = []
    for path in PAGES[name]:
        response = page.goto(base + path, wait_until="load")
        assert response is not None and response.ok, path
        text = page.evaluate(SMALL_TEXT)
        assert text["shown"] > 10, (path, text)  # the walk saw the page's text
        problems += [f"{path}: {small}" for small in text["small"]]
        problems += [f"{path}: {wide}" for wide in page.evaluate(TOO_WIDE)]
    context.close()
    assert problems == []


def _norm(text: str) -> str:
    return " ".join(text.split())


# The progress tables' rows, each by its column headings, and whether the tables are on the screen.
TABLE_ROWS = """() => [...document.querySelectorAll("article .progress-table table")].map(table => {
    const headings = [...table.querySelectorAll("thead th")].map(th => th.textContent);
    return {
        shown: table.checkVisibility(),
        rows: [...table.querySelectorAll("tbody tr")].map(
            tr => [...tr.children].map((td, i) => [headings[i], td.textContent])),
    };
})"""

# The cards: each card's title, then its rows as label and value in order, and whether it is on the screen.
CARDS = """() => [...document.querySelectorAll("article .progress-cards")].map(list => ({
    shown: list.checkVisibility(),
    cards: [...list.querySelectorAll("[role=listitem]")].map(card => [
        ["title", card.querySelector(".progress-card__measure").textContent]].concat(
        [...card.querySelectorAll("dl > div")].map(
            row => [row.querySelector("dt").textContent, row.querySelector("dd").textContent]))),
}))"""


def _read(browser: object, url: str, screen: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """The progress tables and the cards on the page as it opens on this screen."""
    context = browser.new_context(**screen)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url, wait_until="load")
    tables, cards = page.evaluate(f"() => [({TABLE_ROWS})(), ({CARDS})()]")
    context.close()
    return tables, cards


@pytest.mark.slow
def test_each_card_on_a_phone_says_what_its_table_row_says_on_a_wide_screen(browser: object, luton_site: Path) -> None:
    server, base = _serve(luton_site / "site")
    try:
        phone_tables, phone_cards = _read(browser, base + "/progress/", PHONE)
        wide_tables, wide_cards = _read(browser, base + "/progress/", WIDE)
    finally:
        server.shutdown()
    # one of the two on each screen: the measures' four tables and the plans' two
    assert len(wide_tables) == len(phone_cards) >= 6
    assert all(t["shown"] for t in wide_tables) and not any(t["shown"] for t in phone_tables)
    assert all(c["shown"] for c in phone_cards) and not any(c["shown"] for c in wide_cards)
    compared = 0
    for table, cards in zip(wide_tables, phone_cards, strict=True):
        for row, card in zip(table["rows"], cards["cards"], strict=True):
            cells = {_norm(heading): _norm(value) for heading, value in row}
            said = [(_norm(label), _norm(value)) for label, value in card]
            status_heading = "Status" if "Status" in cells else "Progress"
            title = cells.pop("Measure" if "Measure" in cells else "Ambition")
            assert said[0] == ("title", title)
            assert said[1] == (status_heading, cells[status_heading])  # the status first, in words
            # every row of the card is the table's cell; every cell with a value is on the card
            assert dict(said[1:]).items() <= cells.items(), (said, cells)
            assert {k: v for k, v in cells.items() if v != "–"}.items() <= dict(said[1:]).items(), (said, cells)
            compared += 1
    assert compared >= 13
    latest = [dict(card).get("Latest result") for cards in phone_cards for card in cards["cards"]]
    assert "7.2 per 1,000 live births (2009–2011)" in latest


def test_the_search_index_holds_the_progress_tables_and_not_the_cards(luton_site: Path) -> None:
    """The cards repeat the tables for phones; a search that finds a target finds it once, in its table."""
    html = (luton_site / "site" / "progress" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="progress-card" role="listitem">', html)
    tables = re.findall(r"<th[^>]*>Latest result</th>", html)
    assert len(cards) >= 13 and len(tables) >= 4
    index = json.loads((luton_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("progress/"))
    assert text.count("Latest result") == len(tables)
    assert text.count("Judged against") == len(tables)
