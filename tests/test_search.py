"""Search holds the words residents type.

What the built search index holds (no browser): ampersands as typed, no editors' pages,
and answering pages weighted above pages that list them. The glossary's words people
search with are in test_search_words.py; the queries typed into the search box in a
browser are in test_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.mkdocs_joint import readable_ampersands

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def _index(site_dir: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site_dir / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


# --- what the index holds -------------------------------------------------------------------


def test_ampersands_are_written_back_wherever_a_bare_one_is_still_plain_text() -> None:
    assert readable_ampersands("Is A&amp;E for me?") == "Is A&E for me?"
    assert readable_ampersands("health &amp; social care") == "health & social care"
    # these would read as characters if the ampersand were bare: they stay escaped
    for kept in ("&amp;lt;script&amp;gt;", "A&amp;ETH", "&amp;#39;", "&amp;amp;"):
        assert readable_ampersands(kept) == kept
    assert readable_ampersands("&lt;b&gt;") == "&lt;b&gt;"


def test_the_index_holds_a_and_e_as_one_word_on_the_urgent_care_programme(luton_site: Path) -> None:
    index = _index(luton_site)
    raw = json.dumps(index)
    assert "A&amp;E" not in raw
    separator = re.compile(index["config"]["separator"])
    pages = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if "a&e" in {word.lower() for word in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))}
    }
    assert "plans/five-year-strategy/transforming-urgent-care/" in pages
    # punctuation around a word is not part of it
    assert separator.split("(A&E), casualty.") == ["", "A&E", "casualty", ""]


def test_editors_pages_are_not_indexed_and_answering_pages_outweigh_lists(luton_site: Path) -> None:
    docs = _index(luton_site)["docs"]
    assert not (luton_site / "site" / "open-questions").exists()  # editors' notes are in build/report/
    assert not [d for d in docs if d["location"].startswith("open-questions/")]
    boost = {d["location"]: d.get("boost", 1.0) for d in docs if "#" not in d["location"]}
    listing = ["glossary/", "jsna/", "related-strategies/", "progress/", "indicators/", "outcomes/"]
    answering = [p for p in boost if p.startswith(("outcomes/", "indicators/", "plans/")) and p not in listing]
    answering.append("governance/")
    assert len(answering) > 20
    assert min(boost[p] for p in answering) > max(boost[p] for p in listing), boost


# --- the words people search with (also_called): how they are checked -----------------------
# (where they go and what search does with them: test_search_words.py)


def _glossary_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str], also_called: str) -> str:
    """Give the minimal site's last glossary term an ``also_called`` line; the problem reported at that line."""
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    for path in (MINIMAL / "data").iterdir():
        (site / "data" / path.name).write_bytes(path.read_bytes())
    glossary = site / "data" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    marker = "    expansion: Public Health Outcomes Framework\n"
    glossary.write_text(text.replace(marker, f"{marker}    also_called: {also_called}\n"), "utf-8")
    line = text[: text.index(marker)].count("\n") + 2
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    return next(problem for problem in err.splitlines() if problem.startswith(f"data/glossary.yaml:{line}: "))


def test_also_called_must_be_a_list_of_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "also_called" in _glossary_fails(tmp_path, capsys, "public health indicators")


def test_a_word_listed_twice_is_reported_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "'Indicators' is listed twice" in _glossary_fails(tmp_path, capsys, "[indicators, Indicators]")


def test_resident_queries_cover_every_outcome_indicator_plan_and_governance(luton_site: Path) -> None:
    from .resident_queries import QUERIES

    site = luton_site / "site"
    built = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")}
    # each outcome, each indicator with a page (the headline indicators), each plan, and governance
    must = {p for p in built if p.count("/") == 2 and p.startswith(("outcomes/", "indicators/", "plans/"))}
    answered = {page for _query, answers in QUERIES for page in answers}
    assert len(QUERIES) >= 25 and len(must) >= 17
    assert must | {"governance/"} <= answered
    assert answered <= built
