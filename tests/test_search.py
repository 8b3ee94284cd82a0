"""Search holds the words residents type, and finds pages by the other names of their terms.

What the built search index holds (no browser): ampersands as typed, no editors' pages,
answering pages weighted above pages that list them, and every other name that makes a
page findable written on the page itself. The queries typed into the search box in a
browser are in test_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.mkdocs_joint import readable_ampersands
from generator.model import GlossaryTerm
from generator.words import with_words_used

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def _index(site_dir: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site_dir / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


def _page_text(site_dir: Path, location: str) -> str:
    """The words of a built page's article, as a reader sees them."""
    path = site_dir / "site" / location.split("#")[0] / "index.html"
    article = path.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def _glossary(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for entry in data["glossary"] if entry.get("also_called")]


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


# --- other names: on the glossary and on the pages that use the term ------------------------


def test_the_glossary_shows_each_terms_other_names(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    text = _page_text(luton_site, "glossary/")
    entries = _glossary(luton_yaml)
    assert len(entries) >= 10
    for entry in entries:
        assert f"Also called: {', '.join(entry['also_called'])}." in text, entry["term"]


def test_pages_are_found_by_other_names_they_show(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    """Each "X is also called …" in the index names a glossary term, with its words, and is on the page."""
    by_name = {}
    for entry in _glossary(luton_yaml):
        by_name[entry["term"]] = by_name[entry["expansion"]] = entry
    infant = by_name["Infant mortality"]
    shown = _page_text(luton_site, "indicators/infant-mortality/")
    assert f"Infant mortality is also called {', '.join(infant['also_called'][:-1])}" in shown
    pages: set[str] = set()
    for doc in _index(luton_site)["docs"]:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", doc["text"])).split())
        for name, entry in by_name.items():
            for words in re.findall(rf"(?<![\w&]){re.escape(name)} (?:is|are) also called (.+?)\.(?= |$)", text):
                *first, last = entry["also_called"]
                assert words == (f"{', '.join(first)} or {last}" if first else last), (doc["location"], name)
                page = _page_text(luton_site, doc["location"])
                assert f"{name} {'are' if name.endswith('s') else 'is'} also called {words}." in page, doc["location"]
                pages.add(doc["location"].split("#")[0])
    assert len(pages) > 15, pages


# --- where the other names go -----------------------------------------------------------------


def _term(term: str, expansion: str, *also: str) -> GlossaryTerm:
    return GlossaryTerm.model_validate({"term": term, "expansion": expansion, "also_called": list(also)})


GLOSSARY = [
    _term("GP", "General Practitioner", "doctor", "family doctor"),
    _term("Infant mortality", "Deaths of babies before their first birthday", "baby deaths"),
    _term("Social care", "Help with everyday living", "care at home"),
    _term("JSNA", "Joint Strategic Needs Assessment"),
]


def test_a_term_in_the_title_is_named_under_it_and_others_where_first_used() -> None:
    page = (
        "---\nsearch:\n  boost: 2\n---\n# Infant mortality\n\nHow many babies die.\n\n"
        "## Services\n\nSee your GP or a general practitioner. GPs refer to the JSNA.\n\n"
        "## More\n\nGP again; social care and the Health and Social Care System.\n"
    )
    out = with_words_used(page, "indicators/infant-mortality.md", GLOSSARY)
    assert out.startswith("---\nsearch:\n  boost: 2\n---\n# Infant mortality\n\n**Infant mortality** is also called")
    services, more = out.split("## Services")[1].split("## More")
    assert services.rstrip().endswith("**GP** is also called doctor or family doctor.")
    assert "doctor" not in more  # named once, where first used
    assert more.rstrip().endswith("**Social care** is also called care at home.")
    assert "JSNA** is" not in out  # no other names, nothing to add
    assert with_words_used(page, "glossary.md", GLOSSARY) == page


def test_terms_are_matched_as_written_and_text_from_yaml_stays_inert() -> None:
    page = "# Title\n\nThe gp said: Health and Social Care System.\n"
    assert with_words_used(page, "x.md", GLOSSARY) == page  # 'gp' is not GP; 'Social Care' is a name
    unsafe = [_term("HWB", "Health and Wellbeing Board", "<script>x()</script>")]
    out = with_words_used("# Title\n\nThe HWB meets.\n", "x.md", unsafe)
    assert "<script>" not in out and "&lt;script&gt;x()&lt;/script&gt;" in out


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
