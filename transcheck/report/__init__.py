"""Reports: one dict (the JSON contract) rendered as JSON, text, Markdown or HTML."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from transcheck.report.json import SCHEMA, build_report, dumps

FORMATS = ("text", "json", "md", "html", "csv", "xlsx")


class OutputError(Exception):
    """The report could not be written (missing permission, not a directory, ...)."""


def render(
    report: dict, fmt: str, *, texts: dict[str, str] | None = None, show_info: bool = True
) -> str | bytes:
    """Render a report dict in one of FORMATS (``xlsx`` gives bytes, the others text).

    ``show_info`` lists info findings (allowed variants) in text and HTML; JSON, CSV and
    XLSX always carry everything."""
    if fmt == "json":
        return dumps(report)
    if fmt == "md":
        from transcheck.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from transcheck.report.html import render_html

        return render_html(report, texts=texts, show_info=show_info)
    if fmt == "text":
        from transcheck.report.text import render_text

        return render_text(report, show_info=show_info)
    if fmt == "csv":
        from transcheck.report.csv import render_csv

        return render_csv(report)
    if fmt == "xlsx":
        from transcheck.report.xlsx import render_xlsx

        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` via a temp file in the same folder and a rename.

    Either the whole new file is there afterwards, or the old one (if any) is untouched.
    """
    write_all_atomic([(Path(path), content)])


def write_all_atomic(files: list[tuple[Path, str | bytes]]) -> None:
    """Write several reports, all or none: every temp file is written before any is renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files:
            path = Path(path)
            try:
                if path.is_dir():
                    raise IsADirectoryError(21, "Is a directory")
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                staged.append((tmp, path))
                if isinstance(content, bytes):
                    fh = os.fdopen(fd, "wb")
                else:
                    fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
                with fh:
                    fh.write(content)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


__all__ = [
    "FORMATS",
    "SCHEMA",
    "OutputError",
    "build_report",
    "dumps",
    "render",
    "write_all_atomic",
    "write_atomic",
]
