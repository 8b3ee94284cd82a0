"""The editors' report: what the people who keep the data need to know, kept off the public site.

Open questions, the source's own wording where the site names a record differently
("as written"), how a plan's words were matched to the strategy's records, drafting
notes (a diagram not in the text version, a part left to be completed, a scheme the
draft only names, text the source cuts off), assumptions and the validator's warnings.
Residents see at most a short plain note on the page; the detail is here, written to
``build/report/`` beside the generated pages, never into ``site/``, so it is in no
menu, sitemap or search index.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import markdown as markdown_lib  # type: ignore[import-untyped]  # no stubs pinned; one call

from . import cache, site_files
from .github_format import code_span
from .model import Action, OpenQuestion, Outcome, Site
from .names import short_name
from .problems import Problem, Where
from .render import inert
from .sanitize import clean_html
from .structure import structure_of
from .writer import write_tree

#: Where the report goes inside a site folder: beside the generated pages, never in ``site/``.
BUILD_FOLDER = "build"
REPORT_DIR = "report"
REPORT_MD = "editors-report.md"
REPORT_HTML = "editors-report.html"


@dataclass(frozen=True)
class Note:
    """One note for editors: where it is in the data, what it is about, and what it says."""

    where: Where
    about: str
    text: str


@dataclass
class Report:
    """Everything the report lists, by kind, in data order."""

    title: str
    questions: list[tuple[str, OpenQuestion]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    as_written: list[Note] = field(default_factory=list)
    matches: list[Note] = field(default_factory=list)
    drafting: list[Note] = field(default_factory=list)
    assumptions: list[Note] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _labels(site: Site) -> dict[str, str]:
    """Every id an open question's ``about`` may name, with the record's name as editors know it."""
    structure = structure_of(site)
    labels: dict[str, str] = {
        "strategy": "the strategy",
        "jsna_priorities": "JSNA priorities",
        "indicators": "indicators",
        "outcomes": site.strategy.terms.outcomes,
    }
    for outcome in site.outcomes:
        labels[outcome.id] = structure.label(outcome)
        for priority in outcome.priorities:
            labels[priority.id] = f"Priority {priority.id}" if priority.numbered else short_name(priority)
    labels.update({s.id: s.title for s in site.strategy.sections})
    labels.update({j.id: j.name for j in site.jsna_priorities})
    labels.update({i.id: i.name for i in site.indicators})
    labels.update({a.id: a.title for a in site.ambitions})
    labels.update({b.id: b.name for b in site.boards})
    labels.update({d.id: d.title for d in site.documents})
    for plan in site.plans:
        labels[plan.id] = plan.short_title
        labels.update({s.id: s.title for s in plan.sections})
        labels.update({p.id: p.name for p in plan.programmes})
        labels.update({r.id: f"risk: {r.text}" for r in plan.risks})
    return labels


def question_heading(question: OpenQuestion, spellings: dict[str, str]) -> str:
    """The question's own short title, else its id in words ("bcf-vision-year": "BCF vision year").

    Never a cut-off copy of the question: a heading that stops mid-sentence tells an
    editor nothing the text below does not. Words the glossary spells (BCF, GP) keep
    its spelling.
    """
    if question.title:
        return question.title
    words = [spellings.get(word, word) for word in question.id.replace("_", "-").split("-") if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _named_otherwise(where: Where, about: str, shown: str, written: str, source: str) -> Note:
    """A note that the source words a name differently from the record the site shows."""
    return Note(where, about, f'The site says "{shown}"; the {source} writes "{written}".')


def _board_named_otherwise(
    record: Outcome | Action, board: str | None, boards: dict[str, str], about: str, source: str
) -> Iterable[Note]:
    """A note when the source names the record's board in words other than the board's name."""
    shown = boards.get(board, board) if board else None
    if record.board_as_written and shown and record.board_as_written != shown:
        yield _named_otherwise(record.where_of("board_as_written"), about, shown, record.board_as_written, source)


def _as_written(site: Site) -> Iterable[Note]:
    boards = {b.id: b.name for b in site.boards}
    jsna = {j.id: j.name for j in site.jsna_priorities}
    indicators = {i.id: i.name for i in site.indicators}
    structure = structure_of(site)
    for outcome in site.outcomes:
        here = structure.label(outcome)
        yield from _board_named_otherwise(outcome, outcome.delivery_board, boards, f"{here}, delivery board", "source")
        for priority in outcome.priorities:
            for link in priority.jsna_links:
                name = jsna.get(link.jsna, link.jsna)
                if link.as_written != name:
                    yield _named_otherwise(
                        link.where, f"{here}, priority {priority.id}, JSNA link", name, link.as_written, "strategy"
                    )
        for measure in outcome.measures:
            name = indicators.get(measure.indicator, measure.indicator)
            if measure.as_written != name:
                yield _named_otherwise(measure.where, f"{here}, measure", name, measure.as_written, "strategy")
        for action in outcome.actions:
            about = f"{here}, action {action.id}, accountable board"
            yield from _board_named_otherwise(action, action.board, boards, about, "plan")
    for document in site.documents:
        if document.editor_note:
            yield Note(document.where_of("editor_note"), f"Document: {document.title}", document.editor_note)


def _matches(site: Site) -> Iterable[Note]:
    for plan in site.plans:
        for restated in plan.priorities:
            if restated.note:
                yield Note(restated.where, f"{plan.short_title}, priority {restated.id}", restated.note)
        for programme in plan.programmes:
            if programme.note:
                yield Note(programme.where_of("note"), f"{plan.short_title}, {programme.name}", programme.note)


def _drafting(site: Site) -> Iterable[Note]:
    foreword = site.strategy.foreword
    if foreword is not None and foreword.source_note:
        written = foreword.status == "written" and foreword.text
        shown = "It is not on any page." if written else "The about page says only that there is no foreword yet."
        yield Note(
            foreword.where_of("source_note"),
            "Foreword",
            f'In the foreword\'s place the source says: "{foreword.source_note}". {shown}',
        )
    for strategy_section in site.strategy.sections:
        if strategy_section.editor_note:
            about = f"About the strategy, {strategy_section.title}"
            yield Note(strategy_section.where_of("editor_note"), about, strategy_section.editor_note)
    structure = structure_of(site)
    for place in structure.declared_lists:
        for item in place.items:
            if item.editor_note:
                yield Note(item.where_of("editor_note"), f"{place.plural}, {item.title}", item.editor_note)
    for outcome in site.outcomes:
        if outcome.cut_off:
            yield Note(
                outcome.where_of("summary"),
                f"{structure.label(outcome)}, summary",
                "The source's text stops part-way through a sentence; the page says the rest is missing.",
            )
    for plan in site.plans:
        for section in plan.sections:
            about = f"{plan.short_title}, {section.title}"
            if section.status == "to_be_completed":
                yield Note(
                    section.where,
                    about,
                    "Left to be completed in the document: the page lists it by name and shows none of it.",
                )
            elif section.status == "partly_completed":
                yield Note(
                    section.where,
                    about,
                    "Filled in part or with examples only, and marked to be completed: the page shows it with a note.",
                )
            if section.editor_note:
                yield Note(section.where_of("editor_note"), about, section.editor_note)
            for group in section.groups:
                if group.editor_note:
                    yield Note(group.where_of("editor_note"), f"{about}, {group.title}", group.editor_note)
        for programme in plan.programmes:
            if programme.name_only:
                yield Note(
                    programme.where,
                    f"{plan.short_title}, {programme.name}",
                    "The source gives its name only: it is listed on the plan's page, with no page of its own.",
                )


def _assumptions(site: Site) -> Iterable[Note]:
    strategy = site.strategy
    if strategy.as_of_assumed_because:
        yield Note(
            strategy.where_of("as_of_assumed_because"),
            "The date the figures were last checked",
            f"{strategy.as_of_label}: {strategy.as_of_assumed_because}",
        )
    for ambition in site.ambitions:
        if ambition.note:
            yield Note(ambition.where_of("note"), f"Ambition: {ambition.title}", ambition.note)


def editors_report(site: Site, warnings: Sequence[Problem] = ()) -> Report:
    """Gather every editors' note from the validated data (and the validator's warnings)."""
    # abbreviations (BCF, GP, DFLE) and place names keep their capitals in headings made from ids
    names = [t.term for t in site.glossary if any(c.isupper() for c in t.term[1:])]
    names += [site.strategy.area, *(a.name for a in site.areas)]
    spellings = {name.casefold(): name for name in names if " " not in name}
    labels = _labels(site)
    return Report(
        title=f"Editors' report: {site.strategy.title}",
        questions=[(question_heading(q, spellings), q) for q in site.open_questions],
        labels=labels,
        as_written=list(_as_written(site)),
        matches=list(_matches(site)),
        drafting=list(_drafting(site)),
        assumptions=list(_assumptions(site)),
        warnings=sorted(warnings, key=lambda p: p.sort_key),
    )


def _one_line(text: str) -> str:
    """Text from the data on one line, inert: it shows as written, as on the site's pages."""
    return inert(" ".join(text.split()))


def _notes(title: str, intro: str, notes: Sequence[Note]) -> list[str]:
    lines = [f"## {title} ({len(notes)})", "", intro, ""]
    if not notes:
        return [*lines, "None.", ""]
    for note in notes:
        lines.append(f"- {code_span(str(note.where))} **{_one_line(note.about)}**: {_one_line(note.text)}")
    return [*lines, ""]


def to_markdown(report: Report) -> str:
    """The report as Markdown: one section per kind of note, each note with its file and line."""
    lines = [
        f"# {_one_line(report.title)}",
        "",
        "For the people who keep the data, not for residents: nothing here is published on the site. "
        "Each note gives the file and line to edit.",
        "",
        f"## Open questions ({len(report.questions)})",
        "",
        "Places where the source documents disagree or are unfinished, for the council to resolve.",
        "",
    ]
    if not report.questions:
        lines += ["None.", ""]
    for number, (heading, question) in enumerate(report.questions, start=1):
        where = code_span(str(question.where))
        lines += [f"### {number}. {_one_line(heading)}", "", f"{where} (id {_one_line(question.id)})", ""]
        lines += [inert(question.question.strip()), ""]
        if question.about:
            about = [
                f"{_one_line(report.labels[ref])} ({code_span(ref)})" if ref in report.labels else code_span(ref)
                for ref in question.about
            ]
            lines += ["About: " + ", ".join(about), ""]
    lines += _notes(
        "As written",
        "Where the site names a record differently from the source, the source's own words.",
        report.as_written,
    )
    lines += _notes(
        "How plans were matched to the strategy",
        "How a plan's wording was matched to the strategy's records, and notes on its schemes.",
        report.matches,
    )
    lines += _notes(
        "Drafting notes",
        "Parts the source leaves unfinished, cuts off or shows only as a picture.",
        report.drafting,
    )
    lines += _notes("Assumptions", "What the data assumes where no source says.", report.assumptions)
    lines.append(f"## Warnings ({len(report.warnings)})")
    lines.append("")
    lines.append("What `strategy-site validate` warns about: the site is built, but check these.")
    lines.append("")
    lines += [f"- {code_span(str(p.where))} {_one_line(p.message)}" for p in report.warnings] or ["None."]
    lines.append("")
    return "\n".join(lines)


def to_html(report: Report, text: str) -> str:
    """The Markdown report as one self-contained, cleaned HTML page (no scripts, no outside requests)."""
    body = clean_html(markdown_lib.markdown(text, extensions=["tables"]))
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(report.title)}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        "<style>body{font-family:sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem;line-height:1.5}"
        "code{font-size:.9em}</style></head>\n"
        f"<body><main>\n{body}\n</main></body></html>\n"
    )


def report_files(report: Report, cache_dir: Path | None = None) -> dict[str, bytes]:
    """The report's files, relative to the report folder (``build/report/``): Markdown and HTML.

    Turning the Markdown into clean HTML is most of the report's cost; with ``cache_dir``
    the HTML made from the same Markdown (and code) last time is used again.
    """
    text = to_markdown(report)
    entry = cache.key(text.encode())
    page = cache.load_result(cache_dir, "report", entry) if cache_dir is not None else None
    if not isinstance(page, str):
        page = to_html(report, text)
        if cache_dir is not None:
            cache.store_result(cache_dir, "report", entry, page)
    return {REPORT_MD: text.encode(), REPORT_HTML: page.encode()}


def write_report(site_dir: Path, site: Site, warnings: Sequence[Problem] = ()) -> tuple[Report, list[Path]]:
    """Write the report into ``SITE_DIR/build/report/`` (outside ``site/``); return it and its two files."""
    site_files.check_output_folders(site_dir)
    folder = site_dir / BUILD_FOLDER / REPORT_DIR
    report = editors_report(site, warnings)
    files = report_files(report)
    write_tree(folder, files, label="build/report")
    return report, [folder / name for name in files]
