"""Text from YAML stays text everywhere it lands, not only in a page's article.

Vectors go into one-line fields that reach the theme itself — the menu, ``<title>``, the
header and footer, breadcrumbs and the search index — as well as file names (a
breakdown names a chart file) and a hand-written page. After a real build every file
under ``site/`` is read: every HTML document whole, the search index's titles and texts
as the HTML the search box shows them as, the sitemap as XML, and the downloads.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build

from .conftest import ROOT, copy_site
from .html_text import visible_text

# One line each: these fields refuse line breaks.
LINE_VECTORS = [
    "</title><img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '{: onclick="alert(3)" }',
    '"><svg onload=alert(4)>',
    "[a](javascript:alert(5))",
    "*[HTML]: <b onmouseover=alert(6)>",
    "{{ 7*7 }}",
    "&lt;img src=x onerror=alert(8)&gt;",
]


def _line(field: str) -> str:
    return " ".join(f"Zq{field}V{n}i says {vector}" for n, vector in enumerate(LINE_VECTORS))


def _edit(site_dir: Path, file: str, change: Any) -> None:
    path = site_dir / "data" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def _breakdown(data: dict[str, Any]) -> None:
    indicator = next(i for i in data["indicators"] if i["id"] == "life-expectancy-birth")
    for series in indicator["series"]:
        if series.get("breakdown") == "male":
            series["breakdown"] = _line("Breakdown")


FIELDS: dict[str, tuple[str, Any]] = {
    "ShortTitle": ("plan-bcf.yaml", lambda d: d["plans"][0].update(short_title=_line("ShortTitle"))),
    "PlanTitle": ("plan-five-year.yaml", lambda d: d["plans"][0].update(title=_line("PlanTitle"))),
    "ProgrammeName": (
        "plan-five-year.yaml",
        lambda d: d["plans"][0]["programmes"][0].update(name=_line("ProgrammeName")),
    ),
    "IndicatorName": ("indicators.yaml", lambda d: d["indicators"][0].update(name=_line("IndicatorName"))),
    "OutcomeTitle": ("outcomes.yaml", lambda d: d["outcomes"][0].update(title=_line("OutcomeTitle"))),
    "DocumentTitle": ("documents.yaml", lambda d: d["documents"][0].update(title=_line("DocumentTitle"))),
    "Term": ("strategy.yaml", lambda d: d["strategy"].setdefault("terms", {}).update(boards=_line("Term"))),
    "Breakdown": ("indicators.yaml", _breakdown),
}


# the ambitions that name the breakdown follow it
def _ambition_breakdown(data: dict[str, Any]) -> None:
    for ambition in data["ambitions"]:
        if ambition.get("indicator") == "life-expectancy-birth" and ambition.get("breakdown") == "male":
            ambition["breakdown"] = _line("Breakdown")


OTHER_EDITS = [("ambitions.yaml", _ambition_breakdown)]

DESCRIPTION = 'ZqDescription says </title><img src=x onerror=alert(1)> "><svg onload=alert(4)> & more'
CONTENT_PAGE = f"""---
description: '{DESCRIPTION.replace("'", "''")}'
---
# {_line("ContentTitle")}

{_line("ContentBody")}
"""

_ATTRIBUTE_URL = re.compile(r"(?i)^\s*(javascript|vbscript|data):")


class _Document(HTMLParser):
    """Every element and attribute of a whole HTML document, and the text of its <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.title: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._in = tag if tag in ("script", "title") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "title":
            self.title.append(data)


def _dangers(where: str, html: str) -> list[str]:
    document = _Document()
    document.feed(html)
    found = []
    for tag, attrs in document.elements:
        if tag in {"iframe", "object", "embed"}:
            found.append(f"{where}: <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}=…>")
            if name in {"href", "src", "action", "xlink:href"} and _ATTRIBUTE_URL.match(value or ""):
                found.append(f"{where}: <{tag} {name}={value!r}>")
    found += [f"{where}: script from data" for script in document.scripts if "alert(" in script]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = copy_site(ROOT, tmp_path_factory.mktemp("everywhere"))
    for file, change in [*FIELDS.values(), *OTHER_EDITS]:
        _edit(site_dir, file, change)
    (site_dir / "content" / "vectors.md").write_text(CONTENT_PAGE, encoding="utf-8")
    build(site_dir)
    return site_dir


def test_no_file_of_the_site_runs_anything_from_data(built: Path) -> None:
    problems: list[str] = []
    files = sorted(p for p in (built / "site").rglob("*") if p.is_file())
    for path in files:
        where = path.relative_to(built).as_posix()
        if path.suffix == ".html":
            problems += _dangers(where, path.read_text(encoding="utf-8"))
        elif path.name == "search_index.json":
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                problems += _dangers(f"{where} {doc['location']}", doc["title"] + doc["text"])
        elif path.suffix == ".xml":
            ElementTree.parse(path)  # data cannot break the sitemap's XML
        elif path.suffix == ".svg":
            for element in ElementTree.parse(path).iter():
                assert not element.tag.endswith(("script", "foreignObject")), where
                assert not any(name.startswith("on") for name in element.attrib), where
    problems += _dangers("editors-report.html", (built / "build/report/editors-report.html").read_text("utf-8"))
    assert len(files) > 50
    assert not problems, "\n".join(problems[:40])


def test_every_vector_in_a_title_shows_as_written_in_the_menu_title_and_page(built: Path) -> None:
    pages = sorted((built / "site").rglob("*.html"))
    # Asterisks are Markdown an editor may use (emphasis), so they are left out when compared.
    text = " ".join(visible_text(page.read_text(encoding="utf-8")) for page in pages).replace("*", "")
    missing = [
        f"{field} vector {n}: {vector!r}"
        for field in FIELDS
        for n, vector in enumerate(LINE_VECTORS)
        if f"Zq{field}V{n}i says {vector}".replace("*", "") not in text
    ]
    assert not missing, "\n".join(missing)
    # The indicator's page title holds the whole name as text: nothing broke out of <title>.
    page = (
        built
        / "site"
        / "indicators"
        / yaml.safe_load((ROOT / "data/indicators.yaml").read_text())["indicators"][0]["id"]
    )
    document = _Document()
    document.feed((page / "index.html").read_text(encoding="utf-8"))
    assert "".join(document.title).replace("*", "").startswith(_line("IndicatorName").replace("*", "")), document.title
    # The menu (in every page's <nav>) shows the plan's short title as written.
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;" in home


def test_a_breakdown_names_its_chart_file_by_a_slug(built: Path) -> None:
    charts = [p.name for p in (built / "site" / "indicators").rglob("*.svg")]
    mine = [name for name in charts if name.startswith("life-expectancy-birth--")]
    assert mine and all(re.fullmatch(r"[a-z0-9-]+\.svg", name) for name in mine), mine


def test_the_content_page_description_is_escaped_in_its_meta_tag(built: Path) -> None:
    html = (built / "site" / "vectors" / "index.html").read_text(encoding="utf-8")
    document = _Document()
    document.feed(html)
    descriptions = [dict(attrs).get("content") for tag, attrs in document.elements if tag == "meta"]
    assert DESCRIPTION in descriptions


def test_downloads_are_data_and_csv_cells_cannot_start_a_formula(built: Path) -> None:
    data = json.loads((built / "site/downloads/data.json").read_text(encoding="utf-8"))
    assert any(indicator["name"] == _line("IndicatorName") for indicator in data["indicators"])
    rows = list(csv.DictReader(io.StringIO((built / "site/downloads/data.csv").read_text(encoding="utf-8"))))
    for row in rows:
        for column, cell in row.items():
            if column != "value":
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
