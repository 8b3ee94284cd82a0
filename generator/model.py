"""The typed, immutable model of a strategy, as editors write it in ``data/*.yaml``.

Field descriptions are written for the people who edit the YAML: they become the help
text of the JSON Schema that editors' YAML tools show on hover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    model_validator,
)
from pydantic.fields import FieldInfo

from .formats import long_date
from .periods import PeriodError, parse_period
from .problems import NOWHERE, Where

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: A priority's number as the document prints it ("2.3"), or, where the document does not number its
#: priorities, a short name that is never shown ("healthy-weight", starting with a letter).
PRIORITY_NUMBER_PATTERN = r"^\d+\.\d+$"
PRIORITY_ID_PATTERN = r"^(\d+\.\d+|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$"


def _period_text(value: Any) -> Any:
    """Periods may be written as a bare year (2012); everything else must be text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_period(value: str) -> str:
    try:
        return parse_period(value).label
    except PeriodError as exc:
        raise ValueError(str(exc)) from None


Id = Annotated[str, Field(pattern=ID_PATTERN, description="A short name made of lower-case words joined by hyphens.")]
Text = Annotated[str, Field(min_length=1)]


#: The longest one-line field (a name, a title, a term) in characters.
MAX_LINE = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(value: str) -> str:
    """Names, titles and terms go into menus, ``<title>``, headings, file names and the pull request's summary,
    each one line: a line break there could start a workflow command or a Markdown block of its own."""
    if _CONTROL.search(value):
        raise ValueError(
            "this is one line of text, with no line breaks or control characters; "
            "write it on one line (and use a field for longer text, such as 'summary')"
        )
    if len(value) > MAX_LINE:
        raise ValueError(f"this is {len(value):,} characters; a name or title has at most {MAX_LINE}")
    return value


Line = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]

#: The longest glossary expansion and definition, in characters.
MAX_EXPANSION = 200
MAX_DEFINITION = 5000


def _at_most(limit: int, what: str) -> Any:
    """A validator for text whose length is capped: the message says how long it is and the limit."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"this is {len(value):,} characters; {what} has at most {limit:,}")
        return value

    return check


PeriodText = Annotated[
    str,
    BeforeValidator(_period_text),
    AfterValidator(_check_period),
    Field(
        description="A period: 2012, 2014/15 (or 2014-15), 2008-2010, Q3 2014, Q3 2014/15 or 2014-03-31. "
        "Put it in quotes."
    ),
]
PriorityId = Annotated[
    str,
    Field(
        pattern=PRIORITY_ID_PATTERN,
        description='The priority number as written, in quotes, for example "2.3"; where the document does not '
        "number its priorities, a short name (healthy-weight), which is never shown.",
    ),
]
LooseDate = Annotated[date, Strict(False)]


@dataclass(frozen=True)
class Audience:
    """Who a field is for, kept in its pydantic metadata: not part of the JSON Schema or of validation."""

    name: str


#: The people who keep the data: a field marked so goes to the editors' report and is left out
#: of every public output (the site's pages and its downloads).
EDITORS = Audience("editors")


def editors_only(**field: Any) -> Any:
    """``Field(**field)`` marked for editors only: the one place that says a field is not public."""
    info: FieldInfo = Field(**field)
    info.metadata.append(EDITORS)
    return info


def is_editors_only(field: FieldInfo) -> bool:
    """Whether a model field is marked with ``editors_only``: public outputs leave it out."""
    return EDITORS in field.metadata


class Record(BaseModel):
    """Base of every record: strict types, no unknown fields, immutable, remembers its line."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True)
    # A factory, not a default: pydantic deep-copies a default for every record it builds,
    # which was a third of validation time on a national site.
    _where: Where = PrivateAttr(default_factory=lambda: NOWHERE)
    _key_lines: dict[str, int] | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_where(cls, data: Any, handler: Any) -> Any:
        record = handler(data)
        where = getattr(data, "where", None)
        if isinstance(where, Where):
            record._where = where
            record._key_lines = getattr(data, "key_lines", None)
        return record

    @property
    def where(self) -> Where:
        """The file and line this record was written at."""
        return self._where

    def where_of(self, field: str) -> Where:
        """The line of one field, so a problem with a reference points at the reference itself."""
        line = self._key_lines.get(field) if self._key_lines else None
        return self._where if line is None else Where(self._where.file, line)


class ShortTitled(Record):
    """A record that may have a short name for menus, headings, tables and links.

    The full wording stays on the record's own page; the short name only stands in for it
    where space is tight. ``short_title_own`` tells editors (not residents) that the words
    are the site's own rather than the council's.
    """

    short_title: Line | None = Field(
        default=None,
        description="A short name (at most 8 words) used in the menu, headings, tables and links; "
        "the full wording stays on the page.",
    )
    short_title_own: bool = editors_only(
        default=False,
        description="true when the short title is this site's own words, not taken from the source document.",
    )

    @model_validator(mode="after")
    def _own_needs_title(self) -> ShortTitled:
        if self.short_title_own and self.short_title is None:
            raise ValueError("'short_title_own: true' but there is no short_title; add one or remove the flag")
        return self


class Foreword(Record):
    status: Literal["written", "not_written"] = Field(description="'written' once the foreword text is final.")
    text: str | None = Field(default=None, description="The foreword, in Markdown.")
    source_note: str | None = editors_only(
        default=None,
        description="What the source document says in its place (a drafting note such as 'Updated wording to go "
        "here'): it goes to the editors' report only; the page says just that there is no foreword yet.",
    )
    signatory: str | None = Field(default=None, description="Who signs the foreword.")


def _flat(text: str) -> str:
    return " ".join(text.split())


def paragraphs_holding(body: str, words: str) -> list[int]:
    """The number (from 0) of the body's paragraph holding ``words``, once for each time they occur.

    Paragraphs are split at blank lines, as the pages split a section's body; line breaks and
    runs of spaces count as one space, so words copied onto one line match a wrapped paragraph.
    """
    wanted = _flat(words)
    if not wanted:
        return []
    return [n for n, paragraph in enumerate(body.strip().split("\n\n")) for _ in range(_flat(paragraph).count(wanted))]


class NotShown(Record):
    """A diagram, map, graph, chart, table or picture the document shows that this site does not reproduce.

    The page says so where it is missed, in plain words, so a resident reading "see maps
    opposite" knows the maps are not on the site rather than looking for them.
    """

    kind: Literal[
        "diagram",
        "diagrams",
        "map",
        "maps",
        "graph",
        "graphs",
        "chart",
        "charts",
        "table",
        "tables",
        "picture",
        "pictures",
    ] = Field(
        description="What the document shows, as it names it: diagram, map, graph, chart, table or picture, or the "
        "plural (maps) when there are several. Use picture when the document does not say."
    )
    description: Line = Field(
        description="What it shows, in a few words from the document (its title or caption, or what the text says "
        "about it). If the document says nothing about it, name it as the document does, e.g. 'the diagram on page "
        "27'. Never describe what it might show."
    )
    after: Line | None = Field(
        default=None,
        description="Words copied from the section's body, in the paragraph after which the page says the part is "
        "not shown, e.g. '(see maps opposite)'; they must occur in the body once. Leave out to say so at the end "
        "of the section.",
    )

    @property
    def what(self) -> str:
        """The kind with its article, as it reads in a sentence: 'a map', 'maps'."""
        return self.kind if self.kind.endswith("s") else f"a {self.kind}"

    def note(self, document: str) -> str:
        """The sentence the page shows: 'The strategy shows maps that this site does not reproduce: …'."""
        name = document if document[:4].lower() == "the " else f"the {document}"
        description = self.description.rstrip()
        end = "" if description.endswith((".", "!", "?")) else "."
        return f"{name[:1].upper()}{name[1:]} shows {self.what} that this site does not reproduce: {description}{end}"


class _PlacesNotShown:
    """Where each part a section does not reproduce is named: after the paragraph holding its words, or at the end.

    Shared by the strategy's sections and a plan's, which both have ``body`` and ``not_shown``.
    """

    if TYPE_CHECKING:
        body: str
        not_shown: list[NotShown]

    def not_shown_after(self, paragraph: int) -> list[NotShown]:
        """The parts not shown whose note goes after the body's paragraph number ``paragraph`` (from 0)."""
        return [n for n in self.not_shown if n.after and paragraphs_holding(self.body, n.after)[:1] == [paragraph]]

    @property
    def not_shown_at_end(self) -> list[NotShown]:
        """The parts not shown whose note goes at the end of the section."""
        return [n for n in self.not_shown if n.after is None]


#: The help text of a section's ``not_shown``.
NOT_SHOWN_HELP = (
    "Diagrams, maps, graphs, charts, tables or pictures the document shows here that this site does not "
    "reproduce: the page says so at that point, with each one's description."
)


class Section(_PlacesNotShown, Record):
    id: Id
    title: Line
    body: str = Field(default="", description="The section's text, in Markdown.")
    items: list[Text] = Field(default_factory=list, description="A bullet list that belongs to the section.")
    not_shown: list[NotShown] = Field(default_factory=list, description=NOT_SHOWN_HELP)
    editor_note: str | None = editors_only(
        default=None, description="A note for the people who keep the data: in the editors' report, never on the site."
    )


class SuccessAim(Record):
    number: int = Field(ge=1)
    text: Text
    indicators: list[Id] = Field(default_factory=list, description="Ids of the indicators that measure this aim.")
    gap_with: Line | None = Field(
        default=None,
        description="When the aim is to narrow the gap with another area ('England'): that area, as its figures "
        "name it. The site then judges the gap from both areas' figures, as well as each target.",
    )
    commentary: str = Field(default="", description="Notes printed with the aim's figures, in Markdown.")


class Terms(Record):
    """What this strategy calls its parts, so pages use the council's own words.

    Each word comes as a pair, singular and plural, written in lower case as it reads
    inside a sentence; pages capitalise it where a heading starts with it. The defaults
    are plain words that assume nothing about how the strategy is commissioned.
    """

    strategy: Line = Field(
        default="strategy", description="What the document calls itself, e.g. 'action plan' or 'proposal'."
    )
    outcome: Line = Field(default="outcome", description="What the strategy calls an outcome, e.g. 'priority'.")
    outcomes: Line = Field(default="outcomes", description="The plural.")
    objective: Line = Field(
        default="priority", description="What it calls the numbered items under an outcome ('1.1'), e.g. 'objective'."
    )
    objectives: Line = Field(
        default="priorities", description="The plural, the heading of the list, e.g. 'commissioning priorities'."
    )
    objective_label: str | None = Field(
        default=None,
        description="The word before each number, e.g. 'Priority' in 'Priority 1.1'; leave out to use the singular.",
    )
    action: Line = Field(default="action", description="What it calls an action.")
    actions: Line = Field(default="actions", description="The plural.")
    milestone: Line = Field(default="milestone", description="What it calls a step of an action, e.g. 'milestone'.")
    milestones: Line = Field(default="milestones", description="The plural.")
    measures: Line = Field(default="How we will measure success", description="Heading for the measures.")
    principle: Line = Field(default="principle", description="What it calls a principle.")
    principles: Line = Field(default="principles", description="The plural.")
    way_of_working: Line = Field(default="way of working", description="What it calls a way of working, e.g. 'shift'.")
    ways_of_working: Line = Field(default="ways of working", description="The plural, e.g. 'priority shifts'.")
    intervention: Line = Field(
        default="programme", description="What it calls a programme or intervention, e.g. 'early win'."
    )
    interventions: Line = Field(default="programmes", description="The plural, e.g. 'early wins'.")
    board: Line = Field(default="board", description="What it calls a board or group that oversees the work.")
    boards: Line = Field(default="boards", description="The plural.")
    meeting: Line = Field(default="meeting", description="What it calls a board meeting.")
    meetings: Line = Field(default="meetings", description="The plural.")
    tracker: Line = Field(
        default="tracker",
        description="What it calls the page that lists every milestone, after the word for milestone: "
        "'Milestone tracker', or 'Milestone log' with 'log'.",
    )
    status: Line = Field(
        default="status",
        description="What it calls how far a milestone has got: the heading of that column and 'every milestone "
        "and its status', e.g. 'progress' or 'RAG rating'.",
    )
    accountable: Line = Field(
        default="accountable",
        description="The word for the board that answers for an action, as in 'Accountable board', 'by "
        "accountable board' and 'also accountable', e.g. 'responsible' or 'lead'.",
    )
    no_update: Line = Field(
        default="no update yet",
        description="What a milestone's status says when no update has been recorded and its date is still to "
        "come, e.g. 'not yet reported'.",
    )
    when: Line = Field(
        default="when",
        description="The heading over the date of each milestone, and the label of an action's own date, e.g. "
        "'due' or 'timescale'.",
    )

    @property
    def objective_prefix(self) -> str:
        """What stands before an objective's number in headings and links: 'Priority 1.1'."""
        return self.objective_label or self.objective[:1].upper() + self.objective[1:]


class Contact(Record):
    """How to reach the council: for the strategy (questions, having a say) or for accessibility problems."""

    email: str | None = Field(default=None, description="An email address, e.g. health@anytown.gov.uk.")
    phone: str | None = None
    address: str | None = Field(default=None, description="A postal address on one line.")
    web: str | None = Field(default=None, description="A web page (https://…) with a contact form or details.")
    response_days: int = Field(
        default=10, ge=1, description="Accessibility statement only: working days within which the council replies."
    )
    added_by_site_because: Text | None = Field(
        default=None,
        description="Only when no source document gives this contact and the site adds one, such as the council's "
        "general contact: where it comes from, for residents to read beside it.",
    )

    @property
    def published(self) -> bool:
        """Whether any way to get in touch is given."""
        return any((self.email, self.phone, self.address, self.web))


class Strategy(Record):
    title: Line
    subtitle: Line | None = None
    resident_summary: str | None = Field(
        default=None,
        description="What the strategy is for, in at most three plain sentences, for the home page. "
        "Leave out to use the first section's text.",
    )
    resident_summary_own: bool = editors_only(
        default=False,
        description="true when the resident summary is this site's own words, not the council's.",
    )
    contact: Contact | None = Field(
        default=None,
        description="How residents get involved or ask a question: address, email, web and phone. "
        "Leave out when the council has not published one; the home page then says so.",
    )
    area: Line = Field(description="The place the strategy covers, as used in sentences, e.g. 'Anytown'.")
    period: PeriodText | None = Field(default=None, description='The years the strategy covers, e.g. "2012-2019".')
    period_assumed_because: Text | None = Field(
        default=None,
        description="Only when the document does not state its period: why this period was assumed, for "
        "residents to read. Pages that give the period then say it is assumed.",
    )
    replaced_by: Id | None = Field(
        default=None,
        description="The id of the document (in documents) that replaced this strategy, once its period has "
        "ended: the notice on every page links to it.",
    )
    status: Literal["draft", "final"] | None = Field(
        default=None, description="draft or final; leave out when the document does not say."
    )
    as_of: LooseDate | None = Field(
        default=None,
        description="The date the figures and milestones were last checked, as YYYY-MM-DD. Needed once the site "
        "has figures or milestone updates: statuses are judged at this date.",
    )
    as_of_assumed_because: Text | None = Field(
        default=None,
        description="Only when no source gives the as_of date: why this date was assumed, for residents to read. "
        "Every page that shows the date then says it is assumed. Remove it once the date is a real one.",
    )
    source: Id | None = Field(default=None, description="The id of the document (in documents) encoded here.")
    licence: Literal["OGL-UK-3.0", "CC-BY-4.0"] | None = Field(
        default=None,
        description="The licence the council publishes this data under, when it has chosen one: OGL-UK-3.0 (the "
        "Open Government Licence v3.0, the usual one for UK public bodies) or CC-BY-4.0. The downloads page names "
        "and links it. Leave out when no licence is given: the page then says none is.",
    )
    licence_note: Text | None = Field(
        default=None,
        description="Anything else the council says about reusing this data, in plain words: how to credit it, or "
        "what the licence does not cover. Without a licence, these are the only terms the downloads page gives.",
    )
    foreword: Foreword | None = None
    theme: str | None = Field(default=None, description="A heading the outcomes sit under, if the strategy has one.")
    terms: Terms = Field(default_factory=Terms)
    tracks_progress: bool | None = Field(
        default=None,
        description="Whether the site shows how far each milestone has got. true: every milestone has a status, "
        "'no update yet' until one is recorded. false: no status is shown, only what was planned and when, and "
        "any updates stay in the data unshown. Leave out to show statuses once any milestone has an update.",
    )
    actions_numbered: bool = Field(
        default=True,
        description="false when the document does not number its actions: an action's id is then only the address "
        "of its link, never shown, and the action is named by its short title or its text.",
    )
    provides: list[Text] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    success_aims: list[SuccessAim] = Field(default_factory=list)

    @property
    def as_of_assumed(self) -> bool:
        """Whether ``as_of`` is the site's own assumption rather than a date someone recorded."""
        return self.as_of_assumed_because is not None

    @property
    def as_of_label(self) -> str:
        """The date the figures were last checked, as residents read it, marked when it is assumed ('' if none)."""
        if self.as_of is None:
            return ""
        day = long_date(self.as_of)
        return f"{day} (assumed date)" if self.as_of_assumed else day


class Principle(Record):
    id: Id
    title: Line
    text: Text


class Figure(Record):
    """A number a document states, with the period it is for and the document that states it.

    A figure with no period is shown as the document stated it, with the document's date
    ("as stated in the strategy (2012/13)"): the site never reads it as current, and never
    guesses a period for it.
    """

    label: Line = Field(description="What was measured, in a few words.")
    indicator: Id | None = Field(default=None, description="The indicator that measures the same thing, if any.")
    area: Line | None = Field(default=None, description="The place the figure is for; leave out for national facts.")
    period: PeriodText | None = Field(
        default=None,
        description="The period the figure is for, as the document gives it. Leave out when the document gives "
        "none: the page then says the figure is as the document stated it, with the document's date. Never guess.",
    )
    kind: Literal["actual", "projection"] = Field(
        default="actual",
        description="'projection' for a forecast ('will rise to 220,350 by 2030'): its period is the one forecast, "
        "which may be after the document's date.",
    )
    value: float
    unit: Line
    source: Id | None = Field(
        default=None,
        description="The id (in documents) of the document that states the figure. Leave out when it is the "
        "document the record comes from: the strategy for what we know, the plan for a plan's figures.",
    )

    @property
    def amount(self) -> str:
        """The value with its unit, as a sentence gives it: 28.4%, £12,332 per head, 3,906 incidents."""
        number = f"{int(self.value):,}" if self.value.is_integer() else f"{self.value:,}"
        if self.unit.startswith("%"):
            return f"{number}{self.unit}"
        if self.unit.startswith("£"):
            rest = self.unit[1:].strip()
            return f"£{number} {rest}" if rest else f"£{number}"
        return f"{number} {self.unit}"

    def when(self, documents: dict[str, Document], default_source: str | None, default_name: str) -> str:
        """When the figure is from, as a page says it, never in the present tense.

        'for 2010/11' or 'projected for 2050' when it has a period; otherwise 'as stated in the
        strategy (2012/13)', with the date of the document that states it. ``default_source`` is
        the document the record comes from and ``default_name`` what the page calls it ("the
        strategy"); a figure from another document is named by that document's title.
        """
        source = self.source or default_source
        document = documents.get(source) if source else None
        name = default_name if source == default_source or document is None else document.title
        if document is None or not document.date:
            dated = f"as stated in {name} (undated)"
        else:
            period = parse_period(document.date)
            dated = f"as stated in {name} ({period.display}{', assumed date' if document.date_assumed_because else ''})"
        if self.period is None:
            return dated
        shown = parse_period(self.period).display
        if self.kind == "projection":  # when a forecast was made matters as much as what it forecasts
            return f"projected for {shown}, {dated}"
        return f"for {shown}" if source == default_source else f"for {shown}, {dated}"


class Fact(Record):
    text: Text = Field(description="The fact as the strategy states it.")
    figures: list[Figure] = Field(
        default_factory=list,
        description="Every number in the text that is a measurement, each with its period when the text gives one.",
    )

    def when(self, documents: dict[str, Document], default_source: str | None, default_name: str) -> str:
        """When the fact's figures are from: 'Figures for 2008–2010.', or each figure with its own date.

        Empty when the fact has no figures.
        """
        groups: dict[str, list[Figure]] = {}
        for figure in self.figures:
            groups.setdefault(figure.when(documents, default_source, default_name), []).append(figure)
        if len(groups) == 1:
            (when, figures), *_ = groups.items()
            these = "this figure" if len(figures) == 1 else "these figures"
            if when.startswith("as stated"):
                return f"{when[0].upper()}{when[1:]}, which gives no period for {these}."
            if when.startswith("for "):
                return f"{'Figure' if len(figures) == 1 else 'Figures'} {when}."
            return f"{when[0].upper()}{when[1:]}."
        parts = []
        for when, figures in groups.items():
            amounts = [f.amount for f in figures]
            listed = amounts[0] if len(amounts) == 1 else f"{', '.join(amounts[:-1])} and {amounts[-1]}"
            parts.append(f"{listed}: {when}{', with no period' if when.startswith('as stated') else ''}.")
        return " ".join(parts)


class JsnaLink(Record):
    jsna: Id = Field(description="The id of the JSNA priority (in jsna_priorities).")
    as_written: Text = Field(
        description="The JSNA priority as the strategy's link table words it: the page shows these words, "
        "linked to the JSNA priority."
    )


class Priority(ShortTitled):
    id: PriorityId
    text: Text
    points: list[Text] = Field(default_factory=list, description="Sub-points of the priority, if any.")
    jsna_links: list[JsnaLink] = Field(default_factory=list)

    @property
    def numbered(self) -> bool:
        """Whether its id is the document's number ("2.3"), shown before it; a short name is never shown."""
        return re.fullmatch(PRIORITY_NUMBER_PATTERN, self.id) is not None


class Measure(ShortTitled):
    indicator: Id
    as_written: Text = editors_only()


class StrategicLink(Record):
    document: Id
    as_written: Text
    years: str | None = Field(default=None, description="The years as this mention states them.")


class StatusUpdate(Record):
    """A dated note on a milestone's progress."""

    date: LooseDate = Field(description="When the update was written (YYYY-MM-DD).")
    status: Literal["not started", "in progress", "done"] = Field(description="not started, in progress or done.")
    note: str = ""


class Milestone(Record):
    """A step of an action, in its original wording, with the date phrase the source gives."""

    id: Text = Field(description="The milestone's label as written, e.g. '1a'.")
    text: Text = Field(description="The milestone as written.")
    when: str | None = Field(
        default=None,
        description="The date phrase as written: 'by 01/07/13', 'from 01/04/13', 'Sept 2013', 'throughout 2013/14'; "
        "or 'at ' and the id of a board meeting, 'at may-board', when it is due at that meeting.",
    )
    updates: list[StatusUpdate] = Field(default_factory=list, description="Progress updates, oldest first.")


class Action(ShortTitled):
    """Something the strategy commits to do for an outcome, with its milestones and accountable board."""

    id: Text = Field(description="The action's number as written, e.g. '1'.")
    text: Text
    board: Id | None = Field(default=None, description="The id of the board accountable for it.")
    shared_with: list[Id] = Field(
        default_factory=list,
        description="The ids of the other boards the source names as accountable for it with board, in its order: "
        "[clinical-commissioning-groups] for 'Staying Healthy / CCGs'. The pages name every one.",
    )
    board_as_written: str | None = editors_only(default=None)
    milestones: list[Milestone] = Field(default_factory=list)
    when: str | None = Field(
        default=None,
        description="Only for an action with no milestones: when it is due, written as a milestone's when is "
        "('by 01/07/13', 'March 2025', or 'at may-board' for a board meeting). The action's page gives it and the "
        "timetable lists the action under that meeting.",
    )

    @model_validator(mode="after")
    def _shared_boards(self) -> Action:
        if self.shared_with and self.board is None:
            raise ValueError("'shared_with' names boards but there is no 'board'; put the first board named in 'board'")
        named = self.accountable_boards
        twice = next((b for b in named if named.count(b) > 1), None)
        if twice is not None:
            raise ValueError(f"the board '{twice}' is named twice in 'board' and 'shared_with'; keep it once")
        return self

    @property
    def accountable_boards(self) -> list[str]:
        """The ids of every board accountable for it, in the order the source names them."""
        return ([self.board] if self.board else []) + list(self.shared_with)


class StrategyAction(Action):
    """An action of the strategy as a whole (top-level ``actions:``), which may serve any outcomes."""

    id: Id = Field(description="A short name for the action, e.g. 'map-services'.")
    outcomes: list[Id] = Field(default_factory=list, description="Ids of the outcomes it serves, if any.")


class WayOfWorking(Record):
    """A change in how the partners work that runs through every outcome (a 'shift')."""

    id: Id
    title: Line
    text: str = Field(default="", description="What it means, in Markdown.")
    items: list[Text] = Field(default_factory=list, description="A bullet list, e.g. what will change.")


class Intervention(Record):
    """A programme, intervention or 'early win' that serves one or more outcomes."""

    id: Id
    name: Line
    summary: str = Field(default="", description="What it is and what it aims to do, in Markdown.")
    outcomes: list[Id] = Field(default_factory=list, description="Ids of the outcomes it serves.")
    board: Id | None = Field(default=None, description="The id of the board that oversees it, if any.")


class Outcome(ShortTitled):
    number: int | None = Field(
        default=None,
        ge=1,
        description="The outcome's number in the document. Required unless the outcomes list is declared "
        "'numbered: false' in lists:.",
    )
    id: Id
    title: Line
    summary: str | None = Field(default=None, description="A short paragraph on the outcome, in Markdown.")
    what_good_looks_like: Text | None = Field(
        default=None, description="The document's one sentence on what success looks like, if it has one."
    )
    delivery_board: Id | None = None
    what_we_know: list[Fact] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    strategic_links: list[StrategicLink] = Field(default_factory=list)
    board_as_written: str | None = editors_only(
        default=None, description="The governance board(s) as the source names them."
    )
    actions: list[Action] = Field(default_factory=list)
    cut_off: bool = Field(
        default=False,
        description="true when the source's summary stops part-way through a sentence: the page then says the "
        "rest of the text is missing.",
    )


#: The lists every site may have, kept in their own data sections (``outcomes:``, ``ways_of_working:``,
#: ``interventions:``): a declaration with one of these ids places and words that list.
BUILT_IN_LISTS = ("outcomes", "ways-of-working", "interventions")


class ListLink(Record):
    """How one list's items relate to another list's: the relation's words are the council's own."""

    to: Id = Field(description="The id of the other list: one declared in lists, or outcomes.")
    words: Line = Field(
        description="What an item of this list says before the items it links to, e.g. 'Forms part of' or 'Serves'."
    )
    back_words: Line | None = Field(
        default=None,
        description="What an item of the other list says before the items that link to it, e.g. 'Delivered "
        "through'. Leave out to show the link on this list's items only.",
    )


class ListItem(ShortTitled):
    """One item of a declared list: it can hold what an outcome holds, so a measure or an action can sit
    under a cross-cutting priority as well as under an outcome."""

    id: Id
    number: Line | None = Field(
        default=None,
        description='The item\'s number or letter as the document prints it, in quotes: "4", "A", "iii". '
        "Only for a list declared 'numbered: true'; never make one up.",
    )
    title: Line
    summary: str = Field(default="", description="What it is, in Markdown.")
    what_good_looks_like: Text | None = Field(
        default=None, description="The document's one sentence on what success looks like, if it has one."
    )
    items: list[Text] = Field(default_factory=list, description="A bullet list that belongs to the item.")
    board: Id | None = Field(default=None, description="The id of the board that leads it, if the document names one.")
    links: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="The items of other lists this one links to, by list id: {key-areas: [workforce, mental-health]}. "
        "The list's own 'links' declaration gives the words.",
    )
    measures: list[Measure] = Field(default_factory=list, description="The indicators that measure it.")
    actions: list[Action] = Field(default_factory=list, description="What will be done for it, with milestones.")
    sources: list[Id] = Field(
        default_factory=list, description="The ids of the documents it comes from, if not the strategy."
    )
    to: Line | None = Field(
        default=None, description="For a recommendation: who it is made to, e.g. 'the Health and Wellbeing Board'."
    )
    response: str | None = Field(
        default=None,
        description="For a recommendation: the response, as recorded, in Markdown. Leave out until there is one.",
    )
    response_date: LooseDate | None = Field(default=None, description="When the response was given (YYYY-MM-DD).")
    editor_note: str | None = editors_only(
        default=None, description="A note for the people who keep the data: in the editors' report, never on the site."
    )

    @property
    def delivery_board(self) -> str | None:
        """The board that leads it, under the name an outcome's has: the tracker groups milestones by it."""
        return self.board

    @model_validator(mode="after")
    def _response_needs_text(self) -> ListItem:
        if self.response_date is not None and not self.response:
            raise ValueError("'response_date' is given but there is no 'response'; add the response or remove the date")
        return self


class StrategyList(Record):
    """One of the strategy's lists, declared by the site: its words, address, numbering, introduction, place
    on the home page and menu (the order of ``lists:``) and its links to the other lists.

    The built-in lists (``outcomes``, ``ways-of-working``, ``interventions``) keep their items in their own
    sections and their words in ``strategy.terms``; declaring one gives its address, numbering,
    introduction and place.
    """

    id: Id = Field(description="A short name for the list: outcomes, ways-of-working, interventions or your own.")
    kind: Literal["items", "recommendations"] = Field(
        default="items", description="'recommendations' for a list of recommendations (each with 'to' and 'response')."
    )
    singular: Line | None = Field(
        default=None, description="What the document calls one item, e.g. 'strategic priority'."
    )
    plural: Line | None = Field(default=None, description="The plural, e.g. 'strategic priorities'.")
    address: Id | None = Field(
        default=None,
        description="The web address of its pages, in the council's words: 'key-areas' gives /key-areas/. "
        "Defaults to the list's id.",
    )
    numbered: bool | None = Field(
        default=None,
        description="true when the document numbers the items (each gives its own 'number'); false to show no numbers. "
        "Outcomes are numbered unless this says false; other lists are not.",
    )
    introduction: str = Field(default="", description="The document's introduction to the list, in Markdown.")
    home: Literal["items", "link"] | None = Field(
        default=None,
        description="'items' lists the items on the home page under their heading; 'link' gives one line under "
        "'What this site holds'. Outcomes default to items, other lists to link.",
    )
    links: list[ListLink] = Field(default_factory=list, description="How this list's items link to other lists.")
    items: list[ListItem] = Field(default_factory=list, description="The items, in the document's order.")

    @model_validator(mode="after")
    def _built_in_or_own(self) -> StrategyList:
        if self.id in BUILT_IN_LISTS:
            if self.items:
                section = self.id.replace("-", "_")
                raise ValueError(f"the items of the '{self.id}' list are kept under '{section}:'; remove 'items' here")
            if self.singular or self.plural:
                raise ValueError(
                    f"the words of the '{self.id}' list are set in strategy.terms; remove 'singular' and 'plural' here"
                )
            if self.kind != "items":
                raise ValueError(f"the '{self.id}' list cannot be a list of recommendations")
        elif not (self.singular and self.plural):
            raise ValueError("a list of your own needs 'singular' and 'plural': what the document calls its items")
        return self


class JsnaPriority(Record):
    id: Id
    name: Line
    group: int = Field(ge=1, le=2, description="1 or 2: the JSNA group the priority is in.")


class Value(Record):
    period: PeriodText
    value: float
    reported: str | None = Field(default=None, description="The year the figure is reported, e.g. 2012/13.")
    source: Id | None = Field(default=None, description="The document this figure comes from, when not the series'.")
    assumed_because: Text | None = Field(
        default=None,
        description="Only when no source gives this figure's period or value as the data has it: why it was assumed, "
        "for residents to read. The downloads mark the figure as assumed. Remove it once a source gives it.",
    )
    lower: float | None = Field(default=None, description="Lower end of the 95% confidence interval, if published.")
    upper: float | None = Field(default=None, description="Upper end of the 95% confidence interval, if published.")
    note: str | None = Field(default=None, description="A note on this figure, e.g. Fingertips' 'Value note'.")
    final: bool = Field(
        default=False,
        description="In a target series only: true on the value that is the strategy's aim. Without it the last "
        "target is the aim and the others are interim steps.",
    )

    @model_validator(mode="after")
    def _inside_its_interval(self) -> Value:
        """A chart draws the interval as bars from the value: they must not point the wrong way."""
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(
                f"the interval is the wrong way round (lower {self.lower:g} is above upper {self.upper:g}); "
                "swap the two"
            )
        if self.lower is not None and self.lower > self.value:
            raise ValueError(f"the value {self.value:g} is below the lower end of its interval ({self.lower:g})")
        if self.upper is not None and self.upper < self.value:
            raise ValueError(f"the value {self.value:g} is above the upper end of its interval ({self.upper:g})")
        return self


class Series(Record):
    area: Line
    breakdown: Line | None = Field(default=None, description="male, female, persons … or leave out.")
    kind: Literal["actual", "target", "projection"]
    source: Id | None = Field(default=None, description="The id of the document that published these figures.")
    values: list[Value] = Field(min_length=1)

    @model_validator(mode="after")
    def _periods_once(self) -> Series:
        seen: set[str] = set()
        for value in self.values:
            if value.period in seen:
                raise ValueError(f"period '{value.period}' has two values in one series; keep one")
            seen.add(value.period)
        finals = [v.period for v in self.values if v.final]
        if finals and self.kind != "target":
            raise ValueError(f"'final: true' (at {finals[0]}) only belongs in a target series; remove it here")
        if len(finals) > 1:
            raise ValueError(
                f"{len(finals)} targets are marked 'final: true' ({', '.join(finals)}); a series has one aim, "
                "so keep it on one value"
            )
        return self


class Indicator(Record):
    id: Id
    name: Line
    unit: Line | None = Field(default=None, description="As residents read it: years, %, per 1,000 live births.")
    decimals: int = Field(default=1, ge=0, le=4)
    polarity: Literal["higher", "lower"] | None = Field(
        default=None, description="Which direction is better: higher or lower. Leave out when unclear."
    )
    source: str | None = None
    code: str | None = Field(default=None, description="The code in a national framework, e.g. PHOF 2.06.")
    definition: str | None = None
    fingertips_id: int | None = Field(
        default=None, description="The indicator's id in Fingertips (OHID), so 'strategy-site import' can match it."
    )
    baseline_period: PeriodText | None = None
    next_figure_due: str | None = Field(
        default=None,
        description="When the publisher says the next figure is due, as it says it: 'May 2015', '2015/16'. "
        "Leave out when no source says.",
    )
    series: list[Series] = Field(default_factory=list)


class Ambition(Record):
    """A plan's promise about an indicator: from a baseline to a target, as the plan states it."""

    id: Id
    plan: Id = Field(description="The id of the plan (in documents) that sets this ambition.")
    group: Text = Field(description="Which list of the plan it is in, e.g. 'national' or 'local'.")
    number: int | None = Field(default=None, ge=1, description="Its number in the plan, if it has one.")
    title: Line = Field(description="The ambition as the plan words it.")
    indicator: Id | None = Field(default=None, description="The indicator that measures it; leave out if none exists.")
    area: Line | None = None
    breakdown: Line | None = None
    baseline_period: PeriodText | None = Field(default=None, description="The period of the baseline value.")
    target_period: PeriodText | None = Field(default=None, description="The period of the target value.")
    stated_change: str | None = Field(default=None, description="The change the plan states, as written.")
    stated_change_percent: float | None = Field(default=None, description="That change as a number of per cent.")
    as_written: list[Text] = Field(default_factory=list, description="The plan's own lines for this ambition.")
    note: str | None = None


class ItemGroup(Record):
    """A titled group inside a section: an element with its key elements, a theme with its points."""

    title: Line
    text: str = Field(default="", description="Markdown text under the title.")
    items: list[Text] = Field(default_factory=list)
    editor_note: str | None = editors_only(
        default=None,
        description="A note for the people who keep the data (a diagram not in the text version, a drafting "
        "note): it goes to the editors' report, never to the public page.",
    )


class Table(Record):
    """A small table copied from a document, cell by cell."""

    caption: str | None = None
    headers: list[str] = Field(min_length=1)
    rows: list[list[str]] = Field(default_factory=list)
    empty_cell: Line = Field(
        default="Not given",
        description="What an empty cell says on the page. 'Not given' unless the document's blanks mean "
        "something: 'no' in a table of ticks, where a blank is no tick (say so in the caption).",
    )

    @model_validator(mode="after")
    def _rows_fit(self) -> Table:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise ValueError(
                    f"row {number} has {len(row)} cells but there are {len(self.headers)} headers; "
                    f'add empty cells ("") or remove extra ones'
                )
        return self


class PlanSection(_PlacesNotShown, Record):
    id: Id
    title: Line
    body: str = Field(default="", description="The section's text, in Markdown.")
    items: list[Text] = Field(default_factory=list, description="A bullet list that belongs to the section.")
    groups: list[ItemGroup] = Field(default_factory=list, description="Titled groups, each with text and items.")
    tables: list[Table] = Field(default_factory=list)
    figures: list[Figure] = Field(
        default_factory=list,
        description="The figures the section states (a profile, key facts), each with its period when the plan "
        "gives one: the page lists them after the text with their dates, so none reads as current.",
    )
    ambitions: Text | None = Field(
        default=None,
        description="The group of the plan's ambitions (in ambitions, e.g. 'local') that this section sets out: "
        "the page shows them here as a table, read from the shared records.",
    )
    status: Literal["complete", "partly_completed", "to_be_completed"] = Field(
        default="complete",
        description="'to_be_completed' where the document leaves this part to be written (a heading, a "
        "placeholder or an empty form): the page lists it in one line and shows none of it. "
        "'partly_completed' where the document fills it in part or with examples only and marks it to be "
        "completed: the page shows it with a short note.",
    )
    editor_note: str | None = editors_only(
        default=None,
        description="A note for the people who keep the data (a diagram not in the text version, a drafting "
        "note): it goes to the editors' report, never to the public page.",
    )
    not_shown: list[NotShown] = Field(default_factory=list, description=NOT_SHOWN_HELP)


class Project(Record):
    name: Line
    description: str = ""


class Programme(ShortTitled):
    """An improvement programme or a funded scheme, with its projects and expected outcomes."""

    id: Id
    name: Line
    summary: str = Field(default="", description="What it aims to do, in Markdown.")
    aims: list[Text] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    outcomes: list[Text] = Field(default_factory=list, description="The outcomes the plan expects from it.")
    priorities: list[PriorityId] = Field(default_factory=list, description="Commissioning priorities it takes up.")
    note: str | None = editors_only(
        default=None, description="A note for the people who keep the data: it goes to the editors' report only."
    )

    @property
    def name_only(self) -> bool:
        """True when the source gives nothing but the name: it is listed on its plan's page, with no page of its own."""
        return not (self.summary or self.aims or self.projects or self.outcomes or self.priorities)


class Risk(Record):
    id: Id
    text: Text
    rating: Literal["low", "medium", "high", "very high"] = Field(description="low, medium, high or very high.")
    mitigation: Text


class BudgetComponent(Record):
    name: Line
    amount: int = Field(ge=0, description="Whole pounds, without £ or commas: 657000.")


class BudgetLine(Record):
    period: PeriodText
    components: list[BudgetComponent] = Field(min_length=1)
    stated_total: int | None = Field(default=None, ge=0, description="The total the document states, if any.")
    agreed_total: Annotated[int, Field(ge=0)] | Literal["to be agreed"] | None = Field(
        default=None,
        description="The total the partners have agreed to put in for the year, when the document gives one apart "
        "from the allocation: whole pounds, or 'to be agreed' where it leaves the total to be agreed ('£ tba'). "
        "The page says so after the allocation. Leave out when the document does not say.",
    )
    note: str | None = None


class Budget(Record):
    title: Line
    lines: list[BudgetLine] = Field(min_length=1)
    note: str | None = None


class RestatedPriority(Record):
    """A strategy priority that a plan takes up; its text lives once, in the strategy."""

    id: PriorityId
    how: Literal["restated", "addressed"] = Field(
        default="restated",
        description="'restated' when the plan repeats the priority (in the strategy's words or its own): the "
        "priority's page says 'Restated in' the plan. 'addressed' when the plan does not repeat it but says it "
        "addresses it, or the outcome it belongs to: the page then says 'Addressed in' the plan.",
    )
    note: str | None = editors_only(
        default=None,
        description="How the plan words or matches the priority, for the people who keep the data: it goes "
        "to the editors' report only.",
    )


class Plan(Record):
    """A plan that delivers the strategy: its own sections, programmes, risks and money."""

    id: Id
    document: Id = Field(description="The id of this plan in documents.")
    title: Line
    short_title: Line = Field(description="A short name for menus, e.g. 'Better Care Fund plan'.")
    short_title_own: bool = editors_only(
        default=False,
        description="true when the short title is this site's own words, not taken from the source document.",
    )
    period: PeriodText | None = None
    status: Literal["draft", "final"]
    summary: Text
    priorities: list[RestatedPriority] = Field(default_factory=list, description="Strategy priorities it takes up.")
    sections: list[PlanSection] = Field(default_factory=list)
    programmes_title: str = Field(default="Programmes", description="What the plan calls its programmes.")
    programmes: list[Programme] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    budget: Budget | None = None


class Area(Record):
    """A place figures are published for, with its official code so imports can match it."""

    name: Line = Field(description="The name used in series, e.g. 'England'.")
    code: Text = Field(description="The official (ONS) area code, e.g. E92000001 for England.")


class Meeting(Record):
    """A dated meeting of a board; a milestone's ``when: at <id>`` makes it due there."""

    id: Id = Field(description="A short name, e.g. 'may-2025', that milestones use: 'when: at may-2025'.")
    date: LooseDate = Field(description="The day of the meeting (YYYY-MM-DD).")
    title: Line = Field(description="The meeting as residents know it, e.g. 'May Board'.")
    papers: str | None = Field(default=None, description="A link to the meeting's papers, when published.")


class Board(Record):
    id: Id
    name: Line
    chair: Line | None = None
    reports_to: Id | None = None
    role: str = ""
    meetings: list[Meeting] = Field(default_factory=list, description="Its dated meetings, in date order.")
    how_to_attend: str | None = Field(
        default=None,
        description="How residents can attend the board's meetings or ask it a question, in Markdown. "
        "Leave out when the council has not published this; the governance page then says so.",
    )


def _web_address(value: str | None) -> str | None:
    if value is not None and not value.startswith(("https://", "http://")):
        raise ValueError(f"'{value}' is not a web address; write the whole address, starting https://")
    return value


class Document(Record):
    id: Id
    title: Line
    link: str | None = None
    note: str | None = Field(default=None, description="What the document is, for residents: shown on the site.")
    editor_note: str | None = editors_only(
        default=None,
        description="A note for the people who keep the data (how the source cites it, years it gives in different "
        "places): it goes to the editors' report, never to the public pages.",
    )
    date: PeriodText | None = Field(
        default=None,
        description="When the document was published or agreed: a year (2012), a financial year (2014/15) or a "
        "date (2014-03-31). Put it in quotes.",
    )
    date_assumed_because: Text | None = Field(
        default=None,
        description="Only when the document states no date and `date` is worked out from its contents: why, for "
        "residents to read. Every page that gives the date then says it is assumed.",
    )
    status: str | None = Field(
        default=None,
        description="Its standing as the document itself states it, in a few words, e.g. 'final', 'draft', "
        "'consultation draft'.",
    )
    file: Line | None = Field(
        default=None,
        description="What following the link downloads, as the publisher lists it, e.g. 'PDF, 2.1 MB'; leave out "
        "for a web page. The sources page gives it beside the link, so a resident on a phone knows what comes.",
    )
    archived: Annotated[str | None, AfterValidator(_web_address)] = Field(
        default=None,
        description="A copy in a web archive (the UK Government Web Archive, the Internet Archive), starting "
        "https://: shown beside the link, and needed once the publisher's site has gone.",
    )


class OpenQuestion(Record):
    id: Id
    title: Line | None = Field(
        default=None, description="A short heading for the question in the editors' report, e.g. 'BME share'."
    )
    question: Text
    about: list[str] = Field(default_factory=list)


def _once_each(words: list[str]) -> list[str]:
    seen: set[str] = set()
    for word in words:
        if word.casefold() in seen:
            raise ValueError(f"'{word}' is listed twice; remove one")
        seen.add(word.casefold())
    return words


class Publisher(Record):
    """A body whose web site the documents link to, with the day its site closed, if it has.

    Councils' strategies cite bodies that are later abolished or merged (primary care
    trusts, strategic health authorities), and their links die with them. A publisher
    marked closed makes validate warn at every document link to its site that has no
    archived copy.
    """

    id: Id
    name: Line
    hosts: list[Line] = Field(
        min_length=1, description="The web addresses it published at, without https://, e.g. 'www.dh.gov.uk'."
    )
    closed: PeriodText | None = Field(
        default=None, description='When its site closed or the body was abolished, e.g. "2013" or "2013-03-31".'
    )
    closed_source: Id | None = Field(
        default=None, description="The id of the document (in documents) that says it closed, if one does."
    )


class HelpService(Record):
    """A service residents can turn to, listed by the council so the site can point to it.

    The strategy says what will change; a resident who reads it often wants help now.
    A council lists the services its documents name, or national ones such as NHS 111,
    and the site shows them on a "Get help" page and beside the outcomes they relate to.
    """

    id: Id
    name: Line = Field(description="The service's name, as residents know it, e.g. 'NHS 111'.")
    for_what: Text = Field(description="What it helps with, in one plain sentence.")
    how: Text = Field(description="How to reach it, in plain words: a number to call, a place to go, a web page.")
    link: Annotated[str | None, AfterValidator(_web_address)] = Field(
        default=None, description="Its web page, starting https://."
    )
    outcomes: list[Id] = Field(
        default_factory=list, description="Ids of the outcomes it relates to: their pages list it under 'Get help'."
    )
    source: Id | None = Field(
        default=None,
        description="The id of the document (in documents) that names this service; leave out for a national "
        "service (NHS 111, registering with a GP) that no document names.",
    )


class GlossaryTerm(Record):
    term: Annotated[str, Field(min_length=1, pattern=r"^\S(.*\S)?$"), AfterValidator(_one_line)]
    # Every use of the term on every page carries its expansion (a tooltip): kept short, so
    # a common word with a long expansion cannot multiply the site's size.
    expansion: Annotated[
        str, Field(min_length=1), AfterValidator(_at_most(MAX_EXPANSION, "an expansion")), AfterValidator(_one_line)
    ]
    definition: Annotated[str, AfterValidator(_at_most(MAX_DEFINITION, "a definition"))] | None = None
    also_called: Annotated[list[Line], AfterValidator(_once_each)] = Field(
        default_factory=list,
        description=(
            "Everyday words residents search with for this, e.g. 'doctor' for GP. The glossary lists them "
            "under 'Words people search with', and search finds the pages that use the term by them; no other "
            "page shows them. Each must mean what the term means."
        ),
    )


class Accessibility(Record):
    """What the accessibility statement says; UK public-sector sites must publish one."""

    organisation: Line = Field(description="Who runs the website, e.g. 'Anytown Borough Council'.")
    compliance: Literal["full", "partial", "not"] = Field(
        description="'full' when the site meets WCAG 2.2 AA, 'partial' when some parts do not, 'not' otherwise."
    )
    known_problems: list[Text] = Field(
        default_factory=list,
        description="Parts of the site residents may find hard to use, in plain words. "
        "Listed first, under 'How accessible this website is'.",
    )
    non_accessible: list[Text] = Field(default_factory=list, description="Content that is not accessible, and why.")
    disproportionate_burden: list[Text] = Field(default_factory=list)
    how_tested: Text = Field(description="How and when the site was tested.")
    prepared: LooseDate = Field(description="When the statement was first prepared (YYYY-MM-DD).")
    reviewed: LooseDate = Field(description="When the statement was last reviewed (YYYY-MM-DD).")
    contact: Contact = Field(default_factory=Contact)


#: Each top-level key of a data file and the record type of its items (or of itself).
SECTIONS: dict[str, type[Record]] = {
    "strategy": Strategy,
    "accessibility": Accessibility,
    "principles": Principle,
    "outcomes": Outcome,
    "actions": StrategyAction,
    "ways_of_working": WayOfWorking,
    "interventions": Intervention,
    "lists": StrategyList,
    "jsna_priorities": JsnaPriority,
    "indicators": Indicator,
    "ambitions": Ambition,
    "plans": Plan,
    "areas": Area,
    "boards": Board,
    "documents": Document,
    "open_questions": OpenQuestion,
    "glossary": GlossaryTerm,
    "help": HelpService,
    "publishers": Publisher,
}
SINGLE_SECTIONS = {"strategy", "accessibility"}


class Site(BaseModel):
    """The whole validated strategy: what every later stage reads."""

    model_config = ConfigDict(frozen=True)

    strategy: Strategy
    accessibility: Accessibility | None = None
    principles: list[Principle] = []
    outcomes: list[Outcome] = []
    actions: list[StrategyAction] = []
    ways_of_working: list[WayOfWorking] = []
    interventions: list[Intervention] = []
    lists: list[StrategyList] = []
    jsna_priorities: list[JsnaPriority] = []
    indicators: list[Indicator] = []
    ambitions: list[Ambition] = []
    plans: list[Plan] = []
    areas: list[Area] = []
    boards: list[Board] = []
    documents: list[Document] = []
    open_questions: list[OpenQuestion] = editors_only(default=[])
    glossary: list[GlossaryTerm] = []
    help: list[HelpService] = []
    publishers: list[Publisher] = []

    def priorities(self) -> list[tuple[Outcome, Priority]]:
        return [(outcome, priority) for outcome in self.outcomes for priority in outcome.priorities]

    def meetings(self) -> dict[str, tuple[Board, Meeting]]:
        """Every board meeting by id, with its board."""
        return {meeting.id: (board, meeting) for board in self.boards for meeting in board.meetings}

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)
