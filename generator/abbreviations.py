"""Each abbreviation written out in words the first time a page uses it in running text.

The Markdown ``abbr`` extension marks every "NHS" with ``<abbr title="National Health
Service">``, but a title shows only on hover: not on a phone's tap, not to the keyboard,
and most screen readers do not read it. GOV.UK's rule serves everyone: write the words
out on first use. So the first ``<abbr>`` of each abbreviation inside a paragraph (or,
failing that, a list item without a nested list) is followed by its expansion in
brackets; headings, tables and links keep the short form, where brackets would get in
the way. The page's HTML is MkDocs' own output, so a paragraph never holds another.
"""

from __future__ import annotations

import re

_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]+)</abbr>')
_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.DOTALL)
_ITEM = re.compile(r"<li\b[^>]*>(?:(?!<li\b|<ul\b|<ol\b).)*?</li>", re.DOTALL)


def expand_first_use(html: str) -> str:
    """``html`` with each abbreviation's first use in running text followed by ' (its words)'."""
    firsts: dict[str, tuple[int, int, str]] = {}  # abbreviation -> where its first use ends, and its words
    for block in (_PARAGRAPH, _ITEM):
        for found in block.finditer(html):
            for use in _ABBR.finditer(found.group(0)):
                name = use.group(2)
                if name in firsts or not use.group(1) or use.group(1) == name:
                    continue
                end = found.start() + use.end()
                firsts[name] = (found.start() + use.start(), end, use.group(1))
    if not firsts:
        return html
    # spliced in document order, each after the use it expands
    pieces, done = [], 0
    for _start, end, words in sorted(firsts.values()):
        pieces.append(html[done:end] + f" ({words})")
        done = end
    return "".join(pieces) + html[done:]
