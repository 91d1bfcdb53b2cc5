"""Loading a corpus: finding files, decoding bytes, reducing HTML/Markdown to text, paragraphs.

Every document is decoded once into ``Document.text`` (``\\n`` newlines, NFC) and all offsets
(paragraphs here, spans in later stages) are code-point offsets into that text. A file that
cannot be read becomes a :class:`FileError` with a one-line, lower-case reason; iteration
always continues with the next file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from transcheck.langid import normalize_lang_code
from transcheck.model import Document, FileError, Notice, Paragraph

TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
BILINGUAL_SUFFIXES = frozenset({".xlf", ".xliff", ".po", ".pot", ".tmx"})  # bilingual.py
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BILINGUAL_SUFFIXES
# Folders beside the articles that hold the tool's own files, not articles.
SKIPPED_ROOT_FOLDERS = frozenset({"reports", "glossaries"})
DEFAULT_MAX_BYTES = 20_000_000

# HTML elements whose content is never article text.
_HTML_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
)
# HTML elements that start a new paragraph.
_HTML_BLOCKS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol
    p pre section summary table tbody td tfoot th thead title tr ul""".split()
)
_CONTROL_OK = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str


class _NotText(Exception):
    """Raised inside the loader with the user-facing reason."""


# ---------------------------------------------------------------- public API


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
    for given in paths:
        root = os.fspath(given)
        try:
            st = os.stat(root)
        except FileNotFoundError:
            yield FileError(_display(root), "no such file or folder")
            continue
        except OSError as exc:
            yield FileError(_display(root), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            for rel, full, problem in _walk(root, follow_symlinks=follow_symlinks):
                if problem == _OUTSIDE:
                    yield Notice(
                        "symlink-skipped",
                        f"{user_path(full)}: symbolic link to outside the corpus folder "
                        "not followed (use --follow-symlinks to read it)",
                    )
                    continue
                if problem is not None:
                    yield FileError(user_path(full), problem)
                    continue
                if _is_bilingual(full):
                    yield from _load_bilingual(full, _display(rel.replace(os.sep, "/")), max_bytes)
                    continue
                doc_id = _display(_strip_suffix(rel).replace(os.sep, "/"))
                yield _load(full, doc_id, max_bytes=max_bytes)
        else:
            name = os.path.basename(root)
            if _is_bilingual(root):
                yield from _load_bilingual(root, _display(name), max_bytes)
                continue
            yield _load(root, _display(_strip_suffix(name)), max_bytes=max_bytes)


def _is_bilingual(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in BILINGUAL_SUFFIXES


def _load_bilingual(path: str, file_id: str, max_bytes: int) -> list[Document | FileError]:
    """A bilingual file: its source-side document and one document per target language."""
    from transcheck.bilingual import load_bilingual

    shown = user_path(path)
    try:
        data = _read_bytes(path, max_bytes)
        if not data.strip():
            raise _NotText("empty file")
        loaded = load_bilingual(data, path, file_id, shown)
    except _NotText as exc:
        return [FileError(shown, str(exc))]
    except OSError as exc:
        return [FileError(shown, _os_reason(exc, path))]
    except (RecursionError, MemoryError) as exc:
        return [FileError(shown, f"cannot parse: {type(exc).__name__.lower()}")]
    return [loaded] if isinstance(loaded, FileError) else list(loaded)


def count_files(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> int:
    """How many items :func:`iter_corpus` will yield (for a progress total; cheap: no reads)."""
    n = 0
    for given in paths:
        root = os.fspath(given)
        n += len(_walk(root, follow_symlinks=follow_symlinks)) if os.path.isdir(root) else 1
    return n


def read_document_text(path: str) -> str | None:
    """Re-read one document exactly as :func:`iter_corpus` does; None on any failure."""
    try:
        if not path or not os.path.isfile(path) or _is_bilingual(path):
            return None  # a bilingual file's sides are not its text
        item = _load(path, "", max_bytes=DEFAULT_MAX_BYTES)
    except Exception:  # a report must render even if a file went bad
        return None
    return item.text if isinstance(item, Document) else None


def load_document(
    path: str | Path, doc_id: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document | FileError:
    """Load one file as a document (any extension other than HTML/Markdown is read as text)."""
    p = os.fspath(path)
    if doc_id is None:
        doc_id = _display(_strip_suffix(os.path.basename(p)))
    return _load(p, doc_id, max_bytes=max_bytes)


# ---------------------------------------------------------------- finding files


_OUTSIDE = "symbolic link out of the corpus"


def _walk(root: str, *, follow_symlinks: bool = False) -> list[tuple[str, str, str | None]]:
    """(relative path, full path, error) of every supported file under ``root``, sorted.

    Iterative (no recursion limit), follows symbolic links to folders but visits each real
    folder once, so link loops end. A folder that cannot be listed is returned with an error;
    a link leading out of ``root`` with the error ``_OUTSIDE`` (unless ``follow_symlinks``).
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
            found.append((rel_dir, full_dir, "cannot list folder: " + _os_reason(exc)))
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
                    if is_dir or os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                        found.append((rel, entry.path, _OUTSIDE))
                    continue
            if is_dir:
                if not rel_dir and name in SKIPPED_ROOT_FOLDERS:
                    continue
                subfolders.append((rel, entry.path))
            elif os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                found.append((rel, entry.path, None))
        # depth first in name order, so the same tree always yields the same ids (a folder
        # reached twice through links keeps the name met first)
        stack.extend(reversed(subfolders))
    found.sort(key=lambda item: _sort_key(item[0]))
    return found


def _sort_key(rel: str) -> tuple[str, ...]:
    return tuple(rel.split(os.sep))


def _strip_suffix(name: str) -> str:
    stem, ext = os.path.splitext(name)
    return stem if ext and stem else name


def _display(name: str) -> str:
    """A file name as text that can always be printed and written as UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def user_path(path: str) -> str:
    """The path as a user would type it: relative to the working directory when under it."""
    absolute = os.path.abspath(path)
    try:
        cwd = os.getcwd()
    except OSError:
        return _display(absolute)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:
        return _display(absolute)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return _display(absolute)
    return _display(rel)


def _os_reason(exc: OSError, path: str | None = None) -> str:
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


# ---------------------------------------------------------------- loading one file


def _load(path: str, doc_id: str, *, max_bytes: int) -> Document | FileError:
    shown = user_path(path)
    try:
        data = _read_bytes(path, max_bytes)
        suffix = os.path.splitext(path)[1].lower()
        kind = (
            "html"
            if suffix in HTML_SUFFIXES
            else "markdown"
            if suffix in MARKDOWN_SUFFIXES
            else "text"
        )
        decoded = _decode(data, html=kind == "html")
        if not decoded.text.strip():
            raise _NotText("empty file")
        meta: dict[str, str] = {}
        if kind == "html":
            text, spans, declared = _html_to_text(decoded.text)
        elif kind == "markdown":
            body, declared, meta = _split_front_matter(_normalise(decoded.text))
            text, spans = _markdown_to_text(body)
        else:
            text, declared, meta = _split_front_matter(_normalise(decoded.text))
            spans = _paragraph_spans(text)
        if not spans:
            raise _NotText("no text after removing markup")
    except _NotText as exc:
        return FileError(shown, str(exc))
    except OSError as exc:
        return FileError(shown, _os_reason(exc, path))
    except (RecursionError, MemoryError) as exc:
        return FileError(shown, f"cannot parse: {type(exc).__name__.lower()}")
    except Exception as exc:  # one odd file must not stop the whole audit
        return FileError(shown, f"cannot read: unexpected {type(exc).__name__}: {exc}")
    declared = declared or _lang_from_name(os.path.basename(path))
    doc = Document(
        id=doc_id,
        path=shown,
        text=text,
        encoding=decoded.encoding,
        declared_lang=declared,
        translation_of=meta.get("translation_of") or None,
        declared_source=meta.get("source", "").lower() in ("true", "yes", "1"),
    )
    doc.paragraphs = [Paragraph(i, s, e) for i, (s, e) in enumerate(spans)]
    return doc


def _read_bytes(path: str, max_bytes: int) -> bytes:
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise _NotText("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise _NotText("not a regular file")
    if st.st_size > max_bytes:
        size, limit = _mb(st.st_size), _mb(max_bytes)
        if size == limit:
            size, limit = f"{st.st_size:,} bytes", f"{max_bytes:,} bytes"
        raise _NotText(f"too large: {size} (limit {limit})")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since stat()
        raise _NotText(f"too large: more than {_mb(max_bytes)} (limit {_mb(max_bytes)})")
    return data


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)


def _decode(data: bytes, *, html: bool = False) -> _Decoded:
    """Bytes to text: BOM, strict UTF-8, BOM-less UTF-16, HTML meta charset, then a guess."""
    if not data.strip():
        raise _NotText("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if name == "utf-8-sig" else name
            text = data[len(bom) :].decode(codec, errors="replace")
            return _checked(_Decoded(text, name))
    if b"\x00" in data:
        guess = _guess_utf16(data)
        if guess is None:
            raise _NotText("not text: binary content (NUL bytes)")
        return _checked(guess)
    try:
        return _checked(_Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _checked(mostly)
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                name = codecs.lookup(m.group(1).decode("ascii")).name
                return _checked(_Decoded(data.decode(name), name))
            except (LookupError, UnicodeDecodeError, ValueError):
                pass
    return _checked(_guess_legacy(data))


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(data: bytes) -> _Decoded | None:
    """UTF-8 with a few stray bytes (a truncated file, a paragraph pasted from cp1252).

    Valid sequences stay UTF-8; each stray byte is read as cp1252 (a cut sequence at the
    very end becomes U+FFFD). Plain legacy text has almost no valid UTF-8 sequences.
    """
    valid = len(_UTF8_SEQUENCE.findall(data))
    stray = len(_NON_ASCII.findall(_UTF8_SEQUENCE.sub(b"", data)))
    if valid < 3 or stray > valid:
        return None
    _register_fallback()
    return _Decoded(data.decode("utf-8", errors=_FALLBACK), "utf-8+cp1252")


_FALLBACK = "transcheck-cp1252-fallback"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    if exc.reason == "unexpected end of data":
        return "\ufffd", exc.end
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


@lru_cache(maxsize=1)
def _register_fallback() -> None:
    codecs.register_error(_FALLBACK, _cp1252_fallback)


def _guess_utf16(data: bytes) -> _Decoded | None:
    """UTF-16 without a BOM: NUL bytes concentrated on one parity (ASCII spaces, digits...)."""
    sample = data[:65536]
    if len(sample) < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    units = len(sample) // 2
    nuls = max(even, odd)
    if nuls < max(4, units * 0.05) or min(even, odd) > nuls * 0.02:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    body = data[: len(data) - len(data) % 2]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    if _control_ratio(text) > 0.02:
        return None
    # real text has spaces (their high byte is the NUL); byte soup read as UTF-16 has not
    spaces = sum(1 for ch in text[:32768] if ch.isspace())
    if nuls < units * 0.3 and spaces < len(text[:32768]) * 0.05:
        return None
    return _Decoded(text, codec)


# How common each legacy encoding is (log prior): on short text it decides the close calls.
_ENCODING_LOG_PRIOR = {"cp1252": -0.7, "iso8859-1": -1.5, "cp1251": -1.9, "cp1250": -2.3}
# Legacy encodings always tried besides the guesser's picks (Windows code pages, KOI8-R).
_COMMON_LEGACY = ("cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1257")


def _guess_legacy(data: bytes) -> _Decoded:
    """A legacy 8-bit (or CJK) encoding, guessed by charset-normalizer."""
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(data))
    except Exception:  # a guesser must never take the run down
        matches = []
    best = matches[0] if matches else None
    if best is not None:
        # guessers often tie (cp1250/cp1252) or miss on short text: among the clean
        # candidates and the common legacy encodings, keep the decoding whose accented
        # letters read as some language (niño, not nińo)
        sample = data[:65536]
        candidates: dict[str, str] = {}  # codec -> decoded sample
        for m in matches[:8]:
            if m.chaos <= best.chaos + 0.05 and m.encoding and _ascii_compatible(m.encoding):
                name = _codec_name(m.encoding)
                try:
                    candidates.setdefault(name, sample.decode(name, errors="ignore"))
                except (LookupError, ValueError):
                    continue
        for name in _COMMON_LEGACY:
            if name not in candidates:
                try:
                    candidates[name] = sample.decode(name)
                except UnicodeDecodeError:
                    continue
        if len(candidates) > 1:
            from transcheck.langid import letter_plausibility

            order = list(candidates)
            scores = {
                name: letter_plausibility(text) + _ENCODING_LOG_PRIOR.get(name, -4.0)
                for name, text in candidates.items()
            }
            name = min(order, key=lambda n: (-scores[n], order.index(n)))
            try:
                return _Decoded(data.decode(name, errors="replace"), name)
            except (LookupError, ValueError):
                pass
    if best is None or best.encoding is None:
        if _control_ratio(data.decode("latin-1")) > 0.1:
            raise _NotText("not text: binary content (control bytes)")
        raise _NotText("not text: unknown encoding (not utf-8, utf-16 or a legacy encoding)")
    return _Decoded(str(best), _codec_name(best.encoding))


_ASCII_PROBE = bytes(range(0x20, 0x7F))


@lru_cache(maxsize=64)
def _ascii_compatible(name: str) -> bool:
    """Whether ASCII bytes mean ASCII in this codec (not EBCDIC, not UTF-16)."""
    try:
        return _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (LookupError, ValueError):
        return False


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in _CONTROL_OK and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def _checked(decoded: _Decoded) -> _Decoded:
    if _control_ratio(decoded.text) > 0.1:
        raise _NotText("not text: binary content (control bytes)")
    return decoded


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- languages from names/headers

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_LANG = re.compile(
    r"^(?:lang|language|locale)[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)[\"']?[ \t]*$",
    re.M | re.I,
)


# Translation-set keys of the front matter: ``translation_of: story.en`` / ``source: true``.
_FRONT_SET = re.compile(
    r"^(translation_of|source)[ \t]*:[ \t]*[\"']?([^\"'\n]*?)[\"']?[ \t]*$", re.M | re.I
)


def _split_front_matter(text: str) -> tuple[str, str | None, dict[str, str]]:
    """Remove a leading ``---`` ... ``---`` block; return the rest, its declared language and
    its translation-set keys (``translation_of``, ``source``)."""
    m = _FRONT_MATTER.match(text[:65536])
    if not m:
        return text, None, {}
    block = m.group(1) or ""
    lang_match = _FRONT_LANG.search(block)
    lang = normalize_lang_code(lang_match.group(1)) if lang_match else None
    meta = {k.lower(): v.strip() for k, v in _FRONT_SET.findall(block)}
    return text[m.end() :], lang, meta


_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{2}|[A-Za-z]{4}|[0-9]{3}))?")
# ``story_es.txt``, ``story-pt_BR.md``: a lower-case code after ``_`` or ``-`` at the end.
_NAME_TAG = re.compile(r"[_-]([a-z]{2})(?:[-_][A-Z]{2})?\Z")
# Two-letter codes that are also common words or abbreviations at the end of a file name.
_NAME_TAG_WORDS = frozenset(
    "am an as at be by do go he hi id if in is me my no of on or so to up".split()
)


def _lang_from_name(name: str) -> str | None:
    """``story.es.txt`` / ``story.pt-BR.md`` / ``story_es.txt`` -> es / pt / es; ``es.txt`` -> es."""
    stem = _strip_suffix(name)
    tag = stem.rsplit(".", 1)[-1]
    if _TAG.fullmatch(tag):
        return normalize_lang_code(tag, strict=True)
    m = _NAME_TAG.search(tag)
    if m and m.group(1) not in _NAME_TAG_WORDS:
        return normalize_lang_code(m.group(1), strict=True)
    return None


# ---------------------------------------------------------------- paragraphs


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks, trimmed of surrounding white space (linear time)."""
    spans: list[tuple[int, int]] = []
    block_start: int | None = None
    block_end = 0
    pos = 0
    for line in text.split("\n"):
        content = line.strip()
        if content:
            if block_start is None:
                block_start = pos + (len(line) - len(line.lstrip()))
            block_end = pos + len(line.rstrip())
        elif block_start is not None:
            spans.append((block_start, block_end))
            block_start = None
        pos += len(line) + 1
    if block_start is not None:
        spans.append((block_start, block_end))
    return spans


def _join_blocks(blocks: list[str]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(block)
        spans.append((pos, pos + len(block)))
        pos += len(block)
    return "".join(parts), spans


# ---------------------------------------------------------------- HTML


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page as a list of blocks (no recursion)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.lang: str | None = None
        self._buffer: list[str] = []
        self._dropped: dict[str, int] = {}

    def _flush(self) -> None:
        if self._buffer:
            block = " ".join("".join(self._buffer).split())
            self._buffer = []
            if block:
                self.blocks.append(unicodedata.normalize("NFC", block))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.lang is None:
            for key, value in attrs:
                if key in ("lang", "xml:lang") and value:
                    self.lang = normalize_lang_code(value)
        if tag == "body":
            self._dropped.pop("head", None)
        if tag in _HTML_DROPPED:
            self._dropped[tag] = self._dropped.get(tag, 0) + 1
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        depth = self._dropped.get(tag)
        if depth:
            if depth == 1:
                del self._dropped[tag]
            else:
                self._dropped[tag] = depth - 1
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _html_to_text(source: str) -> tuple[str, list[tuple[int, int]], str | None]:
    parser = _TextExtractor()
    parser.feed(source.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    text, spans = _join_blocks(parser.blocks)
    return text, spans, parser.lang


# ---------------------------------------------------------------- Markdown


def _markdown_to_text(source: str) -> tuple[str, list[tuple[int, int]]]:
    """Markdown to plain text: rendered with markdown-it, then reduced like HTML."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(source)
    text, spans, _ = _html_to_text(html)
    if not spans:  # e.g. nesting deeper than the renderer accepts: keep the words as written
        return source, _paragraph_spans(source)
    return text, spans
