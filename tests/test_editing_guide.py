"""EDITING.md is for people who do not read code: every command and snippet in it must work as written."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator import model

from .conftest import ROOT, copy_site

GUIDE = (ROOT / "EDITING.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- check: (\w+) -->\n)?```(\w+)\n(.*?)```", re.S)
BLOCKS = [(check, language, body) for check, language, body in BLOCK.findall(GUIDE)]
COMMANDS = [
    line.strip()
    for _c, language, body in BLOCKS
    if language == "bash"
    for line in body.splitlines()
    if line.strip() and not line.startswith("#")
]
SNIPPETS = [(check, body) for check, language, body in BLOCKS if language == "yaml"]
BIN = Path(sys.executable).parent


def test_the_guide_has_commands_and_snippets() -> None:
    assert {c.split()[1] for c in COMMANDS} >= {"validate", "serve", "import", "build"}
    assert len(SNIPPETS) >= 3 and all(check for check, _body in SNIPPETS)


@pytest.mark.parametrize(("check", "body"), SNIPPETS, ids=[c for c, _b in SNIPPETS])
def test_each_yaml_snippet_is_valid_data(check: str, body: str) -> None:
    record = getattr(model, check)
    record.model_validate(yaml.safe_load(body))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_works_as_written(command: str, tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "site")
    shutil.copy(ROOT / "tests" / "fixtures" / "import" / "fingertips.csv", site / "fingertips-export.csv")
    argv = command.replace(".venv/bin/", f"{BIN}/").split()
    if argv[1] == "serve":
        port = _free_port()
        server = subprocess.Popen(
            [*argv, "--port", str(port)], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail("the preview did not start within 60 s")
        finally:
            server.terminate()
            output = server.communicate(timeout=30)[0]
        assert f"previewing at http://127.0.0.1:{port}/" in output
        return
    result = subprocess.run(argv, cwd=site, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK")


def test_the_example_message_is_what_validate_prints(tmp_path: Path) -> None:
    example = next(body for _c, language, body in BLOCKS if language == "text").strip()
    file_line, message = example.split(": ", 1)
    site = copy_site(ROOT, tmp_path / "site")
    outcomes = site / "data" / "outcomes.yaml"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace('- id: "1.1"\n', "- id: 1.10\n"), "utf-8")
    result = subprocess.run([f"{BIN}/strategy-site", "validate"], cwd=site, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{file_line}: {message}" in result.stderr


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.split()[1] in {"validate", "build"}], ids=lambda c: " ".join(c.split()[1:])
)
def test_the_guides_commands_work_in_a_new_sites_folder(command: str, tmp_path: Path) -> None:
    """A council's own repository, made by 'strategy-site new', once its placeholders are replaced."""
    from generator.cli import main

    from .test_placeholders import fill_placeholders

    site = tmp_path / "anytown"
    assert main(["new", str(site), "--area", "Anytown", "--organisation", "Anytown Borough Council"]) == 0
    assert "python3 -m venv .venv" in GUIDE and ".venv/bin/pip install -r requirements.txt" in GUIDE
    assert ".venv/bin/pip install -r requirements.txt" in (site / "README.md").read_text(encoding="utf-8")
    fill_placeholders(site)
    argv = command.replace(".venv/bin/", f"{BIN}/").split()
    result = subprocess.run(argv, cwd=site, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK")


def test_the_guide_says_when_there_is_an_edit_button() -> None:
    from generator import edit_links

    assert "edit_repo" in GUIDE and "edit_repo" in Path(edit_links.__file__).read_text(encoding="utf-8")
    assert "Every page of the site has a pencil button" not in GUIDE
