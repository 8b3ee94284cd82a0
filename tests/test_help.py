"""Help for residents from data: a Get help page, each service beside the outcomes it relates to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import buildable_minimal_site
from .html_text import visible_text, without_expansions


def _text(site_dir: Path, page: str) -> str:
    """The page's text as the YAML wrote it: abbreviations without the words pages add on first use."""
    text = " ".join(visible_text((site_dir / "site" / page).read_text(encoding="utf-8")).split())
    glossary = yaml.safe_load((site_dir / "data" / "glossary.yaml").read_text(encoding="utf-8"))["glossary"]
    return without_expansions(text, glossary)


def test_the_help_page_lists_every_service_with_its_way_in(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    html = (luton_site / "site" / "help" / "index.html").read_text(encoding="utf-8")
    text = _text(luton_site, "help/index.html")
    assert luton_yaml["help"]
    for service in luton_yaml["help"]:
        assert service["name"] in text and " ".join(service["for_what"].split()) in text
        assert " ".join(service["how"].split()) in text
        if service.get("link"):
            assert f'href="{service["link"]}"' in html
        assert ("National service." in text) or service.get("source")
    assert "Get help" in _text(luton_site, "index.html")


def test_each_outcome_page_lists_the_services_that_relate_to_it(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    for outcome in luton_yaml["outcomes"]:
        text = _text(luton_site, f"outcomes/{outcome['id']}/index.html")
        related = [s for s in luton_yaml["help"] if outcome["id"] in s.get("outcomes", [])]
        for service in luton_yaml["help"]:
            shown = f"{service['name']}: {' '.join(service['for_what'].split())}" in text
            assert shown == (service in related), (outcome["id"], service["id"])
        assert ("If you need help with this now" in text) == bool(related)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("link", "www.nhs.uk/111", "is not a web address; write the whole address, starting https://"),
        ("outcomes", ["no-such-outcome"], "no-such-outcome"),
        ("source", "no-such-document", "no-such-document"),
    ],
)
def test_a_wrong_service_is_a_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: object, message: str
) -> None:
    site = buildable_minimal_site(tmp_path / "site")
    service = {"id": "nhs-111", "name": "NHS 111", "for_what": "Urgent help.", "how": "Call 111.", field: value}
    (site / "data" / "help.yaml").write_text(yaml.safe_dump({"help": [service]}, sort_keys=False), encoding="utf-8")
    line = 1 + yaml.safe_dump({"help": [service]}, sort_keys=False).split(f"{field}:")[0].count("\n")
    assert main(["validate", str(site)]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert re.search(rf"data/help\.yaml:{line}: .*{re.escape(message)}", output), output


def test_a_web_address_with_a_bracket_stays_one_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ')' in an address would end a Markdown link early and turn the rest into Markdown of its own."""
    site = buildable_minimal_site(tmp_path / "site")
    link = "https://x.example/a)[y](javascript:alert(1)"
    service = {"id": "x", "name": "A service", "for_what": "Help.", "how": "Call.", "link": link}
    (site / "data" / "help.yaml").write_text(yaml.safe_dump({"help": [service]}, sort_keys=False), encoding="utf-8")
    assert main(["build", str(site)]) == 0, capsys.readouterr()
    html = (site / "site" / "help" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://x.example/a%29[y]%28javascript:alert%281%29"' in html
    assert "[y](" not in visible_text(html)
