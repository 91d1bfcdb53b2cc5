"""Markdown report: the same content as the terminal summary, for pull requests and wikis.

Every string that comes from the corpus or the report (file names, keys, quotations,
messages) goes through :func:`_cell`: HTML is escaped as entities and Markdown syntax with a
backslash, so a file named ``<img onerror=...>`` or ``[x](javascript:...)`` stays text.
"""

from __future__ import annotations

import re

from transcheck.safety import visible

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|~])")


def _cell(text: object) -> str:
    """One line of inert Markdown text (also safe inside a table cell)."""
    flat = " ".join(visible(str(text) if text is not None else "").split())
    return _MARKDOWN.sub(r"\\\1", flat).translate(_HTML)


def _code(text: object) -> str:
    """Corpus-derived text shown where the report used a code span: escaped plain text."""
    return f"<code>{_cell(text)}</code>"


def render_markdown(report: dict) -> str:
    from transcheck.baseline import suppressed_sentence
    from transcheck.report.text import plural

    s = report["summary"]
    out = [
        "# transcheck drift report",
        "",
        f"{plural(s['documents'], 'document')}, pivot {_code(report['pivot'])}, "
        f"{plural(s['findings']['error'], 'error')}, "
        f"{plural(s['findings']['warning'], 'warning')}, "
        f"{s['findings']['info']} info, {plural(s['errors'], 'file error')}.",
        "",
    ]
    if suppressed_sentence(report):
        out += [_cell(suppressed_sentence(report)), ""]
    if s.get("by_rule"):
        out += ["| rule | findings |", "|---|---:|"]
        out += [f"| {_cell(rule)} | {_cell(n)} |" for rule, n in s["by_rule"].items()]
        out.append("")
    for f in report["findings"]:
        out.append(f"## {_cell(f['severity'].upper())} · {_cell(f['rule'])} · {_code(f['key'])}")
        out.append("")
        out.append(_cell(f["message"]))
        if f.get("glossary"):
            g = f["glossary"]
            reason = f" — {_cell(g['reason'])}" if g.get("reason") else ""
            out.append(f"Glossary: {_code(g.get('file'))} entry {_code(g.get('entry'))}{reason}")
        out.append("")
        out += [
            "| document | lang | line | text | machine back-translation |",
            "|---|---|---:|---|---|",
        ]
        for o in f["occurrences"]:
            out.append(
                f"| {_cell(o['doc'])} | {_cell(o['lang'])} | {_cell(o['line'])} | {_cell(o['text'])} "
                f"| {_cell(o.get('pivot_text'))} |"
            )
        out.append("")
    if report.get("notices"):
        out += ["## Notices", ""] + [
            f"- {_cell(n['code'])}: {_cell(n['message'])}" for n in report["notices"]
        ]
        out.append("")
    if report.get("errors"):
        out += ["## File errors", ""] + [
            f"- {_code(e['path'])}: {_cell(e['error'])}" for e in report["errors"]
        ]
        out.append("")
    return "\n".join(out) + "\n"
