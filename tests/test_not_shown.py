"""Missing parts are named where they are missed (#27 item 5).

A section's ``not_shown`` records a diagram, map, graph, chart, table or picture the document
shows and this site does not reproduce. The page says so in words right after the paragraph
holding the entry's ``after`` words (at the end of the section without them), so "(see maps
opposite)" is never left pointing at nothing. The draft's placeholder in the foreword's place
("Updated wording to go here") goes to the editors' report, never to a page.

The expectations are read from the YAML with plain PyYAML, not from the generator's model.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import generate
from generator.cli import main

from .conftest import ROOT, buildable_minimal_site
from .html_text import visible_text

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def _note(document: str, entry: dict[str, Any]) -> str:
    """The sentence the page should show for one entry, as a resident reads it."""
    kind = entry["kind"]
    what = kind if kind.endswith("s") else f"a {kind}"
    description = entry["description"].strip()
    end = "" if description.endswith((".", "!", "?")) else "."
    return f"The {document} shows {what} that this site does not reproduce: {description}{end}"


def _sections(luton_yaml: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(page, document name, section) for every section of Luton's strategy and plans that has ``not_shown``."""
    strategy = luton_yaml["strategy"]
    document = strategy.get("terms", {}).get("strategy", "strategy")
    found = [("about/index.html", document, s) for s in strategy["sections"] if s.get("not_shown")]
    for plan in luton_yaml["plans"]:
        page = f"plans/{plan['id']}/index.html"
        found += [(page, plan["short_title"], s) for s in plan["sections"] if s.get("not_shown")]
    return found


def _section_html(page: str, section_id: str) -> str:
    """The HTML of one section of a page: from its heading to the next heading of the same level."""
    start = page.index(f'<h2 id="{section_id}"')
    end = page.find("<h2", start + 1)
    return page[start : end if end != -1 else len(page)]


def _blocks(section: str) -> list[tuple[int, int, str]]:
    """The section's paragraphs and list items in order: (start, end, text as read)."""
    return [(m.start(), m.end(), visible_text(m.group(0))) for m in re.finditer(r"<(p|li)>.*?</\1>", section, re.S)]


def _as_read(markdown: str) -> str:
    """Words copied from a Markdown body, as they read on the page (no emphasis marks)."""
    return " ".join(re.sub(r"[*_]", "", markdown).split())


def test_each_part_not_shown_is_named_right_after_its_paragraph(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    sections = _sections(luton_yaml)
    entries = [entry for _, _, section in sections for entry in section["not_shown"]]
    # the maps, diagrams, graph and pictures of the strategy and the Five Year System Strategy
    assert len(entries) >= 13, entries
    assert sum(1 for entry in entries if entry.get("after")) >= 6
    for page_name, document, section in sections:
        page = (luton_site / "site" / page_name).read_text(encoding="utf-8")
        part = _section_html(page, section["id"])
        blocks = _blocks(part)
        texts = [text for _, _, text in blocks]
        for entry in section["not_shown"]:
            note = _note(document, entry)
            assert texts.count(note) == 1, (page_name, section["id"], note, texts)
            at = texts.index(note)
            assert part[blocks[at][0] : blocks[at][0] + 6] == "<p><em", "the note is a paragraph of plain words"
            if entry.get("after"):
                words = _as_read(entry["after"])
                holding = [n for n, text in enumerate(texts) if words in text and text != note]
                assert len(holding) == 1, (section["id"], words, texts)
                # right after that paragraph: nothing but other notes in between
                between = texts[holding[0] + 1 : at]
                assert all("that this site does not reproduce" in text for text in between), (note, between)
                assert at > holding[0]
            else:
                # at the end of the section: only other notes follow it
                after = texts[at + 1 :]
                assert all("that this site does not reproduce" in text for text in after), (note, after)


def test_the_governance_page_names_the_picture_after_democratic_accountability(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    section = next(s for s in luton_yaml["strategy"]["sections"] if "democratic-accountability" in s["id"])
    assert section.get("not_shown")
    text = visible_text((luton_site / "site" / "governance" / "index.html").read_text(encoding="utf-8"))
    for entry in section["not_shown"]:
        assert _note("strategy", entry) in text


def test_the_documents_references_stay_as_written(luton_site: Path) -> None:
    """The document's own words, such as "(see diagram on p 27)", stay as written: the note follows them."""
    about = visible_text((luton_site / "site" / "about" / "index.html").read_text(encoding="utf-8"))
    assert "(see diagram on p 27): The strategy shows a diagram that this site does not reproduce" in about
    assert "(see maps opposite). The strategy shows maps that this site does not reproduce" in about
    plan = visible_text((luton_site / "site" / "plans" / "five-year-strategy" / "index.html").read_text("utf-8"))
    assert "This graph is a stylised representation" in plan
    assert "Luton Engagement Map The Five Year System Strategy shows a map that this site does not reproduce" in plan


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(MINIMAL, dest)
    return dest


def _validate(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(site)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _with_not_shown(site: Path, entry: str) -> int:
    """Add a ``not_shown`` to the minimal site's only section; return the line the entry's 'after' is on."""
    path = site / "data" / "strategy.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "        This strategy sets out how we will improve health in Testtown.\n"
    assert text.count(anchor) == 1
    text = text.replace(anchor, anchor + "      not_shown:\n" + entry)
    path.write_text(text, encoding="utf-8")
    return next((n for n, line in enumerate(text.splitlines(), start=1) if line.strip().startswith("after:")), 0)


def test_after_words_that_are_not_in_the_body_are_a_located_error(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _with_not_shown(
        minimal, "        - kind: map\n          description: A map of Testtown\n          after: (see map opposite)\n"
    )
    code, err = _validate(minimal, capsys)
    assert code == 1
    expected = (
        f"data/strategy.yaml:{line}: strategy › sections › about › not_shown: the 'after' words "
        "'(see map opposite)' are not in the section's body; copy them from the body, or leave 'after' out"
    )
    assert expected in err.splitlines(), err


def test_after_words_that_occur_twice_are_a_located_error(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "ow" is in "how" and in "Testtown"
    line = _with_not_shown(minimal, "        - kind: diagram\n          description: A diagram\n          after: ow\n")
    code, err = _validate(minimal, capsys)
    assert code == 1
    expected = (
        f"data/strategy.yaml:{line}: strategy › sections › about › not_shown: the 'after' words 'ow' are in the "
        "section's body 2 times; add words around them so they are there once"
    )
    assert expected in err.splitlines(), err


def test_a_part_not_shown_without_after_words_is_valid_and_named_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = buildable_minimal_site(tmp_path / "site")
    _with_not_shown(site, "        - kind: chart\n          description: A chart of life expectancy in Testtown\n")
    code, err = _validate(site, capsys)
    assert (code, err) == (0, "")
    generate(site)
    about = (site / "build" / "docs" / "about.md").read_text(encoding="utf-8")
    section = about[about.index("## About the strategy {: #about }") :]
    section = section[: section.index("\n## ", 1)]
    paragraphs = [p.strip() for p in section.split("\n\n") if p.strip()]
    assert paragraphs[-2:] == [
        "This strategy sets out how we will improve health in Testtown.",
        "*The strategy shows a chart that this site does not reproduce: A chart of life expectancy in Testtown.*",
    ], paragraphs


# --- placeholders from the draft ------------------------------------------------------------------

PLACEHOLDERS = ("Updated wording to go here", "to go here")


def _public_files(site: Path) -> list[Path]:
    """Every page and data file a resident can open (not the theme's own scripts and styles)."""
    return [
        p
        for p in (site / "site").rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".csv", ".xml", ".txt"} and "assets" not in p.parts
    ]


def test_no_page_of_luton_shows_the_drafts_placeholder(luton_site: Path) -> None:
    files = _public_files(luton_site)
    assert any(p.name == "index.html" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        readable = html.unescape(text)
        for placeholder in PLACEHOLDERS:
            assert placeholder.casefold() not in readable.casefold(), f"{placeholder!r} is in {path}"


def test_the_about_page_says_only_that_there_is_no_foreword_yet(luton_site: Path) -> None:
    page = (luton_site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    foreword = visible_text(_section_html(page, "foreword"))
    # Luton's strategy ran 2012-2019, so the page speaks of it in the past
    assert "The draft had no foreword, but its foreword page was signed:" in foreword, foreword
    assert "In its place" not in text and "has not been written" not in text


def test_the_editors_report_gives_the_placeholder_at_its_line(luton_site: Path) -> None:
    report = (luton_site / "build" / "report" / "editors-report.md").read_text(encoding="utf-8")
    strategy = (ROOT / "data" / "strategy.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(strategy, start=1) if text.strip().startswith("source_note:"))
    notes = [entry for entry in report.splitlines() if entry.startswith(f"- `data/strategy.yaml:{line}` ")]
    assert len(notes) == 1, report
    assert "Foreword" in notes[0] and '"Updated wording to go here"' in notes[0]


def test_the_governance_page_says_the_foreword_page_is_signed(luton_site: Path) -> None:
    text = visible_text((luton_site / "site" / "governance" / "index.html").read_text(encoding="utf-8"))
    assert "to be signed" not in text
    assert "foreword page of the draft strategy is signed by the Chair of the Shadow Health and Wellbeing Board" in text
