"""The strategy's lists as the site declares them: their words, addresses, numbering, order and links.

Councils set out their strategies in different shapes: outcomes with priorities under
them, priorities beside cross-cutting approaches, ambitions above priority areas, a
report's recommendations. Rather than fix one shape, the data declares its lists
(``lists:``) and this module turns the declarations, and the tool's own lists that the
data leaves undeclared, into one ordered ``Structure``. Every page, the home page and the
menu read the order, words and addresses from here, so a council's site speaks in its
words and at its addresses with no change to the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import BUILT_IN_LISTS, ListItem, ListLink, Outcome, Record, Site, StrategyList, Terms
from .names import short_name
from .problems import NOWHERE, Where

#: What a measure or an action can hang on: an outcome, or an item of a declared list.
Holder = Outcome | ListItem

#: Addresses the tool's own pages use: a list cannot live at one of them.
RESERVED_ADDRESSES = frozenset(
    {
        "about",
        "accessibility",
        "actions",
        "assets",
        "downloads",
        "glossary",
        "governance",
        "help",
        "index",
        "indicators",
        "javascripts",
        "jsna",
        "milestones",
        "plans",
        "principles",
        "progress",
        "related-strategies",
        "search",
        "sources",
        "stylesheets",
        "timetable",
        "404",
    }
)


@dataclass(frozen=True)
class ListPlace:
    """One list of the strategy with everything the pages need to show it in the council's words."""

    id: str
    kind: str
    """'outcomes', 'ways-of-working' or 'interventions' for the tool's own lists; 'items' or
    'recommendations' for a declared one."""
    singular: str
    plural: str
    address: str
    numbered: bool
    introduction: str
    home: str
    """'items': listed on the home page; 'link': one line under "What this site holds"."""
    links: tuple[ListLink, ...] = ()
    items: tuple[ListItem, ...] = ()
    declaration: StrategyList | None = None
    """The data's declaration of the list; None for one of the tool's lists that the data leaves undeclared."""
    where: Where = NOWHERE
    """Where the list is declared, or where the first item of an undeclared list of the tool's is written."""

    @property
    def built_in(self) -> bool:
        return self.id in BUILT_IN_LISTS

    @property
    def index_path(self) -> str:
        """The list's own page: a single page for ways of working and interventions, as before."""
        if self.kind in ("ways-of-working", "interventions"):
            return f"{self.address}.md"
        return f"{self.address}/index.md"

    @property
    def title(self) -> str:
        """The list's name as a page title and menu entry: 'Strategic priorities'."""
        return self.plural[:1].upper() + self.plural[1:]

    def count_words(self, count: int) -> str:
        """'1 strategic priority', '4 strategic priorities'."""
        return f"{count} {self.singular if count == 1 else self.plural}"


def has_own_page(item: ListItem) -> bool:
    """An item gets a page of its own when it holds measures or actions; otherwise it is a section of its
    list's page, so no page holds only a title."""
    return bool(item.measures or item.actions)


def _built_in(terms: Terms, list_id: str, declaration: StrategyList | None, first: Where) -> ListPlace:
    words = {
        "outcomes": (terms.outcome, terms.outcomes),
        "ways-of-working": (terms.way_of_working, terms.ways_of_working),
        "interventions": (terms.intervention, terms.interventions),
    }[list_id]
    default_home = "items" if list_id == "outcomes" else "link"
    default_numbered = list_id == "outcomes"
    if declaration is None:
        return ListPlace(list_id, list_id, *words, list_id, default_numbered, "", default_home, where=first)
    return ListPlace(
        list_id,
        list_id,
        *words,
        declaration.address or list_id,
        default_numbered if declaration.numbered is None else declaration.numbered,
        declaration.introduction,
        declaration.home or default_home,
        tuple(declaration.links),
        declaration=declaration,
        where=declaration.where,
    )


def _declared(declaration: StrategyList) -> ListPlace:
    assert declaration.singular and declaration.plural  # the model requires both for a list of its own
    return ListPlace(
        declaration.id,
        declaration.kind,
        declaration.singular,
        declaration.plural,
        declaration.address or declaration.id,
        bool(declaration.numbered),
        declaration.introduction,
        declaration.home or "link",
        tuple(declaration.links),
        tuple(declaration.items),
        declaration=declaration,
        where=declaration.where,
    )


def ordered_places(
    declarations: Iterable[StrategyList], built_in_records: Mapping[str, Sequence[Record]], terms: Terms
) -> list[ListPlace]:
    """The lists a site shows, in its order: the declared ones as declared (the first declaration of an id), then
    the tool's lists that the data has and does not declare, in their usual order.

    ``built_in_records`` holds the items of each of the tool's lists by list id: a list with none is not shown.
    Shared by the pages (``Structure``) and the checks (``list_checks``), which run before there is a ``Site``.
    """
    places: list[ListPlace] = []
    seen: set[str] = set()
    for declaration in declarations:
        if declaration.id in seen:
            continue
        seen.add(declaration.id)
        if declaration.id not in BUILT_IN_LISTS:
            places.append(_declared(declaration))
        elif records := built_in_records.get(declaration.id):
            places.append(_built_in(terms, declaration.id, declaration, records[0].where))
    for list_id in BUILT_IN_LISTS:
        if list_id not in seen and (records := built_in_records.get(list_id)):
            places.append(_built_in(terms, list_id, None, records[0].where))
    return places


@dataclass
class Structure:
    """The site's lists in the council's order, and how to name and reach any item of them."""

    lists: list[ListPlace]
    all_outcomes: list[Outcome] = field(default_factory=list)
    """Every outcome, for links that name one."""
    _place_of_item: dict[int, ListPlace] = field(default_factory=dict)

    @classmethod
    def of(cls, site: Site) -> Structure:
        records: dict[str, Sequence[Record]] = {
            "outcomes": site.outcomes,
            "ways-of-working": site.ways_of_working,
            "interventions": site.interventions,
        }
        structure = cls(ordered_places(site.lists, records, site.strategy.terms), list(site.outcomes))
        for place in structure.lists:
            for item in place.items:
                structure._place_of_item[id(item)] = place
        return structure

    def place(self, list_id: str) -> ListPlace | None:
        return next((p for p in self.lists if p.id == list_id), None)

    @property
    def outcomes(self) -> ListPlace | None:
        return self.place("outcomes")

    @property
    def declared_lists(self) -> list[ListPlace]:
        return [p for p in self.lists if not p.built_in]

    def list_of(self, item: ListItem) -> ListPlace:
        return self._place_of_item[id(item)]

    @property
    def outcomes_count_from_one(self) -> bool:
        """Whether the outcomes are numbered 1, 2, 3 … in order: only then can a Markdown ordered list show their
        numbers, since it numbers its items itself whatever the document's numbers are."""
        return [o.number for o in self.all_outcomes] == list(range(1, len(self.all_outcomes) + 1))

    def outcome_address(self) -> str:
        place = self.outcomes
        return place.address if place else "outcomes"

    def path(self, holder: Holder) -> str:
        """Where an outcome or an item is read: its own page, or its section of its list's page."""
        if isinstance(holder, Outcome):
            return f"{self.outcome_address()}/{holder.id}.md"
        place = self.list_of(holder)
        if has_own_page(holder):
            return f"{place.address}/{holder.id}.md"
        return f"{place.index_path}#{holder.id}"

    def numbered(self, holder: Holder) -> bool:
        if isinstance(holder, Outcome):
            place = self.outcomes
            return holder.number is not None and (place is None or place.numbered)
        return holder.number is not None and self.list_of(holder).numbered

    def label(self, holder: Holder) -> str:
        """'Outcome 1', 'Strategic priority 4' where the document numbers its items; else the item's short name."""
        if not self.numbered(holder):
            return short_name(holder)
        word = (
            self.outcomes.singular
            if isinstance(holder, Outcome) and self.outcomes
            else (self.list_of(holder).singular if isinstance(holder, ListItem) else "outcome")
        )
        return f"{word[:1].upper()}{word[1:]} {holder.number}"

    def titled(self, holder: Holder) -> str:
        """'Outcome 1: A healthy start' where numbered; else just the short name, never an invented number."""
        if not self.numbered(holder):
            return short_name(holder)
        return f"{self.label(holder)}: {short_name(holder)}"

    def linked_items(self, holder_list: str, holder_id: str) -> list[tuple[str, list[tuple[ListPlace, ListItem]]]]:
        """The items of declared lists that link to this one and whose list gives 'back_words': shown on it
        as "Delivered through: …", grouped by those words, in list order."""
        found: list[tuple[str, list[tuple[ListPlace, ListItem]]]] = []
        for place in self.declared_lists:
            for link in place.links:
                if link.to != holder_list or not link.back_words:
                    continue
                items = [(place, item) for item in place.items if holder_id in item.links.get(link.to, [])]
                if items:
                    found.append((link.back_words, items))
        return found

    def item_links(self, place: ListPlace, item: ListItem) -> list[tuple[str, list[Holder]]]:
        """What the item links to, with its list's words for the link: [("Forms part of", [Workforce, …])]."""
        found: list[tuple[str, list[Holder]]] = []
        for link in place.links:
            ids = item.links.get(link.to, [])
            if not ids:
                continue
            found.append((link.words, self.items_by_id(link.to, ids)))
        return found

    def items_by_id(self, list_id: str, ids: list[str]) -> list[Holder]:
        """The items of a list (an outcome or a declared item) with these ids, in the order given."""
        return [h for h in (self._find(list_id, i) for i in ids) if h is not None]

    def _find(self, list_id: str, item_id: str) -> Holder | None:
        if list_id == "outcomes":
            return next((o for o in self.all_outcomes if o.id == item_id), None)
        place = self.place(list_id)
        if place is None:
            return None
        return next((i for i in place.items if i.id == item_id), None)


def structure_of(site: Site) -> Structure:
    """The site's lists in its order, and how to name and reach their items."""
    return Structure.of(site)
