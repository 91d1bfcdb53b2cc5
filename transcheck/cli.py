"""Command-line interface: parse arguments, call the library, map results to exit codes.

Exit codes: 0 — ran, nothing at or above --fail-on; 1 — findings at or above --fail-on (or file
errors with --strict); 2 — usage error, or nothing could be audited.
"""

from __future__ import annotations

import gc
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from transcheck import __version__
from transcheck.cli_support import (
    glossary_problem,
    lang_problem,
    output_problem,
    readable_help_types,
)
from transcheck.glossary.cli import app as glossary_app
from transcheck.mt.cli import app as models_app
from transcheck.mt.registry import engine_help
from transcheck.report import BINARY_FORMATS, FORMATS

app = typer.Typer(
    name="transcheck",
    help="Offline translation-consistency checker: find drift in names, places, quotes and "
    "numbers across articles in many languages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    epilog="Example: [bold]transcheck audit corpus/ --html reports/audit.html[/bold]",
)
readable_help_types()
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")

# One line per message, whatever the terminal width; paths are never read as markup.
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


# --format choices: the renderer table of transcheck.report
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


FAIL_RANK = {"error": 0, "warning": 1, "info": 2}


class UsageError(typer.Exit):
    """A mistake in how transcheck was called: printed in one line, exit code 2."""

    def __init__(self, message: str) -> None:
        err.print(f"transcheck: error: {_visible(message)}")
        super().__init__(2)


def _visible(text: str) -> str:
    """Controls and bidi overrides from file names shown escaped, never sent to the terminal."""
    from transcheck.safety import visible

    return visible(str(text), keep_newlines=False)


def _version(value: bool) -> None:
    if value:
        print(f"transcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Offline translation-consistency checker."""


def exit_code_for(report: dict, fail_on: str, strict: bool) -> int:
    if strict and (
        report["errors"]
        or any(n["code"] in ("engine-failed", "stage-failed") for n in report["notices"])
    ):
        return 1
    if fail_on == "never":
        return 0
    limit = FAIL_RANK[fail_on]
    return int(any(FAIL_RANK[f["severity"]] <= limit for f in report["findings"]))


AUDIT_EPILOG = (
    "Example: [bold]transcheck audit corpus/ -g glossaries/news.yaml --html out/audit.html "
    "--baseline transcheck-baseline.json[/bold]"
)


@app.command(epilog=AUDIT_EPILOG)
def audit(
    paths: Annotated[list[Path], typer.Argument(help="Corpus folders and/or files.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here (atomically).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the JSON report to this file.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML report to this file.")
    ] = None,
    pivot: Annotated[str, typer.Option(help="Pivot language (ISO 639-1).")] = "en",
    engine: Annotated[str, typer.Option(help=engine_help())] = "auto",
    glossary: Annotated[
        list[Path] | None, typer.Option("--glossary", "-g", help="Glossary file (repeatable).")
    ] = None,
    no_glossary_discovery: Annotated[
        bool,
        typer.Option(
            "--no-glossary-discovery", help="Do not look for glossaries/ beside the corpus."
        ),
    ] = False,
    lang_detector: Annotated[
        str, typer.Option("--lang-detector", help="langdetect | lingua | lingua-fast")
    ] = "langdetect",
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Translation cache file (SQLite).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use the translation cache.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Parallel translation workers.")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run the per-document stage on Dask: 'local' (a local cluster of --jobs "
            "workers). Needs the [dask] extra.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the per-document stage on the Dask cluster of this scheduler "
            "(tcp://HOST:PORT). Needs the [dask] extra.",
        ),
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="Run only this rule (repeatable).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding has this severity or worse.")
    ] = FailOn.error,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit 1 when a file could not be audited or an engine failed."
        ),
    ] = False,
    timestamp: Annotated[
        bool, typer.Option("--timestamp", help="Add generated_at to the report.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress, no summary on stderr.")
    ] = False,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks", help="Follow symbolic links that lead out of a corpus folder."
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            "-b",
            help="Baseline file of triaged findings (from `transcheck baseline` or the HTML "
            "report): those are hidden and counted, the rest marked new.",
        ),
    ] = None,
    show_info: Annotated[
        bool,
        typer.Option("--show-info", help="List info findings (allowed variants) too."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print translation statistics.")
    ] = False,
    mkdir: Annotated[bool, typer.Option("--mkdir", help="Create missing output folders.")] = False,
    no_translation_sets: Annotated[
        bool,
        typer.Option(
            "--no-translation-sets",
            help="Treat every document as its own article: no translation sets, no sentence "
            "alignment, no checks on aligned pairs.",
        ),
    ] = False,
    with_text: Annotated[
        bool,
        typer.Option(
            "--with-text",
            help="Put each document's text in the JSON report, so `transcheck report` can "
            "show documents in full without reading the corpus again.",
        ),
    ] = False,
) -> None:
    """Audit a corpus and report drift."""
    from transcheck.audit import AuditOptions
    from transcheck.audit import audit as run_audit
    from transcheck.cli_support import check_audit_outputs
    from transcheck.report import (
        DocumentTexts,
        OutputError,
        build_report,
        render,
        render_pieces,
        write_all_atomic,
    )
    from transcheck.rules import all_rules
    from transcheck.safety import check_outputs

    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or folder: {p}")
    known = all_rules()
    for r in rule or []:
        if r not in known:
            raise UsageError(f"unknown rule {r!r}; known rules: {', '.join(known)}")
    problem = (
        lang_problem(pivot, "--pivot")
        or glossary_problem(glossary or [])
        or output_problem([output, json_out, html_out], mkdir=mkdir)
    )
    if problem:
        raise UsageError(problem)
    if dask is not None and dask != "local":
        raise UsageError(f"--dask takes 'local' (got {dask!r}); use --scheduler for a cluster")
    if dask is not None and scheduler is not None:
        raise UsageError("give --dask local or --scheduler ADDRESS, not both")
    if format.value in BINARY_FORMATS and output is None:
        raise UsageError(
            f"--format {format.value} writes a file: give it with --output FILE.{format.value}"
        )
    outputs = {"--output": output, "--json": json_out, "--html": html_out, "--cache": cache}
    _check_outputs(
        check_audit_outputs,
        paths,
        outputs,
        list(glossary or []),
        discover_glossaries=not no_glossary_discovery,
        use_cache=not no_cache,
        other_inputs=[baseline] if baseline is not None else [],
    )
    decisions = _load_baseline(baseline)
    options = AuditOptions(
        pivot=pivot,
        engine=engine,
        lang_detector=lang_detector,
        glossaries=list(glossary or []),
        discover_glossaries=not no_glossary_discovery,
        cache_path=cache,
        use_cache=not no_cache,
        jobs=jobs,
        rules=list(rule) if rule else None,
        follow_symlinks=follow_symlinks,
        translation_sets=not no_translation_sets,
        dask=scheduler or dask,
        need_extractions=False,  # (the reports read findings and documents only)
    )
    try:
        if not quiet and err.is_terminal:
            from transcheck.cli_support import StageProgress

            with StageProgress(err) as progress:
                result = run_audit(paths, options, progress=progress)
        else:
            result = run_audit(paths, options)
    except ValueError as exc:  # bad option values detected by the library (engine, detector)
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        err.print("transcheck: interrupted; no report written")
        raise typer.Exit(130) from None
    if not result.documents:
        for e in result.errors:
            err.print(f"transcheck: {_visible(e.path)}: {_visible(e.error)}")
        raise UsageError("nothing could be audited")
    outputs.pop("--cache")  # documents reached through followed links are inputs too
    _check_outputs(check_outputs, outputs.items(), [], [d.path for d in result.documents])
    report = build_report(result, timestamp=timestamp, roots=paths, with_text=with_text)
    if decisions is not None:
        from transcheck.baseline import apply_baseline

        report = apply_baseline(report, decisions, str(baseline))
    texts = DocumentTexts(result.documents)  # (read when a renderer shows one)
    files: list = []
    if output is not None:
        pieces = render_pieces(report, format.value, texts=texts, show_info=show_info)
        files.append((output, pieces))
    if json_out is not None:
        files.append((json_out, render_pieces(report, "json")))
    if html_out is not None:
        files.append((html_out, render(report, "html", texts=texts, show_info=show_info)))
    try:
        write_all_atomic(files)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    if output is None:
        if format is Format.text:
            from transcheck.report.text import print_report

            print_report(
                report,
                Console(highlight=False),
                stats=result.stats,
                show_info=show_info,
                verbose=verbose,
            )
        else:
            sys.stdout.write(render(report, format.value, texts=texts, show_info=show_info))
    elif not quiet:
        from transcheck.baseline import suppressed_sentence
        from transcheck.report.text import plural

        s = report["summary"]
        st = result.stats
        cache = (
            f"; translation: {st.get('unique_passages', 0)} passages, "
            f"{st.get('cache_hits', 0)} from cache"
            if st and verbose
            else ""
        )
        triage = suppressed_sentence(report)
        err.print(
            f"transcheck: {plural(s['documents'], 'document')}, "
            f"{plural(s['findings']['error'], 'error')}, "
            f"{plural(s['findings']['warning'], 'warning')}, {s['findings']['info']} info, "
            f"{plural(s['errors'], 'file error')}{cache}"
            f"{'; ' + _visible(triage) if triage else ''} -> {_visible(output)}"
        )
    raise typer.Exit(exit_code_for(report, fail_on.value, strict))


def _read_report(report_file: Path) -> dict:
    """A saved JSON report, read bounded and shape-checked (:mod:`transcheck.report.load`)."""
    from transcheck.report import SCHEMA
    from transcheck.report.load import ReportError, load_report

    try:
        return load_report(report_file, SCHEMA)
    except ReportError as exc:
        raise UsageError(str(exc)) from None


def _check_report_output(output: Path | None, report_file: Path, data: dict, *read: Path) -> None:
    """An output of ``report``/``baseline`` may not land on the report, on another file read
    (a baseline) or on one of the documents the report names."""
    from transcheck.safety import check_outputs

    if output is None:
        return
    documents = [d["path"] for d in data["documents"] if d["path"]]
    _check_outputs(check_outputs, [("--output", output)], [report_file], [*read, *documents])


@app.command(epilog="Example: [bold]transcheck report reports/audit.json -o audit.html[/bold]")
def report(
    report_file: Annotated[Path, typer.Argument(help="A JSON report written by `audit`.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file.")] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", "-b", help="Hide the findings this baseline file decides."),
    ] = None,
    show_info: Annotated[
        bool, typer.Option("--show-info", help="List info findings (allowed variants) too.")
    ] = False,
    mkdir: Annotated[bool, typer.Option("--mkdir", help="Create a missing output folder.")] = False,
) -> None:
    """Render a saved JSON report again (HTML by default), from the report alone."""
    from transcheck.report import OutputError, render, write_atomic
    from transcheck.report.html import embedded_texts

    problem = output_problem([output], mkdir=mkdir)
    if problem:
        raise UsageError(problem)
    if format.value in BINARY_FORMATS and output is None:
        raise UsageError(
            f"--format {format.value} writes a file: give it with --output FILE.{format.value}"
        )
    data = _read_report(report_file)
    _check_report_output(output, report_file, data, *([baseline] if baseline else []))
    decisions = _load_baseline(baseline)
    if decisions is not None:
        from transcheck.baseline import apply_baseline

        data = apply_baseline(data, decisions, str(baseline))
    try:
        content = render(data, format.value, show_info=show_info)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:  # a field we did not check
        raise UsageError(f"{report_file}: cannot render this report ({exc!r})") from None
    # The corpus is never read again: documents are shown in full only from the texts the
    # report carries (audit --with-text), otherwise through their findings' contexts.
    without = len(data["documents"]) - len(embedded_texts(data))
    if without and format is Format.html:
        err.print(
            f"transcheck: {without} document(s) without their text in the report (audit "
            "--with-text keeps it): shown through their findings' contexts"
        )
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else "")
    else:
        try:
            write_atomic(output, content)
        except OutputError as exc:
            raise UsageError(str(exc)) from None


class Status(str, Enum):
    accepted = "accepted"
    false_positive = "false-positive"


@app.command(
    "baseline",
    epilog="Example: [bold]transcheck baseline reports/audit.json -o transcheck-baseline.json"
    "[/bold], then [bold]transcheck audit corpus/ --baseline transcheck-baseline.json[/bold]",
)
def baseline_command(
    report_file: Annotated[Path, typer.Argument(help="A JSON report written by `audit`.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Baseline file to write; its existing decisions are kept (default: stdout).",
        ),
    ] = None,
    status: Annotated[
        Status, typer.Option("--status", help="Decision recorded for every new finding.")
    ] = Status.accepted,
) -> None:
    """Record every finding of a report as triaged, so later audits show only new ones."""
    from transcheck.baseline import baseline_from_report, dumps_baseline
    from transcheck.report import OutputError, write_or_print

    problem = output_problem([output], mkdir=False)
    if problem:
        raise UsageError(problem)
    data = _read_report(report_file)
    _check_report_output(output, report_file, data)
    previous = _load_baseline(output) if output is not None and output.exists() else None
    entries = baseline_from_report(data, status.value, previous)
    try:
        write_or_print(output, dumps_baseline(entries))
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    if output is None:
        return
    from transcheck.report.text import plural

    added = len(entries) - len(previous or {})
    err.print(
        f"transcheck: {plural(added, 'finding')} recorded, {len(entries)} in {_visible(output)}"
    )


def _load_baseline(path: Path | None) -> dict | None:
    if path is None:
        return None
    from transcheck.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _check_outputs(check, *args, **kwargs) -> None:
    """Run a :mod:`transcheck.safety` check; an unsafe output path is a usage error."""
    from transcheck.safety import UnsafeOutput

    try:
        check(*args, **kwargs)
    except UnsafeOutput as exc:
        raise UsageError(str(exc)) from None


@app.command("rules", epilog="Example: [bold]transcheck rules[/bold]")
def list_rules() -> None:
    """List the rules and their default severities."""
    from transcheck.rules import all_rules

    for name, cls in all_rules().items():
        print(f"{name:20} {cls.default_severity:8} {cls.description}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (never a traceback for a user's mistake)."""
    from transcheck.audit import collecting_lazily  # also while reading inputs and reports

    with collecting_lazily():
        try:
            app(args=argv, prog_name="transcheck")
        except SystemExit as exc:
            code = exc.code
            return code if isinstance(code, int) else (0 if code is None else 2)
        except KeyboardInterrupt:
            err.print("transcheck: interrupted; no report written")
            return 130
    return 0


def run() -> None:
    """Console-script entry point."""
    code = main()
    # The process ends here: what the command made is freed with it, and the collector's
    # passes at exit need not scan it all (a fifth of a second after a large audit).
    gc.freeze()
    sys.exit(code)
