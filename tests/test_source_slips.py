"""Sentences the site wrote that the data or the sources did not support (issue #27), each now checked.

Every expectation is read from the sites' YAML (or from the source's own words as the YAML keeps
them), never copied from the templates: an action's boards, the JSNA priority as the strategy's link
table words it, the year a figure is reported in, a document's address, which priorities a plan
restates, how many ambitions start from a newer baseline, what an indicator counts, what the
budget's amounts are, and what a blank cell in a table of ticks means.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.model import Action
from generator.periods import parse_period

from .conftest import ROOT, copy_site
from .html_text import visible_text


def _page(site_dir: Path, path: str) -> str:
    return (site_dir / "site" / path / "index.html").read_text(encoding="utf-8")


def _section(page: str, anchor: str) -> str:
    """The part of an HTML page from the heading with id ``anchor`` to the next heading of its level."""
    start = page.index(f'id="{anchor}"')
    level = page[page.rindex("<h", 0, start) : start][:3]
    end = page.find(level, start)
    return page[start : end if end != -1 else len(page)]


def _dash(period: str) -> str:
    return parse_period(period).display


def _names(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _figure(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


# --- 1. an action accountable to more than one board names every one ---------------------------


def _named_boards(as_written: str) -> list[str]:
    """The bodies a governance cell names: 'Staying Healthy / CCGs' and 'A and B Executive' name two."""
    return [part.strip() for part in re.split(r" / | and (?=[A-Z])", as_written) if part.strip()]


def test_every_board_the_source_names_for_an_action_is_on_its_page(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    boards = {b["id"]: b["name"] for b in leicestershire_yaml["boards"]}
    shared = 0
    for outcome in leicestershire_yaml["outcomes"]:
        page = _page(leicestershire_site, f"outcomes/{outcome['id']}")
        for action in outcome.get("actions", []):
            accountable = [action["board"], *action.get("shared_with", [])]
            # the data names as many boards as the source's cell does
            assert len(accountable) == len(_named_boards(action["board_as_written"])), (outcome["id"], action["id"])
            section = visible_text(_section(page, f"action-{action['id']}"))
            label = "Accountable board:" if len(accountable) == 1 else "Accountable boards:"
            assert f"{label} {_names([boards[b] for b in accountable])}" in section, (outcome["id"], action["id"])
            shared += len(accountable) > 1
    assert shared >= 6  # sexual health 1, 2, 5 and 6; cancer 1 and 3


def test_the_governance_page_and_the_tracker_name_the_boards_an_action_shares(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    boards = {b["id"]: b["name"] for b in leicestershire_yaml["boards"]}
    governance = _page(leicestershire_site, "governance")
    tracker = visible_text(_page(leicestershire_site, "milestones"))
    shared = 0
    for outcome in leicestershire_yaml["outcomes"]:
        for action in outcome.get("actions", []):
            if not action.get("shared_with"):
                continue
            shared += 1
            for board in [action["board"], *action["shared_with"]]:
                section = _section(governance, board)
                assert f"outcomes/{outcome['id']}/#action-{action['id']}" in section, (board, action["id"])
            for other in action["shared_with"]:
                assert f"also accountable: {boards[other]}" in tracker
    assert shared == sum(
        "/" in a["board_as_written"] or " and " in a["board_as_written"] for a in _actions(leicestershire_yaml)
    )


def _actions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [action for outcome in data["outcomes"] for action in outcome.get("actions", [])]


def test_a_board_id_in_shared_with_is_checked_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    outcomes = site / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    first = "shared_with: [clinical-commissioning-groups]"
    assert first in text
    outcomes.write_text(text.replace(first, "shared_with: [clinical-comissioning-groups]", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(outcomes.read_text("utf-8").splitlines(), 1) if "comissioning" in t)
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"data/outcomes.yaml:{line}:" in err
    assert "shared_with: there is no board with id 'clinical-comissioning-groups'" in err


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"shared_with": ["a-board"]}, "there is no 'board'"),
        ({"board": "a-board", "shared_with": ["a-board"]}, "named twice"),
    ],
)
def test_shared_with_needs_a_first_board_and_names_each_once(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Action.model_validate({"id": "1", "text": "Do it.", **fields})


# --- 2. a priority names the JSNA priority as the strategy's link table does -----------------------


def test_a_priority_names_its_jsna_priorities_as_the_strategy_words_them(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    jsna = {j["id"]: j["name"] for j in luton_yaml["jsna_priorities"]}
    reworded = 0
    for outcome in luton_yaml["outcomes"]:
        page = _page(luton_site, f"outcomes/{outcome['id']}")
        for priority in outcome["priorities"]:
            section = _section(page, f"priority-{priority['id'].replace('.', '-')}")
            for link in priority["jsna_links"]:
                # the strategy's words, linked to the JSNA priority's entry
                words = re.escape(html.escape(link["as_written"], quote=False))
                anchor = rf'<a href="[^"]*jsna/#{link["jsna"]}">{words}</a>'
                assert re.search(anchor, section), (priority["id"], link["as_written"])
                if link["as_written"].lower() != jsna[link["jsna"]].lower():
                    reworded += 1
                    assert jsna[link["jsna"]] in visible_text(section)  # the entry's own name beside it
    assert reworded >= 10


def test_the_jsna_list_is_the_strategys_two_groups(luton_yaml: dict[str, Any]) -> None:
    """The list itself is the source's (ten in group 1, seven in group 2): only the links were reworded."""
    groups = [j["group"] for j in luton_yaml["jsna_priorities"]]
    assert (groups.count(1), groups.count(2)) == (10, 7)
    written = {link["as_written"] for o in luton_yaml["outcomes"] for p in o["priorities"] for link in p["jsna_links"]}
    assert {"Reducing childhood obesity", "Improving mental health"} <= written


# --- 3. the year a figure is reported in is given with the aim and the plan's targets --------------


def _aims(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    area = data["strategy"]["area"]
    found = []
    for indicator in data["indicators"]:
        for series in indicator.get("series", []):
            if series["kind"] == "target" and series["area"] == area:
                values = series["values"]
                aim = next((v for v in values if v.get("final")), max(values, key=lambda v: parse_period(v["period"])))
                found.append((indicator, series, aim))
    return found


def test_an_aim_gives_the_year_its_figure_is_reported_in(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    checked = 0
    for indicator, _series, aim in _aims(luton_yaml):
        if not aim.get("reported"):
            continue
        text = visible_text(_page(luton_site, f"indicators/{indicator['id']}"))
        amount = f"{_figure(aim['value'], indicator.get('decimals', 1))} {indicator['unit']}"
        assert f"Aim: {amount} for {_dash(aim['period'])}, reported in {aim['reported']}." in text, indicator["id"]
        checked += 1
    assert checked == 7  # life expectancy, DFLE and the life expectancy gap (male, female) and infant mortality


def test_a_plans_target_dated_by_its_reporting_year_says_which_figure_it_is(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    indicators = {i["id"]: i for i in luton_yaml["indicators"]}
    plan_page = visible_text(_page(luton_site, "plans/five-year-strategy"))
    checked = 0
    for ambition in luton_yaml["ambitions"]:
        if not ambition.get("indicator") or not ambition.get("target_period"):
            continue
        target = next(
            (
                v
                for s in indicators[ambition["indicator"]]["series"]
                if s["kind"] == "target"
                and s["area"] == ambition["area"]
                and s.get("breakdown") == ambition.get("breakdown")
                for v in s["values"]
                if v["period"] == ambition["target_period"] and v.get("reported")
            ),
            None,
        )
        if target is None:
            continue
        said = f"The target is the figure for {_dash(ambition['target_period'])}, reported in {target['reported']}."
        assert said in plan_page, ambition["id"]
        assert said in visible_text(_page(luton_site, f"indicators/{ambition['indicator']}")), ambition["id"]
        checked += 1
    assert checked == 7  # the seven local ambitions, each "by 2017-18"


# --- 4. the sources page links the document whose address the data holds ------------------------


def test_the_better_care_fund_plan_is_linked_where_the_five_year_strategy_gives_its_address(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    five_year = next(p for p in luton_yaml["plans"] if p["id"] == "five-year-strategy")
    bodies = " ".join(s.get("body", "") for s in five_year["sections"])
    address = re.search(r"\[Better Care Fund Plan\]\((http[^)]+)\)", bodies)
    assert address is not None
    bcf = next(p for p in luton_yaml["plans"] if p["id"] == "better-care-fund")
    document = next(d for d in luton_yaml["documents"] if d["id"] == bcf["document"])
    assert document["link"] == address.group(1)
    entry = _section(_page(luton_site, "sources"), document["id"])
    assert f'href="{html.escape(address.group(1))}"' in entry
    assert "No web address is recorded" not in visible_text(entry)


# --- 5. "Restated in" only where the plan restates the priority --------------------------------


def _restated_by_words(plan: dict[str, Any], priorities: dict[str, str]) -> set[str]:
    """The priorities whose words the plan repeats in its list of the strategy's recommendations."""
    items = [i for s in plan["sections"] for i in s.get("items", [])]
    found = set()
    for priority_id, text in priorities.items():
        said = text.lower()
        for item in items:
            words = re.sub(r"^(a|an|the) ", "", item.lower().rstrip(". "))
            if len(words.split()) >= 6 and words in said:
                found.add(priority_id)
    return found


def test_restated_in_names_only_the_plans_that_restate_the_priority(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    priorities = {p["id"]: p["text"] for o in luton_yaml["outcomes"] for p in o["priorities"]}
    five_year = next(p for p in luton_yaml["plans"] if p["id"] == "five-year-strategy")
    restated = _restated_by_words(five_year, priorities)
    assert restated == {"3.1", "3.2", "3.3"}
    taken_up = {p["id"] for p in five_year["priorities"]}
    assert restated < taken_up  # the plan addresses more than it restates
    for outcome in luton_yaml["outcomes"]:
        page = _page(luton_site, f"outcomes/{outcome['id']}")
        for priority in outcome["priorities"]:
            text = visible_text(_section(page, f"priority-{priority['id'].replace('.', '-')}"))
            restated_in = re.search(r"Restated in: ([^.]*)\.", text)
            addressed_in = re.search(r"Addressed in: ([^.]*)\.", text)
            says_restated = bool(restated_in and five_year["short_title"] in restated_in.group(1))
            says_addressed = bool(addressed_in and five_year["short_title"] in addressed_in.group(1))
            assert says_restated == (priority["id"] in restated), priority["id"]
            assert says_addressed == (priority["id"] in taken_up - restated), priority["id"]


# --- 6. how many ambitions start from a newer baseline, counted --------------------------------


def test_the_sources_page_counts_the_ambitions_with_newer_baselines(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    indicators = {i["id"]: i for i in luton_yaml["indicators"]}
    local = [a for a in luton_yaml["ambitions"] if a["group"] == "local"]
    newer = [
        a
        for a in local
        if parse_period(a["baseline_period"]).end > parse_period(indicators[a["indicator"]]["baseline_period"]).end
    ]
    assert 0 < len(newer) < len(local)
    text = visible_text(_page(luton_site, "sources"))
    assert f"All {len(local)} of its local ambitions restate the strategy's targets; {len(newer)} of them" in text
    for page in (luton_site / "site").rglob("*.html"):
        assert "restate the strategy's targets with newer baselines" not in visible_text(page.read_text("utf-8"))


# --- 7. an indicator of poor responses is not described as a count of patients --------------------


def test_an_indicator_of_poor_responses_is_not_called_a_count_of_patients(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    counted = [i for i in luton_yaml["indicators"] if "responses" in (i.get("unit") or "")]
    assert len(counted) == 2
    for indicator in counted:
        text = visible_text(_page(luton_site, f"indicators/{indicator['id']}"))
        assert "How many patients" not in text and "patients say" not in text, indicator["id"]
        assert "responses" in indicator["definition"] and "Poor responses" in indicator["definition"]


# --- 8. the budget's amounts are the allocation; the agreed total is "to be agreed" ---------------


def test_the_budget_sentence_calls_the_amounts_what_the_plan_calls_them(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    plan = next(p for p in luton_yaml["plans"] if p.get("budget"))
    budget = plan["budget"]
    text = visible_text(_page(luton_site, f"plans/{plan['id']}"))
    latest = max(budget["lines"], key=lambda line: parse_period(line["period"]))
    assert f"In {_dash(latest['period'])} the {budget['title']} is" in text
    assert "the fund is" not in text
    open_periods = [_dash(line["period"]) for line in budget["lines"] if line.get("agreed_total") == "to be agreed"]
    assert open_periods, "the plan gives its agreed total as '£ tba'"
    assert f"total agreed for {_names(open_periods)} as “to be agreed”" in text
    # the sign-off table gives the agreed total as the plan does, not as missing
    rows = [r for s in plan["sections"] for t in s.get("tables", []) for r in t["rows"] if "Total agreed" in r[0]]
    assert rows and all("tba" in r[1] for r in rows)


# --- 9. a blank in a table of ticks is no tick ------------------------------------------------


def test_a_blank_in_a_table_of_ticks_reads_as_no_tick(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    checked = 0
    for plan in luton_yaml["plans"]:
        page = visible_text(_page(luton_site, f"plans/{plan['id']}"))
        for section in plan["sections"]:
            for table in section.get("tables", []):
                if "tick" not in (table.get("caption") or ""):
                    continue
                blanks = sum(cell == "" for row in table["rows"] for cell in row)
                assert blanks and table.get("empty_cell"), table["caption"]
                assert f"“{table['empty_cell']}”" in table["caption"] or f'"{table["empty_cell"]}"' in table["caption"]
                start = page.index(table["caption"]) + len(table["caption"])
                shown = page[start : start + 60 * (len(table["rows"]) + 1)]
                assert "Not given" not in shown
                for row in table["rows"]:
                    cells = " ".join(cell or table["empty_cell"] for cell in row)
                    assert cells in shown, row
                checked += 1
    assert checked == 1
