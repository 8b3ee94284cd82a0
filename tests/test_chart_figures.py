"""Charts read once (issue 30): each chart is a figure, its summary said once, its table captioned.

On every indicator page of the built Luton site:

- each chart image sits in a ``<figure>`` whose ``<figcaption>`` is the chart's summary sentence,
  and that sentence is on the page once (not printed again in a paragraph, not in the alt text);
- the image's alt text is short: it names the chart (the measure, the areas, the periods) and
  points to the table, and is not the caption;
- the chart's table carries its title as a real ``<caption>``, not as a loose paragraph;
- a cell with no figure reads "[x]", and a note under the table says what "[x]" means;
- the "¶" link at the end of every heading is hidden from screen readers and out of the Tab order.

The expected sentences come from the generator's own views of the data (``derive``), the expected
figures from the YAML as plain PyYAML reads it. One browser test reads the infant mortality page
through Chromium's accessibility tree, as a screen reader is given it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.derive import derive
from generator.pages.indicators import PanelPage, indicator_context
from generator.validate import validate_site

from .html_text import visible_text

MISSING = "[x]"
MISSING_NOTE = "[x] means this site has no figure for that period"
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass
class Element:
    """One element of a page, with where it starts and ends in the page's source."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int = -1
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        for child in self.children:
            yield child
            yield from child.walk()

    def find_all(self, tag: str) -> list[Element]:
        return [element for element in self.walk() if element.tag == tag]

    def ancestors(self) -> Iterator[Element]:
        at = self.parent
        while at is not None:
            yield at
            at = at.parent


class _Tree(HTMLParser):
    """The elements of an HTML fragment as a tree (the sanitized, well-formed HTML MkDocs writes)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.root = Element("#root", {}, 0, len(html))
        self.open = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self._offset(), parent=self.open[-1])
        self.open[-1].children.append(element)
        if tag in VOID:
            element.end = element.start + len(self.get_starttag_text() or "")
        else:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                end = self._offset() + len(f"</{tag}>")
                for element in self.open[depth:]:
                    element.end = end
                del self.open[depth:]
                return


@dataclass(frozen=True)
class Page:
    """An indicator page's content (the theme's ``<article>``), as source and as a tree."""

    html: str
    root: Element

    def source(self, element: Element) -> str:
        return self.html[element.start : element.end]

    def text(self, element: Element) -> str:
        return visible_text(self.source(element))

    @property
    def spoken(self) -> str:
        """What is read out on the page: its text, and each image's alt text where the image is."""
        with_alts = re.sub(r'<img[^>]*\balt="([^"]*)"[^>]*>', lambda m: f" {m[1]} ", self.html)
        return visible_text(with_alts)


def article(path: Path) -> Page:
    html = path.read_text(encoding="utf-8")
    start = html.index("<article")
    html = html[start : html.index("</article>", start) + len("</article>")]
    tree = _Tree(html)
    tree.feed(html)
    tree.close()
    return Page(html, tree.root)


@pytest.fixture(scope="module")
def panels(luton_site: Path) -> dict[str, list[PanelPage]]:
    """Each indicator's charts as the generator words them, from Luton's data."""
    views = derive(validate_site(luton_site))
    return {key: indicator_context(views, view.indicator)["panels"] for key, view in views.indicators.items()}


def _indicator_pages(luton_site: Path, panels: dict[str, list[PanelPage]]) -> Iterator[tuple[str, Page]]:
    assert len(panels) >= 10
    for indicator_id in panels:
        yield indicator_id, article(luton_site / "site" / "indicators" / indicator_id / "index.html")


def _charts(page: Page) -> list[Element]:
    return [img for img in page.root.find_all("img") if img.attrs.get("src", "").endswith(".svg")]


def _panel_of(img: Element, panels: list[PanelPage]) -> PanelPage:
    name = Path(img.attrs["src"]).name
    return next(panel for panel in panels if panel.chart_file == name)


def _figure(img: Element) -> Element:
    figure = next((a for a in img.ancestors() if a.tag == "figure"), None)
    assert figure is not None, f"{img.attrs['src']} is not inside a <figure>"
    return figure


def _table_after(page: Page, element: Element) -> Element:
    """The first table after ``element`` (a chart), which must come before the next heading."""
    table = next(t for t in page.root.find_all("table") if t.start > element.end)
    heading = next((h for h in page.root.walk() if h.tag in ("h2", "h3") and h.start > element.end), None)
    assert heading is None or table.start < heading.start, "no table between the chart and the next heading"
    return table


def test_every_chart_is_a_figure_whose_caption_is_its_summary_said_once(
    luton_site: Path, panels: dict[str, list[PanelPage]]
) -> None:
    charts = 0
    for indicator_id, page in _indicator_pages(luton_site, panels):
        images = _charts(page)
        assert len(images) == len(panels[indicator_id]), indicator_id
        for img in images:
            charts += 1
            panel = _panel_of(img, panels[indicator_id])
            figure = _figure(img)
            captions = [child for child in figure.children if child.tag == "figcaption"]
            assert len(captions) == 1, (indicator_id, panel.chart_file)
            assert page.text(captions[0]) == panel.summary, (indicator_id, panel.chart_file)
            # said once: not printed again beside the chart, and not in the alt text
            assert page.spoken.count(panel.summary) == 1, (indicator_id, panel.chart_file)
    assert charts >= 15


def test_alt_text_is_short_names_the_chart_and_points_to_the_table(
    luton_site: Path, panels: dict[str, list[PanelPage]], luton_yaml: dict[str, Any]
) -> None:
    names = {i["id"]: i["name"] for i in luton_yaml["indicators"]}
    area = luton_yaml["strategy"]["area"]
    for indicator_id, page in _indicator_pages(luton_site, panels):
        for img in _charts(page):
            alt = " ".join(img.attrs["alt"].split())
            where = (indicator_id, img.attrs["src"])
            assert len(alt.split()) < 25, (where, alt)
            assert alt.startswith("Chart: ") and names[indicator_id].casefold() in alt.casefold(), (where, alt)
            _head, body = _table_cells(page, _table_after(page, img))
            periods = [row[0] for row in body]
            assert area in alt and periods[0] in alt and periods[-1] in alt, (where, alt)
            assert alt.endswith("The figures are in the table below."), (where, alt)
            caption = page.text(next(c for c in _figure(img).children if c.tag == "figcaption"))
            assert alt != caption and caption not in alt and alt not in caption, where


def _table_cells(page: Page, table: Element) -> tuple[list[str], list[list[str]]]:
    """A table's column headers and its body rows, each row its cells' text (row header first)."""
    head = [page.text(th) for th in table.find_all("thead")[0].find_all("th")]
    body = [
        [page.text(cell) for cell in row.children if cell.tag in ("th", "td")]
        for row in table.find_all("tbody")[0].find_all("tr")
    ]
    return head, body


def test_each_chart_table_has_its_title_as_a_caption(
    luton_site: Path, panels: dict[str, list[PanelPage]], luton_yaml: dict[str, Any]
) -> None:
    indicators = {i["id"]: i for i in luton_yaml["indicators"]}
    for indicator_id, page in _indicator_pages(luton_site, panels):
        indicator = indicators[indicator_id]
        for img in _charts(page):
            table = _table_after(page, img)
            captions = [child for child in table.children if child.tag == "caption"]
            assert captions and table.children[0] is captions[0], (indicator_id, img.attrs["src"])
            caption = page.text(captions[0])
            assert indicator["name"].casefold() in caption.casefold(), (indicator_id, caption)
            breakdown = _panel_of(img, panels[indicator_id]).panel.breakdown or ""
            assert breakdown.casefold() in caption.casefold(), (indicator_id, caption)  # male and female apart
            if indicator.get("unit"):
                assert indicator["unit"] in caption, (indicator_id, caption)
            head, _body = _table_cells(page, table)
            for column in head[1:]:
                assert column.rsplit(" ", 1)[0] in caption, (indicator_id, column, caption)  # the column's area
            # the title is the caption, not a loose paragraph as well
            assert page.spoken.count(caption) == 1, (indicator_id, caption)
            assert _panel_of(img, panels[indicator_id]).caption == caption


def test_missing_cells_read_x_and_the_page_says_why(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    missing_seen = 0
    for indicator in luton_yaml["indicators"]:
        if not indicator.get("series"):
            continue
        page = article(luton_site / "site" / "indicators" / indicator["id"] / "index.html")
        decimals = indicator.get("decimals", 1)
        for img in _charts(page):
            breakdown = Path(img.attrs["src"]).stem.removeprefix(indicator["id"]).lstrip("-") or None
            values = {
                (f"{s['area']} {s['kind']}", str(v["period"]).replace("-", "–")): f"{v['value']:,.{decimals}f}"
                for s in indicator["series"]
                if s.get("breakdown") == breakdown
                for v in s["values"]
            }
            table = _table_after(page, img)
            head, body = _table_cells(page, table)
            for row in body:
                for column, cell in zip(head[1:], row[1:], strict=True):
                    expected = values.get((column, row[0]), MISSING)
                    assert cell == expected, (indicator["id"], column, row[0], cell)
            has_missing = any(cell == MISSING for row in body for cell in row[1:])
            missing_seen += has_missing
            following = page.html[table.end :]
            next_heading = re.search(r"<h[1-6]\b", following)
            under = visible_text(following[: next_heading.start() if next_heading else len(following)])
            assert (MISSING_NOTE in under) == has_missing, (indicator["id"], breakdown)
    page = article(luton_site / "site" / "indicators" / "infant-mortality" / "index.html")
    assert MISSING_NOTE in page.spoken and missing_seen >= 5
    assert not any(page.text(td) == "–" for td in page.root.find_all("td"))


def test_heading_permalinks_are_hidden_from_screen_readers_and_the_tab_key(luton_site: Path) -> None:
    anchors = 0
    for path in (luton_site / "site").rglob("index.html"):
        for tag in re.findall(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>", path.read_text(encoding="utf-8")):
            anchors += 1
            assert 'aria-hidden="true"' in tag and 'tabindex="-1"' in tag, (path, tag)
    assert anchors >= 50


def test_permalinks_are_quieted_after_the_allowlist_and_nothing_else_is() -> None:
    from generator.mkdocs_joint import quiet_permalinks
    from generator.sanitize import clean_html

    heading = '<h2 id="aims">Aims<a class="headerlink" href="#aims" title="Link to this section">¶</a></h2>'
    quiet = quiet_permalinks(clean_html(heading))
    assert '<a class="headerlink" href="#aims" title="Link to this section" aria-hidden="true" tabindex="-1">' in quiet
    other = clean_html('<p><a class="headerlink" href="https://example.org/">away</a> <a href="#aims">Aims</a></p>')
    assert quiet_permalinks(other) == other  # only a heading's link to its own section


# --- the infant mortality page as a screen reader is given it -------------------------------------


@pytest.mark.slow
def test_infant_mortality_page_reads_its_summary_once_and_its_table_by_caption(
    luton_site: Path, panels: dict[str, list[PanelPage]]
) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
    from .test_browser import CHROMIUM, LAUNCH_ARGS, _serve

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no browser at {CHROMIUM}: run 'bash scripts/test.sh', which installs Debian's chromium")
    panel = panels["infant-mortality"][0]
    server, base = _serve(luton_site / "site")
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{base}/indicators/infant-mortality/")
            page.wait_for_load_state("networkidle")
            snapshot = page.locator("article").aria_snapshot()
            browser.close()
    finally:
        server.shutdown()
    lines = [line.strip() for line in snapshot.splitlines()]
    # The summary is the figure's caption: the figure is named by it (Chromium takes a figure's name from
    # its figcaption) and it is read once, as the caption's text; no paragraph or alt text says it again.
    named_by_summary = [line for line in lines if line.startswith("- figure ") and panel.summary in line]
    assert len(named_by_summary) == 1, snapshot
    read = [line for line in lines if panel.summary in line and not line.startswith("- figure ")]
    assert len(read) == 1 and read[0] == f"- text: {panel.summary}", snapshot
    # the chart's image, inside the figure, by its short name, which is not the summary
    images = [line for line in lines if line.startswith(("- img ", "- 'img "))]
    assert len(images) == 1 and panel.alt in images[0] and panel.summary not in images[0], snapshot
    # the table, named by its caption, with its caption, its "[x]" cells and the note that explains them
    assert any(line.startswith(f'- table "{panel.caption}"') for line in lines), snapshot
    assert f"- caption: {panel.caption}" in lines, snapshot
    assert '- cell "[x]"' in lines and any(MISSING_NOTE in line for line in lines), snapshot
    # no heading is named with its "¶" link, and no "¶" link is read
    assert "¶" not in snapshot, snapshot
