"""Terminal summary: counts per severity and rule, then each finding with its renderings.

Data is never read as rich markup, and control and bidi-override characters from the corpus
are shown escaped (``\\x1b``, ``\\u202e``) so a file or an article cannot drive the terminal.

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

from transcheck.safety import visible

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# Rules whose meaning lives in the wording: their back-translations are shown on the terminal.
SHOW_PIVOT = {"quote-drift", "glossary-forbidden", "number-mismatch", "meaning-drift"}
MAX_OCCURRENCES = 6


def shows_pivot(report: dict, rule: str) -> bool:
    """Does the rule's finding need the back-translation shown (the report's `rules` table
    says; a report without one: the built-in list)?"""
    table = report.get("rules")
    entry = table.get(rule) if isinstance(table, dict) else None
    if isinstance(entry, dict) and "shows_pivot" in entry:
        return bool(entry["shows_pivot"])
    return rule in SHOW_PIVOT


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _v(value: object) -> str:
    """A corpus-derived value as one line of inert terminal text."""
    return visible(value if isinstance(value, str) else str(value), keep_newlines=False)


def _shorten(text: str | None, width: int = 90) -> str:
    text = " ".join(_v(text or "").split())
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
    out = " ".join(_v(text[lo:hi]).split())
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
    langs = ", ".join(f"{_v(k)} {_v(v)}" for k, v in s.get("languages", {}).items())
    head = Text("transcheck", style="bold")
    head.append(
        f" — {plural(s['documents'], 'document')} ({langs}), pivot {_v(report['pivot'])}, "
        f"{plural(s['errors'], 'file error')}"
    )
    console.print(head)
    for line in translation_set_lines(report):
        console.print(Text(_v(line)), highlight=False)
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
    baseline = suppressed_sentence(report)
    if baseline:
        console.print(Text(_v(baseline)), highlight=False)

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
        head.append(f"[{_v(f['rule'])}] ", style="bold")
        head.append(_v(f["message"]))
        head.append(f"  ({_v(f.get('id', ''))})", style="dim")
        console.print(head)
        if f.get("glossary"):
            g = f["glossary"]
            console.print(
                Text(f"        glossary {_v(g.get('file'))} entry {_v(g.get('entry'))}"),
                style="dim",
            )
        flags = reference_flags(f)
        occs = _collapse([o for o, ref in zip(f["occurrences"], flags, strict=True) if not ref])
        refs = [o for o, ref in zip(f["occurrences"], flags, strict=True) if ref]
        for o, times in occs[:max_occurrences]:
            path = paths.get(o["doc"], o["doc"])
            if path not in links:
                links[path] = _link(path) if console.is_terminal else None
            where = f"{path}:{o['line']}" if o.get("line") else path
            line = Text("        ")
            line.append(_v(where), style=f"link {links[path]}" if links[path] else "dim")
            line.append(f" ({_v(o['lang'] or '?')}) ")
            line.append(_shorten(o["text"], 70), style="bold")
            if times > 1:
                line.append(f" ×{times}", style="dim")
            console.print(line)
            if (
                f.get("pair")
                and o.get("role") == "target"
                and o.get("context") not in ("", o["text"])
            ):
                sentence = Text(f"          translated sentence: {_shorten(o['context'], 90)}")
                console.print(sentence, style="dim")
            shown_pivot = shows_pivot(report, f["rule"]) or f.get("pair")
            if shown_pivot and o.get("pivot_text") and o["pivot_text"] != o["text"]:
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
                    f"{_shorten(label, 60)} (as in {_v(where)})",
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
        console.print(Text("Notices", style="bold"))
        for n in report["notices"]:
            console.print(Text(f"  {_v(n['code'])}: {_v(n['message'])}"))
    if report.get("errors"):
        console.print(Text("File errors", style="bold"))
        for e in report["errors"]:
            console.print(Text(f"  {_v(e['path'])}: {_v(e['error'])}"))
    tr = stats if stats is not None else (s.get("translation") or {})
    if tr and verbose:
        console.print(
            Text("translation: " + ", ".join(f"{_v(k)} {_v(v)}" for k, v in sorted(tr.items()))),
            style="dim",
        )


def translation_set_lines(report: dict) -> list[str]:
    """One line per translation set: its source, translations and alignment."""
    out = []
    for tset in report.get("translation_sets") or []:
        alignment = tset.get("alignment") or {}
        links = sum(a.get("links", 0) for a in alignment.values())
        confident = sum(a.get("confident", 0) for a in alignment.values())
        how = "declared" if tset.get("declared") else "found from content"
        out.append(
            f"translation set {tset['id']}: {tset['source']} -> "
            f"{', '.join(tset.get('translations') or [])} ({how}; "
            f"{confident} of {plural(links, 'sentence link')} confident)"
        )
    return out


def render_text(report: dict, *, width: int = 120, show_info: bool = False) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    print_report(report, console, show_info=show_info)
    return buf.getvalue()
