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
def undo(project: Project) -> None:
    """Undo the latest change that has not been undone.

    \b
    Example:
      qualcode undo samhandling.qualcode
    """
    click.echo(f"undone: {project.history.undo()}")


@cli.command()
@with_project
def redo(project: Project) -> None:
    """Redo the change that was undone last.

    \b
    Example:
      qualcode redo samhandling.qualcode
    """
    click.echo(f"redone: {project.history.redo()}")
