"""Luton's data checked against the source document (seed 000), through the validated model."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.model import Site
from generator.validate import validate_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site() -> Site:
    return validate_site(ROOT)


def _value(site: Site, indicator: str, area: str, kind: str, period: str, breakdown: str | None = None) -> float:
    series = next(
        s for s in site.indicator(indicator).series if (s.area, s.kind, s.breakdown) == (area, kind, breakdown)
    )
    return next(v.value for v in series.values if v.period == period)


def test_validate_command_passes_and_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "3 outcomes" in out and "17 commissioning priorities" in out


def test_seventeen_commissioning_priorities_in_source_order(site: Site) -> None:
    ids = [priority.id for _outcome, priority in site.priorities()]
    assert ids == [f"1.{n}" for n in range(1, 5)] + [f"2.{n}" for n in range(1, 7)] + [f"3.{n}" for n in range(1, 8)]


def test_priority_2_6_reads_as_in_the_source(site: Site) -> None:
    text = dict((p.id, p.text) for _o, p in site.priorities())["2.6"]
    assert text == "Strengthen services to reduce the impact of domestic abuse."


def test_priority_3_3_keeps_its_three_sub_points(site: Site) -> None:
    priority = dict((p.id, p) for _o, p in site.priorities())["3.3"]
    assert len(priority.points) == 3
    assert priority.points[0].startswith("Agreeing outcomes that span both health")


def test_male_life_expectancy_targets_for_2014_2016(site: Site) -> None:
    assert _value(site, "life-expectancy-birth", "Luton", "target", "2014-2016", "male") == 80.3
    assert _value(site, "life-expectancy-birth", "England", "projection", "2014-2016", "male") == 80.8


def test_infant_mortality_baseline(site: Site) -> None:
    indicator = site.indicator("infant-mortality")
    assert indicator.baseline_period == "2008-2010"
    assert _value(site, "infant-mortality", "Luton", "actual", "2008-2010") == 7.5
    assert _value(site, "infant-mortality", "England and Wales", "actual", "2008-2010") == 4.5


def test_jsna_groups_hold_ten_and_seven_priorities(site: Site) -> None:
    groups = [p.group for p in site.jsna_priorities]
    assert groups.count(1) == 10 and groups.count(2) == 7
    assert any("sixteen" in q.question for q in site.open_questions)


def test_every_priority_links_to_jsna_priorities_keeping_the_source_wording(site: Site) -> None:
    for _outcome, priority in site.priorities():
        assert priority.jsna_links, priority.id
    links = {p.id: p.jsna_links for _o, p in site.priorities()}
    first = links["1.1"][0]
    assert first.as_written == "Reducing childhood obesity"
    assert first.jsna == "reducing-obesity-smoking-and-alcohol-related-harm"


def test_thirty_five_measures_and_thirty_one_strategic_links(site: Site) -> None:
    assert [len(o.measures) for o in site.outcomes] == [11, 13, 11]
    assert [len(o.strategic_links) for o in site.outcomes] == [11, 13, 7]
    assert len({link.document for o in site.outcomes for link in o.strategic_links}) == 23


def test_domestic_abuse_strategy_years_kept_as_each_mention_states_them(site: Site) -> None:
    years = [
        link.years for o in site.outcomes for link in o.strategic_links if link.document == "domestic-abuse-strategy"
    ]
    assert sorted(str(y) for y in years) == ["2012-15", "2012-2014", "2012-2015"]


def test_headline_tables_hold_every_yearly_target(site: Site) -> None:
    breakdowns_of: dict[str, list[str | None]] = {
        "life-expectancy-birth": ["male", "female"],
        "disability-free-life-expectancy-65": ["male", "female"],
        "life-expectancy-gap-deprivation": ["male", "female"],
        "infant-mortality": [None],
    }
    for indicator_id, breakdowns in breakdowns_of.items():
        for breakdown in breakdowns:
            target = next(
                s
                for s in site.indicator(indicator_id).series
                if s.kind == "target" and s.area == "Luton" and s.breakdown == breakdown
            )
            assert len(target.values) >= 6, (indicator_id, breakdown)
            assert all(v.reported for v in target.values)


def test_foreword_is_marked_as_not_written(site: Site) -> None:
    assert site.strategy.status == "draft"
    assert site.strategy.foreword is not None and site.strategy.foreword.status == "not_written"
    assert site.strategy.foreword.source_note == "Updated wording to go here"
