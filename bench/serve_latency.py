"""Time from saving a YAML file to the browser showing the new value, with `strategy-site serve`.

    .venv/bin/python bench/serve_latency.py            # Luton, 5 saves
    .venv/bin/python bench/serve_latency.py --saves 10

Starts the preview server on a copy of the site, opens an indicator page in headless
Chromium, then repeatedly changes one of that indicator's values in the YAML and waits
until the reloaded page shows it. Prints each save's latency and the median. The
budget (issue 8) is 2 s on Luton.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the preview server did not answer at {url} within {seconds:.0f} s")


def _indicator_value(text: str) -> tuple[str, int, int]:
    """The id of the first indicator with a written value, and where that value's digits are."""
    match = re.search(r"^\s*- id: ([a-z0-9-]+)\s*$(?:(?!^\s*- id:)[\s\S])*?value: ([0-9.]+)", text, re.MULTILINE)
    if not match:
        raise SystemExit("no indicator value found to change")
    return match[1], match.start(2), match.end(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=5, help="how many saves to time (default 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.test_browser import LAUNCH_ARGS

    work = Path(tempfile.mkdtemp(prefix="serve-latency-"))
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    indicators = work / "data" / "indicators.yaml"
    indicator_id, _start, _end = _indicator_value(indicators.read_text(encoding="utf-8"))
    port = _free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", str(work), "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    latencies = []
    try:
        url = f"http://127.0.0.1:{port}/indicators/{indicator_id}/"
        _wait_for(url, 120)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=LAUNCH_ARGS
            )
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(1500)  # let the live-reload script connect
            for save in range(args.saves):
                text = indicators.read_text(encoding="utf-8")
                _id, start, end = _indicator_value(text)
                new_value = f"{900 + save}.{save + 1}"  # a number nothing else on the page shows
                with page.expect_event("load", timeout=30_000):
                    indicators.write_text(text[:start] + new_value + text[end:], encoding="utf-8")
                    saved = time.perf_counter()
                while new_value not in page.inner_text("article"):
                    page.wait_for_event("load", timeout=30_000)
                latencies.append(time.perf_counter() - saved)
                print(f"save {save + 1}: {latencies[-1]:.2f} s until the page showed {new_value}", flush=True)
                page.wait_for_timeout(1000)
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    print(f"median {statistics.median(latencies):.2f} s, worst {max(latencies):.2f} s over {len(latencies)} saves")


if __name__ == "__main__":
    main()
