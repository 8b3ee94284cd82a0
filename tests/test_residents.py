"""Pages written for residents: short menu labels, a home page that says what the strategy is
for and whom to ask, boards' ways in, an accessibility statement with a contact and known
problems, and a measure that always leads somewhere. Every test reads the built HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build
from generator.names import MENU_WORD_LIMIT
from generator.periods import parse_period
from generator.standing import build_day
from generator.validate import load_site

from .conftest import ROOT, copy_site
from .html_text import visible_text, without_expansions


class _Nav(HTMLParser):
    """The labels of the site menu's links to pages, leaving out each page's own contents list."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: list[str] = []
        self.labels: list[str] = []
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav":
            self.navs.append(classes)
        primary = any("md-nav--primary" in n for n in self.navs)
        in_menu = primary and not any("md-nav--secondary" in n for n in self.navs)
        if in_menu and tag == "span" and "md-ellipsis" in classes:
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.navs:
            self.navs.pop()
        if tag == "span" and self._label is not None:
            self.labels.append(" ".join("".join(self._label).split()))
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)


def menu_labels(site_dir: Path) -> dict[str, str]:
    """Every menu label on every page, with a page it is on."""
    found: dict[str, str] = {}
    for page in sorted((site_dir / "site").rglob("index.html")):
        parser = _Nav()
        parser.feed(page.read_text(encoding="utf-8"))
        for label in parser.labels:
            found.setdefault(label, page.relative_to(site_dir).as_posix())
    return found


def _main(site_dir: Path, page: str) -> str:
    html = (site_dir / "site" / page).read_text(encoding="utf-8")
    return html[html.index('<article class="md-content__inner'):]


def _paragraphs(html: str) -> list[str]:
    return [visible_text(p) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]


@pytest.mark.parametrize("site", ["luton_site", "leicestershire_site"])
def test_no_menu_label_is_longer_than_the_limit(site: str, request: pytest.FixtureRequest) -> None:
    labels = menu_labels(request.getfixturevalue(site))
    assert len(labels) > 10  # the parser found the menu
    long = {label: page for label, page in labels.items() if len(label.split()) > MENU_WORD_LIMIT}
    assert long == {}


def test_menu_uses_the_short_title_and_the_page_keeps_the_full_wording(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    outcome = next(o for o in luton_yaml["outcomes"] if o.get("short_title"))
    assert outcome["short_title"] in menu_labels(luton_site)
    page = visible_text(_main(luton_site, f"outcomes/{outcome['id']}/index.html"))
    assert f"Outcome {outcome['number']}: {outcome['short_title']}" in page
    assert " ".join(outcome["title"].split()) in page


def test_priority_headings_are_names_not_bare_numbers(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    outcome = luton_yaml["outcomes"][2]
    html = _main(luton_site, f"outcomes/{outcome['id']}/index.html")
    headings = [visible_text(h) for h in re.findall(r"<h3[^>]*>(.*?)</h3>", html, re.S)]
    label = luton_yaml["strategy"]["terms"]["objective_label"]
    for priority in outcome["priorities"]:
        assert f"{label} {priority['id']}: {priority['short_title']}" in headings
    assert not any(re.fullmatch(rf"{label} \d+\.\d+", h) for h in headings)


def test_milestone_links_name_the_priority(leicestershire_site: Path, leicestershire_yaml: dict[str, Any]) -> None:
    shorts = {o["short_title"] for o in leicestershire_yaml["outcomes"]}
    html = _main(leicestershire_site, "milestones/index.html")
    labels = re.findall(r'<a href="\.\./outcomes/[a-z-]+/#action-\d+">([^<]*)</a>', html)
    assert len(labels) >= 20
    assert all(label.split(", action ")[0] in shorts for label in labels), labels
    assert not re.search(r"priority \d, action", visible_text(html))


def test_luton_home_opens_with_summary_and_period_and_claims_nothing_of_a_contact(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    """The data gives no contact: the page says nothing of one, rather than that the council has none."""
    strategy = luton_yaml["strategy"]
    assert "contact" not in strategy
    first = _paragraphs(_main(luton_site, "index.html"))[:3]
    assert without_expansions(first[0], luton_yaml["glossary"]) == " ".join(strategy["resident_summary"].split())
    start, end = strategy["period"].split("-")
    ran = "ran" if parse_period(strategy["period"]).end < build_day() else "runs"
    assert first[1].startswith(f"When it {ran}: {start}–{end}.")
    text = visible_text(_main(luton_site, "index.html"))
    assert "has not published" not in text and "Have your say" not in text


def test_the_introduction_is_on_the_about_page_only(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    introduction = luton_yaml["strategy"]["sections"][0]["body"].split("\n\n")[0]
    words = " ".join(introduction.split())
    assert words in visible_text(_main(luton_site, "about/index.html"))
    assert words not in visible_text(_main(luton_site, "index.html"))


@pytest.mark.parametrize("site", ["luton_site", "leicestershire_site"])
def test_every_measure_links_to_its_figures_or_says_there_are_none(site: str, request: pytest.FixtureRequest) -> None:
    site_dir = request.getfixturevalue(site)
    data = yaml.safe_load((site_dir / "data" / "strategy.yaml").read_text(encoding="utf-8"))["strategy"]
    heading = data.get("terms", {}).get("measures", "How we will measure success")
    checked = 0
    for page in sorted((site_dir / "site" / "outcomes").glob("*/index.html")):
        html = _main(site_dir, page.relative_to(site_dir / "site").as_posix())
        parts = re.split(rf">{re.escape(heading)}<a class=\"headerlink\".*?</h2>", html, maxsplit=1)
        if len(parts) == 1:
            continue
        section = parts[1].split("<h2", 1)[0]
        for item in re.findall(r"<li>(.*?)</li>", section, re.S):
            checked += 1
            linked = re.search(r'href="\.\./\.\./indicators/[a-z0-9-]+/"', item)
            # or the figure "What we know" states for it, with its date
            stated = re.search(r'href="[^"]*#what-we-know"', item)
            assert linked or stated or "no published figure yet" in visible_text(item), visible_text(item)
    assert checked >= 10


def test_outcome_3_links_quality_of_life_for_long_term_conditions(luton_site: Path) -> None:
    html = _main(luton_site, "outcomes/healthier-independent-adults/index.html")
    assert re.search(
        r'<a href="\.\./\.\./indicators/health-related-quality-of-life-ltc/">[^<]*long-term conditions</a>', html
    )
    assert not re.search(r"long-term conditions: no published figure yet", visible_text(html))


def test_accessibility_statement_follows_the_gov_uk_sample(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    html = _main(luton_site, "accessibility/index.html")
    headings = [visible_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    wanted = [
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Non-accessible content",
        "How we tested this website",
    ]
    assert [h for h in headings if h in wanted] == wanted
    text = visible_text(html)
    for problem in luton_yaml["accessibility"]["known_problems"]:
        assert " ".join(problem.split()) in text
    assert "has not published" not in text


def test_governance_says_how_to_attend_only_where_the_data_says(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    text = visible_text(_main(luton_site, "governance/index.html"))
    told = [board for board in luton_yaml["boards"] if board.get("how_to_attend")]
    assert text.count("How to attend or ask a question") == len(told)
    assert "has not published" not in text


CONTACT = {
    "email": "health@example.org",
    "phone": "01234 567890",
    "web": "https://example.org/have-your-say",
    "address": "Town Hall, Example Street",
}


@pytest.fixture(scope="module")
def luton_with_contacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Luton's site with a strategy contact, an accessibility contact and a way to attend one board."""
    site_dir = copy_site(ROOT, tmp_path_factory.mktemp("luton-contacts"))
    data = site_dir / "data"
    strategy = (data / "strategy.yaml").read_text(encoding="utf-8")
    contact = "".join(f"    {key}: {value}\n" for key, value in CONTACT.items())
    strategy = strategy.replace("  area: Luton\n", f"  area: Luton\n  contact:\n{contact}", 1)
    (data / "strategy.yaml").write_text(strategy, encoding="utf-8")
    access = (data / "accessibility.yaml").read_text(encoding="utf-8")
    start = access.index("  contact:\n")  # the accessibility statement's own contact, replaced by the test's
    access = access[:start] + f"  contact:\n{contact}    response_days: 7\n"
    (data / "accessibility.yaml").write_text(access, encoding="utf-8")
    boards = (data / "boards.yaml").read_text(encoding="utf-8")
    boards = boards.replace(
        "    name: Health and Wellbeing Board\n",
        "    name: Health and Wellbeing Board\n    how_to_attend: Meetings are open to the public. Email a question "
        "to the clerk three days before.\n",
        1,
    )
    (data / "boards.yaml").write_text(boards, encoding="utf-8")
    build(site_dir)
    return site_dir


def test_home_page_contact_line_comes_from_data(luton_with_contacts: Path) -> None:
    html = _main(luton_with_contacts, "index.html")
    line = _paragraphs(html)[2]
    assert line.startswith("Have your say or ask a question:")
    for value in CONTACT.values():
        assert value in html
    assert 'href="mailto:health@example.org"' in html


def test_accessibility_contact_and_response_time_come_from_data(luton_with_contacts: Path) -> None:
    html = _main(luton_with_contacts, "accessibility/index.html")
    section = html.split('id="feedback-and-contact-information"', 1)[1].split("<h2", 1)[0]
    for value in CONTACT.values():
        assert value in section
    assert "We will reply within 7 working days." in visible_text(section)


def test_governance_shows_how_to_attend(luton_with_contacts: Path) -> None:
    text = visible_text(_main(luton_with_contacts, "governance/index.html"))
    assert "How to attend or ask a question: Meetings are open to the public." in text


def _site_with(tmp_path: Path, old: str, new: str) -> Path:
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site", seed_charts=False)
    outcomes = site_dir / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    assert old in text
    outcomes.write_text(text.replace(old, new, 1), encoding="utf-8")
    return site_dir


def test_a_long_menu_label_is_a_warning_at_its_line(tmp_path: Path) -> None:
    site_dir = _site_with(tmp_path, "    short_title: Cancer\n    short_title_own: true\n", "")
    lines = (site_dir / "data" / "outcomes.yaml").read_text(encoding="utf-8").splitlines()
    title_line = next(n for n, line in enumerate(lines, 1) if line.startswith("    title: We will reduce the number"))
    site, problems = load_site(site_dir)
    assert site is not None
    messages = [str(p) for p in problems.warnings if "menu label" in p.message]
    assert len(messages) == 1
    assert messages[0].startswith(f"data/outcomes.yaml:{title_line}: warning: outcomes › cancer: the menu label")
    assert "short_title" in messages[0]


def test_short_title_own_without_a_short_title_is_an_error(tmp_path: Path) -> None:
    site_dir = _site_with(tmp_path, "    short_title: Cancer\n", "")
    site, problems = load_site(site_dir)
    assert site is None
    assert any("short_title_own: true' but there is no short_title" in str(p) for p in problems.errors)
