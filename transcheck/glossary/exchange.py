"""Glossary exchange: TBX-Basic and CSV export and import.

TBX mapping (TBX-Basic, ``<martif>``; TBX v3 ``<tbx>``/``conceptEntry`` is read too):

- ``termEntry/@id`` = entry id; ``descrip[@type=subjectField]`` = entry type; ``note`` = note
- one ``langSet`` per language (``xml:lang="und"`` = any language, ``*`` in YAML)
- each form is a ``tig`` with ``termNote[@type=administrativeStatus]``:
  canonical/approved = ``preferredTerm-admn-sts``, allowed = ``admittedTerm-admn-sts``,
  forbidden = ``deprecatedTerm-admn-sts``, alias = ``termType`` ``variant`` (admitted, or
  ``supersededTerm-admn-sts`` when it has an ``until`` year)
- form details are ``note`` elements ``reason: …``, ``severity: …``, ``since: …``,
  ``until: …``, ``role: source`` (a quotation's source text); other notes are the alias note.

Match options are not carried by TBX or CSV. Export reads each entry's plain dict
(:meth:`Entry.to_dict <transcheck.glossary.model.Entry.to_dict>`); import builds
:class:`~transcheck.glossary.model.Entry` records, written out by the same method.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from anyascii import anyascii

from transcheck.glossary.model import (
    ANY_LANG,
    ID_PATTERN,
    REGEX_PREFIX,
    TYPES,
    Entry,
    Form,
    Glossary,
)
from transcheck.languages import iso639_1_codes
from transcheck.model import SEVERITIES
from transcheck.safety import csv_cell, csv_value

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {
    "canonical": "preferredTerm-admn-sts",
    "allowed": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
    "alias": "admittedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
}
CSV_COLUMNS = (
    "id",
    "type",
    "lang",
    "kind",
    "form",
    "reason",
    "severity",
    "since",
    "until",
    "note",
    "entry_note",
)
CSV_KINDS = ("canonical", "approved", "source", "allowed", "alias", "forbidden")
NOTE_KEYS = ("reason", "severity", "since", "until", "role")


class ExchangeError(ValueError):
    """A file to import is malformed; the message is one line a user can act on."""


# ---------------------------------------------------------------- entry <-> rows of forms


def _rows(entry: Entry) -> list[dict[str, Any]]:
    """Every form of an entry as (lang, kind, form, details), in a stable order."""
    data = entry.to_dict()
    rows: list[dict[str, Any]] = []
    if "source" in data:
        source = data["source"]
        rows.append({"lang": source["lang"], "kind": "source", "form": source["text"]})
    for lang, text in data.get("canonical", {}).items():
        rows.append({"lang": lang, "kind": "canonical", "form": text})
    for kind in ("approved", "allowed"):
        for lang, texts in data.get(kind, {}).items():
            rows.extend({"lang": lang, "kind": kind, "form": t} for t in texts)
    for kind, key in (("alias", "aliases"), ("forbidden", "forbidden")):
        for item in data.get(key, ()):
            rows.append({**item, "lang": item.get("lang", ANY_LANG), "kind": kind})
    return rows


def _form(written: str, kind: str, lang: str, **details: Any) -> Form:
    """A form as written in a term base (``re:`` prefix included; ``*`` = any language)."""
    regex = written.startswith(REGEX_PREFIX)
    text = written[len(REGEX_PREFIX) :] if regex else written
    return Form(text, kind, None if lang == ANY_LANG else lang, regex=regex, **details)


class _EntryBuilder:
    """Collects the forms of one imported entry (a TBX concept, CSV rows) into an Entry."""

    def __init__(self, entry_id: str, etype: str) -> None:
        self.id = entry_id
        self.type = etype
        self.note: str | None = None
        self.source: tuple[str, str] | None = None
        self.canonical: dict[str, str] = {}
        self.approved: dict[str, list[str]] = {}
        self.allowed: dict[str, list[str]] = {}
        self.aliases: list[Form] = []
        self.forbidden: list[Form] = []

    def add(self, lang: str, kind: str, form: str, details: dict[str, Any]) -> None:
        if kind == "source" and self.type == "quote" and lang != ANY_LANG:
            self.source = (lang, form)
        elif kind in ("canonical", "approved", "source"):
            if self.type == "quote":
                self.approved.setdefault(lang, []).append(form)
            elif lang not in self.canonical and not form.startswith(REGEX_PREFIX):
                self.canonical[lang] = form
            else:
                self.allowed.setdefault(lang, []).append(form)
        elif kind == "allowed" or (kind == "alias" and self.type == "quote"):
            self.allowed.setdefault(lang, []).append(form)
        elif kind == "alias":
            since, until, note = (details.get(k) for k in ("since", "until", "note"))
            self.aliases.append(_form(form, kind, lang, since=since, until=until, note=note))
        elif kind == "forbidden":
            reason = details.get("reason") or None
            severity = details.get("severity") or None
            self.forbidden.append(_form(form, kind, lang, reason=reason, severity=severity))

    def entry(self) -> Entry:
        return Entry(
            id=self.id,
            type=self.type,
            canonical=self.canonical,
            allowed={lang: tuple(texts) for lang, texts in self.allowed.items()},
            forbidden=tuple(self.forbidden),
            aliases=tuple(self.aliases),
            approved={lang: tuple(texts) for lang, texts in self.approved.items()},
            source=self.source,
            note=self.note,
        )


def slugify(text: str, taken: set[str] | None = None, max_len: int = 40) -> str:
    """A valid, unused entry id made from ``text``."""
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "entry"
    if len(base) > max_len:
        base = base[:max_len].rsplit("-", 1)[0] or base[:max_len]
    slug, n = base, 2
    while taken is not None and slug in taken:
        slug, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(slug)
    return slug


def _entry_id(raw: str | None, fallback: str, taken: set[str]) -> str:
    if raw and ID_PATTERN.match(raw) and raw not in taken:
        taken.add(raw)
        return raw
    return slugify(raw or fallback, taken)


def _lang(code: str | None) -> str | None:
    """ISO 639-1 code (or "*") for a TBX/CSV language tag; None when unknown."""
    if code is None:
        return None
    code = code.strip()
    if code in ("", ANY_LANG, "und", "mul", "zxx"):
        return ANY_LANG
    base = re.split(r"[-_]", code)[0].lower()
    return base if base in iso639_1_codes() else None


# ---------------------------------------------------------------- TBX


def export_tbx(glossary: Glossary) -> str:
    """TBX-Basic (martif) text for every entry."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "Exported by transcheck from a glossary"
    encoding = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in glossary.entries:
        term_entry = ET.SubElement(body, "termEntry", {"id": entry.id})
        ET.SubElement(term_entry, "descrip", {"type": "subjectField"}).text = entry.type
        if entry.note:
            ET.SubElement(term_entry, "note").text = entry.note
        by_lang: dict[str, list[dict[str, Any]]] = {}
        for row in _rows(entry):
            by_lang.setdefault(row["lang"], []).append(row)
        for lang in sorted(by_lang, key=lambda code: (code == ANY_LANG, code)):
            lang_set = ET.SubElement(
                term_entry, "langSet", {XML_LANG: "und" if lang == ANY_LANG else lang}
            )
            for row in by_lang[lang]:
                _tig(lang_set, row)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _tig(parent: ET.Element, row: dict[str, Any]) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = row["form"]
    kind = row["kind"]
    if kind == "alias":
        ET.SubElement(tig, "termNote", {"type": "termType"}).text = "variant"
        status = STATUS["superseded"] if row.get("until") is not None else STATUS["alias"]
    else:
        status = STATUS["canonical" if kind in ("approved", "source") else kind]
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    if kind == "source":
        ET.SubElement(tig, "note").text = "role: source"
    for key in ("reason", "severity", "since", "until"):
        if row.get(key) is not None:
            ET.SubElement(tig, "note").text = f"{key}: {row[key]}"
    if row.get("note"):
        ET.SubElement(tig, "note").text = row["note"]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) in names]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def import_tbx(data: bytes, name: str) -> tuple[list[Entry], list[str]]:
    """Entries and warnings from TBX bytes; ExchangeError if malformed."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        msg = str(exc).split(":")[0]
        raise ExchangeError(f"{name}:{line}:{col + 1}: not well-formed XML: {msg}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise ExchangeError(
            f"{name}: not a TBX file: the root element is <{_local(root.tag)}>, "
            "expected <martif> (TBX-Basic) or <tbx> (TBX v3)"
        )
    warnings: list[str] = []
    entries: list[Entry] = []
    taken: set[str] = set()
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise ExchangeError(f"{name}: no <termEntry> or <conceptEntry> elements in the TBX file")
    for n, concept in enumerate(concepts, 1):
        raw_id = concept.get("id")
        where = f"{name}: entry {raw_id or n}"
        etype, notes = "term", []
        for el in concept:
            tag = _local(el.tag)
            if tag == "descrip" and el.get("type") == "subjectField":
                subject = _text(el)
                if subject in TYPES:
                    etype = subject
                elif subject:
                    notes.append(f"subject field: {subject}")
            elif (tag == "note" or (tag == "descrip" and el.get("type") == "definition")) and (
                _text(el)
            ):
                notes.append(_text(el))
        rows: list[tuple[str, str, str, dict[str, Any]]] = []
        for lang_set in _children(concept, "langSet", "langSec"):
            raw_lang = lang_set.get(XML_LANG) or lang_set.get("lang")
            lang = _lang(raw_lang)
            if lang is None:
                warnings.append(f"{where}: unknown language {raw_lang!r}; its terms were skipped")
                continue
            for tig in _children(lang_set, "tig", "ntig", "termSec"):
                row = _read_tig(tig, where, warnings)
                if row is not None:
                    rows.append((lang, *row))
        if not rows:
            warnings.append(f"{where}: no terms; skipped")
            continue
        first_term = rows[0][2].removeprefix(REGEX_PREFIX)
        builder = _EntryBuilder(_entry_id(raw_id, first_term, taken), etype)
        builder.note = "\n".join(notes) or None
        for lang, kind, form, details in rows:
            builder.add(lang, kind, form, details)
        entries.append(builder.entry())
    return entries, warnings


def _read_tig(
    tig: ET.Element, where: str, warnings: list[str]
) -> tuple[str, str, dict[str, Any]] | None:
    terms = [el for el in tig.iter() if _local(el.tag) == "term"]
    if not terms or not _text(terms[0]):
        warnings.append(f"{where}: a term without text was skipped")
        return None
    form = _text(terms[0])
    status = term_type = None
    details: dict[str, Any] = {}
    plain_notes: list[str] = []
    for el in tig.iter():
        tag = _local(el.tag)
        if tag == "termNote" and el.get("type") in (
            "administrativeStatus",
            "normativeAuthorization",
        ):
            status = _text(el)
        elif tag == "termNote" and el.get("type") == "termType":
            term_type = _text(el)
        elif tag == "note":
            text = _text(el)
            key, sep, value = text.partition(":")
            if sep and key in NOTE_KEYS:
                value = value.strip()
                if key in ("since", "until"):
                    details[key] = int(value) if value.isdigit() else None
                    if details[key] is None:
                        plain_notes.append(text)
                elif key == "severity" and value not in SEVERITIES:
                    plain_notes.append(text)
                else:
                    details[key] = value
            elif text:
                plain_notes.append(text)
    if plain_notes:
        details["note"] = "; ".join(plain_notes)
    status = (status or "").replace("-admn-sts", "").replace("Term", "")
    if details.get("role") == "source":
        kind = "source"
    elif status == "superseded" or term_type == "variant":
        kind = "alias"
    elif status == "deprecated":
        kind = "forbidden"
        details.setdefault("reason", details.pop("note", None))
    elif status == "admitted":
        kind = "allowed"
    else:  # preferred, or no status at all
        kind = "canonical"
    return kind, form, details


# ---------------------------------------------------------------- CSV


def export_csv(glossary: Glossary) -> str:
    """One row per form: id,type,lang,kind,form,reason,severity,since,until,note,entry_note.

    A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first)
    gets a leading ``'`` (OWASP CSV injection); :func:`import_csv` removes it again."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in glossary.entries:
        for i, row in enumerate(_rows(entry)):
            out = {k: ("" if row.get(k) is None else row[k]) for k in CSV_COLUMNS}
            out.update(
                id=entry.id, type=entry.type, entry_note=(entry.note or "") if i == 0 else ""
            )
            writer.writerow({k: csv_cell(v) for k, v in out.items()})
    return buf.getvalue()


def import_csv(data: bytes, name: str) -> tuple[list[Entry], list[str]]:
    """Entries and warnings from CSV bytes; ExchangeError if malformed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError(
            f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=lambda d: (first_line.count(d), d == ","))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ExchangeError(f"{name}:1: malformed CSV: {exc}") from None
    if not header:
        raise ExchangeError(f"{name}: empty CSV file")
    header = [h.strip().lower() for h in header]
    reader.fieldnames = header
    missing = [c for c in ("id", "lang", "kind", "form") if c not in header]
    lang_columns = [h for h in header if h not in CSV_COLUMNS and _lang(h) not in (None,)]
    if missing and lang_columns and "kind" not in header and "form" not in header:
        return _import_wide_csv(reader, lang_columns, name)
    if missing:
        raise ExchangeError(
            f"{name}:1: not a glossary CSV: missing column(s) {', '.join(missing)} "
            f"(expected {','.join(CSV_COLUMNS)})"
        )
    builders: dict[str, _EntryBuilder] = {}
    warnings: list[str] = []
    for line, cells in _csv_rows(reader, name):
        if not any(cells.values()):
            continue
        entry_id, kind, form = cells["id"], cells["kind"], cells["form"]
        if not entry_id:
            raise ExchangeError(f"{name}:{line}: empty id")
        etype = _entry_type(cells, name, line)
        if kind not in CSV_KINDS:
            raise ExchangeError(
                f"{name}:{line}: bad kind {kind!r}; expected one of {', '.join(CSV_KINDS)}"
            )
        if not form:
            raise ExchangeError(f"{name}:{line}: empty form")
        lang = _lang(cells["lang"])
        if lang is None:
            raise ExchangeError(f"{name}:{line}: unknown language code {cells['lang']!r}")
        details: dict[str, Any] = {}
        for key in ("since", "until"):
            if cells.get(key):
                if not cells[key].isdigit():
                    raise ExchangeError(f"{name}:{line}: {key} must be a year, not {cells[key]!r}")
                details[key] = int(cells[key])
        for key in ("reason", "severity", "note"):
            if cells.get(key):
                details[key] = cells[key]
        if details.get("severity", "error") not in SEVERITIES:
            raise ExchangeError(f"{name}:{line}: bad severity {details['severity']!r}")
        builder = builders.get(entry_id)
        if builder is None:
            builder = builders[entry_id] = _EntryBuilder(entry_id, etype)
        elif builder.type != etype:
            raise ExchangeError(
                f"{name}:{line}: entry {entry_id!r} has type {etype!r} here but "
                f"{builder.type!r} above"
            )
        if cells.get("entry_note"):
            builder.note = cells["entry_note"]
        builder.add(lang, kind, form, details)
    if not builders:
        raise ExchangeError(f"{name}: no rows")
    return [b.entry() for b in builders.values()], warnings


def _csv_rows(reader: csv.DictReader, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells) of each row, cells stripped (and un-escaped, see :func:`export_csv`)."""
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise ExchangeError(f"{name}:{line}: more fields than columns")
            yield line, {k: csv_value((v or "").strip()) for k, v in row.items()}
    except csv.Error as exc:
        raise ExchangeError(f"{name}:{line + 1}: malformed CSV: {exc}") from None


def _entry_type(cells: dict[str, str], name: str, line: int) -> str:
    etype = cells.get("type") or "term"
    if etype not in TYPES:
        raise ExchangeError(
            f"{name}:{line}: bad type {etype!r}; expected one of {', '.join(TYPES)}"
        )
    return etype


def _import_wide_csv(
    reader: csv.DictReader, lang_columns: list[str], name: str
) -> tuple[list[Entry], list[str]]:
    """A spreadsheet with one row per entry and one column per language (``en,es,fr``).

    Each cell holds the canonical rendering, then allowed ones after ``|``; optional columns
    ``id``, ``type`` and ``note``.
    """
    entries: list[Entry] = []
    taken: set[str] = set()
    for line, cells in _csv_rows(reader, name):
        terms = {
            col: [t.strip() for t in cells[col].split("|") if t.strip()]
            for col in lang_columns
            if cells.get(col)
        }
        if not terms:
            continue
        etype = _entry_type(cells, name, line)
        first = next(iter(terms.values()))[0]
        builder = _EntryBuilder(_entry_id(cells.get("id"), first, taken), etype)
        builder.note = cells.get("note") or None
        for col, forms in terms.items():
            lang = _lang(col) or ANY_LANG
            for i, form in enumerate(forms):
                builder.add(lang, "canonical" if i == 0 else "allowed", form, {})
        entries.append(builder.entry())
    if not entries:
        raise ExchangeError(f"{name}: no rows with terms")
    return entries, []
