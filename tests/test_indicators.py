"""Indicator pages, charts, progress and downloads, read from the built site and checked against the YAML."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from generator.build import generate
from generator.charts import ChartSpec, Line, render_svg

from .conftest import ROOT, change_one_value, copy_site
from .html_text import visible_text


def _section(html: str, heading_words: str) -> str:
    """The HTML from the h2 containing ``heading_words`` up to the next h2."""
    start = next(m.start() for m in re.finditer(r"<h2", html) if heading_words in html[m.start() : m.start() + 400])
    end = html.find("<h2", start + 3)
    return html[start : end if end > 0 else len(html)]


def test_male_life_expectancy_not_met_and_female_met(luton_site: Path) -> None:
    html = (luton_site / "site" / "indicators" / "life-expectancy-birth" / "index.html").read_text(encoding="utf-8")
    male = visible_text(_section(html, "Male life expectancy"))
    assert "Not met" in male and "2009–2011" in male and "77.9" in male and "78.2" in male
    female = visible_text(_section(html, "Female life expectancy"))
    assert "Target met" in female and "81.9" in female and "81.5" in female


def _met_for_period(data: dict[str, Any], period: str) -> tuple[int, int]:
    """Targets for ``period`` with a figure for the same period, and how many were met, read from plain YAML."""
    area, met, judged = data["strategy"]["area"], 0, 0
    for indicator in data["indicators"]:
        for target in (s for s in indicator.get("series", []) if s["kind"] == "target" and s["area"] == area):
            actual = next(
                (
                    s
                    for s in indicator["series"]
                    if s["kind"] == "actual" and s["area"] == area and s.get("breakdown") == target.get("breakdown")
                ),
                None,
            )
            goal = next((v["value"] for v in target["values"] if v["period"] == period), None)
            value = next((v["value"] for v in (actual or {}).get("values", []) if v["period"] == period), None)
            if goal is None or value is None:
                continue
            judged += 1
            met += value >= goal if indicator["polarity"] == "higher" else value <= goal
    return met, judged


def test_home_page_shows_the_headline_count(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    """The count on the home page is the one the YAML gives, for the period it names."""
    text = visible_text((luton_site / "site" / "index.html").read_text(encoding="utf-8"))
    found = re.search(r"(\d+) of the (\d+) interim targets for (\d{4})–(\d{4}) (?:was|were) met", text)
    assert found is not None, "the home page gives no count with its period"
    met, judged = _met_for_period(luton_yaml, f"{found[3]}-{found[4]}")
    assert judged > 0 and (int(found[1]), int(found[2])) == (met, judged)


def _tables_after_charts(html: str) -> list[tuple[str, str, list[list[str]]]]:
    """(chart file, alt text, table rows) for every chart image on a page."""
    found: list[tuple[str, str, list[list[str]]]] = []
    for match in re.finditer(r'<img[^>]*alt="([^"]*)"[^>]*src="([^"]+\.svg)"|<img[^>]*src="([^"]+\.svg)"', html):
        alt, src = match.group(1) or "", match.group(2) or match.group(3)
        table_start = html.find("<table", match.end())
        next_heading = html.find("<h2", match.end())
        if table_start < 0 or (0 < next_heading < table_start):
            found.append((src, alt, []))
            continue
        table = html[table_start : html.index("</table>", table_start)]
        rows = [
            [visible_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        ]
        found.append((src, alt, rows))
    return found


def test_every_chart_has_a_summary_and_a_data_table(luton_site: Path) -> None:
    charts = 0
    for page in (luton_site / "site").rglob("*.html"):
        for src, alt, rows in _tables_after_charts(page.read_text(encoding="utf-8")):
            charts += 1
            assert len(alt) > 40, (page, src)
            assert len(rows) >= 2, (page, src)
    assert charts >= 10


def test_each_chart_table_holds_exactly_the_values_in_the_yaml(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    for indicator in luton_yaml["indicators"]:
        if not indicator.get("series"):
            continue
        page = luton_site / "site" / "indicators" / indicator["id"] / "index.html"
        charts = _tables_after_charts(page.read_text(encoding="utf-8"))
        decimals = indicator.get("decimals", 1)
        for src, _alt, rows in charts:
            breakdown = Path(src).stem.removeprefix(indicator["id"]).lstrip("-") or None
            expected = {
                (f"{s['area']} {s['kind']}", v["period"].replace("-", "–"), f"{v['value']:,.{decimals}f}")
                for s in indicator["series"]
                if s.get("breakdown") == breakdown
                for v in s["values"]
            }
            header, *body = rows
            shown = {(header[i], row[0], cell) for row in body for i, cell in enumerate(row) if i and cell != "[x]"}
            assert shown == expected, (indicator["id"], breakdown)


def test_csv_download_round_trips_to_the_yaml_values(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    with (luton_site / "site" / "downloads" / "data.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    from_csv = {(r["indicator"], r["area"], r["breakdown"], r["kind"], r["period"], float(r["value"])) for r in rows}
    from_yaml = {
        (i["id"], s["area"], s.get("breakdown") or "", s["kind"], str(v["period"]), float(v["value"]))
        for i in luton_yaml["indicators"]
        for s in i.get("series", [])
        for v in s["values"]
    }
    assert len(rows) == len(from_yaml) and from_csv == from_yaml
    assert (luton_site / "site" / "downloads" / "data.json").stat().st_size > 10_000


def test_rendering_a_chart_twice_gives_identical_bytes() -> None:
    spec = ChartSpec(
        "Title",
        "Subtitle",
        ("2010", "2011"),
        (Line("Area actual", "#0072B2", "solid", "o", (0, 1), (1.0, 2.0)),),
        1,
        "Summary sentence.",
    )
    first, second = render_svg(spec), render_svg(spec)
    assert first == second
    assert b"<title" in first and b"Summary sentence." in first and b"<dc:date>" not in first
    assert b"<text" in first or b"font-family" in first  # text stays text (svg.fonttype none)


def test_unchanged_rebuild_renders_no_chart_and_one_change_renders_one_indicator(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    first = generate(site_dir)
    assert first.charts.rendered >= 10
    again = generate(site_dir)
    assert again.charts.rendered == 0 and again.report.written == []
    change_one_value(site_dir)
    changed = generate(site_dir)
    assert changed.charts.rendered == 1
    assert "indicators/infant-mortality.svg" in changed.report.written
    cache = sorted(p.stem for p in (site_dir / "build" / ".cache" / "charts").glob("*.svg"))
    shown = sorted({spec.key() for page in changed.pages for spec in page.charts.values()})
    assert cache == shown  # the old infant mortality chart was dropped from the cache


def test_gap_to_england_is_stated_as_higher_or_lower(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    indicator = next(i for i in luton_yaml["indicators"] if i["id"] == "life-expectancy-birth")

    def baseline(area: str) -> float:
        series = next(
            s
            for s in indicator["series"]
            if s["area"] == area and s["kind"] == "actual" and s.get("breakdown") == "male"
        )
        value: float = next(v["value"] for v in series["values"] if v["period"] == "2008-2010")
        return value

    gap = baseline("England") - baseline("Luton")
    html = (luton_site / "site" / "indicators" / "life-expectancy-birth" / "index.html").read_text(encoding="utf-8")
    assert f"In 2008–2010 Luton was {gap:.1f} years lower than England." in visible_text(_section(html, "Male life"))


def test_progress_page_lists_every_ambition_including_those_without_an_indicator(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    html = (luton_site / "site" / "progress" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    rows = [visible_text(row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    for ambition in luton_yaml["ambitions"]:
        assert ambition["title"] in text
        if "indicator" not in ambition:
            assert f"{ambition['title']} | " not in text  # rendered as a table row, not raw Markdown
            row = next(row for row in rows if ambition["title"] in row)
            assert row.startswith("No indicator currently available")  # the answer comes first
    boards = [
        b["name"] for b in luton_yaml["boards"] if b["id"] in {o.get("delivery_board") for o in luton_yaml["outcomes"]}
    ]
    assert any(name in text for name in boards)
    assert text.index("Outcome 1:") < text.index("Outcome 2:")


def test_reused_figures_draw_the_same_bytes_as_fresh_ones() -> None:
    from generator.charts import render_svg, render_svg_fresh
    from generator.derive import derive
    from generator.pages import site_pages
    from generator.validate import validate_site

    specs = [spec for page in site_pages(derive(validate_site(ROOT))) for spec in page.charts.values()]
    assert len(specs) >= 10
    for spec in specs + specs[::-1]:  # the second pass reuses figures drawn in the first
        assert render_svg(spec) == render_svg_fresh(spec), spec.title
