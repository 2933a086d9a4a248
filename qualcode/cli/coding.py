"""Step 2 commands: coding units (by quote or from a CSV), listing and removing units, the codebook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import NotFound, QualcodeError
from ..wording import plural
from . import cli
from .common import echo_lines, json_option, print_json, with_project

if TYPE_CHECKING:
    from ..project import Project


@cli.command()
@with_project
@click.option("--document", help="The document the quote is from (its label).")
@click.option("--quote", help="The passage, exactly or slightly misspelt.")
@click.option("--code", "code_path", help='Code path: "Group/Subgroup" or "Group/Subgroup/Code".')
@click.option("--start", type=int, help="Or give the span as character offsets: start ...")
@click.option("--end", type=int, help="... and end.")
@click.option("--from", "csv_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A CSV with columns document, quote, code: many rows in one transaction.")
@click.option("--create", is_flag=True, help="Create missing code groups, subgroups and codes.")
@click.option("--threshold", default=85.0, show_default=True, type=click.FloatRange(50, 100),
              help="Lowest fuzzy similarity (%) accepted, 50-100.")
@click.option("--partial", is_flag=True, help="With --from: keep the rows that can be placed even if others cannot.")
def code(project: Project, document: str | None, quote: str | None, code_path: str | None, start: int | None,
         end: int | None, csv_path: Path | None, create: bool, threshold: float, partial: bool) -> None:
    """Mark a meaning unit and code it: find a quoted passage (exact, then fuzzy) or give offsets.

    \b
    Example:
      qualcode code samhandling.qualcode --document K1-intervju --quote "vi ble tatt på alvor" \\
          --code "Samhandling/Kommunikasjon" --create
      qualcode code samhandling.qualcode --from kodinger.csv --create
    """
    try:
        _code(project, document, quote, code_path, start, end, csv_path, create, threshold, partial)
    except NotFound as exc:
        raise NotFound(f"{exc} (add --create to make missing codes)") from None


def _code(project: Project, document: str | None, quote: str | None, code_path: str | None, start: int | None,
          end: int | None, csv_path: Path | None, create: bool, threshold: float, partial: bool) -> None:
    if csv_path:
        from ..stc.step2_units import RowsNotPlaced

        try:
            placed, problems = project.units.code_from_csv(csv_path, create_codes=create, threshold=threshold,
                                                              partial=partial)
        except RowsNotPlaced as exc:
            for problem in exc.problems:
                click.echo(f"{csv_path.name}: line {problem.line}: {problem.reason}", err=True)
            raise
        for item in placed:
            click.echo(f"unit {item.unit_id}  {item.document}  {item.code}  ({item.match.describe()})")
        for problem in problems:
            click.echo(f"{csv_path.name}: line {problem.line}: {problem.reason}", err=True)
        click.echo(f"coded {len(placed)} rows, {len(problems)} could not be placed")
        if problems:
            raise SystemExit(1)
        return
    if not (document and code_path):
        raise QualcodeError("give --document and --code (with --quote or --start/--end), or --from FILE.csv")
    if quote:
        one = project.units.code_quote(document, quote, code_path, create_codes=create, threshold=threshold)
        text = project.units.get([one.unit_id])[0].text
        click.echo(f"unit {one.unit_id}: {one.match.describe()} at {one.match.start}-{one.match.end}: «{text}»")
    elif start is not None and end is not None:
        unit_id = project.units.create(document, start, end, codes=[code_path], create_codes=create)
        click.echo(f"unit {unit_id}: «{project.units.get([unit_id])[0].text}»")
    else:
        raise QualcodeError("give --quote, or --start and --end")


@cli.command()
@with_project
@click.option("--code", "code_path", help="Only units under this code (with its sub-codes).")
@click.option("--document", help="Only units of this document.")
@json_option
def units(project: Project, code_path: str | None, document: str | None, as_json: bool) -> None:
    """List meaning units with their place and codes.

    \b
    Example:
      qualcode units samhandling.qualcode --code "Overganger/Utskrivning" --json
    """
    found = project.units.list(code_path=code_path, document=document)
    if as_json:
        print_json(found)
        return
    echo_lines(f"#{u.id:<5} {u.document}:{u.line:<5} {u.participant or u.speaker:<8} {' | '.join(u.codes)}\n"
               f"       «{' '.join(u.text.split())}»" for u in found)


@cli.command()
@with_project
@click.argument("unit_id", type=int)
@click.option("--code", "code_path", help="Remove only this code from the unit.")
def uncode(project: Project, unit_id: int, code_path: str | None) -> None:
    """Remove a code from a unit, or (without --code) delete the unit and its codings.

    \b
    Example:
      qualcode uncode samhandling.qualcode 12 --code "Overganger/Utskrivning"
      qualcode uncode samhandling.qualcode 12
    """
    if code_path:
        project.units.uncode(unit_id, code_path)
        click.echo(f"unit {unit_id}: {code_path} removed")
    else:
        let_go = project.units.delete(unit_id)
        click.echo(f"unit {unit_id} deleted" + (f"; it was {' and '.join(let_go)} (qualcode undo brings it back)"
                                                 if let_go else ""))


@cli.command()
@with_project
@click.argument("unit_id", type=int)
@click.option("--start", type=int, required=True, help="The unit's new first character (an offset, as in `units`).")
@click.option("--end", type=int, required=True, help="The new end (exclusive): the unit becomes text[start:end].")
def resize(project: Project, unit_id: int, start: int, end: int) -> None:
    """Widen or narrow a unit to another span of its document; its codes, condensates and quotes stay.

    \b
    Example:
      qualcode resize samhandling.qualcode 12 --start 6800 --end 6923
    """
    project.units.resize(unit_id, start, end)
    click.echo(f"unit {unit_id} is now {start}-{end}")


@cli.group()
def codebook() -> None:
    """The codebook: code group > subgroup > code.

    \b
    Example:
      qualcode codebook show samhandling.qualcode
    """


@codebook.command("show")
@with_project
@json_option
def codebook_show(project: Project, as_json: bool) -> None:
    """Print the codebook tree with descriptions, unit and participant counts.

    \b
    Example:
      qualcode codebook show samhandling.qualcode
    """
    from ..codebook.service import flatten

    tree = project.codebook.tree()
    if as_json:
        print_json(tree)
        return
    for c in flatten(tree):
        indent = "  " * c.level
        click.echo(f"{indent}{c.name}  [{plural(c.units, 'unit')}, {plural(c.participants, 'participant')}]  ({c.uid})")
        if c.description:
            click.echo(f"{indent}    {c.description}")


@codebook.command("import")
@with_project
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@json_option
def codebook_import(project: Project, file: Path, as_json: bool) -> None:
    """Import a codebook (.yaml, .csv or REFI-QDA .qdc), merging by stable id (GUID), then by path.

    \b
    Example:
      qualcode codebook import samhandling.qualcode codebooks/demo-nb.yaml
      qualcode codebook import samhandling.qualcode veileders-kodebok.qdc --json
    """
    report = project.codebook.import_file(file)
    if as_json:
        print_json(report)
        return
    for line in getattr(report, "skipped", []):  # a .qdc's sets: our codebook has none
        click.echo(f"skipped {line}")
    for line in getattr(report, "notes", []):  # what a .qdc's writer did differently, and what was done
        click.echo(f"note: {line}")
    for path in report.added:
        click.echo(f"added   {path}")
    for path in report.changed:
        click.echo(f"changed {path}")
    click.echo(f"{len(report.added)} added, {len(report.changed)} changed")


@codebook.command("export")
@with_project
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (.yaml, .csv or REFI-QDA .qdc).")
def codebook_export(project: Project, output: Path) -> None:
    """Write the codebook to YAML, CSV or REFI-QDA .qdc (format from the suffix).

    A .qdc carries each code's stable id as its GUID (NVivo, ATLAS.ti, MAXQDA and QualCoder read it).

    \b
    Example:
      qualcode codebook export samhandling.qualcode -o exports/kodebok.yaml
      qualcode codebook export samhandling.qualcode -o exports/kodebok.qdc
    """
    count = project.codebook.export_file(output)
    click.echo(f"wrote {count} codes to {output}")


@codebook.command("add")
@with_project
@click.argument("path")
@click.option("--description", default="", help="Inclusion and exclusion notes.")
@click.option("--colour", default="", help="A colour such as #4e79a7.")
def codebook_add(project: Project, path: str, description: str, colour: str) -> None:
    """Add a code group, subgroup or code.

    \b
    Example:
      qualcode codebook add samhandling.qualcode "Overganger/Utskrivning" --description "Inkluder: ..."
    """
    click.echo(f"added {project.codebook.add(path, description=description, colour=colour)}")


@codebook.command("describe")
@with_project
@click.argument("path")
@click.option("--description", default=None)
@click.option("--colour", default=None)
def codebook_describe(project: Project, path: str, description: str | None, colour: str | None) -> None:
    """Change a code's description or colour.

    \b
    Example:
      qualcode codebook describe samhandling.qualcode "Overganger" --description "Inkluder: ..."
    """
    project.codebook.describe(path, description=description, colour=colour)
    click.echo(f"updated {path}")


@codebook.command("rename")
@with_project
@click.argument("path")
@click.argument("new_name")
def codebook_rename(project: Project, path: str, new_name: str) -> None:
    """Rename a code (its stable id and its units stay).

    \b
    Example:
      qualcode codebook rename samhandling.qualcode "Overganger/Varsling" "Sen varsling"
    """
    click.echo(f"renamed to {project.codebook.rename(path, new_name)}")


@codebook.command("move")
@with_project
@click.argument("path")
@click.argument("new_parent", required=False)
def codebook_move(project: Project, path: str, new_parent: str | None) -> None:
    """Move a code under another (or to the top level without NEW_PARENT).

    \b
    Example:
      qualcode codebook move samhandling.qualcode "Overganger/Ventetid" "Innleggelse"
    """
    click.echo(f"moved to {project.codebook.move(path, new_parent)}")


@codebook.command("merge")
@with_project
@click.argument("source")
@click.argument("target")
def codebook_merge(project: Project, source: str, target: str) -> None:
    """Merge SOURCE into TARGET: its units, sub-codes and condensate follow; SOURCE goes.

    \b
    Example:
      qualcode codebook merge samhandling.qualcode "Overganger/Varsling" "Overganger/Utskrivning"
    """
    moved = project.codebook.merge(source, target)
    click.echo(f"merged {source} into {target} ({moved} codings moved)")


@codebook.command("split")
@with_project
@click.argument("path")
@click.argument("new_name")
@click.option("--units", "unit_ids", required=True, help="Comma-separated unit ids that go to the new code.")
def codebook_split(project: Project, path: str, new_name: str, unit_ids: str) -> None:
    """Split a code: the named units move to a new sibling code.

    \b
    Example:
      qualcode codebook split samhandling.qualcode "Overganger/Utskrivning" "Helg" --units 4,9,12
    """
    ids = _ids(unit_ids)
    click.echo(f"split {len(ids)} units into {project.codebook.split(path, new_name, ids)}")


@codebook.command("delete")
@with_project
@click.argument("path")
@click.option("--force", is_flag=True, help="Delete even if units are coded with it (no question asked).")
def codebook_delete(project: Project, path: str, force: bool) -> None:
    """Delete a code and its sub-codes; asks first when units are still coded with it.

    \b
    Example:
      qualcode codebook delete samhandling.qualcode "Overganger/Gammel kode"
    """
    count = project.codebook.units_under(path)
    if count and not force:
        question = f"{path} still has {count} coded units. Delete it and uncode them?"
        try:
            agreed = click.confirm(question, err=True)
        except click.Abort:  # no one to answer (no terminal, or end of input)
            click.echo("", err=True)
            agreed = False
        if not agreed:
            raise QualcodeError(f"nothing deleted: {path} still has {count} coded units "
                                "(--force deletes without asking)")
    project.codebook.delete(path, force=True)
    click.echo(f"deleted {path}" + (f" ({count} units uncoded)" if count else ""))


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise QualcodeError(f"unit ids are numbers separated by commas, not {text!r}") from None
