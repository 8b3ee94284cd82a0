"""Checks of the lists a site declares (``lists:``), of its outcomes' numbers, and of what the lists make.

Errors are what the build refuses: two lists or items with one id, two lists at one address or
a list at an address a page of the site's own uses, a link to a list that does not exist, an
item that names an item its linked list does not have, a numbered list with an unnumbered item,
and an item of a declared list that names a board, document, indicator or meeting the site does
not have. Warnings are what a build would show badly: a page with nothing but its title, a home
page with lists side by side and no word on how they relate, a number the site will not show,
and a link declared that no item uses.

The lists are ordered and shown by ``structure.Structure``; these checks run on the records that
validated, before there is a ``Site``, so they work out the lists' addresses and home places from
the records themselves, the way ``Structure.of`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .crosscheck import _action_checks, _References, _unique
from .model import BUILT_IN_LISTS, ListItem, Outcome, Strategy, StrategyList, Terms
from .problems import Problem, Where, suggest
from .structure import RESERVED_ADDRESSES, ListPlace, ordered_places

#: Where each of the tool's own lists keeps its items in the data.
_SECTION_OF = {"outcomes": "outcomes", "ways-of-working": "ways_of_working", "interventions": "interventions"}


def _shown_lists(built: dict[str, Any], declarations: dict[str, StrategyList]) -> list[ListPlace]:
    """The lists the site shows, in the order the pages give them (``structure.ordered_places``)."""
    strategy = built.get("strategy")
    terms = strategy.terms if isinstance(strategy, Strategy) else Terms()
    records = {list_id: built.get(section, []) for list_id, section in _SECTION_OF.items()}
    return ordered_places(declarations.values(), records, terms)


def _name(declaration: StrategyList) -> str:
    return f"lists › {declaration.id}"


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _duplicate_lists(lists: list[StrategyList]) -> Iterable[Problem]:
    """Each list is declared once: a second declaration of one of the tool's lists is kept apart from a clash of ids."""
    yield from _unique([d for d in lists if d.id not in BUILT_IN_LISTS], lambda d: d.id, "list id")
    first: dict[str, Where] = {}
    for declaration in lists:
        if declaration.id not in BUILT_IN_LISTS:
            continue
        if declaration.id in first:
            yield Problem(
                declaration.where,
                f"{_name(declaration)}: the '{declaration.id}' list is declared twice (also at "
                f"{first[declaration.id]}); keep one declaration",
            )
        else:
            first[declaration.id] = declaration.where


def _address_checks(lists: list[StrategyList], shown: list[ListPlace]) -> Iterable[Problem]:
    """No list at an address the site's own pages use, and no two lists at one address."""
    for declaration in lists:
        address = declaration.address or declaration.id
        if address not in RESERVED_ADDRESSES:
            continue
        if declaration.address:
            yield Problem(
                declaration.where_of("address"),
                f"{_name(declaration)} › address: '{address}' is the address of one of the site's own pages; "
                f"give the list another address, e.g. 'our-{address}'",
            )
        else:
            yield Problem(
                declaration.where,
                f"{_name(declaration)}: the list's address is its id, '{address}', which one of the site's own "
                f"pages uses; add 'address:' with another, e.g. 'our-{address}'",
            )
    first: dict[str, ListPlace] = {}
    for place in shown:
        other = first.setdefault(place.address, place)
        if other is place:
            continue
        if place.declaration is None:  # a tool's list left undeclared clashes with a declared one: report at that
            place, other = other, place
        assert place.declaration is not None
        where = place.declaration.where_of("address") if place.declaration.address else place.where
        if other.declaration is None:
            message = (
                f"'{place.address}' is the address of the {other.id} list; give this list another address, "
                f"or declare the {other.id} list with an address of its own"
            )
        else:
            message = (
                f"'{place.address}' is also the address of the list '{other.id}' ({other.where}); "
                f"give one of them another address"
            )
        yield Problem(where, f"{_name(place.declaration)}: {message}")


def _link_checks(declaration: StrategyList, own_ids: set[str], failed: set[str]) -> Iterable[Problem]:
    """Each declared link goes to the outcomes or to another declared list, once."""
    targets = {"outcomes", *own_ids} - {declaration.id}
    seen: dict[str, Where] = {}
    for link in declaration.links:
        context = f"{_name(declaration)} › links › {link.to}"
        if link.to == declaration.id:
            yield Problem(
                link.where_of("to"),
                f"{context}: the list links to itself; link to 'outcomes' or another of your lists, or remove the link",
            )
        elif link.to not in targets and link.to not in failed:
            yield Problem(
                link.where_of("to"),
                f"{context}: there is no list '{link.to}' to link to; a link goes to 'outcomes' or a list declared "
                f"in lists: ({_quoted(sorted(targets))}); {suggest(link.to, targets)}",
            )
        if link.to in seen:
            yield Problem(
                link.where_of("to"),
                f"{context}: the list links to '{link.to}' twice (also at {seen[link.to]}); keep one link",
            )
        else:
            seen[link.to] = link.where_of("to")


def _item_links(
    declaration: StrategyList,
    item: ListItem,
    items_of: dict[str, set[str]],
    refs: _References,
) -> Iterable[Problem]:
    """An item links only along its list's declared links, and only to items the other list has."""
    context = f"{_name(declaration)} › {item.id} › links"
    declared = [link.to for link in declaration.links]
    where = item.where_of("links")
    for target, ids in item.links.items():
        if target not in declared:
            fix = f"the list's declared links are to {_quoted(declared)}" if declared else "the list declares no links"
            yield Problem(
                where,
                f"{context}: the list '{declaration.id}' declares no link to '{target}' ({fix}); add the link "
                f"to the list's 'links:' with the words to show, or remove '{target}' here",
            )
            continue
        for item_id in ids:
            if target == "outcomes":
                yield from refs.check(where, "outcomes", item_id, f"{context} › outcomes")
            elif target in items_of and item_id not in items_of[target]:
                yield Problem(
                    where,
                    f"{context} › {target}: the list '{target}' has no item '{item_id}'; "
                    f"{suggest(item_id, items_of[target])}",
                )
            # a link to a list that does not exist, or failed to validate, is reported at the list


def _item_refs(declaration: StrategyList, item: ListItem, refs: _References) -> Iterable[Problem]:
    """What an item names: its board, its documents, its measures' indicators, its actions' boards and meetings."""
    name = f"{_name(declaration)} › {item.id}"
    yield from refs.check(item.where_of("board"), "boards", item.board, f"{name} › board")
    for source in item.sources:
        yield from refs.check(item.where_of("sources"), "documents", source, f"{name} › sources")
    for measure in item.measures:
        yield from refs.check(measure.where_of("indicator"), "indicators", measure.indicator, f"{name} › measures")
    for action in item.actions:
        yield from _action_checks(action, refs, f"{name} › action {action.id}")
    yield from _unique(item.actions, lambda a: a.id, f"{name} › action number")


def _item_checks(
    declaration: StrategyList,
    items_of: dict[str, set[str]],
    refs: _References,
) -> Iterable[Problem]:
    """The items of one declared list of the site's own."""
    yield from _unique(declaration.items, lambda i: i.id, f"{_name(declaration)} › item id")
    numbered = bool(declaration.numbered)
    if numbered:
        yield from _unique(
            [i for i in declaration.items if i.number is not None], lambda i: i.number, f"{_name(declaration)} › number"
        )
    for item in declaration.items:
        name = f"{_name(declaration)} › {item.id}"
        if item.id == "index":
            yield Problem(
                item.where,
                f"{name}: an item cannot have the id 'index', as its page would take the place of the list's own "
                f"page; give it another id",
            )
        if numbered and item.number is None:
            yield Problem(
                item.where,
                f"{name}: the list is declared 'numbered: true' but this item has no number; give the number the "
                f"document prints, in quotes (number: \"4\"), or remove 'numbered: true' from the list",
            )
        elif not numbered and item.number is not None:
            yield Problem(
                item.where_of("number"),
                f"{name} › number: '{item.number}' is not shown: the list is not numbered; remove it or declare "
                f"numbered: true on the list '{declaration.id}'",
                "warning",
            )
        if declaration.kind != "recommendations":
            for field in ("to", "response", "response_date"):
                if getattr(item, field) is not None:
                    yield Problem(
                        item.where_of(field),
                        f"{name} › {field}: only a list declared kind: recommendations has 'to' and 'response'; "
                        f"remove '{field}', or add 'kind: recommendations' to the list '{declaration.id}'",
                    )
        yield from _item_links(declaration, item, items_of, refs)
        yield from _item_refs(declaration, item, refs)


def _unused_links(declaration: StrategyList) -> Iterable[Problem]:
    """A declared relation that no item of the list uses shows nothing anywhere."""
    for link in declaration.links:
        if declaration.id in BUILT_IN_LISTS:
            section = _SECTION_OF[declaration.id]
            yield Problem(
                link.where,
                f"{_name(declaration)} › links › {link.to}: the items of the {declaration.id} list are kept under "
                f"'{section}:' and cannot name links, so this link shows nothing; declare it on the list "
                f"'{link.to}' instead, with 'back_words' for what the {declaration.id} items say",
                "warning",
            )
        elif not any(item.links.get(link.to) for item in declaration.items):
            yield Problem(
                link.where,
                f"{_name(declaration)} › links › {link.to}: no item of the list links to '{link.to}', so the "
                f"link shows nothing; add '{link.to}: [...]' to the 'links:' of the items it applies to, or "
                f"remove the link",
                "warning",
            )


def _empty_lists(lists: list[StrategyList], built: dict[str, Any]) -> Iterable[Problem]:
    for declaration in lists:
        if declaration.id in BUILT_IN_LISTS:
            section = _SECTION_OF[declaration.id]
            if not built.get(section):
                yield Problem(
                    declaration.where,
                    f"{_name(declaration)}: the {declaration.id} list is declared but the data has no "
                    f"'{section}:', so it is not shown; add its items under '{section}:' or remove the declaration",
                    "warning",
                )
        elif not declaration.items:
            yield Problem(
                declaration.where,
                f"{_name(declaration)}: the list has no items, so its page would show only its introduction; "
                f"add its items under 'items:', or remove the list",
                "warning",
            )


def _home_introductions(shown: list[ListPlace]) -> Iterable[Problem]:
    """Lists listed side by side on the home page each need a sentence on how they relate."""
    on_home = [place for place in shown if place.home == "items"]
    if len(on_home) < 2:
        return
    names = _quoted(place.id for place in on_home)
    for place in on_home:
        if place.introduction.strip():
            continue
        says = f"the home page shows {len(on_home)} lists side by side ({names}), and residents need a sentence on "
        says += "how they relate"
        if place.declaration is None:
            yield Problem(
                place.where,
                f"outcomes: {says}; declare the outcomes list in lists: with an 'introduction' "
                f"(- id: outcomes, introduction: ...)",
                "warning",
            )
        else:
            yield Problem(
                place.where,
                f"{_name(place.declaration)}: {says}; add an 'introduction' to this list, or show it on the home "
                f"page as one line with 'home: link'",
                "warning",
            )


def _back_linked(lists: list[StrategyList]) -> set[str]:
    """The outcomes that an item of a declared list names along a link shown on the outcome ('back_words')."""
    shown_back = {d.id for d in lists if any(link.to == "outcomes" and link.back_words for link in d.links)}
    return {
        outcome_id
        for d in lists
        if d.id in shown_back
        for item in d.items
        for outcome_id in item.links.get("outcomes", [])
    }


def _outcome_checks(
    outcomes: list[Outcome], declaration: StrategyList | None, lists: list[StrategyList]
) -> Iterable[Problem]:
    """Outcomes are numbered unless the outcomes list says otherwise, and each outcome's page holds something."""
    numbered = declaration is None or declaration.numbered is not False
    given = [o for o in outcomes if getattr(o, "number", None) is not None]
    if numbered:
        for outcome in outcomes:
            if getattr(outcome, "number", None) is None:
                yield Problem(
                    outcome.where,
                    f"outcome '{outcome.id}' has no number; give the document's number, or declare the outcomes "
                    f"list with 'numbered: false' in lists:",
                )
    elif given and declaration is not None:
        yield Problem(
            declaration.where_of("numbered"),
            f"{_name(declaration)} › numbered: the outcomes list is declared 'numbered: false', yet "
            f"{len(given)} of its outcomes give a number ({_quoted(o.id for o in given)}), which is not shown; "
            f"remove their numbers, or remove 'numbered: false'",
            "warning",
        )
    back_linked = _back_linked(lists)
    for outcome in outcomes:
        holds = (
            (outcome.summary or "").strip()
            or outcome.what_good_looks_like
            or outcome.what_we_know
            or outcome.priorities
            or outcome.actions
            or outcome.measures
            or outcome.strategic_links
            or outcome.id in back_linked
        )
        if not holds:
            yield Problem(
                outcome.where,
                f"outcomes › {outcome.id}: the page for outcome '{outcome.id}' would show only its title; add a "
                f"summary, what_we_know, priorities, actions or measures, or list it in a declared list instead "
                f"(an item of a list of your own in lists:)",
                "warning",
            )


def list_problems(built: dict[str, Any], refs: _References) -> list[Problem]:
    """Every problem with the declared lists, the outcomes' numbers and what the lists would show."""
    lists: list[StrategyList] = built.get("lists", [])
    outcomes: list[Outcome] = built.get("outcomes", [])
    declarations: dict[str, StrategyList] = {}
    for declaration in lists:
        declarations.setdefault(declaration.id, declaration)
    own = [d for d in declarations.values() if d.id not in BUILT_IN_LISTS]
    own_ids = {d.id for d in own}
    # a list that failed to validate has its own problem: links to it are not reported again
    failed = refs.written.get("lists", set()) - set(declarations)
    items_of = {d.id: {item.id for item in d.items} for d in own}
    shown = _shown_lists(built, declarations)

    problems: list[Problem] = []
    problems.extend(_duplicate_lists(lists))
    problems.extend(_address_checks(list(declarations.values()), shown))
    for declaration in declarations.values():
        problems.extend(_link_checks(declaration, own_ids, failed))
        problems.extend(_unused_links(declaration))
    for declaration in own:
        problems.extend(_item_checks(declaration, items_of, refs))
    problems.extend(_empty_lists(list(declarations.values()), built))
    problems.extend(_home_introductions(shown))
    if "outcomes" not in failed:  # a broken declaration of the outcomes may be the one that says 'numbered: false'
        problems.extend(_outcome_checks(outcomes, declarations.get("outcomes"), own))
    return problems
