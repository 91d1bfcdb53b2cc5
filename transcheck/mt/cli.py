"""`transcheck models list|install|remove`: manage the translation models transcheck can use.

Exit codes: 0 ok, 1 the operation failed (bad archive, nothing to remove), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="List, install and remove translation models.", no_args_is_help=True)

err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"transcheck: error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def collect_models() -> tuple[list[dict], list[str]]:
    """Rows for every installed pair of every engine in the registry table, and one line per
    broken package or engine."""
    from transcheck.mt.registry import ENGINES, engine_class

    rows: list[dict] = []
    problems: list[str] = []
    for name in ENGINES:
        try:
            engine_rows, engine_problems = engine_class(name).models()
        except Exception as exc:  # a broken optional engine must not break the listing
            problems.append(f"{name}: {' '.join(str(exc).split()) or type(exc).__name__}")
            continue
        rows += engine_rows
        problems += engine_problems
    rows.sort(key=lambda r: (r["pair"], r["engine"], r["source"], r["path"]))
    return rows, problems


@app.command("list")
def list_models(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List every installed language pair: engine, version and location."""
    rows, problems = collect_models()
    if as_json:
        sys.stdout.write(
            json.dumps({"models": rows, "problems": problems}, indent=2, sort_keys=True) + "\n"
        )
        return
    from rich.table import Table

    from transcheck.mt.packages import argos_packages_dir, packages_dir

    # full paths when piped; rich still fits the table to a real terminal
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 500)
    if rows:
        table = Table(box=None, pad_edge=False)
        for column in ("pair", "engine", "version", "source", "path"):
            table.add_column(column)
        for r in rows:
            table.add_row(r["pair"], r["engine"], r["version"], r["source"], r["path"])
        out.print(table)
    else:
        out.print(
            f"No translation models installed (searched {packages_dir()} and "
            f"{argos_packages_dir()}). Install one with: transcheck models install FILE.argosmodel",
            markup=False,
            soft_wrap=True,
        )
    for problem in problems:
        err.print(f"transcheck: warning: {problem}", markup=False, soft_wrap=True)


@app.command("install")
def install_model(
    archive: Annotated[Path, typer.Argument(help="An Argos Translate package (.argosmodel).")],
) -> None:
    """Install an Argos package (.argosmodel) into transcheck's data folder."""
    from transcheck.mt.packages import PackageError, install

    if not archive.exists():
        raise _fail(f"no such file: {archive}", 2)
    if archive.is_dir():
        raise _fail(f"{archive} is a folder; give the .argosmodel file", 2)
    try:
        pkg = install(archive)
    except PackageError as exc:
        raise _fail(f"{exc}; nothing was installed") from None
    err.print(
        f"transcheck: installed {pkg.from_code}-{pkg.to_code} {pkg.version} -> {pkg.path}",
        markup=False,
        soft_wrap=True,
    )


@app.command("remove")
def remove_model(
    name: Annotated[str, typer.Argument(help="FROM-TO (e.g. de-en) or a package folder name.")],
) -> None:
    """Remove an Argos package that transcheck installed."""
    from transcheck.mt.packages import PackageError, remove

    try:
        removed = remove(name)
    except PackageError as exc:
        raise _fail(str(exc)) from None
    for pkg in removed:
        err.print(
            f"transcheck: removed {pkg.from_code}-{pkg.to_code} {pkg.version} ({pkg.path})",
            markup=False,
            soft_wrap=True,
        )
