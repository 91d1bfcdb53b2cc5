"""Terminal summary: counts per severity and rule, then each finding with its renderings.

References are ``path:line`` (terminals and editors open them). A back-translation is
labelled as such and dimmed, never shown as if it were the quotation. Info findings (allowed
variants) are counted but listed only when asked (``show_info``); long occurrence lists are
cut to ``max_occurrences`` with "+N more".
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# Rules whose meaning lives in the wording: their back-translations are shown on the terminal.
SHOW_PIVOT = {"quote-drift", "glossary-forbidden", "number-mismatch", "meaning-drift"}
MAX_OCCURRENCES = 6


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _shorten(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def span_in_translation(pivot_text: str, original: str) -> tuple[int, int] | None:
    """Where the original span (a figure, a name) reappears in its back-translation: the span
    as written, else the same digits with any separators (1.420 / 1,420 / 1 420)."""
    import re

    if not pivot_text or not original:
        return None
    at = pivot_text.find(original)
    if at >= 0:
        return at, at + len(original)
    digits = re.sub(r"\D", "", original)
    if digits:
        pattern = r"(?<![\d])" + r"[\s.,\u202f\u00a0']?".join(digits) + r"(?![\d])"
        m = re.search(pattern, pivot_text)
        if m:
            return m.start(), m.end()
    return None


def _window_text(text: str, span: tuple[int, int] | None, width: int = 80) -> str:
    """``text`` shortened around ``span`` (the whole start when there is no span)."""
    text = " ".join(text.split()) if span is None else text
    if span is None or len(text) <= width:
        return _shorten(text, width)
    start, end = span
    lo = max(0, start - (width - (end - start)) // 2)
    hi = min(len(text), lo + width)
    lo = max(0, hi - width)
    out = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + out + ("…" if hi < len(text) else "")


def _collapse(occurrences: list[dict]) -> list[tuple[dict, int]]:
    """Identical lines (same document, line and text) once, with how many times."""
    out: list[tuple[dict, int]] = []
    index: dict[tuple, int] = {}
    for o in occurrences:
        key = (o.get("doc"), o.get("line"), o.get("text"))
        if key in index:
            first, n = out[index[key]]
            out[index[key]] = (first, n + 1)
        else:
            index[key] = len(out)
            out.append((o, 1))
    return out


def doc_paths(report: dict) -> dict[str, str]:
    """Document id -> the path users see (falls back to the id)."""
    out = {}
    for d in report.get("documents") or []:
        if isinstance(d, dict) and d.get("id") is not None:
            out[str(d["id"])] = str(d.get("path") or d["id"])
    return out


def _link(path: str) -> str | None:
    try:
        p = Path(path)
        return p.resolve().as_uri() if p.exists() else None
    except (OSError, ValueError):
        return None


def print_report(
    report: dict,
    console: Console,
    *,
    max_findings: int = 200,
    stats: dict | None = None,
    show_info: bool = False,
    verbose: bool = False,
    max_occurrences: int = MAX_OCCURRENCES,
) -> None:
    from transcheck.baseline import suppressed_sentence
    from transcheck.report.reference import BY_LABEL, reference_flags, reference_of

    s = report["summary"]
    langs = ", ".join(f"{k} {v}" for k, v in s.get("languages", {}).items())
    console.print(
        f"[bold]transcheck[/bold] — {plural(s['documents'], 'document')} ({langs}), "
        f"pivot {report['pivot']}, {plural(s['errors'], 'file error')}"
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
    baseline = suppressed_sentence(report)
    if baseline:
        console.print(baseline, highlight=False, markup=False)

    paths = doc_paths(report)
    links: dict[str, str | None] = {}
    listed = [f for f in report["findings"] if show_info or f["severity"] != "info"]
    hidden_info = len(report["findings"]) - len(listed)
    for f in listed[:max_findings]:
        sev = f["severity"]
        head = Text()
        head.append(f"{sev.upper():7} ", style=SEVERITY_STYLE[sev])
        if f.get("status") == "new":
            head.append("NEW ", style="bold magenta")
        head.append(f"[{f['rule']}] ", style="bold")
        head.append(f["message"])
        head.append(f"  ({f.get('id', '')})", style="dim")
        console.print(head)
        if f.get("glossary"):
            g = f["glossary"]
            console.print(f"        glossary {g['file']} entry {g['entry']}", style="dim")
        flags = reference_flags(f)
        occs = _collapse([o for o, ref in zip(f["occurrences"], flags, strict=True) if not ref])
        refs = [o for o, ref in zip(f["occurrences"], flags, strict=True) if ref]
        for o, times in occs[:max_occurrences]:
            path = paths.get(o["doc"], o["doc"])
            if path not in links:
                links[path] = _link(path) if console.is_terminal else None
            where = f"{path}:{o['line']}" if o.get("line") else path
            line = Text("        ")
            line.append(where, style=f"link {links[path]}" if links[path] else "dim")
            line.append(f" ({o['lang'] or '?'}) ")
            line.append(_shorten(o["text"], 70), style="bold")
            if times > 1:
                line.append(f" ×{times}", style="dim")
            console.print(line)
            if f["rule"] in SHOW_PIVOT and o.get("pivot_text") and o["pivot_text"] != o["text"]:
                bt = Text("          machine back-translation: ", style="dim")
                near = span_in_translation(o["pivot_text"], o["text"])
                bt.append(_window_text(o["pivot_text"], near, 80), style="dim italic")
                console.print(bt)
        if len(occs) > max_occurrences:
            console.print(
                f"        +{len(occs) - max_occurrences} more (--format html, json or csv "
                "lists them all)",
                style="dim",
            )
        if refs:
            ref = reference_of(f)
            label = ref.label if ref and ref.label else refs[0]["text"]
            first = refs[0]
            where = paths.get(first["doc"], first["doc"])
            where += f":{first['line']}" if first.get("line") else ""
            console.print(
                Text(
                    f"        reference ({BY_LABEL.get(ref.by if ref else '', 'majority')}): "
                    f"{_shorten(label, 60)} (as in {where})",
                    style="green",
                )
            )
    if len(listed) > max_findings:
        console.print(f"… and {len(listed) - max_findings} more (use --format json or html)")
    if hidden_info:
        console.print(
            f"{plural(hidden_info, 'info finding')} (allowed variants) not listed; "
            "--show-info lists them",
            style="dim",
        )

    if report.get("notices"):
        console.print("[bold]Notices[/bold]")
        for n in report["notices"]:
            console.print(f"  {n['code']}: {n['message']}", markup=False)
    if report.get("errors"):
        console.print("[bold]File errors[/bold]")
        for e in report["errors"]:
            console.print(f"  {e['path']}: {e['error']}", markup=False)
    tr = stats if stats is not None else (s.get("translation") or {})
    if tr and verbose:
        console.print(
            "translation: " + ", ".join(f"{k} {v}" for k, v in sorted(tr.items())), style="dim"
        )


def render_text(report: dict, *, width: int = 120, show_info: bool = False) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    print_report(report, console, show_info=show_info)
    return buf.getvalue()
