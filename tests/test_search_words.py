"""The words people search with (a glossary term's ``also_called``): on the glossary, in the search index, nowhere else.

They are the everyday words residents type ("baby deaths"), not names the strategy gives
a term ("infant mortality"), so no page says a term is "also called" them: the glossary
lists them under "Words people search with", and the search index finds the pages that
use a term by them. The queries typed into the search box are in test_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

HEADING = "Words people search with"
FIELD = "search_words"


def _searched(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The glossary terms that have words people search with."""
    return [entry for entry in data["glossary"] if entry.get("also_called")]


def _visible(text: str) -> str:
    """HTML as a reader sees it: tags gone, characters as written, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _article(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]


def _index(site_dir: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site_dir / "site" / "search" / "search_index.json").read_text("utf-8"))
    return index


def _entries_by_page(index: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each page's entries in the index, opening section first, as the search plugin wrote them."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in index["docs"]:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    return pages


def _names(text: str, entry: dict[str, Any]) -> bool:
    """Whether the text names the term exactly as written, or its expansion in any case."""
    term = rf"(?<![\w&]){re.escape(entry['term'])}(?![\w&])"
    expansion = rf"(?<![\w&]){re.escape(entry['expansion'])}(?![\w&])"
    return re.search(term, text) is not None or re.search(expansion, text, re.IGNORECASE) is not None


class _Tables(HTMLParser):
    """The rows of every table on a page, each a list of its cells' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


# --- on the pages ---------------------------------------------------------------------------


def test_no_page_but_the_glossary_says_a_term_is_also_called_its_search_words(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    """No sentence on a page, nor in a search result's preview, gives a search word as another name.

    "Also called" is looked for sentence by sentence: a document's own note ("Also called
    the CYPP.") is the data's words about that document, not a search word.
    """
    words = {word for entry in _searched(luton_yaml) for word in entry["also_called"]}
    assert len(words) >= 20

    def claims(where: str, text: str) -> list[str]:
        return [
            f"{where}: also called{sentence}"
            for sentence in re.findall(r"also called([^.]*)", text, re.IGNORECASE)
            if any(re.search(rf"(?<![\w&]){re.escape(word)}(?![\w&])", sentence, re.IGNORECASE) for word in words)
        ]

    site = luton_site / "site"
    pages = [page for page in sorted(site.rglob("index.html")) if page.parent != site / "glossary"]
    assert len(pages) > 30
    found = [claim for page in pages for claim in claims(str(page.relative_to(site)), _visible(_article(page)))]
    for doc in _index(luton_site)["docs"]:
        if not doc["location"].startswith("glossary/"):
            found += claims(doc["location"], _visible(doc["title"] + ". " + doc["text"]))
    assert not found, found[:10]


def test_the_glossary_lists_each_terms_words_under_words_people_search_with(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    page = luton_site / "site" / "glossary" / "index.html"
    parser = _Tables()
    parser.feed(_article(page))
    header, *rows = parser.rows
    assert HEADING in header, header
    column = header.index(HEADING)
    by_term = {row[0]: row for row in rows}
    assert len(_searched(luton_yaml)) >= 10
    for entry in luton_yaml["glossary"]:
        assert by_term[entry["term"]][column] == ", ".join(entry.get("also_called", [])), entry["term"]
    assert "also called:" not in _visible(_article(page)).lower()  # words people search with, not other names


# --- in the search index --------------------------------------------------------------------


def test_the_search_index_finds_a_page_by_the_words_of_a_term_it_uses(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    """A page that uses a term is found by the term's words, placed in its section that first names it."""
    index = _index(luton_site)
    assert index["config"]["fields"][FIELD]["boost"] > 0  # the theme searches every field the index lists
    pages = _entries_by_page(index)
    infant = next(entry for entry in luton_yaml["glossary"] if entry["term"] == "Infant mortality")
    opening = pages["indicators/infant-mortality/"][0]  # the term is the page's title
    assert set(infant["also_called"]) <= set(opening.get(FIELD, [])), opening.get(FIELD)
    shown = " ".join(_visible(doc["title"] + " " + doc["text"]) for doc in pages["indicators/infant-mortality/"])
    assert [word for word in infant["also_called"] if word.lower() not in shown.lower()], (
        "found by words it does not show"
    )

    placed = 0
    for entry in _searched(luton_yaml):
        for page, docs in pages.items():
            first = next(
                (i for i, doc in enumerate(docs) if _names(_visible(doc["title"] + " " + doc["text"]), entry)), None
            )
            if page == "glossary/" or first is None:
                continue
            given = {word for doc in docs[: first + 1] for word in doc.get(FIELD, [])}
            assert set(entry["also_called"]) <= given, (page, entry["term"])
            placed += 1
    assert placed > 40
    assert not [doc for doc in pages["glossary/"] if FIELD in doc]  # the glossary shows every word already


# --- where the words go (no build) ----------------------------------------------------------


def _term(term: str, expansion: str, *also: str) -> Any:
    from generator.model import GlossaryTerm

    return GlossaryTerm.model_validate({"term": term, "expansion": expansion, "also_called": list(also)})


def _glossary() -> list[Any]:
    return [
        _term("GP", "General Practitioner", "doctor", "family doctor"),
        _term("Infant mortality", "Deaths of babies before their first birthday", "baby deaths"),
        _term("Social care", "Help with everyday living", "care at home"),
        _term("Primary care", "The first place people go for health care", "family doctor"),
        _term("JSNA", "Joint Strategic Needs Assessment"),
    ]


def test_a_terms_words_go_to_the_first_section_that_names_it() -> None:
    from generator.words import placed

    glossary = _glossary()
    sections = [
        "Infant mortality\nHow many babies die.",
        'Services\nSee your <abbr title="General Practitioner">GP</abbr>. GPs refer to the JSNA and primary care.',
        "More\nGP again; social care and the Health and Social Care System.",
    ]
    assert placed(sections, glossary) == [["baby deaths"], ["doctor", "family doctor"], ["care at home"]]
    # 'gp' is not GP, and 'Social Care' in a name is not social care
    named_later = ["Title\nThe gp said: Health and Social Care System.", "Part\nA GP and social care."]
    assert placed(named_later, [glossary[0], glossary[2]]) == [[], ["doctor", "family doctor", "care at home"]]
    # a term the index leaves out (in no section) still finds the page: its words go to the opening section
    assert placed(["Title\nNothing here.", "Part\nNor here."], glossary[:1]) == [["doctor", "family doctor"], []]
    assert placed([], glossary) == []


def test_a_pages_terms_are_in_its_front_matter_as_data_and_nothing_is_added_to_the_page() -> None:
    from generator.words import terms_in_front_matter, with_search_words

    glossary = [*_glossary(), _term("HWB", "Health and Wellbeing Board", "<script>x()</script>", 'say "hi": #1')]
    page = "---\nsearch:\n  boost: 2\n---\n# Infant mortality\n\nThe HWB meets; see your GP.\n"
    out = with_search_words(page, "indicators/infant-mortality.md", glossary)
    front, body = out.removeprefix("---\n").split("---\n", 1)
    assert body == page.split("---\n", 2)[2]  # the page itself is as it was
    meta = yaml.safe_load(front)
    assert meta["search"] == {"boost": 2}
    assert [term.term for term in terms_in_front_matter(meta)] == ["GP", "Infant mortality", "HWB"]
    assert terms_in_front_matter(meta)[2].also_called == ["<script>x()</script>", 'say "hi": #1']
    assert with_search_words(page, "glossary.md", glossary) == page  # it shows every word itself
    assert with_search_words("# Title\n\nThe gp said so.\n", "x.md", glossary) == "# Title\n\nThe gp said so.\n"
    assert with_search_words("# GP\n", "x.md", glossary).startswith("---\nsearch_words:\n- term: GP\n")


def test_the_index_gets_a_field_of_its_own_for_the_words() -> None:
    from generator.mkdocs_joint import with_search_words

    docs = [
        {"location": "a/", "title": "Infant mortality", "text": "<p>How many babies die.</p>"},
        {"location": "a/#more", "title": "More", "text": "<p>See your GP.</p>"},
        {"location": "b/", "title": "Other", "text": "<p>GP</p>"},
    ]
    index: dict[str, Any] = {"config": {"fields": {"title": {"boost": 10}, "text": {"boost": 1}}}, "docs": docs}
    out = with_search_words(index, {"a/": _glossary()[:2]})
    assert [doc.get("search_words") for doc in out["docs"]] == [["baby deaths"], ["doctor", "family doctor"], None]
    assert out["config"]["fields"]["search_words"] == {"boost": 1.0}
    assert [doc["text"] for doc in out["docs"]][1] == "<p>See your GP.</p>"  # what a result shows is unchanged
    tuned: dict[str, Any] = {"config": {"fields": {"search_words": {"boost": 3}}}, "docs": [dict(docs[0])]}
    assert with_search_words(tuned, {"a/": _glossary()[1:2]})["config"]["fields"]["search_words"] == {"boost": 3}
