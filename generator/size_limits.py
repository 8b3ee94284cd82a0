"""Limits on the size of the whole site, so that one line of data cannot make it huge.

Each field has its own cap (``model.MAX_LINE``, ``MAX_EXPANSION``, ``MAX_DEFINITION``;
a file at most ``site_files.MAX_FILE_BYTES``), but the site can still grow past what a
CI runner or GitHub Pages (1 GB) takes by multiplication: every use of a glossary term
on every page carries the term's expansion as a tooltip, so a common word such as
"the" with a long expansion once made a 1.1 GB site from a 1 MB line. The pages'
Markdown is checked here before MkDocs runs: the growth the glossary's tooltips will add
is estimated from a sample of the pages (counting every term in every page of a
national site would take seconds), and each term that would add more than
``MAX_TERM_GROWTH`` is reported at its line, as is a site over ``MAX_SITE_BYTES``.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Site
from .problems import Problem

#: The most the glossary's tooltips for one term may add to the site, in bytes.
MAX_TERM_GROWTH = 50 * 1024 * 1024
#: The most the generated pages and their tooltips may weigh, in bytes (GitHub Pages takes 1 GB in all).
MAX_SITE_BYTES = 500 * 1024 * 1024
#: How much of the pages' text is read to estimate how often each term is used.
SAMPLE_BYTES = 1024 * 1024
# What each use adds besides the expansion: <abbr title=""></abbr>
_ABBR_MARKUP = 24


def _sample(files: Mapping[str, bytes]) -> tuple[bytes, int]:
    """The first ``SAMPLE_BYTES`` of the pages' Markdown, in page order, and the pages' whole size."""
    pages = [content for path, content in files.items() if path.endswith(".md")]
    total = sum(len(content) for content in pages)
    sample, taken = [], 0
    for content in pages:
        if taken >= SAMPLE_BYTES:
            break
        sample.append(content[: SAMPLE_BYTES - taken])
        taken += len(sample[-1])
    return b"\n".join(sample), total


def size_problems(site: Site, files: Mapping[str, bytes]) -> list[Problem]:
    """A problem for each glossary term whose tooltips would swell the site, and for a site over the limit."""
    sample, total = _sample(files)
    scale = total / len(sample) if sample else 0.0
    problems, grown = [], 0.0
    for term in site.glossary:
        uses = sample.count(term.term.encode()) * scale
        growth = uses * (len(term.expansion.encode()) + _ABBR_MARKUP)
        grown += growth
        if growth > MAX_TERM_GROWTH:
            problems.append(
                Problem(
                    term.where,
                    f"glossary › {term.term}: this term is used about {uses:,.0f} times on the site's pages, and "
                    f"each use carries its expansion, which would add about {growth / 1024 / 1024:,.0f} MB; "
                    "a glossary term should be an abbreviation or a special word, not a common one",
                )
            )
    whole = total + _other_bytes(files) + grown
    if whole > MAX_SITE_BYTES:
        problems.append(
            Problem(
                site.strategy.where,
                f"the site's pages would weigh about {whole / 1024 / 1024:,.0f} MB, over the "
                f"{MAX_SITE_BYTES // 1024 // 1024} MB limit; shorten the longest texts or split the data",
            )
        )
    return problems


def _other_bytes(files: Mapping[str, bytes]) -> int:
    """The size of everything that is not a page (downloads, CSS)."""
    return sum(len(content) for path, content in files.items() if not path.endswith(".md"))
