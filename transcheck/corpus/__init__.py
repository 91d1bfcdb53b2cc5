"""Loading a corpus: finding files, reading each with the reader for its suffix.

Three rooms: :mod:`~transcheck.corpus.walk` finds the files (stable order, links kept
inside the corpus), :mod:`~transcheck.corpus.decode` turns bytes into text, and
:mod:`~transcheck.corpus.readers` holds the reader table (suffix -> reader) whose readers
return documents and the segment pairs a bilingual file gives.

Every document is decoded once into ``Document.text`` (``\\n`` newlines, NFC) and all offsets
(paragraphs here, spans in later stages) are code-point offsets into that text. A file that
cannot be read becomes a :class:`FileError` with a one-line, lower-case reason; iteration
always continues with the next file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from transcheck.corpus.decode import NotText, read_bytes
from transcheck.corpus.readers import Source, reader_for, supported_suffixes
from transcheck.corpus.walk import (
    OUTSIDE,
    SKIPPED_ROOT_FOLDERS,
    display,
    os_reason,
    strip_suffix,
    user_path,
    walk,
)
from transcheck.model import Document, FileError, Notice

SUPPORTED_SUFFIXES = supported_suffixes()
DEFAULT_MAX_BYTES = 20_000_000

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SKIPPED_ROOT_FOLDERS",
    "SUPPORTED_SUFFIXES",
    "count_files",
    "iter_corpus",
    "load_document",
    "read_document_text",
    "read_file",
    "user_path",
]


def iter_corpus(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> Iterator[Document | FileError | Notice]:
    """Yield each document under ``paths`` (folders recursively, or files), one at a time.

    Within a folder, files are yielded sorted by their relative path. Unreadable files are
    yielded as :class:`FileError` and iteration goes on. A symbolic link inside a folder that
    leads out of that folder is not followed (unless ``follow_symlinks``): it is yielded as a
    ``symlink-skipped`` :class:`Notice`. Paths named directly are always read.
    """
    try:  # asked once: each document's path is shown relative to it
        cwd: str | None = os.getcwd()
    except OSError:
        cwd = None
    for given in paths:
        root = os.fspath(given)
        try:
            st = os.stat(root)
        except FileNotFoundError:
            yield FileError(display(root), "no such file or folder")
            continue
        except OSError as exc:
            yield FileError(display(root), os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            for rel, full, problem in walk(root, follow_symlinks=follow_symlinks):
                if problem == OUTSIDE:
                    yield Notice(
                        "symlink-skipped",
                        f"{user_path(full)}: symbolic link to outside the corpus folder "
                        "not followed (use --follow-symlinks to read it)",
                    )
                    continue
                if problem is not None:
                    yield FileError(user_path(full), problem)
                    continue
                yield from read_file(full, rel.replace(os.sep, "/"), max_bytes=max_bytes, cwd=cwd)
        else:
            yield from read_file(root, os.path.basename(root), max_bytes=max_bytes, cwd=cwd)


def read_file(
    path: str,
    rel: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_id: str | None = None,
    cwd: str | None = None,
) -> list[Document | FileError]:
    """The documents of one file (``rel``: its path relative to the corpus folder, which
    gives the ids), read by the reader for its suffix; a :class:`FileError` when it cannot be.

    The segment pairs a bilingual file gives are kept on its first (source-side) document.
    """
    shown = user_path(path, cwd)
    try:
        data = read_bytes(path, max_bytes)
        if not data.strip():
            raise NotText("empty file")
        source = Source(
            path=path,
            shown=shown,
            data=data,
            doc_id=doc_id if doc_id is not None else display(strip_suffix(rel)),
            file_id=display(rel),
        )
        read = reader_for(path)(source)
    except NotText as exc:
        return [FileError(shown, str(exc))]
    except OSError as exc:
        return [FileError(shown, os_reason(exc, path))]
    except (RecursionError, MemoryError) as exc:
        return [FileError(shown, f"cannot parse: {type(exc).__name__.lower()}")]
    except Exception as exc:  # one odd file must not stop the whole audit
        return [FileError(shown, f"cannot read: unexpected {type(exc).__name__}: {exc}")]
    documents = list(read.documents)
    if read.pairs and documents:
        documents[0].units = list(read.pairs)
    return list(documents)


def count_files(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> int:
    """How many items :func:`iter_corpus` will yield (for a progress total; cheap: no reads)."""
    n = 0
    for given in paths:
        root = os.fspath(given)
        n += len(walk(root, follow_symlinks=follow_symlinks)) if os.path.isdir(root) else 1
    return n


def read_document_text(path: str) -> str | None:
    """Re-read one article exactly as :func:`iter_corpus` does; None on any failure, and for
    a file that holds several documents (a bilingual file's sides are not its text)."""
    try:
        if not path or not os.path.isfile(path):
            return None
        items = read_file(path, os.path.basename(path), doc_id="")
    except Exception:  # a caller must get None, never an exception
        return None
    if len(items) != 1 or not isinstance(items[0], Document) or items[0].segments:
        return None
    return items[0].text


def load_document(
    path: str | Path, doc_id: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document | FileError:
    """Load one file as one document, through the reader for its suffix (plain text when
    no reader claims it); for a bilingual file, its source side."""
    p = os.fspath(path)
    return read_file(p, os.path.basename(p), max_bytes=max_bytes, doc_id=doc_id)[0]
