"""Reports: one dict (the JSON contract) rendered as JSON, text, Markdown or HTML."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from transcheck.report.json import SCHEMA, build_report, dumps

FORMATS = ("text", "json", "md", "html")


class OutputError(Exception):
    """The report could not be written (missing permission, not a directory, ...)."""


def render(report: dict, fmt: str, *, texts: dict[str, str] | None = None) -> str:
    """Render a report dict in one of FORMATS."""
    if fmt == "json":
        return dumps(report)
    if fmt == "md":
        from transcheck.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from transcheck.report.html import render_html

        return render_html(report, texts=texts)
    if fmt == "text":
        from transcheck.report.text import render_text

        return render_text(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, content: str) -> None:
    """Write ``content`` to ``path`` via a temp file in the same folder and a rename.

    Either the whole new file is there afterwards, or the old one (if any) is untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


__all__ = ["FORMATS", "SCHEMA", "OutputError", "build_report", "dumps", "render", "write_atomic"]
