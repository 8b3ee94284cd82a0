"""The glossary words a page uses, shown on that page with the other names residents use.

Residents search in their own words ("doctor", "A&E", "baby deaths"), the strategy in its
own ("GP", "urgent care", "infant mortality"). Search can only find a page by words the
page shows, so the other names (``also_called``) of the glossary terms a page uses are
written on the page itself. Sighted readers, screen readers and the search index get the
same text: nothing is hidden to make a page findable.

Where they go follows how mkdocs-material's search ranks: it indexes each section of a
page (the text under one heading) on its own, and puts a page's opening section first.
So each term's other names are written once, in the section that first uses it, at the
end of that section: "fat" is found together with the "children" it was written about.
A term in the page's title is what the page is about, so its other names go right under
the title ("**Infant mortality** is also called baby deaths…").
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache

from .model import GlossaryTerm
from .render import inline

#: Pages that already show every term's other names.
SHOWS_ALL = frozenset({"glossary.md"})
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TITLE = re.compile(r"# (.*)\n")
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
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


def _visible(markdown: str) -> str:
    return html.unescape(_NOT_WORDS.sub(" ", markdown))


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


def _found(text: str, term: GlossaryTerm, lowered: str | None = None) -> str | None:
    """How the text names the term: by the term itself, or in full; None if it does not."""
    lowered = text.lower() if lowered is None else lowered
    if _names(text, lowered, term.term, exact_case=True):
        return term.term
    if _names(text, lowered, term.expansion, exact_case=False):
        return term.expansion
    return None


@cache
def _first_word(words: str) -> str:
    """The first word, lower-cased: every text that names the words holds it."""
    return re.split(r"[\s-]+", words)[0].lower()


def _first_words(term: str, expansion: str) -> tuple[str, str]:
    """The first word of the term and of its expansion: a text that names the term holds one."""
    return _first_word(term), _first_word(expansion)


def terms_used(markdown: str, glossary: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
    """The glossary terms with other names that the page's visible text uses, by term or in full.

    A plain substring test on the first word rules most terms out before any pattern runs:
    every page is checked against every term, section by section.
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


def _or_list(words: Sequence[str]) -> str:
    shown = [str(inline(w)) for w in words]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def note(terms: Sequence[GlossaryTerm], text: str) -> str:
    """One sentence per term, naming it as the text does: '**GP** is also called doctor, … or …'."""
    sentences = []
    lowered = text.lower()
    for term in terms:
        name = _found(text, term, lowered) or term.term
        verb = "are" if name.endswith("s") and not _is_abbreviation(name) else "is"
        sentences.append(f"**{inline(name)}** {verb} also called {_or_list(term.also_called)}.")
    return " ".join(sentences)


def with_words_used(markdown: str, page_path: str, glossary: Sequence[GlossaryTerm]) -> str:
    """The page with each glossary term's other names in the section that first uses the term."""
    if page_path in SHOWS_ALL or not any(t.also_called for t in glossary):
        return markdown
    front = _FRONT_MATTER.match(markdown)
    head, body = (markdown[: front.end()], markdown[front.end() :]) if front else ("", markdown)
    starts = [m.start() for m in _HEADING.finditer(body)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    sections = [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    noted: set[str] = set()
    for index, section in enumerate(sections):
        text = _visible(section)
        new = [t for t in _terms_in(text, glossary) if t.term not in noted]
        if not new:
            continue
        noted.update(t.term for t in new)
        title = _TITLE.match(section)
        title_text = _visible(title.group(1)) if title else ""
        subject = [t for t in new if _found(title_text, t)]
        rest = [t for t in new if t not in subject]
        if subject and title:
            section = f"{section[: title.end()]}\n{note(subject, title_text)}\n{section[title.end() :]}"
        if rest:
            section = f"{section.rstrip()}\n\n{note(rest, text)}\n\n"
        sections[index] = section
    return head + "".join(sections)
