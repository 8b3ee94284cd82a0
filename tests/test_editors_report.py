"""Editors' notes go to the editors' report, never to the public site; unfinished drafts are said compactly.

Every check reads the built HTML (both sites), the search index, the sitemap and the
report that the build wrote to ``build/report/``, against the data read with plain
PyYAML, so a note that leaks back onto a page, or one the report drops, fails here.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.milestones import read_when, restates

from .conftest import ROOT, copy_site
from .html_text import visible_text


def _words(text: str) -> str:
    """Text reduced to lower-case words, so Markdown, HTML and line breaks do not matter."""
    return " ".join(re.findall(r"[a-z0-9]+", html.unescape(text).casefold()))


def _snippet(text: str, count: int = 15) -> str:
    """The first words of a note: enough to recognise it anywhere, whatever the markup around it."""
    words = _words(text).split()
    return " ".join(words[:count])


def _public(site_dir: Path) -> dict[str, str]:
    """Every public page, the search index and the sitemap (when built with an address), as words."""
    site = site_dir / "site"
    found = {
        p.relative_to(site).as_posix(): _words(re.sub(r"<[^>]+>", " ", p.read_text("utf-8")))
        for p in site.rglob("*.html")
    }
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found["search/search_index.json"] = _words(" ".join(d["title"] + " " + d["text"] for d in index["docs"]))
    if (site / "sitemap.xml").is_file():
        found["sitemap.xml"] = _words((site / "sitemap.xml").read_text(encoding="utf-8"))
    return found


def _report(site_dir: Path) -> str:
    return (site_dir / "build" / "report" / "editors-report.md").read_text(encoding="utf-8")


def _editor_notes(data: dict[str, Any]) -> list[str]:
    """Every editors' note the data holds: open questions, plan match notes, scheme notes, editor_note fields."""
    notes = [q["question"] for q in data.get("open_questions", [])]
    for plan in data.get("plans", []):
        notes += [p["note"] for p in plan.get("priorities", []) if p.get("note")]
        notes += [p["note"] for p in plan.get("programmes", []) if p.get("note")]
        for section in plan.get("sections", []):
            notes += [section["editor_note"]] if section.get("editor_note") else []
            notes += [g["editor_note"] for g in section.get("groups", []) if g.get("editor_note")]
    notes += [d["editor_note"] for d in data.get("documents", []) if d.get("editor_note")]
    return notes


def _as_written(data: dict[str, Any]) -> list[str]:
    """The source's own wording wherever the site names a JSNA priority or an indicator differently."""
    jsna = {j["id"]: j["name"] for j in data.get("jsna_priorities", [])}
    names = {i["id"]: i["name"] for i in data.get("indicators", [])}
    found = []
    for outcome in data["outcomes"]:
        for priority in outcome.get("priorities", []):
            found += [lk["as_written"] for lk in priority.get("jsna_links", []) if lk["as_written"] != jsna[lk["jsna"]]]
        found += [m["as_written"] for m in outcome.get("measures", []) if m["as_written"] != names[m["indicator"]]]
    return found


@pytest.fixture(scope="module")
def sites(
    luton_site: Path, leicestershire_site: Path, luton_yaml: dict[str, Any], leicestershire_yaml: dict[str, Any]
) -> list[Any]:
    return [(luton_site, luton_yaml), (leicestershire_site, leicestershire_yaml)]


def test_no_public_page_search_entry_or_menu_holds_an_editors_note(sites: list[Any]) -> None:
    for site_dir, data in sites:
        public = _public(site_dir)
        notes = _editor_notes(data)
        assert len(notes) >= 20
        for note in notes:
            snippet = _snippet(note)
            leaks = [page for page, text in public.items() if snippet in text]
            assert not leaks, (snippet, leaks)
        for page, text in public.items():
            assert "written in the" not in text, page
            assert "open question" not in text and "open questions" not in text, page
        assert not (site_dir / "site" / "open-questions").exists()


def test_the_sitemap_and_menu_of_a_published_site_name_no_editors_page(luton_on_pages: Path) -> None:
    sitemap = (luton_on_pages / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "open-questions" not in sitemap and "report" not in sitemap
    menu = (luton_on_pages / "site" / "index.html").read_text(encoding="utf-8")
    assert "Open questions" not in menu


def test_the_report_holds_every_note_with_its_file_and_line(sites: list[Any]) -> None:
    for site_dir, data in sites:
        report = _report(site_dir)
        words = _words(report)
        for note in _editor_notes(data) + _as_written(data):
            assert _words(note) in words, note[:80]
        for question in data["open_questions"]:
            assert f"(id {question['id']})" in report
        assert re.search(r"`data/[a-z_-]+\.yaml:\d+`", report)
        page = (site_dir / "build" / "report" / "editors-report.html").read_text(encoding="utf-8")
        assert "<script" not in page and 'name="robots" content="noindex"' in page


def test_each_open_question_has_a_short_heading_not_a_cut_off_copy(sites: list[Any]) -> None:
    for site_dir, data in sites:
        headings = re.findall(r"^### \d+\. (.+)$", _report(site_dir), flags=re.MULTILINE)
        assert len(headings) == len(data["open_questions"])
        for heading, question in zip(headings, data["open_questions"], strict=True):
            assert len(heading.split()) <= 8, heading
            assert not _words(question["question"]).startswith(_words(heading)), heading


def test_the_report_command_writes_outside_the_public_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    assert main(["report", str(site_dir)]) == 0
    out = capsys.readouterr().out
    assert "editors-report.md" in out and "open question" in out
    assert (site_dir / "build" / "report" / "editors-report.html").is_file()
    assert not (site_dir / "site").exists()


def test_the_report_page_follows_a_changed_question_on_a_warm_build(tmp_path: Path) -> None:
    """The report's HTML is kept between builds by its Markdown: a changed question shows at once."""
    from generator.build import build

    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    build(site_dir)
    questions = site_dir / "data" / "open_questions.yaml"
    text = questions.read_text(encoding="utf-8")
    first = re.search(r"question: \|\n( +)(.+)", text)
    assert first
    questions.write_text(text.replace(first.group(2), first.group(2).rstrip() + " Checked again in May.", 1), "utf-8")
    build(site_dir)
    page = (site_dir / "build" / "report" / "editors-report.html").read_text(encoding="utf-8")
    assert "Checked again in May." in html.unescape(page)


def test_a_build_that_fails_in_mkdocs_still_brings_the_report_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is written after MkDocs, while the pages are checked; when MkDocs fails, before that is said."""
    from generator.build import build
    from generator.problems import InputError, Problem, Where

    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    questions = site_dir / "data" / "open_questions.yaml"
    text = questions.read_text(encoding="utf-8")
    first = re.search(r"question: \|\n( +)(.+)", text)
    assert first
    questions.write_text(text.replace(first.group(2), first.group(2).rstrip() + " Asked again in June.", 1), "utf-8")

    def mkdocs_fails(*_arguments: object, **_keywords: object) -> None:
        raise InputError([Problem(Where("mkdocs.yml"), "MkDocs stopped")])

    monkeypatch.setattr("generator.build.mkdocs_joint.run", mkdocs_fails)
    with pytest.raises(InputError, match="MkDocs stopped"):
        build(site_dir)
    assert "Asked again in June." in _report(site_dir)


# --- unfinished drafts, compactly --------------------------------------------------------------

PLACEHOLDER = re.compile(r"^(|–|-|not given|to be completed|<local measure>|risk \d+|outcome \d+)$", re.IGNORECASE)


def _tables(page: str) -> list[list[list[str]]]:
    tables = []
    for table in re.findall(r"<table>(.*?)</table>", page, flags=re.DOTALL):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.DOTALL):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
            rows.append([visible_text(c) for c in cells])
        tables.append([r for r in rows if r])
    return tables


def test_the_bcf_page_has_no_table_of_placeholders_and_lists_unfinished_parts_in_one_line(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    page = (luton_site / "site" / "plans" / "better-care-fund" / "index.html").read_text(encoding="utf-8")
    for table in _tables(page):
        values = [cell for row in table for cell in row[1:]]
        assert values and not all(PLACEHOLDER.match(v) for v in values), table
        assert not any(c in ("to be completed", "<local measure>") for row in table for c in row), table
    plan = next(p for p in luton_yaml["plans"] if p["id"] == "better-care-fund")
    unfinished = [s for s in plan["sections"] if s.get("status") == "to_be_completed"]
    assert len(unfinished) >= 5
    text = visible_text(page)
    line = re.search(r"Parts the draft leaves to be completed: ([^.]+)\.", text)
    assert line, "no one-line list of the unfinished parts"
    for section in unfinished:
        assert section["title"] in line[1]
        assert f'id="{section["id"]}"' not in page  # no heading of its own


def test_a_scheme_with_only_a_name_is_listed_on_its_plan_page_not_given_a_page(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    plan = next(p for p in luton_yaml["plans"] if p["id"] == "better-care-fund")
    content = ("summary", "aims", "projects", "outcomes", "priorities")
    named = [p for p in plan["programmes"] if not any(p.get(key) for key in content)]
    assert len(named) == 3
    page = (luton_site / "site" / "plans" / "better-care-fund" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for programme in named:
        assert not (luton_site / "site" / "plans" / "better-care-fund" / programme["id"]).exists()
        assert programme["name"] in text
    assert "<p>The draft names these but does not describe them yet" in page  # its own paragraph, not in a list


def test_a_summary_the_source_cuts_off_says_so(leicestershire_site: Path, leicestershire_yaml: dict[str, Any]) -> None:
    cut = [o for o in leicestershire_yaml["outcomes"] if o.get("cut_off")]
    assert {o["id"] for o in cut} >= {"cancer"}
    for outcome in cut:
        page = (leicestershire_site / "site" / "outcomes" / outcome["id"] / "index.html").read_text("utf-8")
        assert "part-way through a sentence" in page
    whole = next(o for o in leicestershire_yaml["outcomes"] if not o.get("cut_off"))
    page = (leicestershire_site / "site" / "outcomes" / whole["id"] / "index.html").read_text("utf-8")
    assert "part-way through a sentence" not in page


def test_a_summary_that_stops_without_cut_off_is_a_warning_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(ROOT / "examples" / "leicestershire", tmp_path / "site")
    outcomes = site_dir / "data" / "outcomes.yaml"
    lines = outcomes.read_text(encoding="utf-8").splitlines(keepends=True)
    cancer = next(i for i, line in enumerate(lines) if line.strip() == "id: cancer")
    summary = next(i for i in range(cancer, len(lines)) if lines[i].strip().startswith("summary:"))
    flag = next(i for i in range(cancer, len(lines)) if lines[i].strip().startswith("cut_off:"))
    outcomes.write_text("".join(line for i, line in enumerate(lines) if i != flag), encoding="utf-8")
    assert main(["validate", str(site_dir)]) == 0
    err = capsys.readouterr().err
    assert f"data/outcomes.yaml:{summary + 1}: warning: outcomes › cancer › summary" in err and "cut_off" in err


# --- the slips the check against the source documents found --------------------------------------


def test_jsna_lists_each_priority_once_and_counts_them(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    page = (luton_site / "site" / "jsna" / "index.html").read_text(encoding="utf-8")
    for jsna in luton_yaml["jsna_priorities"]:
        serving = {
            p["id"]
            for o in luton_yaml["outcomes"]
            for p in o["priorities"]
            for lk in p["jsna_links"]
            if lk["jsna"] == jsna["id"]
        }
        start = page.index(f'id="{jsna["id"]}"')
        following = page.find("<h3", start + 1)
        part = page[start : following if following > 0 else len(page)]
        links = re.findall(r"#priority-([0-9-]+)\"", part)
        assert sorted(links) == sorted({i.replace(".", "-") for i in serving}), jsna["id"]
        if serving:
            word = "priority" if len(serving) == 1 else "priorities"
            assert f"Served by {len(serving)} commissioning {word}" in part
    assert "Served by 11 commissioning priorities" in page  # obesity, smoking and alcohol: 1.4 counted once


def test_plan_tables_the_source_fills_are_shown_not_called_blank(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    five = visible_text((luton_site / "site" / "plans" / "five-year-strategy" / "index.html").read_text("utf-8"))
    bcf = visible_text((luton_site / "site" / "plans" / "better-care-fund" / "index.html").read_text("utf-8"))
    for text in (five, bcf):
        assert "left this part blank" not in text
    local = [a for a in luton_yaml["ambitions"] if a["plan"] == "five-year-strategy-2014" and a["group"] == "local"]
    assert len(local) == 7
    for ambition in local:
        assert "; ".join(ambition["as_written"]) in five
    summary = next(s for p in luton_yaml["plans"] for s in p["sections"] if s["id"] == "summary")
    for row in summary["tables"][0]["rows"]:
        for cell in row:
            assert cell in bcf if cell else True


def test_delivered_through_only_for_records_that_deliver(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    delivering = {
        pid
        for plan in luton_yaml["plans"]
        for programme in plan["programmes"]
        for pid in programme.get("priorities", [])
    }
    restated = {p["id"] for plan in luton_yaml["plans"] for p in plan.get("priorities", [])}
    checked = 0
    for outcome in luton_yaml["outcomes"]:
        page = (luton_site / "site" / "outcomes" / outcome["id"] / "index.html").read_text(encoding="utf-8")
        for priority in outcome["priorities"]:
            start = page.index(f'id="priority-{priority["id"].replace(".", "-")}"')
            following = page.find("<h3", start + 1)
            part = visible_text(page[start : following if following > 0 else len(page)])
            assert ("Delivered through:" in part) == (priority["id"] in delivering), priority["id"]
            assert ("Restated in:" in part) == (priority["id"] in restated), priority["id"]
            if "Delivered through:" in part:
                delivered = part.split("Delivered through:")[1].split(".")[0]
                assert "(" in delivered  # every delivering record is a scheme or programme of a plan
            checked += 1
    assert checked == 17 and {"2.2", "2.3", "2.4", "2.5", "2.6"} <= restated - delivering


def test_the_five_year_strategy_promises_no_section_it_lacks(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    plan = next(p for p in luton_yaml["plans"] if p["id"] == "five-year-strategy")
    assert not plan.get("budget") and not any("financ" in s["title"].lower() for s in plan["sections"])
    text = visible_text((luton_site / "site" / "plans" / "five-year-strategy" / "index.html").read_text("utf-8"))
    assert "pay for it" not in text and "Shifting the Balance of Spend" in text


def test_the_bme_clash_is_an_open_question_with_each_documents_figure(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    sources = {
        "40.6%": json.dumps(luton_yaml["outcomes"]),
        "55%": json.dumps(next(p for p in luton_yaml["plans"] if p["id"] == "five-year-strategy")),
        "55.4%": json.dumps(next(p for p in luton_yaml["plans"] if p["id"] == "better-care-fund")),
    }
    for figure, source in sources.items():
        assert figure in source  # each document's own figure is in the data as written
    question = next(q for q in luton_yaml["open_questions"] if "BME" in q["question"])
    assert all(figure in question["question"] for figure in sources)
    assert _words(question["question"]) in _words(_report(luton_site))


def test_no_sentence_names_the_area_twice(sites: list[Any]) -> None:
    for site_dir, data in sites:
        area = data["strategy"]["area"]
        for page in (site_dir / "site").rglob("*.html"):
            assert f"in {area} in {area}" not in page.read_text(encoding="utf-8"), page


def test_figure_sentences_for_counts_are_grammatical(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    children = next(i for i in luton_yaml["indicators"] if i["id"] == "population-aged-5-15")
    value = next(v for s in children["series"] if s["kind"] == "actual" for v in s["values"])
    text = visible_text((luton_site / "site" / "indicators" / "population-aged-5-15" / "index.html").read_text("utf-8"))
    assert f"In {value['period']} the number of children aged 5 to 15 in Luton was {value['value']:,}." in text
    assert "in Luton was 31,700 people" not in text


def test_a_milestone_date_is_not_repeated_in_other_words(leicestershire_site: Path) -> None:
    text = visible_text((leicestershire_site / "site" / "milestones" / "index.html").read_text("utf-8"))
    assert "by 2nd January 2014" in text
    assert "(due by 2 January 2014)" not in text
    assert "by 01/07/13" in text or "(due by" in text  # a meaning that settles an ambiguous date stays
    assert restates("by 2nd January 2014", read_when("by 2nd January 2014").label)
    assert not restates("by 01/07/13", read_when("by 01/07/13").label)


def test_governance_says_each_sentence_once(sites: list[Any]) -> None:
    for site_dir, _data in sites:
        page = (site_dir / "site" / "governance" / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article") : page.index("</article>")]
        # prose paragraphs; label lines ("Reports to: …") name a board on purpose, once per board
        found = re.findall(r"<p>(.*?)</p>", article, flags=re.DOTALL)
        paragraphs = [visible_text(p) for p in found if not p.startswith("<strong>")]
        sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if len(s) > 40]
        repeated = [s for s, n in Counter(sentences).items() if n > 1]
        assert not repeated, repeated


def test_a_priority_ending_in_a_colon_is_never_shown_without_its_points(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    with_points = [p for o in luton_yaml["outcomes"] for p in o["priorities"] if p.get("points")]
    assert with_points
    for priority in with_points:
        shown = 0
        for page in (luton_site / "site").rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            opening = _words(priority["text"])
            if opening not in _words(re.sub(r"<[^>]+>", " ", text)):
                continue
            shown += 1
            # each point is a list item of its own, not run into the priority's sentence
            leaves = re.findall(r"<li>((?:(?!<li>).)*?)</li>", text, re.S)
            items = [_words(re.sub(r"<[^>]+>", " ", li)) for li in leaves]
            for point in priority["points"]:
                assert _words(point) in items, (page, point)
        assert shown >= 4, priority["id"]  # its outcome, the outcomes list, the JSNA page and the plans


def test_a_milestone_without_a_date_says_so_in_plain_words(
    leicestershire_site: Path, leicestershire_yaml: dict[str, Any]
) -> None:
    undated = [
        m
        for o in leicestershire_yaml["outcomes"]
        for a in o.get("actions", [])
        for m in a["milestones"]
        if not m.get("when")
    ]
    assert undated
    text = visible_text((leicestershire_site / "site" / "milestones" / "index.html").read_text("utf-8"))
    assert text.count("The plan gives no date") == len(undated)
