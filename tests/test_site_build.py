"""The built Luton site, read as HTML, checked against the YAML it was built from."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator.build import build, generate
from generator.cli import main
from generator.problems import InputError

from .conftest import ROOT, change_one_value, copy_site, tree_hashes


class _Page(HTMLParser):
    """Collects what the tests look at in one HTML page: text, links, ids and abbreviations."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.abbr: dict[str, str] = {}
        self._abbr_title: str | None = None
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "abbr":
            self._abbr_title = values.get("title")
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._abbr_title is not None:
            self.abbr[data] = self._abbr_title
            self._abbr_title = None
        if not self._skip:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _main_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    page = _Page()
    page.feed(article)
    return page.plain


def test_outcome_2_lists_priorities_2_1_to_2_6_in_order_with_full_text(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    outcome = next(o for o in luton_yaml["outcomes"] if o["number"] == 2)
    text = _main_text(luton_site / "site" / "outcomes" / outcome["id"] / "index.html")
    positions = []
    for priority in outcome["priorities"]:
        expected = " ".join(priority["text"].split())
        assert expected in text, priority["id"]
        positions.append(text.index(expected))
    assert [p["id"] for p in outcome["priorities"]] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert positions == sorted(positions)


def test_jsna_page_links_back_to_every_priority_that_cites_family_poverty(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    jsna = next(j for j in luton_yaml["jsna_priorities"] if j["name"] == "Reducing family poverty")
    citing = {
        (o["id"], p["id"])
        for o in luton_yaml["outcomes"]
        for p in o["priorities"]
        for link in p["jsna_links"]
        if link["jsna"] == jsna["id"]
    }
    assert len(citing) >= 5
    html = (luton_site / "site" / "jsna" / "index.html").read_text(encoding="utf-8")
    start = html.index(f'id="{jsna["id"]}"')
    section = html[start : html.index("<h3", start + 1)]
    links = set(re.findall(r'href="\.\./outcomes/([a-z0-9-]+)/#priority-(\d+)-(\d+)"', section))
    assert {(o, f"{a}.{b}") for o, a, b in links} == citing


def test_search_index_holds_every_commissioning_priority(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    index = json.loads((luton_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    corpus = " ".join(" ".join(re.sub(r"<[^>]+>", " ", doc["text"]).split()) for doc in index["docs"])
    for outcome in luton_yaml["outcomes"]:
        for priority in outcome["priorities"]:
            assert " ".join(priority["text"].split()) in corpus, priority["id"]


def test_every_internal_link_and_anchor_resolves(luton_site: Path) -> None:
    site = luton_site / "site"
    # 404.html links from the site root on purpose: it is served for any missing path
    pages = {path: parse(path) for path in site.rglob("*.html") if path.name != "404.html"}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} -> {href}")
                continue
            if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    assert len(pages) >= 10
    assert broken == []


def test_jsna_abbreviation_is_expanded_on_pages_that_use_it(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    expansion = next(t["expansion"] for t in luton_yaml["glossary"] if t["term"] == "JSNA")
    page = parse(luton_site / "site" / "jsna" / "index.html")
    assert page.abbr.get("JSNA") == expansion


def test_footer_shows_data_date_and_links_the_accessibility_statement(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    html = (luton_site / "site" / "outcomes" / "index.html").read_text(encoding="utf-8")
    as_of = luton_yaml["strategy"]["as_of"]
    assert f"Figures last checked: {as_of.day} {as_of.strftime('%B %Y')} (assumed date)" in html
    assert 'href="../accessibility/"' in html
    statement = _main_text(luton_site / "site" / "accessibility" / "index.html")
    for heading in ("Compliance status", "Non-accessible content", "Enforcement procedure", "Preparation of this"):
        assert heading in statement


def test_no_page_requests_another_origin(luton_site: Path) -> None:
    for path in (luton_site / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        sources = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
        assert [s for s in sources if re.match(r"(https?:)?//", s)] == [], path


def test_changing_one_value_rewrites_only_the_pages_that_show_it(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    generate(site_dir)
    outcomes = site_dir / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    old = "Strengthen services to reduce the impact of domestic abuse."
    assert text.count(old) == 1
    outcomes.write_text(text.replace(old, "Strengthen services that reduce the harm of domestic abuse."), "utf-8")
    report = generate(site_dir).report
    shown_on = {
        p.relative_to(site_dir / "build" / "docs").as_posix()
        for p in (site_dir / "build" / "docs").rglob("*")
        if p.is_file() and b"reduce the harm of domestic abuse" in p.read_bytes()
    }
    assert shown_on and set(report.written) == shown_on
    assert "outcomes/healthy-start.md" not in report.written


def test_bad_yaml_fails_the_build_and_leaves_the_previous_site_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    before = tree_hashes(site_dir / "site")
    indicators = site_dir / "data" / "indicators.yaml"
    lines = indicators.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("unit:"))
    lines[number] = lines[number].split("unit:")[0] + "unit: [not, text]\n"
    indicators.write_text("".join(lines), encoding="utf-8")
    assert main(["build", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/indicators.yaml:{number + 1}:" in err and "Traceback" not in err
    assert tree_hashes(site_dir / "site") == before
    with pytest.raises(InputError):
        build(site_dir)


def test_content_pages_quote_data_through_the_same_templates(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    infant = next(i for i in luton_yaml["indicators"] if i["id"] == "infant-mortality")
    luton = next(s for s in infant["series"] if s["area"] == "Luton" and s["kind"] == "actual")
    latest = max(luton["values"], key=lambda v: v["period"])
    text = _main_text(luton_site / "site" / "about-this-site" / "index.html")
    assert f"{latest['value']:.1f} per 1,000 live births ({latest['period'].replace('-', '–')})" in text
    assert f"{len(luton_yaml['outcomes'])} priority outcomes" in text


def test_a_content_page_naming_an_unknown_indicator_fails_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    page = site_dir / "content" / "about-this-site.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "", '{{ latest("infant-mortalty") }}', ""]), encoding="utf-8")
    assert main(["build", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert f"content/about-this-site.md:{len(lines) + 2}:" in err and "did you mean 'infant-mortality'" in err


def test_about_page_keeps_each_success_aims_commentary(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    text = _main_text(luton_site / "site" / "about" / "index.html")
    aims = luton_yaml["strategy"]["success_aims"]
    assert len(aims) == 4
    for aim in aims:
        first_sentence = " ".join(aim["commentary"].split()).split(". ")[0]
        assert first_sentence in text, aim["number"]


def test_a_glossary_change_reaches_every_page_but_a_value_change_only_its_own(tmp_path: Path) -> None:
    """The preview rebuilds only changed pages, unless the change shows on every page."""
    site_dir = copy_site(ROOT, tmp_path / "site")
    generate(site_dir)
    change_one_value(site_dir)
    value_change = generate(site_dir)
    assert value_change.report.written and not value_change.site_wide_change
    glossary = site_dir / "data" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert text.count("Joint Strategic Needs Assessment") >= 1
    glossary.write_text(text.replace("Joint Strategic Needs Assessment", "Joint Strategic Needs Review", 1), "utf-8")
    glossary_change = generate(site_dir)
    assert glossary_change.site_wide_change
    assert "Joint Strategic Needs Review" in (site_dir / "build" / "abbreviations.md").read_text(encoding="utf-8")
