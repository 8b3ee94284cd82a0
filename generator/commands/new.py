"""``strategy-site new``: a minimal valid site that builds at once, with comments saying what to edit.

A council starts from something that works and replaces it piece by piece; every
file says what it holds and what to change next. Nothing in it is invented: what
only the council can say (the title, the text, the organisation, a contact) is a
placeholder marked ``REPLACE:``, which ``build`` refuses to publish (see placeholders.py).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..formats import slug
from ..placeholders import MARKER
from .repository import ToolSource, repository_files, tool_source
from .schema import SCHEMA_DIR, ensure_schema_lines, schemas, write_schemas


def _quote(text: str) -> str:
    """A YAML-safe quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the new site and how residents reach them, as given to ``strategy-site new``.

    The organisation is a body (a council, a board), never the place: the accessibility
    statement and the copyright line name it. Whatever is not given is written as a
    placeholder that ``build`` will not publish.
    """

    organisation: str | None = None
    email: str | None = None
    web: str | None = None
    phone: str | None = None
    address: str | None = None

    @property
    def has_contact(self) -> bool:
        return any((self.email, self.web, self.phone, self.address))


def _or_placeholder(value: str | None, what: str) -> str:
    """The given value, quoted, or a marked placeholder saying what belongs there."""
    return _quote(value) if value else _quote(f"{MARKER} {what}")


def _contact_lines(publisher: Publisher, indent: str) -> str:
    """``email``, ``web``, ``phone`` and ``address``: those given, or a placeholder for the email when none is."""
    fields = {"email": publisher.email, "web": publisher.web, "phone": publisher.phone, "address": publisher.address}
    if not publisher.has_contact:
        fields["email"] = f"{MARKER} an email address residents can write to"
    return "".join(f"{indent}{key}: {_quote(value)}\n" for key, value in fields.items() if value)


def site_files(
    area: str, today: date, publisher: Publisher | None = None, tool: ToolSource | None = None
) -> dict[str, str]:
    """The text files of a new site for ``area``, by path; everything only the council can know is marked."""
    publisher = publisher or Publisher()
    area_q = _quote(area)
    area_slug = slug(area) or "area"
    year = today.year
    organisation = _or_placeholder(publisher.organisation, "the organisation that publishes this site")
    copyright_line = (
        _quote(f"© {publisher.organisation}")
        if publisher.organisation
        else _quote(f"{MARKER} © the organisation that publishes this site")
    )
    return {
        "mkdocs.yml": f"""# The site's own settings. strategy-site adds the pages, navigation, name and description from data/
# when it builds: the site's name and description are the strategy's title and subtitle (or resident_summary)
# in data/strategy.yaml; set site_name or site_description here only to say something else.
# Lines marked REPLACE are placeholders: 'strategy-site build' will not publish until they are replaced.
copyright: {copyright_line}
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.sections
    - navigation.prune
    - navigation.top
    - navigation.footer
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark theme
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light theme
plugins:
  - search:
      # Split words at spaces and punctuation but not at "&", so that "A&E" is one word
      # in the index and in what residents type (see generator/mkdocs_joint.py).
      separator: '[\\s\\-,:;!?()\\[\\]"''“”‘’/…–—]+|\\.(?!\\d)'
      # A word in a heading counts ten times a word in the text (the theme's default is a
      # thousand, which let any heading that shares one word outrank the page that answers).
      fields:
        title:
          boost: 10
""",
        "data/strategy.yaml": f"""# The strategy itself. Replace every line marked REPLACE with your own, then delete the marker:
# 'strategy-site validate' lists what is left, and 'strategy-site build' will not publish until none is.
strategy:
  title: {_quote(MARKER + " the strategy's title, as the document gives it")}
  area: {area_q}
  period: "{year}-{year + 5}"   # {MARKER} the years the strategy covers
  status: draft                # change to final when the strategy is agreed
  as_of: {today.isoformat()}          # the date you last checked the figures
  source: {area_slug}-strategy
  resident_summary: |          # the home page opens with this; a reading age of 11 is the aim
    {MARKER} say in two or three plain sentences what the strategy is for and what will change for residents.
  contact:                     # how residents get involved or ask a question
{_contact_lines(publisher, "    ")}  sections:                    # the strategy's own introduction, shown on the about page
    - id: about
      title: About this strategy
      body: |
        {MARKER} the strategy's introduction, as the document words it.
""",
        "data/outcomes.yaml": f"""# The outcomes the strategy aims for. Write your own in place of the REPLACE lines;
# copy the block for each new outcome. Add `measures:` once you have indicators (see DATA.md).
outcomes:
  - number: 1
    id: first-outcome             # a short name for the page address: lower-case words joined by hyphens
    title: {_quote(MARKER + " the outcome's title, as the strategy words it")}
    summary: |
      {MARKER} why this outcome matters in {area}, in plain words.
    delivery_board: health-and-wellbeing-board
    priorities:                   # what will be done or commissioned to reach the outcome
      - id: "1.1"                 # keep priority numbers in quotes
        text: {_quote(MARKER + " the first priority, as the strategy words it")}
    actions:                      # optional: the action plan, with dated milestones
      - id: "1"
        text: {_quote(MARKER + " an action the strategy commits to")}
        board: health-and-wellbeing-board
        milestones:
          - id: 1a
            text: {_quote(MARKER + " a step of the action, with its date")}
            when: by 31/03/{str(year + 1)[2:]}   # {MARKER} the milestone's date as the plan gives it
""",
        "data/indicators.yaml": """# The measures and their figures: none yet. Add each indicator the strategy measures
# success by, with the figures its publisher gives (see DATA.md, `indicators`), then
# name it under its outcome's `measures:`.
indicators: []
""",
        "data/boards.yaml": f"""# The boards that drive the strategy. NEXT: add your delivery boards with `reports_to`.
boards:
  - id: health-and-wellbeing-board
    name: Health and Wellbeing Board
    role: |
      Oversees the strategy and checks progress.
    how_to_attend: |             # or delete this line: the page then says it is not published
      {MARKER} how residents can attend the board's meetings or ask it a question.
""",
        "data/documents.yaml": f"""# Documents the strategy cites or takes figures from; the site lists them on its sources page.
documents:
  - id: {area_slug}-strategy
    title: {_quote(MARKER + " the strategy document's title, as published")}
    # link: https://…          # its web address, once it is published
    # date: "{year}"            # when it was published or agreed
    status: draft
""",
        "data/glossary.yaml": """# Abbreviations: each is explained on hover or tap on every page. NEXT: add the ones you use.
glossary:
  - term: JSNA
    expansion: Joint Strategic Needs Assessment
    definition: A study of the health and care needs of local people.
""",
        "data/accessibility.yaml": f"""# The accessibility statement. Replace the lines marked REPLACE; update `reviewed` each year.
accessibility:
  organisation: {organisation}
  compliance: partial
  non_accessible:
    - This website has not yet been tested with assistive technology.
  how_tested: |
    {MARKER} how and when the site was tested, and by whom.
  prepared: {today.isoformat()}
  reviewed: {today.isoformat()}
  contact:                     # where to report an accessibility problem
{_contact_lines(publisher, "    ")}""",
        "content/about-this-site.md": """# About this site

This site publishes {{ strategy.area }}'s health and wellbeing strategy. Everything on it comes from the files in `data/`.
""",
        # what the tool makes, and the tool itself (EDITING.md has editors install it in .venv here)
        ".gitignore": "site/\nbuild/\n.venv/\n",
        **repository_files(area, tool),
    }


def create_site(
    target: Path, area: str, today: date, publisher: Publisher | None = None, tool: ToolSource | None = None
) -> list[Path]:
    """Write a new site into ``target``, refusing to overwrite anything; return every file written.

    ``tool`` is where the site's builds install the tool from (``--tool-from``); by default this
    tool's own released version.
    """
    tool = tool or tool_source()
    files = site_files(area, today, publisher, tool)
    names = [*files, *(f"{SCHEMA_DIR}/{name}" for name in schemas()), *([tool.wheel_copy] if tool.wheel_copy else [])]
    clashes = [target / name for name in names if (target / name).exists()]
    if clashes:
        raise FileExistsError(", ".join(str(c) for c in clashes))
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if tool.wheel and tool.wheel_copy:  # the requirement line names this copy, so that GitHub's runner has it
        (target / tool.wheel_copy).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tool.wheel, target / tool.wheel_copy)
    # editors' YAML tools find the schema beside the data, so the new site works outside this repository
    write_schemas(target / SCHEMA_DIR)
    ensure_schema_lines(target, target / SCHEMA_DIR)
    return [target / name for name in names]
