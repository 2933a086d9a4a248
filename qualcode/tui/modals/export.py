"""F5: the chapter export with the CLI's options (`qualcode export docx|markdown`): the format and the
file, the chapter's number and title, quote marks, the participant table's columns, the body, the
appendix, sources and empty sections. Returns the path and the ChapterOptions, or None."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from ...export.chapter import BODIES, QUOTE_MARKS, ChapterOptions


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    options: ChapterOptions


class ExportChapter(ModalScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel"),
                Binding("ctrl+s", "export", "Export", id="export-go")]

    def __init__(self, project_path: Path) -> None:
        super().__init__()
        self.project_path = project_path

    def compose(self) -> ComposeResult:
        stem = self.project_path.with_name(f"{self.project_path.stem}-kapittel")
        with VerticalScroll(classes="dialog export"):
            yield Label(Text("Export the results chapter (as qualcode export does)", style="bold"))
            yield Label("Format")
            yield Select([("Word (.docx)", "docx"), ("Markdown (.md)", "md")], value="docx", allow_blank=False,
                         id="format")
            yield Label("File")
            yield Input(value=f"{stem}.docx", id="path")
            with Horizontal(classes="export-row"):
                with VerticalScroll(classes="export-half"):
                    yield Label("Chapter number (5 gives 5.1, 5.1.1)")
                    yield Input(placeholder="5", id="number")
                with VerticalScroll(classes="export-half"):
                    yield Label("Title (default: Resultater / Results)")
                    yield Input(id="title")
            yield Label("Quote marks")
            yield Select([(marks, marks) for marks in QUOTE_MARKS], value="auto", allow_blank=False, id="quote-marks")
            yield Label("Body: the analytic text, the condensates, or both")
            yield Select([(body, body) for body in BODIES], value="analysis", allow_blank=False, id="body")
            yield Label("Participant table columns, comma-separated (empty: all)")
            yield Input(placeholder="rolle,tjeneste", id="attributes")
            yield Checkbox("Appendix: the codebook and the participant x code-group matrix", id="appendix")
            yield Checkbox("Document and line after each quote's participant", id="source")
            yield Checkbox("Also code groups and subgroups with nothing in them", id="include-empty")
            yield Button("Export (ctrl+s)", variant="primary", id="go")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        field = self.query_one("#path", Input)
        path = Path(field.value)
        field.value = str(path.with_suffix(".docx" if event.value == "docx" else ".md"))

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        attributes = [a.strip() for a in self.query_one("#attributes", Input).value.split(",") if a.strip()]
        options = ChapterOptions(
            title=self.query_one("#title", Input).value.strip(),
            number=self.query_one("#number", Input).value.strip(),
            quote_marks=str(self.query_one("#quote-marks", Select).value),
            body=str(self.query_one("#body", Select).value),
            attributes=attributes or None,
            show_source=self.query_one("#source", Checkbox).value,
            appendix=self.query_one("#appendix", Checkbox).value,
            include_empty=self.query_one("#include-empty", Checkbox).value,
        )
        self.dismiss(ExportRequest(path, options))

    def action_cancel(self) -> None:
        self.dismiss(None)
