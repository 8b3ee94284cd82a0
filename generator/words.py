"""The everyday words residents search with (``also_called``): in the search index, and on the glossary.

Residents search in their own words ("doctor", "A&E", "baby deaths"), the strategy in its
own ("GP", "urgent care", "infant mortality"). A term's search words are not other names
the strategy or its plans give it, so no page says they are: the glossary lists them in
a column of their own, "Words people search with", and no other page shows them.

Search still finds the pages that use a term by its search words. Each page carries the
glossary terms it uses in its front matter (``with_search_words``), which MkDocs reads
and no template shows; when the search index is written, ``generator/mkdocs_joint.py``
gives each term's words to one of the page's entries in the index (``placed``), in a
field of their own that mkdocs-material's search matches but never shows in a result.

Which entry follows how mkdocs-material's search ranks: it indexes each section of a
page (the text under one heading) on its own, and puts a page's opening section first.
So a term's words go to the section that first uses it: "very overweight" is found
together with the children it was written about. A term in the page's title is what
the page is about: the opening entry, which holds the title, gets its words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from .model import GlossaryTerm

#: Pages that already show every term's search words.
SHOWS_ALL = frozenset({"glossary.md"})
#: The front matter key that carries the glossary terms a page uses (with their search words).
FRONT_MATTER_KEY = "search_words"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# What a reader never sees as words: link targets, attribute lists and HTML tags.
_NOT_WORDS = re.compile(r"\]\([^)\s]*\)|\{:[^}]*\}|<[^>]*>")


def _is_abbreviation(words: str) -> bool:
    """'GP', 'A&E', 'Year R': written in capitals, so matched as written, like the tooltips."""
    return sum(c.isupper() for c in words) >= 2


@cache
def _pattern(words: str, *, exact_case: bool) -> re.Pattern[str]:
    """The words as a page may write them: any spacing or hyphen between words, and plurals.

    With ``exact_case``, only the first letter may change case: "Social care" is found in
    "social care" but not in the title "Health and Social Care System".
    """
    body = r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", words))
    if exact_case and not _is_abbreviation(words) and words[0].isalpha():
        body = f"[{words[0].upper()}{words[0].lower()}]{body[1:]}"
    flags = 0 if exact_case else re.IGNORECASE
    return re.compile(rf"(?<![\w&]){body}(?:e?s)?(?![\w&])", flags)


def _visible(text: str) -> str:
    """The words a reader sees in Markdown or HTML text."""
    return html.unescape(_NOT_WORDS.sub(" ", text))


def _names(text: str, lowered: str, words: str, *, exact_case: bool) -> bool:
    """Whether the text names these words, tried only where their first word starts.

    Every match begins with the first word, so the pattern is tried at each place the
    lower-cased text holds it, rather than at every character of a long page. Lower-casing
    a few letters (a dotted capital I) changes a text's length; such a text is searched
    whole, so positions always line up.
    """
    pattern = _pattern(words, exact_case=exact_case)
    if len(lowered) != len(text):
        return pattern.search(text) is not None
    first = _first_word(words)
    start = lowered.find(first)
    while start != -1:
        if pattern.match(text, start):
            return True
        start = lowered.find(first, start + 1)
    return False


def _found(text: str, term: GlossaryTerm, lowered: str | None = None) -> bool:
    """Whether the text names the term, by the term itself (capitals as written) or in full."""
    lowered = text.lower() if lowered is None else lowered
    return _names(text, lowered, term.term, exact_case=True) or _names(text, lowered, term.expansion, exact_case=False)


@cache
def _first_word(words: str) -> str:
    """The first word, lower-cased: every text that names the words holds it."""
    return re.split(r"[\s-]+", words)[0].lower()


def _first_words(term: str, expansion: str) -> tuple[str, str]:
    """The first word of the term and of its expansion: a text that names the term holds one."""
    return _first_word(term), _first_word(expansion)


def terms_used(markdown: str, glossary: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
    """The glossary terms with search words that the page's visible text uses, by term or in full.

    A plain substring test on the first word rules most terms out before any pattern runs:
    every page is checked against every term.
    """
    return _terms_in(_visible(_FRONT_MATTER.sub("", markdown)), glossary)


def _terms_in(text: str, glossary: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
    lowered = text.lower()
    return [
        term
        for term in glossary
        if term.also_called
        and any(word in lowered for word in _first_words(term.term, term.expansion))
        and _found(text, term, lowered)
    ]


def with_search_words(markdown: str, page_path: str, glossary: Sequence[GlossaryTerm]) -> str:
    """The page with the glossary terms it uses, and their search words, in its front matter.

    Nothing on the page changes: the theme shows no front matter key it does not know, and
    the search index is where the words go (``placed``). A hand-written page cannot set
    this key itself (``content.ALLOWED_KEYS``).
    """
    if page_path in SHOWS_ALL:
        return markdown
    used = terms_used(markdown, glossary)
    if not used:
        return markdown
    import yaml

    entries = [{"term": t.term, "expansion": t.expansion, "also_called": list(t.also_called)} for t in used]
    # PyYAML's own writer: every character, however unusual, reads back as written.
    lines = yaml.safe_dump(
        {FRONT_MATTER_KEY: entries}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=None
    )
    if markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return f"---\n{lines}---\n" + markdown


def terms_in_front_matter(meta: Mapping[str, Any]) -> list[GlossaryTerm]:
    """The glossary terms ``with_search_words`` wrote into a page's front matter, as MkDocs read it."""
    entries = meta.get(FRONT_MATTER_KEY)
    if not isinstance(entries, list):
        return []
    return [GlossaryTerm.model_validate(entry) for entry in entries]


def placed(sections: Sequence[str], terms: Sequence[GlossaryTerm]) -> list[list[str]]:
    """The search words of each section of a page, in page order: a term's go to the first that names it.

    ``sections`` are the page's entries in the search index, opening section first, each
    its title and text (HTML). A term no entry names (it was in text the index leaves
    out) has its words in the opening section: the page uses it, so search finds the page.
    """
    if not sections:
        return []
    visible = [_visible(section) for section in sections]
    lowered = [text.lower() for text in visible]
    words: list[list[str]] = [[] for _ in sections]
    for term in terms:
        first = next((i for i, text in enumerate(visible) if _found(text, term, lowered[i])), 0)
        words[first] += [w for w in term.also_called if w not in words[first]]
    return words
