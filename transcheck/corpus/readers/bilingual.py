"""Bilingual files (XLIFF 1.2/2.x, gettext PO, TMX): documents and the unit pairs they give.

A bilingual file is read through Translate Toolkit and becomes one source-side document and
one target-side document per target language. Each side holds its units one per paragraph;
the target documents declare the source one as the document they translate, and each
paragraph remembers its unit (``Document.segments``), so the pair checks run on the file's
own unit pairs (:func:`transcheck.bilingual.given_links`) instead of an alignment, and
findings point at the unit's id and line in the file. The pairs themselves (every unit of
every language, translated or not) are the reader's ``pairs``; the loader keeps them on the
source-side document (``Document.units``) for the bilingual rules.

XML files that declare a DOCTYPE or entities are refused before any parser sees them: entity
expansion ("billion laughs") and external entities (reading local files) never happen.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transcheck.corpus.decode import NotText
from transcheck.corpus.readers import Read, Source
from transcheck.langid import normalize_lang_code
from transcheck.model import BilingualUnit, Document, Paragraph, Segment

_XML_SUFFIXES = frozenset({".xlf", ".xliff", ".tmx"})
_DANGEROUS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XLIFF 1.2 states (and PO fuzzy) that mean "not ready": reported, not checked for drift.
_UNREVIEWED_STATES = frozenset(
    {
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "new",
        "initial",
    }
)


class BilingualError(Exception):
    """A bilingual file that cannot be read, with a one-line reason."""


def _refuse_dtd(data: bytes) -> None:
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4].count(b"\x00") >= 1:
        for codec in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                probe = data.decode(codec).encode("utf-8")
                if b"<" in probe:
                    break
            except UnicodeDecodeError:
                continue
    m = _DANGEROUS.search(probe)
    if m:
        line = probe[: m.start()].count(b"\n") + 1
        raise BilingualError(
            f"line {line}: refused: XML with a DOCTYPE or entity declarations "
            "(entities are never expanded or fetched)"
        )


def _clean(text) -> str:
    return " ".join(str(text or "").split())


def _lang(code) -> str | None:
    if not code or str(code).startswith("*"):
        return None
    return normalize_lang_code(str(code))


# ---------------------------------------------------------------- readers


def _store(data: bytes, suffix: str):
    from translate.storage import po, tmx, xliff, xliff2

    if suffix in (".po", ".pot"):
        return po.pofile(data)
    if suffix == ".tmx":
        return tmx.tmxfile(data)
    if re.search(rb"<xliff[^>]*version\s*=\s*[\"']2", data[:4096]):
        return xliff2.Xliff2File(data)
    return xliff.xlifffile(data)


def _unit_line(unit) -> int:
    el = getattr(unit, "xmlelement", None)
    line = getattr(el, "sourceline", None)
    if line:
        return int(line)
    try:
        return int(unit.line_number) or 1  # PO: the unit's first line (comments included)
    except (AttributeError, TypeError, ValueError):
        return 1


def _state(unit, target: str) -> str:
    if not target:
        return "untranslated"
    el = getattr(unit, "xmlelement", None)
    if el is None:  # PO
        return "fuzzy" if unit.isfuzzy() else "translated"
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        state = node.get("state") or ""
        if node.tag.endswith("target") and state in _UNREVIEWED_STATES:
            return "fuzzy"
        if node.tag.endswith("segment") and state == "initial":
            return "fuzzy"
    return "translated"


def _notes(unit) -> str:
    try:
        return _clean(unit.getnotes())
    except Exception:  # notes are a nicety
        return ""


def _po_units(
    store, lines: list[bytes]
) -> tuple[str | None, str | None, list[tuple[str, BilingualUnit]]]:
    target_lang = _lang(store.gettargetlanguage())
    units: list[tuple[str, BilingualUnit]] = []
    for n, unit in enumerate(store.units):
        if unit.isheader() or unit.isobsolete() or not _clean(unit.source):
            continue
        uid = _clean(unit.getid()).replace("\x04", " | ") or f"#{n}"
        line = _msgid_line(lines, _unit_line(unit))
        note = _notes(unit)
        context = _clean(unit.getcontext())
        if unit.hasplural():
            sources = [_clean(s) for s in unit.source.strings]
            targets = [_clean(t) for t in unit.target.strings] if unit.target else []
            for i in range(max(len(targets), 1)):
                target = targets[i] if i < len(targets) else ""
                source = sources[min(i, len(sources) - 1)]
                state = _state(unit, target)
                units.append(
                    (
                        target_lang,
                        BilingualUnit(
                            f"{uid}[{i}]", line, source, target, state, note, context=context
                        ),
                    )
                )
            continue
        target = _clean(unit.target)
        units.append(
            (
                target_lang,
                BilingualUnit(
                    uid,
                    line,
                    _clean(unit.source),
                    target,
                    _state(unit, target),
                    note,
                    context=context,
                ),
            )
        )
    return None, target_lang, units


def _msgid_line(lines: list[bytes], first: int) -> int:
    """The line of a PO unit's ``msgctxt``/``msgid`` (the toolkit gives its first comment)."""
    for i in range(max(first - 1, 0), min(len(lines), first + 200)):
        if lines[i].lstrip().startswith((b"msgid", b"msgctxt")):
            return i + 1
    return first


def _xliff_units(store) -> tuple[str | None, str | None, list[tuple[str, BilingualUnit]]]:
    source_lang = _lang(store.getsourcelanguage())
    target_lang = _lang(store.gettargetlanguage())
    units: list[tuple[str, BilingualUnit]] = []
    for n, unit in enumerate(store.units):
        if unit.isheader() or not _clean(unit.source):
            continue
        el = getattr(unit, "xmlelement", None)
        own_id = el.get("id") if el is not None else None
        uid = _clean(own_id or unit.getid()).replace("\x04", " | ") or f"#{n}"
        target = _clean(unit.target)
        units.append(
            (
                target_lang,
                BilingualUnit(
                    uid,
                    _unit_line(unit),
                    _clean(unit.source),
                    target,
                    _state(unit, target),
                    _notes(unit),
                ),
            )
        )
    return source_lang, target_lang, units


def _tmx_units(store) -> tuple[str | None, str | None, list[tuple[str, BilingualUnit]]]:
    header = store.document.getroot().find("header")
    source_lang = _lang(header.get("srclang")) if header is not None else None
    units: list[tuple[str, BilingualUnit]] = []
    for n, unit in enumerate(store.units):
        el = unit.xmlelement
        texts: list[tuple[str | None, str]] = []
        for tuv in el.iter("tuv"):
            seg = tuv.find("seg")
            texts.append(
                (
                    _lang(tuv.get(_XML_LANG) or tuv.get("lang")),
                    _clean("".join(seg.itertext())) if seg is not None else "",
                )
            )
        if not texts:
            continue
        src_lang = source_lang or texts[0][0]
        source = next((t for lang, t in texts if lang == src_lang), "")
        if source_lang is None:
            source_lang = src_lang
        if not source:
            continue
        uid = _clean(el.get("tuid")) or f"#{n + 1}"
        for lang, text in texts:
            if lang == src_lang:
                continue
            units.append(
                (
                    lang,
                    BilingualUnit(
                        uid, _unit_line(unit), source, text, _state(unit, text), _notes(unit)
                    ),
                )
            )
    return source_lang, None, units


def read_units(data: bytes, suffix: str) -> tuple[str | None, list[tuple[str, BilingualUnit]]]:
    """(source language, [(target language, unit)]) of a bilingual file's bytes."""
    if suffix in _XML_SUFFIXES:
        _refuse_dtd(data)
    try:
        store = _store(data, suffix)
    except BilingualError:
        raise
    except Exception as exc:  # parsers raise many kinds; one line for the user
        raise BilingualError(_parse_reason(exc)) from None
    if suffix in (".po", ".pot"):
        source_lang, target_lang, units = _po_units(store, data.splitlines())
    elif suffix == ".tmx":
        source_lang, target_lang, units = _tmx_units(store)
    else:
        source_lang, target_lang, units = _xliff_units(store)
    return source_lang, units


def _parse_reason(exc: Exception) -> str:
    line = getattr(exc, "lineno", None) or getattr(exc, "position", (None,))[0]
    message = " ".join(str(exc).split()) or type(exc).__name__
    prefix = f"line {line}: " if line else ""
    return f"{prefix}cannot parse: {message[:200]}"


# ---------------------------------------------------------------- documents


def _document(doc_id: str, shown: str, lang: str | None, rows: list[tuple[str, int, str]]):
    parts, paragraphs, segments = [], [], []
    pos = 0
    for i, (uid, line, text) in enumerate(rows):
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(text)
        paragraphs.append(Paragraph(i, pos, pos + len(text)))
        segments.append(Segment(uid, max(line, 1)))
        pos += len(text)
    doc = Document(id=doc_id, path=shown, text="".join(parts), declared_lang=lang)
    doc.paragraphs = paragraphs
    doc.segments = segments
    return doc


def read_bilingual(source: Source) -> Read:
    """The documents of one bilingual file (its source side first, then one per language)
    and its unit pairs."""
    suffix = source.suffix
    try:
        source_lang, units = read_units(source.data, suffix)
    except BilingualError as exc:
        raise NotText(str(exc)) from None
    if not units:
        raise NotText("no translation units")
    units = _unique_ids(units)
    source_id = f"{source.file_id}#source"
    seen: set[str] = set()
    source_rows = []
    for _lang_code, unit in units:
        if unit.id not in seen:
            seen.add(unit.id)
            source_rows.append((unit.id, unit.line, unit.source))
    source_doc = _document(source_id, source.shown, source_lang, source_rows)
    source_doc.declared_source = True
    pairs = tuple(
        replace(unit, lang=lang)
        for lang, unit in units
        # a template's empty targets are expected, not untranslated
        if not (suffix == ".pot" and unit.state == "untranslated")
    )
    docs = [source_doc]
    by_lang: dict[str | None, list[BilingualUnit]] = {}
    for lang, unit in units:
        by_lang.setdefault(lang, []).append(unit)
    for lang in sorted(by_lang, key=lambda x: x or ""):
        lang_units = by_lang[lang]
        rows = [(u.id, u.line, u.target) for u in lang_units if u.state == "translated"]
        if not rows:  # nothing to check; its units are reported from the source side
            continue
        target = _document(f"{source.file_id}#{lang or 'target'}", source.shown, lang, rows)
        target.translation_of = source_id
        docs.append(target)
    return Read(tuple(docs), pairs)


def _unique_ids(
    units: list[tuple[str | None, BilingualUnit]],
) -> list[tuple[str | None, BilingualUnit]]:
    """Unit ids made unique per language (XLIFF ``<file>`` elements may reuse them); a TMX
    unit keeps one id across its languages."""
    seen: dict[tuple[str | None, str], int] = {}
    out = []
    for lang, unit in units:
        n = seen.get((lang, unit.id), 0)
        seen[(lang, unit.id)] = n + 1
        out.append((lang, replace(unit, id=f"{unit.id}~{n + 1}") if n else unit))
    return out
