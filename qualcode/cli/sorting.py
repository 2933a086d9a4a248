"""Step 3's sorting: `qualcode move-unit` moves a unit to another subgroup of its code group."""

from __future__ import annotations

import click

from ..project import Project
from . import cli
from .common import with_project


@cli.command("move-unit")
@with_project
@click.argument("unit_id", type=int)
@click.option("--to", "subgroup", required=True, metavar="GROUP/SUBGROUP",
              help="The subgroup (of the same code group) the unit moves to.")
@click.option("--create", is_flag=True, help="Make the subgroup first if it does not exist.")
def move_unit(project: Project, unit_id: int, subgroup: str, create: bool) -> None:
    """Move a unit to another subgroup of its code group (your coding of it moves; it leaves the old
    subgroup's condensate, golden nugget and quotes). One change: `qualcode undo` takes it back.

    \b
    Example:
      qualcode move-unit samhandling.qualcode 12 --to "Innleggelse, utskrivning og overganger/Utskrivning og varsling"
    """
    left = project.condensing.move_unit(unit_id, subgroup, create=create)
    click.echo(f"unit {unit_id} moved to {subgroup} (from {', '.join(left)})")
