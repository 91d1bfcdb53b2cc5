"""Markdown report: the same content as the terminal summary, for pull requests and wikis."""

from __future__ import annotations


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def render_markdown(report: dict) -> str:
    from transcheck.baseline import suppressed_sentence
    from transcheck.report.text import plural

    s = report["summary"]
    out = [
        "# transcheck drift report",
        "",
        f"{plural(s['documents'], 'document')}, pivot `{report['pivot']}`, "
        f"{plural(s['findings']['error'], 'error')}, "
        f"{plural(s['findings']['warning'], 'warning')}, "
        f"{s['findings']['info']} info, {plural(s['errors'], 'file error')}.",
        "",
    ]
    if suppressed_sentence(report):
        out += [_cell(suppressed_sentence(report)), ""]
    if s.get("by_rule"):
        out += ["| rule | findings |", "|---|---:|"]
        out += [f"| {rule} | {n} |" for rule, n in s["by_rule"].items()]
        out.append("")
    for f in report["findings"]:
        out.append(f"## {f['severity'].upper()} · {f['rule']} · `{f['key']}`")
        out.append("")
        out.append(_cell(f["message"]))
        if f.get("glossary"):
            g = f["glossary"]
            reason = f" — {g['reason']}" if g.get("reason") else ""
            out.append(f"Glossary: `{g['file']}` entry `{g['entry']}`{reason}")
        out.append("")
        out += [
            "| document | lang | line | text | machine back-translation |",
            "|---|---|---:|---|---|",
        ]
        for o in f["occurrences"]:
            out.append(
                f"| {_cell(o['doc'])} | {o['lang'] or ''} | {o['line']} | {_cell(o['text'])} "
                f"| {_cell(o.get('pivot_text'))} |"
            )
        out.append("")
    if report.get("notices"):
        out += ["## Notices", ""] + [
            f"- {n['code']}: {_cell(n['message'])}" for n in report["notices"]
        ]
        out.append("")
    if report.get("errors"):
        out += ["## File errors", ""] + [
            f"- `{e['path']}`: {_cell(e['error'])}" for e in report["errors"]
        ]
        out.append("")
    return "\n".join(out) + "\n"
