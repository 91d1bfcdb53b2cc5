"""What the article readers share: front matter, languages from file names, paragraphs, and
the :class:`~transcheck.model.Document` they build."""

from __future__ import annotations

import os
import re

from transcheck.corpus.decode import Decoded, NotText
from transcheck.corpus.readers import Read, Source
from transcheck.corpus.walk import strip_suffix
from transcheck.langid import normalize_lang_code
from transcheck.model import Document, Paragraph, offset


def text_document(
    source: Source,
    decoded: Decoded,
    text: str,
    spans: list[tuple[int, int]],
    declared: str | None,
    meta: dict[str, str],
) -> Read:
    """One article: its text cut into paragraphs, its declared language (front matter,
    ``<html lang>``, or the file name) and its translation-set keys."""
    if not spans:
        raise NotText("no text after removing markup")
    declared = declared or lang_from_name(os.path.basename(source.path))
    doc = Document(
        id=source.doc_id,
        path=source.shown,
        text=text,
        encoding=decoded.encoding,
        declared_lang=declared,
        translation_of=meta.get("translation_of") or None,
        declared_source=meta.get("source", "").lower() in ("true", "yes", "1"),
    )
    doc.paragraphs = [Paragraph(i, offset(s), offset(e)) for i, (s, e) in enumerate(spans)]
    return Read((doc,))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_LANG = re.compile(
    r"^(?:lang|language|locale)[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)[\"']?[ \t]*$",
    re.M | re.I,
)


# Translation-set keys of the front matter: ``translation_of: story.en`` / ``source: true``.
_FRONT_SET = re.compile(
    r"^(translation_of|source)[ \t]*:[ \t]*[\"']?([^\"'\n]*?)[\"']?[ \t]*$", re.M | re.I
)


def split_front_matter(text: str) -> tuple[str, str | None, dict[str, str]]:
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
# Three-letter ISO 639-2/3 codes that are more often words in a file name ("story.bak.txt" is a
# backup, not Bashkir; "notes.run.md", "final.fin.txt").
_TAG_WORDS = frozenset({"bak", "cor", "fin", "lit", "run"})


def lang_from_name(name: str) -> str | None:
    """``story.es.txt`` / ``story.pt-BR.md`` / ``story_es.txt`` -> es / pt / es; ``es.txt`` -> es."""
    stem = strip_suffix(name)
    tag = stem.rsplit(".", 1)[-1]
    if _TAG.fullmatch(tag):
        if tag.lower() in _TAG_WORDS:
            return None
        return normalize_lang_code(tag, strict=True)
    m = _NAME_TAG.search(tag)
    if m and m.group(1) not in _NAME_TAG_WORDS:
        return normalize_lang_code(m.group(1), strict=True)
    return None


# ---------------------------------------------------------------- paragraphs


def paragraph_spans(text: str) -> list[tuple[int, int]]:
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


def join_blocks(blocks: list[str]) -> tuple[str, list[tuple[int, int]]]:
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
