"""The files that make a new site a repository of its own, able to check and publish itself.

Another council should not copy this whole project: ``strategy-site new`` writes, beside
the data, a README for its editors, a requirements file pinning this tool, and the same
GitHub workflow this project uses — a fast check on pull requests (problems on the
changed lines, a plain summary of what the change does, the built site to preview)
and publishing to GitHub Pages from main.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "strategy-site"


def tool_version() -> str:
    """The installed tool's version, which the new repository pins."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


WORKFLOW = """\
# Checks every pull request and publishes main to GitHub Pages (Settings › Pages › Source: GitHub Actions).
# On a pull request, problems show on the changed lines, the run's Summary says what the
# change does to the site, and the built site is attached as "site-preview".
name: Check and publish

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false # no later step can read the token from .git/config
          fetch-depth: 0 # the base branch too, for diff: with no token kept, a private repository cannot fetch it later
      # build/ is git-ignored, but a pull request made on GitHub's upload page can commit
      # files there: the cache below is restored into an empty build folder instead
      - name: Start from an empty build folder
        run: rm -rf build
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: requirements.txt
      - name: Install strategy-site
        run: python -m pip install --disable-pip-version-check -r requirements.txt
      - name: Keep the drawn charts and the checked data between runs
        uses: actions/cache@v4
        with:
          path: build/.cache
          key: site-cache-${{ hashFiles('data/**', 'content/**', 'site_templates/**', 'requirements.txt') }}
          restore-keys: site-cache-
      - name: Check the data (problems appear on the changed lines)
        run: strategy-site validate
      - name: Find the Pages address
        id: pages
        if: github.event_name != 'pull_request'
        uses: actions/configure-pages@v5
      - name: Build the site in strict mode
        env:
          SITE_URL: ${{ steps.pages.outputs.base_url }}
        run: strategy-site build
      - name: Say what this change does to the site
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: ${{ github.base_ref }}
        run: |
          git rev-parse --verify --quiet "origin/$BASE_REF" >/dev/null ||
            git fetch --no-tags --depth=1 origin "$BASE_REF"
          strategy-site diff "origin/$BASE_REF" --output "$GITHUB_STEP_SUMMARY"
      - name: Attach the built site to preview
        if: github.event_name == 'pull_request'
        uses: actions/upload-artifact@v4
        with:
          name: site-preview
          path: site
          retention-days: 7
      - name: Upload the site for Pages
        if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: check
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


def _readme(area: str) -> str:
    return f"""\
# {area} Health and Wellbeing Strategy

This repository is the {area} health and wellbeing strategy as a website. Everything
on the site comes from the YAML files in `data/` and the pages in `content/`; the
site is built by the `{DISTRIBUTION}` tool, at the version named in `requirements.txt`.

## Editing on GitHub

1. Open the file in `data/` and press the pencil. (On the published site, every page
   has an "Edit" button that opens the right file at the right line.)
2. Make your change, press **Commit changes…**, choose "Create a new branch … and start
   a pull request", and create the pull request.
3. Within about a minute the **check** runs. A mistake is shown on the line you changed,
   with what to do. The check's **Summary** says in plain words what the change does to
   the site: figures (old → new), statuses, pages. The built site is attached as
   **site-preview**.
4. When the check is green, **Merge pull request**: the site is published again within
   a few minutes.

Turn publishing on once: Settings › Pages › Source: **GitHub Actions**.

## On your computer

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/strategy-site validate     # check the data: every problem as file:line: what to do
.venv/bin/strategy-site serve        # preview at http://127.0.0.1:8000 while you edit
.venv/bin/strategy-site build        # build the site into site/
```
"""


def repository_files(area: str) -> dict[str, str]:
    """The repository's own files for a new site for ``area``, by path."""
    return {
        ".github/workflows/publish.yml": WORKFLOW,
        "README.md": _readme(area),
        "requirements.txt": (
            "# The tool that builds this site, pinned so that every build gives the same site.\n"
            "# To upgrade, change the version, open a pull request and read the check's summary.\n"
            f"{DISTRIBUTION}=={tool_version()}\n"
        ),
    }
