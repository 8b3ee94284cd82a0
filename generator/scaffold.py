"""``strategy-site new``: a minimal valid site that builds at once, with comments saying what to edit.

A council starts from something that works and replaces it piece by piece; every
file says what it holds and what to change next.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .formats import slug
from .repository import repository_files
from .schema import SCHEMA_DIR, ensure_schema_lines, write_schemas


def _quote(text: str) -> str:
    """A YAML-safe quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def site_files(area: str, today: date) -> dict[str, str]:
    """The files of a new site for ``area``, by path."""
    area_q = _quote(area)
    area_slug = slug(area) or "area"
    year = today.year
    return {
        "mkdocs.yml": f"""# The site's own settings. strategy-site adds the pages and navigation from data/ when it builds.
site_name: {_quote(area + " Health and Wellbeing Strategy")}
site_description: {_quote("The joint health and wellbeing strategy for " + area + ", its targets and progress.")}
copyright: {_quote(area + " and partners")}
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
        "data/strategy.yaml": f"""# The strategy itself. NEXT: replace the title, period and the "about" text with your own.
strategy:
  title: Our health and wellbeing strategy
  area: {area_q}
  period: "{year}-{year + 5}"
  status: draft                # change to final when the strategy is agreed
  as_of: {today.isoformat()}          # the date you last checked the figures
  source: {area_slug}-strategy
  sections:
    - id: about
      title: About this strategy
      body: |
        Say in two or three plain sentences what the strategy is for and who it is for.
""",
        "data/outcomes.yaml": f"""# The outcomes the strategy aims for. NEXT: write your own; copy the block for each new outcome.
outcomes:
  - number: 1
    id: healthy-start
    title: Every child has a healthy start in life
    summary: |
      Why this outcome matters in {area}, in plain words.
    delivery_board: health-and-wellbeing-board
    priorities:                   # what will be commissioned to reach the outcome
      - id: "1.1"                 # keep priority numbers in quotes
        text: Help families to stop smoking.
    measures:
      - indicator: smoking-in-pregnancy
        as_written: Smoking at time of delivery
    actions:                      # optional: the action plan, with dated milestones
      - id: "1"
        text: Offer every pregnant smoker support to stop.
        board: health-and-wellbeing-board
        milestones:
          - id: 1a
            text: Stop-smoking support offered in every maternity unit by 31/03/{str(year + 1)[2:]}.
            when: by 31/03/{str(year + 1)[2:]}
""",
        "data/indicators.yaml": f"""# The measures and their figures. NEXT: add your indicators; add a line to `values` each year.
indicators:
  - id: smoking-in-pregnancy
    name: Smoking at time of delivery
    unit: "%"
    decimals: 1
    polarity: lower              # lower is better
    definition: |
      The share of mothers who smoke when their baby is born.
    series:
      - area: {area_q}
        kind: target
        source: {area_slug}-strategy
        values:
          - {{period: "{year + 1}", value: 10.0}}
""",
        "data/boards.yaml": """# The boards that drive the strategy. NEXT: add your delivery boards with `reports_to`.
boards:
  - id: health-and-wellbeing-board
    name: Health and Wellbeing Board
    role: |
      Oversees the strategy and checks progress.
""",
        "data/documents.yaml": f"""# Documents the strategy cites or takes figures from. NEXT: add a web link to your strategy.
documents:
  - id: {area_slug}-strategy
    title: {_quote(area + " Joint Health and Wellbeing Strategy")}
""",
        "data/glossary.yaml": """# Abbreviations: each is explained on hover or tap on every page. NEXT: add the ones you use.
glossary:
  - term: JSNA
    expansion: Joint Strategic Needs Assessment
    definition: A study of the health and care needs of local people.
""",
        "data/accessibility.yaml": f"""# The accessibility statement. NEXT: add the contact email and update `reviewed` each year.
accessibility:
  organisation: {area_q}
  compliance: partial
  non_accessible:
    - This website has not yet been tested with assistive technology.
  how_tested: |
    Describe how and when the site was tested.
  prepared: {today.isoformat()}
  reviewed: {today.isoformat()}
  contact:
    email: null
""",
        "content/about-this-site.md": """# About this site

This site publishes {{ strategy.area }}'s health and wellbeing strategy. Everything on it comes from the files in `data/`.
""",
        ".gitignore": "site/\nbuild/\n",
        **repository_files(area),
    }


def create_site(target: Path, area: str, today: date) -> list[Path]:
    """Write a new site into ``target``; refuse to overwrite anything."""
    files = site_files(area, today)
    clashes = [target / name for name in files if (target / name).exists()]
    if clashes:
        raise FileExistsError(", ".join(str(c) for c in clashes))
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    # editors' YAML tools find the schema beside the data, so the new site works outside this repository
    write_schemas(target / SCHEMA_DIR)
    ensure_schema_lines(target, target / SCHEMA_DIR)
    return written
