"""Commands for transcripts that change: document replace, correct, rename, delete, flagged; pseudonymise."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import QualcodeError
from ..project import Project
from ..wording import plural
from . import cli
from .common import json_option, print_json, with_project


@cli.group()
def document() -> None:
    """Change a stored transcript: every unit, turn and theme source follows its words (undo takes it back).

    \b
    Example:
      qualcode document replace samhandling.qualcode K1-intervju K1-intervju-rettet.docx
      qualcode document rename samhandling.qualcode K1-intervju K1
    """


@document.command("replace")
@with_project
@click.argument("label")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--speaker-pattern", metavar="REGEX", help="Your own speaker-line pattern, as for import.")
@json_option
def document_replace(project: Project, label: str, file: Path, speaker_pattern: str | None, as_json: bool) -> None:
    """Replace a transcript by a corrected version of it (.txt .md .docx .odt .vtt .srt).

    The texts are aligned and every unit keeps its place: a unit whose words were edited shows its new
    text, a unit whose words were all deleted is kept, collapsed where its text was, and flagged for review.
    The report lists every unit whose text changed, old beside new.

    \b
    Example:
      qualcode document replace samhandling.qualcode K1-intervju rettet/K1-intervju.docx
    """
    _report(project.documents.replace(label, file, speaker_pattern=speaker_pattern), as_json)


@document.command("correct")
@with_project
@click.argument("label")
@click.option("--start", type=click.IntRange(min=0), required=True, help="Where the passage starts (offset).")
@click.option("--end", type=click.IntRange(min=0), required=True, help="Where it ends (offset, not included).")
@click.option("--text", "new_text", required=True, help="What the passage should read.")
@json_option
def document_correct(project: Project, label: str, start: int, end: int, new_text: str, as_json: bool) -> None:
    """Correct one passage of a stored transcript in place (a transcriber's error).

    \b
    Example:
      qualcode document correct samhandling.qualcode K1-intervju --start 120 --end 127 --text kommunen
    """
    _report(project.documents.correct(label, start, end, new_text), as_json)


@document.command("rename")
@with_project
@click.argument("label")
@click.argument("new_label")
def document_rename(project: Project, label: str, new_label: str) -> None:
    """Give a document another label.

    \b
    Example:
      qualcode document rename samhandling.qualcode opptak-mars K3-intervju
    """
    click.echo(f"renamed {label} to {project.documents.rename(label, new_label)}")


@document.command("delete")
@with_project
@click.argument("label")
@click.option("--yes", is_flag=True, help="Delete without asking (for scripts).")
def document_delete(project: Project, label: str, yes: bool) -> None:
    """Delete a document with its units, codings and memos (qualcode undo brings it all back).

    \b
    Example:
      qualcode document delete samhandling.qualcode K7-intervju          # asks first
      qualcode document delete samhandling.qualcode K7-intervju --yes    # for scripts
    """
    contents = project.documents.contents(label)
    what = _contents(contents)
    if not yes:
        try:
            agreed = click.confirm(f"Delete {contents.label} with {what}?", err=True)
        except click.Abort:  # no one to answer (no terminal, or end of input)
            click.echo("", err=True)
            agreed = False
        if not agreed:
            raise QualcodeError(f"{contents.label} was not deleted (--yes deletes without asking)")
    project.documents.delete(label)
    click.echo(f"deleted {contents.label} with {what} (qualcode undo brings it back)")


@document.command("flagged")
@with_project
@click.option("--clear", "clear", type=int, metavar="UNIT", help="The unit is reviewed: take its flag off.")
@json_option
def document_flagged(project: Project, clear: int | None, as_json: bool) -> None:
    """Units whose words were all deleted by a replace or a correction, kept for review.

    \b
    Example:
      qualcode document flagged samhandling.qualcode
      qualcode document flagged samhandling.qualcode --clear 41     # reviewed; or delete it: qualcode uncode P 41
    """
    if clear is not None:
        project.documents.clear_review(clear)
        click.echo(f"unit {clear} reviewed")
        return
    flagged = project.documents.flagged_units()
    if as_json:
        print_json(flagged)
        return
    if not flagged:
        click.echo("no units flagged for review")
        return
    for unit in flagged:
        codes = f" [{'; '.join(unit.codes)}]" if unit.codes else ""
        click.echo(f"unit {unit.unit_id} {unit.document}@{unit.position}{codes}: {unit.review}")
    click.echo(f"{plural(len(flagged), 'unit')} waiting for review: a unit with no words left is no quote in the "
               "chapter and not among step 3's units (--clear UNIT once reviewed; qualcode uncode PROJECT UNIT "
               "deletes one)")


def _contents(contents) -> str:
    return (f"{plural(contents.units, 'unit')}, {plural(contents.codings, 'coding')} and "
            f"{plural(contents.memos, 'memo')}")


def _report(report, as_json: bool) -> None:
    if as_json:
        print_json({"document": report.document, "change": report.summary, "changed": report.changed,
                    "flagged": [c.unit_id for c in report.gone], "unchanged": report.unchanged,
                    "sentences": report.sentences, "turns": report.turns,
                    "theme_sources_moved": report.theme_sources_moved})
        return
    click.echo(f"{report.summary}: {plural(len(report.changed), 'unit')} changed, {report.unchanged} as they were; "
               f"{plural(report.sentences, 'sentence')}, {plural(report.turns, 'turn')}")
    for change in report.changed:
        codes = f" [{'; '.join(change.codes)}]" if change.codes else ""
        click.echo(f"unit {change.unit_id}{codes} {change.old_start}-{change.old_end} -> "
                   f"{change.new_start}-{change.new_end}")
        click.echo(f"  before: {_one_line(change.old_text)}")
        if change.gone:
            click.echo("  after:  (its words were deleted: kept, collapsed here, flagged for review)")
        else:
            click.echo(f"  after:  {_one_line(change.new_text)}")
    if report.gone:
        click.echo(f"flagged for review: {', '.join(str(c.unit_id) for c in report.gone)} "
                   "(qualcode document flagged PROJECT)")


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cli.command()
@with_project
@click.option("--propose", is_flag=True, help="Find what may identify someone and write a list to review.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --propose writes the list (CSV: term, count, documents, replacement, kind).")
@click.option("--names", "names_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Your own list of names to look for, one a line.")
@click.option("--apply", "apply_list", type=click.Path(dir_okay=False, path_type=Path),
              help="Replace every term of a reviewed list (rows with an empty replacement are left out).")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --apply writes the key (term -> replacement, counts): 0600, outside the project's folder.")
@click.option("--vacuum", is_flag=True, help="Rewrite the file again (when another window kept its WAL).")
@click.option("--yes", is_flag=True, help="Apply without asking (it cannot be undone).")
@json_option
def pseudonymise(project: Project, propose: bool, output: Path | None, names_file: Path | None,
                 apply_list: Path | None, key: Path | None, vacuum: bool, yes: bool, as_json: bool) -> None:
    """Replace names of people, places and services everywhere in the project, with a key kept apart.

    First --propose a list (speakers' and participants' real names, your --names, e-mail addresses, phone
    and national identity numbers, dates of birth, capitalised words that are not in the dictionary),
    review it (edit a replacement, empty it to leave a term alone), then --apply it. Afterwards the terms
    are nowhere in the project file, not in the audit log either; it cannot be undone.

    \b
    Example:
      qualcode pseudonymise samhandling.qualcode --propose -o navn.csv --names egne-navn.txt
      qualcode pseudonymise samhandling.qualcode --apply navn.csv --key ~/nøkler/samhandling-nøkkel.csv
    """
    pseudonyms = project.pseudonyms
    if sum(map(bool, (propose, apply_list, vacuum))) != 1:
        raise click.UsageError("give one of --propose, --apply LIST or --vacuum")
    if vacuum:
        done = pseudonyms.purge_free_space()
        click.echo("the file is rewritten and its WAL empty" if done else
                   "another window holds the project open: close it and run --vacuum again")
        return
    if propose:
        names = pseudonyms.read_names(names_file) if names_file else []
        proposals = pseudonyms.propose(names=names)
        if output:
            pseudonyms.write_proposals(proposals, output)
        if as_json:
            print_json(proposals)
        else:
            for p in proposals:
                click.echo(f"{p.term}\t{p.count}\t{p.replacement}\t{p.kind}\t{', '.join(p.documents)}")
            click.echo(f"{plural(len(proposals), 'term')} proposed" + (f", written to {output}" if output else
                                                                        " (-o FILE writes the list to review)"))
        return
    assert apply_list is not None
    if key is None:
        raise click.UsageError("--apply needs --key KEYFILE: where the key goes, outside the project's folder")
    pairs = pseudonyms.read_list(apply_list)
    if not yes:
        question = (f"Replace {plural(len(pairs), 'term')} everywhere in {project.path.name}? "
                    "This cannot be undone")
        try:
            agreed = click.confirm(question, err=True)
        except click.Abort:
            click.echo("", err=True)
            agreed = False
        if not agreed:
            raise QualcodeError("nothing was replaced (--yes applies without asking)")
    applied = pseudonyms.apply(pairs, key=key)
    if as_json:
        print_json(applied)
        return
    click.echo(f"replaced {plural(applied.replaced, 'hit')} of {plural(applied.terms, 'term')} in "
               f"{plural(len(applied.documents), 'document')}, and {plural(applied.other_places, 'other text')}; "
               f"{plural(applied.images_purged, 'image')} purged from the audit log; key: {applied.key} (0600)")
    if not applied.file_rewritten:
        click.echo("another window holds the project open: close it and run qualcode pseudonymise PROJECT --vacuum")
    if applied.kept_in_coder_names:
        click.echo(f"kept where the log names who did the work: {', '.join(applied.kept_in_coder_names)}")
    if applied.left:
        click.echo(f"warning: a term is still found in {', '.join(applied.left)}")
