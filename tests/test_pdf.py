"""The print edition: each site's PDF, as the normal build publishes it, read back with pikepdf and pdftotext.

The PDFs are the ones the run's shared sites were built with (``luton_site``,
``leicestershire_site`` and the invented ``eastbrook_site``), so no extra build is made
for them. Each is checked as a reader's tools see it: PDF/UA identification, language,
title, a structure tree whose headings come in order, alternative text on every figure,
header cells in every table, bookmarks that follow the site's reading order; its text
holds every figure of the site's ``data.csv`` beside its period, and no editors' note or
open question. Cheaper checks build the small fixture site.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from pydantic import BaseModel

from generator import print_edition, unchanged
from generator.chart_layout import time_positions
from generator.charts import ChartSpec, Line, render_svg
from generator.model import OpenQuestion, Site, is_editors_only
from generator.validate import load_site

from .conftest import PAGES_URL, ROOT, build_published, buildable_minimal_site, copy_site, merged_yaml
from .html_text import visible_text

SITES = {
    "luton": ("luton_site", ROOT),
    "leicestershire": ("leicestershire_site", ROOT / "examples" / "leicestershire"),
    "eastbrook": ("eastbrook_site", ROOT / "examples" / "eastbrook"),
}
HEADINGS = {f"/H{level}": level for level in range(1, 7)}


def _built(name: str, request: pytest.FixtureRequest) -> Path:
    site_dir: Path = request.getfixturevalue(SITES[name][0])
    return site_dir


def _pdf_of(site_dir: Path) -> Path:
    found = sorted((site_dir / "site").glob("*.pdf"))
    assert len(found) == 1, found
    return found[0]


@cache
def _text(pdf: Path, layout: bool = False) -> str:
    """The PDF's text as poppler's pdftotext reads it (Debian's poppler-utils; scripts/setup.sh installs it)."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install Debian's poppler-utils (scripts/setup.sh does, as root)"
    command = [tool, *(["-layout"] if layout else []), "-enc", "UTF-8", str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under ``node``, in the order of the tree (the reading order)."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _open(pdf: Path) -> pikepdf.Pdf:
    return pikepdf.open(pdf)


def _site_title(source: Path) -> str:
    return str(merged_yaml(source / "data")["strategy"]["title"])


# --- what a reader's tools look for -------------------------------------------------------------


@pytest.mark.parametrize("name", list(SITES))
def test_the_pdf_says_it_is_pdf_ua_in_the_sites_language_with_the_strategys_title(
    name: str, request: pytest.FixtureRequest
) -> None:
    site_dir = _built(name, request)
    title = _site_title(SITES[name][1])
    with _open(_pdf_of(site_dir)) as pdf:
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title") == title
        assert str(pdf.Root.Lang) == "en"  # the theme's language in each site's mkdocs.yml
        assert str(pdf.docinfo.Title) == title
        marked, shows_title = pdf.Root.MarkInfo.Marked, pdf.Root.ViewerPreferences.DisplayDocTitle
        assert isinstance(marked, bool) and marked
        assert isinstance(shows_title, bool) and shows_title  # a reader's window shows the title, not a file name
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.pdf_version == "1.7"


@pytest.mark.parametrize("name", list(SITES))
def test_headings_come_in_order_and_the_bookmarks_follow_the_sites_reading_order(
    name: str, request: pytest.FixtureRequest
) -> None:
    site_dir = _built(name, request)
    with _open(_pdf_of(site_dir)) as pdf:
        levels = [HEADINGS[str(e.S)] for e in _elements(pdf.Root.StructTreeRoot) if str(e.S) in HEADINGS]
        with pdf.open_outline() as outline:
            chapters = [" ".join(str(item.title).split()) for item in outline.root]
            nested = sum(len(item.children) for item in outline.root)
    assert levels[0] == 1 and len(levels) > 20
    skips = [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1]
    assert not skips, skips
    assert chapters.count("Contents") == 1 and chapters[0] == "Contents"
    assert len(chapters) == levels.count(1) and nested > 0  # one bookmark a chapter, its sections under it
    # every page of the site is a chapter, and the menu's pages come in the menu's order
    menu = _menu_pages(yaml.safe_load((site_dir / "build" / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    titles = {page: _h1(site_dir, page) for page in _site_pages(site_dir)}
    assert set(titles.values()) <= set(chapters), set(titles.values()) - set(chapters)
    places = [chapters.index(titles[page]) for page in menu]
    assert places == sorted(places), [titles[page] for page in menu]
    assert len(chapters) == len(titles) + 1  # the pages and the contents list: nothing else, nothing twice


def _menu_pages(nav: list[Any]) -> list[str]:
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            found.extend([value] if isinstance(value, str) else _menu_pages(value))
    return found


def _site_pages(site_dir: Path) -> list[str]:
    """The generated and hand-written pages of the site, by their Markdown paths."""
    docs = site_dir / "build" / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def _h1(site_dir: Path, page: str) -> str:
    stem = page.removesuffix(".md")
    html_path = site_dir / "site" / (f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html")
    found = re.search(r"<h1\b[^>]*>(.*?)</h1>", html_path.read_text(encoding="utf-8"), re.S)
    assert found, page
    return visible_text(found[1])


@pytest.mark.parametrize("name", list(SITES))
def test_every_chart_is_a_figure_with_its_alt_text_and_every_table_has_header_cells(
    name: str, request: pytest.FixtureRequest
) -> None:
    site_dir = _built(name, request)
    on_the_site = []
    for page in (site_dir / "site").rglob("*.html"):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            if re.search(r'src="[^"]+\.svg"', tag):
                alt = re.search(r'alt="([^"]*)"', tag)
                on_the_site.append(visible_text(alt[1]) if alt else "")
    with _open(_pdf_of(site_dir)) as pdf:
        elements = list(_elements(pdf.Root.StructTreeRoot))
        figures = [" ".join(str(e.get("/Alt", "")).split()) for e in elements if e.S == "/Figure"]
        tables = [e for e in elements if e.S == "/Table"]
        headed = [t for t in tables if any(cell.S == "/TH" for cell in _elements(t))]
    assert sorted(figures) == sorted(on_the_site)  # each chart once, with the site's own alternative text
    assert all(len(alt) > 30 for alt in figures)
    assert name == "leicestershire" or figures  # Leicestershire's action plan has no figures to chart
    assert tables and len(headed) == len(tables)


def test_links_between_pages_go_to_chapters_and_links_out_stay_live(luton_site: Path) -> None:
    with _open(_pdf_of(luton_site)) as pdf:
        internal, external = 0, set()
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if annotation.get("/Dest") is not None or (action is not None and action.S == "/GoTo"):
                    internal += 1
                elif action is not None and action.S == "/URI":
                    external.add(str(action.URI))
    assert internal > 100
    assert external and all(url.startswith(("https://", "http://", "mailto:", "tel:")) for url in external), external
    # without a web address for the site (Luton's builds here have none), a download is named, not linked
    assert not any("data.csv" in url for url in external)


def test_on_a_published_site_a_download_links_to_the_website(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", PAGES_URL.rstrip("/"))  # as configure-pages gives it
    site_dir = copy_site(ROOT / "examples" / "eastbrook", tmp_path / "site", print_edition=True)
    build_published(site_dir)
    with _open(_pdf_of(site_dir)) as pdf:
        external = {
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/A") is not None and annotation.A.S == "/URI"
        }
    assert f"{PAGES_URL}downloads/data.csv" in external
    assert PAGES_URL in _text(_pdf_of(site_dir))  # on the cover


# --- what it says -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SITES))
def test_every_figure_in_the_csv_is_in_the_pdf_beside_its_period(name: str, request: pytest.FixtureRequest) -> None:
    site_dir = _built(name, request)
    data = merged_yaml(SITES[name][1] / "data")
    decimals = {indicator["id"]: indicator.get("decimals", 1) for indicator in data.get("indicators", [])}
    csv_path = site_dir / "site" / "downloads" / "data.csv"
    if not any(s.get("values") for i in data.get("indicators", []) for s in i.get("series", [])):
        assert not csv_path.exists()  # Leicestershire: no figures, no table of them
        return
    lines = _text(_pdf_of(site_dir), layout=True).splitlines()
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    missing = []
    for row in rows:
        value = f"{float(row['value']):,.{decimals[row['indicator']]}f}"
        period = row["period"].replace("-", "–")
        if not any(period in line and value in line.split() for line in lines):
            missing.append((row["indicator"], row["breakdown"], row["kind"], period, value))
    assert len(rows) > 20 and not missing, missing


def _editors_texts(record: BaseModel) -> Iterator[str]:
    """Every editors' note and open question in the model: its fields marked ``editors_only``.

    The wording a source used for a record the site names otherwise (``as_written``) is not a
    note: where the two are the same words, the site rightly shows them.
    """
    for name, field in type(record).model_fields.items():
        value = getattr(record, name)
        if is_editors_only(field) and "as_written" not in name:
            if isinstance(value, str):
                yield value
            for item in value if isinstance(value, list) else []:
                if isinstance(item, OpenQuestion):
                    yield item.question
        for child in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(child, BaseModel):
                yield from _editors_texts(child)


@pytest.mark.parametrize("name", list(SITES))
def test_no_editors_note_or_open_question_is_in_the_pdf(name: str, request: pytest.FixtureRequest) -> None:
    site_dir = _built(name, request)
    site, problems = load_site(SITES[name][1])
    assert isinstance(site, Site), problems.errors
    text = _words(_text(_pdf_of(site_dir)))
    notes = [_words(note) for note in _editors_texts(site) if len(_words(note).split()) >= 4]
    assert name == "eastbrook" or len(notes) >= 5  # Luton and Leicestershire hold many
    leaks = [note for note in notes if " ".join(note.split()[:12]) in text]
    assert not leaks, leaks
    # the same reading finds what the site does say: the strategy's own words, and every outcome's title
    said = [_words(outcome.title) for outcome in site.outcomes] + [_words(site.strategy.title)]
    assert all(words in text for words in said), [words for words in said if words not in text]


def test_the_cover_says_what_the_site_says_of_the_strategy_assumed_dates_and_all(luton_site: Path) -> None:
    pages = _text(_pdf_of(luton_site)).split("\f")
    cover = " ".join(pages[0].split())
    data = merged_yaml(ROOT / "data")["strategy"]
    assert data["title"] in cover and "Luton Borough Council" in cover and "2012–2019" in cover
    assert "Figures last checked 30 June 2014 (assumed date)." in cover
    assert " ".join(data["as_of_assumed_because"].split()) in cover
    assert "This strategy covered 2012 to 2019. It is no longer current." in cover  # the site's banner
    assert "This is the draft strategy as it was published" in cover  # the home page's draft note
    assert "Contents" in pages[1] and "Page 2 of" in pages[1]
    # every page after the cover carries the title at its head and the banner at its foot
    assert all(data["title"] in page and "It is no longer current." in page for page in pages[1:-1])


def test_the_home_and_downloads_pages_link_the_pdf_with_its_pages_size_and_another_format(luton_site: Path) -> None:
    pdf_path = _pdf_of(luton_site)
    with _open(pdf_path) as pdf:
        pages = len(pdf.pages)
    size = pdf_path.stat().st_size
    words = f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} KB"
    for page in ("index.html", "downloads/index.html"):
        html = (luton_site / "site" / page).read_text(encoding="utf-8")
        link = re.search(rf'<a [^>]*href="(?:\.\./)?{re.escape(pdf_path.name)}"[^>]*>(.*?)</a>\s*\(([^)]*)\)', html)
        assert link, page
        assert link[2] == f"PDF, {pages} pages, {words}", page
        assert re.search(r'href="(?:\.\./)?accessibility/#feedback-and-contact-information"', html), page
    # the PDF does not link to itself: its home and downloads chapters hold no such line
    assert "PDF," not in _text(pdf_path)
    assert size <= 3_000_000  # the budget for Luton


# --- made once, from the build's own files, and only when wanted ---------------------------------


def test_a_warm_build_keeps_the_pdf_and_a_changed_figure_makes_it_again(tmp_path: Path) -> None:
    site_dir = buildable_minimal_site(tmp_path / "site")
    said: list[str] = []
    build_published(site_dir, say=said.append)
    first = _pdf_of(site_dir).read_bytes()
    assert any(line.startswith("print edition ") and " made (PDF, " in line for line in said), said
    said.clear()
    build_published(site_dir, say=said.append)
    assert any(" unchanged (PDF, " in line for line in said), said
    assert _pdf_of(site_dir).read_bytes() == first
    # the quick path of a build with nothing changed (strategy-site build's) publishes the same file
    shutil.rmtree(site_dir / "site")
    assert unchanged.build_if_unchanged(site_dir, said.append)
    assert _pdf_of(site_dir).read_bytes() == first
    indicators = site_dir / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    old = re.search(r"value: (\d+\.\d)", text)
    assert old
    indicators.write_text(text.replace(old[0], "value: 99.9", 1), encoding="utf-8")
    said.clear()
    build_published(site_dir, say=said.append)
    assert any(" made (PDF, " in line for line in said), said
    assert "99.9" in _text(_pdf_of(site_dir)) and _pdf_of(site_dir).read_bytes() != first


def test_a_site_turns_the_pdf_off_in_its_mkdocs_yml(tmp_path: Path) -> None:
    site_dir = buildable_minimal_site(tmp_path / "site")
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  pdf: false\n", encoding="utf-8")
    build_published(site_dir)
    assert not list((site_dir / "site").glob("*.pdf"))
    for page in ("index.html", "downloads/index.html"):
        assert "PDF," not in visible_text((site_dir / "site" / page).read_text(encoding="utf-8"))


def test_the_pdf_fetches_nothing_but_the_builds_own_charts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the print edition opened a connection: {args}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    docs = tmp_path / "build" / "docs"
    (docs / "indicators").mkdir(parents=True)
    outside = tmp_path / "secret.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (docs / "indicators" / "on-disk.svg").write_bytes(outside.read_bytes())  # in the folder, but not a chart
    periods = ("2010", "2011", "2012")
    line = Line("A", "#0072B2", "solid", "o", (0, 1, 2), (1.0, 2.0, 3.0))
    svg = render_svg(ChartSpec("Title", "Subtitle", periods, (line,), 1, "Summary.", positions=time_positions(periods)))
    asked = [
        "https://example.com/track.png",
        "http://127.0.0.1:9/x.svg",
        "file:///etc/passwd",
        f"file://{outside}",
        "../../secret.svg",
        "indicators/on-disk.svg",
        "data:image/svg+xml;base64,PHN2Zy8+",
    ]
    images = "".join(f'<p><img alt="image {n}" src="{src}"></p>' for n, src in enumerate(asked))
    document = (
        '<!DOCTYPE html><html lang="en"><head><title>T</title>'
        '<link rel="stylesheet" href="https://example.com/style.css"></head>'
        f'<body><h1>T</h1><img alt="The chart" src="indicators/chart.svg">{images}</body></html>'
    )
    css = "@import url(https://example.com/more.css); body { background: url(file:///etc/hostname); }"
    rendered = print_edition.render_pdf(document, css, docs, {"indicators/chart.svg": svg})
    assert len(rendered.refused) >= len(asked) and not any("chart.svg" in url for url in rendered.refused)
    (tmp_path / "out.pdf").write_bytes(rendered.pdf)
    text = _text(tmp_path / "out.pdf")
    assert all(f"image {n}" in text for n in range(len(asked)))  # each refused image shows its alternative text
    assert "2011" in text  # and the chart is drawn: its axis, as text
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        figures = [str(e.Alt) for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
    assert figures[0] == "The chart"


def test_text_from_the_data_reaches_the_pdf_as_text_through_the_sites_allowlist(tmp_path: Path) -> None:
    site_dir = buildable_minimal_site(tmp_path / "site")
    (site_dir / "content").mkdir()
    (site_dir / "content" / "notes.md").write_text(
        "# Notes\n\n"
        '<iframe src="https://example.com/frame"></iframe>\n\n'
        '<script>document.title = "RAN"</script>\n\n'
        '<p onclick="alert(1)">Clickable words</p>\n\n'
        "![A tracker](https://example.com/pixel.png)\n\n"
        '<a href="javascript:alert(1)">a script link</a> and <object data="https://example.com/x"></object>\n',
        encoding="utf-8",
    )
    strategy = site_dir / "data" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    title = re.search(r"^  title: (.+)$", text, re.M)
    assert title
    strategy.write_text(text.replace(title[0], '  title: "Better <b>health</b> {: onclick=x } & care"'), "utf-8")
    said: list[str] = []
    build_published(site_dir, say=said.append)
    pdf_path = _pdf_of(site_dir)
    words = _text(pdf_path)
    assert "Better <b>health</b>" in words and "Clickable words" in words and "a script link" in words
    assert "RAN" not in words
    with _open(pdf_path) as pdf:
        assert str(pdf.docinfo.Title).startswith("Better <b>health</b>")
        uris = [
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/A") is not None and "/URI" in annotation.A
        ]
    assert not any(uri.startswith("javascript") for uri in uris), uris
    assert any("example.com/pixel.png" in line for line in said), said  # WeasyPrint was refused, and said so


def test_the_same_input_makes_the_same_bytes(tmp_path: Path) -> None:
    document = (
        '<!DOCTYPE html><html lang="en"><head><title>Same</title></head><body><h1>Same</h1><p>A</p></body></html>'
    )
    first = print_edition.render_pdf(document, "", tmp_path, {}).pdf
    assert print_edition.render_pdf(document, "", tmp_path, {}).pdf == first


def test_the_reading_order_puts_each_page_after_the_page_it_is_reached_from() -> None:
    from generator.derive import derive
    from generator.pages import site_pages

    site, problems = load_site(ROOT)
    assert site is not None, problems.errors
    pages = site_pages(derive(site))
    order = print_edition.reading_order(print_edition.contents(pages, [("about-this-site.md", "About this site")]))
    assert sorted(order) == sorted([page.path for page in pages] + ["about-this-site.md"])
    indicators = [path for path in order if path.startswith("indicators/") and path != "indicators/index.md"]
    start = order.index("indicators/index.md")
    assert order[start + 1 : start + 1 + len(indicators)] == indicators  # each indicator after the list of them
    for plan in ("better-care-fund", "five-year-strategy"):
        mine = [i for i, path in enumerate(order) if path.startswith(f"plans/{plan}/")]
        assert order[mine[0]] == f"plans/{plan}/index.md" and mine == list(range(mine[0], mine[0] + len(mine)))
    assert order[0] == "index.md" and order[-1] == "accessibility.md"


def test_a_national_site_is_too_large_for_one_document() -> None:
    words = "word " * 100
    plan = print_edition.Plan(
        entries=[],
        anchors={f"p{n}.md": f"c{n}" for n in range(print_edition.MAX_CHAPTERS + 1)},
        pages={f"p{n}.md": words for n in range(print_edition.MAX_CHAPTERS + 1)},
        cover="",
        abbreviations="",
        files=frozenset(),
        address=None,
        title="T",
        language="en",
        author="",
        charts={},
    )
    assert "pages" in (plan.too_long() or "")
    small = print_edition.Plan(**{**vars(plan), "anchors": {"p.md": "c1"}, "pages": {"p.md": words}})
    assert small.too_long() is None


def test_size_words_as_a_download_link_gives_them() -> None:
    assert print_edition.size_words(1_234_567) == "1.2 MB"
    assert print_edition.size_words(849_600) == "850 KB"
    assert print_edition.PrintEdition("x.pdf", 1, 2_000).description == "PDF, 1 page, 2 KB"


def test_a_link_fragment_from_the_data_stays_inside_its_href() -> None:
    """The site's HTML escapes a quote in a link; the print edition reads the href unescaped, so what it
    writes back must be escaped again or the fragment would add attributes of its own."""
    from generator.print_edition import Links

    links = Links(anchors={"b.md": "c2"}, files=frozenset(), address=None)
    target = links.target("a.md", "b.md#x&quot; class=&quot;progress-cards")
    assert target is not None and '"' not in target
    assert target.startswith("#c2-x")
