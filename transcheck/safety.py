"""Guards that keep a user's files safe: outputs never land on inputs, and text from the
corpus is made harmless before it reaches a terminal, a spreadsheet or a rendered page.

Every output path (``-o``, ``--html``, ``--json``, ``--cache``, baseline files) is resolved
(symbolic links followed, ``..`` removed) and compared with every input file and corpus
folder *before* anything is written. An output inside a corpus folder is refused unless it is
in the folder's ``reports/`` sub-folder, which the corpus walk skips.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence

# The one sub-folder of a corpus folder where outputs are welcome (never read as articles).
REPORTS_FOLDER = "reports"


class UnsafeOutput(Exception):
    """An output path would overwrite an input or write inside a corpus folder."""


def real(path: str | os.PathLike) -> str:
    """The absolute path with symbolic links resolved (also for parts that do not exist)."""
    return os.path.realpath(os.path.abspath(os.fspath(path)))


def is_within(path: str, folder: str) -> bool:
    """True when real path ``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def check_outputs(
    outputs: Iterable[tuple[str, str | os.PathLike | None]],
    inputs: Sequence[str | os.PathLike],
    files: Iterable[str | os.PathLike] = (),
) -> None:
    """Raise :class:`UnsafeOutput` (one-line message) when an output would touch an input.

    ``outputs``: (option name, path) pairs, ``None`` paths ignored. ``inputs``: the corpus
    folders and files the user named. ``files``: other files read (glossaries, a report,
    documents found in folders); an output may not be any of them either.
    """
    folders: list[tuple[str, str]] = []
    read_files: list[tuple[str, str, tuple[int, int] | None]] = []
    for given in inputs:
        path = real(given)
        if os.path.isdir(path):
            folders.append((os.fspath(given), path))
        else:
            read_files.append((os.fspath(given), path, _identity(path)))
    for f in files:
        path = real(f)
        read_files.append((os.fspath(f), path, _identity(path)))
    for option, out in outputs:
        if out is None:
            continue
        target = real(out)
        ident = _identity(target)
        for shown, path, file_ident in read_files:
            if target == path or (ident is not None and ident == file_ident):
                raise UnsafeOutput(
                    f"{option} {os.fspath(out)} would overwrite the input file {shown}; "
                    "choose another path"
                )
        for shown, folder in folders:
            if is_within(target, folder) and not is_within(
                target, os.path.join(folder, REPORTS_FOLDER)
            ):
                if os.path.lexists(target):
                    raise UnsafeOutput(
                        f"{option} {os.fspath(out)} would overwrite the input file "
                        f"{os.path.relpath(target, folder)} of the corpus folder {shown}; "
                        "choose another path"
                    )
                raise UnsafeOutput(
                    f"{option} {os.fspath(out)} is inside the corpus folder {shown}; write it "
                    f"outside the corpus or under {os.path.join(shown, REPORTS_FOLDER)}{os.sep}"
                )
            if is_within(folder, target):
                raise UnsafeOutput(f"{option} {os.fspath(out)} is a corpus folder")


# ---------------------------------------------------------------- bounded reads

MAX_GLOSSARY_BYTES = 20_000_000  # a glossary is read whole, like a corpus file
MAX_IMPORT_BYTES = 100_000_000  # a TBX/CSV term base to import


def read_limited(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError/ValueError otherwise.

    Devices, FIFOs and folders are refused before opening (a FIFO would block, /dev/zero never
    ends); the read itself stops after ``limit + 1`` bytes in case the file grows.
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise ValueError("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"not a regular file (a {what} must be a plain file)")
    if st.st_size > limit:
        raise ValueError(f"too large: {st.st_size:,} bytes (limit {limit:,})")
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"too large: more than {limit:,} bytes (limit {limit:,})")
    return data


# ---------------------------------------------------------------- text made harmless

# C0/C1 controls (tab and newline kept) and the bidi embedding/override/isolate controls that
# can reorder what a reader sees (Trojan Source, CVE-2021-42574). The plain marks (LRM, RLM,
# ALM) are left alone: right-to-left text needs them and they cannot hide text.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _escape_char(m: re.Match) -> str:
    c = m.group(0)
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible(text: str | None, *, keep_newlines: bool = True) -> str:
    """``text`` with control and bidi-override characters shown as ``\\x1b`` / ``\\u202e``."""
    pattern = _UNSAFE_CHARS if keep_newlines else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape_char, text or "")


# OWASP "CSV injection": a cell starting with one of these may be run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula: a leading ``'`` when needed.

    Numbers (int/float) are left alone, so ``-3`` stays a number.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """The value :func:`csv_cell` wrote: its protective ``'`` removed."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in "=+-@\t\r":
        return cell[1:]
    return cell
