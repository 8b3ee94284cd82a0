"""Benchmark the whole build at three scales and print one table. Run on demand, not in the tests.

    .venv/bin/python bench/run.py                 # Luton, 10x (300 indicators) and 100x (3,000)
    .venv/bin/python bench/run.py --scales luton 10x

For each scale: pages and charts; a cold build (no cache, no output), a warm build
(nothing changed) and a rebuild after one value changed, each split by stage; peak
memory; the size of site/, its largest page and its search index (raw and gzipped);
charts per second with a fresh figure per chart, in a batch, and across all cores;
and what a reader's browser fetches on first load of the home page and an indicator
page (gzipped, as GitHub Pages serves it) with the number of requests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCALES = {"luton": 0, "10x": 300, "100x": 3000}
#: Most a reader's browser should fetch, gzipped, to search (issue 20): every first search loads the whole index.
SEARCH_BUDGET_KB = {"luton": 80, "100x": 400}


def _prepare(scale: str, work: Path) -> Path:
    from bench.make_site import make_site

    target = work / scale
    if SCALES[scale] == 0:
        if target.exists():
            shutil.rmtree(target)
        for name in ("data", "content"):
            shutil.copytree(ROOT / name, target / name)
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        return target
    return make_site(target, SCALES[scale])


def _driver(site_dir: Path) -> None:
    """Runs in its own process so that peak memory is this scale's alone; prints JSON."""
    from generator.build import build

    runs = {"cold without the PDF": _cold_without_the_pdf(site_dir)}
    for folder in ("build", "site"):
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for label in ("cold", "warm", "one value changed"):
        if label == "one value changed":
            _change_one_value(site_dir)
        started = time.perf_counter()
        result = build(site_dir)
        total = time.perf_counter() - started
        runs[label] = {
            "total": total,
            "stages": result.seconds,
            "rendered": result.charts.rendered,
            "written": len(result.report.written),
        }
        pages = len(result.pages)
        charts = result.charts.rendered + result.charts.cached
    runs["mkdocs alone"] = {"total": _mkdocs_alone(site_dir, result.site), "stages": {}, "rendered": 0, "written": 0}
    runs.update(_as_commands(site_dir, result.site))
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = max(peak_self, peak_children) / 1024
    print(json.dumps({"runs": runs, "pages": pages, "charts": charts, "peak_mb": peak_mb, "pdf": _pdf(site_dir)}))


def _cold_without_the_pdf(site_dir: Path) -> dict[str, Any]:
    """A cold build with the print edition turned off: what the PDF adds is measured against it."""
    from generator import print_edition
    from generator.build import build

    for folder in ("build", "site"):
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    wanted = print_edition.wanted
    print_edition.wanted = lambda site_dir: False
    try:
        started = time.perf_counter()
        result = build(site_dir)
        total = time.perf_counter() - started
    finally:
        print_edition.wanted = wanted
    return {"total": total, "stages": result.seconds, "rendered": result.charts.rendered, "written": 0}


def _pdf(site_dir: Path) -> dict[str, float] | None:
    """The print edition the last build published: its size and pages (None when the site is too large for one)."""
    import pikepdf

    found = sorted((site_dir / "site").glob("*.pdf"))
    if not found:
        return None
    with pikepdf.open(found[0]) as pdf:
        return {"mb": found[0].stat().st_size / 1e6, "pages": len(pdf.pages)}


def _mkdocs_alone(site_dir: Path, site: object) -> float:
    """MkDocs building the same generated config with nothing else: the floor a warm build is held to."""
    from generator import mkdocs_joint
    from generator.build import mkdocs_settings

    out = Path(tempfile.mkdtemp(prefix="mkdocs-alone-"))
    started = time.perf_counter()
    mkdocs_joint.run(site_dir / "build" / "mkdocs.yml", out, site_dir, mkdocs_settings(site))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def _as_commands(site_dir: Path, site: object) -> dict[str, dict[str, Any]]:
    """The same builds as an editor runs them: whole processes, start-up and imports included.

    ``mkdocs build`` of the generated config is the floor; ``strategy-site build`` warm is
    the best of three (a shared machine only ever adds time), cold is one run from nothing.
    """
    from generator.build import mkdocs_settings

    bin_dir = Path(sys.executable).parent
    environment = {**os.environ, **mkdocs_settings(site)}  # type: ignore[arg-type]

    def timed(command: list[object]) -> float:
        started = time.perf_counter()
        subprocess.run([str(part) for part in command], check=True, capture_output=True, env=environment)
        return time.perf_counter() - started

    out = Path(tempfile.mkdtemp(prefix="mkdocs-command-"))
    config = site_dir / "build" / "mkdocs.yml"
    mkdocs = min(timed([bin_dir / "mkdocs", "build", "-q", "-f", config, "-d", out]) for _ in range(3))
    shutil.rmtree(out, ignore_errors=True)
    build = [bin_dir / "strategy-site", "build", site_dir]
    warm = min(timed(build) for _ in range(3))
    for folder in ("build", "site"):
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    cold = timed(build)

    def run(total: float) -> dict[str, Any]:
        return {"total": total, "stages": {}, "rendered": 0, "written": 0}

    return {"mkdocs command": run(mkdocs), "command warm": run(warm), "command cold": run(cold)}


def generator_seconds(stages: dict[str, float]) -> float:
    """The build's wall-clock time that is the generator's: everything but MkDocs (the wait for charts after it too)."""
    # "charts and check" is the whole wait after MkDocs; these are parts of it, not more time
    within_the_wait = {"charts", "report"} if "charts and check" in stages else set()
    return sum(v for k, v in stages.items() if k != "mkdocs" and k not in within_the_wait)


def _change_one_value(site_dir: Path) -> None:
    path = sorted((site_dir / "data").glob("indicators*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "value: "
    index = text.index(marker) + len(marker)
    end = index
    while text[end] in "0123456789.":
        end += 1
    path.write_text(text[:index] + str(float(text[index:end]) + 0.1) + text[end:], encoding="utf-8")


def _site_sizes(site: Path) -> dict[str, float]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    return {
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "largest_page_kb": max(p.stat().st_size for p in pages) / 1e3,
        "average_page_kb": sum(p.stat().st_size for p in pages) / len(pages) / 1e3,
        "search_raw_kb": len(raw) / 1e3,
        "search_gzip_kb": len(gzip.compress(raw, mtime=0)) / 1e3,
    }


def _reader(site: Path) -> dict[str, str]:
    """First-load bytes (gzipped) and requests for the home page and one indicator page."""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        return {"home": "no chromium", "indicator": "no chromium"}
    from playwright.sync_api import Request, sync_playwright

    from tests.test_browser import LAUNCH_ARGS, _serve

    server, base = _serve(site)
    indicator = next((p for p in sorted((site / "indicators").glob("*/index.html"))), None)
    targets = {
        "home": "/",
        "indicator": "/" + indicator.parent.relative_to(site).as_posix() + "/" if indicator else "/",
    }
    out = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            for name, path in targets.items():
                context = browser.new_context()
                page = context.new_page()
                urls: list[str] = []

                def record(request: Request, urls: list[str] = urls) -> None:
                    urls.append(request.url)

                page.on("request", record)
                page.goto(base + path, wait_until="networkidle")
                page.click(".md-search__input")  # a reader who searches fetches the index too
                page.keyboard.type("a")
                page.wait_for_timeout(1500)
                total = 0
                for url in set(urls):
                    local = site / url.removeprefix(base).split("?")[0].split("#")[0].lstrip("/")
                    if local.is_dir():
                        local = local / "index.html"
                    if local.is_file():
                        total += len(gzip.compress(local.read_bytes(), mtime=0))
                out[name] = f"{total / 1e3:.0f} KB gz, {len(set(urls))} requests"
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def _chart_rates() -> dict[str, float]:
    """Per-chart time with a fresh figure, in a batch, and across all cores, on the same 48 charts."""
    from concurrent.futures import ProcessPoolExecutor

    from generator.chart_layout import time_positions
    from generator.charts import ChartSpec, Line, render_svg, render_svg_fresh

    periods = tuple(str(2010 + y) for y in range(8))
    specs = [
        ChartSpec(
            f"Chart {i}",
            f"Measure {i}, %",
            periods,
            (
                Line(
                    "Area actual",
                    "#0072B2",
                    "solid",
                    "o",
                    tuple(range(8)),
                    tuple(float(i + y * (i % 5)) for y in range(8)),
                ),
                Line(
                    "Area target", "#0072B2", "dashed", "", tuple(range(1, 8)), tuple(float(i + y) for y in range(1, 8))
                ),
            ),
            1,
            "A sentence.",
            axis_label="%",
            positions=time_positions(periods),
        )
        for i in range(48)
    ]
    render_svg_fresh(specs[0])

    def best_of_three(run: Callable[[], object]) -> float:
        """Per-chart seconds, the best of three runs: the machine's other work only ever adds time."""
        times = []
        for _ in range(3):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) / len(specs))
        return min(times)

    fresh = best_of_three(lambda: [render_svg_fresh(spec) for spec in specs])
    batch = best_of_three(lambda: [render_svg(spec) for spec in specs])
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=cores) as pool:
        list(pool.map(render_svg, specs[:cores]))  # start the workers and import matplotlib first
        parallel = best_of_three(lambda: list(pool.map(render_svg, specs, chunksize=len(specs) // cores)))
    return {"fresh_ms": fresh * 1000, "batch_ms": batch * 1000, "parallel_ms": parallel * 1000, "cores": cores}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=list(SCALES), choices=list(SCALES))
    parser.add_argument("--driver", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "strategy-site-bench")
    args = parser.parse_args()
    if args.driver:
        _driver(args.driver)
        return
    rates = _chart_rates()
    print(
        f"cores: {rates['cores']}; charts: fresh figure {rates['fresh_ms']:.0f} ms each, batch "
        f"{rates['batch_ms']:.0f} ms ({rates['fresh_ms'] / rates['batch_ms']:.1f}x better), all cores "
        f"{rates['parallel_ms']:.0f} ms ({rates['batch_ms'] / rates['parallel_ms']:.1f}x faster than one process)"
    )
    rows = []
    for scale in args.scales:
        print(f"building {scale} …", flush=True)
        site_dir = _prepare(scale, args.work)
        output = subprocess.run(
            [sys.executable, __file__, "--driver", str(site_dir)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        result = json.loads(output.stdout.strip().splitlines()[-1])
        rows.append((scale, result, _site_sizes(site_dir / "site"), _reader(site_dir / "site")))
    header = (
        "scale",
        "pages",
        "charts",
        "run",
        "total s",
        "load+validate",
        "render",
        "charts s",
        "write",
        "PDF s",
        "mkdocs",
        "generator %",
        "charts drawn",
    )
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for scale, result, _sizes, _reader_row in rows:
        for run, data in result["runs"].items():
            stages = data["stages"]
            print(
                f"| {scale} | {result['pages']} | {result['charts']} | {run} | {data['total']:.2f} | "
                f"{stages.get('load+validate', 0):.2f} | "
                f"{stages.get('plan pages and charts', 0) + stages.get('render pages', 0):.2f} | "
                f"{stages.get('charts', 0):.2f} | {stages.get('write', 0):.2f} | "
                f"{stages.get('print edition', 0):.2f} | {stages.get('mkdocs', data['total']):.2f} | "
                f"{100 * generator_seconds(stages) / data['total']:.0f}% | {data['rendered']} |"
            )
    print(
        "\n| scale | peak MB | site/ MB | average / largest page KB | search index KB (raw / gzip) | "
        "search index budget | MkDocs ms per page (warm) | home first load | indicator first load |"
        "\n|---|---|---|---|---|---|---|---|---|"
    )
    for scale, result, sizes, reader in rows:
        print(
            f"| {scale} | {result['peak_mb']:.0f} | {sizes['site_mb']:.1f} | {sizes['average_page_kb']:.0f} / "
            f"{sizes['largest_page_kb']:.0f} | {sizes['search_raw_kb']:.0f} / {sizes['search_gzip_kb']:.0f} | "
            f"{search_budget(scale, sizes['search_gzip_kb'])} | {_mkdocs_per_page(result) * 1000:.1f} | "
            f"{reader['home']} | {reader['indicator']} |"
        )
    _print_pdf(rows)
    _print_budgets({scale: (result, sizes) for scale, result, sizes, _reader_row in rows})


def _print_pdf(rows: list[tuple[str, dict[str, Any], dict[str, float], dict[str, str]]]) -> None:
    """The print edition at each scale: its pages and size, and what it adds to a cold build and a warm one."""
    print(
        "\n| scale | PDF pages | PDF MB | made in (cold build) s | cold build without / with the PDF s | "
        "added | warm build's PDF s |\n|---|---|---|---|---|---|---|"
    )
    for scale, result, _sizes, _reader_row in rows:
        runs, pdf = result["runs"], result.get("pdf")
        if pdf is None:
            print(f"| {scale} | – | – | not made: too large for one document | – | – | – |")
            continue
        without, cold = runs["cold without the PDF"]["total"], runs["cold"]["total"]
        print(
            f"| {scale} | {pdf['pages']:.0f} | {pdf['mb']:.2f} | "
            f"{runs['cold']['stages'].get('print edition', 0):.2f} | "
            f"{without:.2f} / {cold:.2f} | {100 * (cold - without) / without:.0f}% | "
            f"{runs['warm']['stages'].get('print edition', 0):.2f} |"
        )


def _mkdocs_per_page(result: dict[str, Any]) -> float:
    pages: int = result["pages"]
    return float(result["runs"]["warm"]["stages"].get("mkdocs", 0.0)) / max(1, pages)


def _print_budgets(rows: dict[str, tuple[dict[str, Any], dict[str, float]]]) -> None:
    """Each budget of the build, with the figure measured now (only for the scales that ran)."""
    checks: list[tuple[str, float, float, str]] = []  # what, measured, limit, unit
    if "luton" in rows:
        luton = rows["luton"][0]["runs"]
        checks.append(("Luton cold build, without the PDF", luton["cold without the PDF"]["total"], 1.5, "s"))
        without = luton["cold without the PDF"]["total"]
        checks.append(
            (
                "Luton: what the PDF adds to a cold build / the build without it",
                (luton["cold"]["total"] - without) / without,
                0.5,
                "x",
            )
        )
        if pdf := rows["luton"][0].get("pdf"):
            checks.append(("Luton PDF", pdf["mb"], 3, "MB"))
        checks.append(
            ("Luton warm build: the PDF from its cache", luton["warm"]["stages"].get("print edition", 0), 0.5, "s")
        )
        warm_ratio = luton["warm"]["total"] / luton["mkdocs alone"]["total"]
        checks.append(("Luton warm build / MkDocs alone", warm_ratio, 1.15, "x"))
        command_ratio = luton["command warm"]["total"] / luton["mkdocs command"]["total"]
        checks.append(("Luton warm `strategy-site build` / `mkdocs build`, as commands", command_ratio, 1.15, "x"))
    if "100x" in rows:
        result, sizes = rows["100x"]
        checks.append(("100x cold build", result["runs"]["cold"]["total"], 50, "s"))
        cold_ratio = result["runs"]["command cold"]["total"] / result["runs"]["mkdocs command"]["total"]
        checks.append(("100x cold `strategy-site build` / `mkdocs build`, as commands", cold_ratio, 1.5, "x"))
        checks.append(("100x warm build", result["runs"]["warm"]["total"], 35, "s"))
        checks.append(("100x average HTML page", sizes["average_page_kb"], 50, "KB"))
        checks.append(("100x largest HTML page", sizes["largest_page_kb"], 300, "KB"))
        checks.append(("100x built site", sizes["site_mb"], 250, "MB"))
        if "10x" in rows:
            ratio = _mkdocs_per_page(result) / max(1e-9, _mkdocs_per_page(rows["10x"][0]))
            checks.append(("MkDocs per page, 100x / 10x", ratio, 1.15, "x"))
    checks.extend((f"{scale} peak memory", row[0]["peak_mb"], 1024, "MB") for scale, row in rows.items())
    print("\n| budget | measured | limit | |\n|---|---|---|---|")
    for what, measured, limit, unit in checks:
        print(f"| {what} | {measured:.2f} {unit} | {limit:g} {unit} | {'met' if measured <= limit else 'NOT MET'} |")
    _print_machine_speed(rows)


def _print_machine_speed(rows: dict[str, tuple[dict[str, Any], dict[str, float]]]) -> None:
    """How fast the machine ran, to read the budgets in seconds by: a shared machine's speed drifts.

    MkDocs alone does the same work on every run, so each build over it is a figure that
    does not drift with the machine (seen here: 100x MkDocs alone 27 s on a quiet run, 33 s
    on a slow one, with the same code).
    """
    for scale, (result, _sizes) in rows.items():
        runs = result["runs"]
        alone = runs["mkdocs alone"]["total"]
        cold, warm = runs["cold"]["total"] / alone, runs["warm"]["total"] / alone
        print(f"{scale}: MkDocs alone {alone:.2f} s on this run; cold build {cold:.2f}x, warm build {warm:.2f}x that")


def search_budget(scale: str, gzip_kb: float) -> str:
    """'within 80 KB' or 'OVER 80 KB' against the scale's budget for the gzipped search index."""
    budget = SEARCH_BUDGET_KB.get(scale)
    if budget is None:
        return "–"
    return f"{'within' if gzip_kb <= budget else 'OVER'} {budget} KB"


if __name__ == "__main__":
    main()
