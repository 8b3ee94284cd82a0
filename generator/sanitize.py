"""The second wall between data and residents' browsers: an allowlist over every page's HTML.

Text from YAML is escaped before it enters Markdown (``render.inert``), but that guard
sits in front of a dozen Markdown extensions, each with its own syntax; one slip (as
``attr_list`` once was) and an attacker's ``onmouseover`` reaches the page. So the HTML
MkDocs makes from each page's Markdown — generated or hand-written — also passes through
nh3 (the Python binding to Ammonia) with an allowlist of the tags and attributes these
pages need. What is not on the list is dropped: event handlers, ``style`` (except the
table alignment Markdown writes itself), ``script``, ``iframe``, ``object``, ``embed``,
``form`` and URLs other than web, mail and phone links and links within the site.

Only the page's content is cleaned; the theme's own HTML around it is the tool's, not
the data's, and needs its scripts and search form.
"""

from __future__ import annotations

import nh3

_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
        "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
        "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

# Elements whose content is code, not text: removed with everything inside them.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript"})

_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "data-search-exclude"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "media", "type", "width", "height", "sizes"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

_ALIGNMENTS = {f"text-align: {side};" for side in ("left", "right", "center")}

# Attributes allowed only with these exact values: Markdown's own table alignment, and
# the keyboard stop that makes a scrolling table wrapper reachable.
_VALUES = {
    "td": {"style": _ALIGNMENTS},
    "th": {"style": _ALIGNMENTS},
    "div": {"tabindex": {"0"}},
    "figure": {"tabindex": {"0"}},
}

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    tag_attribute_values={tag: {name: set(allowed) for name, allowed in rule.items()} for tag, rule in _VALUES.items()},
    generic_attribute_prefixes={"aria-"},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """A page's content HTML with everything off the allowlist removed."""
    return _CLEANER.clean(html)
