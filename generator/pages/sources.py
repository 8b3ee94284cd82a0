"""Where a site's content comes from: each document, and what on the site is made from it.

The data already says it — the strategy's ``source``, each plan's ``document``, each
series' and figure's ``source``, each outcome's ``strategic_links`` — so the sources
page and the "Source:" line at the foot of a page are worked out from those fields,
never typed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..derive import Views
from ..model import Ambition, Document, Site
from ..names import short_name
from ..periods import parse_period
from ..structure import structure_of
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
    restated_targets: str = ""
    """For a plan: how many of its ambitions restate the strategy's targets, and how many of those start from
    a newer baseline than the strategy's, counted from the data."""

    @property
    def more_indicators(self) -> int:
        return max(0, len(self.indicators) - NAMED_INDICATORS)


def _restates_a_strategy_target(site: Site, ambition: Ambition) -> bool:
    """Whether the ambition's target is one of the strategy's own: a target the strategy's document publishes."""
    indicator = next((i for i in site.indicators if i.id == ambition.indicator), None)
    if indicator is None or ambition.target_period is None or site.strategy.source is None:
        return False
    wanted = parse_period(ambition.target_period)
    return any(
        (value.source or series.source) == site.strategy.source and parse_period(value.period) == wanted
        for series in indicator.series
        if series.kind == "target" and series.area == ambition.area and series.breakdown == ambition.breakdown
        for value in series.values
    )


def _newer_baseline(site: Site, ambition: Ambition) -> bool:
    """Whether the ambition starts from a later period than the strategy's baseline for its indicator."""
    indicator = next((i for i in site.indicators if i.id == ambition.indicator), None)
    if indicator is None or not indicator.baseline_period or not ambition.baseline_period:
        return False
    return parse_period(ambition.baseline_period).end > parse_period(indicator.baseline_period).end


def restated_targets(site: Site, document_id: str) -> str:
    """'All 7 of its local ambitions restate the strategy's targets; 3 of them start from a newer baseline than
    the strategy's.': counted from the plan's ambitions, or '' when none restates a target of the strategy."""
    ambitions = [a for a in site.ambitions if a.plan == document_id]
    restating = [a for a in ambitions if _restates_a_strategy_target(site, a)]
    if not restating:
        return ""
    count, groups = len(restating), {a.group for a in restating}
    group = next(iter(groups)) if len(groups) == 1 else None
    if group is not None and count == sum(a.group == group for a in ambitions):
        subject = f"All {count} of its {group} ambitions" if count > 1 else f"Its one {group} ambition"
    else:
        subject = f"{count} of its {len(ambitions)} ambitions"
    sentence = f"{subject} {'restate' if count > 1 else 'restates'} the strategy's targets"
    newer = sum(_newer_baseline(site, a) for a in restating)
    if newer and newer == count:
        sentence += ", all from newer baselines than the strategy's" if count > 1 else ", from a newer baseline"
    elif newer:
        sentence += f"; {newer} of them {'starts' if newer == 1 else 'start'} from a newer baseline than the strategy's"
    return sentence + "."


def document_uses(views: Views) -> list[DocumentUse]:
    """Every document of the site, in the data's order, with what is made from it."""
    site = views.site
    uses = {document.id: DocumentUse(document) for document in site.documents}
    if site.strategy.source in uses:
        uses[site.strategy.source].text.append((f"The text of {site.strategy.title}", "about.md"))
    for plan in site.plans:
        if plan.document in uses:
            uses[plan.document].text.append((plan.short_title, plan_path(plan)))
    for document_id, use in uses.items():
        use.restated_targets = restated_targets(site, document_id)
    for view in views.indicators.values():
        indicator = view.indicator
        ids = {s.source for s in indicator.series} | {v.source for s in indicator.series for v in s.values}
        for document_id in sorted(i for i in ids if i in uses):
            uses[document_id].indicators.append((indicator.name, indicator_path(indicator)))
    structure = structure_of(site)
    for place in structure.declared_lists:
        for item in place.items:
            for document_id in item.sources:
                if document_id in uses:
                    uses[document_id].text.append((short_name(item), structure.path(item)))
    for outcome in site.outcomes:
        for mention in outcome.strategic_links:
            if mention.document in uses:
                entry = (structure.label(outcome), structure.path(outcome))
                if entry not in uses[mention.document].cited_by:
                    uses[mention.document].cited_by.append(entry)
    return list(uses.values())
