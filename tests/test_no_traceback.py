"""Nothing after "OK" fails on data, and nothing the tool does ends in a traceback.

Each case is one that once passed `validate` and then crashed the build, or crashed
`validate` itself; each now gives a located problem (exit 1). Faults of the machine
(a full disk) and of the tool itself give one plain message (exit 2), and `--debug`
shows the traceback for maintainers.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main

from .conftest import buildable_minimal_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return buildable_minimal_site(tmp_path / "site")


def _replace(site: Path, old: str, new: str) -> None:
    path = site / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(site: Path, capsys: pytest.CaptureFixture[str], command: str = "validate") -> tuple[int, str]:
    code = main([command, str(site)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        ("lower: 8.1\n            upper: 6.4", "the interval is the wrong way round (lower 8.1 is above upper 6.4)"),
        ("lower: 8.0\n            upper: 9.0", "the value 7.5 is below the lower end of its interval (8)"),
        ("lower: 6.0\n            upper: 7.0", "the value 7.5 is above the upper end of its interval (7)"),
    ],
)
def test_an_interval_that_cannot_be_drawn_is_refused_at_its_value(
    site: Path, capsys: pytest.CaptureFixture[str], interval: str, message: str
) -> None:
    _replace(site, "value: 7.5\n", f"value: 7.5\n            {interval}\n")
    code, output = run(site, capsys)
    assert code == 1
    assert output.startswith("data/indicators.yaml:38: ") and message in output, output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" + "0" * 5000, "has 5,001 digits, more than any figure a page can show"),
        ("!!timestamp 99999-01-01", "'99999-01-01' is not a real date"),
    ],
)
def test_values_python_cannot_read_are_located_problems(
    site: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    _replace(site, "value: 77.7", f"value: {value}")
    code, output = run(site, capsys)
    assert code == 1
    assert output.startswith("data/indicators.yaml:17: ") and message in output, output[:300]


def test_dollar_signs_in_a_unit_are_drawn_as_written(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(site, "unit: years", 'unit: "$\\\\frac{$ and $\\\\alpha$ years"')
    code, output = run(site, capsys, "build")
    assert code == 0, output
    svg = (site / "site" / "indicators" / "life-expectancy-birth--male.svg").read_text(encoding="utf-8")
    assert "$\\frac{$ and $\\alpha$ years" in svg and "α" not in svg


@pytest.mark.parametrize("name", ["sitemap.xml.md", "downloads/data.json.md", "a page.md"])
def test_a_page_named_like_a_file_of_the_site_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    page = site / "content" / name
    page.parent.mkdir(parents=True)
    page.write_text("# A page\n", encoding="utf-8")
    code, output = run(site, capsys, "build")
    assert code == 1
    assert output.startswith(f"content/{name}:1: a page's file name becomes its address"), output


def test_a_full_disk_gives_one_plain_message(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(site / "build" / "docs" / "index.md"))

    monkeypatch.setattr("generator.build.build", full)
    code, output = run(site, capsys, "build")
    assert code == 2
    assert "No space left on device" in output and "build/docs/index.md" in output
    assert "disk has space" in output


def test_an_error_in_the_tool_gives_one_plain_message_and_debug_the_traceback(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("generator.build.build", broken)
    code, output = run(site, capsys, "build")
    assert code == 2
    assert "strategy-site build stopped on an error in the tool, not in your data: ZeroDivisionError" in output
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "build", str(site)])


def test_the_minimal_site_still_builds(site: Path) -> None:
    build(site)
    assert (site / "site" / "index.html").is_file()
