"""The print edition: the whole strategy as one tagged PDF, made from the very pages the site is made from.

Councils publish a strategy as a document as well as web pages: boards take papers as
PDFs, residents print it, libraries file it. A second, hand-made document drifts from the
site, so this one is not written at all: it is the generated Markdown of every page (what
``build/docs`` holds), converted with the site's own Markdown extensions and abbreviations,
cleaned by the site's own allowlist (``sanitize.clean_html``), in the site's reading order
(its menu, each page followed by the pages reached from it), after a cover and a contents
list made from the data. WeasyPrint lays it out as PDF/UA-1: tagged, with the document's
title and language, bookmarks that follow the headings, each chart (the SVG the build
drew, as vector graphics) a figure with its alternative text, tables with header cells.

What only the website has is left out: the theme's search, menu and edit links never
reach the Markdown, and "¶" links and the "On this page" lists are not made. A link to
another page becomes a link within the document; a link to a download goes to the
website when its address is known (``SITE_URL`` or ``site_url``) and is plain text
otherwise.

The order in a build (``add_to``): the pages are rendered; the PDF is made from them,
waiting for any chart still being drawn; then its page count and size are known, and the
home and downloads pages are rendered again with the link to it ("PDF, 38 pages, 1.2 MB")
before MkDocs runs. The PDF holds those two pages as they were before: a document does not
link to itself. The PDF is a file of ``build/docs``, so MkDocs publishes it with the rest
and a build with nothing changed (``unchanged``) publishes the same file again.

Made once per input: the PDF is kept in ``build/.cache`` under the hash of everything it is
made from (each page's Markdown, each chart's key, the cover's words, the stylesheet, the
code that turns them into a PDF and the versions of WeasyPrint and its libraries), sealed
with this machine's key like every cache entry, since it is published as it is. WeasyPrint
fetches nothing: its URL fetcher serves only the charts the build drew into ``build/docs``
and refuses every other address.

A site turns it off in its ``mkdocs.yml``: ``extra: {pdf: false}``.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import posixpath
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import cache
from .abbreviations import expand_first_use
from .edit_links import site_config
from .folders import BUILD_DIR, CACHE_DIR, DOCS_DIR, TEMPLATES_DIR
from .formats import file_slug
from .mkdocs_joint import HEADING_EXTENSIONS
from .pages import PageSpec, navigation
from .problems import InputError, Problem, Where
from .render import make_environment, render_page
from .sanitize import clean_html
from .site_url import site_url_from_environment
from .standing import build_day, strategy_standing

if TYPE_CHECKING:
    from .build import Prepared
    from .model import Site

Say = Callable[[str], None]

#: ``extra.pdf`` in a site's ``mkdocs.yml``: ``false`` builds no print edition.
SETTING = "pdf"
#: The print edition's own templates and stylesheet, beside the site's.
PRINT_DIR = "print"
COVER_TEMPLATE = f"{PRINT_DIR}/cover.md.j2"
STYLESHEET = TEMPLATES_DIR / PRINT_DIR / "print.css"
#: The site's Markdown extensions (``mkdocs_joint.config_text``) but two: ``toc`` without its
#: "¶" links, and no ``pymdownx.snippets``, whose one include, the abbreviations, is appended here.
MARKDOWN_EXTENSIONS = [*HEADING_EXTENSIONS, "abbr"]
#: What WeasyPrint writes: tagged PDF/UA-1, with a PDF version 1.7 file.
PDF_VARIANT = "pdf/ua-1"
#: The libraries whose output is the PDF: a new version of any makes it again.
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "Markdown", "nh3")
#: The most a print edition holds: the first site's 39 pages (295,000 characters) make 138 pages of A4 in
#: about ten seconds and 340 MB; a national site's 3,000 would make ten thousand, and take most of an hour.
MAX_CHAPTERS = 200
MAX_CHARACTERS = 1_000_000
#: The cache entry: only the latest PDF is kept.
CACHE_ENTRY = "print-edition"

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# A start tag as the allowlist writes it out (attribute values always in double quotes), or an </a>.
_TAG = re.compile(r'<(?P<name>[a-zA-Z][a-zA-Z0-9]*)(?P<attributes>(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>|</a>')
_ATTRIBUTE = re.compile(r'(?P<space>\s+)(?P<name>id|href|src)="(?P<value>[^"]*)"')
_HIDDEN = re.compile(r'\s*<span aria-hidden="true">[^<]*</span>')
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def wanted(site_dir: Path) -> bool:
    """Whether the site builds a print edition: unless its ``mkdocs.yml`` says ``extra: {pdf: false}``."""
    extra = site_config(site_dir).get("extra")
    return not (isinstance(extra, dict) and extra.get(SETTING) is False)


def pdf_name(site: Site) -> str:
    """The PDF's file name, at the top of the site: the strategy's title as a slug."""
    return f"{file_slug(site.strategy.title) or 'strategy'}.pdf"


def size_words(size: int) -> str:
    """A file's size as a download link gives it: '1.2 MB', '850 KB'."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


@dataclass(frozen=True)
class PrintEdition:
    """What the home and downloads pages say of the PDF: where it is, how many pages, how large."""

    path: str
    pages: int
    size: int

    @property
    def description(self) -> str:
        """'PDF, 38 pages, 1.2 MB'."""
        return f"PDF, {self.pages} page{'' if self.pages == 1 else 's'}, {size_words(self.size)}"


# --- the reading order: the menu, each page followed by the pages reached from it ----------------


@dataclass
class Entry:
    """A place in the document's contents: a page, or a section of the menu that has no page of its own."""

    path: str | None
    label: str = ""
    children: list[Entry] = field(default_factory=list)

    def walk(self) -> Iterator[Entry]:
        yield self
        for child in self.children:
            yield from child.walk()

    def outline(self) -> list[Any]:
        return [self.path, self.label, [child.outline() for child in self.children]]


def _entries(nav: Sequence[Any]) -> list[Entry]:
    entries = []
    for item in nav:
        if isinstance(item, str):
            entries.append(Entry(item))
            continue
        for label, value in item.items():
            if isinstance(value, str):
                entries.append(Entry(value, str(label)))
            elif value and isinstance(value[0], str):  # a section whose first entry is its own page
                entries.append(Entry(value[0], str(label), _entries(value[1:])))
            else:
                entries.append(Entry(None, str(label), _entries(value)))
    return entries


def _parent(path: str, placed: Mapping[str, Entry]) -> Entry | None:
    """The page a page the menu leaves out is reached from: its folder's index page, or the page named as its folder."""
    folder = posixpath.dirname(path)
    while folder:
        for candidate in (f"{folder}/index.md", f"{folder}.md"):
            if candidate != path and candidate in placed:
                return placed[candidate]
        folder = posixpath.dirname(folder)
    return None


def contents(pages: Sequence[PageSpec], content_nav: Sequence[tuple[str, str]]) -> list[Entry]:
    """The document's contents: the site's menu, with every page it leaves out under the page it is reached from."""
    top = _entries(navigation(list(pages), list(content_nav)))
    placed = {entry.path: entry for root in top for entry in root.walk() if entry.path}
    for path in [page.path for page in pages] + [relative for relative, _title in content_nav]:
        if path not in placed:
            parent = _parent(path, placed)
            entry = Entry(path)
            (parent.children if parent else top).append(entry)
            placed[path] = entry
    return top


def reading_order(entries: Sequence[Entry]) -> list[str]:
    return [entry.path for root in entries for entry in root.walk() if entry.path]


# --- each page as a chapter ----------------------------------------------------------------------


def _converter() -> Any:
    import markdown  # type: ignore[import-untyped]  # as link_check reads it

    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def page_html(markdown_text: str, abbreviations: str, converter: Any = None) -> str:
    """A page's Markdown as the site's HTML: its extensions and abbreviations, first uses written out, cleaned."""
    converter = converter or _converter()
    body = _FRONT_MATTER.sub("", markdown_text)
    converted = converter.reset().convert(body + "\n\n" + abbreviations)
    # a status's symbol (✔, ✘) is a cue the site hides from screen readers; a tagged PDF cannot,
    # and the words before it say the same: print leaves it out, with the space before it
    return _HIDDEN.sub("", clean_html(expand_first_use(converted)))


@dataclass(frozen=True)
class Links:
    """Where each link of a page goes in the document: pages become chapters, files go to the website."""

    anchors: Mapping[str, str]  # each printed page's chapter id, by its path
    files: frozenset[str]  # what the site publishes besides pages: charts, downloads
    address: str | None  # the website's address, ending in "/", when known

    def target(self, page: str, href: str) -> str | None:
        """The document's link for ``href`` on ``page``: an address, '#chapter-id', or None for plain text."""
        raw = html.unescape(href)
        if _SCHEME.match(raw) or raw.startswith("//"):
            return href  # another website, an email address, a phone number: kept, and live
        target, _, fragment = raw.partition("#")
        resolved = page
        if target:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("?", 1)[0]))
            if resolved.endswith("/") or not posixpath.splitext(resolved)[1]:
                resolved = posixpath.join(resolved, "index.md")
        if resolved in self.anchors:
            chapter = self.anchors[resolved]
            return "#" + html.escape(f"{chapter}-{fragment}" if fragment else chapter, quote=True)
        if self.address and resolved in self.files and not resolved.startswith(".."):
            return html.escape(self.address + resolved, quote=True)
        return None


def chapter_html(path: str, page: str, links: Links) -> str:
    """A page's cleaned HTML as a chapter: ids made unique to it, links and images resolved within the document.

    The HTML is the allowlist's own output, where every start tag is well formed and text
    holds no ``<``: a start tag is found whole, and only its ``id``, ``href`` and ``src`` change.
    A link the document cannot follow is kept as its text.
    """
    chapter = links.anchors[path]
    folder = posixpath.dirname(path)
    unlinked = False

    def attribute(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if name == "id":
            value = f"{chapter}-{value}"
        elif name == "src":
            value = html.escape(posixpath.normpath(posixpath.join(folder, html.unescape(value))), quote=True)
        return f'{match["space"]}{name}="{value}"'

    def tag(match: re.Match[str]) -> str:
        nonlocal unlinked
        if match[0] == "</a>":
            closing = "</span>" if unlinked else "</a>"
            unlinked = False
            return closing
        attributes = match["attributes"]
        if match["name"].lower() == "a":
            href = re.search(r'\shref="([^"]*)"', attributes)
            target = links.target(path, href[1]) if href else None
            if target is None:
                unlinked = True
                kept = re.sub(r'\s(?:href|download)(?:="[^"]*")?', "", attributes)
                return f"<span{_ATTRIBUTE.sub(attribute, kept)}>"
            attributes = attributes.replace(href[0], f' href="{target}"') if href else attributes
            attributes = re.sub(r'\sdownload(?:="[^"]*")?', "", attributes)
            return f"<a{_ATTRIBUTE.sub(lambda m: attribute(m) if m['name'] != 'href' else m[0], attributes)}>"
        return f"<{match['name']}{_ATTRIBUTE.sub(attribute, attributes)}>"

    return f'<div class="chapter" id="{chapter}">{_TAG.sub(tag, page)}</div>'


def heading_text(page: str) -> str:
    """A page's first heading as plain text: what the contents list calls it."""
    found = _H1.search(page)
    return " ".join(html.unescape(_TAGS.sub("", found[1])).split()) if found else ""


def contents_html(entries: Sequence[Entry], titles: Mapping[str, str], anchors: Mapping[str, str]) -> str:
    """The contents list: each chapter by its heading, linked, with its page number (the stylesheet adds it)."""

    def items(level: Sequence[Entry]) -> str:
        out = []
        for entry in level:
            inner = items(entry.children) if entry.children else ""
            if entry.path is not None:
                name = html.escape(titles.get(entry.path) or entry.label)
                out.append(f'<li><a href="#{anchors[entry.path]}">{name}</a>{inner}</li>')
            else:
                out.append(f"<li>{html.escape(entry.label)}{inner}</li>")
        return f"<ul>{''.join(out)}</ul>"

    return f'<div class="contents" id="contents"><h1>Contents</h1>{items(entries)}</div>'


# --- the document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything the PDF is made from, before any of it is converted: its hash names the PDF in the cache."""

    entries: list[Entry]
    anchors: dict[str, str]  # each chapter's id, by the page's path, in reading order
    pages: dict[str, str]  # each page's Markdown, by its path
    cover: str  # the cover's Markdown
    abbreviations: str
    files: frozenset[str]  # what the site publishes besides pages: charts, downloads
    address: str | None
    title: str
    language: str
    author: str
    charts: dict[str, str]  # each chart's key, by its path in the site

    def key(self, stylesheet: bytes) -> str:
        """The hash of every input, salted with the code that turns pages into the PDF and the libraries that write it.

        The pages' Markdown is already the output of the rest of the tool, so a change to
        the tool that leaves every page as it was (a new CLI message, say) keeps the PDF.
        """
        libraries = cache.library_versions(LIBRARIES)
        settings = [self.title, self.language, self.author, self.address or "", *libraries.items()]
        return _key(
            json.dumps(settings).encode(),
            json.dumps(list(self.anchors.items())).encode(),
            json.dumps([entry.outline() for entry in self.entries]).encode(),
            *(part for path, text in self.pages.items() for part in (path.encode(), text.encode())),
            self.cover.encode(),
            self.abbreviations.encode(),
            "\n".join(sorted(self.files)).encode(),
            "\n".join(f"{path} {key}" for path, key in sorted(self.charts.items())).encode(),
            stylesheet,
        )

    def too_long(self) -> str | None:
        """Why the site is too large for one document, if it is: no one reads a national site's 3,000 pages on paper."""
        size = sum(len(text) for text in self.pages.values())
        if len(self.pages) > MAX_CHAPTERS:
            return f"the site has {len(self.pages):,} pages, more than a document of at most {MAX_CHAPTERS} holds"
        if size > MAX_CHARACTERS:
            return f"the site's pages hold {size:,} characters, more than a document of {MAX_CHARACTERS:,} at most"
        return None

    def body(self) -> str:
        """The cover, the contents and every chapter, as HTML cleaned by the site's allowlist."""
        converter = _converter()
        links = Links(self.anchors, self.files, self.address)
        chapters, titles = [], {}
        for path in self.anchors:
            page = page_html(self.pages[path], self.abbreviations, converter)
            titles[path] = heading_text(page)
            chapters.append(chapter_html(path, page, links))
        cover = page_html(self.cover, self.abbreviations, converter)
        body = "\n".join([cover, contents_html(self.entries, titles, self.anchors), *chapters])
        return clean_html(body)  # the whole body through the allowlist once more, as WeasyPrint gets it

    def document(self) -> str:
        """The whole document: the site's language and the strategy's title around the cleaned body."""
        author = f'<meta name="author" content="{html.escape(self.author, quote=True)}">\n' if self.author else ""
        return (
            f'<!DOCTYPE html>\n<html lang="{html.escape(self.language, quote=True)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{html.escape(self.title)}</title>\n{author}</head>\n'
            f"<body>\n{self.body()}\n</body>\n</html>\n"
        )


#: The tool's code that turns the pages' Markdown into the PDF: a change to any of it makes the PDF again.
PRINT_CODE = ("print_edition.py", "sanitize.py", "abbreviations.py", "mkdocs_joint.py")


def _key(*parts: bytes) -> str:
    code = Path(__file__).resolve().parent
    digest = hashlib.sha256(b"print-edition\0")
    for part in (*((code / name).read_bytes() for name in PRINT_CODE), *parts):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()[:32]


def _language(site_dir: Path) -> str:
    """The site's language, as its theme sets it (``theme.language`` in ``mkdocs.yml``): English unless it says."""
    theme = site_config(site_dir).get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", language):
        return language
    return "en"


def _address(site_dir: Path) -> str | None:
    """The website's address, ending in '/': ``SITE_URL`` where the build publishes, else ``site_url``."""
    found = site_url_from_environment()
    if found:
        return found
    own = site_config(site_dir).get("site_url")
    if isinstance(own, str) and re.match(r"https?://[^\s/]+", own.strip()):
        return own.strip().rstrip("/") + "/"
    return None


def plan(prepared: Prepared) -> Plan:
    """What the PDF is made from: the rendered pages, before the home and downloads pages link to it."""
    from .build import _abbreviations
    from .downloads import has_figures

    site, site_dir = prepared.site, prepared.site_dir
    entries = contents(prepared.pages, prepared.content_nav)
    anchors = {path: f"c{number}" for number, path in enumerate(reading_order(entries), 1)}
    address = _address(site_dir)
    organisation = site.accessibility.organisation if site.accessibility else ""
    env = make_environment([site_dir / "site_templates"], site_dir / BUILD_DIR / CACHE_DIR / "templates")
    cover = render_page(
        env,
        COVER_TEMPLATE,
        "index.md",
        {
            "site": site,
            "strategy": site.strategy,
            "terms": site.strategy.terms,
            "standing": strategy_standing(site, build_day()),
            "organisation": organisation,
            "as_of_what": "Figures" if has_figures(site) else "Information",
            "address": address,
        },
    )
    return Plan(
        entries=entries,
        anchors=anchors,
        # a page's front matter (its search words, its edit link) is for the website only
        pages={path: _FRONT_MATTER.sub("", prepared.files[path].decode()) for path in anchors},
        cover=cover,
        abbreviations=_abbreviations(site),
        files=(frozenset(prepared.files) | frozenset(prepared.specs)) - frozenset(anchors),
        address=address,
        title=site.strategy.title,
        language=_language(site_dir),
        author=organisation,
        charts={path: spec.key() for path, spec in prepared.specs.items()},
    )


# --- WeasyPrint, fetching nothing but the build's own charts ---------------------------------------


def _fetcher(docs_dir: Path, files: Mapping[str, bytes]) -> Any:
    """A URL fetcher that serves the charts the build drew into ``docs_dir`` and refuses every other address."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    root = PurePosixPath(docs_dir.resolve().as_posix())

    class BuildFolderFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        refused: list[str]

        def __init__(self) -> None:
            super().__init__(allowed_protocols=["file"], allow_redirects=False)
            self.refused = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            relative = _inside(url, root)
            if relative is None or not relative.endswith(".svg") or relative not in files:
                self.refused.append(url)
                raise ValueError(f"the print edition fetches nothing but the build's own charts, not {url}")
            return URLFetcherResponse(url, files[relative], {"Content-Type": "image/svg+xml"})

    return BuildFolderFetcher()


def _inside(url: str, root: PurePosixPath) -> str | None:
    """The path of a ``file:`` URL relative to ``root``, or None when it is another scheme or outside it."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = PurePosixPath(posixpath.normpath(unquote(parts.path)))
    if ".." in path.parts or not path.is_relative_to(root):
        return None
    return path.relative_to(root).as_posix()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    messages: list[str]  # what WeasyPrint warned of
    refused: list[str]  # the addresses it asked for and was not given


def render_pdf(document: str, stylesheet: str, docs_dir: Path, files: Mapping[str, bytes]) -> Rendered:
    """The document as tagged PDF/UA-1, with WeasyPrint fetching only ``files`` (the charts, by path)."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    fetcher = _fetcher(docs_dir, files)
    collected = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collected)
    try:
        laid_out = HTML(string=document, base_url=docs_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[CSS(string=stylesheet, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
        )
        # the file's identifier is a hash of its content, so the same input makes the same bytes
        pdf = laid_out.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)
    finally:
        logger.removeHandler(collected)
    return Rendered(pdf, len(laid_out.pages), collected.messages, fetcher.refused)


def _load(cache_dir: Path, key: str) -> tuple[bytes, int] | None:
    """The PDF made last from exactly these inputs, with its page count, if this machine made it."""
    try:
        sealed = (cache_dir / CACHE_ENTRY).read_bytes()
    except OSError:
        return None
    payload = cache.unseal(CACHE_ENTRY, key, sealed)
    if payload is None:
        return None
    pages, _, pdf = bytes(payload).partition(b"\n")
    return (pdf, int(pages)) if pages.isdigit() and pdf.startswith(b"%PDF-") else None


def _store(cache_dir: Path, key: str, pdf: bytes, pages: int) -> None:
    """Keep only the latest PDF, sealed: it is published as it is."""
    sealed = cache.seal(CACHE_ENTRY, key, f"{pages}\n".encode() + pdf)
    if sealed is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache.write_atomic(cache_dir / CACHE_ENTRY, sealed)


# --- in a build --------------------------------------------------------------------------------

TURN_OFF = "a site builds none with 'extra: {pdf: false}' in its mkdocs.yml"


def _cannot_run() -> str | None:
    """Why WeasyPrint cannot run on this machine (no Pango: it loads the system's), or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


@dataclass(frozen=True)
class Added:
    """What making the print edition did: the charts it waited for (SVG by key), and its seconds."""

    drawn: dict[str, bytes] | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def add_to(prepared: Prepared, say: Say) -> Added:
    """Make the PDF (or take it from the cache), add it to the site's files, and link it from the home and downloads.

    ``drawn`` is None when it waited for no chart: those still being drawn then go in
    after MkDocs, as in any build; otherwise the build writes them with the pages.
    """
    site_dir = prepared.site_dir
    if not wanted(site_dir):
        return Added()
    started = time.perf_counter()
    planned = plan(prepared)
    if too_long := planned.too_long():
        say(f"print edition not made: {too_long}; {TURN_OFF}")
        return Added()
    stylesheet = STYLESHEET.read_text(encoding="utf-8")
    key = planned.key(stylesheet.encode())
    cache_dir = site_dir / BUILD_DIR / CACHE_DIR
    drawn: dict[str, bytes] | None = None
    found = _load(cache_dir, key)
    if found is not None:
        (pdf, pages), how = found, "unchanged"
    elif cannot := _cannot_run():
        say(f"print edition not made: WeasyPrint cannot run here ({cannot}); install Pango (scripts/setup.sh says how)")
        return Added()
    else:
        drawn = prepared.finish_charts()
        charts = prepared.chart_files(drawn, list(prepared.specs))
        try:
            rendered = render_pdf(planned.document(), stylesheet, site_dir / BUILD_DIR / DOCS_DIR, charts)
        except Exception as exc:  # WeasyPrint's own fault: said at the switch that turns it off, never a traceback
            message = f"the print edition (PDF) could not be made: {type(exc).__name__}: {exc}. " + TURN_OFF
            raise InputError([Problem(Where("mkdocs.yml"), message)]) from exc
        pdf, pages, how = rendered.pdf, rendered.pages, "made"
        _store(cache_dir, key, pdf, pages)
        for message in rendered.messages[:5]:
            say(f"print edition: {message}")
    edition = PrintEdition(pdf_name(prepared.site), pages, len(pdf))
    prepared.files[edition.path] = pdf
    link_pages(prepared, edition)
    seconds = time.perf_counter() - started
    say(f"print edition {edition.path} {how} ({edition.description}) in {seconds:.2f} s")
    return Added(drawn, {"print edition": seconds})


#: The pages that link the print edition, with its page count and size.
LINKED_FROM = ("index.md", "downloads.md")


def link_pages(prepared: Prepared, edition: PrintEdition) -> None:
    """Render the home and downloads pages again, now that they can say how long and large the PDF is."""
    from .build import render_generated_page
    from .edit_links import edit_base

    site_dir = prepared.site_dir
    env = make_environment([site_dir / "site_templates"], site_dir / BUILD_DIR / CACHE_DIR / "templates")
    base = edit_base(site_dir)
    for page in prepared.pages:
        if page.path in LINKED_FROM:
            context = {**page.context, "print_edition": edition}
            prepared.files[page.path] = render_generated_page(env, prepared.site, page, base, context)
