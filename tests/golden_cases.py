"""The golden reports of the demo corpus: what they are, how they are made, how to update them.

``tests/golden/demo.<format>`` holds the report of ``corpus/`` in every text format, exactly
as ``transcheck audit corpus/ --format F -o FILE --fail-on never --quiet`` writes it from the
repository root. tests/test_golden.py compares new output with them byte for byte.

After an intended change of the report, regenerate them with one command and review the diff:

    make golden        # = .venv/bin/python tests/golden_cases.py
    git diff tests/golden/

The audit is made independent of the machine's state: a fresh translation cache in a temporary
folder, an empty ``TRANSCHECK_HOME`` and no argostranslate packages (so the engine is Apertium,
installed by scripts/install-system-deps.sh, as in CI).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
# format -> file name under tests/golden/ (the names of the reference outputs of main)
FORMATS = {
    "text": "demo.text",
    "md": "demo.md",
    "json": "demo.json",
    "html": "demo.html",
    "csv": "demo.csv",
}
# `transcheck report demo.json --format html` on the report saved with `--with-text`: the HTML
# rebuilt from a saved JSON report, byte for byte the audit's own demo.html (a test checks).
REPORT_HTML = "demo.report.html"
# The saved report again, with the decisions of a hand-made baseline (accepted, false positive,
# one decision about a finding no longer made) and info findings listed: what
# `transcheck report demo.json --baseline tests/golden/baseline.json --show-info` writes.
BASELINE = "tests/golden/baseline.json"
WITH_BASELINE = {
    "text": "demo.baseline.text",
    "md": "demo.baseline.md",
    "csv": "demo.baseline.csv",
    "html": "demo.baseline.html",
}


def isolated_env(work: Path) -> dict[str, str]:
    """The environment of a golden audit: nothing read from the user's home or cache."""
    env = dict(os.environ)
    env["TRANSCHECK_HOME"] = str(work / "home")
    env["TRANSCHECK_CACHE"] = str(work / "cache.sqlite3")
    env["ARGOS_PACKAGES_DIR"] = str(work / "no-argos")
    return env


def transcheck(args: list[str], work: Path) -> None:
    """Run the CLI from the repository root (report paths are relative to it); it must exit 0
    and print nothing on stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "transcheck", *args],
        cwd=ROOT,
        env=isolated_env(work),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0 or proc.stderr.strip():
        raise RuntimeError(f"transcheck {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")


def make_reports(work: Path) -> dict[str, bytes]:
    """The demo report in every format of FORMATS, REPORT_HTML and WITH_BASELINE (name -> bytes),
    written under ``work/out``.

    Four audits share one fresh cache: text (with --json and --html, which write the same
    bytes as --format json/html), then md, csv and JSON with the documents' texts (answered
    from the cache); then the HTML rebuilt from that JSON report, and the renderings with a
    baseline applied."""
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    common = ["--fail-on", "never", "--quiet", "--cache", str(work / "cache.sqlite3")]
    for args in (
        ["--format", "text", "-o", str(out / FORMATS["text"])]
        + ["--json", str(out / FORMATS["json"]), "--html", str(out / FORMATS["html"])],
        ["--format", "md", "-o", str(out / FORMATS["md"])],
        ["--format", "csv", "-o", str(out / FORMATS["csv"])],
    ):
        transcheck(["audit", "corpus/", *args, *common], work)
    with_text = work / "demo.with-text.json"
    transcheck(
        ["audit", "corpus/", "--format", "json", "-o", str(with_text), "--with-text", *common], work
    )
    transcheck(["report", str(with_text), "--format", "html", "-o", str(out / REPORT_HTML)], work)
    for fmt, name in WITH_BASELINE.items():
        transcheck(
            ["report", str(with_text), "--format", fmt, "-o", str(out / name)]
            + ["--baseline", BASELINE, "--show-info"],
            work,
        )
    return {name: (out / name).read_bytes() for name in all_golden_files()}


# What a colour terminal shows (rich's ANSI styles: severities, dimmed back-translations),
# rendered in-process from the saved JSON with info findings and translation statistics.
ANSI_TEXT = "demo.ansi.text"


def render_ansi(report: dict) -> bytes:
    import io

    from rich.console import Console

    from transcheck.report.text import print_report

    buf = io.StringIO()
    console = Console(
        file=buf, width=120, color_system="standard", force_terminal=True, highlight=False
    )
    print_report(report, console, show_info=True, verbose=True)
    # The one normalisation: terminal hyperlinks (OSC 8) carry the absolute path of the
    # checkout and a random id per run; the text they wrap stays.
    return re.sub(r"\x1b\]8;[^\x1b]*\x1b\\", "", buf.getvalue()).encode("utf-8")


def all_golden_files() -> list[str]:
    return [*FORMATS.values(), REPORT_HTML, *WITH_BASELINE.values()]


def main() -> int:
    """`make golden`: rewrite tests/golden/ from a fresh audit of the demo corpus."""
    with tempfile.TemporaryDirectory(prefix="transcheck-golden-") as tmp:
        reports = make_reports(Path(tmp))
    reports[ANSI_TEXT] = render_ansi(json.loads(reports[FORMATS["json"]]))
    GOLDEN.mkdir(exist_ok=True)
    for name, content in reports.items():
        path = GOLDEN / name
        old = path.read_bytes() if path.exists() else None
        path.write_bytes(content)
        state = "unchanged" if old == content else ("new" if old is None else "CHANGED")
        print(f"{path.relative_to(ROOT)}: {state}")
    print("review with: git diff tests/golden/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
