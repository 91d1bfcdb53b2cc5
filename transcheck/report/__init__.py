"""Reports: one dict (the JSON contract) rendered as JSON, text, Markdown or HTML."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from transcheck.report.json import SCHEMA, build_report, dumps

if TYPE_CHECKING:
    from transcheck.model import Document

# The renderer table: format name -> "module:function", imported when used. A renderer takes
# the report dict and any of the keyword options below that its signature names; formats in
# BINARY_FORMATS give bytes, the others text, whole or as an iterator of pieces (``render``
# joins them, ``render_pieces`` leaves them to be written as they come). Adding a format =
# one module + one line here + its tests.
RENDERERS: dict[str, str] = {
    "text": "transcheck.report.text:render_text",
    "json": "transcheck.report.json:dump_pieces",
    "md": "transcheck.report.markdown:render_markdown",
    "html": "transcheck.report.html:render_html",
    "csv": "transcheck.report.csv:render_csv",
    "xlsx": "transcheck.report.xlsx:render_xlsx",
    "sarif": "transcheck.report.sarif:render_sarif",
}
BINARY_FORMATS = frozenset({"xlsx"})
FORMATS = tuple(RENDERERS)


class OutputError(Exception):
    """The report could not be written (missing permission, not a directory, ...)."""


def renderer(fmt: str) -> Callable[..., str | bytes | Iterable[str]]:
    """The function that renders ``fmt`` (imported on first use)."""
    try:
        module, name = RENDERERS[fmt].split(":")
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return getattr(importlib.import_module(module), name)


def render(
    report: dict, fmt: str, *, texts: Mapping[str, str] | None = None, show_info: bool = True
) -> str | bytes:
    """Render a report dict in one of FORMATS (BINARY_FORMATS give bytes, the others text).

    ``show_info`` lists info findings (allowed variants) in text and HTML; JSON, CSV and
    XLSX always carry everything. Each renderer receives the options its signature names."""
    out = render_pieces(report, fmt, texts=texts, show_info=show_info)
    return out if isinstance(out, str | bytes) else "".join(out)


def render_pieces(
    report: dict, fmt: str, *, texts: Mapping[str, str] | None = None, show_info: bool = True
) -> Iterable[str] | str | bytes:
    """:func:`render` for a file: the text of a renderer that gives pieces (JSON) as they
    are encoded, to be written as they come (at 10,000 articles ~9 MB of text, whose making
    whole cost ~45 MB at the audit's peak); any other format whole."""
    function = renderer(fmt)
    accepted = inspect.signature(function).parameters
    options = {"texts": texts, "show_info": show_info}
    return function(report, **{k: v for k, v in options.items() if k in accepted})


class DocumentTexts(Mapping):
    """Document texts by id, each read when asked (a text past the audit's memory budget
    waits on disk: ``transcheck.textspill``), for the renderers that show texts."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._documents = {d.id: d for d in documents}

    def __getitem__(self, doc_id: str) -> str:
        return self._documents[doc_id].text

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` via a temp file in the same folder and a rename.

    Either the whole new file is there afterwards, or the old one (if any) is untouched.
    """
    write_all_atomic([(Path(path), content)])


def write_or_print(path: str | Path | None, content: str) -> None:
    """Write ``content`` to ``path`` atomically, or to standard output when ``path`` is None."""
    if path is None:
        sys.stdout.write(content)
    else:
        write_atomic(path, content)


# Characters of a text report encoded at a time when it is written (the JSON report of
# 10,000 articles is ~9 MB: its bytes are not made all at once beside the text).
WRITE_CHUNK = 1 << 20


# Characters of pieces joined before they are written (a JSON report comes in pieces of a few
# characters each: one write per piece would cost more than the encoding).
PIECES_JOINED = 1 << 16


def _write_pieces(fh, pieces: Iterable[str]) -> None:
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= PIECES_JOINED:
            fh.write("".join(batch))
            batch.clear()
            size = 0
    fh.write("".join(batch))


def write_all_atomic(files: list[tuple[Path, str | bytes | Iterable[str]]]) -> None:
    """Write several reports, all or none: every temp file is written before any is renamed.
    A report may come as pieces of text (:func:`render_pieces`), encoded as they come."""
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
                    if isinstance(content, bytes):
                        fh.write(content)
                    elif isinstance(content, str):  # encoded a slice at a time: no second
                        for at in range(0, len(content), WRITE_CHUNK):  # copy of a big one
                            fh.write(content[at : at + WRITE_CHUNK])
                    else:
                        _write_pieces(fh, content)
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
    "BINARY_FORMATS",
    "FORMATS",
    "DocumentTexts",
    "RENDERERS",
    "SCHEMA",
    "OutputError",
    "build_report",
    "dumps",
    "render",
    "render_pieces",
    "renderer",
    "write_all_atomic",
    "write_atomic",
    "write_or_print",
]
