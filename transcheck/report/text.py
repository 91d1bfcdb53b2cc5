"""Terminal summary: counts per severity and rule, then each finding with its renderings.

Data is never read as rich markup, and control and bidi-override characters from the corpus
are shown escaped (``\\x1b``, ``\\u202e``) so a file or an article cannot drive the terminal.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from transcheck.safety import visible

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# Rules whose meaning lives in the wording: their back-translations are shown on the terminal.
SHOW_PIVOT = {"quote-drift", "glossary-forbidden", "number-mismatch"}


def _v(value: object) -> str:
    """A corpus-derived value as one line of inert terminal text."""
    return visible(value if isinstance(value, str) else str(value), keep_newlines=False)


def _shorten(text: str | None, width: int = 90) -> str:
    text = " ".join(_v(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_report(
    report: dict, console: Console, *, max_findings: int = 200, stats: dict | None = None
) -> None:
    s = report["summary"]
    langs = ", ".join(f"{_v(k)} {v}" for k, v in s.get("languages", {}).items())
    head = Text("transcheck", style="bold")
    head.append(
        f" — {s['documents']} documents ({langs}), pivot {_v(report['pivot'])}, "
        f"{s['errors']} file errors"
    )
    console.print(head)
    table = Table(title="Findings", show_lines=False)
    table.add_column("rule")
    for sev in ("error", "warning", "info"):
        table.add_column(sev, justify="right", style=SEVERITY_STYLE[sev])
    per_rule: dict[str, dict[str, int]] = {}
    for f in report["findings"]:
        per_rule.setdefault(f["rule"], {}).setdefault(f["severity"], 0)
        per_rule[f["rule"]][f["severity"]] += 1
    for rule, counts in sorted(per_rule.items()):
        table.add_row(
            Text(_v(rule)), *(str(counts.get(sev, 0)) for sev in ("error", "warning", "info"))
        )
    table.add_row(
        "[bold]total[/bold]",
        *(str(s["findings"].get(sev, 0)) for sev in ("error", "warning", "info")),
    )
    console.print(table)

    for f in report["findings"][:max_findings]:
        sev = f["severity"]
        head = Text()
        head.append(f"{sev.upper():7} ", style=SEVERITY_STYLE[sev])
        head.append(f"[{_v(f['rule'])}] ", style="bold")
        head.append(_v(f["message"]))
        console.print(head)
        if f.get("glossary"):
            g = f["glossary"]
            console.print(
                Text(f"        glossary {_v(g.get('file'))} entry {_v(g.get('entry'))}"),
                style="dim",
            )
        for o in f["occurrences"]:
            line = Text("        ")
            line.append(f"{_v(o['doc'])}:{o['line']} ", style="dim")
            line.append(f"({_v(o['lang'] or '?')}) ")
            line.append(_shorten(o["text"], 70), style="bold")
            if f["rule"] in SHOW_PIVOT and o.get("pivot_text") and o["pivot_text"] != o["text"]:
                line.append(" → " + _shorten(o["pivot_text"], 70), style="italic")
            console.print(line)
    if len(report["findings"]) > max_findings:
        console.print(
            f"… and {len(report['findings']) - max_findings} more (use --format json or html)"
        )

    if report.get("notices"):
        console.print(Text("Notices", style="bold"))
        for n in report["notices"]:
            console.print(Text(f"  {_v(n['code'])}: {_v(n['message'])}"))
    if report.get("errors"):
        console.print(Text("File errors", style="bold"))
        for e in report["errors"]:
            console.print(Text(f"  {_v(e['path'])}: {_v(e['error'])}"))
    tr = stats if stats is not None else (s.get("translation") or {})
    if tr:
        console.print(
            Text("translation: " + ", ".join(f"{_v(k)} {_v(v)}" for k, v in sorted(tr.items()))),
            style="dim",
        )


def render_text(report: dict, *, width: int = 120) -> str:
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=width, color_system=None, highlight=False))
    return buf.getvalue()
