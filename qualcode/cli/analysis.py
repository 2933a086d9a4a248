"""Steps 3 and 4 and the chapter: condense, synthesize, recontext, counts, export."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import QualcodeError
from ..export.chapter import BODIES, QUOTE_MARKS, ChapterOptions
from ..project import Project
from ..wording import plural
from . import cli
from .coding import _ids
from .common import echo_lines, json_option, print_json, with_project


@cli.command()
@with_project
@click.argument("subgroup")
@click.option("--text", help="The condensate: an artificial quotation in the first person.")
@click.option("--units", "unit_ids", help="Comma-separated ids of the units it rests on.")
@click.option("--golden", type=int, help="The golden-nugget unit: the quote that says it best.")
@click.option("--context", "context_of", type=int, help="Show one unit in its context (the turns around it).")
@json_option
def condense(project: Project, subgroup: str, text: str | None, unit_ids: str | None, golden: int | None,
             context_of: int | None, as_json: bool) -> None:
    """Set or show a subgroup's condensate, its units and its golden nugget (step 3).

    Without options it shows the subgroup: condensate, golden nugget, and every unit as text only.

    \b
    Example:
      qualcode condense samhandling.qualcode "Overganger/Utskrivning" --golden 12 \\
          --text "Jeg opplever at vi får beskjed for sent ..."
    """
    if context_of:
        for turn in project.condensing.context_of(context_of):
            click.echo(("» " if turn.holds_unit else "  ") + turn.text)
        return
    if text is not None or unit_ids is not None or golden is not None:
        project.condensing.set(subgroup, text=text, unit_ids=_ids(unit_ids) if unit_ids is not None else None,
                                golden=golden)
    condensation = project.condensing.get(subgroup)
    units = project.condensing.subgroup_units(subgroup)
    if as_json:
        print_json({"condensation": condensation, "units": units})
        return
    click.echo(f"{condensation.subgroup}\n")
    click.echo(f"Condensate: {condensation.text or '(not written yet)'}")
    if condensation.golden:
        nugget = condensation.golden
        click.echo(f"Golden nugget: #{nugget.id} «{nugget.text}» {nugget.participant or ''}")
    resting = {u.id for u in condensation.units}
    click.echo(f"\n{plural(len(units), 'unit')} (decontextualised; * = the condensate rests on it):")
    for u in units:
        mark = "*" if u.id in resting else " "
        click.echo(f"{mark} #{u.id:<5} «{' '.join(u.text.split())}» {u.participant or u.speaker}")


@cli.command()
@with_project
@click.argument("code")
@click.option("--heading", help="The heading: it states the finding.")
@click.option("--text", "analytic_text", help="The analytic text, in the third person.")
@click.option("--introduction", help="A short introduction (for a code group).")
@click.option("--quotes", help="Comma-separated unit ids of the illustrative quotes, in order.")
@click.option("--checked/--unchecked", default=None,
              help="Check off (or undo) that the synthesis was read back against the full transcripts.")
@json_option
def synthesize(project: Project, code: str, heading: str | None, analytic_text: str | None,
               introduction: str | None, quotes: str | None, checked: bool | None, as_json: bool) -> None:
    """Set or show the synthesis of a code group or subgroup (step 4).

    \b
    Example:
      qualcode synthesize samhandling.qualcode "Overganger/Utskrivning" \\
          --heading "Brå utskrivninger og sen varsling" --text "De fleste informantene ..." --quotes 12,4,9
    """
    if any(v is not None for v in (heading, analytic_text, introduction, quotes)):
        project.synthesizing.set(code, heading=heading, analytic_text=analytic_text, introduction=introduction,
                                  quotes=_ids(quotes) if quotes is not None else None)
    if checked is not None:
        project.synthesizing.mark_recontextualised(code, done=checked)
    synthesis = project.synthesizing.get(code)
    if as_json:
        print_json(synthesis)
        return
    click.echo(f"{synthesis.code}\nHeading: {synthesis.heading or '(none)'}")
    if synthesis.introduction:
        click.echo(f"Introduction: {synthesis.introduction}")
    click.echo(f"Analytic text: {synthesis.analytic_text or '(not written yet)'}")
    for unit in project.synthesizing.quotes_for_export(code):
        click.echo(f"  #{unit.id:<5} «{' '.join(unit.text.split())}» {unit.participant or unit.speaker}")
    click.echo("Read back against the transcripts: "
               + (f"yes, by {synthesis.checked_by} at {synthesis.checked_at}" if synthesis.checked_by else "not yet"))


RECONTEXT_LIMIT = 50


@cli.command()
@with_project
@click.argument("subgroup")
@click.option("--limit", type=click.IntRange(min=1), default=RECONTEXT_LIMIT, show_default=True,
              help="List at most this many places of each kind (the totals count them all). Example: --limit 200")
@click.option("--all", "show_all", is_flag=True,
              help="List every place (a big project has tens of thousands). Example: --all --json")
@json_option
def recontext(project: Project, subgroup: str, limit: int, show_all: bool, as_json: bool) -> None:
    """Where to look for contradicting data: other codes in the same turns, and uncoded turns
    of the subgroup's participants.

    Each list stops at --limit places (50) and says how many more there are; --all lists them all.
    The JSON holds the same lists with units_of_other_codes_total and uncoded_turns_total.

    \b
    Example:
      qualcode recontext samhandling.qualcode "Overganger/Utskrivning"
      qualcode recontext samhandling.qualcode "Overganger/Utskrivning" --all > steder.txt
    """
    found = project.synthesizing.recontext(subgroup, limit=None if show_all else limit)
    if as_json:
        print_json(found)
        return
    click.echo(f"{found.subgroup}: {found.units_of_other_codes_total} units of other codes in the same turns")
    echo_lines(f"  {p.document}:{p.line} {p.speaker}  [{', '.join(p.codes)}]  «{' '.join(p.text.split())[:100]}»"
               for p in found.units_of_other_codes)
    _more(found.units_of_other_codes_total - len(found.units_of_other_codes))
    click.echo(f"{found.uncoded_turns_total} turns of its participants with nothing coded")
    echo_lines(f"  {p.document}:{p.line} {p.speaker}  «{' '.join(p.text.split())}»" for p in found.uncoded_turns)
    _more(found.uncoded_turns_total - len(found.uncoded_turns))


def _more(left_out: int) -> None:
    if left_out > 0:
        click.echo(f"  ... and {left_out:,} more (--all lists them all, --limit N shows N)")


@cli.command()
@with_project
@json_option
def counts(project: Project, as_json: bool) -> None:
    """How many participants (and of which groups) contribute to each subgroup, and the
    participant x code-group matrix.

    \b
    Example:
      qualcode counts samhandling.qualcode
    """
    per_subgroup = project.synthesizing.counts()
    participants, groups, cells = project.synthesizing.matrix()
    if as_json:
        print_json({"subgroups": per_subgroup, "matrix": {
            "participants": participants, "code_groups": groups,
            "units": [[cells.get((p, g), 0) for g in groups] for p in participants]}})
        return
    empty = [c for c in per_subgroup if not c.participants]
    for c in per_subgroup:
        if c.participants:
            groups_text = ", ".join(f"{g} {n}/{total}" for g, (n, total) in c.by_group.items())
            click.echo(f"{c.phrase():<20} {groups_text:<28}  {c.subgroup}")
    if empty:
        click.echo(f"({len(empty)} subgroups without units left out)")
    click.echo("")
    click.echo("          " + " ".join(f"{i + 1:>4}" for i in range(len(groups))))
    for p in participants:
        click.echo(f"{p:<10}" + " ".join(f"{cells.get((p, g), 0):>4}" for g in groups))
    for i, g in enumerate(groups):
        click.echo(f"{i + 1:>4} = {g}")


@cli.group()
def export() -> None:
    """Export the results chapter.

    \b
    Example:
      qualcode export docx samhandling.qualcode -o exports/kapittel.docx
    """


def _chapter_options(command):
    options = [
        click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     help="Output file."),
        click.option("--title", default="", help="Chapter title (default: Resultater / Results)."),
        click.option("--number", default="", help="Chapter number: 5 gives headings 5.1, 5.1.1 ..."),
        click.option("--quote-marks", type=click.Choice(list(QUOTE_MARKS)), default="auto", show_default=True,
                     help="auto: ” ” for nb/nn/da/sv, “ ” for en, „ “ for de."),
        click.option("--body", type=click.Choice(BODIES), default="analysis", show_default=True,
                     help="Analytic text, condensates (for the team's working paper), or both."),
        click.option("--attributes", help="Participant table columns, comma-separated (default: all)."),
        click.option("--source", is_flag=True, help="Add document and line to each quote's attribution."),
        click.option("--appendix", is_flag=True, help="Append the codebook and the participant x code-group matrix."),
        click.option("--include-empty", is_flag=True, help="Also code groups and subgroups with nothing in them."),
        click.option("--agreement-rounds", is_flag=True,
                     help="Add a methods table of the kept agreement rounds (qualcode agreement --save)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _export(project: Project, fmt: str, output: Path, attributes: str | None, **kwargs) -> None:
    if output.exists() and output.is_dir():
        raise QualcodeError(f"{output} is a folder")
    options = ChapterOptions(attributes=[a.strip() for a in attributes.split(",")] if attributes else None,
                             show_source=kwargs.pop("source"), **kwargs)
    path = project.chapter.write(output, options=options, fmt=fmt)
    click.echo(str(path))


@export.command("docx")
@with_project
@_chapter_options
def export_docx(project: Project, output: Path, **kwargs) -> None:
    """The results chapter as a Word document: numbered headings, analytic text, attributed quotes.

    \b
    Example:
      qualcode export docx samhandling.qualcode -o exports/kapittel.docx --number 5 --quote-marks «» --appendix
    """
    _export(project, "docx", output, **kwargs)


@export.command("markdown")
@with_project
@_chapter_options
def export_markdown(project: Project, output: Path, **kwargs) -> None:
    """The results chapter as Markdown, with the same content as the Word export.

    \b
    Example:
      qualcode export markdown samhandling.qualcode -o exports/kapittel.md
    """
    _export(project, "md", output, **kwargs)
