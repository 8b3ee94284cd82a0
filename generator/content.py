"""Hand-written pages in ``content/``: read as text an editor wrote, never as code.

An editor's page may quote the data (``{{ latest("infant-mortality") }}``,
``{{ strategy.area }}``) but nothing else: it is rendered in the sandboxed environment
of ``render.content_environment``, which offers only the documented helpers over the
data. Its front matter may set only the keys residents' pages need (a description for
search engines, which parts of the page frame to hide, how search ranks it); ``title``,
``template``, ``edit_url`` and the rest belong to the tool, so a page cannot choose a
theme template, point its edit link at a script or take another page's title. Each
file is checked by ``site_files`` (an ordinary file inside the site, under the size
limit) before it is opened.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import site_files
from .problems import InputError, Problem, Where
from .render import content_environment, render_string

CONTENT_DIR = "content"

#: What a hand-written page's front matter may set, and the values each key accepts.
HIDE_VALUES = frozenset({"navigation", "toc", "footer", "path", "tags"})
ALLOWED_KEYS = ("description", "hide", "search")
MAX_DESCRIPTION = 300


@dataclass(frozen=True)
class ContentPage:
    """One hand-written page: where it is, its title, its front matter as checked, and its Markdown body."""

    relative: str  # its path in the site, e.g. about-this-site.md
    file: str  # as editors see it, e.g. content/about-this-site.md
    title: str
    front_matter: dict[str, Any]
    body: str
    body_line: int  # the line of the file where the body starts


def content_files(site_dir: Path) -> list[Path]:
    """The site's Markdown pages, each an ordinary file inside the site (else InputError at the file)."""
    folder = site_dir / CONTENT_DIR
    if not folder.is_dir() and not folder.is_symlink():
        return []
    if folder.is_symlink():
        return site_files.checked([folder], site_dir)
    return site_files.checked(sorted(folder.rglob("*.md")), site_dir)


def _split(text: str) -> tuple[str, str, int]:
    """(front matter, body, the body's first line): a page may open with ``---`` … ``---``."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.rstrip() in ("---", "..."):
                return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    return "", text, 1


def _front_matter(source: str, file: str) -> dict[str, Any]:
    """The page's front matter, each key on the allowlist and each value of its kind, or InputError at its line."""
    if not source.strip():
        return {}
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        raise InputError([Problem(Where(file, line), f"the front matter is not valid YAML: {exc}")]) from None
    if not isinstance(node, yaml.MappingNode):
        raise InputError([Problem(Where(file, 2), "the front matter must be 'key: value' lines")])
    values: dict[str, Any] = {}
    problems = []
    for key_node, value_node in node.value:
        where = Where(file, key_node.start_mark.line + 2)
        key = key_node.value
        value = yaml.safe_load(yaml.serialize(value_node))
        why = _refusal(key, value)
        if why:
            problems.append(Problem(where, why))
        else:
            values[key] = value
    if problems:
        raise InputError(problems)
    return values


def _refusal(key: str, value: Any) -> str | None:
    """Why a front matter entry is refused, or None."""
    allowed = ", ".join(f"'{name}'" for name in ALLOWED_KEYS)
    if key not in ALLOWED_KEYS:
        return (
            f"front matter key '{key}' cannot be set by a page (the tool sets titles, templates and edit links); "
            f"the keys a page may set are {allowed}. Remove this line"
        )
    if key == "description":
        if not isinstance(value, str) or "\n" in value.strip() or len(value) > MAX_DESCRIPTION:
            return f"'description' must be one line of text, at most {MAX_DESCRIPTION} characters"
    elif key == "hide":
        if not isinstance(value, list) or not all(isinstance(v, str) and v in HIDE_VALUES for v in value):
            return f"'hide' must be a list of {', '.join(sorted(HIDE_VALUES))}"
    elif key == "search":
        boost = value.get("boost", 1) if isinstance(value, dict) else None
        exclude = value.get("exclude", False) if isinstance(value, dict) else None
        if (
            not isinstance(value, dict)
            or set(value) - {"boost", "exclude"}
            or not isinstance(exclude, bool)
            or isinstance(boost, bool)
            or not isinstance(boost, int | float)
            or not 0 <= boost <= 10
        ):
            return "'search' may hold only 'exclude: true' and 'boost:' with a number from 0 to 10"
    return None


def _title(body: str, fallback: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


_PAGE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def read_content_page(path: Path, site_dir: Path) -> ContentPage:
    """One checked content file, split into its front matter (checked) and its body.

    A page's file name becomes its address (``about.md`` → ``/about/``), so it is a plain
    name: ``sitemap.xml.md`` or ``downloads/data.json.md`` would take the address of a
    file the site makes itself.
    """
    relative = path.relative_to(site_dir / CONTENT_DIR).as_posix()
    file = f"{CONTENT_DIR}/{relative}"
    if not all(_PAGE_NAME.fullmatch(part) for part in relative.removesuffix(".md").split("/")):
        raise InputError(
            [
                Problem(
                    Where(file, 1),
                    "a page's file name becomes its address, so it may hold only letters, digits, '-' and '_' "
                    "(and end in .md); rename it, e.g. 'about-the-data.md'",
                )
            ]
        )
    text = site_files.read_text(path, file)
    front, body, body_line = _split(text)
    return ContentPage(relative, file, _title(body, path.stem), _front_matter(front, file), body, body_line)


def read_content_pages(site_dir: Path) -> list[ContentPage]:
    """Every content page of the site, or InputError with every problem found."""
    pages, problems = [], []
    for path in content_files(site_dir):
        try:
            pages.append(read_content_page(path, site_dir))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return pages


def front_matter_text(values: Mapping[str, Any]) -> str:
    """The front matter the tool writes for a content page: its checked keys, text escaped for the theme.

    It is written even when the page set none: without a ``---`` block, MkDocs reads
    ``key: value`` lines at the top of the page as metadata (MultiMarkdown style), so a
    page starting ``template: main.html`` would choose its template. After the tool's
    block, such lines are only text. The theme prints ``description`` into an HTML
    attribute as it is, so it is escaped here.
    """
    written = {key: html.escape(value, quote=True) if key == "description" else value for key, value in values.items()}
    written["generator"] = "strategy-site: a hand-written page"  # never empty: an empty block is not read as one
    return "---\n" + yaml.safe_dump(written, sort_keys=False, allow_unicode=True) + "---\n"


def render_content_page(
    page: ContentPage, context: Mapping[str, Any], helpers: Mapping[str, Callable[..., Any]]
) -> str:
    """The page's Markdown, its ``{{ … }}`` quotes of the data filled in inside the sandbox."""
    # blank lines in place of the front matter, so a mistake is reported at the file's own line
    source = "\n" * (page.body_line - 1) + page.body
    rendered = render_string(content_environment(), source, context, page.file, page.relative, helpers)
    return front_matter_text(page.front_matter) + rendered.lstrip("\n")
