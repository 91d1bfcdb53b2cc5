"""README is the user's manual: every command in it runs as written, every CLI command and
audit option is documented there."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import ROOT, require

from transcheck.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_commands() -> list[tuple[str, int]]:
    """(command, expected exit code) for every `$ ` line of the README's console blocks."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            command, _, comment = line[2:].partition("#")
            expected = re.search(r"exits (\d+)", comment)
            out.append((command.strip(), int(expected.group(1)) if expected else 0))
    return out


def cli_commands() -> list[str]:
    click_app = typer.main.get_command(app)
    names = []
    for name, cmd in click_app.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            names.extend(f"transcheck {name} {s}" for s in sub)
        else:
            names.append(f"transcheck {name}")
    return sorted(names)


def test_readme_has_console_examples():
    assert len(console_commands()) >= 10


@pytest.mark.parametrize("command", cli_commands())
def test_every_cli_command_is_documented(command):
    assert command in README, f"{command!r} is not in README.md"


def test_every_audit_option_is_documented():
    audit = typer.main.get_command(app).commands["audit"]
    for param in audit.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert f"`{opt}" in README or f"{opt} " in README, f"{opt} missing from README"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A copy of what the README's commands read, so that running them touches nothing here."""
    require(shutil.which("apertium") is not None, "apertium")
    work = tmp_path_factory.mktemp("readme")
    for name in ("corpus", "glossaries", "scripts"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copytree(ROOT / "tests/data/bilingual", work / "tests/data/bilingual")
    (work / "reports").mkdir()
    return work


def test_readme_commands_run_as_written(workdir):
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["TRANSCHECK_HOME"] = str(workdir / "home")
    env["TRANSCHECK_CACHE"] = str(workdir / "cache.sqlite3")
    env.pop("ARGOS_PACKAGES_DIR", None)
    env["ARGOS_PACKAGES_DIR"] = str(workdir / "no-argos")
    failures = []
    for command, expected in console_commands():
        proc = subprocess.run(
            shlex.split(command),
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != expected or "Traceback" in proc.stderr:
            failures.append(
                f"$ {command}\n  exit {proc.returncode} (expected {expected})\n"
                f"  stderr: {proc.stderr[-800:]}"
            )
    assert not failures, "\n".join(failures)
    assert (workdir / "reports" / "audit.json").stat().st_size > 1000
    assert "<html" in (workdir / "reports" / "audit-again.html").read_text(encoding="utf-8")
