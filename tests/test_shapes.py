"""Six shapes of site, one rule: no sentence the generator writes appears where its premise fails.

The shapes: Luton (targets, plans, milestones with updates, an ended draft), Leicestershire
(an action plan with milestones and no recorded progress), Northvale (no figures; actions
timed to board meetings), Eastbrook (figures with England alongside, two indicators split
by sex, no targets) and Southmere (a proposal: no figures, no tracking, no links between
its lists, no charts) and Westfield (strategic priorities declared beside its key areas of focus, at
addresses in its own words, with no numbers). Each premise is read from the site's own data through the model,
never typed here per site, so another shape is one more line in ``SHAPES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.model import Site
from generator.periods import parse_period
from generator.standing import build_day
from generator.validate import load_site

from .html_text import visible_text

SHAPES = ["luton_site", "leicestershire_site", "northvale_site", "eastbrook_site", "southmere_site", "westfield_site"]


@dataclass(frozen=True)
class Built:
    """One built site: its model (the premises) and each page's visible text (the sentences)."""

    site: Site
    pages: dict[str, str]

    def pages_with(self, pattern: str) -> list[str]:
        found = re.compile(pattern)
        return [name for name, text in self.pages.items() if found.search(text)]


_BUILT: dict[Path, Built] = {}


def _built(site_dir: Path) -> Built:
    if site_dir not in _BUILT:
        site, problems = load_site(site_dir)
        assert site is not None, problems.items
        pages = {
            p.relative_to(site_dir / "site").as_posix(): visible_text(p.read_text(encoding="utf-8"))
            for p in sorted((site_dir / "site").rglob("*.html"))
        }
        _BUILT[site_dir] = Built(site, pages)
    return _BUILT[site_dir]


@pytest.fixture(params=SHAPES)
def shape(request: pytest.FixtureRequest) -> Built:
    return _built(request.getfixturevalue(request.param))


def _targets(site: Site) -> int:
    return sum(len(series.values) for i in site.indicators for series in i.series if series.kind == "target")


def _tracked(site: Site) -> bool:
    actions = [a for o in site.outcomes for a in o.actions] + list(site.actions)
    return any(m.updates for a in actions for m in a.milestones)


def _has_charts(site: Site) -> bool:
    return any(series.values for i in site.indicators for series in i.series) or any(p.budget for p in site.plans)


# Each sentence kind the generator writes, with the premise on the data under which it may appear.
PREMISED: list[tuple[str, str, Callable[[Site], bool]]] = [
    ("a claim that the council published nothing", r"has not published", lambda site: False),
    ("a claim that no result was published", r"No result has been published", lambda site: False),
    ("figures said to be still to come", r"There are no newer figures|no figures for (?:it|them) yet", lambda s: False),
    ("a licence to reuse", r"free to reuse|Open Government Licence", lambda site: site.strategy.licence is not None),
    ("target words", r"Target met|Not met|interim target|whether the target was met|No target can be judged",
     lambda site: _targets(site) > 0),
    ("pending milestones", r"No update yet|no update recorded|Overdue", _tracked),
    ("links from interventions", r"each one serves", lambda site: any(i.outcomes for i in site.interventions)),
    ("chart claims", r"read every chart|Each page has a chart|chart and the same figures", _has_charts),
    ("a draft note", r"is a draft|the draft (strategy|action plan|proposal)", lambda s: s.strategy.status == "draft"),
    ("plan ambitions", r"plan's ambitions|Ambitions in the plans", lambda site: bool(site.ambitions)),
    ("milestone status words", r"\| Status \||its status, by", _tracked),
]  # fmt: skip


@pytest.mark.parametrize("kind", [kind for kind, _, _ in PREMISED])
def test_no_sentence_appears_where_its_premise_fails(shape: Built, kind: str) -> None:
    _, pattern, premise = next(entry for entry in PREMISED if entry[0] == kind)
    if premise(shape.site):
        return  # the sentence may be said; other tests check that it is said truly
    assert shape.pages_with(pattern) == [], f"{kind} without its premise"


def test_no_label_stands_with_nothing_after_it(shape: Built) -> None:
    """'Sources: .' or 'Latest figure: –' where the data has nothing to give."""
    assert shape.pages_with(r"\b\w+: \.") == []


def test_an_ended_strategy_says_so_on_every_page_and_a_current_one_on_none(shape: Built) -> None:
    period = shape.site.strategy.period
    ended = period is not None and parse_period(period).end < build_day()
    with_banner = shape.pages_with(r"It is no longer current\.")
    assert len(with_banner) == (len(shape.pages) if ended else 0)


def test_every_indicator_with_figures_shows_its_latest_on_the_index(shape: Built) -> None:
    site = shape.site
    index = shape.pages.get("indicators/index.html")
    own = [i for i in site.indicators if any(s.kind == "actual" and s.area == site.strategy.area for s in i.series)]
    if not own:
        assert index is None
        return
    assert index is not None
    for indicator in own:
        row = index.split(indicator.name, 1)[1].split("\n", 1)[0][:200]
        assert not row.lstrip().startswith("–"), (indicator.id, row)
