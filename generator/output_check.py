"""The last wall, and the one no engine can skip: every built page is read before it is published.

Text from YAML is made inert before it enters Markdown (``render.inert``), and MkDocs
hands each page's HTML to the allowlist in ``sanitize`` through a hook. Both walls sit
inside one engine: a move to another builder (Zensical, say), a hook that an upgrade
stops calling, or a page that closes the theme's ``<article>`` early, and data could
reach the page as markup. So the whole of every HTML document the engine wrote is read
here, after the build and before the new ``site/`` replaces the old one; a document that
holds anything able to run script fails the build, and the published site stays as it was.

What a document may hold:

- no event-handler attribute (``onclick``, ``onerror``…) and no ``srcdoc`` on any element;
- links and sources only to the site itself (relative), the web, mail or phone — no
  ``javascript:``, ``data:`` or other scheme, read the way a browser reads a URL
  (surrounding spaces and control characters, and tabs and newlines within, ignored);
- no ``iframe``, ``frame``, ``object``, ``embed``, ``applet``, ``base`` or refreshing ``meta``;
- scripts only of three kinds: a file of the site's own ``assets/``, JSON data
  (``type="application/json"``, which browsers do not run), or one of the theme's own
  inline scripts, read from its templates (``known_scripts``), where the only part that
  may vary is the path to the site's root.

The tokenizer is Python's ``html.parser``; the rules are about start tags and their
attributes, which it reads as a browser does for the markup an engine writes. A
document it cannot read the way a browser would (a tag left open at the end) fails too.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .workers import workers_below_the_build

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "ping"}
)
_FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "plaintext"}
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_TEMPLATE_LOGIC = re.compile(r"\{[%#].*?[%#]\}", re.DOTALL)
# What a template expression inside a theme script may become: the path to the site's root,
# relative (``.``, ``../..``) or, on the page for a missing address, absolute (``/``, ``/health/``).
_ROOT_PATH = r"(?:\.|\.\.(?:/\.\.)*/?|/[\w.~/-]*)"


@dataclass(frozen=True)
class Unsafe:
    """One thing in a built document that could run script, with the line it starts on."""

    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def url_scheme(value: str) -> str | None:
    """The scheme a browser would read in ``value`` (lower case), or None for a relative URL."""
    cleaned = value.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def known_scripts(template_files: Iterable[Path]) -> list[re.Pattern[str]]:
    """The theme's own inline scripts, each as a pattern in which only the path to the root may vary.

    Read from the templates themselves, so that a theme upgrade that changes a script is
    followed without a list kept by hand; Jinja logic inside a script is dropped and each
    ``{{ … }}`` stands for a path to the root such as ``.``, ``../..`` or ``/``.
    """
    patterns: list[re.Pattern[str]] = []
    for template in template_files:
        for body in _TEMPLATE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            body = _TEMPLATE_LOGIC.sub("", body)
            pieces = _TEMPLATE_EXPRESSION.split(body)
            pattern = _ROOT_PATH.join(re.escape(piece) for piece in pieces)
            patterns.append(re.compile(pattern, re.DOTALL))
    return patterns


class _Reader(HTMLParser):
    """Start tags, script bodies, styles and comments of one document, checked as they are read.

    Where a browser and ``html.parser`` read the same bytes differently, the reading is
    made to agree or the document fails: ``noscript`` and its kin are raw text, as in a
    browser that runs scripts; a ``style`` or comment holding ``<`` fails (inside SVG a
    browser reads tags there, and ``--!>`` ends a comment for a browser only).
    """

    # html.parser reads this class attribute to decide which elements hold raw text; typeshed calls it Final
    CDATA_CONTENT_ELEMENTS = ("script", "style", "noscript", "noembed", "noframes", "xmp", "iframe")  # type: ignore[misc]

    def __init__(self, file: str, scripts: list[re.Pattern[str]], assets: Iterable[str] | None):
        super().__init__(convert_charrefs=True)
        self.file = file
        self.scripts = scripts
        self.assets = assets  # None: the scripts' sources are kept in ``sources``, to be judged later
        self.sources: list[str] = []
        self.found: list[Unsafe] = []
        self._inline_script_line: int | None = None
        self._script_text: list[str] = []

    def _unsafe(self, what: str) -> None:
        self.found.append(Unsafe(self.file, self.getpos()[0], what))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self._unsafe(f"<{tag}> has the attribute {name}, which runs script")
            elif name in _URL_ATTRIBUTES or name == "srcset":
                self._check_url(tag, name, value or "")
        if tag in _FORBIDDEN_ELEMENTS:
            self._unsafe(f"<{tag}> element, which loads or runs other content")
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self._unsafe("<meta http-equiv=refresh>, which sends the reader elsewhere")
        elif tag == "script":
            self._start_script(values)

    def _check_url(self, tag: str, name: str, value: str) -> None:
        candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        for url in candidates:
            scheme = url_scheme(url)
            if scheme is not None and scheme not in ALLOWED_SCHEMES:
                self._unsafe(f"<{tag} {name}> points to a {scheme}: address; only web, mail and phone links may")

    def _start_script(self, values: dict[str, str]) -> None:
        if "src" in values:
            if url_scheme(values["src"]) is not None or values["src"].startswith("//"):
                self._unsafe(f"<script> loads {values['src']!r} from another site")
            elif self.assets is None:
                self.sources.append(values["src"])
            elif not _one_of(values["src"], self.assets):
                self._unsafe(f"<script> loads {values['src']!r}, which is not one of the theme's own files")
            self._inline_script_line = None
        elif values.get("type", "").strip().lower() == "application/json":
            self._inline_script_line = None  # data for the theme's script, which browsers never run
        else:
            self._inline_script_line = self.getpos()[0]
        self._script_text = []

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script":
            self._script_text.append(data)
        elif self.lasttag == "style" and "<" in data:
            self._unsafe("a <style> that holds markup, which a browser can read as tags")

    def handle_comment(self, data: str) -> None:
        if "<" in data or "--!" in data or data.startswith((">", "->")):
            self._unsafe("a comment that a browser could end early and read as markup")

    def handle_endtag(self, tag: str) -> None:
        if tag != "script":
            return
        if self._inline_script_line is not None:
            body = "".join(self._script_text)
            if not any(pattern.fullmatch(body) for pattern in self.scripts):
                self.found.append(
                    Unsafe(self.file, self._inline_script_line, "an inline <script> that is not one of the theme's own")
                )
        self._inline_script_line = None
        self._script_text = []


def _one_of(source: str, assets: Iterable[str]) -> bool:
    """Whether a script's ``src`` (relative, on this site) is one of the site's own script files."""
    return any(source.split("?")[0].endswith(asset) for asset in assets)


def _read(text: str, file: str, scripts: list[re.Pattern[str]], assets: Iterable[str] | None) -> _Reader:
    """One HTML document read whole, with what it found (``found``) and, without ``assets``, its scripts' sources."""
    reader = _Reader(file, scripts, None if assets is None else list(assets))
    reader.feed(text)
    reader.close()
    if reader.rawdata:  # a tag still open at the end: a browser and this reader could disagree
        reader.found.append(Unsafe(file, reader.getpos()[0], "markup left open at the end of the document"))
    return reader


def document_problems(text: str, file: str, scripts: list[re.Pattern[str]], assets: Iterable[str]) -> list[Unsafe]:
    """What in one HTML document could run script; an empty list for a safe one."""
    return _read(text, file, scripts, assets).found


@dataclass
class SiteCheck:
    """What the check of a built folder found, and the pages it found safe (by hash), to skip next time."""

    found: list[Unsafe] = field(default_factory=list)
    safe: set[str] = field(default_factory=set)


#: Below this many bytes of pages, one process reads them all: starting workers would cost
#: more than it saves (1.3 MB, 39 pages, take 0.14 s; at 100x, 100 MB took 8.7 s in one process).
PARALLEL_BYTES = 16_000_000


def check_site(
    folder: Path, scripts: list[re.Pattern[str]], *, known_safe: Collection[str] = (), shown_as: str = "site"
) -> SiteCheck:
    """Every HTML document under ``folder`` (a build not yet published), checked.

    A page whose bytes hash to one in ``known_safe`` (found safe by this same check
    before) is not read again: a warm build writes the same pages, and reading them all
    costs about a tenth of a second per megabyte. ``shown_as`` names the folder in messages.
    A large site's pages are shared out among worker processes, one a core, each
    reading and hashing its own pages.
    """
    assets = site_scripts(folder)
    pages = sorted(folder.rglob("*.html"))
    cores = os.cpu_count() or 1
    if cores == 1 or sum(page.stat().st_size for page in pages) < PARALLEL_BYTES:
        return _check_pages(folder, pages, scripts, assets, frozenset(known_safe), shown_as)
    parts = [pages[first :: cores * 4] for first in range(cores * 4)]  # interleaved: each part has pages of every size
    result = SiteCheck()
    with workers_below_the_build(cores) as pool:
        known = frozenset(known_safe)
        checks = [pool.submit(_check_pages, folder, part, scripts, assets, known, shown_as) for part in parts]
        for check in checks:
            checked = check.result()
            result.found.extend(checked.found)
            result.safe |= checked.safe
    result.found.sort(key=lambda unsafe: (unsafe.file, unsafe.line))
    return result


def _check_pages(
    folder: Path,
    pages: list[Path],
    scripts: list[re.Pattern[str]],
    assets: list[str],
    known_safe: frozenset[str],
    shown_as: str,
) -> SiteCheck:
    result = SiteCheck()
    for page in pages:
        content = page.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest not in known_safe:
            name = f"{shown_as}/{page.relative_to(folder).as_posix()}"
            found = document_problems(content.decode("utf-8", errors="replace"), name, scripts, assets)
            result.found.extend(found)
            if found:
                continue
        result.safe.add(digest)
    return result


def site_scripts(folder: Path) -> list[str]:
    """The script files of a built site's own ``assets/``, the only scripts its pages may load."""
    return [path.relative_to(folder).as_posix() for path in (folder / "assets").rglob("*.js")]


class CheckedMeanwhile:
    """Pages checked in a worker process while the engine is still writing the others.

    At 100x (3,600 pages, 100 MB) reading every page after MkDocs took 8.7 s, while a
    core was free for most of MkDocs' 31 s. So each page MkDocs writes is handed over as
    it is made and read there. Only the hashes of pages found safe come back: the check
    of the built folder afterwards (``check_site``) still reads every file, and skips
    reading as HTML only a file whose bytes hash to one of these. A page changed after
    it was handed over, or never handed over, is read there like any other. The site's
    own script files are known only once the engine has copied them, so the scripts a
    page loads are judged then, by the same rule.
    """

    #: pages sent to the worker at once
    BATCH = 50

    def __init__(self, scripts: list[re.Pattern[str]]) -> None:
        self.scripts = scripts
        self._pool = workers_below_the_build(1)
        self._pages: list[tuple[str, str]] = []
        self._checks: list[Future[list[tuple[str, list[str]]]]] = []

    def page(self, name: str, html: str) -> None:
        """Hand over one page as the engine wrote it."""
        self._pages.append((name, html))
        if len(self._pages) >= self.BATCH:
            self._send()

    def _send(self) -> None:
        if self._pages:
            self._checks.append(self._pool.submit(_safe_but_for_sources, self._pages, self.scripts))
            self._pages = []

    def safe(self, assets: list[str]) -> set[str]:
        """The hashes of the pages found safe, now that the site's own script files are known.

        A batch whose check failed (its worker was killed, say) adds nothing: its pages are
        then read by the pass over the built folder, like any page not handed over.
        """
        self._send()
        found: set[str] = set()
        try:
            for check in self._checks:
                try:
                    checked = check.result()
                except Exception:  # nothing is lost: the pages are read again afterwards
                    continue
                found.update(digest for digest, sources in checked if all(_one_of(s, assets) for s in sources))
        finally:
            self.cancel()
        return found

    def cancel(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _safe_but_for_sources(pages: list[tuple[str, str]], scripts: list[re.Pattern[str]]) -> list[tuple[str, list[str]]]:
    """Each page with nothing unsafe found, as the hash of its bytes on disk and the scripts it loads."""
    safe = []
    for name, html in pages:
        reader = _read(html, name, scripts, None)
        if not reader.found:
            safe.append((hashlib.sha256(html.encode("utf-8", errors="xmlcharrefreplace")).hexdigest(), reader.sources))
    return safe


def built_site_problems(folder: Path, scripts: list[re.Pattern[str]]) -> list[Unsafe]:
    """Every HTML document under ``folder``, each read afresh."""
    return check_site(folder, scripts).found
