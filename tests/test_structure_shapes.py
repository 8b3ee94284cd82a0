"""The shapes a strategy's lists can take (issue 28), each declared in ``lists:`` and built on the same code.

* ``examples/westfield``: two lists side by side — four strategic priorities declared first, then the
  tool's outcomes as four unnumbered "key areas of focus" at /key-areas-of-focus/, and nine "other key
  priorities" that each form part of a key area. Nothing in it is numbered.
* ``tests/fixtures/shapes/ambitions``: numbered ambitions above unnumbered priority areas.
* ``tests/fixtures/shapes/approaches``: numbered priorities beside cross-cutting approaches.
* ``tests/fixtures/shapes/proposal``: a task group's report with actions timed to board meetings, some with
  no board, no progress tracking, and recommendations with whom they are made to and one response.

Every word a test expects is read from the site's own YAML (or the model's defaults), never typed here,
and every check reads the built HTML, as a resident's browser shows it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from generator.build import build
from generator.cli import main
from generator.formats import long_date
from generator.model import BUILT_IN_LISTS, StrategyList, Terms

from .conftest import ROOT, merged_yaml, shared
from .html_text import visible_text, without_expansions

SHAPES_DIR = Path(__file__).parent / "fixtures" / "shapes"
FIXTURES = sorted(p.name for p in SHAPES_DIR.iterdir() if (p / "data").is_dir())
ALL = ["westfield", *FIXTURES]
BASE = "https://example.invalid"


# ---------------------------------------------------------------------------------------------------------------
# The sites, built once for the run
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """One built site: where its data and its HTML are, and its data as plain PyYAML reads it."""

    name: str
    source: Path
    built: Path
    data: dict[str, Any]

    def html(self, url: str) -> str:
        """The HTML of the page at ``url`` ('/', '/timetable/')."""
        return (self.built / "site" / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def page(self, url: str) -> Page:
        return Page.of(url, self.html(url), self.data.get("glossary", []))

    def pages(self) -> Iterator[Page]:
        """Every HTML page of the site but the 'not found' page, which MkDocs serves from any address."""
        root = self.built / "site"
        for path in sorted(root.rglob("index.html")):
            url = "/" + path.parent.relative_to(root).as_posix().strip(".") + "/"
            yield Page.of(url.replace("//", "/"), path.read_text(encoding="utf-8"), self.data.get("glossary", []))


def _built_fixture(name: str) -> Path:
    """A copy of tests/fixtures/shapes/<name> with a mkdocs.yml, built once for the run."""

    def make(folder: Path) -> None:
        shutil.copytree(SHAPES_DIR / name / "data", folder / "data")
        (folder / "mkdocs.yml").write_text(f"site_name: {name}\ntheme:\n  name: material\n", encoding="utf-8")
        build(folder)

    return shared(f"shape-{name}", make)


@pytest.fixture(scope="session", params=ALL)
def shape(request: pytest.FixtureRequest) -> Shape:
    """Each shape in turn: Westfield from examples/ (built by conftest), the others from tests/fixtures/shapes."""
    return _one(request.param, request)


def _one(name: str, request: pytest.FixtureRequest) -> Shape:
    if name == "westfield":
        source, built = ROOT / "examples" / "westfield", request.getfixturevalue("westfield_site")
    else:
        source, built = SHAPES_DIR / name, _built_fixture(name)
    return Shape(name, source, built, merged_yaml(source / "data"))


@pytest.fixture(scope="session")
def westfield(request: pytest.FixtureRequest) -> Shape:
    return _one("westfield", request)


@pytest.fixture(scope="session")
def ambitions(request: pytest.FixtureRequest) -> Shape:
    return _one("ambitions", request)


@pytest.fixture(scope="session")
def proposal(request: pytest.FixtureRequest) -> Shape:
    return _one("proposal", request)


# ---------------------------------------------------------------------------------------------------------------
# Reading a built page: its links, where they sit, and its sections
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Link:
    """One link on a page: where it goes (resolved to a path from the site's root), its words, where it sits."""

    target: str
    text: str
    in_article: bool
    in_ordered_list: bool
    in_menu: bool


class _Links(HTMLParser):
    """Every ``<a href>`` of a page, in order, with whether it sits in the page's text, an ``<ol>`` or the menu."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[Link] = []
        self._article = 0
        self._ol = 0
        self._menu_depth = 0
        self._depth = 0
        self._open: Link | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article":
            self._article += 1
        elif tag == "ol":
            self._ol += 1
        elif tag == "nav":
            self._depth += 1
            if "md-nav--primary" in (found.get("class") or "").split() and not self._menu_depth:
                self._menu_depth = self._depth
        elif tag == "a" and found.get("href") is not None:
            href = found["href"] or ""
            resolved = urlsplit(urljoin(BASE + self.url, href))
            target = resolved.path + (f"#{resolved.fragment}" if resolved.fragment else "")
            self._open = Link(target, "", self._article > 0, self._ol > 0, self._menu_depth > 0)
            self.links.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        elif tag == "ol":
            self._ol -= 1
        elif tag == "nav":
            if self._depth == self._menu_depth:
                self._menu_depth = 0
            self._depth -= 1
        elif tag == "a" and self._open is not None:
            self._open.text = " ".join(self._open.text.split())
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data


@dataclass
class Page:
    """A built page: its address, its HTML, the visible text of its article and every link on it.

    The text and the links' words are read without the expansion the site adds after a glossary term's
    first use ('NHS (National Health Service)'), so they compare with the YAML that wrote them.
    """

    url: str
    html: str
    glossary: list[dict[str, str]] = field(default_factory=list)
    text: str = ""
    links: list[Link] = field(default_factory=list)

    @classmethod
    def of(cls, url: str, html: str, glossary: list[dict[str, str]]) -> Page:
        parser = _Links(url)
        parser.feed(html)
        for link in parser.links:
            link.text = without_expansions(link.text, glossary)
        return cls(url, html, glossary, without_expansions(visible_text(_article(html)), glossary), parser.links)

    @property
    def content_links(self) -> list[Link]:
        return [link for link in self.links if link.in_article]

    def _section_html(self, element_id: str) -> str:
        """The HTML from the heading with this id to the next heading of its level or higher (or the article's end)."""
        article = _article(self.html)
        match = re.search(rf'<h([2-4])[^>]*\bid="{re.escape(element_id)}"', article)
        assert match, f"{self.url} has no heading #{element_id}"
        end = re.compile(rf"<h[2-{match[1]}][\s>]").search(article, match.end())
        return article[match.start() : end.start() if end else len(article)]

    def section(self, element_id: str) -> str:
        """The visible text of the section under the heading with this id, starting with the heading."""
        return without_expansions(visible_text(self._section_html(element_id)), self.glossary)

    def links_in_section(self, element_id: str) -> list[str]:
        """Where the links of that section go."""
        parser = _Links(self.url)
        parser.feed(self._section_html(element_id))
        return [link.target for link in parser.links]


def _article(html: str) -> str:
    """The page's own text: the ``<article>``, without the menu, header and footer around it."""
    start, end = html.find("<article"), html.rfind("</article>")
    assert start >= 0 and end > start
    return html[start : end + len("</article>")]


# ---------------------------------------------------------------------------------------------------------------
# The site's lists as its YAML declares them, worked out from the YAML alone
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredList:
    id: str
    address: str
    singular: str
    plural: str
    numbered: bool
    home: str
    items: list[dict[str, Any]]
    links: list[dict[str, Any]]
    kind: str


def _terms(data: dict[str, Any]) -> dict[str, Any]:
    return {**Terms().model_dump(), **data["strategy"].get("terms", {})}


def _lists(data: dict[str, Any]) -> list[DeclaredList]:
    """The site's lists in the order of ``lists:``, the tool's own lists the data has but does not declare after."""
    terms = _terms(data)
    declared = data.get("lists", [])
    found: list[DeclaredList] = []
    ids = [d["id"] for d in declared]
    if data.get("outcomes") and "outcomes" not in ids:
        declared = [*declared, {"id": "outcomes"}]
    for d in declared:
        if d["id"] == "outcomes":
            if not data.get("outcomes"):
                continue
            found.append(
                DeclaredList(
                    "outcomes",
                    d.get("address", "outcomes"),
                    terms["outcome"],
                    terms["outcomes"],
                    d.get("numbered", True),
                    d.get("home", "items"),
                    data["outcomes"],
                    [],
                    "outcomes",
                )
            )
        elif d["id"] not in BUILT_IN_LISTS:
            found.append(
                DeclaredList(
                    d["id"],
                    d.get("address", d["id"]),
                    d["singular"],
                    d["plural"],
                    d.get("numbered", False),
                    d.get("home", "link"),
                    d.get("items", []),
                    d.get("links", []),
                    d.get("kind", "items"),
                )
            )
    return found


def _short(item: dict[str, Any]) -> str:
    return str(item.get("short_title") or item["title"])


def _item_url(place: DeclaredList, item: dict[str, Any]) -> str:
    """Where an item is read: its own page when it holds measures or actions (outcomes always), else its section."""
    if place.kind == "outcomes" or item.get("measures") or item.get("actions"):
        return f"/{place.address}/{item['id']}/"
    return f"/{place.address}/#{item['id']}"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _list(shape: Shape, list_id: str) -> DeclaredList:
    return next(p for p in _lists(shape.data) if p.id == list_id)


def _meeting_of(when: str | None) -> str | None:
    """The meeting id a ``when`` names ('at june-board'), if it names one."""
    return when[3:].strip() if when and when.startswith("at ") else None


# ---------------------------------------------------------------------------------------------------------------
# Every shape
# ---------------------------------------------------------------------------------------------------------------


def test_each_shape_validates_with_no_problems(shape: Shape, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(shape.source)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("OK: "), out.out
    assert out.err == "", f"validate printed problems for {shape.name}:\n{out.err}"


def test_the_home_page_lists_each_list_in_the_declared_order_at_its_address(shape: Shape) -> None:
    home = shape.page("/")
    on_home = [place for place in _lists(shape.data) if place.home == "items"]
    assert on_home, shape.name
    targets = [link.target for link in home.content_links]
    last = -1
    for place in on_home:
        assert f"Our {len(place.items)} {place.plural}" in home.text, (shape.name, place.plural)
        for item in place.items:
            url = _item_url(place, item)
            assert url in targets, f"{shape.name}: the home page does not link {url}"
            position = targets.index(url)
            assert position > last, f"{shape.name}: {url} is out of the declared order on the home page"
            last = position
            link = home.content_links[position]
            if place.kind != "outcomes" and place.numbered:
                assert link.text == f"{item['number']}. {_short(item)}", link
            else:
                assert link.text == _short(item), link
            if not place.numbered:
                assert not link.in_ordered_list, f"{shape.name}: {url} is numbered by an <ol> on the home page"


def test_lists_shown_as_a_line_are_linked_from_the_home_page(shape: Shape) -> None:
    home = shape.page("/")
    for place in _lists(shape.data):
        if place.home == "link":
            link = next((x for x in home.content_links if x.target == f"/{place.address}/"), None)
            assert link is not None and link.text == f"The {place.plural}", (shape.name, place.id)


def test_the_menu_has_the_lists_in_the_declared_order(shape: Shape) -> None:
    about = shape.page("/about/")
    menu = [link for link in about.links if link.in_menu and "#" not in link.target]
    positions = []
    for place in _lists(shape.data):
        found = [n for n, link in enumerate(menu) if link.target == f"/{place.address}/"]
        assert found, f"{shape.name}: the menu has no link to /{place.address}/"
        assert menu[found[0]].text == _capital(place.plural), menu[found[0]]
        positions.append(found[0])
    assert positions == sorted(positions), f"{shape.name}: the menu's lists are not in the order of lists:"


def test_every_item_is_where_its_list_puts_it(shape: Shape) -> None:
    for place in _lists(shape.data):
        index = shape.page(f"/{place.address}/")
        assert index.text.startswith(_capital(place.plural)), (shape.name, index.text[:80])
        for item in place.items:
            url = _item_url(place, item)
            path, _, anchor = url.partition("#")
            if anchor:
                assert _short(item) in index.section(anchor), (shape.name, url)
            else:
                assert shape.page(path).text.startswith(
                    f"{_capital(place.singular)} {item['number']}: {_short(item)}"
                    if place.numbered and item.get("number") is not None
                    else _short(item)
                ), (shape.name, url)


def test_no_number_is_shown_that_the_document_does_not_give(shape: Shape) -> None:
    """An unnumbered item is never given a number: no '1.' before its name, no 'Outcome 1'."""
    unnumbered = [place for place in _lists(shape.data) if not place.numbered]
    words = {place.singular for place in unnumbered}
    if any(place.kind == "outcomes" for place in unnumbered):
        words.add(Terms().outcome)
    names = [_short(item) for place in unnumbered for item in place.items]
    for page in shape.pages():
        for word in words:
            assert not re.search(rf"(?i)\b{re.escape(word)} \d", page.text), (shape.name, page.url, word)
        for name in names:
            assert not re.search(rf"\d\.\s*{re.escape(name)}", page.text), (shape.name, page.url, name)
        for link in page.content_links:
            assert not (link.in_ordered_list and link.text in names), (shape.name, page.url, link.text)


def test_each_link_between_lists_shows_on_both_sides(shape: Shape) -> None:
    """'Forms part of' on the item, and the list's back_words on each item it links to, each linking the other."""
    places = {place.id: place for place in _lists(shape.data)}
    checked = 0
    for place in places.values():
        for declared in place.links:
            other = places[declared["to"]]
            for item in place.items:
                linked = item.get("links", {}).get(other.id, [])
                if not linked:
                    continue
                here = _item_url(place, item)
                page = shape.page(here.partition("#")[0])
                text = page.section(item["id"]) if "#" in here else page.text
                targets = page.links_in_section(item["id"]) if "#" in here else [x.target for x in page.content_links]
                assert f"{declared['words']}:" in text, (shape.name, here)
                for other_item in (i for i in other.items if i["id"] in linked):
                    assert _item_url(other, other_item) in targets, (shape.name, here, other_item["id"])
                    if declared.get("back_words"):
                        there = _item_url(other, other_item)
                        back = shape.page(there.partition("#")[0])
                        assert f"{declared['back_words']}: " in back.text, (shape.name, there)
                        assert here in [x.target for x in back.content_links], (shape.name, there, here)
                    checked += 1
    if any(place.links for place in places.values()):
        assert checked, shape.name


def test_no_page_says_what_its_premise_does_not_hold(shape: Shape) -> None:
    """No 'No board named' beside an action the document gives no board, no 'Nothing in this … is timed'."""
    for page in shape.pages():
        assert "No board named" not in page.text, (shape.name, page.url)
        assert not re.search(r"Nothing in this \w+ is timed", page.text), (shape.name, page.url)


def test_no_page_is_at_the_tools_own_outcomes_address_unless_the_site_keeps_it(shape: Shape) -> None:
    addresses = {place.address for place in _lists(shape.data)}
    if "outcomes" in addresses:
        return
    assert not (shape.built / "site" / "outcomes").exists(), shape.name
    for page in shape.pages():
        for link in page.links:
            assert not link.target.startswith("/outcomes/"), (shape.name, page.url, link)


# ---------------------------------------------------------------------------------------------------------------
# Westfield: two lists side by side
# ---------------------------------------------------------------------------------------------------------------


def test_westfield_puts_its_strategic_priorities_before_its_key_areas(westfield: Shape) -> None:
    home = westfield.page("/")
    first, second = (place for place in _lists(westfield.data) if place.home == "items")
    assert first.id != "outcomes" and second.id == "outcomes"
    assert second.address != "outcomes" and not second.numbered
    last_of_first = max(home.text.index(_short(item)) for item in first.items)
    first_of_second = min(home.text.index(_short(item)) for item in second.items)
    assert home.text.index(f"Our {len(first.items)} {first.plural}") < last_of_first < first_of_second
    assert all(item.get("number") is None for place in _lists(westfield.data) for item in place.items)


def test_westfields_indicator_says_what_it_measures_and_is_linked_from_it(westfield: Shape) -> None:
    indicators = {i["id"]: i for i in westfield.data["indicators"]}
    measured = 0
    for place in _lists(westfield.data):
        for item in place.items:
            for measure in item.get("measures", []):
                indicator = indicators[measure["indicator"]]
                holder = _item_url(place, item)
                page = westfield.page(f"/indicators/{indicator['id']}/")
                link = next(x for x in page.content_links if x.target == holder)
                assert link.text == _short(item)
                own = westfield.page(holder)
                link = next(x for x in own.content_links if x.target == f"/indicators/{indicator['id']}/")
                assert link.text == indicator["name"]
                measured += 1
    assert measured, "Westfield's example is meant to measure a strategic priority"


def test_westfields_long_term_aims_are_on_the_about_page(westfield: Shape) -> None:
    about = westfield.page("/about/")
    for section in westfield.data["strategy"]["sections"]:
        assert section["title"] in about.section(section["id"])
        for item in section.get("items", []):
            assert item in about.text


# ---------------------------------------------------------------------------------------------------------------
# Ambitions above priority areas
# ---------------------------------------------------------------------------------------------------------------


def test_ambitions_show_the_documents_own_numbers(ambitions: Shape) -> None:
    numbered = [place for place in _lists(ambitions.data) if place.numbered and place.kind != "outcomes"]
    assert numbered
    home = ambitions.page("/")
    for place in numbered:
        index = ambitions.page(f"/{place.address}/")
        for item in place.items:
            shown = f"{item['number']}. {_short(item)}"
            assert shown in home.text and shown in index.section(item["id"]), shown


# ---------------------------------------------------------------------------------------------------------------
# A proposal with actions by meeting and recommendations
# ---------------------------------------------------------------------------------------------------------------


def _timed(data: dict[str, Any]) -> Iterator[tuple[DeclaredList, dict[str, Any], dict[str, Any], str, str]]:
    """Each action or milestone timed to a meeting: (list, item, action, its words, the meeting's id)."""
    for place in _lists(data):
        for item in place.items:
            for action in item.get("actions", []):
                if meeting := _meeting_of(action.get("when")):
                    yield place, item, action, action["text"], meeting
                for milestone in action.get("milestones", []):
                    if meeting := _meeting_of(milestone.get("when")):
                        yield place, item, action, milestone["text"], meeting


def test_the_proposal_is_the_shape_it_is_meant_to_be(proposal: Shape) -> None:
    actions = [a for place in _lists(proposal.data) for item in place.items for a in item.get("actions", [])]
    assert proposal.data["strategy"]["tracks_progress"] is False
    assert any(not a.get("board") for a in actions) and any(a.get("board") for a in actions)
    assert any(a.get("when") and not a.get("milestones") for a in actions)
    assert any(place.kind == "recommendations" for place in _lists(proposal.data))


def test_each_action_timed_to_a_meeting_is_on_the_timetable_under_it(proposal: Shape) -> None:
    timetable = proposal.page("/timetable/")
    meetings = {m["id"]: m for board in proposal.data["boards"] for m in board.get("meetings", [])}
    timed = list(_timed(proposal.data))
    assert timed
    for _place, _item, _action, words, meeting in timed:
        section = timetable.section(meeting)
        assert section.startswith(meetings[meeting]["title"]), section[:80]
        assert words in section, (meeting, words)


def test_the_timetable_names_the_item_each_milestone_is_part_of(proposal: Shape) -> None:
    timetable = proposal.page("/timetable/")
    for place, item, _action, words, meeting in _timed(proposal.data):
        section = timetable.section(meeting)
        assert f"{_short(item)}, " in section, (place.id, item["id"], words)


def test_an_items_page_says_when_each_action_is_due(proposal: Shape) -> None:
    meetings = {m["id"]: m for board in proposal.data["boards"] for m in board.get("meetings", [])}
    for place, item, action, _words, meeting in _timed(proposal.data):
        if action.get("milestones"):
            continue
        page = proposal.page(_item_url(place, item))
        assert meetings[meeting]["title"] in page.section(f"action-{action['id']}"), (item["id"], action["id"])


def test_the_proposal_shows_no_progress(proposal: Shape) -> None:
    """tracks_progress: false — no page gives a milestone a status."""
    no_update = _terms(proposal.data)["no_update"]
    for page in proposal.pages():
        assert no_update not in page.text.lower(), page.url


def test_recommendations_say_to_whom_and_the_response(proposal: Shape) -> None:
    shown = 0
    for place in _lists(proposal.data):
        if place.kind != "recommendations":
            continue
        page = proposal.page(f"/{place.address}/")
        for item in place.items:
            section = page.section(item["id"])
            assert item["to"] in section, item["id"]
            if item.get("response"):
                assert " ".join(item["response"].split()) in section
                assert long_date(item["response_date"]) in section
                shown += 1
    assert shown == 1


# ---------------------------------------------------------------------------------------------------------------
# DATA.md's "Which shape is your strategy?": each declaration shown is the one its named site is built from
# ---------------------------------------------------------------------------------------------------------------

SHAPE_BLOCK = re.compile(r"<!-- shape: (\S+) -->\n```yaml\n(.*?)```", re.S)
SHAPE_BLOCKS = SHAPE_BLOCK.findall((ROOT / "DATA.md").read_text(encoding="utf-8"))


def test_data_md_shows_every_shape() -> None:
    named = {Path(site).name for site, _body in SHAPE_BLOCKS}
    assert named == set(ALL)


def _is_part_of(shown: Any, full: Any) -> bool:
    """Whether what DATA.md shows is part of the site's data: each key it gives has the site's value, and a list
    shows some of the site's entries (by id, or the first ones)."""
    if isinstance(shown, dict) and isinstance(full, dict):
        return all(key in full and _is_part_of(value, full[key]) for key, value in shown.items())
    if isinstance(shown, list) and isinstance(full, list):
        if all(isinstance(entry, dict) and "id" in entry for entry in shown):
            by_id = {entry.get("id"): entry for entry in full if isinstance(entry, dict)}
            return all(entry["id"] in by_id and _is_part_of(entry, by_id[entry["id"]]) for entry in shown)
        return len(shown) <= len(full) and all(_is_part_of(a, b) for a, b in zip(shown, full, strict=False))
    return bool(shown == full)


@pytest.mark.parametrize(("site", "body"), SHAPE_BLOCKS, ids=[site for site, _body in SHAPE_BLOCKS])
def test_each_shape_in_data_md_is_what_its_site_declares(site: str, body: str) -> None:
    shown = yaml.safe_load(body)["lists"]
    for declaration in shown:
        StrategyList.model_validate(declaration)
    declared = merged_yaml(ROOT / site / "data")["lists"]
    assert [d["id"] for d in shown] == [d["id"] for d in declared], site
    for mine, theirs in zip(shown, declared, strict=True):
        assert _is_part_of(mine, theirs), (site, mine["id"])
