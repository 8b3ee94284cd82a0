"""An aim to narrow a gap is judged on the gap, from both areas' figures, with assumed figures marked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.periods import parse_period

from .conftest import copy_site
from .html_text import visible_text


def _gap_aim(data: dict[str, Any]) -> dict[str, Any]:
    return next(aim for aim in data["strategy"]["success_aims"] if aim.get("gap_with"))


def _expected(data: dict[str, Any], aim: dict[str, Any], breakdown: str) -> tuple[float, float, str, bool]:
    """The first and latest gap the figures give, the word for the change, and whether a figure is assumed."""
    indicator = next(i for i in data["indicators"] if i["id"] == aim["indicators"][0])
    decimals = indicator["decimals"]

    def values(area: str) -> dict[str, dict[str, Any]]:
        series = next(
            s
            for s in indicator["series"]
            if s["area"] == area and s["kind"] == "actual" and s["breakdown"] == breakdown
        )
        return {parse_period(v["period"]).label: v for v in series["values"]}

    ours, theirs = values(data["strategy"]["area"]), values(aim["gap_with"])
    shared = sorted(set(ours) & set(theirs), key=parse_period)
    first, latest = shared[0], shared[-1]
    gaps = [
        round(round(theirs[p]["value"], decimals) - round(ours[p]["value"], decimals), decimals)
        for p in (first, latest)
    ]
    word = "narrowed" if abs(gaps[1]) < abs(gaps[0]) else "widened"
    return gaps[0], gaps[1], word, bool(theirs[latest].get("assumed_because"))


@pytest.mark.parametrize("page", ["progress/index.html", "about/index.html"])
@pytest.mark.parametrize("breakdown", ["male", "female"])
def test_lutons_first_aim_is_judged_on_the_gap_with_england(
    luton_site: Path, luton_yaml: dict[str, Any], page: str, breakdown: str
) -> None:
    aim = _gap_aim(luton_yaml)
    first, latest, word, assumed = _expected(luton_yaml, aim, breakdown)
    text = visible_text((luton_site / "site" / page).read_text(encoding="utf-8"))
    pattern = (
        rf"{breakdown.capitalize()}: In \S+ Luton was ([\d.]+) years lower than England\."
        r".*?the gap has \w+\.(?: \([^)]*\))?"
    )
    line = re.search(pattern, text)
    assert line is not None, text[:2000]
    said = line.group(0)
    assert float(line.group(1)) == first
    assert f"{latest:.1f} years lower than England: the gap has {word}." in said
    assert ("is assumed:" in said) == assumed


def test_an_aim_about_a_gap_with_an_area_without_figures_is_a_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = copy_site(Path(__file__).resolve().parents[1], tmp_path / "site")
    path = site_dir / "data" / "strategy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "gap_with: England" in text
    path.write_text(text.replace("gap_with: England", "gap_with: Wales"), encoding="utf-8")
    line = 1 + path.read_text(encoding="utf-8").split("gap_with: Wales")[0].count("\n")
    assert main(["validate", str(site_dir)]) == 1
    captured = capsys.readouterr()
    assert f"data/strategy.yaml:{line}: strategy › success_aims › 1 › gap_with: 'Wales'" in captured.out + captured.err


def test_the_assumed_figure_is_marked_in_the_data(luton_yaml: dict[str, Any]) -> None:
    """The Five Year Strategy gives England's figures with no period: the data says the period is assumed."""
    indicator = next(i for i in luton_yaml["indicators"] if i["id"] == "life-expectancy-birth")
    england = [v for s in indicator["series"] if s["area"] == "England" and s["kind"] == "actual" for v in s["values"]]
    assert [v["period"] for v in england if v.get("assumed_because")] == ["2009-2011", "2009-2011"]
    assert yaml.safe_dump(england)  # plain data, no aliases
