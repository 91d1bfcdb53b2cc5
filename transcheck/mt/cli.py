"""`transcheck models …` (placeholder until implemented)."""

import typer

app = typer.Typer(help="List, install and remove translation models.", no_args_is_help=True)


@app.command("list")
def list_models() -> None:
    """List every installed language pair."""
