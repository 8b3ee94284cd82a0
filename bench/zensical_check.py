"""Does the site build with Zensical, mkdocs-material's successor, and what differs from MkDocs' build?

    .venv/bin/python bench/zensical_check.py                       # Luton (the repo root)
    .venv/bin/python bench/zensical_check.py examples/NAME         # another site folder
    .venv/bin/python bench/zensical_check.py --venv /tmp/zensical-venv --repeat 3 --keep
    .venv/bin/python bench/zensical_check.py --no-install          # use the venv's Zensical as it is

Run on demand, never by the test suite. mkdocs-material reaches its end of life in May
2027; Zensical reads ``mkdocs.yml`` but runs none of MkDocs' Python hooks, and the
generated config's hooks (``generator/mkdocs_joint.py``) clean every page's HTML, escape
titles in the menu and ``<title>`` and make ``A&E`` findable in the search index. This
measures what is lost without them.

1. Zensical goes into its own virtual environment (``--venv``, default
   /tmp/zensical-venv, made if missing): ``pip install --upgrade zensical`` first; if that
   installs nothing, each listed version newest first (``pip index versions zensical``)
   until one installs. Every listed version newer than the one installed is explained
   by pip's own error (``pip install --dry-run zensical==V``): some releases need a
   package that no index here serves. The only network use is pip asking PyPI.
2. SITE_DIR's inputs (``mkdocs.yml``, ``data/``, ``content/``, ``site_templates/``) are
   copied into a temporary folder, so the site's own ``build/`` and ``site/`` are left
   alone, and ``strategy-site generate`` writes ``build/docs`` and ``build/mkdocs.yml``
   there. Zensical builds that config from a folder of its own beside ``build/`` (it
   wants ``docs_dir`` and ``site_dir`` inside the config's folder, and ``strategy-site``
   refuses a ``build/`` holding files it did not write): ``docs/`` copied from
   ``build/docs``, ``mkdocs.yml`` the generated one with ``site_dir`` added and its
   ``hooks:`` line kept (dropped and tried again only if Zensical refuses it).
3. ``strategy-site build`` builds ``site/`` with MkDocs; ``mkdocs build --strict`` of the
   same config alone is timed as the like-for-like figure. The two sites are compared
   page by page: pages in one only; the article's visible text; what
   ``generator.sanitize.clean_html`` would still remove from Zensical's article beyond
   what it removes from MkDocs' (from the first heading on: before it sit the theme's
   edit button and Zensical's skip anchor, not the page's); ``<title>`` and menu labels
   (same text, and no markup in them); the search index (where, size, entries, ``&amp;``
   left in it); whether the theme overrides reached the pages.
4. Unless ``--no-probe``, a second copy gets hostile text (an outcome's title and a
   plan's short title, both in the menu; an indicator's name; a hand-written page whose
   heading and body hold raw HTML) and both builders build it:
   whether the text still shows as written in ``<title>`` and the menu, and how many
   event handlers, ``javascript:`` links and scripts from the data reach each site, and
   what the check every build makes before publishing (``generator/output_check.py``)
   refuses in each: with it, neither builder's hostile site would be published.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import mkdocs_joint, output_check  # noqa: E402
from generator.folders import THEME_OVERRIDES  # noqa: E402
from generator.sanitize import clean_html  # noqa: E402

THEME_SCRIPTS = output_check.known_scripts(mkdocs_joint.theme_templates(THEME_OVERRIDES))

DEFAULT_VENV = Path(tempfile.gettempdir()) / "zensical-venv"
SITE_INPUTS = ("data", "content", "site_templates")
#: how many versions newer than the installed one are explained, and how many are tried to install
MAX_EXPLAINED = 8
MAX_TRIED = 12

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_BUILD_FINISHED = re.compile(r"Build finished in ([0-9.]+)\s*(ms|s)")
_MKDOCS_SHARE = re.compile(r"with MkDocs in ([0-9.]+) s")
_SCRIPT_URL = re.compile(r"(?i)^\s*(javascript|vbscript|data):")

PROBE = "ZqProbe"
VECTOR = "</title><img src=x onerror=alert(1)> A&E <script>alert(2)</script>"
PROBE_PAGE = f"""# {PROBE}Page says {VECTOR}

Raw HTML an editor might paste: <img src="x" onerror="alert(3)"> and <a href="javascript:alert(4)">a link</a>.

<div onmouseover="alert(5)">A block of raw HTML.</div>

<script>alert(6)</script>

<iframe src="https://example.invalid/"></iframe>
"""


# ---------------------------------------------------------------------------------------------
# Processes


def _run(command: Sequence[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False, env=_environment()
    )


def _environment() -> dict[str, str]:
    """This environment without the tool's own venv on PATH, so a subprocess finds only what it is given."""
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def _timed(command: Sequence[str | Path], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = _run(command, cwd)
    return time.perf_counter() - started, done


def _said(done: subprocess.CompletedProcess[str], limit: int = 6) -> str:
    """What a command said that matters: pip's ERROR lines, or else the last lines of its output."""
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")][:1]  # pip's first says why
    # pip's warnings about local index folders that do not exist here are noise
    kept = errors or [line for line in lines if "is ignored: it is neither a file nor a directory" not in line]
    return "\n".join(kept[-limit:])


def _tool(name: str) -> Path:
    """A console script of the tool's own environment (the one running this file)."""
    beside = Path(sys.executable).parent / name
    found = beside if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"cannot find '{name}' beside {sys.executable} or on PATH: run this with the project's .venv")
    return Path(found)


# ---------------------------------------------------------------------------------------------
# Installing Zensical


@dataclass
class Install:
    venv: Path
    version: str | None = None
    listed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (version, what pip said)
    notes: list[str] = field(default_factory=list)

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def zensical(self) -> Path:
        return self.venv / "bin" / "zensical"


def _installed_version(python: Path) -> str | None:
    done = _run([python, "-c", "import importlib.metadata as m; print(m.version('zensical'))"])
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _listed_versions(python: Path) -> tuple[list[str], str]:
    """Every version of zensical the indexes list, newest first (pip prints them so)."""
    done = _run([python, "-m", "pip", "index", "versions", "zensical"])
    for line in done.stdout.splitlines():
        if line.startswith("Available versions:"):
            return [v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()], ""
    return [], _said(done)


def install_zensical(venv: Path, *, install: bool) -> Install:
    result = Install(venv)
    if not result.python.exists():
        made = _run([sys.executable, "-m", "venv", venv])
        if made.returncode != 0:
            result.notes.append(f"could not make a virtual environment at {venv}:\n{_said(made)}")
            return result
        result.notes.append(f"made the virtual environment {venv}")
    else:
        result.notes.append(f"reused the virtual environment {venv}")
    if not install:
        result.version = _installed_version(result.python)
        result.notes.append("--no-install: pip was not asked")
        return result
    result.listed, index_said = _listed_versions(result.python)
    if not result.listed:
        result.notes.append(f"'pip index versions zensical' listed nothing:\n{index_said}")
    plain = _run([result.python, "-m", "pip", "install", "--upgrade", "zensical"])
    result.version = _installed_version(result.python)
    if plain.returncode != 0:
        result.notes.append(f"'pip install --upgrade zensical' failed:\n{_said(plain)}")
        for version in result.listed[:MAX_TRIED]:
            if version == result.version:
                break
            done = _run([result.python, "-m", "pip", "install", f"zensical=={version}"])
            if done.returncode == 0:
                result.version = _installed_version(result.python)
                break
            result.failed.append((version, _said(done, 2)))
    if result.version is None:
        return result
    newer = result.listed[: result.listed.index(result.version)] if result.version in result.listed else []
    explained = {version for version, _ in result.failed}
    for version in newer[:MAX_EXPLAINED]:
        if version not in explained:
            done = _run([result.python, "-m", "pip", "install", "--dry-run", f"zensical=={version}"])
            said = _said(done, 2) if done.returncode != 0 else "installs (a dry run resolved it); pip chose older"
            result.failed.append((version, said))
    if len(newer) > MAX_EXPLAINED:
        result.notes.append(f"{len(newer) - MAX_EXPLAINED} more newer versions not tried")
    return result


# ---------------------------------------------------------------------------------------------
# Building


def copy_site(source: Path, target: Path) -> Path:
    """The site's inputs, not its output: the copy is built and thrown away."""
    target.mkdir(parents=True)
    for name in SITE_INPUTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _edit_first(site_dir: Path, key: str, fields: Sequence[str], value: str) -> str | None:
    """Set each of ``fields`` the first item under a data file's top-level ``key`` has; where, if anywhere."""
    for path in sorted((site_dir / "data").glob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data.get(key) if isinstance(data, dict) else None
        if not (isinstance(items, list) and items and isinstance(items[0], dict)):
            continue
        present = [name for name in fields if name in items[0]]
        if present:
            items[0].update(dict.fromkeys(present, value))
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), "utf-8")
            return f"{path.name}: {key}[0].{'/'.join(present)}"
    return None


def add_probe(site_dir: Path) -> list[str]:
    """Hostile text in a menu title, a page heading and a hand-written page (the copy only)."""
    changed = [
        _edit_first(site_dir, "outcomes", ("title", "short_title"), f"{PROBE}Outcome says {VECTOR}"),
        _edit_first(site_dir, "plans", ("short_title",), f"{PROBE}Plan says {VECTOR}"),
        _edit_first(site_dir, "indicators", ("name",), f"{PROBE}Indicator says {VECTOR}"),
    ]
    (site_dir / "content").mkdir(exist_ok=True)
    (site_dir / "content" / "zensical-probe.md").write_text(PROBE_PAGE, encoding="utf-8")
    return [where for where in changed if where] + ["content/zensical-probe.md (raw HTML)"]


@dataclass
class ZensicalBuild:
    ok: bool
    site: Path
    cold: list[float] = field(default_factory=list)  # wall clock of `zensical build --clean`
    own: list[float] = field(default_factory=list)  # "Build finished in" as Zensical reports it
    warm: float | None = None
    hooks: str = ""
    strict: bool = True
    said: str = ""
    command: str = ""


def _finished(output: str) -> float | None:
    match = _BUILD_FINISHED.search(output)
    if not match:
        return None
    return float(match[1]) / (1000 if match[2] == "ms" else 1)


def zensical_build(install: Install, site_dir: Path, repeat: int) -> ZensicalBuild:
    """Build ``build/mkdocs.yml`` with Zensical from a folder of its own beside ``build/``."""
    project = site_dir / "zensical"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(site_dir / "build" / "docs", project / "docs")
    config = yaml.safe_load((site_dir / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"], config["site_dir"] = "docs", "site"  # INHERIT ../mkdocs.yml still finds the site's own
    had_hooks = "hooks" in config
    result = ZensicalBuild(ok=False, site=project / "site")
    attempts: list[tuple[bool, bool]] = [(True, True), (False, True), (True, False), (False, False)]
    for keep_hooks, strict in attempts if had_hooks else [(True, True), (True, False)]:
        written = dict(config) if keep_hooks else {k: v for k, v in config.items() if k != "hooks"}
        (project / "mkdocs.yml").write_text(yaml.safe_dump(written, sort_keys=False, allow_unicode=True), "utf-8")
        command: list[str | Path] = [install.zensical, "build", "-f", "mkdocs.yml", "--clean"]
        command += ["--strict"] if strict else []
        seconds, done = _timed(command, project)
        output = done.stdout + done.stderr
        if done.returncode == 0 and result.site.is_dir():
            result.ok, result.strict, result.said = True, strict, output
            result.command = f"cd {project} && " + " ".join(str(part) for part in command)
            if not had_hooks:
                result.hooks = "the generated config lists no hooks"
            elif keep_hooks:
                result.hooks = "hooks: line kept; Zensical built without a word about it (ignored)"
            else:
                result.hooks = "hooks: line had to be dropped: with it Zensical failed"
            result.cold.append(seconds)
            if (own := _finished(output)) is not None:
                result.own.append(own)
            for _ in range(repeat - 1):
                seconds, done = _timed(command, project)
                result.cold.append(seconds)
                if (own := _finished(done.stdout + done.stderr)) is not None:
                    result.own.append(own)
            warm_command: list[str | Path] = [part for part in command if part != "--clean"]
            result.warm, _ = _timed(warm_command, project)
            return result
        result.said += f"\n$ {' '.join(str(p) for p in command)}\n{_said(done, 12)}"
    return result


@dataclass
class MkDocsBuild:
    ok: bool
    site: Path
    total: float = 0.0
    share: float | None = None  # MkDocs' share, as strategy-site reports it
    alone: list[float] = field(default_factory=list)  # `mkdocs build --strict` of the same config
    said: str = ""


def mkdocs_build(site_dir: Path, repeat: int) -> MkDocsBuild:
    result = MkDocsBuild(ok=False, site=site_dir / "site")
    result.total, done = _timed([_tool("strategy-site"), "build", site_dir])
    output = done.stdout + done.stderr
    if done.returncode != 0:
        result.said = _said(done, 20)
        return result
    result.ok = True
    if match := _MKDOCS_SHARE.search(output):
        result.share = float(match[1])
    out = site_dir / "mkdocs-alone"
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        config = site_dir / "build" / "mkdocs.yml"
        command: list[str | Path] = [_tool("mkdocs"), "build", "--strict", "-q", "-f", config, "-d", out]
        seconds, done = _timed(command, site_dir)
        if done.returncode != 0:
            result.said = _said(done, 10)
            break
        result.alone.append(seconds)
    shutil.rmtree(out, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------
# Reading the built pages


class _Page(HTMLParser):
    """A built page's menu labels (the primary navigation, not the table of contents)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[tuple[str, bool]] = []  # (text, holds an element) for each span.md-ellipsis
        self._navs: list[str] = []  # classes of the open <nav> elements
        self._label: list[str] | None = None
        self._label_tag = "span"
        self._label_open: list[str] = []  # elements opened inside the label
        self._label_markup = False

    def _in_menu(self) -> bool:
        return any("md-nav--primary" in c for c in self._navs) and not any("md-nav--secondary" in c for c in self._navs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav":
            self._navs.append(classes)
        if self._label is not None:
            self._label_markup = True
            if tag not in _VOID:
                self._label_open.append(tag)
        elif tag in ("span", "div") and "md-ellipsis" in classes.split() and self._in_menu():
            self._label, self._label_tag, self._label_open, self._label_markup = [], tag, [], False

    def handle_endtag(self, tag: str) -> None:
        if self._label is not None:
            if self._label_open and self._label_open[-1] == tag:
                self._label_open.pop()
            elif tag == self._label_tag and not self._label_open:
                self.labels.append((" ".join("".join(self._label).split()), self._label_markup))
                self._label = None
            else:  # an end tag that closes nothing opened here: markup from the title itself (``</title>``)
                self._label_markup = True
            return
        if tag == "nav" and self._navs:
            self._navs.pop()

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)


_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _Text(HTMLParser):
    """Visible text, and every element and attribute (for what the sanitizer drops)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.features: Counter[str] = Counter()
        self.dangers: list[str] = []  # each "what (in which part of the page)"
        self._skip = 0
        self._regions: list[list[Any]] = []  # [tag, region, depth] of the open parts of the page

    def _where(self) -> str:
        return self._regions[-1][1] if self._regions else "elsewhere"

    def _danger(self, what: str) -> None:
        self.dangers.append(f"{what} ({self._where()})")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.features[f"<{tag}>"] += 1
        classes = (dict(attrs).get("class") or "").split()
        for name, value in attrs:
            self.features[f"<{tag} {name}>"] += 1
            if name.startswith("on"):
                self._danger(f"<{tag} {name}>")
            if name in {"href", "src", "action", "xlink:href"} and _SCRIPT_URL.match(value or ""):
                self._danger(f"<{tag} {name}={(value or '').split(':')[0]}:>")
        if tag in {"iframe", "object", "embed"}:
            self._danger(f"<{tag}>")
        if tag in {"script", "style", "template", "noscript"}:
            self._skip += 1
        if self._regions and self._regions[-1][0] == tag:
            self._regions[-1][2] += 1
        region = next((name for cls, name in _REGIONS.items() if cls in classes), None)
        if region and tag not in _VOID:
            self._regions.append([tag, region, 1])

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template", "noscript"} and self._skip:
            self._skip -= 1
        if self._regions and self._regions[-1][0] == tag:
            self._regions[-1][2] -= 1
            if self._regions[-1][2] <= 0:
                self._regions.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            if "alert(" in data:
                self._danger("<script> from the data")
        else:
            self.text.append(data)


#: the parts of a page a finding is placed in, by the class of the element around it (innermost wins)
_REGIONS = {
    "md-header": "header",
    "md-nav--primary": "menu",
    "md-nav--secondary": "contents",
    "md-content__inner": "article",
    "md-footer": "footer",
    "md-path": "breadcrumbs",
}


def _read(html_text: str) -> _Text:
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return parser


def visible_text(html_text: str) -> str:
    return " ".join("".join(_read(html_text).text).split())


@dataclass
class Built:
    """One built page."""

    title_raw: str
    labels: list[tuple[str, bool]]
    article: str | None
    whole: str


def read_site(site: Path) -> dict[str, Built]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        whole = path.read_text(encoding="utf-8")
        menu = _Page()
        menu.feed(whole)
        title = _TITLE.search(whole)
        article = _ARTICLE.search(whole)
        pages[path.relative_to(site).as_posix()] = Built(
            title_raw=title[1].strip() if title else "",
            labels=menu.labels,
            article=article[1] if article else None,
            whole=whole,
        )
    return pages


def _own(article: str) -> str:
    """The page's own HTML, from its first heading on: before it the theme's edit button and skip anchor."""
    start = article.find("<h1")
    return article[start:] if start >= 0 else article


def _removed(article: str) -> Counter[str]:
    """Elements and attributes ``clean_html`` removes from an article."""
    return _read(article).features - _read(clean_html(article)).features


@dataclass
class SearchIndex:
    path: str | None
    raw: int = 0
    gzipped: int = 0
    entries: int = 0
    escaped_ampersands: int = 0
    texts: list[str] = field(default_factory=list)


def search_index(site: Path) -> SearchIndex:
    for name in ("search/search_index.json", "search.json"):
        path = site / name
        if path.is_file():
            raw = path.read_bytes()
            data: Any = json.loads(raw)
            entries = data.get("docs") or data.get("items") or [] if isinstance(data, dict) else data
            texts = [str(e.get("title", "")) + " " + str(e.get("text", "")) for e in entries if isinstance(e, dict)]
            return SearchIndex(
                path=name,
                raw=len(raw),
                gzipped=len(gzip.compress(raw, 9)),
                entries=len(entries),
                escaped_ampersands=sum(text.count("&amp;") for text in texts),
                texts=texts,
            )
    return SearchIndex(path=None)


# ---------------------------------------------------------------------------------------------
# Comparing


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def _times(values: Sequence[float]) -> str:
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{min(values):.2f} s best, {statistics.median(values):.2f} s median of {len(values)}"


def _top(counter: Counter[str], limit: int = 6) -> str:
    return ", ".join(f"{name} x{count}" for name, count in counter.most_common(limit)) or "nothing"


def compare(mkdocs_site: Path, zensical_site: Path, out: Callable[[str], None]) -> None:
    m_pages, z_pages = read_site(mkdocs_site), read_site(zensical_site)
    common = sorted(set(m_pages) & set(z_pages))
    only_m, only_z = sorted(set(m_pages) - set(z_pages)), sorted(set(z_pages) - set(m_pages))
    out(f"HTML pages: MkDocs {len(m_pages)}, Zensical {len(z_pages)}, in both {len(common)}")
    out(f"  only MkDocs: {', '.join(only_m) or 'none'}")
    out(f"  only Zensical: {', '.join(only_z) or 'none'}")
    m_files = {p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*") if p.is_file()}
    z_files = {p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*") if p.is_file()}
    not_assets = [f for f in sorted(m_files ^ z_files) if not f.startswith("assets/")]
    out(f"  other files in one only (not theme assets): {', '.join(not_assets) or 'none'}")

    same_text, differ, no_article = 0, [], []
    extra_removed: Counter[str] = Counter()
    pages_with_extra: list[str] = []
    baseline_pages = 0
    titles_differ, labels_differ, z_title_markup, z_label_markup = [], [], 0, 0
    m_title_markup, m_label_markup = 0, 0
    for name in common:
        m, z = m_pages[name], z_pages[name]
        if html.unescape(m.title_raw) != html.unescape(z.title_raw):
            titles_differ.append(f"{name}: {html.unescape(m.title_raw)!r} / {html.unescape(z.title_raw)!r}")
        m_title_markup += "<" in m.title_raw
        z_title_markup += "<" in z.title_raw
        if [t for t, _ in m.labels] != [t for t, _ in z.labels]:
            labels_differ.append(name)
        m_label_markup += any(markup for _, markup in m.labels)
        z_label_markup += any(markup for _, markup in z.labels)
        if m.article is None or z.article is None:
            no_article.append(name)
            continue
        m_text, z_text = visible_text(m.article), visible_text(z.article)
        if m_text == z_text:
            same_text += 1
        else:
            differ.append((name, m_text, z_text))
        removed_m = _removed(_own(m.article))
        removed_z = _removed(_own(z.article))
        baseline_pages += bool(removed_m)
        if extra := removed_z - removed_m:
            extra_removed += extra
            pages_with_extra.append(name)

    out(f"Article text (tags stripped, spaces collapsed): same on {same_text} of {len(common)} pages")
    if no_article:
        out(f"  no article on {len(no_article)}: {', '.join(no_article)}")
    for name, m_text, z_text in differ[:8]:
        pairs = enumerate(zip(m_text, z_text, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(m_text), len(z_text)))
        out(f"  differs: {name} at char {at}: MkDocs …{m_text[max(0, at - 30) : at + 50]!r}")
        out(f"  {' ' * (len(name) + 9)}Zensical …{z_text[max(0, at - 30) : at + 50]!r}")
    if len(differ) > 8:
        out(f"  … and {len(differ) - 8} more pages")
    out(
        f"Sanitizer (clean_html over each article from its <h1> on): removes something from Zensical's beyond what "
        f"it removes from MkDocs' on {len(pages_with_extra)} of {len(common)} pages"
        + (f" ({_top(extra_removed)})" if extra_removed else "")
    )
    out(f"  (baseline: it removes something from MkDocs' article, already cleaned, on {baseline_pages} pages)")
    for name in pages_with_extra[:3]:
        extra = _removed(_own(z_pages[name].article or "")) - _removed(_own(m_pages[name].article or ""))
        out(f"  {name}: {_top(extra)}")
    out(
        f"<title>: differs on {len(titles_differ)} pages; holds raw markup: "
        f"MkDocs {m_title_markup}, Zensical {z_title_markup}"
    )
    for line in titles_differ[:5]:
        out(f"  {line}")
    out(
        f"Menu labels: differ on {len(labels_differ)} pages; pages with markup inside a label: "
        f"MkDocs {m_label_markup}, Zensical {z_label_markup}"
    )
    for name in labels_differ[:3]:
        m_l, z_l = [t for t, _ in m_pages[name].labels], [t for t, _ in z_pages[name].labels]
        out(f"  {name}: only MkDocs {sorted(set(m_l) - set(z_l))[:4]}, only Zensical {sorted(set(z_l) - set(m_l))[:4]}")
    overrides = "last checked:"
    out(
        "Theme overrides (footer 'last checked:'): MkDocs "
        f"{sum(overrides in p.whole for p in m_pages.values())} pages, Zensical "
        f"{sum(overrides in p.whole for p in z_pages.values())} pages"
    )
    for label, site in (("MkDocs", mkdocs_site), ("Zensical", zensical_site)):
        index = search_index(site)
        if index.path is None:
            out(f"Search index, {label}: none found")
        else:
            out(
                f"Search index, {label}: {index.path}, {_kb(index.raw)} ({_kb(index.gzipped)} gzipped), "
                f"{index.entries} entries, '&amp;' left in titles/texts: {index.escaped_ampersands}"
            )


def probe_report(mkdocs_site: Path, zensical_site: Path, out: Callable[[str], None]) -> None:
    for label, site in (("MkDocs", mkdocs_site), ("Zensical", zensical_site)):
        pages = read_site(site)
        titled = [(n, p) for n, p in pages.items() if PROBE in p.title_raw]
        intact_titles = sum(VECTOR in html.unescape(p.title_raw) for _, p in titled)
        labels = [(t, markup) for p in pages.values() for t, markup in p.labels if PROBE in t]
        intact_labels = sum(VECTOR in t and not markup for t, markup in labels)
        broken_labels = sum(markup for _, markup in labels)
        dangers: Counter[str] = Counter()
        for page in pages.values():
            dangers.update(_read(page.whole).dangers)
        index = search_index(site)
        index_dangers: Counter[str] = Counter()
        for text in index.texts:
            if PROBE in text or "alert(" in text:
                index_dangers.update(_read(text).dangers)
        out(
            f"  {label}: <title> with the probe {len(titled)} pages, text intact {intact_titles}; menu labels with "
            f"it {len(labels)}, intact {intact_labels}, with markup inside {broken_labels}"
        )
        for raw in [p.title_raw for _, p in titled if VECTOR not in html.unescape(p.title_raw)][:2]:
            out(f"    a <title> not intact: {raw[:140]!r}")
        for text, markup in [(t, markup) for t, markup in labels if VECTOR not in t or markup][:2]:
            out(f"    a menu label not intact: {text[:100]!r}{' (markup inside)' if markup else ''}")
        out(f"    reaching the pages: {sum(dangers.values())} ({_top(dangers, 12)})")
        out(f"    in the search index as HTML: {sum(index_dangers.values())} ({_top(index_dangers)})")
        refused = output_check.built_site_problems(site, THEME_SCRIPTS)
        out(
            f"    the check before publishing (generator/output_check.py) refuses {len(refused)} things in "
            f"{len({found.file for found in refused})} pages: {_top(Counter(found.what for found in refused), 4)}"
        )


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=ROOT, metavar="SITE_DIR")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help=f"Zensical's own venv (default {DEFAULT_VENV})")
    parser.add_argument("--no-install", action="store_true", help="use the venv's Zensical as it is; ask pip nothing")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each builder alone to time (default 3)")
    parser.add_argument("--no-probe", action="store_true", help="skip the build with hostile titles and raw HTML")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()
    site_dir: Path = args.site_dir.resolve()
    if not (site_dir / "mkdocs.yml").is_file():
        print(f"no mkdocs.yml in {site_dir}: is it a site folder?", file=sys.stderr)
        return 2
    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    out(f"Zensical check of {site_dir}")
    install = install_zensical(args.venv.resolve(), install=not args.no_install)
    for note in install.notes:
        out(f"  {note}")
    if install.version is None:
        out(f"Zensical could not be installed in {install.venv}; nothing was built (pip's own words above).")
        for version, said in install.failed:
            out(f"  zensical=={version}: {said}")
        return 1
    newest = install.listed[0] if install.listed else "unknown"
    out(f"Zensical {install.version} installed in {install.venv} (newest listed: {newest})")
    for version, said in install.failed:
        out(f"  zensical=={version} not used: {said}")

    work = Path(tempfile.mkdtemp(prefix="zensical-check-"))
    try:
        site = copy_site(site_dir, work / "site")
        seconds, done = _timed([_tool("strategy-site"), "generate", site])
        if done.returncode != 0:
            out(f"strategy-site generate failed ({seconds:.2f} s):\n{_said(done, 20)}")
            return 1
        out(f"strategy-site generate: {seconds:.2f} s")
        zensical = zensical_build(install, site, args.repeat)
        if not zensical.ok:
            out(f"Zensical could not build the generated config:{zensical.said}")
            return 1
        out(f"Zensical: {zensical.command}")
        out(f"  {zensical.hooks}; strict mode {'passed' if zensical.strict else 'failed, built without it'}")
        messages = [
            line
            for line in zensical.said.splitlines()
            if line.strip() and not line.startswith(("Build started", "Build finished"))
        ]
        out(f"  it said: {' | '.join(messages[:6]) or 'nothing'}")
        mkdocs = mkdocs_build(site, args.repeat)
        if not mkdocs.ok:
            out(f"strategy-site build (MkDocs) failed:\n{mkdocs.said}")
            return 1
        out("Times:")
        cold, own = _times(zensical.cold), _times(zensical.own)
        out(f"  zensical build --clean (wall clock): {cold}; as it reports itself: {own}")
        if zensical.warm is not None:
            out(f"  zensical build again, cache warm: {zensical.warm:.2f} s")
        out(f"  mkdocs build --strict, same config (wall clock): {_times(mkdocs.alone)}")
        share = f"{mkdocs.share:.2f} s" if mkdocs.share is not None else "n/a"
        out(f"  strategy-site build (generate + MkDocs + charts): {mkdocs.total:.2f} s, MkDocs' share {share}")
        compare(mkdocs.site, zensical.site, out)
        if not args.no_probe:
            probe = copy_site(site_dir, work / "probe")
            changed = add_probe(probe)
            out(f"Probe: hostile text in {'; '.join(changed)}")
            _, done = _timed([_tool("strategy-site"), "generate", probe])
            probed = zensical_build(install, probe, 1) if done.returncode == 0 else None
            probed_mkdocs = mkdocs_build(probe, 1) if probed and probed.ok else None
            if probed is None or not probed.ok or probed_mkdocs is None or not probed_mkdocs.ok:
                out("  the probed site did not build:")
                out("  " + (_said(done, 10) if done.returncode else (probed.said if probed else "")))
                if probed_mkdocs is not None:
                    out("  " + probed_mkdocs.said)
            else:
                probe_report(probed_mkdocs.site, probed.site, out)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
