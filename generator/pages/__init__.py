"""Which pages a site has, and what each is made from: the derived views in, page specs out.

Kept free of I/O and templates so that the list of pages, their paths and the
navigation can be tested and reasoned about on their own (pelican's "gather all
context, then write"). The strategy's own pages are planned here; the page builders
for numbers (``indicators``), plans (``plans``) and milestones (``actions``) sit beside
this module, and all of them only read the ``Views`` that ``derive`` made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from ..chart_layout import ChartSpec
from ..derive import MilestoneView, Views
from ..formats import slug
from ..model import (
    Board,
    Document,
    Figure,
    Indicator,
    JsnaPriority,
    ListItem,
    Outcome,
    Plan,
    Priority,
    Record,
    Site,
    Strategy,
    Terms,
)
from ..names import short_name
from ..problems import NOWHERE, Where
from ..standing import StrategyStanding, build_day, strategy_standing
from ..structure import Holder, ListPlace, Structure, has_own_page, structure_of
from .actions import TrackerContext, item_milestones, outcome_milestones, tracker_context
from .aims import aim_gaps
from .indicators import (
    IndicatorContext,
    ProgressContext,
    indicator_context,
    indicator_path,
    latest_figures,
    progress_context,
)
from .parts import OUTCOME_LIMIT, MilestonePart, ProgressPart, milestone_parts, progress_parts
from .plans import (
    Delivery,
    PlanContext,
    ProgrammeContext,
    deliveries,
    plan_context,
    plan_path,
    programme_context,
    programme_path,
)
from .sources import SOURCES_PATH, DocumentUse, document_uses
from .timetable import MeetingEntry, Serving, serving, strategy_action_milestones, timetable

if TYPE_CHECKING:  # the print edition is made from these pages, and imports them
    from ..print_edition import PrintEdition


@dataclass(frozen=True)
class PageSpec:
    """One page to generate: where it goes, which template, and what it shows.

    ``context`` is typed as the part every page has: a page's own context (``OutcomeContext``
    and the rest) adds keys to it, and a TypedDict with more keys is still a ``CommonContext``.
    """

    path: str
    template: str
    title: str
    context: CommonContext = field(hash=False, compare=False)
    where: Where = NOWHERE
    charts: dict[str, ChartSpec] = field(default_factory=dict, hash=False, compare=False)
    menu: str = ""
    """'list:<id>' for a list's own page and 'item:<id>' for a page of one of its items: the menu groups them."""


@dataclass(frozen=True)
class Mention:
    """One place an outcome cites a related document, with the years as stated there."""

    outcome: Outcome
    as_written: str
    years: str | None


@dataclass
class Relations:
    """Reverse links that the source only states one way round."""

    jsna_priorities: dict[str, list[tuple[Outcome, Priority, str]]]
    board_outcomes: dict[str, list[Holder]]
    """What each board drives: its outcomes, then the items of declared lists that name it."""
    board_children: dict[str, list[Board]]
    document_mentions: dict[str, list[Mention]]

    @classmethod
    def of(cls, site: Site) -> Relations:
        jsna: dict[str, list[tuple[Outcome, Priority, str]]] = defaultdict(list)
        boards: dict[str, list[Holder]] = defaultdict(list)
        children: dict[str, list[Board]] = defaultdict(list)
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for outcome in site.outcomes:
            if outcome.delivery_board:
                boards[outcome.delivery_board].append(outcome)
            for priority in outcome.priorities:
                for link in priority.jsna_links:
                    # a priority may link one JSNA priority under two wordings: it serves it once
                    if all(served is not priority for _o, served, _w in jsna[link.jsna]):
                        jsna[link.jsna].append((outcome, priority, link.as_written))
            for mention in outcome.strategic_links:
                mentions[mention.document].append(Mention(outcome, mention.as_written, mention.years))
        for declared in site.lists:
            for item in declared.items:
                if item.board:
                    boards[item.board].append(item)
        for board in site.boards:
            if board.reports_to:
                children[board.reports_to].append(board)
        return cls(dict(jsna), dict(boards), dict(children), dict(mentions))

    def cited_documents(self, site: Site) -> list[Document]:
        return [d for d in site.documents if d.id in self.document_mentions]


def priority_link(structure: Structure) -> Callable[[Outcome, Priority], str]:
    """Where a priority is read: its outcome's page, at the outcome's address in the council's words."""

    def link(outcome: Outcome, priority: Priority) -> str:
        return f"{structure.path(outcome)}#priority-{slug(priority.id)}"

    return link


def _words_list(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c': a list as a sentence says it."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def outcome_contents(site: Site) -> str:
    """What the outcome pages hold, in the site's own words, naming only what the data has."""
    terms = site.strategy.terms
    outcomes = site.outcomes
    parts = []
    if any(o.what_we_know for o in outcomes):
        parts.append("what we know")
    if any(o.priorities for o in outcomes):
        parts.append(f"the {terms.objectives}")
    if any(o.actions for o in outcomes):
        parts.append(f"the {terms.actions}")
        if any(a.milestones for o in outcomes for a in o.actions):
            parts.append(f"their {terms.milestones}")
    if any(o.measures for o in outcomes):
        parts.append("how success will be measured")
    return _words_list(parts) if parts else ""


def list_contents(site: Site, structure: Structure) -> dict[str, str]:
    """What each declared list's items hold, for the home page's line about it, naming only what the data has."""
    terms = site.strategy.terms
    said: dict[str, str] = {}
    for place in structure.declared_lists:
        parts = []
        if any(item.what_good_looks_like for item in place.items):
            parts.append("what good looks like")
        if any(item.measures for item in place.items):
            parts.append("how success will be measured")
        if any(item.actions for item in place.items):
            parts.append(f"the {terms.actions}")
        answered = sum(1 for item in place.items if item.response)
        if answered:
            whole = answered == len(place.items)
            parts.append("the response to each" if whole else f"the responses given to {answered} of them")
        for link in place.links:
            other = structure.place(link.to)
            linking = sum(1 for item in place.items if item.links.get(link.to))
            if other is not None and linking:
                who = "each one" if linking == len(place.items) else f"that {linking} of them"
                parts.append(f"the {other.plural} {who} {link.words[:1].lower()}{link.words[1:]}")
        said[place.id] = _words_list(parts) if parts else ""
    return said


def json_contents(site: Site) -> str:
    """What the JSON download holds, naming only the parts this site has."""
    terms = site.strategy.terms
    has = [
        (site.outcomes, terms.outcomes),
        (site.priorities(), terms.objectives),
        ([a for o in site.outcomes for a in o.actions] + list(site.actions), terms.actions),
        (site.ways_of_working, terms.ways_of_working),
        (site.interventions, terms.interventions),
        *((declared.items, declared.plural or declared.id) for declared in site.lists if declared.items),
        (site.indicators, "indicators"),
        ([i for i in site.indicators if any(s.kind == "target" for s in i.series)], "targets"),
        (site.boards, terms.boards),
        (site.documents, "documents"),
    ]
    return _words_list([words for records, words in has if records] or ["the strategy"])


class CommonContext(TrackerContext):
    """Shared by every page, so any template can link anywhere; typed key by key, so mypy checks what templates read."""

    site: Site
    strategy: Strategy
    relations: Relations
    structure: Structure
    lists: list[ListPlace]
    outcome_path: Callable[[Holder], str]
    numbered: Callable[[Holder], bool]
    has_own_page: Callable[[ListItem], bool]
    holder_label: Callable[[Holder], str]
    priority_link: Callable[[Outcome, Priority], str]
    boards: dict[str, Board]
    documents: dict[str, Document]
    jsna: dict[str, JsnaPriority]
    indicators: dict[str, Indicator]
    indicator_path: Callable[[Indicator], str]
    with_data: set[str]
    progress: ProgressContext
    progress_ids: set[str]
    progress_parts: list[ProgressPart]
    deliveries: dict[str, list[Delivery]]
    milestone_parts: list[MilestonePart]
    plan_path: Callable[[Plan], str]
    terms: Terms
    timetable: list[MeetingEntry]
    strategy_action_milestones: dict[str, list[MilestoneView]]
    outcomes_by_id: dict[str, Outcome]
    outcome_contents: str
    list_contents: dict[str, str]
    json_contents: str
    document_uses: list[DocumentUse]
    compact_outcomes: bool
    standing: StrategyStanding
    latest_figures: Callable[[Indicator, str], str]
    aim_gaps: dict[int, list[str]]
    # The PDF of the whole strategy, once it is made (``print_edition``): the home and downloads pages link it.
    print_edition: PrintEdition | None


# Each page adds its own keys to the common ones. The pages are built as ``{**common, ...}`` literals
# annotated with these types, so mypy reports a key left out or of the wrong type.
class OutcomeContext(CommonContext, Serving):
    outcome: Outcome
    action_milestones: dict[str, list[MilestoneView]]
    fact_dates: list[str]
    stated_figures: dict[str, StatedFigures]


#: What an outcome page calls the document its facts come from (``strategy.source``).
STRATEGY_NAME = "the strategy"


@dataclass(frozen=True)
class StatedFigures:
    """A measure's figures as the strategy states them under "What we know": shown with their dates, in place
    of "no published figure yet", when the measure's indicator has no figures of its own."""

    text: str  # "28.4% in Anytown, as stated in the strategy (2012/13)"
    path: str  # the outcome page whose "What we know" states them


def fact_dates(site: Site, outcome: Outcome) -> list[str]:
    """For each of the outcome's facts, when its figures are from ('' for a fact with none)."""
    documents = {d.id: d for d in site.documents}
    return [
        fact.when(documents, site.strategy.source, STRATEGY_NAME) if fact.figures else ""
        for fact in outcome.what_we_know
    ]


def stated_figures(site: Site, structure: Structure) -> dict[str, StatedFigures]:
    """Each indicator that a "What we know" figure points at, with that figure and its date.

    Only the figures for the strategy's own area are given when there are any (the national
    average beside it is for comparison); each figure says when it is from, never "now".
    """
    documents = {d.id: d for d in site.documents}
    found: dict[str, tuple[Outcome, list[Figure]]] = {}
    for outcome in site.outcomes:
        for fact in outcome.what_we_know:
            for figure in fact.figures:
                if figure.indicator is not None:
                    found.setdefault(figure.indicator, (outcome, []))[1].append(figure)
    stated: dict[str, StatedFigures] = {}
    for indicator_id, (outcome, figures) in found.items():
        local = [f for f in figures if f.area == site.strategy.area] or figures
        parts = []
        for figure in local:
            when = figure.when(documents, site.strategy.source, STRATEGY_NAME)
            where = f" in {figure.area}" if figure.area else ""
            parts.append(f"{figure.amount}{where}{',' if when.startswith('as stated') else ''} {when}")
        stated[indicator_id] = StatedFigures("; ".join(parts), structure.path(outcome))
    return stated


class AccessibilityContext(CommonContext):
    has_charts: bool


class ProgressPartContext(CommonContext):
    part: ProgressPart


class MilestonePartContext(CommonContext):
    part: MilestonePart


class IndicatorPageContext(CommonContext, IndicatorContext):
    pass


class PlanPageContext(CommonContext, PlanContext):
    pass


class ProgrammePageContext(CommonContext, ProgrammeContext):
    pass


class ContentContext(TypedDict):
    """The data a hand-written page may quote, as DATA.md documents it; ``build.content_context`` makes it."""

    site: Site
    strategy: Strategy
    terms: Terms


def site_pages(views: Views) -> list[PageSpec]:
    """Every generated page of the site, in navigation order, from the derived views."""
    site = views.site
    relations = Relations.of(site)
    structure = structure_of(site)
    strategy_where = site.strategy.where
    progress = progress_context(views)
    tracker = tracker_context(views)
    common: CommonContext = {
        **tracker,
        "site": site,
        "strategy": site.strategy,
        "relations": relations,
        "structure": structure,
        "lists": structure.lists,
        "outcome_path": structure.path,
        "numbered": structure.numbered,
        "has_own_page": has_own_page,
        "holder_label": structure.label,
        "priority_link": priority_link(structure),
        "boards": {b.id: b for b in site.boards},
        "documents": {d.id: d for d in site.documents},
        "jsna": {j.id: j for j in site.jsna_priorities},
        "indicators": {i.id: i for i in site.indicators},
        "indicator_path": indicator_path,
        "with_data": set(views.indicators),
        "progress": progress,
        "progress_ids": {row["strand"].indicator.id for row in progress["rows"]},
        "progress_parts": progress_parts(views, progress),
        "deliveries": deliveries(site),
        "milestone_parts": milestone_parts(tracker["milestone_groups"]),
        "plan_path": plan_path,
        "terms": site.strategy.terms,
        "timetable": timetable(views),
        "strategy_action_milestones": strategy_action_milestones(views),
        "outcomes_by_id": {o.id: o for o in site.outcomes},
        "outcome_contents": outcome_contents(site),
        "list_contents": list_contents(site, structure),
        "json_contents": json_contents(site),
        "document_uses": document_uses(views),
        "compact_outcomes": len(site.outcomes) > OUTCOME_LIMIT,
        "standing": strategy_standing(site, build_day()),
        "latest_figures": latest_figures,
        "aim_gaps": aim_gaps(views),
        "print_edition": None,
    }
    pages = [
        PageSpec("index.md", "home.md.j2", site.strategy.title, common, strategy_where),
        PageSpec("about.md", "about.md.j2", f"About the {site.strategy.terms.strategy}", common, strategy_where),
    ]
    stated = stated_figures(site, structure)  # the "What we know" figures every measure list may quote
    for place in structure.lists:
        pages += _list_pages(views, common, place, stated)
    data_indicators = [view.indicator for view in views.indicators.values()]
    if data_indicators:
        pages.append(PageSpec("progress.md", "progress.md.j2", "Is it working?", common, data_indicators[0].where))
        pages.append(
            PageSpec("indicators/index.md", "indicators.md.j2", "Indicators", common, data_indicators[0].where)
        )
    for part in common["progress_parts"]:
        title = f"Is it working? {structure.label(part.outcome)}"
        progress_part: ProgressPartContext = {**common, "part": part}
        pages.append(PageSpec(part.path, "progress_part.md.j2", title, progress_part, part.outcome.where))
    for indicator in data_indicators:
        indicator_page: IndicatorPageContext = {**common, **indicator_context(views, indicator)}
        charts = {f"indicators/{panel.chart_file}": panel.chart for panel in indicator_page["panels"]}
        pages.append(
            PageSpec(
                indicator_path(indicator), "indicator.md.j2", indicator.name, indicator_page, indicator.where, charts
            )
        )
    for plan in site.plans:
        plan_page: PlanPageContext = {**common, **plan_context(site, plan)}
        budget = plan_page["budget"]
        charts = {f"plans/{plan.id}/{budget.chart_file}": budget.chart} if budget else {}
        pages.append(PageSpec(plan_path(plan), "plan.md.j2", plan.short_title, plan_page, plan.where, charts))
        for programme in plan.programmes:
            if programme.name_only:  # listed on the plan's page: a page of its own would hold only its name
                continue
            programme_page: ProgrammePageContext = {**common, **programme_context(site, plan, programme)}
            pages.append(
                PageSpec(
                    programme_path(plan, programme),
                    "programme.md.j2",
                    short_name(programme),
                    programme_page,
                    programme.where,
                )
            )
    terms = site.strategy.terms
    if site.actions:
        title = f"{terms.actions.capitalize()} for the whole strategy"
        pages.append(PageSpec("actions.md", "actions.md.j2", title, common, site.actions[0].where))
    if common["timetable"]:
        first_meeting = common["timetable"][0].meeting.where
        pages.append(PageSpec("timetable.md", "timetable.md.j2", "Timetable", common, first_meeting))
    if common["milestone_views"]:
        first = common["milestone_views"][0].milestone.where
        title = f"{terms.milestone.capitalize()} {terms.tracker}"
        pages.append(PageSpec("milestones.md", "milestones.md.j2", title, common, first))
    for milestone_part in common["milestone_parts"]:
        where = milestone_part.rows[0].milestone.where
        milestone_page: MilestonePartContext = {**common, "part": milestone_part}
        title = f"{terms.milestones.capitalize()}: {milestone_part.name}"
        pages.append(PageSpec(milestone_part.path, "milestones_part.md.j2", title, milestone_page, where))
    optional: list[tuple[str, str, str, Sequence[Record]]] = [
        ("jsna.md", "jsna.md.j2", "JSNA priorities", site.jsna_priorities),
        ("principles.md", "principles.md.j2", terms.principles.capitalize(), site.principles),
        ("governance.md", "governance.md.j2", "Governance", site.boards),
        ("related-strategies.md", "related.md.j2", "Related strategies", relations.cited_documents(site)),
        ("glossary.md", "glossary.md.j2", "Glossary", site.glossary),
        ("help.md", "help.md.j2", "Get help", site.help),
        (SOURCES_PATH, "sources.md.j2", "Where this comes from", site.documents),
    ]
    for path, template, title, records in optional:
        if records:
            pages.append(PageSpec(path, template, title, common, records[0].where))
    pages.append(PageSpec("downloads.md", "downloads.md.j2", "Download the data", common, strategy_where))
    where = site.accessibility.where if site.accessibility else strategy_where
    # the statement promises charts as sentences and tables only on a site that has charts
    statement: AccessibilityContext = {**common, "has_charts": any(page.charts for page in pages)}
    pages.append(PageSpec("accessibility.md", "accessibility.md.j2", "Accessibility statement", statement, where))
    return pages


class ListPageContext(CommonContext):
    place: ListPlace


class ListItemContext(CommonContext):
    place: ListPlace
    item: ListItem
    action_milestones: dict[str, list[MilestoneView]]
    stated_figures: dict[str, StatedFigures]


def _list_pages(
    views: Views, common: CommonContext, place: ListPlace, stated: dict[str, StatedFigures]
) -> list[PageSpec]:
    """A list's own page and, for the items that hold measures or actions, a page each, at the list's address."""
    site = views.site
    menu = f"list:{place.id}"
    if place.kind == "outcomes":
        title = site.strategy.terms.outcomes.capitalize()
        pages = [PageSpec(place.index_path, "outcomes.md.j2", title, common, site.outcomes[0].where, menu=menu)]
        for outcome in site.outcomes:
            outcome_context: OutcomeContext = {
                **common,
                "outcome": outcome,
                "action_milestones": outcome_milestones(views, outcome),
                **serving(outcome, site.actions, site.interventions),
                "fact_dates": fact_dates(site, outcome),
                "stated_figures": stated,
            }
            pages.append(
                PageSpec(
                    common["structure"].path(outcome),
                    "outcome.md.j2",
                    short_name(outcome),
                    outcome_context,
                    outcome.where,
                    menu=f"item:{place.id}",
                )
            )
        return pages
    if place.kind == "ways-of-working":
        title = site.strategy.terms.ways_of_working.capitalize()
        where = site.ways_of_working[0].where
        return [PageSpec(place.index_path, "ways_of_working.md.j2", title, common, where, menu=menu)]
    if place.kind == "interventions":
        title = site.strategy.terms.interventions.capitalize()
        where = site.interventions[0].where
        return [PageSpec(place.index_path, "interventions.md.j2", title, common, where, menu=menu)]
    list_context: ListPageContext = {**common, "place": place}
    title = place.title
    pages = [PageSpec(place.index_path, "list.md.j2", title, list_context, place.where, menu=menu)]
    for item in place.items:
        if not has_own_page(item):
            continue
        item_context: ListItemContext = {
            **common,
            "place": place,
            "item": item,
            "action_milestones": item_milestones(views, place, item),
            "stated_figures": stated,
        }
        path = common["structure"].path(item)
        pages.append(
            PageSpec(path, "list_item.md.j2", short_name(item), item_context, item.where, menu=f"item:{place.id}")
        )
    return pages


# mkdocs-material writes the menu into every page, so a menu that lists every outcome makes
# every page's size and build time grow with the site. Past this many, a section's menu
# entry is its index page only, and the list is on that page.
MENU_SECTION_LIMIT = OUTCOME_LIMIT


def navigation(pages: list[PageSpec], content_pages: list[tuple[str, str]]) -> list[Any]:
    """A small navigation tree: sections, not every leaf page, so it stays small as data grows."""
    by_path = {p.path: p for p in pages}
    nav: list[Any] = [{"Home": "index.md"}]
    if "help.md" in by_path:  # a resident who needs help now should not have to read the strategy first
        nav.append({"Get help": "help.md"})
    if "about.md" in by_path:
        nav.append({by_path["about.md"].title: "about.md"})
    for index in (p for p in pages if p.menu.startswith("list:")):
        items = [p for p in pages if p.menu == f"item:{index.menu[5:]}"]
        if items and len(items) <= MENU_SECTION_LIMIT:
            nav.append({index.title: [index.path, *[{p.title: p.path} for p in items]]})
        else:  # a list whose items are all on its own page, or too many to list in the menu
            nav.append({index.title: index.path})
    for path in ("actions.md", "timetable.md", "milestones.md"):
        if path in by_path:
            nav.append({by_path[path].title: path})
    plan_pages = [p for p in pages if p.path.startswith("plans/") and p.path.endswith("/index.md")]
    if plan_pages:
        nav.append({"Plans": [{p.title: p.path} for p in plan_pages]})
    if "progress.md" in by_path:
        # indicator pages are reached from these two index pages, so the nav stays small
        nav.append({"Is it working?": "progress.md"})
        nav.append({"Indicators": "indicators/index.md"})
    for path in (
        "jsna.md",
        "principles.md",
        "governance.md",
        "related-strategies.md",
        "glossary.md",
        SOURCES_PATH,
    ):
        if path in by_path:
            nav.append({by_path[path].title: path})
    nav.extend({title: path} for path, title in content_pages)
    nav.append({"Download the data": "downloads.md"})
    nav.append({"Accessibility": "accessibility.md"})
    return nav
