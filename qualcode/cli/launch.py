"""Commands that open the TUI: open, and demo (build the demo project, then open it)."""

from __future__ import annotations

from pathlib import Path

import click

from ..demo import build_demo
from . import cli
from .common import PROJECT_ARGUMENT, coder_option


def _run_tui(project: Path, coder: str | None) -> None:
    from ..tui.app import make_app

    app = make_app(project, coder)
    try:
        app.run()
    finally:
        app.project.close()
    if app.return_code:  # a crash (Textual has printed what went wrong) or a lost terminal: not a success
        raise SystemExit(app.return_code)


@cli.command("open")
@PROJECT_ARGUMENT
@coder_option
def open_(project: Path, coder: str | None) -> None:
    """Open a project in the terminal user interface.

    \b
    Example:
      qualcode open samhandling.qualcode
    """
    from ..project import Project

    Project(project, coder).close()  # a clear one-line error before the screen takes over
    _run_tui(project, coder)


@cli.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
              show_default=True, help="Where to build the demo project.")
@click.option("--language", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
              help="Norwegian (nb) or English (en) demo corpus.")
@click.option("--fresh", is_flag=True, help="Rebuild the demo even if it exists (your demo coding is lost).")
@click.option("--no-open", is_flag=True, help="Build only; do not open the TUI.")
@coder_option
def demo(directory: Path, language: str, fresh: bool, no_open: bool, coder: str | None) -> None:
    """Build the demo project from corpora/ and codebooks/, print its path, and open it.

    An existing demo project is reused, so nothing you coded in it is lost (use --fresh to rebuild).

    \b
    Example:
      qualcode demo --dir /tmp/demo --no-open
    """
    path = build_demo(directory, language, fresh)
    click.echo(str(path))
    if not no_open:
        _run_tui(path, coder)
