"""Moving between tools (REFI-QDA): `export qdpx`, and the .qdpx side of `qualcode import`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import QualcodeError
from ..languages import LANGUAGES
from ..project import Project
from .analysis import export
from .common import PROJECT_ARGUMENT, coder_option, json_option, print_json, with_project


@export.command("qdpx")
@with_project
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The archive to write (.qdpx), readable by you only.")
@json_option
def export_qdpx(project: Project, output: Path, as_json: bool) -> None:
    """The whole project as a REFI-QDA archive (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder ...

    Coders, codebook (with its stable ids), transcripts, units with exact positions, codings with their
    coder and time, memos, participants with their attributes; themes, condensates, golden nuggets,
    syntheses, quote order and the read-back check travel as notes that qualcode's import restores.

    \b
    Example:
      qualcode export qdpx samhandling.qualcode -o exports/samhandling.qdpx
      qualcode import kopi.qualcode exports/samhandling.qdpx     # and back
    """
    if output.suffix.lower() != ".qdpx":
        raise QualcodeError(f"{output.name}: a REFI-QDA project archive ends in .qdpx")
    summary = project.exchange.export_qdpx(output)
    if as_json:
        print_json(summary)
        return
    click.echo(f"wrote {summary.path}: {summary.documents} documents, {summary.codes} codes, {summary.units} units, "
               f"{summary.codings} codings, {summary.participants} participants, {summary.notes} notes")


def with_project_or_archive(command: Callable) -> Callable:
    """Like with_project, but `qualcode import NEW.qualcode FILE.qdpx` makes a new project from the archive."""

    @PROJECT_ARGUMENT
    @coder_option
    @click.option("--language", type=click.Choice(sorted(LANGUAGES)), default=None,
                  help="With a .qdpx from another program: the transcripts' language (default: what a qualcode "
                       "archive says, else nb).")
    @json_option
    @functools.wraps(command)
    def wrapper(project: Path, coder: str | None, language: str | None, as_json: bool, **kwargs: Any) -> Any:
        files = kwargs.get("files") or ()
        if any(Path(f).suffix.lower() == ".qdpx" for f in files):
            options = ("participants_csv", "participant", "speaker_pattern", "kind")
            given = [name for name in options if kwargs.get(name)]
            if given:
                raise click.UsageError(f"--{given[0].replace('_csv', 's').replace('_', '-')} does not go with a .qdpx "
                                       "archive (its cases and sources say who is who)")
            return import_archive(project, files, coder, language, as_json)
        if language or as_json:
            raise click.UsageError("--language and --json go with a .qdpx archive")
        with Project(project, coder) as opened:
            return command(project=opened, **kwargs)

    return wrapper


def import_archive(project: Path, files: tuple[Path, ...], coder: str | None, language: str | None,
                   as_json: bool) -> None:
    from ..exchange import create_from_qdpx

    if len(files) != 1:
        raise QualcodeError("a .qdpx archive is imported alone, into a new project: "
                            "qualcode import NEW.qualcode FILE.qdpx")
    report = create_from_qdpx(project, Path(files[0]), coder=coder, language=language)
    if as_json:
        print_json(report.as_dict())
        return
    click.echo(f"created {project} from {Path(files[0]).name} ({LANGUAGES[report.language]})")
    for line in report.lines():
        click.echo(line)
