"""The tool as a release: built as the release workflow builds it, served from a package index on 127.0.0.1.

Everything here works offline. The tests' own environment already holds the exact
versions the tool ships in constraints.txt (scripts/setup.sh installs them), so their
wheels are made again from the installed files (``repack``): the same files, names,
versions and tags that pip installed, in a wheel pip can install anywhere. Those wheels
are all pip is given, through ``--no-index --find-links`` to build the tool, or through a
PEP 503 simple index served on 127.0.0.1 to install it by name as a council's workflow does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from email.parser import HeaderParser
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import Distribution, distribution
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
# What the sdist is made from: the package, the files pyproject.toml ships from the root, and the README.
SOURCE_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "constraints.txt", "EDITING.md", "DATA.md")
SOURCE_FOLDERS = ("generator", "site_templates")
# Written by the installer, not part of a wheel.
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json"}


def run(
    *argv: str | Path, cwd: Path, env: Mapping[str, str] | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    command = [str(a) for a in argv]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)
    if ok:
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    return result


def pip_env(**settings: str) -> dict[str, str]:
    """This environment, with pip told only ``settings``: no config file, index or find-links of the machine's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {
        **env,
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_CACHE_DIR": "1",
        **settings,
    }


# --- wheels from installed distributions -----------------------------------------------------


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel_tags(dist_info: Path) -> str:
    """The compressed tag set of the wheel the distribution was installed from (from its WHEEL file)."""
    tags = [
        line.split(":", 1)[1].strip()
        for line in (dist_info / "WHEEL").read_text().splitlines()
        if line.startswith("Tag:")
    ]
    parts = list(zip(*(tag.split("-") for tag in tags), strict=True))
    return "-".join(".".join(sorted(set(part))) for part in parts)


def repack(dist: Distribution, dest: Path, version: str | None = None) -> Path:
    """A wheel of the installed distribution ``dist``, made from its own files as its RECORD lists them.

    Compiled ``.pyc`` files and the installer's own files are left out, and so are the
    console scripts outside site-packages, which pip writes again from entry_points.txt.
    With ``version``, the same files claim another version: a newer release that only a
    constraint keeps pip from choosing.
    """
    files = dist.files or []
    metadata = next(f for f in files if f.name == "METADATA" and len(f.parts) == 2)
    dist_info = metadata.parts[0]  # the .dist-info folder, as the RECORD names it
    name, version = dist.metadata["Name"], version or dist.version
    info_name = f"{dist_info.removesuffix('.dist-info').rsplit('-', 1)[0]}-{version}.dist-info"
    tags = _wheel_tags(Path(str(dist.locate_file(metadata))).parent)
    wheel = dest / f"{re.sub(r'[-_.]+', '_', name)}-{version}-{tags}.whl"
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
        for file in files:
            path = Path(str(dist.locate_file(file)))
            if ".." in file.parts or "__pycache__" in file.parts or not path.is_file():
                continue
            parts = file.parts
            if parts[0] == dist_info and (len(parts) > 2 or parts[1] not in _INSTALLER_FILES):
                # METADATA, WHEEL, licenses/…: under the .dist-info folder, renamed with the version
                arcname = "/".join((info_name, *parts[1:]))
            elif parts[0] == dist_info:
                continue
            else:
                arcname = "/".join(parts)
            data = path.read_bytes()
            if arcname == f"{info_name}/METADATA":
                data = re.sub(rb"(?m)^Version: .*$", f"Version: {version}".encode(), data, count=1)
            archive.writestr(arcname, data)
            record.append(f"{arcname},{_record_hash(data)},{len(data)}")
        record_name = f"{info_name}/RECORD"
        archive.writestr(record_name, "\n".join([*record, f"{record_name},,"]) + "\n")
    return wheel


def _requirements(metadata_text: str) -> list[str]:
    return HeaderParser().parsestr(metadata_text).get_all("Requires-Dist") or []


def dependency_closure(requires: Iterable[str]) -> list[Distribution]:
    """The installed distributions ``requires`` needs here, and what they need in turn (markers and extras honoured)."""
    found: dict[str, Distribution] = {}
    seen: set[tuple[str, str]] = set()
    todo = [(Requirement(text), "") for text in requires]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        for wanted in ("", *requirement.extras):
            if (name, wanted) in seen:
                continue
            seen.add((name, wanted))
            installed = found.setdefault(name, distribution(requirement.name))
            todo += [(Requirement(text), wanted) for text in installed.requires or []]
    return sorted(found.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def wheel_requirements(wheel: Path) -> list[str]:
    """The Requires-Dist lines of a built wheel, with no extra."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = _requirements(archive.read(metadata).decode())
    return [r for r in requires if not (Requirement(r).marker and "extra" in str(Requirement(r).marker))]


# --- the release build -----------------------------------------------------------------------


def release_steps(job: str) -> list[dict[str, Any]]:
    workflow = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def copy_source(dest: Path) -> Path:
    """A checkout with only what the package is made of, so nothing else can be read by accident."""
    dest.mkdir(parents=True)
    for name in SOURCE_FILES:
        shutil.copy(ROOT / name, dest / name)
    for name in SOURCE_FOLDERS:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def build_tools_wheels(dest: Path) -> Path:
    """Wheels of the build backend pyproject.toml asks for, made from the tests' own environment."""
    dest.mkdir(parents=True, exist_ok=True)
    for dist in dependency_closure(_build_requires()):
        repack(dist, dest)
    return dest


def _build_requires() -> list[str]:
    requires: list[str] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"][
        "requires"
    ]
    return requires


def run_release_build(work: Path, tag: str) -> tuple[Path, list[str]]:
    """Run the release workflow's build job here, as its runner would; return the dist folder and the steps run.

    The step that installs build and twine is not run: they are in the test tools, at the
    versions constraints.txt gives (tests/test_packaging.py). The build backend comes from
    wheels of this environment's own copy, so the build is offline.
    """
    source = copy_source(work / "checkout")
    wheels = build_tools_wheels(work / "build-backend")
    env = pip_env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["GITHUB_REF_NAME"] = tag
    ran = []
    for step in release_steps("build"):
        if "run" not in step or "pip install" in step["run"]:
            continue
        step_env = {
            **env,
            **{k: str(v).replace("${{ github.ref_name }}", tag) for k, v in (step.get("env") or {}).items()},
        }
        run("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"], cwd=source, env=step_env)
        ran.append(str(step["name"]))
    return source / "dist", ran


# --- a package index on 127.0.0.1 ------------------------------------------------------------


def write_simple_index(root: Path, wheels: Iterable[Path]) -> Path:
    """A PEP 503 simple index in ``root``: /simple/<project>/ links each wheel, with its hash, in /files/."""
    files = root / "files"
    files.mkdir(parents=True)
    projects: dict[str, list[Path]] = {}
    for wheel in wheels:
        copy = files / wheel.name
        shutil.copyfile(wheel, copy)
        projects.setdefault(canonicalize_name(wheel.name.split("-")[0]), []).append(copy)
    simple = root / "simple"
    simple.mkdir()
    links = "".join(f'<a href="{p}/">{p}</a>\n' for p in sorted(projects))
    (simple / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n", encoding="utf-8")
    for project, copies in projects.items():
        (simple / project).mkdir()
        anchors = "".join(
            f'<a href="../../files/{html.escape(c.name)}#sha256={hashlib.sha256(c.read_bytes()).hexdigest()}">'
            f"{html.escape(c.name)}</a>\n"
            for c in copies
        )
        (simple / project / "index.html").write_text(
            f"<!DOCTYPE html><html><body>\n{anchors}</body></html>\n", encoding="utf-8"
        )
    return root


class _QuietHandler(SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requests.append(self.path)


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` on 127.0.0.1; yield its address and the paths asked for (in order)."""
    asked: list[str] = []
    handler = type("Handler", (_QuietHandler,), {"requests": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
