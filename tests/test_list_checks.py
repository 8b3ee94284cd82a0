"""The checks of declared lists (issue 28): every mistake in ``lists:`` is one ``file:line: message`` with its fix.

Each test copies the valid site in tests/fixtures/minimal to tmp_path, adds a data/lists.yaml
(or changes the outcomes), validates it, and checks the problem at the right file and line:
errors stop the build, warnings are reported and the site still validates.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from generator.problems import Problem
from generator.validate import load_site

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
LISTS = "data/lists.yaml"
OUTCOMES = "data/outcomes.yaml"

# A list of the site's own that is sound: each test adds to it or changes one thing.
GOOD = """\
lists:
  - id: strategic-priorities
    singular: strategic priority
    plural: strategic priorities
    numbered: true
    introduction: Our priorities run through every outcome.
    links:
      - to: outcomes
        words: Runs through
        back_words: Strategic priorities
    items:
      - id: reducing-inequalities
        number: "1"
        title: Reducing inequalities
        board: health-and-wellbeing-board
        sources: [hwb-strategy-2012]
        measures:
          - indicator: life-expectancy-birth
            as_written: Life expectancy
        links: {outcomes: [healthy-start]}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(MINIMAL, dest)
    return dest


def with_lists(site: Path, text: str) -> str:
    text = textwrap.dedent(text)
    (site / LISTS).write_text(text, encoding="utf-8")
    return text


def edit_outcomes(site: Path, old: str, new: str) -> str:
    path = site / OUTCOMES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) >= occurrence, f"{needle!r} not found {occurrence} time(s)"
    return lines[occurrence - 1]


def validated(site: Path) -> tuple[bool, list[Problem]]:
    built, problems = load_site(site)
    return built is not None, problems.sorted()


def at(problems: list[Problem], file: str, line: int, severity: str = "error") -> str:
    """The one problem of ``severity`` at file:line, as the editor reads it."""
    found = [str(p) for p in problems if p.where.file == file and p.where.line == line and p.severity == severity]
    assert len(found) == 1, f"expected one {severity} at {file}:{line}; got:\n" + "\n".join(map(str, problems))
    return found[0]


def fails_at(site: Path, file: str, line: int) -> str:
    ok, problems = validated(site)
    assert not ok
    return at(problems, file, line)


def warns_at(site: Path, file: str, line: int) -> str:
    ok, problems = validated(site)
    assert ok, "\n".join(map(str, problems))
    message = at(problems, file, line, "warning")
    assert message.startswith(f"{file}:{line}: warning: ")
    return message


# --- a sound declaration ----------------------------------------------------------------


def test_a_sound_list_has_no_problems(site: Path) -> None:
    with_lists(site, GOOD)
    ok, problems = validated(site)
    assert ok
    assert problems == []


# --- errors: ids and addresses --------------------------------------------------------


def test_a_list_id_declared_twice(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
  - id: strategic-priorities
    singular: priority
    plural: priorities
""",
    )
    message = fails_at(site, LISTS, line_of(text, "- id: strategic-priorities", 2))
    assert "list id 'strategic-priorities' is defined twice (also at data/lists.yaml:2)" in message
    assert "give one a different id or remove it" in message


def test_a_built_in_list_declared_twice(site: Path) -> None:
    text = with_lists(
        site,
        """\
        lists:
          - id: outcomes
            address: key-areas
          - id: outcomes
            numbered: false
        """,
    )
    message = fails_at(site, LISTS, line_of(text, "- id: outcomes", 2))
    assert message == (
        "data/lists.yaml:4: lists › outcomes: the 'outcomes' list is declared twice (also at data/lists.yaml:2); "
        "keep one declaration"
    )


def test_an_item_id_twice_in_one_list(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
      - id: reducing-inequalities
        number: "2"
        title: Again
""",
    )
    message = fails_at(site, LISTS, line_of(text, "- id: reducing-inequalities", 2))
    assert "lists › strategic-priorities › item id 'reducing-inequalities' is defined twice" in message
    assert "give one a different id or remove it" in message


def test_two_lists_at_one_address(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
  - id: themes
    singular: theme
    plural: themes
    address: strategic-priorities
    items: [{id: housing, title: Housing}]
""",
    )
    message = fails_at(site, LISTS, line_of(text, "address: strategic-priorities"))
    assert "lists › themes: 'strategic-priorities' is also the address of the list 'strategic-priorities' " in message
    assert "(data/lists.yaml:2); give one of them another address" in message


def test_a_list_at_the_address_of_the_outcomes(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
  - id: themes
    singular: theme
    plural: themes
    address: outcomes
    items: [{id: housing, title: Housing}]
""",
    )
    message = fails_at(site, LISTS, line_of(text, "address: outcomes"))
    assert "'outcomes' is the address of the outcomes list; give this list another address, or declare the " in message
    assert "outcomes list with an address of its own" in message


def test_the_outcomes_moved_free_their_address(site: Path) -> None:
    with_lists(
        site,
        GOOD
        + """\
  - id: outcomes
    address: key-areas-of-focus
  - id: themes
    singular: theme
    plural: themes
    address: outcomes
    items: [{id: housing, title: Housing}]
""",
    )
    ok, problems = validated(site)
    assert ok, "\n".join(map(str, problems))


def test_a_reserved_address_given(site: Path) -> None:
    text = with_lists(site, GOOD.replace("    numbered: true\n", "    numbered: true\n    address: help\n"))
    message = fails_at(site, LISTS, line_of(text, "address: help"))
    assert "lists › strategic-priorities › address: 'help' is the address of one of the site's own pages" in message
    assert "give the list another address, e.g. 'our-help'" in message


def test_a_reserved_address_from_the_id(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
  - id: plans
    singular: plan
    plural: plans
    items: [{id: bcf, title: Better Care Fund}]
""",
    )
    message = fails_at(site, LISTS, line_of(text, "- id: plans"))
    assert "the list's address is its id, 'plans', which one of the site's own pages uses" in message
    assert "add 'address:' with another, e.g. 'our-plans'" in message


def test_an_item_called_index(site: Path) -> None:
    text = with_lists(site, GOOD.replace("id: reducing-inequalities", "id: index"))
    message = fails_at(site, LISTS, line_of(text, "- id: index"))
    assert "an item cannot have the id 'index'" in message
    assert "give it another id" in message


# --- errors: links ----------------------------------------------------------------------


def test_a_link_to_a_list_that_does_not_exist(site: Path) -> None:
    text = with_lists(
        site,
        GOOD.replace("- to: outcomes", "- to: outcome")
        + """\
  - id: themes
    singular: theme
    plural: themes
    items: [{id: housing, title: Housing}]
""",
    )
    message = fails_at(site, LISTS, line_of(text, "- to: outcome"))
    assert "lists › strategic-priorities › links › outcome: there is no list 'outcome' to link to" in message
    assert "a link goes to 'outcomes' or a list declared in lists: ('outcomes', 'themes')" in message
    assert "did you mean 'outcomes'?" in message


def test_a_list_linking_to_itself(site: Path) -> None:
    text = with_lists(
        site,
        GOOD.replace(
            "    items:\n",
            "      - to: strategic-priorities\n        words: See also\n    items:\n",
            1,
        ),
    )
    message = fails_at(site, LISTS, line_of(text, "- to: strategic-priorities"))
    assert "the list links to itself; link to 'outcomes' or another of your lists, or remove the link" in message


def test_an_item_link_the_list_does_not_declare(site: Path) -> None:
    text = with_lists(site, GOOD.replace("links: {outcomes: [healthy-start]}", "links: {themes: [housing]}"))
    message = fails_at(site, LISTS, line_of(text, "links: {themes"))
    assert "the list 'strategic-priorities' declares no link to 'themes'" in message
    assert "(the list's declared links are to 'outcomes')" in message
    assert "add the link to the list's 'links:' with the words to show, or remove 'themes' here" in message


def test_an_item_link_to_an_outcome_that_does_not_exist(site: Path) -> None:
    text = with_lists(site, GOOD.replace("[healthy-start]", "[healthy-starts]"))
    message = fails_at(site, LISTS, line_of(text, "links: {outcomes"))
    assert "there is no outcome with id 'healthy-starts' (in 'outcomes'); did you mean 'healthy-start'?" in message


def test_an_item_link_to_an_item_the_other_list_does_not_have(site: Path) -> None:
    text = with_lists(
        site,
        """\
        lists:
          - id: themes
            singular: theme
            plural: themes
            links:
              - to: strategic-priorities
                words: Serves
            items:
              - id: housing
                title: Housing
                links: {strategic-priorities: [reducing-inequality]}
          - id: strategic-priorities
            singular: strategic priority
            plural: strategic priorities
            items:
              - id: reducing-inequalities
                title: Reducing inequalities
        """,
    )
    message = fails_at(site, LISTS, line_of(text, "links: {strategic-priorities"))
    assert (
        "lists › themes › housing › links › strategic-priorities: the list 'strategic-priorities' has no item "
        in message
    )
    assert "'reducing-inequality'; did you mean 'reducing-inequalities'?" in message


# --- errors: numbers --------------------------------------------------------------------


def test_a_numbered_list_with_an_item_without_a_number(site: Path) -> None:
    text = with_lists(site, GOOD.replace('        number: "1"\n', ""))
    message = fails_at(site, LISTS, line_of(text, "- id: reducing-inequalities"))
    assert "the list is declared 'numbered: true' but this item has no number" in message
    assert "give the number the document prints" in message


def test_a_number_twice_in_a_list(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
      - id: giving-children-the-best-start
        number: "1"
        title: Giving children the best start
""",
    )
    message = fails_at(site, LISTS, line_of(text, "- id: giving-children-the-best-start"))
    assert "lists › strategic-priorities › number '1' is defined twice (also at data/lists.yaml:12)" in message
    assert "give one a different number or remove it" in message


def test_an_outcome_without_a_number(site: Path) -> None:
    text = edit_outcomes(site, "  - number: 2\n    id: living-well", "  - id: living-well")
    message = fails_at(site, OUTCOMES, line_of(text, "- id: living-well"))
    assert message.endswith(
        "outcome 'living-well' has no number; give the document's number, or declare the outcomes list with "
        "'numbered: false' in lists:"
    )


def test_an_outcome_without_a_number_is_fine_when_the_outcomes_are_not_numbered(site: Path) -> None:
    edit_outcomes(site, "  - number: 2\n    id: living-well", "  - id: living-well")
    edit_outcomes(site, "  - number: 1\n    id: healthy-start", "  - id: healthy-start")
    with_lists(site, "lists:\n  - id: outcomes\n    numbered: false\n")
    ok, problems = validated(site)
    assert ok
    assert problems == []


# --- errors: what items name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "board: health-and-wellbeing-board",
            "board: health-board",
            "board: health-board",
            "lists › strategic-priorities › reducing-inequalities › board: there is no board with id 'health-board'",
        ),
        (
            "sources: [hwb-strategy-2012]",
            "sources: [hwb-strategy-2013]",
            "sources:",
            "reducing-inequalities › sources: there is no document with id 'hwb-strategy-2013' (in 'documents'); "
            "did you mean 'hwb-strategy-2012'?",
        ),
        (
            "indicator: life-expectancy-birth",
            "indicator: life-expectancy",
            "indicator: life-expectancy",
            "reducing-inequalities › measures: there is no indicator with id 'life-expectancy' (in 'indicators'); "
            "did you mean 'life-expectancy-birth'?",
        ),
    ],
)
def test_what_an_item_names_must_exist(site: Path, old: str, new: str, needle: str, expected: str) -> None:
    text = with_lists(site, GOOD.replace(old, new))
    assert expected in fails_at(site, LISTS, line_of(text, needle))


def test_an_items_actions_name_boards_and_meetings_that_exist(site: Path) -> None:
    text = with_lists(
        site,
        GOOD
        + """\
        actions:
          - id: "1"
            text: Reduce the gap.
            board: health-and-wellbeing-boards
            shared_with: [childrens-trust-board]
            milestones:
              - id: 1a
                text: Agree a plan.
                when: at may-board
""",
    )
    ok, problems = validated(site)
    assert not ok
    name = "lists › strategic-priorities › reducing-inequalities › action 1"
    board = at(problems, LISTS, line_of(text, "board: health-and-wellbeing-boards"))
    assert f"{name} › board: there is no board with id 'health-and-wellbeing-boards'" in board
    assert "did you mean 'health-and-wellbeing-board'?" in board
    shared = at(problems, LISTS, line_of(text, "shared_with:"))
    assert f"{name} › shared_with: there is no board with id 'childrens-trust-board'" in shared
    meeting = at(problems, LISTS, line_of(text, "when: at may-board"))
    assert f"{name} › milestone 1a › when: there is no board meeting with id 'may-board'" in meeting


@pytest.mark.parametrize(("field", "value"), [("to", "the Health and Wellbeing Board"), ("response", "Agreed.")])
def test_only_recommendations_have_to_and_response(site: Path, field: str, value: str) -> None:
    text = with_lists(site, GOOD + f"        {field}: {value}\n")
    message = fails_at(site, LISTS, line_of(text, f"{field}: {value}"))
    assert f"reducing-inequalities › {field}: only a list declared kind: recommendations has 'to' and 'response'" in (
        message
    )
    assert "add 'kind: recommendations' to the list 'strategic-priorities'" in message


def test_a_list_of_recommendations_has_to_and_response(site: Path) -> None:
    with_lists(
        site,
        GOOD.replace("    numbered: true\n", "    numbered: true\n    kind: recommendations\n")
        + "        to: the Health and Wellbeing Board\n        response: Agreed.\n",
    )
    ok, problems = validated(site)
    assert ok
    assert problems == []


# --- warnings -----------------------------------------------------------------------------


def test_an_outcome_whose_page_would_be_empty(site: Path) -> None:
    text = (site / OUTCOMES).read_text(encoding="utf-8")
    start = text.index("  - number: 2")
    text = text[:start] + "  - number: 2\n    id: living-well\n    title: Everyone lives well for longer\n"
    (site / OUTCOMES).write_text(text, encoding="utf-8")
    message = warns_at(site, OUTCOMES, line_of(text, "- number: 2"))
    assert "outcomes › living-well: the page for outcome 'living-well' would show only its title" in message
    assert "add a summary, what_we_know, priorities, actions or measures, or list it in a declared list instead" in (
        message
    )


def test_a_declared_list_with_no_items(site: Path) -> None:
    text = with_lists(site, GOOD + "  - id: themes\n    singular: theme\n    plural: themes\n")
    message = warns_at(site, LISTS, line_of(text, "- id: themes"))
    assert "lists › themes: the list has no items, so its page would show only its introduction" in message
    assert "add its items under 'items:', or remove the list" in message


def test_a_built_in_list_declared_with_nothing_in_it(site: Path) -> None:
    text = with_lists(site, GOOD + "  - id: interventions\n    address: what-we-fund\n")
    message = warns_at(site, LISTS, line_of(text, "- id: interventions"))
    assert "the interventions list is declared but the data has no 'interventions:', so it is not shown" in message


def test_lists_side_by_side_on_the_home_page_need_an_introduction(site: Path) -> None:
    text = with_lists(
        site, GOOD.replace("    introduction: Our priorities run through every outcome.\n", "    home: items\n")
    )
    ok, problems = validated(site)
    assert ok
    own = at(problems, LISTS, line_of(text, "- id: strategic-priorities"), "warning")
    assert "the home page shows 2 lists side by side ('strategic-priorities', 'outcomes')" in own
    assert "residents need a sentence on how they relate; add an 'introduction' to this list" in own
    outcomes_text = (site / OUTCOMES).read_text(encoding="utf-8")
    outcomes = at(problems, OUTCOMES, line_of(outcomes_text, "- number: 1"), "warning")
    assert "declare the outcomes list in lists: with an 'introduction'" in outcomes


def test_one_list_on_the_home_page_needs_no_introduction(site: Path) -> None:
    with_lists(site, GOOD.replace("    introduction: Our priorities run through every outcome.\n", ""))
    ok, problems = validated(site)
    assert ok
    assert problems == []


def test_a_number_in_a_list_that_is_not_numbered(site: Path) -> None:
    text = with_lists(site, GOOD.replace("    numbered: true\n", ""))
    message = warns_at(site, LISTS, line_of(text, 'number: "1"'))
    assert "reducing-inequalities › number: '1' is not shown: the list is not numbered; remove it or declare " in (
        message
    )
    assert "numbered: true" in message


def test_numbers_on_outcomes_declared_not_numbered(site: Path) -> None:
    text = with_lists(site, "lists:\n  - id: outcomes\n    numbered: false\n")
    ok, problems = validated(site)
    assert ok
    message = at(problems, LISTS, line_of(text, "numbered: false"), "warning")
    assert "the outcomes list is declared 'numbered: false', yet 2 of its outcomes give a number" in message
    assert "remove their numbers, or remove 'numbered: false'" in message
    assert len(problems) == 1  # one warning at the declaration, not one at each outcome


def test_a_declared_link_no_item_uses(site: Path) -> None:
    text = with_lists(site, GOOD.replace("        links: {outcomes: [healthy-start]}\n", ""))
    message = warns_at(site, LISTS, line_of(text, "- to: outcomes"))
    assert "lists › strategic-priorities › links › outcomes: no item of the list links to 'outcomes'" in message
    assert "add 'outcomes: [...]' to the 'links:' of the items it applies to, or remove the link" in message


def test_a_broken_declaration_of_the_outcomes_hides_no_number_errors_behind_it(site: Path) -> None:
    """The outcomes list declared 'numbered: false' with a typo elsewhere: one problem, not one per outcome."""
    edit_outcomes(site, "  - number: 2\n    id: living-well", "  - id: living-well")
    text = with_lists(site, "lists:\n  - id: outcomes\n    numbered: false\n    adress: key-areas\n")
    ok, problems = validated(site)
    assert not ok
    assert [str(p) for p in problems] == [
        f"data/lists.yaml:{line_of(text, 'adress:')}: lists › outcomes › adress: unknown field 'adress'; "
        "did you mean 'address'?"
    ]
