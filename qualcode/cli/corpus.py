"""Commands for the project and its transcripts: init, import, participants, documents, show, search."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..languages import LANGUAGES
from ..project import Project
from ..wording import plural
from . import cli
from .common import (
    PROJECT_ARGUMENT,
    coder_option,
    json_option,
    print_json,
    with_project,
)
from .exchange import with_project_or_archive


@cli.command()
@PROJECT_ARGUMENT
@click.option("--language", type=click.Choice(sorted(LANGUAGES)), default="nb", show_default=True,
              help="Language of the transcripts (tokens, sentences, lemmas, stop words).")
@coder_option
def init(project: Path, language: str, coder: str | None) -> None:
    """Create a new, empty project file (readable by you only).

    \b
    Example:
      qualcode init samhandling.qualcode --language nb
    """
    Project.create(project, language=language, coder=coder).close()
    click.echo(f"created {project} ({LANGUAGES[language]})")


@cli.command("import")
@with_project_or_archive  # a .qdpx among the files: a new project from that archive (cli/exchange.py)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--participants", "participants_csv", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of participants: label, then attribute columns (role, service ...); a `document` "
                   "column says whose interview each document is.")
@click.option("--participant", metavar="LABEL",
              help="Whose interview these files are, when the speaker labels do not say (Informant:, IP:, "
                   "Deltaker: ...), e.g. --participant K3.")
@click.option("--speaker-pattern", metavar="REGEX",
              help="Your own speaker-line pattern with (?P<speaker>...), matched at the start of each line.")
@click.option("--kind", type=click.Choice(["interview", "focus group", "field notes", "other"]),
              help="Kind of document (default: guessed from the number of speakers).")
def import_(project: Project, files: tuple[Path, ...], participants_csv: Path | None, participant: str | None,
            speaker_pattern: str | None, kind: str | None) -> None:
    """Import transcripts (.txt .md .docx .odt .vtt .srt), files or whole folders.

    Each file is imported whole or not at all; an identical file is never imported twice.
    The exit code is 1 when any file failed. A generic speaker label (Informant, IP, Deltaker ...)
    is the document's own participant: named by --participant, by the CSV's document column, or
    by a file name that starts with a label (K3.txt, K3-intervju.docx); the report names the rest.
    A REFI-QDA archive (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder or qualcode) makes a new project;
    the report says per kind what came in and what was skipped, and why (--json for scripts).

    \b
    Example:
      qualcode import samhandling.qualcode intervjuer/ --participants deltakere.csv
      qualcode import fra-nvivo.qualcode prosjekt.qdpx --language nb
      qualcode import samhandling.qualcode opptak-mars.txt --participant K3
      qualcode import samhandling.qualcode teams.vtt --speaker-pattern '(?P<speaker>\\w+) sier:'
    """
    from ..ingest.batch import expand_paths
    from ..ingest.turns import compile_speaker_pattern

    if speaker_pattern:
        compile_speaker_pattern(speaker_pattern)  # a bad pattern stops here, before any output
    total = len(expand_paths(files))
    show_bar = sys.stderr.isatty() and total > 1
    with click.progressbar(length=total, label="importing", file=sys.stderr if show_bar else io.StringIO()) as bar:
        report = project.documents.import_files(
            files, participant=participant, participants_csv=participants_csv, speaker_pattern=speaker_pattern,
            kind=kind, on_file=lambda _path: bar.update(1),
        )
    for failure in report.failed:
        click.echo(f"failed: {failure.path}: {failure.reason}", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped: {skipped}", err=True)
    for warning in report.warnings:  # imported, but a few bytes were replaced or a cue had no timing line
        click.echo(f"warning: {warning.path}: {warning.message}", err=True)
    _report_participants(project, report, participant)
    if report.encodings:
        click.echo(report.encodings_line())
    if participants_csv:
        _note_silent_participants(project)
    click.echo(f"imported {plural(len(report.imported), 'document')} ({report.words:,} words), "
               f"skipped {len(report.skipped)}, failed {len(report.failed)}")
    if report.failed:
        raise SystemExit(1)


@cli.command()
@with_project
@click.option("--import", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Add or update participants from a CSV (label, then attributes).")
@json_option
def participants(project: Project, csv_path: Path | None, as_json: bool) -> None:
    """List participants with their attributes, or import them from a CSV.

    \b
    Example:
      qualcode participants samhandling.qualcode --import deltakere.csv
      qualcode participants samhandling.qualcode --json
    """
    if csv_path:
        count = project.participants.import_csv(csv_path)
        click.echo(f"imported {count} participants from {csv_path}", err=as_json)
    found = project.participants.list()
    if csv_path:
        _note_silent_participants(project)
    if as_json:
        print_json(found)
        return
    for p in found:
        attributes = ", ".join(f"{k}: {v}" for k, v in p.attributes.items())
        click.echo(f"{p.label:<10} {p.documents:>3} docs {p.turns:>4} turns  {attributes}")


@cli.command()
@with_project
@click.option("--rename", nargs=2, metavar="OLD NEW",
              help="Give speaker OLD's turns the label NEW; a generic OLD (Informant) keeps its label and its "
                   "turns become participant NEW, one document at a time.")
@click.option("--document", help="Only in this document.")
@json_option
def speakers(project: Project, rename: tuple[str, str] | None, document: str | None, as_json: bool) -> None:
    """List the speaker labels of the transcripts, or rename one (say a Teams display name to I or K3).

    The stored text keeps what was typed; the turns get the new label and its participant. A generic
    label (Informant, IP, Deltaker ...) stands for each document's own participant: name it per document.

    \b
    Example:
      qualcode speakers samhandling.qualcode --rename "Kari Hansen" I --document teams-møte
      qualcode speakers samhandling.qualcode --document K3 --rename Informant K3
    """
    if rename:
        count = project.participants.rename_speaker(rename[0], rename[1], document=document)
        click.echo(f"{plural(count, 'turn')} of {rename[0]} now {rename[1]}", err=as_json)
    found = project.participants.speakers()
    if as_json:
        print_json(found)
        return
    for s in found:
        click.echo(f"{s.label:<20} {plural(s.documents, 'document'):<13} {plural(s.turns, 'turn'):<10} "
                   f"{_whose(s)}")


def _whose(speaker) -> str:
    from ..ingest.turns import is_generic_participant

    if speaker.participant:
        return f"participant {speaker.participant}"
    if is_generic_participant(speaker.label):
        return f"(nobody named yet: --document DOCUMENT --rename {speaker.label} K3)"
    return "(interviewer or no participant)"


def _report_participants(project: Project, report, participant: str | None) -> None:
    """Relabelled files, and who each document's generic speaker labels stand for (or that nobody said)."""
    import shlex

    for moved in report.relabelled:
        click.echo(f"labelled {moved.label}: {moved.path} (its name is taken by another file in this import)", err=True)
    for named in report.named_participants:
        click.echo(f"participant {named.participant}: {' and '.join(named.speakers)} in {named.document} "
                   f"(from {named.source})", err=True)
    for unnamed in report.unnamed_participants:
        speaker = unnamed.speakers[0]
        click.echo(f"unnamed: {' and '.join(unnamed.speakers)} in {unnamed.document} is nobody yet; name the "
                   f"participant: qualcode speakers {shlex.quote(str(project.path))} --document "
                   f"{shlex.quote(unnamed.document)} --rename {shlex.quote(speaker)} LABEL", err=True)
    if participant and report.imported and not report.named_participants:
        click.echo(f"note: --participant {participant} named nobody: no imported document has a generic speaker "
                   "label (Informant, IP, Deltaker ...) without a participant", err=True)


def _note_silent_participants(project: Project) -> None:
    silent = [p.label for p in project.participants.list() if not p.turns]
    if silent and project.documents.list():
        click.echo(f"note: no speaker in the documents is labelled {', '.join(silent)} (a typo?)", err=True)


@cli.command()
@with_project
@json_option
def documents(project: Project, as_json: bool) -> None:
    """List the project's documents.

    \b
    Example:
      qualcode documents samhandling.qualcode --json
    """
    found = project.documents.list()
    if as_json:
        print_json(found)
        return
    for d in found:
        speakers = ", ".join(d.speakers)
        click.echo(f"{d.label:<28} {d.kind:<12} {d.words:>6} words {d.turns:>4} turns  {speakers}")


@cli.command()
@with_project
@click.argument("document")
@json_option
def show(project: Project, document: str, as_json: bool) -> None:
    """Print a document's stored text with line numbers and speakers.

    \b
    Example:
      qualcode show samhandling.qualcode K1-intervju
    """
    found = project.documents.get(document)
    if as_json:
        print_json(found)
        return
    for number, _, speaker, line in found.lines():
        click.echo(f"{number:>5} {speaker:<10} {line}")


@cli.command()
@with_project
@click.argument("query")
@click.option("--exact", is_flag=True, help="Only the word as written, no inflections.")
@click.option("--limit", default=50, show_default=True, help="How many hits at most.")
@json_option
def search(project: Project, query: str, exact: bool, limit: int, as_json: bool) -> None:
    """Search the transcripts: inflections too (kommune finds kommunen, kommunene), best first.

    A trailing * matches the beginning of words (samarbeid* finds samarbeidsmøte).

    \b
    Example:
      qualcode search samhandling.qualcode kommune
      qualcode search samhandling.qualcode "samarbeid*" --json
    """
    hits = project.documents.search(query, exact=exact, limit=limit)
    if as_json:
        print_json(hits)
        return
    if not hits:
        click.echo("no hits", err=True)
    elif len(hits) == limit:
        click.echo(f"showing the best {limit} of {project.documents.count_hits(query, exact=exact)} sentences "
                   f"(--limit to see more)", err=True)
    for hit in hits:
        where = f"{hit.document}:{hit.line}"
        match = click.style(hit.match, bold=True, fg="yellow")
        click.echo(f"{where:<30} {hit.speaker:<8} {hit.left.rjust(52)}{match}{hit.right}")


@cli.command("settings")
@with_project
@click.option("--pipeline", metavar="NAME", help="Use this installed trained spaCy pipeline for new imports.")
@click.option("--no-pipeline", is_flag=True, help="Go back to the blank pipeline with simplemma lemmas.")
@json_option
def settings_(project: Project, pipeline: str | None, no_pipeline: bool, as_json: bool) -> None:
    """Show the project's settings, or choose the language pipeline.

    qualcode never downloads models: install a trained pipeline with pip first.

    \b
    Example:
      qualcode settings samhandling.qualcode --pipeline nb_core_news_sm
    """
    if pipeline or no_pipeline:
        project.use_trained_pipeline(None if no_pipeline else pipeline)
    values = {"language": project.language, "pipeline": project.trained_pipeline or "blank + simplemma",
              "coder": project.coder}
    if as_json:
        print_json(values)
        return
    for key, value in values.items():
        click.echo(f"{key:<10} {value}")
