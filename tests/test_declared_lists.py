"""Lists declared by the site (issue 28): order, addresses, numbering and words come from the data.

Each test writes a ``lists:`` declaration beside the minimal site's data, builds it, and reads
the built pages. The expected words are read from the declaration, never typed twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.structure import structure_of
from generator.validate import load_site

from .conftest import ROOT, buildable_minimal_site, merged_yaml
from .html_text import visible_text

PRIORITIES: dict[str, Any] = {
    "id": "strategic-priorities",
    "singular": "strategic priority",
    "plural": "strategic priorities",
    "address": "our-strategic-priorities",
    "home": "items",
    "introduction": "These run through every one of our priority areas.",
    "links": [{"to": "outcomes", "words": "Runs through", "back_words": "Strategic priorities here"}],
    "items": [
        {
            "id": "joined-up-working",
            "title": "Joined up working",
            "what_good_looks_like": "Services share one plan for each family.",
            "links": {"outcomes": ["living-well"]},
            "editor_note": "EDITORS-ONLY: check the wording with the board",
        },
        {
            "id": "reducing-inequalities",
            "title": "Reducing inequalities",
            "board": "health-and-wellbeing-board",
            "measures": [{"indicator": "life-expectancy-birth", "as_written": "Life expectancy"}],
        },
    ],
}
OUTCOMES: dict[str, Any] = {
    "id": "outcomes",
    "address": "priority-areas",
    "numbered": False,
    "introduction": "Our priority areas are where we will act first.",
}
RECOMMENDATIONS: dict[str, Any] = {
    "id": "recommendations",
    "kind": "recommendations",
    "singular": "recommendation",
    "plural": "recommendations",
    "numbered": True,
    "items": [
        {
            "id": "adopt",
            "number": "R1",
            "title": "Adopt the strategy",
            "to": "the Health and Wellbeing Board",
            "response": "Agreed at the board's March meeting.",
            "response_date": "2013-03-14",
        },
        {"id": "review", "number": "R2", "title": "Review it each year", "to": "the Task Group"},
    ],
}


def _site(tmp_path: Path, lists: list[dict[str, Any]], *, section_note: str | None = None) -> Path:
    site = buildable_minimal_site(tmp_path / "site")
    (site / "data" / "lists.yaml").write_text(yaml.safe_dump({"lists": lists}, sort_keys=False), "utf-8")
    if section_note:
        strategy_file = site / "data" / "strategy.yaml"
        data = yaml.safe_load(strategy_file.read_text("utf-8"))
        data["strategy"]["sections"][0]["editor_note"] = section_note
        strategy_file.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return site


def _built(site: Path) -> Path:
    assert main(["build", str(site)]) == 0
    return site / "site"


def _text(built: Path, path: str) -> str:
    """The visible text of a page's content, without the menu (which names every list too)."""
    html = (built / path).read_text(encoding="utf-8")
    return visible_text(html[html.index('<article class="md-content__inner') :])


def test_without_declarations_the_lists_keep_their_usual_order_and_addresses() -> None:
    """Luton declares nothing: its outcomes, ways of working and interventions stay where they always were."""
    site, _problems = load_site(ROOT)
    assert site is not None
    structure = structure_of(site)
    assert [(p.id, p.index_path) for p in structure.lists] == [
        (list_id, path)
        for list_id, path, records in (
            ("outcomes", "outcomes/index.md", site.outcomes),
            ("ways-of-working", "ways-of-working.md", site.ways_of_working),
            ("interventions", "interventions.md", site.interventions),
        )
        if records
    ]
    assert all(structure.path(o) == f"outcomes/{o.id}.md" for o in site.outcomes)


def test_home_page_shows_lists_in_the_declared_order_at_their_addresses(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [PRIORITIES, OUTCOMES]))
    home = _text(built, "index.html")
    priorities_heading = f"Our {len(PRIORITIES['items'])} {PRIORITIES['plural']}"
    assert priorities_heading in home
    data = merged_yaml(tmp_path / "site" / "data")
    first_outcome = data["outcomes"][0]["title"]
    assert home.index(priorities_heading) < home.index(PRIORITIES["items"][0]["title"]) < home.index(first_outcome)
    assert PRIORITIES["introduction"] in home and OUTCOMES["introduction"] in home
    # addresses in the council's words, and none of the tool's own
    assert (built / PRIORITIES["address"] / "index.html").is_file()
    assert (built / PRIORITIES["address"] / "reducing-inequalities" / "index.html").is_file()
    assert not (built / PRIORITIES["address"] / "joined-up-working").exists()  # no page holding only a title
    assert (built / OUTCOMES["address"] / "healthy-start" / "index.html").is_file()
    assert not (built / "outcomes").exists()
    html = (built / "index.html").read_text("utf-8")
    assert 'href="outcomes/' not in html and f'href="{OUTCOMES["address"]}/healthy-start/"' in html


def test_unnumbered_outcomes_show_no_numbers(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [PRIORITIES, OUTCOMES]))
    data = merged_yaml(tmp_path / "site" / "data")
    outcome = data["outcomes"][0]
    page = _text(built, f"{OUTCOMES['address']}/{outcome['id']}/index.html")
    assert f"Outcome {outcome['number']}" not in page
    assert page.splitlines()[0].strip() == outcome["title"] or outcome["title"] in page.splitlines()[0]
    home = _text(built, "index.html")
    assert f"{outcome['number']}. {outcome['title']}" not in home


def test_links_show_on_both_sides_in_the_councils_words(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [PRIORITIES, OUTCOMES]))
    link = PRIORITIES["links"][0]
    item = PRIORITIES["items"][0]
    listing = _text(built, f"{PRIORITIES['address']}/index.html")
    assert f"{link['words']}: Everyone lives well for longer" in listing
    assert f"What good looks like: {item['what_good_looks_like']}" in listing
    outcome_page = _text(built, f"{OUTCOMES['address']}/living-well/index.html")
    assert f"{link['back_words']}: {item['title']}" in outcome_page
    other = _text(built, f"{OUTCOMES['address']}/healthy-start/index.html")
    assert link["back_words"] not in other  # healthy-start is not linked: nothing is said


def test_a_measure_can_sit_under_a_cross_cutting_item(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [PRIORITIES, OUTCOMES]))
    item = PRIORITIES["items"][1]
    indicator = item["measures"][0]["indicator"]
    page = _text(built, f"{PRIORITIES['address']}/{item['id']}/index.html")
    data = merged_yaml(tmp_path / "site" / "data")
    name = next(i["name"] for i in data["indicators"] if i["id"] == indicator)
    assert name in page
    indicator_page = _text(built, f"indicators/{indicator}/index.html")
    assert item["title"] in indicator_page.split("Measures success for", 1)[1].splitlines()[0]


def test_recommendations_say_to_whom_and_the_response_only_where_recorded(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [OUTCOMES, RECOMMENDATIONS]))
    page = _text(built, "recommendations/index.html")
    answered, open_one = RECOMMENDATIONS["items"]
    assert f"{answered['number']}. {answered['title']}" in page
    assert f"Made to: {answered['to']}" in page and answered["response"] in page
    assert "14 March 2013" in page
    after_open = page.split(open_one["title"], 1)[1]
    assert f"Made to: {open_one['to']}" in after_open
    assert "Response" not in after_open  # no response recorded: nothing is said about one


def test_editors_notes_go_to_the_report_not_the_pages(tmp_path: Path) -> None:
    note = "EDITORS-ONLY: this section's second paragraph is missing from the PDF"
    site = _site(tmp_path, [PRIORITIES, OUTCOMES], section_note=note)
    built = _built(site)
    item_note = PRIORITIES["items"][0]["editor_note"]
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        assert note not in text and item_note not in text, page
    words = (site / "build" / "report" / "editors-report.md").read_text("utf-8")
    assert note in words and item_note in words


@pytest.mark.parametrize("words", ["singular", "plural"])
def test_a_built_in_list_keeps_its_words_in_terms(
    tmp_path: Path, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, [{**OUTCOMES, words: "key area"}])
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert "data/lists.yaml:" in err and "strategy.terms" in err


def test_the_menu_lists_the_lists_in_the_declared_order(tmp_path: Path) -> None:
    site = _site(tmp_path, [PRIORITIES, OUTCOMES, RECOMMENDATIONS])
    _built(site)
    nav = yaml.safe_load((site / "build" / "mkdocs.yml").read_text("utf-8"))["nav"]
    entries = [next(iter(entry)) for entry in nav]
    titles = [PRIORITIES["plural"].capitalize(), "Outcomes", RECOMMENDATIONS["plural"].capitalize()]
    assert [e for e in entries if e in titles] == titles
    priorities_entry = next(entry for entry in nav if PRIORITIES["plural"].capitalize() in entry)
    pages = priorities_entry[PRIORITIES["plural"].capitalize()]
    assert pages[0] == f"{PRIORITIES['address']}/index.md"
    assert {"Reducing inequalities": f"{PRIORITIES['address']}/reducing-inequalities.md"} in pages


def test_an_outcome_says_what_good_looks_like_only_when_the_data_does(tmp_path: Path) -> None:
    site = _site(tmp_path, [OUTCOMES])
    outcomes_file = site / "data" / "outcomes.yaml"
    data = yaml.safe_load(outcomes_file.read_text("utf-8"))
    sentence = "Every child is a healthy weight when they start school."
    data["outcomes"][0]["what_good_looks_like"] = sentence
    outcomes_file.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    built = _built(site)
    first, second = data["outcomes"][0]["id"], data["outcomes"][1]["id"]
    assert f"What good looks like: {sentence}" in _text(built, f"{OUTCOMES['address']}/{first}/index.html")
    assert "What good looks like" not in _text(built, f"{OUTCOMES['address']}/{second}/index.html")


def test_validate_counts_each_list_in_the_sites_order_and_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, [PRIORITIES, OUTCOMES, RECOMMENDATIONS])
    assert main(["validate", str(site)]) == 0
    said = capsys.readouterr().out
    data = merged_yaml(site / "data")
    expected = [
        f"{len(PRIORITIES['items'])} {PRIORITIES['plural']}",
        f"{len(data['outcomes'])} outcomes",
        f"{len(RECOMMENDATIONS['items'])} {RECOMMENDATIONS['plural']}",
    ]
    assert all(words in said for words in expected), said
    assert [said.index(words) for words in expected] == sorted(said.index(words) for words in expected)


def test_priorities_the_document_does_not_number_are_named_not_numbered(tmp_path: Path) -> None:
    site = _site(tmp_path, [OUTCOMES])
    outcomes_file = site / "data" / "outcomes.yaml"
    text = outcomes_file.read_text("utf-8").replace('id: "1.1"', "id: healthy-child-programme")
    outcomes_file.write_text(text, "utf-8")
    data = yaml.safe_load(text)
    outcome = data["outcomes"][0]
    named, numbered = outcome["priorities"][0], outcome["priorities"][1]
    built = _built(site)
    page = _text(built, f"{OUTCOMES['address']}/{outcome['id']}/index.html")
    assert named["text"] in page and named["id"] not in page  # its id is only the link's address
    assert f"Priority {numbered['id']}: {numbered['text']}" in page
    assert page.count(named["text"]) == 1  # heading only: the text is not printed twice
    html = (built / OUTCOMES["address"] / outcome["id"] / "index.html").read_text("utf-8")
    assert f'id="priority-{named["id"]}"' in html


def test_a_bare_number_is_not_a_priority_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path, [OUTCOMES])
    outcomes_file = site / "data" / "outcomes.yaml"
    text = outcomes_file.read_text("utf-8")
    outcomes_file.write_text(text.replace('id: "1.1"', 'id: "1"'), "utf-8")
    line = text.splitlines().index('      - id: "1.1"') + 1
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"data/outcomes.yaml:{line}:" in err
    assert "'1' is not a priority number" in err and "a short name such as 'healthy-weight'" in err


def test_the_home_page_says_each_one_only_when_every_item_links(tmp_path: Path) -> None:
    built = _built(_site(tmp_path, [PRIORITIES, OUTCOMES]))
    linking = sum(1 for item in PRIORITIES["items"] if item.get("links"))
    assert 0 < linking < len(PRIORITIES["items"])
    home = _text(built, "index.html")
    words = PRIORITIES["links"][0]["words"].lower()
    assert f"that {linking} of them {words}" in home
    assert f"each one {words}" not in home
