"""HTML report (placeholder until implemented)."""

from __future__ import annotations

import html


def render_html(report: dict, *, texts: dict[str, str] | None = None) -> str:
    items = "".join(f"<li>{html.escape(f['message'])}</li>" for f in report["findings"])
    return f"<!doctype html><meta charset=utf-8><title>transcheck</title><ul>{items}</ul>\n"
