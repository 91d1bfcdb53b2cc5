"""Excel export (openpyxl): the CSV export's rows in a sheet with a filter and frozen header.

Text cells are stored as text, never as formulas, whatever they start with. The file's
timestamps are fixed so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from transcheck.report.csv import HEADER, rows

_EPOCH = datetime(2000, 1, 1)
_WIDTHS = {"path": 28, "original": 60, "back-translation": 60, "message": 60, "finding": 22}


def render_xlsx(report: dict[str, Any]) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise RuntimeError("the xlsx export needs openpyxl: pip install openpyxl") from exc

    wb = Workbook()
    ws = wb.active
    ws.title = "findings"
    ws.append(list(HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows(report), start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # "=SUM(...)" in a quotation stays text
                if HEADER[c - 1] in ("original", "back-translation", "message"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(HEADER):
        ws.column_dimensions[chr(ord("A") + i)].width = _WIDTHS.get(name, 12)
    wb.properties.creator = "transcheck"
    wb.properties.created = _EPOCH
    wb.properties.modified = _EPOCH
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry times and dcterms (deterministic bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_core(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def _fixed_core(xml: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        rb"\g<1>2000-01-01T00:00:00Z\g<2>",
        xml,
    )
