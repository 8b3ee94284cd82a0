"""Generate a site's Markdown and build it with MkDocs, never leaving a broken site behind.

The joint with MkDocs is the file system: the generator writes plain Markdown into
``build/docs`` and a small config that inherits the site's own ``mkdocs.yml``; MkDocs
builds into a temporary folder that replaces ``site/`` only when the build succeeded.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import yaml
from jinja2 import TemplateRuntimeError

from . import cache
from .charts import ChartDrawing, ChartSpec, ChartStats, DrawingStopped, split_cached
from .describe import latest_figure
from .downloads import download_files
from .edit_links import edit_base, edit_url, with_edit_url
from .mkdocs_hooks import finish_handoff, start_handoff, waited_seconds
from .model import Indicator, Site
from .pages import PageSpec, navigation, plan_pages
from .problems import InputError, Problem, Where, suggest
from .render import TEMPLATES_DIR, make_environment, render_page, render_string
from .validate import validate_site
from .writer import WriteReport, check_unique, write_files, write_tree

BUILD_DIR = "build"
DOCS_DIR = "docs"
CACHE_DIR = ".cache"
THEME_OVERRIDES = TEMPLATES_DIR / "overrides"
SITE_CSS = "assets/strategy-site.css"
HOOKS = Path(__file__).resolve().parent / "mkdocs_hooks.py"

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


@dataclass
class GenerateResult:
    """What the generate stage produced, for progress lines, benchmarks and tests."""

    site: Site
    pages: list[PageSpec]
    report: WriteReport
    seconds: dict[str, float] = field(default_factory=dict)
    charts: ChartStats = field(default_factory=ChartStats)
    pending_charts: dict[str, ChartSpec] = field(default_factory=dict)
    drawing: ChartDrawing | None = None
    handoff_token: str = ""
    # The navigation or the glossary changed: every page shows them, not just the ones written.
    site_wide_change: bool = False


def content_helpers(site: Site) -> dict[str, Callable[..., object]]:
    """Functions hand-written pages can call to quote data instead of retyping numbers."""

    known = {i.id: i for i in site.indicators}

    def indicator(indicator_id: str) -> Indicator:
        if indicator_id not in known:
            raise TemplateRuntimeError(
                f"there is no indicator with id '{indicator_id}'; {suggest(indicator_id, known)}"
            )
        return known[indicator_id]

    def latest(indicator_id: str, area: str | None = None, breakdown: str | None = None) -> str:
        return latest_figure(indicator(indicator_id), area or site.strategy.area, breakdown)

    return {"indicator": indicator, "latest": latest}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _content_pages(site_dir: Path) -> list[Path]:
    content = site_dir / "content"
    return sorted(content.rglob("*.md")) if content.is_dir() else []


def _content_title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def _abbreviations(site: Site) -> str:
    # One line each, whatever the YAML held: this file is included in every page, and a
    # line of its own could be read as a snippet include or another definition.
    lines = [f"*[{' '.join(term.term.split())}]: {' '.join(term.expansion.split())}" for term in site.glossary]
    return "\n".join(lines) + ("\n" if lines else "")


def _config(site: Site, site_dir: Path, nav: list[object]) -> str:
    """The MkDocs config that MkDocs actually reads: the site's own, plus what the generator owns."""
    abbreviations = (site_dir / BUILD_DIR / "abbreviations.md").resolve()
    config = {
        "INHERIT": "../mkdocs.yml",
        "docs_dir": DOCS_DIR,
        "nav": nav,
        "theme": {"name": "material", "custom_dir": str(THEME_OVERRIDES), "font": False},
        "extra": {
            "data_as_of": site.strategy.as_of.strftime("%-d %B %Y"),
            "generator": False,
        },
        "extra_css": [SITE_CSS],
        # Indicator, programme and milestone pages are reached from index pages, not the
        # menu, so that the menu stays small at any scale: not worth a line on every build.
        "validation": {"nav": {"omitted_files": "ignore"}},
        "hooks": [str(HOOKS)],
        "markdown_extensions": [
            "abbr",
            "admonition",
            "attr_list",
            "def_list",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True, "permalink_title": "Link to this section"}},
            {"pymdownx.snippets": {"auto_append": [str(abbreviations)], "check_paths": True}},
        ],
    }
    header = "# Generated by strategy-site from data/ and mkdocs.yml: edit those, not this file.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def generate(site_dir: Path, progress: Progress = _quiet, *, defer_charts: bool = False) -> GenerateResult:
    """Validate the data and write the Markdown MkDocs will build; raise InputError on any problem.

    With ``defer_charts``, charts not in the cache are left for ``draw_pending_charts``,
    so that ``build`` can draw them while MkDocs works (see ``mkdocs_hooks``).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    site = validate_site(site_dir, site_dir / BUILD_DIR / CACHE_DIR)
    timings["load+validate"] = time.perf_counter() - started
    # The model lives until the pages are written: exempt it from the cycle collector, which
    # would otherwise walk all of it (millions of objects on a national site) again and again.
    gc.freeze()
    try:
        return _generate(site_dir, site, timings, progress, defer_charts)
    finally:
        gc.unfreeze()


def _generate(
    site_dir: Path, site: Site, timings: dict[str, float], progress: Progress, defer_charts: bool
) -> GenerateResult:

    started = time.perf_counter()
    build_dir = site_dir / BUILD_DIR
    pages = plan_pages(site)
    specs = {path: spec for page in pages for path, spec in page.charts.items()}
    found, missing = split_cached(list(specs.values()), build_dir / CACHE_DIR / "charts")
    cache.prune_charts(build_dir / CACHE_DIR / "charts", {spec.key() for spec in specs.values()})
    drawing = ChartDrawing(missing, build_dir / CACHE_DIR / "charts")
    timings["plan pages and charts"] = time.perf_counter() - started
    try:
        files, content_nav = _render_pages(site_dir, site, pages, timings)
        started = time.perf_counter()
        drawn = {} if defer_charts else drawing.result()
        timings["charts"] = time.perf_counter() - started
    except BaseException:
        drawing.cancel()
        raise
    svgs = {**found, **drawn}
    files.update({path: svgs[spec.key()] for path, spec in specs.items() if spec.key() in svgs})
    pending = {path: spec for path, spec in specs.items() if spec.key() not in svgs}
    chart_stats = ChartStats(rendered=len(drawn), cached=len(found))

    started = time.perf_counter()
    report = write_tree(build_dir / DOCS_DIR, files)
    shared = write_tree(
        build_dir,
        {
            "abbreviations.md": _abbreviations(site).encode(),
            "mkdocs.yml": _config(site, site_dir, navigation(pages, content_nav)).encode(),
        },
        keep=frozenset({f"{DOCS_DIR}/", f"{CACHE_DIR}/", "charts."}),
    )
    token = start_handoff(build_dir, list(pending), os.getpid() if pending else None)
    timings["write"] = time.perf_counter() - started
    page_count = len(pages) + len(content_nav)
    others = len(files) - page_count - len(specs) + len(pending)
    still_to_draw = f", {_count(len(missing), 'chart')} to draw alongside MkDocs" if pending else ""
    progress(
        f"generated {_count(page_count, 'page')}, {_count(len(specs), 'chart')} and "
        f"{_count(others, 'other file')} ({_count(len(report.written), 'file')} changed, "
        f"{_count(chart_stats.rendered, 'chart')} drawn{still_to_draw}) in {sum(timings.values()):.2f} s"
    )
    return GenerateResult(
        site,
        pages,
        report,
        timings,
        chart_stats,
        pending,
        drawing if pending else None,
        token,
        site_wide_change=bool(shared.written),
    )


def _render_pages(
    site_dir: Path, site: Site, pages: list[PageSpec], timings: dict[str, float]
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """Markdown for every generated and hand-written page, the downloads, and the site's CSS."""
    started = time.perf_counter()
    env = make_environment([site_dir / "site_templates"], site_dir / BUILD_DIR / CACHE_DIR / "templates")
    files: dict[str, bytes] = {}
    base = edit_base(site_dir)
    for page in pages:
        markdown = render_page(env, page.template, page.path, page.context)
        files[page.path] = with_edit_url(markdown, edit_url(base, page.where)).encode()
    files.update(download_files(site))
    files[SITE_CSS] = (TEMPLATES_DIR / SITE_CSS).read_bytes()
    content_nav: list[tuple[str, str]] = []
    helpers = content_helpers(site)
    context = pages[0].context if pages else {"site": site}
    for path in _content_pages(site_dir):
        relative = path.relative_to(site_dir / "content").as_posix()
        file = path.relative_to(site_dir).as_posix()
        source = path.read_text(encoding="utf-8")
        markdown = render_string(env, source, context, file, relative, helpers)
        files[relative] = with_edit_url(markdown, edit_url(base, Where(file, 1))).encode()
        content_nav.append((relative, _content_title(source, path.stem)))
    check_unique([(p.path, p.where) for p in pages] + [(rel, Where(f"content/{rel}")) for rel, _title in content_nav])
    timings["render pages"] = time.perf_counter() - started
    return files, content_nav


def draw_pending_charts(site_dir: Path, result: GenerateResult, give_up: Callable[[], bool] | None = None) -> None:
    """Wait for the charts ``generate`` left drawing, write them to the docs folder and tell MkDocs."""
    build_dir = site_dir / BUILD_DIR
    started = time.perf_counter()
    try:
        drawn = result.drawing.result(give_up) if result.drawing else {}
        chart_files = {path: drawn[spec.key()] for path, spec in result.pending_charts.items()}
        write_files(build_dir / DOCS_DIR, chart_files, result.report)
    except BaseException as exc:
        finish_handoff(build_dir, result.handoff_token, error=f"{type(exc).__name__}: {exc}")
        raise
    finish_handoff(build_dir, result.handoff_token)
    result.charts.rendered += len(drawn)
    result.seconds["charts alongside MkDocs"] = time.perf_counter() - started


def _source_date_epoch(site: Site) -> str:
    """Builds are reproducible by default: dates in the output follow the data, not the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    as_of = datetime(site.strategy.as_of.year, site.strategy.as_of.month, site.strategy.as_of.day, tzinfo=UTC)
    return str(int(as_of.timestamp()))


def mkdocs_env(site: Site) -> dict[str, str]:
    """MkDocs' environment: reproducible dates, and no theme banner addressed to developers.

    mkdocs-material prints a notice about its end of life on every run; editors cannot act
    on it, so it is turned off here and reported to maintainers in the README instead.
    """
    return {**os.environ, "SOURCE_DATE_EPOCH": _source_date_epoch(site), "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class MkDocsRun:
    """A ``mkdocs build`` under way; its output goes to a file, so it can never fill a pipe and stall."""

    process: subprocess.Popen[bytes]
    output: IO[bytes]


def start_mkdocs(site_dir: Path, out_dir: Path, site: Site) -> MkDocsRun:
    """Start ``mkdocs build --strict`` in its own process, so the generator can work alongside it.

    Not ``--quiet``: that silences warnings before MkDocs counts them, so a strict build
    with a broken link would pass.
    """
    config = site_dir / BUILD_DIR / "mkdocs.yml"
    output = tempfile.TemporaryFile()  # noqa: SIM115 - open until finish_mkdocs reads and closes it
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out_dir)]
    process = subprocess.Popen(command, cwd=site_dir, env=mkdocs_env(site), stdout=output, stderr=subprocess.STDOUT)
    return MkDocsRun(process, output)


_LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a (?:link|relative link) '([^']+)'")


def _mkdocs_problem(site_dir: Path, line: str) -> Problem:
    """MkDocs' message, placed at the content page and line it is about when there is one."""
    text = re.sub(r"^(WARNING|ERROR)\s*-\s*", "", line)
    if (match := _LINK_WARNING.search(text)) and (site_dir / "content" / match[1]).is_file():
        page, link = match[1], match[2]
        lines = (site_dir / "content" / page).read_text("utf-8").splitlines()
        number = next((n for n, content in enumerate(lines, 1) if link in content), 0)
        return Problem(
            Where(f"content/{page}", number),
            f"the link '{link}' goes to no page of the site; check its spelling and that the page exists",
        )
    return Problem(Where("mkdocs.yml"), f"MkDocs: {text}")


def finish_mkdocs(run: MkDocsRun, site_dir: Path) -> None:
    """Wait for MkDocs; raise InputError carrying its warnings and errors when it fails."""
    run.process.wait()
    run.output.seek(0)
    text = run.output.read().decode("utf-8", errors="replace")
    run.output.close()
    if run.process.returncode != 0:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("INFO")]
        specific = [ln for ln in lines if not ln.startswith("Aborted with")]  # the summary adds nothing
        raise InputError(
            [_mkdocs_problem(site_dir, ln) for ln in (specific or lines)[-30:]]
            or [Problem(Where("mkdocs.yml"), "MkDocs failed without a message")]
        )


STAGING_PREFIX = ".site-new-"
PREVIOUS_PREFIX = ".site-old-"
_LEFTOVER = re.compile(r"^\.site-(?:new|old)-(\d+)?")


def remove_leftovers(site_dir: Path) -> int:
    """Remove the folders that builds killed part-way left beside ``site/``; return how many.

    A build stages the new site in ``.site-new-<pid>-…`` and moves the old one to
    ``.site-old-<pid>``; a cancelled CI run or a closed laptop leaves them behind, each
    as large as the site. Only folders of exactly that kind are touched, and never one
    whose build is still running.
    """
    removed = 0
    for folder in site_dir.iterdir():
        match = _LEFTOVER.match(folder.name)
        if match is None or not folder.is_dir() or folder.is_symlink():
            continue
        if match[1] and int(match[1]) != os.getpid() and _running(int(match[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(site_dir: Path, progress: Progress = _quiet) -> GenerateResult:
    """Validate, generate and build into ``site/``; on failure the old ``site/`` stays as it was.

    Charts missing from the cache are drawn while MkDocs builds the pages: MkDocs needs
    them only at its very end, so on a cold build most of their cost is hidden.
    """
    site_dir = site_dir.resolve()
    if not (site_dir / "mkdocs.yml").is_file():
        raise InputError([Problem(Where("mkdocs.yml"), f"no mkdocs.yml in {site_dir}; is this a site folder?")])
    removed = remove_leftovers(site_dir)
    if removed:
        progress(f"removed {_count(removed, 'folder')} left by an interrupted build")
    result = generate(site_dir, progress, defer_charts=True)
    started = time.perf_counter()
    target = site_dir / "site"
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir))
    try:
        mkdocs = start_mkdocs(site_dir, staging, result.site)
        process = mkdocs.process
        try:
            if result.pending_charts:
                # MkDocs cannot finish before the charts are in, so if it has ended, it failed:
                # stop drawing and report its error rather than finish charts nobody will see.
                draw_pending_charts(site_dir, result, give_up=lambda: process.poll() is not None)
                progress(
                    f"drew {_count(result.charts.rendered, 'chart')} alongside MkDocs in "
                    f"{result.seconds['charts alongside MkDocs']:.2f} s"
                )
        except DrawingStopped:
            if process.wait() == 0:
                raise RuntimeError("MkDocs finished before the charts it shows were drawn") from None
        except BaseException:
            process.kill()
            process.wait()
            mkdocs.output.close()
            raise
        finish_mkdocs(mkdocs, site_dir)
        previous = site_dir / f"{PREVIOUS_PREFIX}{os.getpid()}"
        if target.exists():
            os.replace(target, previous)
        os.replace(staging, target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        if result.drawing is not None:
            result.drawing.cancel()
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds["mkdocs"] = time.perf_counter() - started
    result.seconds["waited for charts"] = waited_seconds(site_dir / BUILD_DIR, result.handoff_token)
    waited = result.seconds["waited for charts"]
    waiting = f", {waited:.2f} s of it waiting for charts" if waited >= 0.01 else ""
    progress(f"built {target} with MkDocs in {result.seconds['mkdocs']:.2f} s{waiting}")
    return result
