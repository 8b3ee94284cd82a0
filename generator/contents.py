"""A contents list at the top of a long page, for phones, where the theme's own is hidden in the menu.

On a wide screen the theme shows the page's contents beside it; on a phone they sit in
the menu drawer, so a resident on a 30-screen plan page scrolls to find its sections. A
page with many sections gets a short "On this page" list of its second-level headings
after its title, read from the page's HTML (engine-neutral); the stylesheet hides it
where the theme's contents are on screen.
"""

from __future__ import annotations

import html as html_text
import re

#: A page with at least this many sections and this much text is long enough to need one.
MIN_SECTIONS = 5
MIN_CHARACTERS = 12_000

_H1_END = re.compile(r"</h1>")
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def with_contents(page_html: str) -> str:
    """``page_html`` with an "On this page" list after its ``<h1>`` when the page is long; else unchanged."""
    sections = [
        (anchor, " ".join(html_text.unescape(_TAG.sub("", _PERMALINK.sub("", inner))).split()))
        for anchor, inner in _H2.findall(page_html)
    ]
    title_end = _H1_END.search(page_html)
    if len(sections) < MIN_SECTIONS or len(page_html) < MIN_CHARACTERS or title_end is None:
        return page_html
    items = "".join(
        f'<li><a href="#{html_text.escape(anchor)}">{html_text.escape(title)}</a></li>' for anchor, title in sections
    )
    contents = (
        '<div class="strategy-contents" role="navigation" aria-label="On this page" data-search-exclude>'
        f"<p><strong>On this page</strong></p><ul>{items}</ul></div>"
    )
    return page_html[: title_end.end()] + contents + page_html[title_end.end() :]
