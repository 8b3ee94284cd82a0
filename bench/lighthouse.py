"""Lighthouse on a phone, as GitHub Pages serves the site: performance and accessibility of the pages residents open.

    .venv/bin/python bench/lighthouse.py                      # Luton's built site/, three pages
    .venv/bin/python bench/lighthouse.py examples/NAME /progress/ /about/

Run on demand, never by the test suite. Lighthouse (the npm package) goes into its own
folder (``--tools``, default $TMPDIR/strategy-site-lighthouse) the first time, from the
npm registry; it drives Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium).
The site is served from 127.0.0.1 with gzip for text, as GitHub Pages serves it, and each
page is audited with Lighthouse's default mobile settings (a mid-range phone on a slow
4G connection, simulated). The budget is issue 30's: performance at least 95 and
accessibility 100 on every page audited.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/indicators/infant-mortality/", "/progress/"]
LIGHTHOUSE = "lighthouse@12"
BUDGET = {"performance": 95, "accessibility": 100}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _Gzipped(SimpleHTTPRequestHandler):
    """Files as GitHub Pages sends them: text gzipped when the browser asks for it."""

    def log_message(self, *_args: object) -> None:
        return

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _lighthouse(tools: Path) -> Path:
    """The lighthouse command, installed into ``tools`` from the npm registry if it is not there."""
    command = tools / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        print(f"installing {LIGHTHOUSE} into {tools} …", flush=True)
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", LIGHTHOUSE], cwd=tools, check=True)
    return command


def audit(command: Path, url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run on ``url`` (mobile): the two category scores and the metrics behind performance."""
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        [
            str(command),
            url,
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
        ],
        check=True,
        env=environment,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "FCP": audits["first-contentful-paint"]["displayValue"],
        "LCP": audits["largest-contentful-paint"]["displayValue"],
        "TBT": audits["total-blocking-time"]["displayValue"],
        "CLS": audits["cumulative-layout-shift"]["displayValue"],
        "bytes": audits["total-byte-weight"]["displayValue"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=ROOT, help="a built site folder (default: Luton)")
    parser.add_argument("pages", nargs="*", default=PAGES, help="paths to audit (default: %(default)s)")
    parser.add_argument("--tools", type=Path, default=Path(tempfile.gettempdir()) / "strategy-site-lighthouse")
    args = parser.parse_args()
    site = args.site_dir / "site"
    if not (site / "index.html").is_file():
        print(f"{site}: no built site; run 'strategy-site build {args.site_dir}' first", file=sys.stderr)
        return 1
    command = _lighthouse(args.tools)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipped, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for number, page in enumerate(args.pages):
                print(f"auditing {page} …", flush=True)
                url = f"http://127.0.0.1:{server.server_address[1]}{page}"
                rows.append((page, audit(command, url, Path(scratch) / f"{number}.json")))
    finally:
        server.shutdown()
    print("\n| page | performance | accessibility | FCP | LCP | TBT | CLS | transferred |")
    print("|---|---|---|---|---|---|---|---|")
    met = True
    for page, found in rows:
        met &= all(found[name] >= limit for name, limit in BUDGET.items())
        print(
            f"| {page} | {found['performance']} | {found['accessibility']} | {found['FCP']} | {found['LCP']} | "
            f"{found['TBT']} | {found['CLS']} | {found['bytes']} |"
        )
    limits = ", ".join(f"{name} ≥ {limit}" for name, limit in BUDGET.items())
    print(f"\nbudget ({limits} on every page): {'met' if met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
