"""Checks that span records: unique ids and references from one record to another.

They run on whatever records validated, so one broken outcome does not hide a
dangling reference in another file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .formats import file_slug, money
from .milestones import WhenError, meeting_named, read_when
from .model import (
    Action,
    Ambition,
    Document,
    Figure,
    Indicator,
    Intervention,
    Meeting,
    NotShown,
    Outcome,
    Plan,
    PlanSection,
    Publisher,
    Record,
    Section,
    Strategy,
    StrategyAction,
    paragraphs_holding,
)
from .names import menu_label_warnings
from .periods import parse_period
from .problems import Problem, Where, suggest


def _unique(
    records: Iterable[Record], key: Callable[[Any], Any], what: str, *, fold: bool = False
) -> Iterable[Problem]:
    first_seen: dict[Any, Where] = {}
    for record in records:
        value = key(record)
        folded = value.lower() if fold and isinstance(value, str) else value
        if folded in first_seen:
            yield Problem(
                record.where,
                f"{what} '{value}' is defined twice (also at {first_seen[folded]}); "
                f"give one a different {what.split()[-1]} or remove it",
            )
        else:
            first_seen[folded] = record.where


class _References:
    """The ids each kind of record can be referred to by."""

    def __init__(self, built: dict[str, Any], written_ids: dict[str, set[str]]):
        self.ids = {
            name: {r.id for r in built.get(name, []) if hasattr(r, "id")}
            for name in ("indicators", "boards", "documents", "jsna_priorities", "outcomes")
        }
        self.meetings: dict[str, Meeting] = {m.id: m for b in built.get("boards", []) for m in b.meetings}
        # ids of records that failed validation still exist for the editor: their own
        # problem is reported once, not again at every reference to them
        self.written = written_ids

    def check(self, where: Where, kind: str, ref: str | None, context: str) -> Iterable[Problem]:
        if ref is None or ref in self.ids[kind] or ref in self.written.get(kind, set()):
            return
        singular = {
            "indicators": "indicator",
            "boards": "board",
            "documents": "document",
            "jsna_priorities": "JSNA priority",
            "outcomes": "outcome",
        }[kind]
        yield Problem(
            where,
            f"{context}: there is no {singular} with id '{ref}' (in '{kind}'); {suggest(ref, self.ids[kind])}",
        )


def _action_checks(action: Action, refs: _References, name: str) -> Iterable[Problem]:
    """An action's board, and each milestone's date phrase or the board meeting it names."""
    yield from refs.check(action.where_of("board"), "boards", action.board, f"{name} › board")
    for shared in action.shared_with:
        yield from refs.check(action.where_of("shared_with"), "boards", shared, f"{name} › shared_with")
    for milestone in action.milestones:
        if milestone.when:
            label = f"{name} › milestone {milestone.id}"
            yield from _when_checks(milestone.when, milestone.where_of("when"), label, refs)
    yield from _own_timing_checks(action, refs, name)


def _when_checks(phrase: str, where: Where, name: str, refs: _References) -> Iterable[Problem]:
    """A date phrase ('by 01/07/13') that cannot be read, or one naming a board meeting that does not exist."""
    meeting_id = meeting_named(phrase)
    if meeting_id is not None:
        if meeting_id not in refs.meetings:
            yield Problem(
                where,
                f"{name} › when: there is no board meeting with id '{meeting_id}' "
                f"(in 'boards › meetings'); {suggest(meeting_id, refs.meetings)}",
            )
        return
    try:
        read_when(phrase)
    except WhenError as exc:
        yield Problem(
            where,
            (
                f"{name}: the date '{phrase}' is ambiguous: {exc}. The site "
                f"shows it as written but cannot tell when it is due; write it as 'by 01/07/13', "
                f"'from 01/04/13', 'Sept 2013' or '2013/14' if you know the date, or 'at ' and a board "
                f"meeting's id"
            ),
            "warning",
        )


def _own_timing_checks(action: Action, refs: _References, name: str) -> Iterable[Problem]:
    """An action's own ``when``: read like a milestone's, and not shown when its milestones give the timing."""
    if not action.when:
        return
    if action.milestones:
        yield Problem(
            action.where_of("when"),
            f"{name} › when: this action has milestones, and their dates are the ones the site shows; the "
            "action's own 'when' is not shown. Remove it, or give it to a milestone",
            "warning",
        )
        return
    yield from _when_checks(action.when, action.where_of("when"), name, refs)


def _untracked_updates(built: dict[str, Any]) -> Iterable[Problem]:
    """A warning at each milestone's updates when the strategy says it does not track progress."""
    strategy: Strategy | None = built.get("strategy")
    if strategy is None or strategy.tracks_progress is not False:
        return
    actions: list[Action] = [*built.get("actions", []), *(a for o in built.get("outcomes", []) for a in o.actions)]
    actions += [a for declared in built.get("lists", []) for item in declared.items for a in item.actions]
    for action in actions:
        for milestone in action.milestones:
            if milestone.updates:
                yield Problem(
                    milestone.updates[0].where,
                    f"milestone {milestone.id} of action {action.id} has updates, but the strategy says "
                    "'tracks_progress: false', so the site shows no update and no status; remove "
                    "'tracks_progress: false' to show them",
                    "warning",
                )


def _strategy_wide_checks(
    actions: list[StrategyAction], interventions: list[Intervention], refs: _References
) -> Iterable[Problem]:
    """Actions and interventions of the strategy as a whole: their outcomes, boards and milestones."""
    for action in actions:
        name = f"actions › {action.id}"
        for outcome_id in action.outcomes:
            yield from refs.check(action.where_of("outcomes"), "outcomes", outcome_id, f"{name} › outcomes")
        yield from _action_checks(action, refs, name)
    yield from _unique(actions, lambda a: a.id, "action id")
    for intervention in interventions:
        name = f"interventions › {intervention.id}"
        for outcome_id in intervention.outcomes:
            yield from refs.check(intervention.where_of("outcomes"), "outcomes", outcome_id, f"{name} › outcomes")
        yield from refs.check(intervention.where_of("board"), "boards", intervention.board, f"{name} › board")


def _outcome_refs(outcome: Outcome, refs: _References) -> Iterable[Problem]:
    name = f"outcomes › {outcome.id}"
    yield from refs.check(
        outcome.where_of("delivery_board"), "boards", outcome.delivery_board, f"{name} › delivery_board"
    )
    for priority in outcome.priorities:
        for link in priority.jsna_links:
            yield from refs.check(
                link.where_of("jsna"), "jsna_priorities", link.jsna, f"priority {priority.id} › jsna_links"
            )
    for measure in outcome.measures:
        yield from refs.check(measure.where_of("indicator"), "indicators", measure.indicator, f"{name} › measures")
    for mention in outcome.strategic_links:
        yield from refs.check(mention.where_of("document"), "documents", mention.document, f"{name} › strategic_links")
    for action in outcome.actions:
        yield from _action_checks(action, refs, f"{name} › action {action.id}")
    yield from _unique(outcome.actions, lambda a: a.id, f"outcomes › {outcome.id} › action number")
    yield from _cut_off_check(outcome, name)
    for fact in outcome.what_we_know:
        for figure in fact.figures:
            yield from refs.check(
                figure.where_of("indicator"), "indicators", figure.indicator, f"{name} › what_we_know › figures"
            )


def _figure_checks(
    figures: Iterable[Figure], default_source: str | None, refs: _References, documents: dict[str, Document], name: str
) -> Iterable[Problem]:
    """Each figure's document exists, and a measured figure's period had ended by that document's date.

    A figure with no period is shown "as stated in" its document, at the document's date: without
    that date the page cannot say when the figure is from.
    """
    for figure in figures:
        context = f"{name} › figure '{figure.label}'"
        yield from refs.check(figure.where_of("source"), "documents", figure.source, f"{context} › source")
        source = figure.source or default_source
        document = documents.get(source) if source else None
        if source is not None and document is None:
            continue  # an unknown document is reported once, above (or at its own record)
        if document is None or not document.date:
            if figure.period is None:
                missing, add = (
                    (f"its document '{source}' has no date", f"the document's date ('date:' in documents › {source})")
                    if source
                    else ("it names no document", "'source:' with the id of the document that states it")
                )
                yield Problem(
                    figure.where,
                    f"{context}: it has no period and {missing}, so the page cannot say when the figure is from; "
                    f"add its period if the source gives one, or {add}",
                    "warning",
                )
            continue
        if figure.period is None or figure.kind == "projection":
            continue
        period, dated = parse_period(figure.period), parse_period(document.date)
        if period.end > dated.end:
            yield Problem(
                figure.where_of("period"),
                (
                    f"{context}: its period {period.display} ends after the date of '{source}', the document that "
                    f"states it ({dated.display}), so that document cannot have measured it; correct the period, "
                    f"name the document that does state it in 'source:', or add 'kind: projection' if it is a "
                    f"forecast"
                ),
            )


def _breakdown_name(name: str, breakdown: str, where: Where, named: dict[str, str]) -> Iterable[Problem]:
    """A breakdown names a chart file (``indicators/ID--SLUG.svg``): it needs letters or digits, and its own name.

    Two breakdowns whose names differ only in spaces or punctuation ("18+" and "18")
    would write one chart over the other.
    """
    part = file_slug(breakdown)
    if not part:
        yield Problem(where, f"{name}: breakdown '{breakdown}' has no letters or digits; give it a name such as 'male'")
    elif named.setdefault(part, breakdown) != breakdown:
        yield Problem(
            where,
            f"{name}: breakdowns '{named[part]}' and '{breakdown}' differ only in spaces or punctuation, so their "
            f"charts would share one file; give them clearly different names",
        )


def _indicator_checks(indicator: Indicator, refs: _References) -> Iterable[Problem]:
    name = f"indicators › {indicator.id}"
    seen: dict[tuple[str, str | None, str], Where] = {}
    named: dict[str, str] = {}  # each breakdown's file-name part, to the breakdown as written
    if indicator.polarity is None and any(s.kind == "target" for s in indicator.series):
        yield Problem(
            indicator.where,
            (
                f"{name}: it has targets but no polarity, so the site cannot say whether a target was met; "
                f"add 'polarity: higher' or 'polarity: lower'"
            ),
        )
    for series in indicator.series:
        yield from refs.check(series.where_of("source"), "documents", series.source, f"{name} › series › source")
        for value in series.values:
            if value.source is None:  # most values: their line and label are only worth making for a reference
                continue
            yield from refs.check(
                value.where_of("source"), "documents", value.source, f"{name} › values › {value.period} › source"
            )
        key = (series.area, series.breakdown, series.kind)
        if key in seen:
            yield Problem(
                series.where,
                (
                    f"{name}: a second {series.kind} series for {series.area}"
                    f"{' (' + series.breakdown + ')' if series.breakdown else ''} (first at {seen[key]}); "
                    f"put all its values in one series"
                ),
            )
        seen[key] = series.where
        if series.breakdown is not None:
            yield from _breakdown_name(name, series.breakdown, series.where_of("breakdown"), named)
        if indicator.baseline_period and series.kind == "target":
            baseline = parse_period(indicator.baseline_period)
            for value in series.values:
                if parse_period(value.period) < baseline:
                    yield Problem(
                        value.where,
                        (
                            f"{name}: target period '{value.period}' is before the baseline period "
                            f"'{indicator.baseline_period}'; check the period or the baseline_period"
                        ),
                    )


def _ambition_checks(ambition: Ambition, indicators: dict[str, Indicator], refs: _References) -> Iterable[Problem]:
    name = f"ambitions › {ambition.id}"
    yield from refs.check(ambition.where_of("plan"), "documents", ambition.plan, f"{name} › plan")
    yield from refs.check(ambition.where_of("indicator"), "indicators", ambition.indicator, f"{name} › indicator")
    indicator = indicators.get(ambition.indicator or "")
    if indicator is None:
        return
    for kind, period in (("actual", ambition.baseline_period), ("target", ambition.target_period)):
        if period is None:
            continue
        found = any(
            s.kind == kind
            and s.area == ambition.area
            and s.breakdown == ambition.breakdown
            and any(v.period == period for v in s.values)
            for s in indicator.series
        )
        if not found:
            label = "baseline" if kind == "actual" else "target"
            yield Problem(
                ambition.where,
                (
                    f"{name}: indicator '{indicator.id}' has no {kind} value for {ambition.area}"
                    f"{' (' + ambition.breakdown + ')' if ambition.breakdown else ''} in {period}, the {label} period; "
                    f"add it to the indicator's {kind} series"
                ),
            )


#: How a finished summary ends: a full stop, a question or exclamation mark, a colon before a list, a closing quote.
_FINAL_PUNCTUATION = tuple(".!?:)\"'”’")


def _cut_off_check(outcome: Outcome, name: str) -> Iterable[Problem]:
    """A summary that stops mid-sentence must say so (``cut_off: true``), and only such a summary may."""
    if outcome.summary is None:
        if outcome.cut_off:
            yield Problem(
                outcome.where_of("cut_off"),
                f"{name} › cut_off: there is no summary to be cut off; remove 'cut_off' or add the summary",
            )
        return
    ends = outcome.summary.rstrip().endswith(_FINAL_PUNCTUATION)
    if outcome.cut_off and ends:
        yield Problem(
            outcome.where_of("cut_off"),
            f"{name} › cut_off: the summary ends with a full sentence, yet 'cut_off: true' says the source stops "
            "part-way; remove 'cut_off' or check the summary",
        )
    elif not outcome.cut_off and not ends:
        yield Problem(
            outcome.where_of("summary"),
            f"{name} › summary: the text stops without a full stop. If the source stops here, add 'cut_off: true' "
            "so the page says the rest is missing; otherwise finish the sentence",
            "warning",
        )


def _plan_checks(
    plan: Plan, refs: _References, priority_ids: set[str], groups: dict[str, set[str]]
) -> Iterable[Problem]:
    name = f"plans › {plan.id}"
    yield from refs.check(plan.where_of("document"), "documents", plan.document, f"{name} › document")

    def priority(where: Where, priority_id: str, context: str) -> Iterable[Problem]:
        if priority_id not in priority_ids:
            yield Problem(
                where,
                (
                    f"{context}: there is no commissioning priority '{priority_id}' in the strategy; "
                    f"{suggest(priority_id, priority_ids)}"
                ),
            )

    for restated in plan.priorities:
        yield from priority(restated.where, restated.id, f"{name} › priorities")
    for programme in plan.programmes:
        for priority_id in programme.priorities:
            yield from priority(programme.where_of("priorities"), priority_id, f"{name} › {programme.id} › priorities")
    yield from _unique(plan.sections, lambda r: r.id, "section id")
    for section in plan.sections:
        if section.ambitions is not None and section.ambitions not in groups.get(plan.document, set()):
            yield Problem(
                section.where_of("ambitions"),
                f"{name} › {section.id} › ambitions: this plan has no ambitions in the group '{section.ambitions}'; "
                f"{suggest(section.ambitions, groups.get(plan.document, set()))}",
            )
    yield from _unique(plan.programmes, lambda r: r.id, "programme id")
    yield from _unique(plan.risks, lambda r: r.id, "risk id")
    if plan.budget is not None:
        for line in plan.budget.lines:
            parts = sum(c.amount for c in line.components)
            if line.stated_total is not None and line.stated_total != parts:
                sums = " + ".join(money(c.amount, exact=True) for c in line.components)
                stated = money(line.stated_total, exact=True)
                yield Problem(
                    line.where_of("stated_total"),
                    (
                        f"{name} › budget › {line.period}: the stated total {stated} does not equal the sum of its "
                        f"parts {money(parts, exact=True)} ({sums}); correct the total or one of the parts"
                    ),
                )


def _not_shown_place(entry: NotShown, section: Section | PlanSection, name: str) -> Iterable[Problem]:
    """A part not shown is noted after the paragraph holding its 'after' words, so the words must be there once."""
    if entry.after is None:
        return
    found = len(paragraphs_holding(section.body, entry.after))
    if found == 1:
        return
    context = f"{name} › {section.id} › not_shown: the 'after' words '{entry.after}'"
    if found > 1:
        message = f"{context} are in the section's body {found} times; add words around them so they are there once"
    elif " ".join(entry.after.split()) in " ".join(section.body.split()):
        message = f"{context} run across two paragraphs of the section's body; copy them from one paragraph"
    else:
        message = f"{context} are not in the section's body; copy them from the body, or leave 'after' out"
    yield Problem(entry.where_of("after"), message)


def _not_shown_checks(built: dict[str, Any]) -> Iterable[Problem]:
    """Each part a section does not show is placed by words its body really has."""
    sections: list[tuple[str, Section | PlanSection]] = []
    if "strategy" in built:
        sections += [("strategy › sections", s) for s in built["strategy"].sections]
    for plan in built.get("plans", []):
        sections += [(f"plans › {plan.id} › sections", s) for s in plan.sections]
    for name, section in sections:
        for entry in section.not_shown:
            yield from _not_shown_place(entry, section, name)


def _strategy_refs(strategy: Strategy, refs: _References) -> Iterable[Problem]:
    yield from refs.check(strategy.where_of("source"), "documents", strategy.source, "strategy › source")
    yield from refs.check(strategy.where_of("replaced_by"), "documents", strategy.replaced_by, "strategy › replaced_by")
    for aim in strategy.success_aims:
        for indicator_id in aim.indicators:
            yield from refs.check(
                aim.where_of("indicators"), "indicators", indicator_id, f"strategy › success_aims › {aim.number}"
            )
    yield from _unique(strategy.sections, lambda s: s.id, "section id")
    yield from _unique(strategy.success_aims, lambda a: a.number, "success aim number")


def _host(link: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(link).netloc.lower().removeprefix("www.")


def _closed_publishers(documents: list[Document], publishers: list[Publisher], refs: _References) -> Iterable[Problem]:
    """A warning at each document link to the site of a publisher marked closed, unless an archived copy is given."""
    yield from _unique(publishers, lambda r: r.id, "publisher id")
    closed: dict[str, Publisher] = {}
    for publisher in publishers:
        yield from refs.check(
            publisher.where_of("closed_source"), "documents", publisher.closed_source, f"publishers › {publisher.id}"
        )
        if publisher.closed is not None:
            closed.update({host.lower().removeprefix("www."): publisher for host in publisher.hosts})
    for document in documents:
        if not document.link or document.archived:
            continue
        host = _host(document.link)
        owner = next((p for h, p in closed.items() if host == h or host.endswith("." + h)), None)
        if owner is not None:
            yield Problem(
                document.where_of("link"),
                f"documents › {document.id} › link: {host} was the site of {owner.name}, closed {owner.closed} "
                f"({owner.where.file}:{owner.where.line}); residents will likely find nothing there. Add an "
                f"archived copy under 'archived:' (the UK Government Web Archive keeps most public bodies' sites), "
                f"or a current link",
                "warning",
            )


def _gap_aims(strategy: Strategy, indicators: list[Indicator]) -> Iterable[Problem]:
    """An aim about the gap with an area can only be judged if one of its indicators has that area's figures."""
    by_id = {indicator.id: indicator for indicator in indicators}
    for aim in strategy.success_aims:
        if aim.gap_with is None:
            continue
        measured = [by_id[i] for i in aim.indicators if i in by_id]
        areas = sorted({s.area for i in measured for s in i.series if s.kind == "actual" and s.area != strategy.area})
        if aim.gap_with not in areas:
            given = f"its indicators have actual figures for {', '.join(areas)}" if areas else "its indicators have "
            given += "" if areas else f"no actual figures for any area but {strategy.area}"
            yield Problem(
                aim.where_of("gap_with"),
                f"strategy › success_aims › {aim.number} › gap_with: '{aim.gap_with}' has no figures to judge the "
                f"gap with ({given}); write the area as its figures name it, or add its figures to the indicator",
            )


def _dated(built: dict[str, Any]) -> Iterable[Problem]:
    """``as_of`` is optional until a page judges something at it: figures or milestone updates."""
    strategy: Strategy = built["strategy"]
    if strategy.as_of is not None:
        return
    has_figures = any(series.values for i in built.get("indicators", []) for series in i.series)
    actions = [*built.get("actions", []), *(a for o in built.get("outcomes", []) for a in o.actions)]
    has_updates = any(m.updates for a in actions for m in a.milestones)
    if has_figures or has_updates:
        what = "figures" if has_figures else "milestone updates"
        yield Problem(
            strategy.where,
            f"strategy: the site has {what}, and their status is judged at the date they were last checked; "
            "add 'as_of: YYYY-MM-DD' with that date",
        )
    if strategy.as_of_assumed_because:
        yield Problem(
            strategy.where_of("as_of_assumed_because"),
            "strategy › as_of_assumed_because: there is no as_of date to explain; remove this line or add as_of",
        )


def cross_check(built: dict[str, Any], written_ids: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every duplicate and every dangling reference among the records that validated."""
    problems: list[Problem] = []
    refs = _References(built, written_ids or {})
    for name in (
        "principles",
        "outcomes",
        "ways_of_working",
        "interventions",
        "jsna_priorities",
        "indicators",
        "boards",
        "documents",
        "open_questions",
    ):
        problems.extend(_unique(built.get(name, []), lambda r: r.id, "id"))
    numbered_outcomes = [o for o in built.get("outcomes", []) if o.number is not None]
    problems.extend(_unique(numbered_outcomes, lambda r: r.number, "outcome number"))
    from .list_checks import list_problems  # imported here: list_checks reuses this module's reference checks

    problems.extend(list_problems(built, refs))
    problems.extend(_unique(built.get("glossary", []), lambda r: r.term, "glossary term", fold=True))
    problems.extend(_unique(built.get("areas", []), lambda r: r.code, "area code"))
    problems.extend(_unique(built.get("areas", []), lambda r: r.name, "area name"))
    problems.extend(
        _unique(
            [i for i in built.get("indicators", []) if i.fingertips_id],
            lambda r: r.fingertips_id,
            "Fingertips indicator id",
        )
    )
    priorities = [p for o in built.get("outcomes", []) for p in o.priorities]
    problems.extend(_unique(priorities, lambda p: p.id, "priority id"))
    problems.extend(_unique([m for b in built.get("boards", []) for m in b.meetings], lambda m: m.id, "meeting id"))
    problems.extend(_strategy_wide_checks(built.get("actions", []), built.get("interventions", []), refs))
    problems.extend(_closed_publishers(built.get("documents", []), built.get("publishers", []), refs))
    for service in built.get("help", []):
        for outcome_id in service.outcomes:
            problems.extend(refs.check(service.where_of("outcomes"), "outcomes", outcome_id, f"help › {service.id}"))
        problems.extend(refs.check(service.where_of("source"), "documents", service.source, f"help › {service.id}"))
    problems.extend(_unique(built.get("help", []), lambda r: r.id, "help id"))
    if "strategy" in built:
        problems.extend(_strategy_refs(built["strategy"], refs))
        problems.extend(_dated(built))
        problems.extend(_untracked_updates(built))
        problems.extend(_gap_aims(built["strategy"], built.get("indicators", [])))
    documents: dict[str, Document] = {d.id: d for d in built.get("documents", [])}
    strategy_source = built["strategy"].source if "strategy" in built else None
    for outcome in built.get("outcomes", []):
        problems.extend(_outcome_refs(outcome, refs))
        if "strategy" not in built:
            continue  # a figure's document defaults to the strategy's: judged once the strategy itself is sound
        figures = [figure for fact in outcome.what_we_know for figure in fact.figures]
        problems.extend(
            _figure_checks(figures, strategy_source, refs, documents, f"outcomes › {outcome.id} › what_we_know")
        )
    for indicator in built.get("indicators", []):
        problems.extend(_indicator_checks(indicator, refs))
    priority_ids = {p.id for p in priorities}
    problems.extend(_unique(built.get("plans", []), lambda r: r.id, "id"))
    groups: dict[str, set[str]] = {}
    for ambition in built.get("ambitions", []):
        groups.setdefault(ambition.plan, set()).add(ambition.group)
    for plan in built.get("plans", []):
        problems.extend(_plan_checks(plan, refs, priority_ids, groups))
        for section in plan.sections:
            name = f"plans › {plan.id} › {section.id}"
            problems.extend(_figure_checks(section.figures, plan.document, refs, documents, name))
    indicators = {i.id: i for i in built.get("indicators", [])}
    problems.extend(_unique(built.get("ambitions", []), lambda r: r.id, "id"))
    for ambition in built.get("ambitions", []):
        problems.extend(_ambition_checks(ambition, indicators, refs))
    problems.extend(_not_shown_checks(built))
    problems.extend(menu_label_warnings(built))
    for board in built.get("boards", []):
        problems.extend(
            refs.check(board.where_of("reports_to"), "boards", board.reports_to, f"boards › {board.id} › reports_to")
        )
        if board.reports_to == board.id:
            problems.append(Problem(board.where, f"boards › {board.id}: a board cannot report to itself"))
    return problems
