"""Generate a site's Markdown and build it with MkDocs, never leaving a broken site behind.

The order is plain: load and validate the data, plan the pages, start drawing the
missing charts in worker processes, render the pages and check their links, write them
into ``build/docs`` with a config that inherits the site's own ``mkdocs.yml``, then run
MkDocs (``mkdocs_joint``) into a temporary folder while the charts are still being
drawn. MkDocs never waits for a chart: it is told which files come later, and the
charts are added when both are done. The temporary folder replaces ``site/`` only when
the build succeeded. ``generate`` (the preview's step) waits for the charts and writes
them with the pages.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, TemplateRuntimeError

from . import cache, collector, mkdocs_joint, output_check, print_edition, site_files, unchanged
from .build_lock import LOCK_FILE, one_build_at_a_time
from .chart_layout import ChartSpec
from .charts import ChartDrawing, ChartStats, split_cached
from .content import read_content_pages, render_content_page
from .derive import derive
from .describe import latest_figure
from .downloads import download_files, has_figures
from .edit_links import edit_base, edit_url, site_config, with_edit_url
from .folders import BUILD_DIR, CACHE_DIR, DOCS_DIR, TEMPLATES_DIR, THEME_OVERRIDES
from .link_check import PageSource, check_links
from .model import Indicator, Site, Strategy
from .output_check import CheckedMeanwhile
from .pages import ContentContext, PageSpec, navigation, site_pages
from .placeholders import MARKER, find_placeholders, refusals
from .problems import InputError, Problem, Where, suggest
from .publish import remove_leftovers, staging_folder, swap_in, theme_scripts, unsafe_output
from .render import make_environment, render_page
from .report import REPORT_DIR, editors_report, report_files
from .site_url import site_url_from_environment
from .size_limits import size_problems
from .standing import build_day, strategy_standing
from .validate import load_site
from .words import with_search_words
from .writer import WriteReport, check_unique, link_files, write_files, write_tree

CLEAN = "no broken links"
SITE_CSS = "assets/strategy-site.css"
#: From this many pages, built pages are checked as MkDocs writes them (``CheckedMeanwhile``):
#: below it, reading them all afterwards takes less than starting a worker (39 pages, 1.3 MB: 0.14 s).
CHECK_MEANWHILE_PAGES = 400

# Says one line of progress to whoever runs the build (the CLI prints it; tests ignore it).
Say = Callable[[str], None]


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


def content_context(site: Site) -> ContentContext:
    """The data a hand-written page may quote, as DATA.md documents it: the site, its strategy and its words."""
    return {"site": site, "strategy": site.strategy, "terms": site.strategy.terms}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _abbreviations(site: Site) -> str:
    # One line each, whatever the YAML held: this file is included in every page, and a
    # line of its own could be read as a snippet include or another definition.
    lines = [f"*[{' '.join(term.term.split())}]: {' '.join(term.expansion.split())}" for term in site.glossary]
    return "\n".join(lines) + ("\n" if lines else "")


def _config(site: Site, site_dir: Path, nav: list[object]) -> str:
    """The MkDocs config that MkDocs actually reads: the site's own, plus what the generator owns."""
    return mkdocs_joint.config_text(
        nav,
        overrides=THEME_OVERRIDES,
        css=SITE_CSS,
        docs_dir=DOCS_DIR,
        abbreviations_dir=(site_dir / BUILD_DIR).resolve(),
        extra={
            "data_as_of": site.strategy.as_of_label,
            "data_as_of_what": "Figures" if has_figures(site) else "Information",
            **_history(site),
        },
        site_url=site_url_from_environment(),
        names=site_names(site, site_dir),
    )


#: The longest site description taken from the data: search engines show about 160 characters.
MAX_SITE_DESCRIPTION = 300
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _description(strategy: Strategy) -> str | None:
    """A one-line description of the site from the data: the subtitle, or the start of the resident summary."""
    text = strategy.subtitle or strategy.resident_summary
    if not text:
        return None
    flat = " ".join(_MARKDOWN_LINK.sub(r"\1", text).split())
    if len(flat) > MAX_SITE_DESCRIPTION:
        cut = flat.rfind(". ", 0, MAX_SITE_DESCRIPTION)
        flat = flat[: cut + 1] if cut > 0 else flat[: MAX_SITE_DESCRIPTION - 1].rstrip() + "…"
    return flat


def site_names(site: Site, site_dir: Path) -> dict[str, str]:
    """``site_name`` and ``site_description`` from the data, for those the site's ``mkdocs.yml`` does not set.

    The strategy's title names the site and its subtitle (or resident summary) describes
    it, unless ``mkdocs.yml`` gives its own; one holding a placeholder (``REPLACE:``) counts
    as not given. The theme prints the description into an HTML attribute as it is, so it
    is escaped here (as a hand-written page's ``description`` is); it prints the name escaped.
    """
    own = site_config(site_dir)
    found = {"site_name": site.strategy.title, "site_description": _description(site.strategy)}
    names: dict[str, str] = {}
    for key, value in found.items():
        given = own.get(key)
        if value and (not isinstance(given, str) or not given.strip() or MARKER in given):
            names[key] = html.escape(value, quote=True) if key == "site_description" else value
    return names


def _history(site: Site) -> dict[str, str]:
    """What the theme's banner says on every page of an ended strategy (see ``standing``); nothing otherwise."""
    standing = strategy_standing(site, build_day())
    if standing.notice is None:
        return {}
    said = {"history_notice": standing.notice}
    replacement = next((d for d in site.documents if d.id == site.strategy.replaced_by), None)
    if replacement is not None:
        said["replaced_by_title"] = replacement.title
        # the theme's HTML is not the page content MkDocs' hook cleans: only a web address is linked
        if replacement.link and output_check.url_scheme(replacement.link) in {"http", "https"}:
            said["replaced_by_link"] = replacement.link
    return said


def generate(site_dir: Path, say: Say = _quiet) -> GenerateResult:
    """Validate the data and write the Markdown and charts MkDocs will build; raise InputError on any problem."""
    site_files.check_output_folders(site_dir)
    with one_build_at_a_time(site_dir / BUILD_DIR, say):
        return _generate(site_dir, say)


def _generate(site_dir: Path, say: Say) -> GenerateResult:
    prepared = _prepare(site_dir, say)
    started = time.perf_counter()
    drawn = prepared.finish_charts()
    prepared.timings["charts"] = time.perf_counter() - started
    result = prepared.write(drawn, say)
    result.seconds["report"] = _write_report(prepared)
    return result


def _prepare(site_dir: Path, say: Say, *, publishing: bool = False) -> Prepared:
    """Everything up to writing: the validated site, its rendered pages, and its charts being drawn.

    ``publishing`` (a build that is not a draft) also requires a way to reach the council.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    site, problems = load_site(site_dir, site_dir / BUILD_DIR / CACHE_DIR)
    if site is None:
        raise InputError(problems.sorted())
    if publishing and (missing := no_contact(site)):
        raise InputError([missing])
    timings["load+validate"] = time.perf_counter() - started
    # The model lives until the pages are written: exempt it from the cycle collector, which
    # would otherwise walk all of it (millions of objects on a national site) again and again.
    with collector.frozen():
        return _render(site_dir, site, timings, problems.warnings)


@dataclass
class Prepared:
    """A site rendered to Markdown, with its missing charts still being drawn in worker processes.

    ``build`` runs MkDocs on the pages before the charts are in, and adds the charts to
    the built site when both are done; ``generate`` waits for the charts, then writes.
    """

    site_dir: Path
    site: Site
    pages: list[PageSpec]
    files: dict[str, bytes]
    content_nav: list[tuple[str, str]]
    specs: dict[str, ChartSpec]  # by the chart's path in the site
    found: dict[str, bytes]  # SVG of the charts already in the cache, by key
    drawing: ChartDrawing
    timings: dict[str, float]
    warnings: list[Problem]

    @property
    def pending(self) -> list[str]:
        """Paths of the charts still being drawn."""
        return sorted(path for path, spec in self.specs.items() if spec.key() in self.drawing.missing)

    def finish_charts(self) -> dict[str, bytes]:
        """Wait for the charts being drawn; SVG bytes by key."""
        return self.drawing.result()

    def chart_files(self, drawn: dict[str, bytes], paths: list[str]) -> dict[str, bytes]:
        svgs = {**self.found, **drawn}
        return {path: svgs[self.specs[path].key()] for path in paths}

    def write(self, drawn: dict[str, bytes] | None, say: Say) -> GenerateResult:
        """Write the pages, the charts (all of them, or only those drawn already) and the config.

        With ``drawn`` None, the charts still being drawn are left out of ``build/docs``:
        ``build`` adds them when they are in. The pages' Markdown is let go once written.
        """
        site, pages, timings = self.site, self.pages, self.timings
        later = set(self.pending) if drawn is None else set()
        files = {**self.files, **self.chart_files(drawn or {}, [p for p in self.specs if p not in later])}
        build_dir = self.site_dir / BUILD_DIR
        started = time.perf_counter()
        report = write_tree(build_dir / DOCS_DIR, files, later=frozenset(later), label=f"{BUILD_DIR}/{DOCS_DIR}")
        others = len(self.files) - len(pages) - len(self.content_nav)
        # on disk now, where MkDocs reads them: let the Markdown go (100 MB or more on a national site)
        self.files, files = {}, {}
        shared = write_tree(
            build_dir,
            {
                "abbreviations.md": _abbreviations(site).encode(),
                "mkdocs.yml": _config(site, self.site_dir, navigation(pages, self.content_nav)).encode(),
            },
            keep=frozenset({f"{DOCS_DIR}/", f"{CACHE_DIR}/", f"{REPORT_DIR}/", LOCK_FILE}),
            label=BUILD_DIR,
        )
        timings["write"] = time.perf_counter() - started
        chart_stats = ChartStats(rendered=len(self.drawing.missing), cached=len(self.found))
        page_count = len(pages) + len(self.content_nav)
        drawn_words = (
            f"{_count(len(later), 'chart')} being drawn" if later else f"{_count(len(drawn or {}), 'chart')} drawn"
        )
        say(
            f"generated {_count(page_count, 'page')}, {_count(len(self.specs), 'chart')} and "
            f"{_count(others, 'other file')} ({_count(len(report.written), 'file')} changed, "
            f"{drawn_words}) in {sum(timings.values()):.2f} s"
        )
        return GenerateResult(site, pages, report, timings, chart_stats, site_wide_change=bool(shared.written))


def _write_report(prepared: Prepared) -> float:
    """Write the editors' report beside the generated pages, outside docs/ (never published); its seconds.

    Nothing that is published depends on it, so a build writes it while the built pages
    are checked after MkDocs, on a core it would otherwise wait on (0.9 s at 100x).
    """
    started = time.perf_counter()
    build_dir = prepared.site_dir / BUILD_DIR
    write_tree(
        build_dir / REPORT_DIR,
        report_files(editors_report(prepared.site, prepared.warnings), build_dir / CACHE_DIR),
        label=f"{BUILD_DIR}/{REPORT_DIR}",
    )
    return time.perf_counter() - started


def _render(site_dir: Path, site: Site, timings: dict[str, float], warnings: list[Problem]) -> Prepared:
    """Plan the pages, start drawing the missing charts, render the pages and check their links."""
    started = time.perf_counter()
    build_dir = site_dir / BUILD_DIR
    pages = site_pages(derive(site))
    specs = {path: spec for page in pages for path, spec in page.charts.items()}
    found, missing = split_cached(list(specs.values()), build_dir / CACHE_DIR / "charts")
    cache.prune_charts(build_dir / CACHE_DIR / "charts", {spec.key() for spec in specs.values()})
    drawing = ChartDrawing(missing, build_dir / CACHE_DIR / "charts")
    timings["plan pages and charts"] = time.perf_counter() - started
    try:
        files, content_nav = render_pages(site_dir, site, pages, timings, cache_dir=build_dir / CACHE_DIR / "templates")
        started = time.perf_counter()
        broken = _link_problems(site_dir, pages, files, content_nav, specs, build_dir / CACHE_DIR)
        timings["check links"] = time.perf_counter() - started
        if broken:
            raise InputError(broken)
    except BaseException:
        drawing.cancel()
        raise
    return Prepared(site_dir, site, pages, files, content_nav, specs, found, drawing, timings, warnings)


def render_generated_page(
    env: Environment, site: Site, page: PageSpec, base: str | None, context: Mapping[str, object] | None = None
) -> bytes:
    """One generated page's Markdown as MkDocs reads it: its glossary terms and edit link in its front matter.

    ``context`` replaces the page's own: the print edition renders the home and downloads
    pages again once they can say how long its PDF is.
    """
    markdown = render_page(env, page.template, page.path, page.context if context is None else context)
    return with_edit_url(with_search_words(markdown, page.path, site.glossary), edit_url(base, page.where)).encode()


def render_pages(
    site_dir: Path,
    site: Site,
    pages: list[PageSpec],
    timings: dict[str, float],
    *,
    edit_links: bool = True,
    cache_dir: Path | None = None,
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """Markdown for every generated and hand-written page, the downloads, and the site's CSS.

    The one way pages are rendered: ``build``, ``validate`` (for its link check) and
    ``diff`` (without edit links, which depend on where each copy of the site sits) all
    read the Markdown MkDocs is given.
    """
    started = time.perf_counter()
    env = make_environment([site_dir / "site_templates"], cache_dir)
    files: dict[str, bytes] = {}
    base = edit_base(site_dir) if edit_links else None
    for page in pages:
        files[page.path] = render_generated_page(env, site, page, base)
    files.update(download_files(site))
    files[SITE_CSS] = (TEMPLATES_DIR / SITE_CSS).read_bytes()
    content_nav: list[tuple[str, str]] = []
    for content_page in read_content_pages(site_dir):
        markdown = render_content_page(content_page, content_context(site), content_helpers(site))
        markdown = with_search_words(markdown, content_page.relative, site.glossary)
        files[content_page.relative] = with_edit_url(markdown, edit_url(base, Where(content_page.file, 1))).encode()
        content_nav.append((content_page.relative, content_page.title))
    if too_large := size_problems(site, files):
        raise InputError(too_large)
    pages_and_content = {p.path for p in pages} | {rel for rel, _title in content_nav}
    check_unique(  # every output path once: pages, charts, downloads and hand-written pages
        [(p.path, p.where) for p in pages]
        + [(chart, p.where) for p in pages for chart in p.charts]
        + [(name, Where("<generated>")) for name in files if name not in pages_and_content]
        + [(rel, Where(f"content/{rel}")) for rel, _title in content_nav]
    )
    timings["render pages"] = time.perf_counter() - started
    return files, content_nav


def _link_problems(
    site_dir: Path,
    pages: list[PageSpec],
    files: dict[str, bytes],
    content_nav: list[tuple[str, str]],
    charts: Mapping[str, object],
    cache_dir: Path | None = None,
) -> list[Problem]:
    """Broken internal links of the rendered pages, each at the data or content line that holds it.

    Pages and files that all linked somewhere last time still do: a clean check is kept
    in ``cache_dir`` under the hash of every page's text and every file's name, and a
    warm build with nothing changed does not check again.
    """
    content = {relative for relative, _title in content_nav}
    sources = [PageSource(page.path, files[page.path].decode(), None, page.where) for page in pages]
    sources += [PageSource(relative, files[relative].decode(), f"content/{relative}") for relative in sorted(content)]
    known = [*files, *charts]
    entry = cache.key(
        *(part for source in sources for part in (source.path.encode(), source.markdown.encode())),
        "\n".join(sorted(known)).encode(),
    )
    if cache_dir is not None and cache.load_result(cache_dir, "links", entry) == CLEAN:
        return []
    problems = check_links(site_dir, sources, known)
    if cache_dir is not None and not problems:
        cache.store_result(cache_dir, "links", entry, CLEAN)
    return problems


def site_link_problems(site_dir: Path, site: Site) -> list[Problem]:
    """What ``validate`` adds to the data checks: every broken internal link, with no chart drawn or page written."""
    site_dir = site_dir.resolve()
    pages = site_pages(derive(site))
    charts = {path: spec for page in pages for path, spec in page.charts.items()}
    try:
        files, content_nav = render_pages(site_dir, site, pages, {})
    except InputError as exc:  # a content page's {{ … }} mistake: report it like any other
        return exc.problems
    return _link_problems(site_dir, pages, files, content_nav, charts)


def _source_date_epoch(site: Site) -> str:
    """Builds are reproducible by default: dates in the output follow the data, not the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    day = site.strategy.as_of
    if day is None:
        return "0"  # no date in the data: a fixed one, so two builds of the same input stay identical
    as_of = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return str(int(as_of.timestamp()))


def mkdocs_settings(site: Site) -> dict[str, str]:
    """What the site engine reads from the environment for this site: dates that follow the data."""
    return mkdocs_joint.settings(_source_date_epoch(site))


def no_contact(site: Site) -> Problem | None:
    """The problem with publishing a site that gives residents no way to reach the council, if it gives none.

    The accessibility regulations require the statement to say how to report a problem,
    and a strategy residents cannot ask about is a poor one: the accessibility statement
    uses its own contact or, without one, the strategy's.
    """
    strategy = site.strategy
    own = site.accessibility.contact if site.accessibility else None
    if (own and own.published) or (strategy.contact and strategy.contact.published):
        return None
    record = site.accessibility or strategy
    where = record.where_of("contact") if record.where_of("contact").line else record.where
    return Problem(
        where,
        "the site gives no way to reach the council: the accessibility statement must say how to report a "
        "problem. Add an email, phone, address or web page under 'contact:' (the council's general contact will "
        "do; say where it comes from in 'added_by_site_because:'), or build a preview with --draft",
    )


def _write_as_drawn(
    prepared: Prepared, later: list[str], docs: Path, report: WriteReport, listed: threading.Event
) -> list[str]:
    """Write each chart drawn during MkDocs to ``docs`` as its batch comes in; the paths written.

    Waits for ``listed`` first: a file that appeared in the docs folder before MkDocs
    listed it would be taken for one of the site's own.
    """
    listed.wait()
    key_of = {path: prepared.specs[path].key() for path in later}
    names: list[str] = []
    for drawn in prepared.drawing.batches():
        charts = prepared.chart_files(drawn, [path for path in later if key_of[path] in drawn])
        write_files(docs, charts, report)
        names.extend(charts)
    return names


def build(site_dir: Path, say: Say = _quiet, *, draft: bool = False) -> GenerateResult:
    """Validate, generate and build into ``site/``; on failure the old ``site/`` stays as it was.

    A site that still holds placeholders from ``strategy-site new`` is not built unless
    ``draft`` is set: a preview may show them, a published site must not.
    """
    site_dir = site_dir.resolve()
    if not (site_dir / "mkdocs.yml").is_file():
        raise InputError([Problem(Where("mkdocs.yml"), f"no mkdocs.yml in {site_dir}; is this a site folder?")])
    if not draft and (placeholders := find_placeholders(site_dir)):
        raise InputError(refusals(placeholders))
    site_files.check_output_folders(site_dir)
    with one_build_at_a_time(site_dir / BUILD_DIR, say):
        inputs = unchanged.inputs_key(site_dir, draft)  # before reading them: an edit made meanwhile is not claimed
        result = _build(site_dir, say, draft=draft)
        unchanged.remember(site_dir, inputs, mkdocs_settings(result.site))
        return result


def _build(site_dir: Path, say: Say, *, draft: bool) -> GenerateResult:
    removed = remove_leftovers(site_dir)
    if removed:
        say(f"removed {_count(removed, 'folder')} left by an interrupted build")
    prepared = _prepare(site_dir, say, publishing=not draft)
    try:
        # the PDF is made from the pages before MkDocs runs, so that they can say how long it is
        printed = print_edition.add_to(prepared, say)
        result = prepared.write(printed.drawn, say)
    except BaseException:
        prepared.drawing.cancel()
        raise
    result.seconds.update(printed.seconds)
    started = time.perf_counter()
    target = site_dir / "site"
    later = prepared.pending if printed.drawn is None else []  # the PDF waited for every chart: all are in
    docs = site_dir / BUILD_DIR / DOCS_DIR
    meanwhile: CheckedMeanwhile | None = None
    # the model and pages stay alive through MkDocs: keep the collector off them
    with collector.frozen(), staging_folder(site_dir) as staging, ThreadPoolExecutor(max_workers=2) as helpers:
        # MkDocs builds the pages while the missing charts are drawn; each is written to build/docs
        # as it comes once MkDocs has listed its files, and put into the site when MkDocs is done
        listed = threading.Event()
        charts_in = helpers.submit(_write_as_drawn, prepared, later, docs, result.report, listed) if later else None
        try:
            # a large site's pages are checked as MkDocs writes them, on a core MkDocs leaves free
            if len(prepared.pages) >= CHECK_MEANWHILE_PAGES:
                meanwhile = CheckedMeanwhile(theme_scripts())
            config = site_dir / BUILD_DIR / "mkdocs.yml"
            written = meanwhile.page if meanwhile else None
            mkdocs_joint.run(config, staging, site_dir, mkdocs_settings(result.site), later, written, listed.set)
        except BaseException:
            prepared.drawing.cancel()
            if meanwhile:
                meanwhile.cancel()
            with contextlib.suppress(Exception):  # MkDocs' error is the one to report
                _write_report(prepared)
            raise
        finally:
            listed.set()  # the writer never waits on an engine that did not say (or failed first)
        result.seconds["mkdocs"] = time.perf_counter() - started
        started = time.perf_counter()
        unsafe = helpers.submit(unsafe_output, staging, site_dir / BUILD_DIR / CACHE_DIR, meanwhile)
        link_files(docs, staging, charts_in.result() if charts_in else [])
        result.seconds["charts"] = time.perf_counter() - started
        result.seconds["report"] = _write_report(prepared)
        if problems := unsafe.result():
            raise InputError(problems)
        result.seconds["charts and check"] = time.perf_counter() - started
        swap_in(staging, target)
    drawn_meanwhile = f" and {_count(len(later), 'chart')} drawn meanwhile" if later else ""
    say(f"built {target} with MkDocs in {result.seconds['mkdocs']:.2f} s{drawn_meanwhile}")
    return result
