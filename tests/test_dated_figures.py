"""Every figure dated, the strategy's own included: a figure from the past never reads as today's.

"What we know" on an outcome page says when each figure is from: its period, or, when the
document gives none, that it is as the document stated it, with the document's date. A measure
whose figure the page states shows it with that date instead of "no published figure yet", the
about page dates the strategy's "now 77.2 years", and `validate` names the file and line of a
figure dated after its own document. The tests read the YAML with plain PyYAML and the built HTML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.formats import long_date
from generator.periods import parse_period

from .conftest import ROOT, copy_site, merged_yaml
from .html_text import visible_text, without_expansions


def _main(site_dir: Path, page: str) -> str:
    html = (site_dir / "site" / page).read_text(encoding="utf-8")
    return html[html.index('<article class="md-content__inner') :]


def _section(html: str, heading: str) -> str | None:
    """The HTML under the ``<h2>`` that reads ``heading``, up to the next ``<h2>``; None when there is none."""
    parts = re.split(rf"<h2[^>]*>{re.escape(heading)}<a class=\"headerlink\".*?</h2>", html, maxsplit=1)
    return parts[1].split("<h2", 1)[0] if len(parts) == 2 else None


def _items(section: str) -> list[str]:
    return [visible_text(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def _words(text: str) -> str:
    return " ".join(text.split())


def _document_date(data: dict[str, Any], document_id: str | None) -> str | None:
    """The document's date as a page prints it (a day as '31 March 2014'), or None when it has none."""
    document = next((d for d in data.get("documents", []) if d["id"] == document_id), None)
    if document is None or not document.get("date"):
        return None
    period = parse_period(str(document["date"]))
    shown = long_date(period.start) if period.kind == "date" else period.display
    return f"{shown}, assumed date" if document.get("date_assumed_because") else shown


def _number(value: float) -> str:
    """A figure's value as the text writes it: 28.4, 3,906, 12,332."""
    return format(value, ",g")


def _what_we_know_figures(site_dir: Path) -> tuple[int, list[str]]:
    """How many "What we know" figures an outcome page shows, and each shown with neither period nor document date."""
    data = merged_yaml(site_dir / "data")
    strategy_source = data["strategy"].get("source")
    checked, undated = 0, []
    for outcome in data.get("outcomes", []):
        facts = outcome.get("what_we_know") or []
        section = _section(_main(site_dir, f"outcomes/{outcome['id']}/index.html"), "What we know")
        assert (section is not None) == bool(facts), outcome["id"]
        if section is None:
            continue
        items = [without_expansions(item, data.get("glossary", [])) for item in _items(section)]
        for fact in facts:
            item = next(i for i in items if i.startswith(_words(fact["text"])))
            for figure in fact.get("figures") or []:
                checked += 1
                if figure.get("period"):
                    date = parse_period(str(figure["period"])).display
                    dated = date in item
                else:  # as the document stated it, with the document's date
                    date = _document_date(data, figure.get("source") or strategy_source) or "(its document's date)"
                    dated = f"({date})" in item and "as stated in" in item.lower()
                if not dated:
                    undated.append(f"{outcome['id']}: '{figure['label']}' is shown without {date}: {item}")
    return checked, undated


def test_every_what_we_know_figure_carries_its_period_or_its_documents_date(
    luton_site: Path, leicestershire_site: Path
) -> None:
    luton, undated = _what_we_know_figures(luton_site)
    assert luton >= 38  # every figure of Luton's three outcomes
    assert not undated, "\n".join(undated)
    _, undated = _what_we_know_figures(leicestershire_site)  # an action plan with no "What we know" at all
    assert not undated, "\n".join(undated)


def _measures_saying_no_figure(site_dir: Path) -> tuple[int, list[str]]:
    """Measures whose outcome page states a figure for their indicator, and those still saying there is none."""
    data = merged_yaml(site_dir / "data")
    heading = data["strategy"].get("terms", {}).get("measures", "How we will measure success")
    names = {i["id"]: i["name"] for i in data.get("indicators", [])}
    checked, wrong = 0, []
    for outcome in data.get("outcomes", []):
        stated = {
            figure["indicator"]
            for fact in outcome.get("what_we_know") or []
            for figure in fact.get("figures") or []
            if figure.get("indicator")
        }
        measured = [m for m in outcome.get("measures") or [] if m["indicator"] in stated]
        if not measured:
            continue
        section = _section(_main(site_dir, f"outcomes/{outcome['id']}/index.html"), heading)
        assert section is not None
        items = _items(section)
        for measure in measured:
            name = measure.get("short_title") or names[measure["indicator"]]
            item = next(i for i in items if i.startswith(_words(name)))
            checked += 1
            if "no published figure yet" in item:
                wrong.append(f"{outcome['id']}: {item}")
    return checked, wrong


def test_no_measure_says_no_published_figure_when_its_page_states_one(
    luton_site: Path, leicestershire_site: Path
) -> None:
    luton, wrong = _measures_saying_no_figure(luton_site)
    # infant mortality (which has a page), children in poverty, smoking, domestic abuse and income
    assert luton >= 5
    assert not wrong, "\n".join(wrong)
    _, wrong = _measures_saying_no_figure(leicestershire_site)
    assert not wrong, "\n".join(wrong)


def test_a_measure_shows_the_figure_the_page_states_with_its_date(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    strategy_source = luton_yaml["strategy"]["source"]
    names = {i["id"]: i["name"] for i in luton_yaml["indicators"]}
    with_figures = {i["id"] for i in luton_yaml["indicators"] if i.get("series")}
    checked = 0
    for outcome in luton_yaml["outcomes"]:
        section = _section(_main(luton_site, f"outcomes/{outcome['id']}/index.html"), "How we will measure success")
        assert section is not None
        items = _items(section)
        for fact in outcome.get("what_we_know") or []:
            for figure in fact.get("figures") or []:
                indicator = figure.get("indicator")
                if indicator in with_figures or figure.get("area") != luton_yaml["strategy"]["area"]:
                    continue
                measure = next((m for m in outcome["measures"] if m["indicator"] == indicator), None)
                if measure is None:
                    continue
                item = next(i for i in items if i.startswith(measure.get("short_title") or names[indicator]))
                date = (
                    parse_period(str(figure["period"])).display
                    if figure.get("period")
                    else _document_date(luton_yaml, figure.get("source") or strategy_source)
                )
                assert date is not None
                assert _number(figure["value"]) in item and date in item, item
                checked += 1
    assert checked >= 4  # children in poverty, smoking, domestic abuse (2010/11) and income


def test_the_about_page_dates_every_figure_the_strategy_gives_as_now(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    strategy = luton_yaml["strategy"]
    date = _document_date(luton_yaml, strategy["source"])
    assert date is not None, "the strategy's document has no date, so 'now' cannot be dated"
    now = re.compile(r"\bnow (?:at )?[£\d]")
    written = [p for section in strategy["sections"] for p in section["body"].split("\n\n") if now.search(p)]
    assert written, "Luton's strategy says 'now 77.2 years' in its own words"
    paragraphs = [visible_text(p) for p in re.findall(r"<p>(.*?)</p>", _main(luton_site, "about/index.html"), re.S)]
    saying_now = [n for n, p in enumerate(paragraphs) if now.search(p)]
    assert len(saying_now) == len(written)
    for n in saying_now:
        dated = paragraphs[n] + " " + (paragraphs[n + 1] if n + 1 < len(paragraphs) else "")
        assert f"As the strategy stated it ({date})" in dated, paragraphs[n]


def _luton_copy(tmp_path: Path) -> Path:
    site = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    assert merged_yaml(site / "data")["strategy"]["source"] == "hwb-strategy-2012"
    return site


def _validate(site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


DOMESTIC_ABUSE = "          - label: Incidents of domestic abuse reported to the police"


def _change_domestic_abuse_figure(site: Path, field: str, value: str) -> int:
    """Set one field of the figure '3,906 incidents of domestic abuse (2010/11)' in a copy; the line it is on."""
    outcomes = site / "data" / "outcomes.yaml"
    lines = outcomes.read_text(encoding="utf-8").splitlines()
    first = lines.index(DOMESTIC_ABUSE)
    end = next(n for n in range(first + 1, len(lines)) if not lines[n].startswith("            "))
    at = next((n for n in range(first + 1, end) if lines[n].startswith(f"            {field}:")), None)
    if at is None:
        at = end
        lines.insert(at, "")
    lines[at] = f"            {field}: {value}"
    outcomes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_a_figure_dated_after_its_document_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _luton_copy(tmp_path)
    line = _change_domestic_abuse_figure(site, "period", '"2014/15"')
    err = _validate(site, capsys)
    problem = next(p for p in err.splitlines() if p.startswith(f"data/outcomes.yaml:{line}:"))
    assert "2014/15" in problem and "hwb-strategy-2012" in problem  # what is wrong
    assert "correct the period" in problem  # and what to do


def test_a_figure_from_an_unknown_document_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _luton_copy(tmp_path)
    line = _change_domestic_abuse_figure(site, "source", "police-recorded-crime")
    err = _validate(site, capsys)
    problem = next(p for p in err.splitlines() if p.startswith(f"data/outcomes.yaml:{line}:"))
    assert "there is no document with id 'police-recorded-crime'" in problem


def test_an_assumed_document_date_is_marked_assumed_wherever_it_is_given(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    """The strategy states no date: the data says its 2012/13 is assumed, and so does every page that gives it."""
    assumed = [d for d in luton_yaml["documents"] if d.get("date_assumed_because")]
    assert assumed
    sources = visible_text((luton_site / "site" / "sources" / "index.html").read_text(encoding="utf-8"))
    for document in assumed:
        shown = document["date"].replace("-", "–")
        assert f"Dated: {shown} (assumed: {document['date_assumed_because']}" in " ".join(sources.split())
    pages = [visible_text(p.read_text(encoding="utf-8")) for p in (luton_site / "site").rglob("*.html")]
    unmarked = [t for t in pages for d in assumed if f"as stated in the strategy ({d['date']})" in t]
    assert unmarked == []
    assert any(f"({d['date']}, assumed date)" in t for t in pages for d in assumed)


def test_a_broken_strategy_block_gives_its_own_error_not_a_warning_for_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Figures default to the strategy's document: while the strategy is wrong, they are not judged without it."""
    site_dir = copy_site(ROOT, tmp_path / "site")
    path = site_dir / "data" / "strategy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('period: "2012-2019"', 'period: "2019-2012"'), "utf-8")
    assert main(["validate", str(site_dir)]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "data/strategy.yaml:" in output and "runs backwards" in output
    assert "names no document" not in output, output
