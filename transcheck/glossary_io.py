"""Glossary exchange: YAML output, TBX-Basic and CSV export/import, suggestions from an audit.

TBX mapping (TBX-Basic, ``<martif>``; TBX v3 ``<tbx>``/``conceptEntry`` is read too):

- ``termEntry/@id`` = entry id; ``descrip[@type=subjectField]`` = entry type; ``note`` = note
- one ``langSet`` per language (``xml:lang="und"`` = any language, ``*`` in YAML)
- each form is a ``tig`` with ``termNote[@type=administrativeStatus]``:
  canonical/approved = ``preferredTerm-admn-sts``, allowed = ``admittedTerm-admn-sts``,
  forbidden = ``deprecatedTerm-admn-sts``, alias = ``termType`` ``variant`` (admitted, or
  ``supersededTerm-admn-sts`` when it has an ``until`` year)
- form details are ``note`` elements ``reason: …``, ``severity: …``, ``since: …``,
  ``until: …``, ``role: source`` (a quotation's source text); other notes are the alias note.

Match options are not carried by TBX or CSV.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from anyascii import anyascii

from transcheck.glossary import (
    ANY_LANG,
    FORMAT_VERSION,
    ID_PATTERN,
    ISO_639_1,
    REGEX_PREFIX,
    TYPES,
    Entry,
    Glossary,
)
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


# ---------------------------------------------------------------- YAML output


def _yamlify(value: Any, flow_lists: bool = True) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _yamlify(v, flow_lists)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq([_yamlify(v, flow_lists) for v in value])
        if flow_lists and all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_yaml(data: Any, header: str | None = None) -> str:
    """Deterministic YAML text in the glossary file style."""
    buf = io.StringIO()
    if header:
        buf.write("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()))
    _yaml().dump(data if hasattr(data, "fa") else _yamlify(data), buf)
    return buf.getvalue()


def glossary_yaml(glossary: Glossary, with_sources: bool = True) -> str:
    """The merged glossary as one YAML file, each entry preceded by where it came from."""
    data = _yamlify(glossary.to_dict())
    if with_sources:
        entries = data["entries"]
        for i, entry in enumerate(glossary.entries):
            where = f"{entry.file}:{entry.line}" if entry.line else entry.file
            entries.yaml_set_comment_before_after_key(i, before=f"from {where}", indent=2)
    return dump_yaml(data)


def glossary_json(glossary: Glossary) -> str:
    import json

    data = glossary.to_dict()
    for out, entry in zip(data["entries"], glossary.entries, strict=True):
        out["file"] = entry.file
        out["line"] = entry.line
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ---------------------------------------------------------------- entry <-> rows of forms


def _rows(entry: Entry) -> list[dict[str, Any]]:
    """Every form of an entry as (lang, kind, form, details), in a stable order."""
    rows: list[dict[str, Any]] = []
    if entry.source is not None:
        rows.append({"lang": entry.source[0], "kind": "source", "form": entry.source[1]})
    for lang, text in entry.canonical.items():
        rows.append({"lang": lang, "kind": "canonical", "form": text})
    for lang, texts in entry.approved.items():
        rows.extend({"lang": lang, "kind": "approved", "form": t} for t in texts)
    for lang, texts in entry.allowed.items():
        rows.extend({"lang": lang, "kind": "allowed", "form": t} for t in texts)
    for f in entry.aliases:
        rows.append(
            {
                "lang": f.lang or ANY_LANG,
                "kind": "alias",
                "form": f.written,
                "since": f.since,
                "until": f.until,
                "note": f.note,
            }
        )
    for f in entry.forbidden:
        rows.append(
            {
                "lang": f.lang or ANY_LANG,
                "kind": "forbidden",
                "form": f.written,
                "reason": f.reason,
                "severity": f.severity,
            }
        )
    return rows


class _EntryBuilder:
    """Collects forms of one imported entry and builds its YAML dict."""

    def __init__(self, entry_id: str, etype: str) -> None:
        self.id = entry_id
        self.type = etype
        self.note: str | None = None
        self.source: tuple[str, str] | None = None
        self.canonical: dict[str, str] = {}
        self.approved: dict[str, list[str]] = {}
        self.allowed: dict[str, list[str]] = {}
        self.aliases: list[dict[str, Any]] = []
        self.forbidden: list[dict[str, Any]] = []

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
        elif kind == "allowed":
            self.allowed.setdefault(lang, []).append(form)
        elif kind == "alias" and self.type != "quote":
            item: dict[str, Any] = {"form": form}
            for key in ("since", "until", "note"):
                if details.get(key) is not None:
                    item[key] = details[key]
            if lang != ANY_LANG:
                item["lang"] = lang
            self.aliases.append(item)
        elif kind == "alias":
            self.allowed.setdefault(lang, []).append(form)
        elif kind == "forbidden":
            item = {"form": form}
            for key in ("reason", "severity"):
                if details.get(key):
                    item[key] = details[key]
            if lang != ANY_LANG:
                item["lang"] = lang
            self.forbidden.append(item)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.source:
            out["source"] = {"lang": self.source[0], "text": self.source[1]}
        if self.canonical:
            out["canonical"] = self.canonical
        if self.approved:
            out["approved"] = self.approved
        if self.allowed:
            out["allowed"] = self.allowed
        if self.forbidden:
            out["forbidden"] = self.forbidden
        if self.aliases:
            out["aliases"] = self.aliases
        if self.note:
            out["note"] = self.note
        return out


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
    return base if base in ISO_639_1 else None


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


def import_tbx(data: bytes, name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Entries (YAML dicts) and warnings from TBX bytes; ExchangeError if malformed."""
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
    entries: list[dict[str, Any]] = []
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
        entries.append(builder.to_dict())
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


def import_csv(data: bytes, name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Entries (YAML dicts) and warnings from CSV bytes; ExchangeError if malformed."""
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
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise ExchangeError(f"{name}:{line}: more fields than columns")
            cells = {k: csv_value((v or "").strip()) for k, v in row.items()}
            if not any(cells.values()):
                continue
            entry_id, kind, form = cells["id"], cells["kind"], cells["form"]
            etype = cells.get("type") or "term"
            if not entry_id:
                raise ExchangeError(f"{name}:{line}: empty id")
            if etype not in TYPES:
                raise ExchangeError(
                    f"{name}:{line}: bad type {etype!r}; expected one of {', '.join(TYPES)}"
                )
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
                        raise ExchangeError(
                            f"{name}:{line}: {key} must be a year, not {cells[key]!r}"
                        )
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
    except csv.Error as exc:
        raise ExchangeError(f"{name}:{line + 1}: malformed CSV: {exc}") from None
    if not builders:
        raise ExchangeError(f"{name}: no rows")
    return [b.to_dict() for b in builders.values()], warnings


def _import_wide_csv(
    reader: csv.DictReader, lang_columns: list[str], name: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """A spreadsheet with one row per entry and one column per language (``en,es,fr``).

    Each cell holds the canonical rendering, then allowed ones after ``|``; optional columns
    ``id``, ``type`` and ``note``.
    """
    entries: list[dict[str, Any]] = []
    taken: set[str] = set()
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise ExchangeError(f"{name}:{line}: more fields than columns")
            cells = {k: csv_value((v or "").strip()) for k, v in row.items()}
            terms = {
                col: [t.strip() for t in cells[col].split("|") if t.strip()]
                for col in lang_columns
                if cells.get(col)
            }
            if not terms:
                continue
            etype = cells.get("type") or "term"
            if etype not in TYPES:
                raise ExchangeError(
                    f"{name}:{line}: bad type {etype!r}; expected one of {', '.join(TYPES)}"
                )
            first = next(iter(terms.values()))[0]
            builder = _EntryBuilder(_entry_id(cells.get("id"), first, taken), etype)
            builder.note = cells.get("note") or None
            for col, forms in terms.items():
                lang = _lang(col) or ANY_LANG
                for i, form in enumerate(forms):
                    builder.add(lang, "canonical" if i == 0 else "allowed", form, {})
            entries.append(builder.to_dict())
    except csv.Error as exc:
        raise ExchangeError(f"{name}:{line + 1}: malformed CSV: {exc}") from None
    if not entries:
        raise ExchangeError(f"{name}: no rows with terms")
    return entries, []


def imported_yaml(entries: list[dict[str, Any]], source: str) -> str:
    return dump_yaml(
        {"version": FORMAT_VERSION, "entries": entries},
        header=f"Imported by transcheck from {source}.",
    )


# ---------------------------------------------------------------- suggestions

SUGGEST_RULES = {"name-variant": "person", "place-variant": "place", "quote-drift": "quote"}


def _quote_readings(entry: Any, finding: Any) -> None:
    """For a drifted quotation, approve what the majority reading says and list the other
    readings as forbidden candidates (the editor confirms which wording is right)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    evidence = dict(finding.evidence)
    readings = evidence.get("readings") or []
    if len(readings) < 2:
        return
    reading_of = {doc: i for i, r in enumerate(readings) for doc in r["docs"]}
    approved: dict[str, list[str]] = {}
    wrong: list[tuple[str, str]] = []
    for o in finding.occurrences:
        text = " ".join(o.text.split())
        lang = o.lang or ANY_LANG
        if reading_of.get(o.doc) == 0:
            approved.setdefault(lang, [])
            if text not in approved[lang]:
                approved[lang].append(text)
        elif (lang, text) not in wrong:
            wrong.append((lang, text))
    table = CommentedMap()
    for lang in sorted(approved):
        seq = CommentedSeq(sorted(approved[lang], key=lambda t: (-len(t), t)))
        seq.fa.set_flow_style()
        table[lang] = seq
    entry["approved"] = table
    entry.pop("allowed", None)
    changes = "; ".join(evidence.get("changes") or []) or "different wording"
    majority_docs = len(readings[0]["docs"])
    forbidden = CommentedSeq()
    for lang, text in wrong:
        item = CommentedMap()
        item["form"] = text
        item["lang"] = lang
        item["reason"] = (
            f"review: differs from the reading of {majority_docs} documents ({changes})"
        )
        forbidden.append(item)
    entry["forbidden"] = forbidden


def _gazetteer_place(entry: Any, place: dict, by_lang: dict[str, Counter[str]]) -> None:
    """A place the gazetteer identified: its current name is canonical wherever it is used,
    and the other names are aliases saying what the data knows of them (former, foreign or
    transliterated); the editor adds `until: YEAR` to an outdated one."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from transcheck.gazetteer import fold

    current = place["current"]
    kinds = place.get("kinds", {})
    canonical = entry["canonical"]
    aliases = CommentedSeq()
    for lang in sorted(by_lang):
        seen = by_lang[lang]
        if current not in seen:
            continue
        canonical[lang] = current
        for text in sorted(seen, key=lambda t: (-seen[t], t)):
            if fold(text) == fold(current):
                continue  # a dateline in capitals is the same name
            item = CommentedMap()
            item["form"] = text
            item["lang"] = lang
            item["note"] = (
                f"GeoNames: {kinds.get(text, 'another name')} of {current}; "
                "review: add 'until: YEAR' if outdated, or move it to forbidden"
            )
            aliases.append(item)
        allowed = entry.get("allowed")
        if allowed is not None:
            allowed.pop(lang, None)
            if not allowed:
                entry.pop("allowed")
    if aliases:
        entry["aliases"] = aliases


def suggest_entries(findings: list[Any], glossary: Glossary) -> tuple[str, int]:
    """YAML entries proposed from variant clusters in an audit's findings, for review.

    Per cluster the rendering seen most often is canonical in every language it was seen in
    (for quotations: the most frequent rendering per language is approved); every other
    rendering is listed as ``allowed`` in its language with a ``# review`` comment.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    taken = {e.id for e in glossary.entries}
    entries = CommentedSeq()
    seen_clusters: set[tuple[str, ...]] = set()
    for finding in findings:
        etype = SUGGEST_RULES.get(finding.rule)
        if etype is None or finding.glossary is not None:
            continue
        if finding.pair is not None:
            continue  # a slip in one translation, to be fixed there: no house convention
        renderings = [
            (o.lang or ANY_LANG, " ".join(o.text.split()))
            for o in finding.occurrences
            if o.text.strip()
        ]
        texts = sorted({t for _, t in renderings})
        if len(texts) < 2 or tuple(texts) in seen_clusters:
            continue
        if any(glossary.lookup(t, lang if lang != ANY_LANG else None) for lang, t in renderings):
            continue  # the glossary already decides this one
        seen_clusters.add(tuple(texts))
        counts = Counter(t for _, t in renderings)
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        majority = ranked[0]
        by_lang: dict[str, Counter[str]] = {}
        for lang, t in renderings:
            by_lang.setdefault(lang, Counter())[t] += 1
        preferred: dict[str, str] = {}
        others: dict[str, list[str]] = {}
        for lang in sorted(by_lang):
            seen = by_lang[lang]
            # a name is spelled one way everywhere unless an editor decides otherwise (exonyms);
            # a quotation is worded per language
            best = majority if etype != "quote" else min(seen, key=lambda t: (-seen[t], t))
            preferred[lang] = best
            rest = sorted((t for t in seen if t != best), key=lambda t: (-seen[t], t))
            if rest:
                others[lang] = rest
        entry = CommentedMap()
        entry["id"] = slugify(" ".join(majority.split()[:6]), taken)
        entry["type"] = etype
        key = "approved" if etype == "quote" else "canonical"
        table = CommentedMap()
        for lang, text in preferred.items():
            table[lang] = CommentedSeq([text]) if etype == "quote" else text
            if etype == "quote":
                table[lang].fa.set_flow_style()
        entry[key] = table
        if others:
            allowed = CommentedMap()
            for lang, rest in others.items():
                seq = CommentedSeq(rest)
                for i, text in enumerate(rest):
                    seq.yaml_add_eol_comment(
                        f"# review: seen {by_lang[lang][text]}x here, {preferred[lang]!r} "
                        f"{counts[preferred[lang]]}x in all",
                        i,
                    )
                allowed[lang] = seq
            entry["allowed"] = allowed
        if etype == "quote":
            _quote_readings(entry, finding)
        place = dict(finding.evidence).get("gazetteer")
        if place:
            _gazetteer_place(entry, place, by_lang)
        entry["note"] = f"suggested from {finding.rule} ({finding.key}); review before use"
        entries.append(entry)
    data = CommentedMap()
    data["version"] = FORMAT_VERSION
    data["entries"] = entries
    header = (
        "Glossary entries suggested by `transcheck glossary suggest`.\n"
        "Review each one: the most frequent rendering was made canonical; the others are\n"
        "listed as allowed with a '# review' comment (move wrong ones to 'forbidden')."
    )
    return dump_yaml(data, header=header), len(entries)
