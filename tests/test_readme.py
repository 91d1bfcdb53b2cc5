"""README is the user's manual: every command in it runs as written, every CLI command and
audit option is documented there."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from conftest import ROOT, require

from transcheck.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


# A line of shown output that is only this stands for any number of lines left out.
ELLIPSIS = "…"
# The terminal width the README's output was captured at.
COLUMNS = 100


@dataclass(frozen=True)
class Example:
    command: str
    exit_code: int
    output: tuple[str, ...]  # the lines shown after the command (empty: output not shown)


def console_examples(readme: str = README) -> list[Example]:
    """Every `$ ` line of the README's console blocks with its expected exit code (`# exits N`,
    else 0) and the output lines shown under it, up to the next `$ ` line or the block's end."""
    out: list[Example] = []
    for block in re.findall(r"```console\n(.*?)```", readme, flags=re.S):
        current: tuple[str, int] | None = None
        shown: list[str] = []
        for line in [*block.splitlines(), "$ "]:
            if not line.startswith("$ "):
                shown.append(line.rstrip())
                continue
            if current is not None:
                out.append(Example(current[0], current[1], tuple(shown)))
            elif shown:
                raise ValueError(f"output before the first command of a console block: {shown}")
            command, _, comment = line[2:].partition("#")
            expected = re.search(r"exits (\d+)", comment)
            current = (command.strip(), int(expected.group(1)) if expected else 0)
            shown = []
    return out


def console_commands() -> list[tuple[str, int]]:
    """(command, expected exit code) for every `$ ` line of the README's console blocks."""
    return [(e.command, e.exit_code) for e in console_examples()]


def output_matches(shown: tuple[str, ...], actual: list[str]) -> bool:
    """Do the shown lines match the actual ones (trailing spaces aside), where a line that is
    only ELLIPSIS matches any number of lines (none included)?"""
    if not shown:
        return not actual
    head, rest = shown[0], shown[1:]
    if head == ELLIPSIS:
        return any(output_matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and output_matches(rest, actual[1:])


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


def mismatch(shown: tuple[str, ...], actual: list[str]) -> str:
    """Where the shown output first parts from the actual one (lines matched in order, an
    ELLIPSIS skipping ahead), with the actual output for context."""
    pos, skipping = 0, False
    where = (len(shown) + 1, "(end of output)", "more lines")
    for number, line in enumerate(shown, 1):
        if line == ELLIPSIS:
            skipping = True
            continue
        found = actual.index(line, pos) if skipping and line in actual[pos:] else None
        if found is None and pos < len(actual) and actual[pos] == line:
            found = pos
        if found is None:
            where = (number, line, actual[pos] if pos < len(actual) else "(end of output)")
            break
        pos, skipping = found + 1, False
    return (
        f"  shown output line {where[0]}: {where[1]!r}\n  actual: {where[2]!r}\n"
        "  actual output:\n" + "\n".join(actual[:120])
    )


def readme_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["TRANSCHECK_HOME"] = str(workdir / "home")
    env["TRANSCHECK_CACHE"] = str(workdir / "cache.sqlite3")
    env["ARGOS_PACKAGES_DIR"] = str(workdir / "no-argos")
    env["COLUMNS"] = str(COLUMNS)
    env["PYTHONUNBUFFERED"] = "1"  # stdout and stderr interleaved as on a terminal
    return env


@pytest.mark.slow
def test_readme_commands_run_as_written(workdir):
    """Each command exits as the README says, without a traceback, and prints what the README
    shows under it (stdout and stderr together, as a terminal shows them)."""
    env = readme_env(workdir)
    failures = []
    examples = console_examples()
    assert sum(1 for e in examples if e.output) >= 8, "the README shows output of a few commands"
    for example in examples:
        proc = subprocess.run(
            shlex.split(example.command),
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        lines = [line.rstrip() for line in proc.stdout.splitlines()]
        if proc.returncode != example.exit_code or "Traceback" in proc.stdout:
            failures.append(
                f"$ {example.command}\n  exit {proc.returncode} (expected {example.exit_code})\n"
                f"  output: {proc.stdout[-800:]}"
            )
        elif example.output and not output_matches(example.output, lines):
            failures.append(f"$ {example.command}\n{mismatch(example.output, lines)}")
    assert not failures, "\n".join(failures)
    assert (workdir / "reports" / "audit.json").stat().st_size > 1000
    assert "<html" in (workdir / "reports" / "audit-again.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("shown", "actual", "matches"),
    [
        (("a", "b"), ["a", "b"], True),
        (("a", "b"), ["a", "b", "c"], False),
        (("a",), ["b"], False),
        (("a", ELLIPSIS, "d"), ["a", "b", "c", "d"], True),
        (("a", ELLIPSIS, "d"), ["a", "d"], True),
        (("a", ELLIPSIS, "d"), ["a", "b", "c"], False),
        (("a", ELLIPSIS), ["a", "x"], True),
        ((ELLIPSIS, "c"), ["a", "b"], False),
    ],
)
def test_output_matching(shown, actual, matches):
    assert output_matches(shown, actual) is matches


def test_console_examples_carry_their_output():
    readme = (
        "```console\n$ one   # exits 2\nline 1\n…\n$ two\n```\n"
        "```\n$ not a console block\n```\n```console\n$ three\nx  \n```\n"
    )
    assert console_examples(readme) == [
        Example("one", 2, ("line 1", ELLIPSIS)),
        Example("two", 0, ()),
        Example("three", 0, ("x",)),
    ]
