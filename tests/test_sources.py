"""The sources page lists every document the data holds, and pages name the documents they come from."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.build import generate

from .conftest import ROOT, copy_site


def _unescaped_source(page: Path) -> str:
    """The page's HTML source with its entities decoded: markup kept, for checks on ids, links and tags."""
    return html.unescape(page.read_text(encoding="utf-8"))


def test_the_sources_page_lists_every_document_with_its_link(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    page = _unescaped_source(luton_site / "site" / "sources" / "index.html")
    documents = luton_yaml["documents"]
    assert isinstance(documents, list) and documents
    for document in documents:
        assert f'id="{document["id"]}"' in page, document["id"]
        assert " ".join(document["title"].split()) in page
        if document.get("link"):
            assert f'href="{html.unescape(document["link"])}"' in page or document["link"] in page
    with_links = [d for d in documents if d.get("link")]
    assert page.count("Read ") >= len(with_links)
    home = _unescaped_source(luton_site / "site" / "index.html")
    assert 'href="sources/"' in home  # in the menu
    main = home[home.index('<article class="md-content__inner') : home.index("</article>")]
    assert '<a href="sources/">Where this comes from</a>' in main  # and in what the home page says the site holds


def test_outcome_plan_and_indicator_pages_name_their_sources(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    strategy = luton_yaml["strategy"]
    documents = {d["id"]: d for d in luton_yaml["documents"]}
    source = documents[strategy["source"]]
    outcome = luton_yaml["outcomes"][0]
    page = _unescaped_source(luton_site / "site" / "outcomes" / outcome["id"] / "index.html")
    assert re.search(rf'Source: <a href="../../sources/#{source["id"]}">{re.escape(source["title"])}</a>', page)
    plan = luton_yaml["plans"][0]
    plan_page = _unescaped_source(luton_site / "site" / "plans" / plan["id"] / "index.html")
    assert f'href="../../sources/#{plan["document"]}"' in plan_page


def test_document_date_and_status_are_shown(tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    path = site / "data" / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["documents"][0]["date"] = "2014-03-31"
    data["documents"][0]["status"] = "consultation draft"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    generate(site)
    page = (site / "build" / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "Dated: **31 March 2014**. Status: **consultation draft**." in page  # a day reads in words


def test_a_site_without_documents_has_no_sources_page_and_no_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal" / "data", site / "data")
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    for path in (site / "data").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data.pop("documents", None)
        for outcome in data.get("outcomes", []):
            outcome.pop("strategic_links", None)
        if isinstance(data.get("strategy"), dict):
            data["strategy"].pop("source", None)
        for indicator in data.get("indicators", []):
            for series in indicator.get("series", []):
                series.pop("source", None)
                for value in series.get("values", []):
                    value.pop("source", None)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = generate(site)
    assert "sources.md" not in {page.path for page in result.pages}
    docs = site / "build" / "docs"
    assert not any("sources.md" in p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    assert "sources.md" not in (site / "build" / "mkdocs.yml").read_text(encoding="utf-8")
