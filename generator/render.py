"""Jinja2 rendering of pages into Markdown, with text from YAML made inert.

Every ``{{ value }}`` that prints text from the data passes through ``finalize``, which
makes it inert: raw HTML is escaped, ``javascript:``/``data:`` links are disarmed, and
the syntax of every Markdown extension the site turns on is broken up so the text is
read as text — attribute lists (``{: onclick=…}``), reference and abbreviation
definitions at the start of a line, snippet includes and template braces. An editor's
(or an attacker's) ``<script>`` shows as text and never runs, and no template can
forget to escape. Filters that build markup on purpose return ``Markup`` to opt out.
The HTML of every page is also cleaned by ``sanitize`` in case this guard ever slips.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from .cache import TemplateCache
from .folders import TEMPLATES_DIR
from .formats import long_date, slug
from .names import short_name
from .periods import parse_period
from .problems import InputError, Problem, Where

_SCRIPT_URL = re.compile(r"(?i)\b(?:(?:javascript|vbscript)\s*:|data:\S)")


# ``[label]: url`` (a link reference) and ``*[ABBR]: words`` (an abbreviation) define
# markup for the whole page when they start a line, wherever the text lands.
_DEFINITION = re.compile(r"^([ \t]*)(\*?)\[(?=[^\]\n]*\]:)", re.MULTILINE)


def inert(text: str) -> str:
    """Make text from YAML safe to drop into Markdown: no raw HTML, no script links, no extension syntax.

    Braces are backslash-escaped because ``attr_list`` turns ``{: onclick="…" }`` after a
    paragraph, heading or inline element into attributes; Markdown shows ``\\{`` as ``{``.
    Backslashes are doubled first, so text cannot cancel an escape added here.
    """
    escaped = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("{", "\\{").replace("}", "\\}")
    if _SCRIPT_URL.search(text):
        escaped = escaped.replace("[", "\\[")  # no link or image of any kind where a script URL is written
    else:
        escaped = _DEFINITION.sub(lambda m: m[1] + ("\\*" if m[2] else "") + "\\[", escaped)
    return escaped


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return inert(value)
    if value is None:
        return ""
    return value


def inline(text: Any) -> Markup:
    """One line of text, safe inside a Markdown table cell or heading."""
    flat = " ".join(str(text).split())
    return Markup(inert(flat).replace("|", "\\|"))


def block(text: Any) -> Markup:
    """A block of Markdown from YAML, trimmed, safe."""
    return Markup(inert(str(text).strip()))


def destination(url: Any) -> Markup:
    """A web address from YAML as a Markdown link's destination, whole.

    In ``[text](https://…)`` a ``)`` or a space in the address ends the link, and what
    follows becomes Markdown of its own (another link, say). Percent-encoding those
    characters (and ``(``, ``<``, ``>``, quotes) keeps the address one destination, means
    the same to a web server, and needs no angle brackets, which a macro's output would
    lose to ``inert``. An existing ``%xx`` is kept as it is.
    """
    return Markup(quote(str(url).strip(), safe=":/?#[]@!$&'*+,;=%-._~"))


def period_label(text: str | None) -> str:
    """A period with an en dash, as printed on the page (2008–2010)."""
    if not text:
        return ""
    return parse_period(text).display


def status_badge(words: str, icon: str) -> Markup:
    """A status in words first, with its symbol as an extra cue hidden from screen readers."""
    return Markup(f'**{inert(words)}** <span aria-hidden="true">{inert(icon)}</span>')


# How every page's Jinja reads: text from YAML made inert as it is printed, a missing name an error.
_OPTIONS: dict[str, Any] = {
    "undefined": StrictUndefined,
    "finalize": _finalize,
    "autoescape": False,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


def make_environment(extra_dirs: list[Path] | None = None, cache_dir: Path | None = None) -> Environment:
    """The one Jinja environment for generated pages and hand-written content.

    Compiling the templates costs more than rendering every page of a small site, so
    compiled templates are kept in ``cache_dir``; Jinja checks each template's source
    against its cached code, so an edited template is compiled again.
    """
    bytecode_cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = TemplateCache(cache_dir)  # loads only what this machine compiled (cache.py)
    loaders = [FileSystemLoader(str(d)) for d in (extra_dirs or [])] + [FileSystemLoader(str(TEMPLATES_DIR))]
    env = Environment(loader=ChoiceLoader(loaders), bytecode_cache=bytecode_cache, **_OPTIONS)
    env.filters.update(_FILTERS)
    env.globals.update(status_badge=status_badge)
    return env


_FILTERS: dict[str, Callable[..., Any]] = {
    "inline": inline,
    "block": block,
    "destination": destination,
    "period": period_label,
    "anchor": slug,
    "short": short_name,
    "long_date": long_date,
}


class _ContentSandbox(ImmutableSandboxedEnvironment):
    """Jinja for pages an editor wrote: the data may be read, nothing else reached.

    Jinja's sandbox already refuses private and internal attributes and any change to a
    list or dict. On the data's own records this allows only their fields and the
    properties and methods this tool defines, so pydantic's own API (``model_copy``,
    ``model_validate``, ``model_rebuild`` …) is out of reach too.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, BaseModel):
            return _defined_by_the_tool(type(obj), attr)
        return True


def _defined_by_the_tool(cls: type, attr: str) -> bool:
    if attr in getattr(cls, "model_fields", {}):
        return True
    for klass in cls.__mro__:
        if klass is BaseModel or klass.__module__.startswith("pydantic"):
            return False
        if attr in vars(klass):
            return klass.__module__.startswith("generator.")
    return False


_CONTENT_ENVIRONMENT: list[Environment] = []


def content_environment() -> Environment:
    """The sandboxed environment hand-written pages render in: no loader, no globals but what each page is given.

    Without a loader, ``{% include %}``, ``{% import %}`` and ``{% extends %}`` find
    nothing; without Jinja's default globals (``lipsum``, ``cycler``, ``namespace`` …)
    a page sees only the documented helpers and data passed to ``render_string``.
    """
    if not _CONTENT_ENVIRONMENT:
        env = _ContentSandbox(loader=BaseLoader(), **_OPTIONS)
        env.globals.clear()
        env.filters.update(_FILTERS)
        _CONTENT_ENVIRONMENT.append(env)
    return _CONTENT_ENVIRONMENT[0]


def relative_link(from_page: str, to_page: str) -> str:
    """A link from one generated page to another, as MkDocs resolves .md links."""
    target, _, fragment = to_page.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".") if target else ""
    return link + (f"#{fragment}" if fragment else "")


def _render(template: Template, page_path: str, context: Mapping[str, Any]) -> str:
    """Render with the page's own ``link()``, which writes links relative to this page."""

    def link(to_page: str) -> str:
        return relative_link(page_path, to_page)

    return template.render({**context, "page_path": page_path, "link": link})


def _template_line(exc: BaseException, name: str = "<template>") -> int:
    """The line in a template where an error happened, from the error or Jinja's rewritten traceback."""
    line, trace = 0, exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(name):
            line = trace.tb_lineno
        trace = trace.tb_next
    return getattr(exc, "lineno", 0) or line


def render_page(env: Environment, template: str, page_path: str, context: Mapping[str, Any]) -> str:
    """Render one generated page; a template mistake is reported at the template's own line."""
    try:
        return _render(env.get_template(template), page_path, context)
    except TemplateError as exc:
        where = Where(f"site_templates/{template}", _template_line(exc, template))
        raise InputError([Problem(where, f"page '{page_path}': {exc}")]) from None


def render_string(
    env: Environment,
    source: str,
    context: Mapping[str, Any],
    file: str,
    page_path: str,
    helpers: Mapping[str, Callable[..., Any]],
) -> str:
    """Render a hand-written content page in ``env`` (``content_environment``: text, not code)."""
    try:
        return _render(env.from_string(source), page_path, {**context, **helpers})
    except SecurityError as exc:
        where = Where(file, _template_line(exc))
        hint = "a page may only quote the data with the helpers DATA.md lists ('Hand-written pages')"
        raise InputError([Problem(where, f"{str(exc).rstrip('.')}; {hint}")]) from None
    except TemplateError as exc:
        where = Where(file, _template_line(exc))
        raise InputError([Problem(where, f"{exc}; check the {{{{ … }}}} expressions on this line")]) from None
