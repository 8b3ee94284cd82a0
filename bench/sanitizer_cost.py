"""What the two checks on what reaches residents cost, as a share of the build: cleaning every page's HTML
(``generator.sanitize``) and checking every cached chart before it is reused (``generator.svg_check``).

    .venv/bin/python bench/sanitizer_cost.py                # Luton and 10x
    .venv/bin/python bench/sanitizer_cost.py --scales 100x

Each scale is built cold and then warm; then the content of every built page (the HTML
MkDocs handed to the sanitizer, as it comes back out) is cleaned again in this process,
and every cached chart checked again, best of three each, and those times are compared
with the builds. Run on demand, not in tests.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import SCALES, _prepare  # noqa: E402
from generator.build import build  # noqa: E402
from generator.sanitize import clean_html  # noqa: E402
from generator.svg_check import safe_svg  # noqa: E402

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def _contents(site: Path) -> list[str]:
    return [m[1] for page in sorted(site.rglob("*.html")) if (m := _ARTICLE.search(page.read_text("utf-8")))]


def _timed_build(site_dir: Path) -> float:
    started = time.perf_counter()
    build(site_dir)
    return time.perf_counter() - started


def _each(work: Callable[[Any], object], items: list[Any]) -> None:
    for item in items:
        work(item)


def _best_of_three(work: Callable[[], object]) -> float:
    """The shortest of three runs of ``work``, in seconds: the one least disturbed by the machine."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["luton", "10x"], choices=list(SCALES))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "strategy-site-bench")
    args = parser.parse_args()
    columns = ("pages", "KB", "sanitize s", "cold s", "share", "warm s", "share", "charts", "check s", "share")
    print(f"{'scale':<6} " + " ".join(f"{name:>{max(6, len(name))}}" for name in columns))
    for scale in args.scales:
        site_dir = _prepare(scale, args.work)
        shutil.rmtree(site_dir / "build", ignore_errors=True)
        shutil.rmtree(site_dir / "site", ignore_errors=True)
        cold = _timed_build(site_dir)
        warm = _timed_build(site_dir)
        contents = _contents(site_dir / "site")
        best = _best_of_three(functools.partial(_each, clean_html, contents))
        size = sum(len(html) for html in contents) / 1024
        svgs = [path.read_bytes() for path in sorted((site_dir / "build" / ".cache" / "charts").glob("*.svg"))]
        checked = _best_of_three(functools.partial(_each, safe_svg, svgs))
        print(
            f"{scale:<6} {len(contents):>6} {size:>7.0f} {best:>10.3f} {cold:>7.2f} {best / cold:>6.1%} "
            f"{warm:>7.2f} {best / warm:>6.1%} {len(svgs):>6} {checked:>7.3f} {checked / warm:>6.1%}"
        )


if __name__ == "__main__":
    main()
