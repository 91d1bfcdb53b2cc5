"""`transcheck glossary …`: lint, show, export, import and suggest glossary files.

Exit codes: 0 — done, no problem; 1 — problems found in the glossary or the file to import;
2 — usage error (no file given or found, unknown format).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from collections.abc import Callable

    from transcheck.glossary.model import Glossary

app = typer.Typer(help="Lint, show, import, export and suggest glossaries.", no_args_is_help=True)

err = Console(stderr=True, highlight=False, soft_wrap=True)


GlossaryFiles = Annotated[
    list[Path] | None, typer.Argument(help="Glossary files (default: discovered).")
]
OutputFile = Annotated[Path | None, typer.Option("--output", "-o")]


class ShowFormat(str, Enum):
    yaml = "yaml"
    json = "json"


class ExchangeFormat(str, Enum):
    tbx = "tbx"
    csv = "csv"


def _shown(value: object) -> str:
    """Text from a file or file name, with controls and bidi overrides shown escaped."""
    from transcheck.safety import visible

    return visible(str(value), keep_newlines=False)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"transcheck: error: {_shown(message)}", markup=False)
    return typer.Exit(code)


def _resolve(files: list[Path] | None) -> list[Path]:
    """Given files, else ``[tool.transcheck] glossaries`` or ./glossaries/*.yaml."""
    from transcheck.glossary.discovery import configured_glossaries

    if files:
        return _expand(files)
    found = configured_glossaries(Path.cwd())
    local = Path("glossaries")
    if found is None:
        found = []
        if local.is_dir():
            found = sorted(p for p in local.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    if not found:
        raise _fail(
            "no glossary files given, none listed in ./pyproject.toml [tool.transcheck] "
            "glossaries, and no ./glossaries/*.yaml"
        )
    return found


def _expand(files: list[Path]) -> list[Path]:
    """Folders stand for the *.yaml / *.yml files in them."""
    out: list[Path] = []
    for f in files:
        if f.is_dir():
            out.extend(sorted(p for p in f.iterdir() if p.suffix.lower() in (".yaml", ".yml")))
        else:
            out.append(f)
    return out


def _check_output(output: Path | None, inputs: list[Path]) -> None:
    """Refuse an output path that is one of the files read (exit 2, one line)."""
    from transcheck.safety import UnsafeOutput, check_outputs

    try:
        check_outputs([("--output", output)], [], inputs)
    except UnsafeOutput as exc:
        raise _fail(str(exc)) from None


def _output(content: str, output: Path | None) -> None:
    from transcheck.report import OutputError, write_or_print

    try:
        write_or_print(output, content)
    except OutputError as exc:
        raise _fail(str(exc)) from None


def _load(files: list[Path]):
    from transcheck.glossary.load import check_files

    glossary, problems = check_files(files)
    for p in problems:
        err.print(_shown(p), markup=False)
    return glossary, problems


def _write_merged(
    files: list[Path] | None, output: Path | None, render: Callable[[Glossary], str]
) -> None:
    """Load the glossary files (given or discovered), write ``render(merged)``; exit 1 if the
    files had problems."""
    paths = _resolve(files)
    _check_output(output, _expand(paths))
    glossary, problems = _load(paths)
    _output(render(glossary), output)
    raise typer.Exit(1 if problems else 0)


@app.command("lint")
def lint(
    files: Annotated[list[Path], typer.Argument(help="Glossary YAML files (checked together).")],
) -> None:
    """Check glossary files (or folders of them); print each problem as file:line:col: message."""
    from transcheck.glossary.load import check_files

    files = _expand(files)
    if not files:
        raise _fail("no glossary files (*.yaml, *.yml) in the given folders", 1)

    glossary, problems = check_files(files)
    for p in problems:
        print(_shown(p))
    if problems:
        err.print(
            f"transcheck: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in {len({p.path for p in problems})} of {len(files)} file(s)",
            markup=False,
        )
        raise typer.Exit(1)
    err.print(f"transcheck: ok: {len(glossary.entries)} entries in {len(files)} file(s)")


@app.command("show")
def show(
    files: GlossaryFiles = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.yaml,
    output: OutputFile = None,
) -> None:
    """Print the merged glossary (valid entries; problems go to stderr)."""
    from transcheck.glossary.output import glossary_json, glossary_yaml

    _write_merged(files, output, glossary_json if format is ShowFormat.json else glossary_yaml)


@app.command("export")
def export(
    files: GlossaryFiles = None,
    format: Annotated[ExchangeFormat, typer.Option("--format", "-f")] = ExchangeFormat.tbx,
    output: OutputFile = None,
) -> None:
    """Export the merged glossary as TBX-Basic or CSV."""
    from transcheck.glossary.exchange import export_csv, export_tbx

    _write_merged(files, output, export_tbx if format is ExchangeFormat.tbx else export_csv)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .tbx or .csv file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="YAML file to write (default: stdout).")
    ] = None,
    format: Annotated[
        ExchangeFormat | None, typer.Option("--format", "-f", help="Default: from the suffix.")
    ] = None,
) -> None:
    """Convert a TBX or CSV term base into a glossary YAML file."""
    from transcheck.glossary.exchange import ExchangeError, import_csv, import_tbx
    from transcheck.glossary.load import load_glossary_text
    from transcheck.glossary.output import imported_yaml

    if format is None:
        suffix = file.suffix.lower()
        if suffix in (".tbx", ".xml"):
            format = ExchangeFormat.tbx
        elif suffix in (".csv", ".tsv"):
            format = ExchangeFormat.csv
        else:
            raise _fail(
                f"{file}: cannot tell the format from {suffix or 'no suffix'}; use --format"
            )
    from transcheck.safety import MAX_IMPORT_BYTES, read_limited

    try:
        data = read_limited(file, MAX_IMPORT_BYTES, "term base")
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror or exc}", 1) from None
    except ValueError as exc:
        raise _fail(f"cannot read {file}: {exc}", 1) from None
    _check_output(output, [file])
    reader = import_tbx if format is ExchangeFormat.tbx else import_csv
    try:
        entries, warnings = reader(data, str(file))
    except ExchangeError as exc:
        raise _fail(str(exc), 1) from None
    for w in warnings:
        err.print(f"transcheck: warning: {_shown(w)}", markup=False)
    text = imported_yaml(entries, file.name)
    _, problems = load_glossary_text(text, str(output or "<stdout>"))
    _output(text, output)
    for p in problems:
        err.print(_shown(p), markup=False)
    if problems:
        err.print("transcheck: the imported glossary needs fixing (see above)", markup=False)
        raise typer.Exit(1)
    err.print(f"transcheck: imported {len(entries)} entries from {_shown(file)}", markup=False)


@app.command("suggest")
def suggest(
    paths: Annotated[list[Path], typer.Argument(help="Corpus folders and/or files.")],
    output: OutputFile = None,
    engine: Annotated[
        str, typer.Option(help="Back-translation engine: auto | apertium | argos | none")
    ] = "auto",
    pivot: Annotated[str, typer.Option(help="Pivot language (ISO 639-1).")] = "en",
    glossary: Annotated[
        list[Path] | None, typer.Option("--glossary", "-g", help="Existing glossary (repeatable).")
    ] = None,
    no_glossary_discovery: Annotated[bool, typer.Option("--no-glossary-discovery")] = False,
) -> None:
    """Audit a corpus and propose glossary entries (for review) from the variants found."""
    from transcheck.audit import AuditOptions
    from transcheck.audit import audit as run_audit
    from transcheck.cli_support import glossary_problem, lang_problem
    from transcheck.glossary.suggest import SUGGEST_RULES, suggest_entries

    for p in paths:
        if not p.exists():
            raise _fail(f"no such file or folder: {p}")
    problem = lang_problem(pivot, "--pivot") or glossary_problem(glossary or [])
    if problem:
        raise _fail(problem)
    from transcheck.cli_support import check_audit_outputs
    from transcheck.safety import UnsafeOutput

    try:
        check_audit_outputs(
            paths,
            {"--output": output},
            list(glossary or []),
            discover_glossaries=not no_glossary_discovery,
            use_cache=False,
        )
    except UnsafeOutput as exc:
        raise _fail(str(exc)) from None
    options = AuditOptions(
        pivot=pivot,
        engine=engine,
        glossaries=list(glossary or []),
        discover_glossaries=not no_glossary_discovery,
    )
    try:
        result = run_audit(paths, options)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    for e in result.errors:
        err.print(f"transcheck: {_shown(e.path)}: {_shown(e.error)}", markup=False)
    from transcheck.glossary.load import load_glossaries

    existing, _ = load_glossaries([Path(f) for f in result.glossary_files])
    text, count = suggest_entries(result.findings, existing)
    _output(text, output)
    err.print(
        f"transcheck: {count} suggested entr{'y' if count == 1 else 'ies'} from "
        f"{', '.join(SUGGEST_RULES)} findings; review before use",
        markup=False,
    )
