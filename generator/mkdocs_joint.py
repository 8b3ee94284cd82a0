"""The one joint with MkDocs: run a strict build in this process, clean every page, fix the search index.

Every MkDocs-specific line of the tool lives here, so that a move to another builder
(mkdocs-material's successor reads ``mkdocs.yml`` but not MkDocs' Python API) touches
this file only. Two jobs, both MkDocs' interfaces:

- ``run`` builds a generated config with MkDocs' Python API (``load_config`` and
  ``commands.build.build``), the way ``mkdocs build --strict`` does, and turns the
  warnings MkDocs logs into problems — a broken link in a hand-written page at its own
  file and line.
- ``on_page_content`` and ``on_post_build`` are MkDocs hooks: the generated config lists
  this file under ``hooks:``, so MkDocs (which loads hooks by path, not as part of the
  ``generator`` package) hands the first each page's HTML before the theme wraps it and
  search reads it, and calls the second after the search plugin has written its index.

The search index holds the words residents type: ``A&E``, not ``A&amp;E``.
mkdocs-material's search plugin stores each section's text as HTML, with ``&`` written
as ``&amp;``, and matches typed words against that text as written, so "A&E" never
matched. ``on_post_build`` writes each ampersand back as ``&`` wherever a bare ``&``
cannot be read as the start of a character reference, so the result previews still
show the same text. The site's ``mkdocs.yml`` sets the search ``separator``; it keeps
``&`` inside words, so "(A&E)," is the word ``a&e``.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.problems import InputError, Problem, Where

HOOKS_FILE = Path(__file__).resolve()


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Every page's HTML through the allowlist before the theme wraps it or search reads it.

    The page's title is marked as HTML text here too (``page_title``): the theme prints
    it unescaped in the menu, the header and the footer, and the search index holds it.
    """
    from generator.sanitize import clean_html

    page.title = page_title(page)
    return clean_html(html)


def page_title(page: Any) -> Any:
    """A page's title as HTML text, marked so that escaping it again leaves it as it is (``Markup``).

    A title MkDocs was given by the menu (``nav:`` in the generated config) is the data's
    own text, ``A&E`` or ``<img onerror=…>``: it is escaped. A title MkDocs took from the
    page's first heading is the heading's HTML with its tags removed, so already HTML
    text (``A&amp;E``, ``&lt;img…``): it is kept as it is.
    """
    from markupsafe import Markup, escape

    given = vars(page).get("title")  # set by the menu; otherwise MkDocs works it out from the page
    if given is not None and not isinstance(given, Markup):
        return escape(given)
    title = page.title
    return None if title is None else Markup(title)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Every menu label of a section or a link as HTML text (a page's own comes in ``on_page_content``)."""
    from markupsafe import escape

    def walk(items: Any) -> None:
        for item in items:
            if not getattr(item, "is_page", False):
                item.title = escape(item.title)
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return nav


SEARCH_INDEX = Path("search") / "search_index.json"
_ESCAPED_AMPERSAND = re.compile(r"&amp;(?=([#A-Za-z0-9]*;?))")


def readable_ampersands(text: str) -> str:
    """``A&amp;E`` becomes ``A&E``; ``&amp;lt;`` and ``&amp;ETH`` stay as they are.

    A bare ``&`` is safe in HTML text when what follows it is not a character reference
    (``&E`` is not one; ``&ETH`` and ``&lt;`` are), so the preview shows the same text.
    """

    def decode(match: re.Match[str]) -> str:
        after = match.group(1)
        return "&" if html.unescape("&" + after) == "&" + after else match.group(0)

    return _ESCAPED_AMPERSAND.sub(decode, text)


def readable_index(index: dict[str, Any]) -> dict[str, Any]:
    """The index with readable ampersands in every title and text."""
    for doc in index.get("docs", []):
        for field in ("title", "text"):
            if isinstance(doc.get(field), str) and "&amp;" in doc[field]:
                doc[field] = readable_ampersands(doc[field])
    return index


def on_post_build(config: Any) -> None:
    """Rewrite the index the search plugin has just written (hooks run after plugins)."""
    path = Path(config.site_dir) / SEARCH_INDEX
    if not path.is_file():
        return
    raw = path.read_text(encoding="utf-8")
    if "&amp;" not in raw:
        return
    index = readable_index(json.loads(raw))
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=True), encoding="utf-8")


class _Collect(logging.Handler):
    """MkDocs' warnings and errors in this build, as it logs them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for MkDocs (it reads SOURCE_DATE_EPOCH from there) and put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _files_added_later(paths: Sequence[str]) -> Any:
    """A plugin that makes MkDocs take ``paths`` as files of the site without copying them.

    The build draws missing charts while MkDocs builds the pages and adds them to the
    built site afterwards, so MkDocs never waits for a chart: links to them are checked
    (they are in the site's files while MkDocs reads the pages) and then dropped before
    MkDocs copies the site's files.
    """
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class FilesAddedLater(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs is untyped here
        def __init__(self) -> None:
            self.added: list[File] = []

        def on_files(self, files: Any, config: Any) -> Any:
            self.added = [File.generated(config, path, content=b"") for path in paths]
            for file in self.added:
                files.append(file)
            return files

        def on_env(self, env: Any, config: Any, files: Any) -> Any:
            for file in self.added:
                files.remove(file)
            return env

    return FilesAddedLater()


def run(
    config_file: Path,
    out_dir: Path,
    site_dir: Path,
    environment: Mapping[str, str],
    later: Sequence[str] = (),
) -> None:
    """Build ``config_file`` strictly into ``out_dir``; raise InputError with every warning on failure.

    ``later`` names files the caller writes into ``out_dir`` once MkDocs is done: pages
    may link to them, and MkDocs neither looks for them nor copies them.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collected = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collected)
    try:
        with _environment(environment):
            config = load_config(config_file=str(config_file), strict=True, site_dir=str(out_dir))
            if later:
                config.plugins["strategy-site/files-added-later"] = _files_added_later(later)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        messages = [record.getMessage() for record in collected.records]
        if not str(exc).startswith("Aborted with"):  # strict mode's summary adds nothing to the warnings
            messages.append(str(exc))
        raise InputError(
            [_problem(site_dir, message) for message in messages[-30:]]
            or [Problem(Where("mkdocs.yml"), "MkDocs failed without a message")]
        ) from None
    finally:
        mkdocs_log.removeHandler(collected)


_LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a (?:link|relative link) '([^']+)'")


def _problem(site_dir: Path, message: str) -> Problem:
    """MkDocs' message, placed at the content page and line it is about when there is one."""
    if (match := _LINK_WARNING.search(message)) and (site_dir / "content" / match[1]).is_file():
        page, link = match[1], match[2]
        lines = (site_dir / "content" / page).read_text("utf-8").splitlines()
        number = next((n for n, content in enumerate(lines, 1) if link in content), 0)
        return Problem(
            Where(f"content/{page}", number),
            f"the link '{link}' goes to no page of the site; check its spelling and that the page exists",
        )
    return Problem(Where("mkdocs.yml"), f"MkDocs: {message}")
