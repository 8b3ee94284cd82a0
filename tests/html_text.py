"""The text a reader sees on an HTML page or in a piece of one, for tests to compare words against.

One reading for every test, so the same page reads the same way everywhere:

* inline elements (``<a>``, ``<strong>``, ``<span>``, ``<abbr>`` …) join their text to the text
  around them, as a browser shows it: ``<strong>Not</strong> met`` reads ``Not met`` and
  ``£<span>13</span>m`` reads ``£13m``;
* every other element (paragraphs, headings, list items, table cells …) starts and ends on its own,
  so two cells of a table row read as two words, not one glued word; ``<br>`` is a space too;
* what a reader never sees as text is left out: ``<script>``, ``<style>``, ``<template>``, inline
  ``<svg>`` drawings (icons and charts, with their ``<title>`` tooltips), and the "¶" permalink
  anchors MkDocs adds to headings (``<a class="headerlink" …>¶</a>``);
* entities are decoded (``&amp;`` reads ``&``, ``&rsquo;`` reads ``’``) and every run of white
  space, no-break spaces included, is one space; the result has none at either end.

The page's ``<title>`` (shown in the browser's tab and read out by screen readers) is kept. For a
file: ``visible_text(path.read_text(encoding="utf-8"))``.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["visible_text"]

# Elements that flow with the text around them: their start and end add no space.
INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    }
)

# Elements whose text a reader never sees as text on the page; everything inside them is left out.
HIDDEN = frozenset({"script", "style", "template", "svg"})


def _is_headerlink(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """True for the "¶" anchor MkDocs puts at the end of each heading."""
    classes = (dict(attrs).get("class") or "").split()
    return tag == "a" and "headerlink" in classes


class _VisibleText(HTMLParser):
    """Collects the visible text of what it is fed; see the module's docstring for the rules."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # The hidden elements (and headerlink anchors) now open, innermost last.
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden or tag in HIDDEN or _is_headerlink(tag, attrs):
            if tag == "a" or tag in HIDDEN:
                self._hidden.append(tag)
            return
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <svg/> …: a start with no content; nothing stays open.
        if not self._hidden and tag not in HIDDEN and tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in self._hidden:
                # Close the innermost open one of that name (and any left unclosed inside it).
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees in ``html`` (a whole page or a fragment of one), on one line.

    >>> visible_text('<h2>Aims<a class="headerlink" href="#aims">&para;</a></h2><p><strong>Not</strong> met</p>')
    'Aims Not met'
    >>> visible_text("<tr><td>2013</td><td>4&nbsp;&amp;&nbsp;5</td></tr>")
    '2013 4 & 5'
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def without_expansions(text: str, glossary: list[dict[str, str]]) -> str:
    """``text`` with the words pages add after an abbreviation's first use ('NHS (National Health Service)')
    taken out again, to compare a page's text with the YAML that wrote it."""
    for term in glossary:
        text = text.replace(f"{term['term']} ({term['expansion']})", term["term"])
    return text
