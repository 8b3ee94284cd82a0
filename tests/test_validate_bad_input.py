"""`strategy-site validate` on broken input: every mistake is one `file:line: message`, never a traceback.

Each test copies the valid site in tests/fixtures/minimal to tmp_path, breaks one thing by
editing the text of one file, and checks that the problem names the right file and line
and says, in plain words, what to do.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import AnyStr

import pytest

from generator.cli import main
from generator.validate import load_site

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid site."""
    dest = tmp_path / "site"
    shutil.copytree(MINIMAL, dest)
    return dest


def edit(site: Path, name: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in data/<name>; return the new text."""
    path = site / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur exactly once in {name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def write(site: Path, name: str, content: AnyStr) -> AnyStr:
    path = site / "data" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return content


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the ``occurrence``-th line containing ``needle``."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) >= occurrence, f"{needle!r} not found {occurrence} time(s)"
    return lines[occurrence - 1]


def validate(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", str(site)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def problem(err: str, place: str) -> str:
    """The problem line that starts with ``place`` (e.g. "data/outcomes.yaml:14:")."""
    matches = [line for line in err.splitlines() if line.startswith(place + " ")]
    assert matches, f"no problem at {place}; got:\n{err}"
    return matches[0]


def fails_at(site: Path, capsys: pytest.CaptureFixture[str], place: str) -> str:
    """Validate, expect exit code 1 and a problem at ``place``; return that problem's line."""
    code, out, err = validate(site, capsys)
    assert code == 1, out + err
    assert out == ""
    return problem(err, place)


# --- the valid site -------------------------------------------------------------------------


def test_minimal_site_is_valid(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(site, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("OK: Testtown — 2 outcomes, 4 priorities, 2 indicators, 2 targets")


def test_minimal_fixture_loads_without_problems() -> None:
    loaded, problems = load_site(MINIMAL)
    assert loaded is not None
    assert problems.items == []
    assert [o.id for o in loaded.outcomes] == ["healthy-start", "living-well"]
    assert len(loaded.jsna_priorities) == 3
    assert {s.kind for i in loaded.indicators for s in i.series} == {"actual", "target"}
    assert len(loaded.boards) == len(loaded.documents) == 2


# --- YAML syntax ----------------------------------------------------------------------------


def test_unclosed_quote_at_end_of_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "glossary.yaml", "expansion: Public Health", 'expansion: "Public Health')
    line = line_of(text, '"Public Health')
    message = fails_at(site, capsys, f"data/glossary.yaml:{line}:")
    assert "YAML syntax error" in message
    assert "quote" in message
    assert "never closed" in message


def test_unclosed_quote_with_more_quotes_further_down(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The usual case: the file has other quoted text below, which YAML takes as the closing quote."""
    text = edit(site, "outcomes.yaml", "title: Every child has", 'title: "Every child has')
    line = line_of(text, '"Every child has')
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "quote" in message


def test_key_indented_less_than_its_neighbours(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(
        site, "outcomes.yaml", "    summary: |\n      This priority focuses on children", "   summary: |\n      x"
    )
    line = line_of(text, "   summary:")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "YAML syntax error" in message
    assert "indent" in message


def test_key_indented_more_than_its_neighbours(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "boards.yaml", "    name: Health and Wellbeing Board", "      name: Health and Wellbeing Board")
    line = line_of(text, "      name: Health and Wellbeing Board")
    message = fails_at(site, capsys, f"data/boards.yaml:{line}:")
    assert "YAML syntax error" in message
    assert "indent" in message


def test_colon_inside_unquoted_text(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "title: Everyone lives well", "title: Everyone: live well")
    line = line_of(text, "title: Everyone: live well")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "quotes" in message


@pytest.mark.parametrize(
    ("name", "old"),
    [
        pytest.param("outcomes.yaml", "    delivery_board: children-trust-board", id="nested-key"),
        pytest.param("strategy.yaml", "  title: A Healthier Future", id="first-key-of-section"),
    ],
)
def test_tab_used_for_indentation(site: Path, capsys: pytest.CaptureFixture[str], name: str, old: str) -> None:
    text = edit(site, name, old, "\t" + old.lstrip(" "))
    line = line_of(text, "\t")
    message = fails_at(site, capsys, f"data/{name}:{line}:")
    assert "YAML syntax error" in message
    assert "tab" in message
    assert "space" in message


def test_same_key_twice_in_one_mapping(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(
        site,
        "outcomes.yaml",
        "    delivery_board: children-trust-board\n",
        "    delivery_board: children-trust-board\n    title: Again\n",
    )
    first = line_of(text, "title: Every child has")
    second = line_of(text, "title: Again")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{second}:")
    assert "'title' appears twice" in message
    assert f"first on line {first}" in message


# --- fields -------------------------------------------------------------------------------


def test_unknown_field_suggests_the_right_name(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "    title: Everyone lives", "    titel: Everyone lives")
    line = line_of(text, "titel:")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "unknown field 'titel'" in message
    assert "did you mean 'title'" in message


def test_required_field_missing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "    title: Everyone lives well for longer\n", "")
    line = line_of(text, "  - number: 2")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "living-well" in message
    assert "required field 'title' is missing" in message


# --- wrong types ----------------------------------------------------------------------------


def test_unquoted_priority_number_read_as_a_float(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", '- id: "1.10"', "- id: 1.10")
    line = line_of(text, "- id: 1.10")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "read as the number 1.1" in message
    assert 'quotes to keep it as written: "1.10"' in message


def test_no_read_as_false_where_text_belongs(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "    title: Everyone lives well for longer", "    title: no")
    line = line_of(text, "title: no")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "'no' was read as false" in message
    assert 'put it in quotes if you meant the text: "no"' in message


def test_list_where_text_belongs(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(
        site,
        "outcomes.yaml",
        "    title: Everyone lives well for longer",
        "    title:\n      - Everyone lives well\n      - for longer",
    )
    line = line_of(text, "    title:", occurrence=2)
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "a list is given where text belongs" in message


def test_unquoted_date_where_a_period_belongs(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML reads an unquoted 2015-03-31 as a date; the editor needs to be told to quote it."""
    text = edit(site, "indicators.yaml", '- period: "2015-2017"', "- period: 2015-03-31")
    line = line_of(text, "- period: 2015-03-31")
    message = fails_at(site, capsys, f"data/indicators.yaml:{line}:")
    assert "quotes" in message


def test_yes_is_not_accepted_as_jsna_group_1(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`group: yes` is read as true, and true == 1 in Python; it must not pass as group 1."""
    text = edit(site, "jsna.yaml", "    group: 2", "    group: yes")
    line = line_of(text, "group: yes")
    message = fails_at(site, capsys, f"data/jsna.yaml:{line}:")
    assert "group" in message


@pytest.mark.parametrize("item", ["  -\n", "  - 5\n"], ids=["empty-item", "number-item"])
def test_list_entry_that_is_not_a_block(site: Path, capsys: pytest.CaptureFixture[str], item: str) -> None:
    """A stray '-' (or a bare value) in a list of records is a problem on its line, not a crash."""
    text = edit(site, "glossary.yaml", "  - term: PHOF\n", item + "  - term: PHOF\n")
    line = text.splitlines().index(item.rstrip("\n")) + 1  # the whole line: "  -" is in every item
    fails_at(site, capsys, f"data/glossary.yaml:{line}:")


# --- references to ids that do not exist ----------------------------------------------------------


def test_unknown_indicator_in_measures(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "- indicator: life-expectancy-birth", "- indicator: life-expectancy-at-birth")
    line = line_of(text, "life-expectancy-at-birth")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "measures" in message
    assert "no indicator with id 'life-expectancy-at-birth'" in message
    assert "did you mean 'life-expectancy-birth'" in message


def test_unknown_jsna_priority_in_jsna_links(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "- jsna: supporting-carers", "- jsna: supporting-carer")
    line = line_of(text, "- jsna: supporting-carer")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "jsna_links" in message
    assert "no JSNA priority with id 'supporting-carer'" in message
    assert "did you mean 'supporting-carers'" in message


def test_unknown_delivery_board(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(
        site, "outcomes.yaml", "delivery_board: health-and-wellbeing-board", "delivery_board: health-wellbeing-board"
    )
    line = line_of(text, "delivery_board: health-wellbeing-board")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "delivery_board" in message
    assert "no board with id 'health-wellbeing-board'" in message
    assert "did you mean 'health-and-wellbeing-board'" in message


def test_unknown_document_in_strategic_links(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "outcomes.yaml", "- document: domestic-abuse-strategy", "- document: domestic-abuse-stategy")
    line = line_of(text, "domestic-abuse-stategy")
    message = fails_at(site, capsys, f"data/outcomes.yaml:{line}:")
    assert "strategic_links" in message
    assert "no document with id 'domestic-abuse-stategy'" in message
    assert "did you mean 'domestic-abuse-strategy'" in message


# --- the same id twice ----------------------------------------------------------------------------


def test_same_id_twice_in_one_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (site / "data" / "jsna.yaml").read_text(encoding="utf-8")
    text = write(site, "jsna.yaml", text + "  - id: reducing-obesity\n    name: Reducing obesity\n    group: 2\n")
    first = line_of(text, "- id: reducing-obesity", occurrence=1)
    second = line_of(text, "- id: reducing-obesity", occurrence=2)
    message = fails_at(site, capsys, f"data/jsna.yaml:{second}:")
    assert "id 'reducing-obesity' is defined twice" in message
    assert f"data/jsna.yaml:{first}" in message


def test_same_id_in_two_files(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first_text = (site / "data" / "documents.yaml").read_text(encoding="utf-8")
    first = line_of(first_text, "- id: domestic-abuse-strategy")
    text = write(
        site,
        "more-documents.yaml",
        "documents:\n  - id: other-plan\n    title: Other plan\n  - id: domestic-abuse-strategy\n    title: Again\n",
    )
    second = line_of(text, "- id: domestic-abuse-strategy")
    message = fails_at(site, capsys, f"data/more-documents.yaml:{second}:")
    assert "id 'domestic-abuse-strategy' is defined twice" in message
    assert f"data/documents.yaml:{first}" in message


# --- periods --------------------------------------------------------------------------------------


def test_period_that_cannot_be_read(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "indicators.yaml", '- period: "2009-2011"', '- period: "sometime"')
    line = line_of(text, '"sometime"')
    message = fails_at(site, capsys, f"data/indicators.yaml:{line}:")
    assert "'sometime' is not a period" in message
    assert "2014/15" in message
    assert "2008-2010" in message


def test_period_that_runs_backwards(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "indicators.yaml", '- period: "2009-2011"', '- period: "2014-2012"')
    line = line_of(text, '"2014-2012"')
    message = fails_at(site, capsys, f"data/indicators.yaml:{line}:")
    assert "'2014-2012' runs backwards" in message
    assert "2012-2014" in message


def test_target_before_baseline_period(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "indicators.yaml", '- period: "2015-2017"', '- period: "2006-2008"')
    line = line_of(text, '"2006-2008"')
    message = fails_at(site, capsys, f"data/indicators.yaml:{line}:")
    assert "infant-mortality" in message
    assert "target period '2006-2008' is before the baseline period '2008-2010'" in message


# --- files that cannot be read --------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank-lines", "comment"])
def test_empty_file(site: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    write(site, "glossary.yaml", content)
    message = fails_at(site, capsys, "data/glossary.yaml:1:")
    assert "file is empty" in message


def test_file_that_is_not_utf8(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site, "glossary.yaml", b"\xff\xfeg\x00l\x00o\x00s\x00s\x00a\x00r\x00y\x00:\x00\n\x00")
    message = fails_at(site, capsys, "data/glossary.yaml:1:")
    assert "not UTF-8" in message
    assert "save it as UTF-8" in message


def test_non_utf8_byte_is_located_on_its_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site, "glossary.yaml", b"glossary:\n  - term: JSNA\n    expansion: Joint \xe9tude\n")
    message = fails_at(site, capsys, "data/glossary.yaml:3:")
    assert "not UTF-8" in message
    assert "0xe9" in message


def test_file_over_5_mb(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = "  - term: T\n    expansion: " + "x" * 1000 + "\n"
    write(site, "big.yaml", "glossary:\n" + entry * (5 * 1024 + 10))
    code, _out, err = validate(site, capsys)
    assert code == 1
    # a problem with the whole file has no line of its own; accept "file:" or "file:1:"
    assert re.search(r"^data/big\.yaml:(1:)? file is 5\.\d MB, over the 5 MB limit", err, re.MULTILINE), err
    assert "split it into smaller files" in err


def test_yaml_alias_bomb_is_refused_quickly(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    write(site, "bomb.yaml", "\n".join(lines) + "\n")
    code, _out, err = validate(site, capsys)  # expanded, this would be 10**9 strings
    assert code == 1
    first = err.splitlines()[0]
    assert re.match(r"^data/bomb\.yaml:([1-9]|10): ", first), first
    assert "anchors and aliases (&name / *name) are not allowed" in first


def test_alias_is_refused_even_when_small(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(site, "glossary.yaml", "  - term: PHOF\n", "  - &jsna\n    term: PHOF\n")
    write(site, "glossary.yaml", text + "  - *jsna\n")
    message = fails_at(site, capsys, f"data/glossary.yaml:{line_of(text, '&jsna')}:")
    assert "anchors and aliases" in message


# --- how problems are listed --------------------------------------------------------------------


def test_problems_are_sorted_by_file_then_line_and_counted(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # broken bottom-up, so the order found is not the order printed
    outcomes = edit(site, "outcomes.yaml", "- indicator: life-expectancy-birth", "- indicator: nowhere")
    outcomes = edit(site, "outcomes.yaml", "- jsna: supporting-carers", "- jsna: nobody")
    outcomes = edit(site, "outcomes.yaml", '            period: "2008-2010"', '            period: "soon"')
    outcomes = edit(site, "outcomes.yaml", "    title: Every child has a healthy start in life", "    title: no")
    boards = edit(site, "boards.yaml", "    name: Health and Wellbeing Board", "    nam: Health and Wellbeing Board")
    code, _out, err = validate(site, capsys)
    assert code == 1
    *problems, count = err.strip().splitlines()
    places = []
    for line in problems:
        match = re.match(r"^(data/[\w.-]+\.yaml):(\d+): ", line)
        assert match, line
        places.append((match[1], int(match[2])))
    assert places == sorted(places)
    expected = [
        ("data/boards.yaml", line_of(boards, "nam:")),
        ("data/outcomes.yaml", line_of(outcomes, "title: no")),
        ("data/outcomes.yaml", line_of(outcomes, '"soon"')),
        ("data/outcomes.yaml", line_of(outcomes, "- jsna: nobody")),
        ("data/outcomes.yaml", line_of(outcomes, "- indicator: nowhere")),
    ]
    assert set(expected) <= set(places)
    assert places[0][0] == "data/boards.yaml"
    # lines sort as numbers, not as text: 4 before 14
    outcome_lines = [n for f, n in places if f == "data/outcomes.yaml"]
    assert outcome_lines.index(expected[1][1]) < outcome_lines.index(expected[2][1])
    assert expected[1][1] < 10 <= expected[2][1]
    assert count == f"{len(problems)} problems found; nothing was built. Fix the lines above and run " + (
        "'strategy-site validate' again."
    )


def test_single_problem_count_is_singular(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(site, "outcomes.yaml", "    title: Everyone lives well for longer", "    title: no")
    code, _out, err = validate(site, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[-1].startswith("1 problem found; nothing was built.")


def test_a_value_citing_an_unknown_document_is_refused_at_its_source_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edit(
        site,
        "indicators.yaml",
        "            value: 78.0\n",
        "            value: 78.0\n            source: hwb-strategy-2021\n",
    )
    message = fails_at(site, capsys, f"data/indicators.yaml:{line_of(text, 'source: hwb-strategy-2021')}:")
    assert (
        "indicators › life-expectancy-birth › values › 2009-2011 › source: there is no document with id "
        "'hwb-strategy-2021' (in 'documents')" in message
    ), message
    assert "hwb-strategy-2012" in message  # the id it most likely meant
