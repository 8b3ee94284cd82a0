"""Reading age of the sentences the generator writes itself, and of the home page.

Measured with textstat's Flesch-Kincaid grade, a US school grade; a UK reading age is that
grade plus five (grade 6 is read at about 11). The figures are printed at the end of every
test run (under "measured", see ``report_measured`` in conftest) so a change that makes the words
harder shows up in review even while it stays under the limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import textstat

from generator.derive import derive
from generator.pages.actions import tracker_context
from generator.pages.indicators import indicator_context, progress_context
from generator.validate import validate_site

from .conftest import ROOT

#: The aim for the generator's own sentences: a reading age of 11 (Flesch-Kincaid grade 6).
READING_AGE_LIMIT = 11.0
#: Grades are US school years; children start them about five years old, so age = grade + 5.
GRADE_TO_AGE = 5.0


def reading_age(sentences: list[str]) -> float:
    """The reading age of a list of sentences read one after another."""
    text = " ".join(s if s.rstrip().endswith((".", "!", "?")) else f"{s}." for s in sentences)
    return round(float(textstat.flesch_kincaid_grade(text)) + GRADE_TO_AGE, 1)


def generated_sentences(site_dir: Path) -> dict[str, list[str]]:
    """What the generator writes about a site's figures and milestones, by kind, each once."""
    site = validate_site(site_dir)
    views = derive(site)
    groups: dict[str, list[str]] = {
        "progress summary": list(progress_context(views)["sentences"]),
        "chart titles and descriptions": [],
        "target status words": [],
        "milestone status words": [],
    }
    for view in views.indicators.values():
        for panel in indicator_context(views, view.indicator)["panels"]:
            texts = (panel.title, panel.summary, panel.gap, panel.missing, panel.chart_note)
            groups["chart titles and descriptions"].extend(t for t in texts if t)
            words = (panel.status, panel.aim, panel.course, panel.step)
            groups["target status words"].extend(w for w in words if w and w != "–")
    for milestone in tracker_context(views)["milestone_views"]:
        meaning = f" ({milestone.meaning})" if milestone.meaning else ""
        groups["milestone status words"].append(f"{milestone.status_text}{meaning}")
    return {kind: list(dict.fromkeys(texts)) for kind, texts in groups.items() if texts}


SITES = {"Luton": ROOT, "Leicestershire": ROOT / "examples" / "leicestershire"}


@pytest.mark.parametrize("name", SITES)
def test_generated_sentences_have_a_reading_age_of_11_or_under(
    name: str, report_measured: Callable[[str], None]
) -> None:
    groups = generated_sentences(SITES[name])
    assert groups  # there is something to measure
    ages = {kind: reading_age(texts) for kind, texts in groups.items()}
    for kind, age in ages.items():
        report_measured(f"reading age {age:4.1f}: {name}: {kind} ({len(groups[kind])} sentences)")
    too_hard = {kind: age for kind, age in ages.items() if age > READING_AGE_LIMIT}
    assert too_hard == {}


def test_the_measure_tells_hard_words_from_plain_ones() -> None:
    plain = ["The aim is to help people live longer.", "It runs from 2012 to 2019."]
    hard = [
        "The strategy is aimed at those who organise the provision of services to maintain and improve the "
        "health and wellbeing of people, through better integration of services and a planned move of "
        "resources towards prevention and early intervention away from avoidable treatment and care."
    ]
    assert reading_age(plain) <= READING_AGE_LIMIT < reading_age(hard)


def _main_text(html: str) -> str:
    main = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    main = re.sub(r'<a class="headerlink".*?</a>', "", main)
    main = re.sub(r"<(h\d|li|p|td|th)\b[^>]*>", " ", main)
    main = re.sub(r"</(h\d|li|td|th)>", ". ", main)
    return " ".join(re.sub(r"<[^>]+>", "", main).split())


@pytest.mark.parametrize("site", ["luton_site", "leicestershire_site"])
def test_home_page_and_resident_summary_reading_age(
    site: str, request: pytest.FixtureRequest, report_measured: Callable[[str], None]
) -> None:
    site_dir = request.getfixturevalue(site)
    name = "Luton" if site == "luton_site" else "Leicestershire"
    text = _main_text((site_dir / "site" / "index.html").read_text(encoding="utf-8"))
    assert len(text.split()) > 50
    age = reading_age([text])
    report_measured(f"reading age {age:4.1f}: {name}: home page")
    summary = re.sub(r"\s+", " ", validate_site(site_dir).strategy.resident_summary or "")
    summary_age = reading_age([summary])
    report_measured(f"reading age {summary_age:4.1f}: {name}: resident summary")
    assert summary_age <= READING_AGE_LIMIT
