"""Two more site shapes on the same code, each built from its own example folder.

* ``examples/eastbrook``: outcomes measured by figures over several years, with England
  alongside and two indicators split by sex, but no targets, plans or milestones.
* ``examples/southmere``: a proposal of priority outcomes with aims and a list of suggested
  interventions, with no figures, no progress tracking and no links between its lists.

The expected words are read from each site's YAML, never typed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.periods import parse_period

from .conftest import ROOT
from .html_text import visible_text

SHAPES = [ROOT / "examples" / "eastbrook", ROOT / "examples" / "southmere"]


def _page(site_dir: Path, path: str) -> str:
    """The visible text of one built page, e.g. ``indicators/adult-smoking/index.html``."""
    return visible_text((site_dir / "site" / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("site", SHAPES, ids=lambda p: p.name)
def test_each_shape_validates(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(site)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_both_shapes_build(eastbrook_site: Path, southmere_site: Path) -> None:
    for site_dir in (eastbrook_site, southmere_site):
        assert (site_dir / "site" / "index.html").is_file()
        assert (site_dir / "site" / "outcomes" / "index.html").is_file()


def test_eastbrook_shows_each_latest_figure_for_its_area(eastbrook_site: Path, eastbrook_yaml: dict[str, Any]) -> None:
    area = eastbrook_yaml["strategy"]["area"]
    split_by_sex = 0
    for indicator in eastbrook_yaml["indicators"]:
        page = _page(eastbrook_site, f"indicators/{indicator['id']}/index.html")
        own = [s for s in indicator["series"] if s["area"] == area and s["kind"] == "actual"]
        assert own, f"{indicator['id']} has no actual series for {area}"
        split_by_sex += {s.get("breakdown") for s in own} == {"male", "female"}
        for series in own:
            latest = max(series["values"], key=lambda v: parse_period(v["period"]))
            shown = f"{latest['value']:.{indicator['decimals']}f}"
            assert f"Latest figure: {shown}" in page, (indicator["id"], series.get("breakdown"), shown)
            assert parse_period(latest["period"]).display in page
    assert split_by_sex == 2  # the shape this site is for: two indicators given for men and women


def test_eastbrook_has_no_targets(eastbrook_yaml: dict[str, Any]) -> None:
    kinds = {series["kind"] for indicator in eastbrook_yaml["indicators"] for series in indicator["series"]}
    assert kinds == {"actual"}
    assert not {"plans", "ambitions"} & eastbrook_yaml.keys()


def test_southmere_lists_every_suggested_intervention(southmere_site: Path, southmere_yaml: dict[str, Any]) -> None:
    page = _page(southmere_site, "interventions/index.html")
    assert southmere_yaml["strategy"]["terms"]["interventions"].capitalize() in page
    for intervention in southmere_yaml["interventions"]:
        assert intervention["name"] in page
        assert intervention["summary"] in page


def test_southmere_shows_each_outcomes_aims(southmere_site: Path, southmere_yaml: dict[str, Any]) -> None:
    for outcome in southmere_yaml["outcomes"]:
        page = _page(southmere_site, f"outcomes/{outcome['id']}/index.html")
        assert outcome["title"] in page
        for aim in outcome["priorities"]:
            assert aim["text"] in page


def test_southmere_has_no_figures_or_links_between_lists(southmere_site: Path, southmere_yaml: dict[str, Any]) -> None:
    assert not {"indicators", "actions", "boards", "plans", "ambitions"} & southmere_yaml.keys()
    assert not any("outcomes" in i or "board" in i for i in southmere_yaml["interventions"])
    assert not (southmere_site / "site" / "indicators").exists()
    assert not (southmere_site / "site" / "downloads" / "data.csv").exists()
