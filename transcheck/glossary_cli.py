"""`transcheck glossary …` (placeholder until implemented)."""

import typer

app = typer.Typer(help="Lint, show, import, export and suggest glossaries.", no_args_is_help=True)


@app.command("lint")
def lint() -> None:
    """Check glossary files."""
