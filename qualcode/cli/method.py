"""Step 1 commands: themes, reading status, memos, word frequencies."""

from __future__ import annotations

from pathlib import Path

import click

from ..choices import MEMO_TARGETS, READING_STATES
from ..errors import QualcodeError
from ..project import Project
from . import cli
from .common import json_option, print_json, with_project


@cli.group()
def theme() -> None:
    """Preliminary themes from the total impression (step 1).

    \b
    Example:
      qualcode theme list samhandling.qualcode
    """


@theme.command("list")
@with_project
@json_option
def theme_list(project: Project, as_json: bool) -> None:
    """List the preliminary themes with their notes and sources.

    \b
    Example:
      qualcode theme list samhandling.qualcode --json
    """
    themes = project.impression.themes()
    if as_json:
        print_json(themes)
        return
    for t in themes:
        click.echo(f"#{t.id:<3} {t.title}")
        if t.note:
            click.echo("     " + t.note.replace("\n", "\n     "))
        for s in t.sources:
            passage = f" {s.start}-{s.end}: {(s.text or '')[:70]}" if s.start is not None else ""
            click.echo(f"     from {s.document}{passage}")


@theme.command("add")
@with_project
@click.argument("title")
@click.option("--note", default="", help="What the theme is about, and why.")
@click.option("--document", "documents", multiple=True, help="A document that prompted it (repeatable).")
def theme_add(project: Project, title: str, note: str, documents: tuple[str, ...]) -> None:
    """Add a preliminary theme.

    \b
    Example:
      qualcode theme add samhandling.qualcode "Uklare ansvarsforhold" --note "Går igjen" --document K1-intervju
    """
    theme_id = project.impression.add_theme(title, note=note, sources=[(d, None, None) for d in documents])
    click.echo(f"theme #{theme_id}: {title}")


@theme.command("from-guide")
@with_project
@click.argument("guide", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def theme_from_guide(project: Project, guide: Path) -> None:
    """Start the themes from an interview guide (Markdown or a plain outline): each topic a theme.

    \b
    Example:
      qualcode theme from-guide samhandling.qualcode corpora/guides/demo-nb-intervjuguide.md
    """
    from ..ingest.encoding import read_text_file

    ids = project.impression.themes_from_guide(read_text_file(guide))
    click.echo(f"added {len(ids)} themes from {guide.name}")


@theme.command("edit")
@with_project
@click.argument("theme_id", type=int)
@click.option("--title", default=None)
@click.option("--note", default=None)
def theme_edit(project: Project, theme_id: int, title: str | None, note: str | None) -> None:
    """Change a theme's title or note.

    \b
    Example:
      qualcode theme edit samhandling.qualcode 3 --title "Ansvar ved utskrivning"
    """
    project.impression.edit_theme(theme_id, title=title, note=note)
    click.echo(f"theme #{theme_id} updated")


@theme.command("link")
@with_project
@click.argument("theme_id", type=int)
@click.option("--document", required=True, help="The document that prompted the theme.")
@click.option("--start", type=int, default=None, help="The passage's first character (with --end).")
@click.option("--end", type=int, default=None, help="The passage's end (exclusive).")
def theme_link(project: Project, theme_id: int, document: str, start: int | None, end: int | None) -> None:
    """Note a document, or a passage of it, as what prompted a theme.

    \b
    Example:
      qualcode theme link samhandling.qualcode 3 --document K1-intervju --start 6840 --end 6923
    """
    project.impression.link_passage(theme_id, document, start, end)
    click.echo(f"theme #{theme_id}: from {document}" + (f" {start}-{end}" if start is not None else ""))


@theme.command("delete")
@with_project
@click.argument("theme_id", type=int)
def theme_delete(project: Project, theme_id: int) -> None:
    """Delete a theme (a code group made from it stays).

    \b
    Example:
      qualcode theme delete samhandling.qualcode 3
    """
    project.impression.delete_theme(theme_id)
    click.echo(f"theme #{theme_id} deleted")


@theme.command("to-group")
@with_project
@click.argument("theme_id", type=int)
def theme_to_group(project: Project, theme_id: int) -> None:
    """Turn a theme into a code group of the codebook (step 1 to step 2).

    \b
    Example:
      qualcode theme to-group samhandling.qualcode 3
    """
    click.echo(f"code group: {project.impression.theme_to_code_group(theme_id)}")


@cli.command()
@with_project
@click.argument("document", required=False)
@click.argument("status", required=False, type=click.Choice(READING_STATES))
@json_option
def reading(project: Project, document: str | None, status: str | None, as_json: bool) -> None:
    """Show reading progress, or set a document's status (unread, read, re-read).

    \b
    Example:
      qualcode reading samhandling.qualcode K1-intervju read
    """
    if document and status:
        project.impression.set_reading_status(document, status)
    elif document:
        raise QualcodeError("give the status too: unread, read or re-read")
    states = project.impression.reading_status()
    if as_json:
        print_json(states)
        return
    for label, state in states.items():
        click.echo(f"{state:<8} {label}")


@cli.command()
@with_project
@click.argument("text", required=False)
@click.option("--on", "target", default="project", metavar="KIND[:ID]",
              help=f"What the memo is about: {', '.join(MEMO_TARGETS)}, e.g. unit:12, document:K1-intervju or "
                   "passage:K1-intervju:120-180 (its character offsets, as `qualcode search --json` gives them).")
@json_option
def memo(project: Project, text: str | None, target: str, as_json: bool) -> None:
    """Write a memo (with TEXT) or list memos.

    \b
    Example:
      qualcode memo samhandling.qualcode "K2 er mer positiv enn de andre" --on document:K2-intervju
      qualcode memo samhandling.qualcode "Her snur det" --on passage:K2-intervju:1200-1310
      qualcode memo samhandling.qualcode --json
    """
    kind, _, ident = target.partition(":")
    start = end = None
    if kind == "passage":
        ident, start, end = _passage(ident)
    target_id = _memo_target(project, kind, ident) if ident else None
    if text:
        memo_id = project.impression.add_memo(text, kind=kind, target_id=target_id, start=start, end=end)
        click.echo(f"memo #{memo_id}")
        return
    memos = project.impression.memos(kind=kind if target != "project" else None, target_id=target_id)
    if as_json:
        print_json(memos)
        return
    names = {d.id: d.label for d in project.documents.list()}
    for m in memos:
        on = str(m.target_id) if m.target_id is not None else ""
        if m.target_kind in ("document", "passage") and m.target_id is not None:
            on = names.get(m.target_id, on)
        if m.target_kind == "passage":
            on += f":{m.start}-{m.end}"
        click.echo(f"#{m.id:<4} {m.target_kind}{':' + on if on else ''}  {m.author}  {m.text}")


def _passage(ident: str) -> tuple[str, int | None, int | None]:
    """DOCUMENT:START-END -> (document, start, end); a document alone lists the memos on its passages."""
    label, _, span = ident.rpartition(":")
    if not label:
        return ident, None, None
    first, _, last = span.partition("-")
    if not (first.isdigit() and last.isdigit()):
        raise QualcodeError("a passage is DOCUMENT:START-END, e.g. --on passage:K1-intervju:120-180")
    return label, int(first), int(last)


def _memo_target(project: Project, kind: str, ident: str) -> int:
    if kind in ("document", "passage"):
        return project.documents.get(ident).id
    if kind == "code":
        return project.codebook.code_id(ident)
    if not ident.isdigit():
        raise QualcodeError(f"{kind} memos take a number: --on {kind}:12")
    return int(ident)


@cli.command()
@with_project
@click.option("--by", type=click.Choice(["document", "group"]), default="document", show_default=True,
              help="Per document, or per participant group (K, H or the 'group' attribute).")
@click.option("--top", default=15, show_default=True)
@click.option("--keep-stop-words", is_flag=True,
              help="Count the stop words too (og, det, hva ...); spoken fillers and speaker labels stay out.")
@json_option
def frequencies(project: Project, by: str, top: int, keep_stop_words: bool, as_json: bool) -> None:
    """Most frequent words (lemmas; stop words, fillers and speaker labels left out), to help the first reading.

    \b
    Example:
      qualcode frequencies samhandling.qualcode --by group --top 10
    """
    found = project.impression.frequencies(by=by, top=top, keep_stop_words=keep_stop_words)
    if as_json:
        print_json(found)
        return
    for name, words in found.items():
        click.echo(f"{name}: " + ", ".join(f"{w} {n}" for w, n in words))
