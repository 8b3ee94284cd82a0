"""The downloads page says only what is true of this site's files, and names a licence only when the data gives one.

What each site has is read from its YAML with plain PyYAML, not from the generator, so the
page is checked against the data rather than against the code that wrote it. Luton and
Eastbrook are read as built (HTML and CSV); the cases a real site does not have (each
licence, a column filled or empty) are made from the minimal site and only generated.
"""

from __future__ import annotations

import csv
import io
import json
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import generate
from generator.downloads import CSV_COLUMNS
from generator.model import Strategy

from .conftest import buildable_minimal_site, merged_yaml
from .html_text import visible_text

#: Each licence the data may name, with the name and address the page must give.
LICENCES = {
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International licence",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
}
#: Words that would tell a resident they may reuse the data.
REUSE_CLAIMS = ("free to reuse", "you may copy", "you may reuse", "you may share", "licensed under")
#: The CSV's columns that only some sites fill, and how to tell from the YAML whether a figure fills them.
OPTIONAL_COLUMNS: dict[str, Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], bool]] = {
    "breakdown": lambda indicator, series, value: bool(series.get("breakdown")),
    "unit": lambda indicator, series, value: bool(indicator.get("unit")),
    "reported": lambda indicator, series, value: bool(value.get("reported")),
    "source": lambda indicator, series, value: bool(value.get("source") or series.get("source")),
    "assumed": lambda indicator, series, value: bool(value.get("assumed_because")),
}


def _main_html(site: Path) -> str:
    html = (site / "site" / "downloads" / "index.html").read_text(encoding="utf-8")
    return html[html.index('<article class="md-content__inner') : html.index("</article>")]


def _links(html: str) -> dict[str, str]:
    """Each link's visible text by its address."""
    return {href: visible_text(text) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def _figures(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    return [
        (indicator, series, value)
        for indicator in data.get("indicators", [])
        for series in indicator.get("series", [])
        for value in series["values"]
    ]


def _filled(data: dict[str, Any]) -> dict[str, bool]:
    """Whether some figure of the data fills each optional column."""
    figures = _figures(data)
    return {column: any(fills(*figure) for figure in figures) for column, fills in OPTIONAL_COLUMNS.items()}


def _described(page: str) -> tuple[set[str], set[str]]:
    """The CSV columns the page describes, and those it names as empty, read from its Markdown."""
    described: set[str] = set()
    empty: set[str] = set()
    for line in page.splitlines():
        item = re.match(r"\s+- (.*)", line)
        if not item:
            continue
        names, _, words = item[1].partition(":")
        columns = set(re.findall(r"`(\w+)`", names))
        (empty if words.strip().startswith("empty for every figure") else described).update(columns)
    return described, empty


def _generated_page(site: Path) -> str:
    generate(site)
    return (site / "build" / "docs" / "downloads.md").read_text(encoding="utf-8")


def _minimal(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The minimal site with its YAML changed by ``change`` (one file's data at a time, as PyYAML reads it)."""
    site = buildable_minimal_site(tmp_path / "site")
    for path in (site / "data").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return site


def _set_strategy(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        if "strategy" in data:
            data["strategy"].update(fields)

    return change


# --- a licence only when the data gives one ----------------------------------------------------


def test_lutons_downloads_page_makes_no_licence_claim(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    assert "licence" not in luton_yaml["strategy"]  # the source documents give none
    html = _main_html(luton_site)
    text = visible_text(html)
    for claim in REUSE_CLAIMS:
        assert claim not in text.casefold(), claim
    assert not {address for _name, address in LICENCES.values()} & set(_links(html))
    assert "No licence is stated for this data" in text
    assert f"ask {luton_yaml['accessibility']['organisation']} before you republish it" in text


def test_eastbrooks_licence_is_named_and_linked_on_its_built_page(
    eastbrook_site: Path, eastbrook_yaml: dict[str, Any]
) -> None:
    assert eastbrook_yaml["strategy"]["licence"] == "OGL-UK-3.0"
    name, address = LICENCES["OGL-UK-3.0"]
    html = _main_html(eastbrook_site)
    assert _links(html)[address] == name
    text = visible_text(html)
    assert f"This data is published under the {name}: you may copy, publish and adapt it" in text
    assert "No licence is stated" not in text


def test_the_licences_the_model_offers_are_the_ones_tested() -> None:
    annotation = Strategy.model_fields["licence"].annotation
    choices = {arg for member in typing.get_args(annotation) for arg in typing.get_args(member)}
    assert choices == set(LICENCES)


@pytest.mark.parametrize("licence", sorted(LICENCES))
def test_each_licence_is_named_and_linked_with_the_councils_note(licence: str, tmp_path: Path) -> None:
    note = "Please credit Testtown Council."
    page = _generated_page(_minimal(tmp_path, _set_strategy(licence=licence, licence_note=note)))
    name, address = LICENCES[licence]
    assert f"This data is published under the [{name}]({address})" in page
    assert note in page
    assert "No licence is stated" not in page
    for other, (other_name, other_address) in LICENCES.items():
        if other != licence:
            assert other_name not in page and other_address not in page


def test_without_a_licence_the_note_is_the_only_terms_and_nothing_claims_reuse(tmp_path: Path) -> None:
    note = "The council asks you not to republish the figures before it has checked them."
    page = _generated_page(_minimal(tmp_path / "note", _set_strategy(licence_note=note)))
    assert f"No licence is stated for this data. {note}" in page
    assert not any(claim in page.casefold() for claim in REUSE_CLAIMS)
    assert not any(address in page for _name, address in LICENCES.values())

    def no_figures_and_no_organisation(data: dict[str, Any]) -> None:
        for indicator in data.get("indicators", []):
            indicator["series"] = []
        data.get("strategy", {}).pop("success_aims", None)  # an aim's table needs figures

    site = _minimal(tmp_path / "bare", no_figures_and_no_organisation)
    page = _generated_page(site)
    assert "No licence is stated for this data, so ask the people who publish this site" in page
    assert "data.csv" not in page and "(CSV)" not in page and "`value`" not in page  # no table, so no columns
    assert not (site / "build" / "docs" / "downloads" / "data.csv").exists()


# --- numbers as the data has them --------------------------------------------------------------


def _csv_rows(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / "site" / "downloads" / "data.csv").read_text(encoding="utf-8"))))


def test_whole_numbers_are_integers_in_the_csv_and_json(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    rows = {
        (r["indicator"], r["area"], r["breakdown"], r["kind"], r["period"]): r["value"] for r in _csv_rows(luton_site)
    }
    data = json.loads((luton_site / "site" / "downloads" / "data.json").read_text(encoding="utf-8"))
    in_json = {
        (i["id"], s["area"], s["breakdown"] or "", s["kind"], v["period"]): v["value"]
        for i in data["indicators"]
        for s in i["series"]
        for v in s["values"]
    }
    whole = 0
    for indicator, series, value in _figures(luton_yaml):
        key = (indicator["id"], series["area"], series.get("breakdown") or "", series["kind"], str(value["period"]))
        written = value["value"]
        if float(written).is_integer():  # 3906 (or 3906.0) in the YAML
            whole += 1
            assert rows[key] == str(int(written)), key
            assert type(in_json[key]) is int and in_json[key] == written, key
        else:  # 7.2 in the YAML: as stored
            assert rows[key] == repr(written), key
            assert in_json[key] == written, key
    assert whole >= 10  # Luton has whole-number figures (counts of admissions, years of life lost)
    assert rows[("potential-years-of-life-lost", "Luton", "", "target", "2018/19")] == "2194"
    assert not re.search(rb'"value": ?-?\d+\.0\b', (luton_site / "site" / "downloads" / "data.json").read_bytes())


# --- an assumed figure is marked as assumed ----------------------------------------------------


def test_an_assumed_figure_is_marked_in_the_csv_and_json(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    assumed = {
        (indicator["id"], series["kind"], str(value["period"])): value["assumed_because"]
        for indicator, series, value in _figures(luton_yaml)
        if value.get("assumed_because")
    }
    # the plan gives no year for the target of 2194 (ambition 1 of the Five Year System Strategy)
    assert ("potential-years-of-life-lost", "target", "2018/19") in assumed
    rows = _csv_rows(luton_site)
    assert {(r["indicator"], r["kind"], r["period"]): r["assumed"] for r in rows if r["assumed"]} == assumed
    data = json.loads((luton_site / "site" / "downloads" / "data.json").read_text(encoding="utf-8"))
    in_json = {
        (i["id"], s["kind"], v["period"]): v["assumed_because"]
        for i in data["indicators"]
        for s in i["series"]
        for v in s["values"]
        if v["assumed_because"]
    }
    assert in_json == assumed
    assert "`assumed`: for a figure whose period or value no source gives" in (
        luton_site / "build" / "docs" / "downloads.md"
    ).read_text(encoding="utf-8")


# --- the page describes exactly what the files hold --------------------------------------------


@pytest.mark.parametrize("name", ["luton_site", "eastbrook_site"])
def test_the_built_page_describes_each_column_exactly_when_a_figure_fills_it(
    name: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(name)
    data = merged_yaml(site / "data")
    filled = _filled(data)
    described, empty = _described((site / "build" / "docs" / "downloads.md").read_text(encoding="utf-8"))
    assert described | empty == set(CSV_COLUMNS)  # every column of the file, and no other
    assert described == set(CSV_COLUMNS) - {column for column, has in filled.items() if not has}
    assert empty == {column for column, has in filled.items() if not has}
    text = visible_text(_main_html(site))
    rows = _csv_rows(site)
    assert f"one row for each of the {len(rows):,} figures" in text
    kinds = {row["kind"] for row in rows}
    for kind, words in (
        ("actual", "a measured figure"),
        ("target", "a figure aimed for"),
        ("projection", "a forecast"),
    ):
        assert (f"{kind} ({words})" in text) == (kind in kinds), kind
    if not filled["source"]:
        assert "where it was published" not in text and "was published in" not in text


@pytest.mark.parametrize("column", sorted(set(OPTIONAL_COLUMNS) - {"assumed"}))  # Luton and Eastbrook show it
def test_a_column_no_figure_fills_is_named_as_empty_not_described(column: str, tmp_path: Path) -> None:
    def leave_out(data: dict[str, Any]) -> None:
        for indicator in data.get("indicators", []):
            if column == "unit":
                indicator.pop("unit", None)
            for series in indicator.get("series", []):
                if column in ("breakdown", "source"):
                    series.pop(column, None)
                for value in series["values"]:
                    value.pop(column, None)

    minimal = merged_yaml(buildable_minimal_site(tmp_path / "before") / "data")
    assert _filled(minimal)[column]  # the minimal site fills every optional column ...
    described, empty = _described(_generated_page(tmp_path / "before"))
    assert column in described and column not in empty  # ... and the page describes each

    site = _minimal(tmp_path / "after", leave_out)
    assert not _filled(merged_yaml(site / "data"))[column]
    described, empty = _described(_generated_page(site))
    assert column in empty and column not in described
    assert described | empty == set(CSV_COLUMNS)
