"""Terminal summary: counts per severity and rule, then each finding with its renderings."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# Rules whose meaning lives in the wording: their back-translations are shown on the terminal.
SHOW_PIVOT = {"quote-drift", "glossary-forbidden", "number-mismatch"}


def _shorten(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_report(
    report: dict, console: Console, *, max_findings: int = 200, stats: dict | None = None
) -> None:
    s = report["summary"]
    langs = ", ".join(f"{k} {v}" for k, v in s.get("languages", {}).items())
    console.print(
        f"[bold]transcheck[/bold] — {s['documents']} documents ({langs}), "
        f"pivot {report['pivot']}, {s['errors']} file errors"
    )
    table = Table(title="Findings", show_lines=False)
    table.add_column("rule")
    for sev in ("error", "warning", "info"):
        table.add_column(sev, justify="right", style=SEVERITY_STYLE[sev])
    per_rule: dict[str, dict[str, int]] = {}
    for f in report["findings"]:
        per_rule.setdefault(f["rule"], {}).setdefault(f["severity"], 0)
        per_rule[f["rule"]][f["severity"]] += 1
    for rule, counts in sorted(per_rule.items()):
        table.add_row(rule, *(str(counts.get(sev, 0)) for sev in ("error", "warning", "info")))
    table.add_row(
        "[bold]total[/bold]",
        *(str(s["findings"].get(sev, 0)) for sev in ("error", "warning", "info")),
    )
    console.print(table)

    for f in report["findings"][:max_findings]:
        sev = f["severity"]
        head = Text()
        head.append(f"{sev.upper():7} ", style=SEVERITY_STYLE[sev])
        head.append(f"[{f['rule']}] ", style="bold")
        head.append(f["message"])
        console.print(head)
        if f.get("glossary"):
            g = f["glossary"]
            console.print(f"        glossary {g['file']} entry {g['entry']}", style="dim")
        for o in f["occurrences"]:
            line = Text("        ")
            line.append(f"{o['doc']}:{o['line']} ", style="dim")
            line.append(f"({o['lang'] or '?'}) ")
            line.append(_shorten(o["text"], 70), style="bold")
            if f["rule"] in SHOW_PIVOT and o.get("pivot_text") and o["pivot_text"] != o["text"]:
                line.append(" → " + _shorten(o["pivot_text"], 70), style="italic")
            console.print(line)
    if len(report["findings"]) > max_findings:
        console.print(
            f"… and {len(report['findings']) - max_findings} more (use --format json or html)"
        )

    if report.get("notices"):
        console.print("[bold]Notices[/bold]")
        for n in report["notices"]:
            console.print(f"  {n['code']}: {n['message']}")
    if report.get("errors"):
        console.print("[bold]File errors[/bold]")
        for e in report["errors"]:
            console.print(f"  {e['path']}: {e['error']}")
    tr = stats if stats is not None else (s.get("translation") or {})
    if tr:
        console.print(
            "translation: " + ", ".join(f"{k} {v}" for k, v in sorted(tr.items())), style="dim"
        )


def render_text(report: dict, *, width: int = 120) -> str:
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=width, color_system=None, highlight=False))
    return buf.getvalue()
