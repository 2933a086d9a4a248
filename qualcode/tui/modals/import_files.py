"""i on the home screen: import transcripts (files or a folder) with a participants CSV, who a generic
speaker label (Informant, IP ...) is, and a speaker pattern, as `qualcode import` takes them. Paths
complete as you type (→ at the end of the field takes the completion); the report lists each failure."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label

from ..widgets.key_bar import KeyBar
from .dialog import DialogBody, DialogScreen


class PathSuggester(Suggester):
    """Completes a path from what is on disk: the first name in its folder that starts with what is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, start = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
        try:
            names = sorted(entry.name + (os.sep if entry.is_dir() else "") for entry in os.scandir(folder)
                           if entry.name.startswith(start) and not entry.name.startswith("."))
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(start):]


@dataclass(frozen=True)
class ImportRequest:
    paths: list[Path]
    participants_csv: Path | None
    participant: str | None
    speaker_pattern: str | None


class ImportFiles(DialogScreen[ImportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import-cancel"),
                Binding("ctrl+s", "start", "Import", id="import-go")]

    def compose(self) -> ComposeResult:
        with DialogBody(classes="dialog import"):
            yield Label(Text("Import transcripts (as qualcode import does)", style="bold"))
            yield Label("Files or folders, separated by ; (→ takes the completion)")
            yield Input(placeholder="intervjuer/", suggester=PathSuggester(), id="paths")
            yield Label("Participants CSV: label, then attributes (optional)")
            yield Input(placeholder="deltakere.csv", suggester=PathSuggester(), id="participants")
            yield Label("Whose interviews these are, when the speaker is just Informant, IP ... (optional)")
            yield Input(placeholder="K3", id="participant")
            yield Label("Your own speaker pattern, a regular expression with (?P<speaker>...) (optional)")
            yield Input(placeholder=r"(?P<speaker>[A-Z]\d+):", id="pattern")
            with Horizontal(classes="dialog-buttons"):  # docked: in view however far the fields scroll
                yield Button("Import (ctrl+s)", variant="primary", id="go")
        yield KeyBar()  # the dialog's own keys, ctrl+s among them

    def on_mount(self) -> None:
        self.query_one("#paths", Input).focus(scroll_visible=False)

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.action_start()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pattern":
            self.action_start()
        else:
            self.focus_next()

    def action_start(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        paths = [Path(p.strip()).expanduser() for p in value("paths").split(";") if p.strip()]
        if not paths:
            self.notify("name the files or the folder to import", severity="warning")
            return
        csv = value("participants")
        self.dismiss(ImportRequest(paths, Path(csv).expanduser() if csv else None, value("participant") or None,
                                   value("pattern") or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


def report_lines(report) -> list[tuple[str, str]]:
    """(style, line) for an ImportReport, in `qualcode import`'s words: failures first, one line each."""
    from ...wording import plural

    lines = [("bold red", f"failed: {f.path}: {f.reason}") for f in report.failed]
    lines += [("yellow", f"skipped: {skipped}") for skipped in report.skipped]
    lines += [("yellow", f"warning: {w.path}: {w.message}") for w in report.warnings]
    lines += [("", f"labelled {m.label}: {m.path} (its name is taken by another file in this import)")
              for m in report.relabelled]
    lines += [("", f"participant {n.participant}: {' and '.join(n.speakers)} in {n.document} (from {n.source})")
              for n in report.named_participants]
    lines += [("yellow", f"unnamed: {' and '.join(u.speakers)} in {u.document} is nobody yet; name the participant "
                         f"with qualcode speakers PROJECT --document {u.document} --rename {u.speakers[0]} LABEL")
              for u in report.unnamed_participants]
    if report.encodings:
        lines.append(("dim", report.encodings_line()))
    lines.append(("bold", f"imported {plural(len(report.imported), 'document')} ({report.words:,} words), "
                          f"skipped {len(report.skipped)}, failed {len(report.failed)}"))
    return lines


class ImportReportScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="import-report-close")]

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog import-report"):
            yield Label(Text("The import", style="bold"))
            for style, line in self.lines:
                yield Label(Text(line, style=style))
            yield Label(Text("Enter closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
