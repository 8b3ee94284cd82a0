"""Generated Markdown of the outcome pages, compared with reviewed golden copies.

When a page change is intended, run ``bash scripts/test.sh tests/test_golden.py --update-golden``
and review the diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import generate

from .conftest import ROOT, copy_site

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = copy_site(ROOT, tmp_path_factory.mktemp("golden"))
    generate(site_dir)
    return site_dir / "build" / "docs"


def _outcome_pages(docs: Path) -> list[Path]:
    return sorted((docs / "outcomes").glob("*.md"))


def test_outcome_pages_match_golden_files(generated: Path, request: pytest.FixtureRequest) -> None:
    pages = _outcome_pages(generated)
    assert len(pages) >= 4
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("outcomes-*.md"):
            old.unlink()
        for page in pages:
            (GOLDEN / f"outcomes-{page.name}").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    for page in pages:
        golden = GOLDEN / f"outcomes-{page.name}"
        assert golden.is_file(), f"no golden copy of {page.name}: run with --update-golden and review it"
        assert page.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), (
            f"{page.name} changed: if intended, run with --update-golden and review the diff"
        )
