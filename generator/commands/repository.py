"""The files that make a new site a repository of its own, able to check and publish itself.

Another council should not copy this whole project: ``strategy-site new`` writes, beside
the data, a README that opens with a first-run checklist, the editors' guides, the tool's
requirement line with the exact versions it was tested with (``constraints.txt``), a
Dependabot configuration, and a GitHub workflow like this project's own — a fast check on
pull requests (problems on the changed lines, a plain summary of what the change does, the
built site to preview) and publishing to GitHub Pages from main. ``strategy-site upgrade``
rewrites the requirement line and the pins together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..shipped import pin_lines, shipped_text

DISTRIBUTION = "strategy-site"
WHEELS_DIR = "wheels"  # where a wheel given to 'new --tool-from PATH' is kept in the council's repository
REQUIREMENTS = "requirements.txt"
CONSTRAINTS = "constraints.txt"


def tool_version() -> str:
    """The installed tool's version, which the new repository pins."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


# --- where the council's build gets the tool ----------------------------------------------

_VERSION = re.compile(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?")
_COMMIT = re.compile(r"@[0-9a-f]{40}$")
WHEEL_NAME = re.compile(r"strategy_site-[A-Za-z0-9_.+!-]+\.whl")
TOOL_FROM_HELP = (
    "where the site's builds install the tool from: a version (e.g. 0.2.0, from PyPI), a git URL with a commit "
    "(git+https://github.com/OWNER/strategy-site@<40-character commit>), or a wheel (an https:// URL, or a path: "
    "the wheel is copied into the new repository). Default: this tool's own version"
)


@dataclass(frozen=True)
class ToolSource:
    """The line ``requirements.txt`` gives pip for the tool, and a wheel to copy beside it, if any."""

    requirement: str
    wheel: Path | None = None

    @property
    def wheel_copy(self) -> str | None:
        """Where the wheel goes in the council's repository (the requirement line names it so)."""
        return f"{WHEELS_DIR}/{self.wheel.name}" if self.wheel else None


def tool_source(text: str | None = None) -> ToolSource:
    """Read ``--tool-from``: every form becomes a line pip resolves the same way on every machine.

    Raises ValueError with what to write instead: a git URL must name a commit (a branch
    moves), and a URL must be https.
    """
    if text is None or not text.strip():
        return ToolSource(f"{DISTRIBUTION}=={tool_version()}")
    text = text.strip()
    if re.search(r"\s", text):
        raise ValueError(f"{text!r}: a version, URL or path with no spaces or line breaks is expected")
    if _VERSION.fullmatch(text):
        return ToolSource(f"{DISTRIBUTION}=={text}")
    if text.startswith("git+"):
        if not text.startswith("git+https://"):
            raise ValueError(f"'{text}': a git URL must start with git+https:// so that GitHub's runner can fetch it")
        if not _COMMIT.search(text):
            raise ValueError(
                f"'{text}': end the git URL with @ and a full commit id (40 characters, from 'git rev-parse HEAD'), "
                "not a branch or a tag, so that every build uses the same code"
            )
        return ToolSource(f"{DISTRIBUTION} @ {text}")
    if re.match(r"[a-z]+://", text):
        if not text.startswith("https://"):
            raise ValueError(f"'{text}': give the wheel's address as https://")
        if not WHEEL_NAME.fullmatch(text.rsplit("/", 1)[-1]):
            raise ValueError(f"'{text}': the address must end with the wheel's file name, strategy_site-….whl")
        return ToolSource(f"{DISTRIBUTION} @ {text}")
    path = Path(text).expanduser()
    if path.suffix == ".whl" or path.exists():
        if not path.is_file():
            raise ValueError(f"'{text}': there is no such file" if not path.exists() else f"'{text}' is not a file")
        if not WHEEL_NAME.fullmatch(path.name):
            raise ValueError(f"'{text}': this is not a strategy-site wheel (strategy_site-….whl)")
        return ToolSource(f"./{WHEELS_DIR}/{path.name}", wheel=path.resolve())
    raise ValueError(
        f"'{text}' is not a version (like 0.2.0), a git URL with a commit (git+https://…@<40-character commit>) "
        "or a wheel (a path or an https:// address ending .whl)"
    )


def requirements_text(source: ToolSource) -> str:
    return (
        "# The tool that builds this site. constraints.txt holds the exact version of everything it needs,\n"
        "# as the tool was tested with them, so that every build, here or on GitHub, gives the same site.\n"
        '# To move both to a new version together: EDITING.md, "Keep the tool up to date".\n'
        f"-c {CONSTRAINTS}\n"
        f"{source.requirement}\n"
    )


def constraints_text(constraints: str | None = None) -> str:
    """The council's ``constraints.txt``: the pins this tool ships (or those of ``constraints``)."""
    return (
        f"# The exact versions {DISTRIBUTION} {tool_version()} was tested with; requirements.txt installs with them.\n"
        "# Written by 'strategy-site new' and 'strategy-site upgrade': change them with the tool, not one by one.\n"
        "# A version given here for a package that nothing needs is never installed.\n"
        + "".join(f"{line}\n" for line in pin_lines(constraints))
    )


# --- the workflow ---------------------------------------------------------------------------

# Every action is pinned to a full commit (a tag can be moved to other code); the comment names
# the release, and Dependabot proposes new ones. This project's own workflows use the same.
WORKFLOW = """\
# Checks every pull request and publishes main to GitHub Pages. First run: README.md, "First run".
# On a pull request, problems show on the changed lines, the run's Summary says what the
# change does to the site, and the built site is attached as "site-preview".
name: Check and publish

on:
  pull_request:
  push:
    branches: [main]
  # "Run workflow" on main builds and publishes again: after turning Pages on, for example
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
    permissions:
      contents: read
      pages: read # 'Find the Pages address' reads the Pages settings, which a private repository does not grant unasked
    steps:
      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1
        with:
          persist-credentials: false # no later step can read the token from .git/config
          fetch-depth: 0 # the base branch too, for diff: with no token kept, a private repository cannot fetch it later
      # build/ is git-ignored, but a pull request made on GitHub's upload page can commit
      # files there: the cache below is restored into an empty build folder instead
      - name: Start from an empty build folder
        run: rm -rf build
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: |
            requirements.txt
            constraints.txt
      - name: Install strategy-site (the exact versions in constraints.txt)
        run: |
          python -m pip install --disable-pip-version-check -r requirements.txt
          python -m pip freeze --disable-pip-version-check # the versions this build used, for the log
      - name: Keep the drawn charts and the checked data between runs
        uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0
        with:
          path: build/.cache
          key: site-cache-${{ hashFiles('data/**', 'content/**', 'site_templates/**', 'requirements.txt', 'constraints.txt') }}
          restore-keys: site-cache-
      - name: Check the data (problems appear on the changed lines)
        run: strategy-site validate
      - name: Find the Pages address
        id: pages
        if: github.event_name != 'pull_request'
        uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0
        with:
          # Turns Pages on where the token may (GitHub's own token may not: then turn it on
          # once in Settings › Pages and re-run, README.md "First run").
          enablement: true
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
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: site-preview
          path: site
          retention-days: 7
      - name: Upload the site for Pages
        if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa # v3.0.1
        with:
          path: site

  # publishes what the check built: on a push to main, and on "Run workflow" on main
  deploy:
    if: github.ref == 'refs/heads/main' && github.event_name != 'pull_request'
    needs: check
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5
"""

DEPENDABOT = """\
# Dependabot proposes updates as pull requests, each checked like any other change.
# - pip: a new release of strategy-site. The exact versions in constraints.txt are the ones the
#   tool was tested with, so they are not updated one by one: to move them with the tool, use
#   'strategy-site upgrade' (EDITING.md, "Keep the tool up to date").
# - github-actions: new releases of the actions the workflow uses, pinned to a commit.
version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule:
      interval: weekly
    allow:
      - dependency-name: strategy-site
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
    groups:
      actions:
        patterns: ["*"]
"""


# --- the guides -----------------------------------------------------------------------------

# EDITING.md marks what is true of this project's own repository only; a council's copy leaves it out.
_THIS_REPOSITORY_ONLY = re.compile(r"<!-- this repository only -->.*?<!-- end: this repository only -->\n?", re.S)

KEEP_UP_TO_DATE = """\
## Keep the tool up to date

`requirements.txt` names the version of strategy-site that builds this site, and
`constraints.txt` the exact version of everything it needs, as the tool was tested with
them: every build, on GitHub or on your computer, installs exactly these.

When a new strategy-site is released, Dependabot opens a pull request that changes its
version in `requirements.txt` (and, once a week, one for new releases of the actions the
workflow uses). Its check shows whether the site still builds. To move the versions in
`constraints.txt` with the tool, as it was tested, upgrade on your computer instead:

```sh
.venv/bin/pip install --upgrade strategy-site
.venv/bin/strategy-site upgrade
.venv/bin/pip install -r requirements.txt
.venv/bin/strategy-site diff origin/main
```

`upgrade` changes `requirements.txt` and `constraints.txt` together and lists each version
that changes. `diff` then says in words what the site's data gives with the new version.
Commit the two files on a new branch and open a pull request: its check builds the whole
site with the new version and attaches it as **site-preview**, and the tool's changelog
says what each version changes on the pages.
"""


def editors_guide() -> str:
    """EDITING.md as a council's repository has it: its own workflow, and nothing of this project's."""
    guide = _THIS_REPOSITORY_ONLY.sub("", shipped_text("EDITING.md"))
    guide = re.sub(r"\n{3,}", "\n\n", guide).rstrip("\n")
    return f"{guide}\n\n{KEEP_UP_TO_DATE}"


def _readme(area: str) -> str:
    return f"""\
# {area} Health and Wellbeing Strategy

This repository is the {area} health and wellbeing strategy as a website. Everything
on the site comes from the YAML files in `data/` and the pages in `content/`; the
site is built by the `{DISTRIBUTION}` tool, at the version named in `requirements.txt`.
`EDITING.md` is the editors' guide and `DATA.md` describes every field of the data.

## First run

1. **Replace the placeholders.** Lines marked `REPLACE:` in `data/` and `mkdocs.yml` hold
   what only the council can say, and nothing is published while one is left.
   `.venv/bin/strategy-site validate` lists each one at its file and line (see
   [On your computer](#on-your-computer) for the two lines that install it).
2. **Push** this folder to a new, empty repository on GitHub:

   ```sh
   git init -b main
   git add .
   git commit -m "The strategy as a website"
   git remote add origin https://github.com/YOUR-ORGANISATION/YOUR-REPOSITORY.git
   git push -u origin main
   ```

3. **Turn on Pages**, once: on GitHub, **Settings › Pages › Build and deployment ›
   Source: GitHub Actions**. Pages on a private repository needs a paid plan (GitHub Pro,
   Team or Enterprise); on GitHub Free, make the repository public.
4. **See the site.** The **Actions** tab shows the run of **Check and publish**. When it is
   green (a few minutes), the site is at the address **Settings › Pages** shows, usually
   `https://YOUR-ORGANISATION.github.io/YOUR-REPOSITORY/`; the run's **deploy** job links to it.
5. **If the first run failed**, open it in the **Actions** tab and look at the first red step:
   - **Find the Pages address** (`Get Pages site failed`, or `Create Pages site failed …
     Resource not accessible by integration`): Pages was not on yet when the run started.
     Do step 3, then press **Re-run all jobs** (or **Actions › Check and publish › Run
     workflow** on `main`).
   - **Check the data** or **Build the site in strict mode**: the data has a problem, shown
     with its file and line and what to do. Fix it and push; the run starts again by itself.
   - any other step (a download that failed, say): press **Re-run all jobs**.

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

`EDITING.md` says more: every kind of change, and what each message means.

## On your computer

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/strategy-site validate     # check the data: every problem as file:line: what to do
.venv/bin/strategy-site serve        # preview at http://127.0.0.1:8000 while you edit
.venv/bin/strategy-site build        # build the site into site/
```

## Keeping it up to date

Dependabot (`.github/dependabot.yml`) opens a pull request when a new version of the tool,
or of an action the workflow uses, is released. `constraints.txt` holds the exact versions
the tool was tested with; `strategy-site upgrade` moves them with the tool (`EDITING.md`,
"Keep the tool up to date").
"""


def repository_files(area: str, source: ToolSource | None = None) -> dict[str, str]:
    """The repository's own text files for a new site for ``area``, by path.

    A wheel given as a path is not among them: ``create_site`` copies it to
    ``source.wheel_copy``, the path the requirement line names.
    """
    source = source or tool_source()
    return {
        ".github/workflows/publish.yml": WORKFLOW,
        ".github/dependabot.yml": DEPENDABOT,
        "README.md": _readme(area),
        "EDITING.md": editors_guide(),
        "DATA.md": shipped_text("DATA.md"),
        REQUIREMENTS: requirements_text(source),
        CONSTRAINTS: constraints_text(),
    }
