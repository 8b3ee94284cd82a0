"""Where a site's content comes from: each document, and what on the site is made from it.

The data already says it — the strategy's ``source``, each plan's ``document``, each
series' and figure's ``source``, each outcome's ``strategic_links`` — so the sources
page and the "Source:" line at the foot of a page are worked out from those fields,
never typed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..derive import Views
from ..model import Document
from .indicators import indicator_path
from .plans import plan_path

SOURCES_PATH = "sources.md"
#: How many indicators a document's entry names before it says "and N more".
NAMED_INDICATORS = 10


@dataclass
class DocumentUse:
    """What on the site one document is the source of, each with the page it is on."""

    document: Document
    text: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)
    cited_by: list[tuple[str, str]] = field(default_factory=list)

    @property
    def more_indicators(self) -> int:
        return max(0, len(self.indicators) - NAMED_INDICATORS)


def document_uses(views: Views) -> list[DocumentUse]:
    """Every document of the site, in the data's order, with what is made from it."""
    site = views.site
    uses = {document.id: DocumentUse(document) for document in site.documents}
    if site.strategy.source in uses:
        uses[site.strategy.source].text.append((f"The text of {site.strategy.title}", "about.md"))
    for plan in site.plans:
        if plan.document in uses:
            uses[plan.document].text.append((plan.short_title, plan_path(plan)))
    for view in views.indicators.values():
        indicator = view.indicator
        ids = {s.source for s in indicator.series} | {v.source for s in indicator.series for v in s.values}
        for document_id in sorted(i for i in ids if i in uses):
            uses[document_id].indicators.append((indicator.name, indicator_path(indicator)))
    outcome_word = site.strategy.terms.outcome.capitalize()
    for outcome in site.outcomes:
        for mention in outcome.strategic_links:
            if mention.document in uses:
                label = f"{outcome_word} {outcome.number}"
                entry = (label, f"outcomes/{outcome.id}.md")
                if entry not in uses[mention.document].cited_by:
                    uses[mention.document].cited_by.append(entry)
    return list(uses.values())
