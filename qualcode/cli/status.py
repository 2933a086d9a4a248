"""`qualcode status`: where the analysis stands, step by step (what the TUI's step bar shows)."""

from __future__ import annotations

import click

from ..project import Project
from . import cli
from .common import json_option, print_json, with_project


@cli.command()
@with_project
@click.option("--documents", "per_document", is_flag=True,
              help="Also each document: reading status, units, the part of its text that is coded.")
@json_option
def status(project: Project, per_document: bool, as_json: bool) -> None:
    """Where the analysis stands in each step of the method: what is read, coded, condensed and written.

    Steps 3 and 4 count the subgroups that hold units; "read" is your own reading (--coder).

    \b
    Example:
      qualcode status samhandling.qualcode
      qualcode status samhandling.qualcode --documents --json
    """
    steps = project.progress.steps()
    documents = project.progress.documents() if per_document else []
    if as_json:
        print_json({"steps": steps, "documents": documents} if per_document else steps)
        return
    for number, name, figures in steps.steps():
        click.echo(f"{number} {name:<11} {figures}")
    if documents:
        click.echo()
        width = max(len(d.label) for d in documents)
        for d in documents:
            click.echo(f"{d.label:<{width}}  {d.status:<7} {d.units:>4} units  {d.coded_share:>4.0%} coded")
