"""The built sites in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1.

For every page: axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation in the light theme
and none of its colour rules fails in the dark theme, on a phone (390×844) and a desktop
screen; nothing is requested from another origin, nothing is logged as an error, nothing
scrolls sideways on a phone and its navigation opens, and every chart loads with an accessible name, shows its text at
12 CSS px or more on a phone and a desktop, and does not move the page as it loads.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

import pytest

from generator.build import build

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Dialog

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Where the test server hands out axe-core: loaded by URL, Chromium compiles it once and
# reuses the compiled code on every page (inlined, each page compiled it again: 0.2 s a page).
AXE_URL = "/__tests__/axe.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        if self.path != AXE_URL:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(AXE.stat().st_size))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return open(AXE, "rb")  # the server copies it to the client and closes it


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no browser at {CHROMIUM}: run 'bash scripts/test.sh', which installs Debian's chromium")
    assert AXE.is_file(), "axe-core is missing: run 'bash scripts/test.sh', which installs it from npm"
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()


class _SlowChartsHandler(_QuietHandler):
    """Charts arrive 0.25 s after the page, as on a slow phone connection, so a chart without a size shows."""

    def do_GET(self) -> None:
        if self.path.endswith(".svg"):
            time.sleep(0.25)
        super().do_GET()


def _serve(folder: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# Westfield: the pages of lists a site declares (issue 28), at addresses in its own words.
@pytest.fixture(scope="module", params=["luton", "leicestershire", "northvale", "westfield"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, Path, str]]:
    site_dir = request.getfixturevalue(f"{request.param}_site")
    server, base = _serve(site_dir / "site")
    yield request.param, site_dir / "site", base
    server.shutdown()


def _pages(site: Path) -> list[str]:
    return sorted(
        "/" + p.relative_to(site).parent.as_posix().strip(".") + ("/" if p.parent != site else "")
        for p in site.rglob("index.html")
    )


def _watch(page: object, base: str, problems: list[str]) -> None:
    host = urlsplit(base).netloc

    def on_request(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith("data:") and urlsplit(url).netloc != host:
            problems.append(f"request to another origin: {url}")

    def on_console(message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            problems.append(f"console error: {message.text}")  # type: ignore[attr-defined]

    page.on("request", on_request)  # type: ignore[attr-defined]
    page.on("console", on_console)  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))  # type: ignore[attr-defined]


# Rules outside the WCAG tags that Lighthouse reports too: a dialog (the search) needs a name.
EXTRA_RULES = ["aria-dialog-name"]


# One axe run a page: the rules of the WCAG tags (less axe's experimental and deprecated
# ones, as a run by tag leaves them out) and the extra rules, in a single pass, since each
# run rebuilds axe's copy of the page's tree.
AXE_RUN = """([tags, extra, colourOnly]) => {
    const rules = axe.getRules(tags)
        .filter(rule => !rule.tags.includes("experimental") && !rule.tags.includes("deprecated"))
        .filter(rule => !colourOnly || rule.tags.includes("cat.color"))
        .map(rule => rule.ruleId)
        .concat(extra);
    return axe.run(document, {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
}"""


def _axe(page: object, path: str, theme: str, screen: str) -> list[str]:
    """axe's violations on the page as it is now. The dark theme changes colours and nothing
    else (the page, its text and its layout are the same), so there only axe's colour rules
    (its tag ``cat.color``: contrast, and links told apart from text) have anything new to find."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.add_script_tag(url=AXE_URL)  # type: ignore[attr-defined]
    colour_only = theme == "dark"
    result = page.evaluate(AXE_RUN, [WCAG_TAGS, [] if colour_only else EXTRA_RULES, colour_only])  # type: ignore[attr-defined]
    violations = result["violations"]
    return [
        f"{path} ({theme}, {screen}): axe {v['id']}: {v['help']} — e.g. {v['nodes'][0]['target']}" for v in violations
    ]


SCHEME = "document.body.getAttribute('data-md-color-scheme')"
SCHEMES = {"light": "default", "dark": "slate"}


def _theme(page: object) -> str:
    return "dark" if page.evaluate(SCHEME) == SCHEMES["dark"] else "light"  # type: ignore[attr-defined]


def _switch_theme(page: object) -> str:
    """Click the header's theme switch, as a resident would; the theme it switched to."""
    other = "light" if _theme(page) == "dark" else "dark"
    page.click(f"label.md-header__button[title='Switch to {other} theme']")  # type: ignore[attr-defined]
    page.wait_for_function(f"{SCHEME} === '{SCHEMES[other]}'", timeout=3000)  # type: ignore[attr-defined]
    return other


# A phone (the size most residents read on) and a desktop screen.
SCREENS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


def _works_on_a_phone(page: object, path: str) -> tuple[list[str], int]:
    """What fails on a phone on the loaded page: sideways scrolling, a menu that does not
    open, a chart that does not load or has no name; and how many charts it has."""
    problems = []
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")  # type: ignore[attr-defined]
    if wide > 0:
        problems.append(f"{path}: scrolls sideways by {wide}px on a phone")
    page.click("label.md-header__button[for='__drawer']")  # type: ignore[attr-defined]
    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.getElementById('__drawer').checked", timeout=2000
        )
        page.wait_for_selector("nav.md-nav--primary", state="visible", timeout=2000)  # type: ignore[attr-defined]
    except playwright_api.TimeoutError:
        problems.append(f"{path}: the navigation does not open on a phone")
    images = page.query_selector_all("article img[src$='.svg']")  # type: ignore[attr-defined]
    for image in images:
        image.scroll_into_view_if_needed()
        loaded = page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image, timeout=5000)  # type: ignore[attr-defined]
        name = image.get_attribute("alt") or ""
        if not loaded or len(name) < 20:
            problems.append(f"{path}: chart {image.get_attribute('src')} did not load or has no accessible name")
    return problems, len(images)


def _charts_on(site: Path, paths: list[str]) -> int:
    """How many charts the pages' articles show, read from their HTML."""
    count = 0
    for path in paths:
        html = (site / path.lstrip("/") / "index.html").read_text("utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        count += len(re.findall(r'<img[^>]*\ssrc="[^"]+\.svg"', article[0])) if article else 0
    return count


@pytest.mark.parametrize("part", [1, 2])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_page_passes_axe_in_light_and_dark_stays_on_this_origin_and_works_on_a_phone(
    browser: object, served: tuple[str, Path, str], screen: str, part: int
) -> None:
    """Each page is loaded once a screen and audited in both themes: as it opens, then after a
    click on the header's theme switch, as a resident would switch. The site keeps that
    choice, so the next page opens in the other theme; the first opens in the device's
    theme (light for part 1, dark for part 2). On the phone the phone checks then run on
    the same load (they open the menu). Each screen's pages are split in two tests (every
    other page), so that the test processes share them out."""
    name, site, base = served
    problems: list[str] = []
    charts = 0
    device = "light" if part == 1 else "dark"
    context = browser.new_context(color_scheme=device, **SCREENS[screen])  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, base, problems)
    paths = _pages(site)[part - 1 :: 2]
    for number, path in enumerate(paths):
        page.goto(base + path, wait_until="load")
        opened = _theme(page)
        assert number > 0 or opened == device, f"{path} opened in the {opened} theme on a {device} device"
        problems.extend(_axe(page, path, opened, screen))
        problems.extend(_axe(page, path, _switch_theme(page), screen))
        if screen == "phone":
            found, count = _works_on_a_phone(page, path)
            problems.extend(found)
            charts += count
    context.close()
    assert problems == []
    if screen == "phone":
        assert charts == _charts_on(site, paths)
        if name == "luton":
            assert charts >= 5


def _pages_with_charts(site: Path) -> list[str]:
    """The pages whose HTML shows a chart: the only ones a test of charts needs to load."""
    chart = re.compile(r'<img[^>]*\ssrc="[^"]+\.svg"')
    return [path for path in _pages(site) if chart.search((site / path.lstrip("/") / "index.html").read_text("utf-8"))]


# The smallest text in each chart as the browser shows it: the SVG's own font sizes, scaled
# by the width the image is displayed at over the width the SVG was drawn at.
SMALLEST_CHART_TEXT = """async img => {
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), "image/svg+xml");
    const drawnWidth = svg.documentElement.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.style.fontSize));
    return {texts: sizes.length, px: Math.min(...sizes) * img.getBoundingClientRect().width / drawnWidth};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_is_at_least_12_css_pixels_on_a_phone_and_a_desktop(
    browser: object, served: tuple[str, Path, str], width: int
) -> None:
    _name, site, base = served
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 600)  # type: ignore[attr-defined]
    page = context.new_page()
    measured: list[tuple[str, float]] = []
    for path in _pages_with_charts(site):
        page.goto(base + path, wait_until="load")
        for image in page.query_selector_all("article img[src$='.svg']"):
            image.scroll_into_view_if_needed()
            size = page.evaluate(SMALLEST_CHART_TEXT, image)
            assert size["texts"] >= 5, (path, image.get_attribute("src"))
            measured.append((f"{path} {image.get_attribute('src')}", round(size["px"], 2)))
    context.close()
    assert [(chart, px) for chart, px in measured if px < 12] == []
    if _name == "luton":
        assert len(measured) >= 10


# Every layout shift counts: nothing here is typed or clicked, and Chromium counts the
# navigation itself as recent input for half a second, which would hide the shift of a
# chart that arrives quickly.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 100);
})"""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_indicator_pages_do_not_shift_as_their_charts_load(
    browser: object, served: tuple[str, Path, str], screen: str
) -> None:
    _name, site, _base = served
    server, base = _serve(site, _SlowChartsHandler)
    context = browser.new_context(**SCREENS[screen])  # type: ignore[attr-defined]
    page = context.new_page()
    shifts = {}
    for path in [p for p in _pages(site) if p.startswith("/indicators/") and p != "/indicators/"]:
        page.goto(base + path, wait_until="domcontentloaded")
        images = page.query_selector_all("article img[src$='.svg']")
        if images:  # the first chart at the top of the screen before it arrives: what follows it is in view
            images[0].evaluate("img => img.scrollIntoView({block: 'start'})")
        for image in images:  # lazy charts load as they come into view
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image, timeout=5000)
        shifts[path] = page.evaluate(LAYOUT_SHIFT)
    context.close()
    server.shutdown()
    assert {path: shift for path, shift in shifts.items() if shift >= 0.05} == {}
    if _name == "luton":
        assert len(shifts) >= 10


def test_search_finds_the_obesity_outcome_and_the_skip_link_moves_focus(
    browser: object, served: tuple[str, Path, str]
) -> None:
    name, _site, base = served
    query, expected = {
        "luton": ("obesity", "/outcomes/reduced-health-inequalities/"),
        "leicestershire": ("obesity", "/outcomes/healthy-weight/"),
        "northvale": ("damp", "/outcomes/warm-homes/"),
        "westfield": ("inequalities", "/strategic-priorities/reducing-inequalities/"),
    }[name]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + "/", wait_until="load")
    page.click(".md-search__input", timeout=5000)
    page.keyboard.type(query, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    links = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert any(expected in link for link in links), links
    page.goto(base + "/", wait_until="load")
    page.keyboard.press("Tab")
    assert "md-skip" in (page.evaluate("document.activeElement.className") or "")
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    assert target and page.evaluate(f"!!document.querySelector('article {target}')")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')")
    page.close()


def test_html_and_script_links_from_yaml_are_inert(browser: object, tmp_path: Path) -> None:
    site_dir = tmp_path / "unsafe"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal" / "data", site_dir / "data")
    shutil.copy(ROOT / "mkdocs.yml", site_dir / "mkdocs.yml")
    outcomes = site_dir / "data" / "outcomes.yaml"
    payload = (
        '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> '
        "[x](javascript:alert(1)) [y](data:text/html,<script>alert(2)</script>)"
    )
    text = outcomes.read_text(encoding="utf-8")
    assert "text: Help people to stop smoking." in text
    outcomes.write_text(text.replace("text: Help people to stop smoking.", f"text: '{payload}'"), encoding="utf-8")
    build(site_dir)
    server, base = _serve(site_dir / "site")
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        dialogs: list[str] = []

        def dismiss(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(base + "/outcomes/living-well/", wait_until="load")
        for link in page.query_selector_all("article a"):
            href = (link.get_attribute("href") or "").lower()
            assert not href.startswith(("javascript:", "data:")), href
        assert page.evaluate("window.__pwned") is None
        shown = page.inner_text("article")
        assert "<script>window.__pwned = 1</script>" in shown and '<img src=x onerror="window.__pwned = 2">' in shown
        assert "(javascript:alert(1))" in shown
        page.click("text=x", timeout=2000) if page.query_selector("article a:text-is('x')") else None
        assert dialogs == []
        page.close()
    finally:
        server.shutdown()


def _search(page: object, query: str) -> list[str]:
    """Type a query into the search box as a reader would; the pages shown, best first."""
    page.fill(".md-search__input", "")  # type: ignore[attr-defined]
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")  # type: ignore[attr-defined]
    # The search reads the box on each key released: fill it, then release one key, rather
    # than typing letter by letter (a second a query, for the same results).
    page.fill(".md-search__input", query)  # type: ignore[attr-defined]
    page.press(".md-search__input", "End")  # type: ignore[attr-defined]
    read = "() => [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href).join(' ')"
    page.wait_for_function("() => /matching/i.test(document.querySelector('.md-search-result__meta').textContent)")  # type: ignore[attr-defined]
    before = None
    while (shown := page.evaluate(read)) != before:  # type: ignore[attr-defined]
        before = shown
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
    pages: list[str] = []
    for href in shown.split():
        path = urlsplit(href).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages


def test_residents_find_an_answering_page_in_the_first_five_results(
    browser: object, luton_site: Path, report_measured: Callable[[str], None]
) -> None:
    """Everyday queries (tests/resident_queries.py) typed into Luton's search box; at least 90% answered."""
    from .resident_queries import QUERIES

    server, base = _serve(luton_site / "site")
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(base + "/", wait_until="load")
        page.click(".md-search__input", timeout=5000)
        results = {query: _search(page, query) for query, _answers in QUERIES}
        page.close()
    finally:
        server.shutdown()
    misses = [(q, answers, results[q][:5]) for q, answers in QUERIES if not set(answers) & set(results[q][:5])]
    score = 1 - len(misses) / len(QUERIES)
    answered = len(QUERIES) - len(misses)
    report_measured(f"resident queries: {answered} of {len(QUERIES)} answered in the first five ({score:.0%})")
    for query, answers, shown in misses:
        report_measured(f"  miss: {query!r} wants {' or '.join(answers)}; first five: {', '.join(shown) or 'nothing'}")
    assert "plans/five-year-strategy/transforming-urgent-care/" in results["A&E"][:5], results["A&E"]
    for query in ("where can I get help", "stop smoking"):  # help first: in the first three (issue 30)
        assert "help/" in results[query][:3], (query, results[query][:5])
    assert score >= 0.9, misses


class _PagesHandler(_QuietHandler):
    """GitHub Pages for a project site: the site under ``/repo/``, ``404.html`` for any unknown address."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = urlsplit(self.path).path
        if path.startswith("/repo/") or path == "/repo":
            self.path = path[len("/repo") :] or "/"
            if Path(self.translate_path(self.path)).exists():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return open(page, "rb")  # the server copies it to the client and closes it


def test_an_unknown_address_under_a_sub_path_shows_the_styled_404_page_with_working_links(
    browser: object, luton_on_pages: Path
) -> None:
    site = luton_on_pages / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    problems: list[str] = []
    failed: list[str] = []
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        _watch(page, base, problems)
        page.on(
            "response",
            lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
        )
        response = page.goto(base + "/repo/outcomes/no-such-page/deeper/", wait_until="load")
        assert response is not None and response.status == 404
        assert "Page not found" in page.inner_text("article")
        # the theme's and the site's styles loaded from under /repo/, not from the domain root
        sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
        assert any(href.endswith("/repo/assets/strategy-site.css") for href in sheets), sheets
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        # the page itself answers 404, which Chromium logs; every other request must have succeeded
        assert failed == [] and [p for p in problems if "status of 404" not in p] == []
        # a link from the 404 page reaches a real page of the site
        about = page.locator("a[href='/repo/about/']").first
        about.click()
        page.wait_for_load_state("load")
        assert page.url == base + "/repo/about/"
        assert "404" not in page.title()
        page.close()
    finally:
        server.shutdown()
