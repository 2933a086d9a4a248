"""Team commands: fork a project for a coder, and merge coders' projects with nothing lost."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import QualcodeError
from ..project import Project
from . import cli
from .common import coder_option, json_option, print_json

if TYPE_CHECKING:  # rapidfuzz and yaml load with the merge, not with every command
    from ..team.merge import CoderConflict
    from ..team.report import MergeReport

_FILE = click.Path(dir_okay=False, path_type=Path)


@cli.command()
@click.argument("project", type=_FILE)
@click.option("-o", "--output", required=True, type=_FILE,
              help="The fork's file (must not exist): -o samhandling-kari.qualcode")
@click.option("--coder", metavar="NAME", default=None,
              help="The coder the fork is handed to (recorded in it): --coder kari")
def fork(project: Path, output: Path, coder: str | None) -> None:
    """A copy of PROJECT for one coder to code on their own, to merge back later.

    The fork records its base (PROJECT's id and the last change of its log), so that a merge of two
    forks knows a code one side renamed from a code deleted and another added, and which codes each
    side created after the fork. PROJECT is not changed, except that it gets a project id if it has none.

    \b
    Example:
      qualcode fork samhandling.qualcode -o samhandling-kari.qualcode --coder kari
      qualcode fork samhandling.qualcode -o samhandling-ola.qualcode --coder ola
    """
    with Project(project) as opened:
        made = opened.team.fork(output, coder=coder)
    click.echo(f"forked {project} for {made.coder}: {made.path} (base {made.base}, change #{made.position})")


@cli.command()
@click.argument("first", type=_FILE)
@click.argument("second", type=_FILE)
@click.option("-o", "--output", required=True, type=_FILE,
              help="The merged project (a new file, or an earlier merge of the same two, unchanged since): "
                   "-o samhandling-felles.qualcode")
@click.option("--mapping", type=_FILE,
              help="A review file (.csv or .yaml) with your decisions: accept, reject or re-pair in its decision "
                   "column; its accepted pairs are merged. Example: --mapping samhandling-felles-review.csv")
@click.option("--accept-above", type=click.FloatRange(0, 100), metavar="SCORE",
              help="Accept every proposed pair scoring SCORE or more (0-100); a --mapping decision wins. "
                   "Example: --accept-above 90")
@click.option("--coders", multiple=True, metavar="MAP",
              help="Who is who when both projects carry a coder name: b:tester=ola renames B's tester, "
                   "a:tester=kari A's; tester=same says they are one person. Comma-separated or repeated: "
                   "--coders a:tester=kari,b:tester=ola")
@click.option("--review", type=_FILE,
              help="Where to write the review file (.csv or .yaml); default OUTPUT-review.csv beside the output. "
                   "Example: --review parene.yaml")
@coder_option
@json_option
def merge(first: Path, second: Path, output: Path, mapping: Path | None, accept_above: float | None,
          coders: tuple[str, ...], review: Path | None, coder: str | None, as_json: bool) -> None:
    """Merge two coders' projects into a new one: every coding of both kept, with its coder.

    FIRST and SECOND are only read (their bytes stay the same). Documents meet by their exact text,
    participants by label, codes by stable id and then by path; codes that only look alike are
    proposed, with a score and example units, and left unmerged (both kept, flagged) until you say so
    in the review file and give it back with --mapping, or use --accept-above. A document with the same
    label and another text is offered for alignment the same way. The report (also OUTPUT-merge.md)
    ends with the count of codings dropped: 0. Merge three or more projects in turn.

    \b
    Examples:
      qualcode merge samhandling-kari.qualcode samhandling-ola.qualcode -o felles.qualcode
      qualcode merge samhandling-kari.qualcode samhandling-ola.qualcode -o felles.qualcode \\
          --mapping felles-review.csv
      qualcode merge felles.qualcode samhandling-per.qualcode -o felles-3.qualcode --accept-above 90
    """
    from ..team.merge import CoderConflict, merge_projects

    wanted = list(coders)
    while True:
        try:
            report = merge_projects(first, second, output, mapping=mapping, accept_above=accept_above,
                                    coders=wanted, coder=coder, review=review)
            break
        except CoderConflict as conflict:
            if as_json or not _interactive():
                raise
            wanted += _ask_coders(conflict, second)
    _show(report, as_json)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_coders(conflict: CoderConflict, second: Path) -> list[str]:
    """On a terminal: ask who each shared coder name is, rather than fold two people into one."""
    click.echo(f"qualcode: {conflict}", err=True)
    answers = []
    for name in conflict.names:
        reply = click.prompt(f"{name!r} coded the same documents in both projects. Type a new name for "
                             f"{second.name}'s {name!r}, or 'same' if it is one person",
                             default=f"{name}-{second.stem}").strip()
        if not reply:
            raise QualcodeError("no answer; nothing was written")
        answers.append(f"{name}=same" if reply.casefold() == "same" else f"b:{name}={reply}")
    return answers


def _show(report: MergeReport, as_json: bool) -> None:
    from ..team.report import terminal_lines

    if as_json:
        print_json(dataclasses.asdict(report))
        return
    for line in terminal_lines(report):
        click.echo(line)
