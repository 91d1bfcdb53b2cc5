"""Finding a corpus's files: folders walked in a stable order, links kept inside the corpus.

Only files whose suffix has a reader (:mod:`transcheck.corpus.readers`) are listed; hidden
files and the tool's own folders beside the articles are skipped. Also the path helpers every
part of the package shares (:func:`user_path`, :func:`display`).
"""

from __future__ import annotations

import os

from transcheck.corpus.readers import is_supported

# Folders beside the articles that hold the tool's own files, not articles.
SKIPPED_ROOT_FOLDERS = frozenset({"reports", "glossaries"})

OUTSIDE = "symbolic link out of the corpus"


def walk(root: str, *, follow_symlinks: bool = False) -> list[tuple[str, str, str | None]]:
    """(relative path, full path, error) of every supported file under ``root``, sorted.

    Iterative (no recursion limit), follows symbolic links to folders but visits each real
    folder once, so link loops end. A folder that cannot be listed is returned with an error;
    a link leading out of ``root`` with the error ``OUTSIDE`` (unless ``follow_symlinks``).
    """
    real_root = os.path.realpath(root)
    inside = real_root.rstrip(os.sep) + os.sep
    found: list[tuple[str, str, str | None]] = []
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[str, str]] = [("", root)]
    while stack:
        rel_dir, full_dir = stack.pop()
        try:
            st = os.stat(full_dir)
            ident = (st.st_dev, st.st_ino)
            if ident in visited:
                continue
            visited.add(ident)
            with os.scandir(full_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append((rel_dir, full_dir, "cannot list folder: " + os_reason(exc)))
            continue
        subfolders: list[tuple[str, str]] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = os.path.join(rel_dir, name) if rel_dir else name
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if not follow_symlinks and entry.is_symlink():
                target = os.path.realpath(entry.path)
                if target != real_root and not target.startswith(inside):
                    if is_dir or is_supported(name):
                        found.append((rel, entry.path, OUTSIDE))
                    continue
            if is_dir:
                if not rel_dir and name in SKIPPED_ROOT_FOLDERS:
                    continue
                subfolders.append((rel, entry.path))
            elif is_supported(name):
                found.append((rel, entry.path, None))
        # depth first in name order, so the same tree always yields the same ids (a folder
        # reached twice through links keeps the name met first)
        stack.extend(reversed(subfolders))
    found.sort(key=lambda item: _sort_key(item[0]))
    return found


def _sort_key(rel: str) -> tuple[str, ...]:
    return tuple(rel.split(os.sep))


def strip_suffix(name: str) -> str:
    stem, ext = os.path.splitext(name)
    return stem if ext and stem else name


def display(name: str) -> str:
    """A file name as text that can always be printed and written as UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def user_path(path: str, cwd: str | None = None) -> str:
    """The path as a user would type it: relative to the working directory (``cwd`` when
    the caller has it) when under it."""
    if cwd is None:
        absolute = os.path.abspath(path)
        try:
            cwd = os.getcwd()
        except OSError:
            return display(absolute)
    else:  # os.path.abspath, with the caller's working directory
        absolute = os.path.normpath(path if os.path.isabs(path) else os.path.join(cwd, path))
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:
        return display(absolute)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return display(absolute)
    return display(rel)


def os_reason(exc: OSError, path: str | None = None) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        if path is not None and os.path.islink(path):
            return "broken symbolic link"
        return "vanished: no longer exists (removed after the corpus was listed)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    reason = exc.strerror or exc.__class__.__name__
    return f"cannot read: {reason.lower()}"
