"""Internal links and anchors checked before MkDocs runs, each broken one reported where it was written.

A link an editor writes in YAML text (``[timetable](timetabel.md)``) or in a content
page lands on generated pages; MkDocs would only say that a generated file has a
broken link and blame ``mkdocs.yml``. Here every Markdown link of every rendered page
is resolved against the pages and files the site will have (the page plan, so nothing
has to be built) and the headings of the page it points into; a broken one is traced
back to the data or content line that holds it: ``data/strategy.yaml:42: the link
'timetabel.md' goes to no page of the site; did you mean 'timetable.md'?``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import markdown  # type: ignore[import-untyped]

from .loader import data_files
from .mkdocs_joint import HEADING_EXTENSIONS
from .problems import Problem, Where, display_path, suggest

# [text](target) or [text](target "title"), not an image; text may hold one level of [brackets]
_LINK = re.compile(r"(?<![!\\])\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FENCE = re.compile(r"^(```|~~~)")
_HTML_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class PageSource:
    """A rendered page and where its text was written: a content file, or the data it is made from."""

    path: str
    markdown: str
    content_file: str | None = None
    where: Where | None = None


def _links(text: str) -> Iterable[str]:
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            yield from _LINK.findall(line)


def _is_internal(target: str) -> bool:
    return not (_SCHEME.match(target) or target.startswith("//"))


def _heading_lines(text: str) -> str:
    """Only the page's ATX headings, in order: all that decides their ids, and far quicker to convert."""
    headings, fenced = [], False
    for line in text.splitlines():
        stripped = line.lstrip()
        if _FENCE.match(stripped):
            fenced = not fenced
        elif not fenced and stripped.startswith("#"):
            headings.append(stripped)
    return "\n\n".join(headings)


def _heading_ids(page: str) -> set[str]:
    """The ids a page's headings (and any raw HTML) get, as Python-Markdown's toc gives them."""
    text = _FRONT_MATTER.sub("", page)
    ids = set(_HTML_ID.findall(text))
    html = markdown.markdown(_heading_lines(text), extensions=HEADING_EXTENSIONS)
    return ids | set(_HTML_ID.findall(html))


class _Anchors:
    """Heading ids per page, worked out only for pages that some link points into."""

    def __init__(self, pages: Mapping[str, str]) -> None:
        self._pages = pages
        self._ids: dict[str, set[str]] = {}

    def of(self, path: str) -> set[str]:
        if path not in self._ids:
            self._ids[path] = _heading_ids(self._pages[path])
        return self._ids[path]


def _source_lines(site_dir: Path) -> dict[str, list[str]]:
    """Each data file's lines, by the path editors see, to find where a link was written."""
    return {
        display_path(path, site_dir): path.read_text(encoding="utf-8").splitlines()
        for path in data_files(site_dir / "data")
    }


def _written_at(link: str, page: PageSource, site_dir: Path, data_lines: Mapping[str, list[str]]) -> Where:
    """The file and line the link was written at: its content page, else the data line holding it."""
    needle = f"]({link}"
    if page.content_file:
        lines = (site_dir / page.content_file).read_text(encoding="utf-8").splitlines()
        number = next((n for n, line in enumerate(lines, 1) if needle in line or link in line), 0)
        return Where(page.content_file, number)
    found = [Where(file, n) for file, lines in data_lines.items() for n, line in enumerate(lines, 1) if needle in line]
    preferred = [w for w in found if page.where and w.file == page.where.file]
    if preferred or found:
        return (preferred or found)[0]
    return page.where or Where(page.path)


def check_links(site_dir: Path, pages: list[PageSource], files: Iterable[str]) -> list[Problem]:
    """Every internal link of every page that goes to no page, file or heading, at the line it was written."""
    known_files = set(files)
    by_path = {page.path: page.markdown for page in pages}
    anchors = _Anchors(by_path)
    data_lines = _source_lines(site_dir)
    problems: dict[tuple[Where, str], Problem] = {}
    page_paths = sorted(p for p in by_path if p.endswith(".md"))
    for page in pages:
        for link in _links(page.markdown):
            if not _is_internal(link):
                continue
            message = _broken(page.path, link, by_path, known_files, anchors, page_paths)
            if message:
                where = _written_at(link, page, site_dir, data_lines)
                problems.setdefault((where, link), Problem(where, message))
    return sorted(problems.values(), key=lambda p: p.sort_key)


def _broken(
    page: str,
    link: str,
    pages: Mapping[str, str],
    known_files: set[str],
    anchors: _Anchors,
    page_paths: list[str],
) -> str | None:
    """What is wrong with one link from ``page``, or None when it resolves."""
    target, _, fragment = link.partition("#")
    target = target.split("?", 1)[0]
    if target:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if resolved.endswith("/") or not posixpath.splitext(resolved)[1]:
            resolved = posixpath.join(resolved, "index.md")
        if resolved not in pages and resolved not in known_files:
            here = posixpath.dirname(page) or "."
            seen_from_here = [posixpath.relpath(p, here) for p in page_paths]
            return f"the link '{link}' goes to no page of the site; {suggest(target, seen_from_here)}"
    else:
        resolved = page
    if fragment and resolved in pages:
        ids = anchors.of(resolved)
        if fragment not in ids:
            return (
                f"the link '{link}' goes to no heading '#{fragment}' on {resolved}; "
                f"{suggest(fragment, ids)}".replace("did you mean '", "did you mean '#").replace(" or '", " or '#")
            )
    return None
