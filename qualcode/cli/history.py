"""Commands for the audit log: log, undo, redo."""

from __future__ import annotations

import click

from ..project import Project
from . import cli
from .common import json_option, print_json, with_project


@cli.command()
@with_project
@click.option("--limit", default=30, show_default=True, help="How many changes, newest first.")
@json_option
def log(project: Project, limit: int, as_json: bool) -> None:
    """The project's history: who changed what, and when (newest first).

    \b
    Example:
      qualcode log samhandling.qualcode --limit 10
    """
    entries = project.history.log(limit=limit)
    if as_json:
        print_json(entries)
        return
    for entry in entries:
        click.echo(f"#{entry.id:<5} {entry.at}  {entry.coder:<12} {entry.summary}")


@cli.command()
@with_project
@click.option("--change", "change_id", type=int, metavar="ID", default=None,
              help="Undo this change (its # in `qualcode log`) and nothing else; refused unless it is your "
                   "newest. Example: --change 812")
def undo(project: Project, change_id: int | None) -> None:
    """Take back your own newest change (--coder, else $QUALCODE_CODER, else your login name).

    Undo never takes back a colleague's change, nor overwrites work done since: if the rows the change
    wrote were changed since, it refuses and says by whom. It does not go back past an import or a
    settings change.

    \b
    Examples:
      qualcode undo samhandling.qualcode
      qualcode undo samhandling.qualcode --coder kari --change 812
    """
    click.echo(f"undone: {project.history.undo(change=change_id)}")


@cli.command()
@with_project
def redo(project: Project) -> None:
    """Do again what your own newest undo took back (a new change of yours clears your redo).

    Like undo, it refuses if the rows were changed since, and says by whom.

    \b
    Example:
      qualcode redo samhandling.qualcode --coder kari
    """
    click.echo(f"redone: {project.history.redo()}")
