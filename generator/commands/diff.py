"""`strategy-site diff BASE_REF`: what a change to the data does to the site, in plain words.

A reviewer of a pull request sees YAML lines, not what residents will read. This
module takes the site's data, content and templates as they were at a git ref (with
``git archive``, into a temporary folder, leaving the working tree alone), loads both
versions with the same code, and lists what changes for residents: pages added,
removed or changed, figures added or changed (old → new, with their period), target
statuses that change, and warnings the change brings. The publishing workflow writes
the result to the job summary of the pull request.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import render_pages
from ..derive import derive
from ..describe import with_unit
from ..github_format import code_span, summary_text
from ..model import Indicator, Site
from ..pages import site_pages
from ..periods import PeriodError, parse_period
from ..problems import InputError, Problem
from ..validate import load_site

SITE_PARTS = ("data", "content", "site_templates", "mkdocs.yml")


class GitError(Exception):
    """git could not give the site as it was at the ref: the message says why, in git's words."""


@dataclass
class ChangeReport:
    """What changes for residents between two versions of a site.

    Every line is plain text, much of it the data's own words (names, units, areas,
    titles, warnings); ``to_markdown`` is the one place it becomes Markdown, each piece
    through ``summary_text`` or ``code_span``, so an editor's text can neither hide nor
    forge anything in the job summary, nor start a line of its own.
    """

    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)
    pages_changed: list[str] = field(default_factory=list)
    figures_added: list[str] = field(default_factory=list)
    figures_changed: list[str] = field(default_factory=list)
    figures_removed: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    new_warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    area: str = ""  # whose site: a job summary may hold the reports of several

    @property
    def nothing(self) -> bool:
        return not any(
            (
                self.pages_added,
                self.pages_removed,
                self.pages_changed,
                self.figures_added,
                self.figures_changed,
                self.figures_removed,
                self.statuses,
                self.new_warnings,
                self.errors,
            )
        )


# --- the site at a ref ------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def _answer(cwd: Path, *args: str) -> str:
    """What git says to a question, or nothing when it cannot answer."""
    try:
        return _git(cwd, *args).decode("utf-8", "replace").strip()
    except GitError:
        return ""


def _how_to_fetch(top: Path, ref: str) -> str:
    """Why ``ref`` cannot be read in this clone, and the git command that fetches it.

    A CI checkout (and ``git clone --single-branch`` or ``--depth``) holds one branch,
    often one commit: ``main`` is then in no local branch, and ``HEAD~1`` is past the
    last commit fetched.
    """
    remotes = _answer(top, "remote").split()
    remote = "origin" if "origin" in remotes else (remotes[0] if remotes else "")
    shallow = _answer(top, "rev-parse", "--is-shallow-repository") == "true"
    if not remote:
        return (
            f"there is no branch, tag or commit '{ref}' in this repository, and it has no remote to fetch it from; "
            "'git branch --all' and 'git tag' list what there is"
        )
    where = f"'{ref}' is not in this clone (a CI checkout or a single-branch clone holds only one branch"
    where += ", and only its last commits)" if shallow else ")"
    if ref.startswith(f"{remote}/") and len(ref) > len(remote) + 1:
        branch = ref[len(remote) + 1 :]
        command = f"git fetch {remote} {branch}:refs/remotes/{remote}/{branch}"
    elif _answer(top, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{ref}^{{commit}}"):
        return f"'{ref}' is not a local branch here, but '{remote}/{ref}' is: run 'strategy-site diff {remote}/{ref}'"
    elif shallow and (re.fullmatch(r"[0-9a-fA-F]{7,40}", ref) or re.search(r"[~^@]", ref)):
        command = f"git fetch --unshallow {remote}"
    elif re.fullmatch(r"[0-9a-fA-F]{7,40}", ref) or re.search(r"[~^@:]", ref):
        command = f"git fetch {remote}"
    else:
        command = f"git fetch {remote} {ref}:{ref}"
    return f"{where}; fetch it first with '{command}', then run the diff again"


def snapshot(site_dir: Path, ref: str, dest: Path) -> Path:
    """Write the site's inputs as they were at ``ref`` into ``dest``; return the site folder there."""
    site_dir = site_dir.resolve()
    try:
        top = Path(_git(site_dir, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except GitError:
        raise GitError(
            f"{site_dir} is not in a git repository; 'diff' compares the site with a git branch, tag or commit, "
            "so run it in a clone of the site's repository"
        ) from None
    inside = site_dir.relative_to(top).as_posix()
    prefix = "" if inside == "." else inside + "/"
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(_how_to_fetch(top, ref)) from None
    listed = _git(top, "ls-tree", "--name-only", ref, "--", *(prefix + part for part in SITE_PARTS)).decode()
    present = [line for line in listed.splitlines() if line]
    dest.mkdir(parents=True, exist_ok=True)
    if present:
        archive = _git(top, "archive", "--format=tar", ref, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return dest / inside if prefix else dest


# --- what residents read ------------------------------------------------------------------


def _pages(site: Site, site_dir: Path) -> dict[str, tuple[str, str]]:
    """Every page's path → (title, Markdown), rendered as ``build`` renders it (without edit links)."""
    pages = site_pages(derive(site))
    files, content_nav = render_pages(site_dir, site, pages, {}, edit_links=False)
    titles = {page.path: page.title for page in pages} | dict(content_nav)
    return {path: (title, files[path].decode()) for path, title in titles.items()}


def _address(path: str) -> str:
    """A page's Markdown path as the address residents see: ``indicators/x.md`` → ``indicators/x/``."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + stem.removesuffix("/index") + "/"


def _period(text: str) -> str:
    try:
        return parse_period(text).display
    except PeriodError:
        return text


FigureKey = tuple[str, str, str | None, str, str]


def _figures(site: Site) -> dict[FigureKey, tuple[Indicator, float]]:
    return {
        (indicator.id, series.area, series.breakdown, series.kind, value.period): (indicator, value.value)
        for indicator in site.indicators
        for series in indicator.series
        for value in series.values
    }


def _figure_label(indicator: Indicator, area: str, breakdown: str | None, kind: str, period: str) -> str:
    what = {"actual": "", "target": " target", "projection": " projection"}[kind]
    about = f"{indicator.name}{f' ({breakdown})' if breakdown else ''}{what}"
    return f"{about}, {area}, {_period(period)}"


def _statuses(site: Site) -> dict[tuple[str, str, str | None], tuple[str, str, str]]:
    """Each target line → (its label, the period it is judged on, its status)."""
    found = {}
    for strand in derive(site).strands:
        label = strand.label + ("" if strand.area == site.strategy.area else f", {strand.area}")
        period = strand.check.actual.period.display if strand.check.actual else ""
        found[(strand.indicator.id, strand.area, strand.breakdown)] = (label, period, str(strand.check.status))
    return found


def compare(old: Site | None, old_dir: Path | None, new: Site, new_dir: Path) -> ChangeReport:
    """What changes for residents from ``old`` (None: there was no site) to ``new``."""
    report = ChangeReport()
    before = _pages(old, old_dir) if old is not None and old_dir is not None else {}
    after = _pages(new, new_dir)
    report.pages_added = [f"{after[p][0]} ({_address(p)})" for p in sorted(after.keys() - before.keys())]
    report.pages_removed = [f"{before[p][0]} ({_address(p)})" for p in sorted(before.keys() - after.keys())]
    report.pages_changed = [
        f"{after[p][0]} ({_address(p)})" for p in sorted(after.keys() & before.keys()) if after[p][1] != before[p][1]
    ]
    old_figures = _figures(old) if old is not None else {}
    new_figures = _figures(new)
    for key in sorted(new_figures.keys() - old_figures.keys(), key=str):
        indicator, value = new_figures[key]
        report.figures_added.append(f"{_figure_label(indicator, *key[1:])}: {with_unit(value, indicator)}")
    for key in sorted(old_figures.keys() - new_figures.keys(), key=str):
        indicator, value = old_figures[key]
        report.figures_removed.append(f"{_figure_label(indicator, *key[1:])}: {with_unit(value, indicator)}")
    for key in sorted(new_figures.keys() & old_figures.keys(), key=str):
        (old_indicator, old_value), (indicator, value) = old_figures[key], new_figures[key]
        if old_value != value:
            old_text, new_text = with_unit(old_value, old_indicator), with_unit(value, indicator)
            report.figures_changed.append(f"{_figure_label(indicator, *key[1:])}: {old_text} → {new_text}")
    old_status = _statuses(old) if old is not None else {}
    for line, (label, period, status) in sorted(_statuses(new).items(), key=lambda item: str(item[0])):
        was = old_status.get(line)
        if was is None or was[2] != status:
            judged = f" {period}" if period else ""
            report.statuses.append(f"{label}{judged}: {was[2] if was else 'not shown'} → {status}")
    return report


def _warning_keys(problems: Iterable[Problem]) -> set[tuple[str, str]]:
    # by file and message, not line: a warning that only moved down the file is not new
    return {(p.where.file, p.message) for p in problems if p.severity == "warning"}


def diff_site(site_dir: Path, ref: str) -> ChangeReport:
    """Compare the site at ``ref`` with the working tree; raise GitError when the ref cannot be read."""
    site_dir = site_dir.resolve()
    new, new_problems = load_site(site_dir)
    if new is None:
        return ChangeReport(errors=new_problems.sorted())
    with tempfile.TemporaryDirectory(prefix="strategy-site-diff-") as scratch:
        old_dir = snapshot(site_dir, ref, Path(scratch))
        old, old_problems = load_site(old_dir) if (old_dir / "data").is_dir() else (None, None)
        try:
            report = compare(old, old_dir if old is not None else None, new, site_dir)
        except InputError as exc:
            return ChangeReport(errors=exc.problems, area=new.strategy.area)
        known = _warning_keys(old_problems.items) if old_problems is not None else set()
    report.area = new.strategy.area
    report.new_warnings = [
        p for p in new_problems.sorted() if p.severity == "warning" and (p.where.file, p.message) not in known
    ]
    return report


# --- in words -------------------------------------------------------------------------------


def _section(title: str, lines: list[str], limit: int = 50) -> list[str]:
    """A heading and a list; ``lines`` are Markdown already (see ``to_markdown``)."""
    if not lines:
        return []
    shown = [f"- {line}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- … and {len(lines) - limit} more")
    return [f"### {title} ({len(lines)})", "", *shown, ""]


def _problem(problem: Problem) -> str:
    return f"{code_span(str(problem.where))}: {summary_text(problem.message)}"


def to_markdown(report: ChangeReport, ref: str) -> str:
    """The report as the Markdown a pull request's job summary shows, every piece of data text inert."""
    whose = f"the {summary_text(report.area)} site" if report.area else "the site"
    lines = [f"## What this change does to {whose} (compared with {summary_text(ref)})", ""]
    if report.errors:
        lines += ["The data has problems, so the site cannot be built. Fix these first:", ""]
        lines += [f"- {_problem(problem)}" for problem in report.errors]
        return "\n".join(lines) + "\n"
    if report.nothing:
        return "\n".join([*lines, "Nothing that residents see changes.", ""])
    for title, items in (
        ("Statuses that change", report.statuses),
        ("Figures changed", report.figures_changed),
        ("Figures added", report.figures_added),
        ("Figures removed", report.figures_removed),
        ("Pages added", report.pages_added),
        ("Pages removed", report.pages_removed),
        ("Pages changed", report.pages_changed),
    ):
        lines += _section(title, [summary_text(item) for item in items])
    lines += _section("New warnings", [_problem(problem) for problem in report.new_warnings])
    return "\n".join(lines)
