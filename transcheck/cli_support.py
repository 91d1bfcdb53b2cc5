"""Small helpers for the CLI: argument checks that exit 2, readable help, stage progress.

Every check here turns a user's mistake into one line naming the problem (the caller raises
its usage error with the returned message); nothing here prints a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def lang_problem(code: str, option: str) -> str | None:
    """Why ``code`` is not a usable ISO 639 language code, or None when it is."""
    from transcheck.langid import normalize_lang_code

    if normalize_lang_code(code, strict=True) is None:
        return f"{option}: unknown language code {code!r} (use an ISO 639-1 code such as 'en')"
    return None


def glossary_problem(paths: Iterable[Path]) -> str | None:
    """The first explicit glossary file that does not exist (or is a folder)."""
    for p in paths:
        if not p.exists():
            return f"glossary file not found: {p}"
        if p.is_dir():
            return f"glossary is a folder, not a file: {p}"
    return None


def output_problem(paths: Iterable[Path | None], *, mkdir: bool) -> str | None:
    """Why an output cannot be written: it is a folder, its folder is a file, or its folder
    does not exist (a mistyped path is not created silently, unless ``mkdir``)."""
    for p in paths:
        if p is None:
            continue
        if p.is_dir():
            return f"cannot write {p}: it is a folder"
        parent = p.parent
        if parent.exists() and not parent.is_dir():
            return f"cannot write {p}: {parent} is not a folder"
        if not mkdir and not parent.exists():
            return (
                f"cannot write {p}: output folder {parent} does not exist "
                "(create it, or pass --mkdir)"
            )
    return None


# ---------------------------------------------------------------- readable --help

_TYPE_LABELS = {
    "path": "PATH",
    "file": "FILE",
    "directory": "DIR",
    "str": "TEXT",
    "text": "TEXT",
    "int": "N",
    "float": "NUMBER",
}


def readable_help_types() -> None:
    """Show ``PATH``/``TEXT``/``N`` in --help instead of ``<list[Path]>`` and ``<bool>``.

    typer prints the Python annotation of every parameter; flags need no type at all and a
    repeatable option is a plain value given several times.
    """
    from typer import core

    if getattr(core.TyperOption, "_transcheck_readable", False):
        return

    def _label(self: Any, ctx: Any) -> str | None:
        if self.metavar:
            return self.metavar
        if getattr(self, "is_flag", False):
            return None
        raw = core._TyperParameter.display_type(self, ctx).strip("<>")
        if raw.startswith("list[") and raw.endswith("]"):
            raw = raw[5:-1]
        if "|" in raw:  # choices: keep them, they are the readable part
            return raw
        if raw.endswith(" range"):
            raw = raw[: -len(" range")]
        return _TYPE_LABELS.get(raw.lower(), raw.upper())

    for cls in (core.TyperOption, core.TyperArgument):
        if hasattr(cls, "display_type_rich"):
            cls.display_type_rich = _label
    core.TyperOption._transcheck_readable = True


# ---------------------------------------------------------------- progress of the stages

STAGE_LABELS = {
    "read": "reading files",
    "langid": "detecting languages",
    "extract": "extracting quotes, names, figures",
    "translate": "back-translating passages",
    "align": "aligning across documents",
    "rules": "running rules",
}


class StageProgress:
    """One rich progress line per pipeline stage, with counts, elapsed time and ETA.

    Used as the ``progress(stage, done, total)`` callback of :func:`transcheck.audit.audit`;
    ``total`` 0 means "not known yet" (a spinner without ETA).
    """

    def __init__(self, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<34}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, Any] = {}
        self._last = 0.0

    def __enter__(self) -> StageProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(
                STAGE_LABELS.get(stage, stage), total=total or None
            )
        self._progress.update(task, completed=done, total=total or None)
        now = time.monotonic()
        if total and done >= total or now - self._last > 0.1:
            self._last = now
            self._progress.refresh()


def check_audit_outputs(
    paths: Sequence[Path],
    outputs: dict[str, Path | None],
    glossaries: Sequence[Path],
    *,
    discover_glossaries: bool,
    use_cache: bool,
    other_inputs: Sequence[Path] = (),
) -> None:
    """:func:`check_outputs` for ``audit``: corpus paths, glossaries, other files read (a
    ``--baseline``) and the cache file.

    ``outputs`` maps option names to paths; a ``"--cache"`` of ``None`` means the default
    cache (checked too when the cache is on).
    """
    from transcheck.glossary import find_glossary_files
    from transcheck.safety import check_outputs

    outputs = dict(outputs)
    if use_cache and outputs.get("--cache") is None:
        from transcheck.mt.cache import default_cache_path

        outputs["--cache"] = default_cache_path()
    elif not use_cache:
        outputs.pop("--cache", None)
    read = find_glossary_files(list(paths), list(glossaries), discover=discover_glossaries)
    check_outputs(outputs.items(), paths, [*read, *other_inputs])
