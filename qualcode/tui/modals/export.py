"""F5: the chapter export with the CLI's options (`qualcode export docx|markdown`): the format and the
file, the chapter's number and title, quote marks, the participant table's columns, the body, the
appendix, sources and empty sections. Returns the path and the ChapterOptions, or None. A file that is
there already is replaced only after a question naming it (No: the dialog again, its choices kept).

The dialog opens with what was asked last in this session for the same project, so an export that
failed (a folder that is not there) is corrected, not typed again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select

from ...errors import QualcodeError
from ...export.chapter import BODIES, QUOTE_MARKS, ChapterOptions
from ..widgets.key_bar import KeyBar
from .confirm import Confirm
from .dialog import DialogBody, DialogScreen


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    options: ChapterOptions


_asked_last: dict[Path, ExportRequest] = {}  # project file -> its last request in this process


class TickBox(Checkbox):
    """A checkbox whose state reads without colour: ▐X▌ when on, ▐ ▌ when off."""

    def __init__(self, label: str, value: bool = False, **kwargs) -> None:
        super().__init__(label, value, **kwargs)
        self.BUTTON_INNER = self._inner(value)

    @staticmethod
    def _inner(on: bool) -> str:
        return "X" if on else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._inner(self.value)
        super().watch_value()


class ExportChapter(DialogScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel"),
                Binding("ctrl+s", "export", "Export", id="export-go")]

    def __init__(self, project_path: Path) -> None:
        super().__init__()
        self.project_path = project_path
        stem = project_path.with_name(f"{project_path.stem}-kapittel")
        self.start = _asked_last.get(project_path.resolve()) or ExportRequest(Path(f"{stem}.docx"), ChapterOptions())

    def compose(self) -> ComposeResult:
        path, options = self.start.path, self.start.options
        with DialogBody(classes="dialog export"):
            yield Label(Text("Export the results chapter (as qualcode export does)", style="bold"))
            yield Label("Format")
            yield Select([("Word (.docx)", "docx"), ("Markdown (.md)", "md")], allow_blank=False,
                         value="md" if path.suffix == ".md" else "docx", id="format")
            yield Label("File")
            yield self._field(str(path), id="path")
            with Horizontal(classes="export-row"):
                with Vertical(classes="export-half"):
                    yield Label("Chapter number (5 gives 5.1, 5.1.1)")
                    yield self._field(options.number, placeholder="5", id="number")
                with Vertical(classes="export-half"):
                    yield Label("Title (default: Resultater / Results)")
                    yield self._field(options.title, id="title")
            yield Label("Quote marks")
            yield Select([(marks, marks) for marks in QUOTE_MARKS], value=options.quote_marks, allow_blank=False,
                         id="quote-marks")
            yield Label("Body: the analytic text, the condensates, or both")
            yield Select([(body, body) for body in BODIES], value=options.body, allow_blank=False, id="body")
            yield Label("Participant table columns, comma-separated (empty: all)")
            yield self._field(",".join(options.attributes or []), placeholder="rolle,tjeneste", id="attributes")
            yield TickBox("Appendix: the codebook, and participants x code groups", options.appendix,
                          id="appendix")
            yield TickBox("Document and line after each quote's participant", options.show_source, id="source")
            yield TickBox("Also code groups and subgroups with nothing in them", options.include_empty,
                          id="include-empty")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="go")
        yield KeyBar()  # the dialog's own keys, ctrl+s among them

    @staticmethod
    def _field(value: str, **kwargs) -> Input:
        return Input(value=value, select_on_focus=False, **kwargs)  # Tab into it keeps what it holds

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus(scroll_visible=False)

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
        try:
            options.check()
        except QualcodeError as exc:  # said here, the dialog kept as it is, the field to mend in focus
            self.notify(str(exc), severity="error")
            self.query_one("#number" if "chapter number" in str(exc) else "#path", Input).focus()
            return
        request = ExportRequest(path, options)
        _asked_last[self.project_path.resolve()] = request
        if not path.is_file():
            self.dismiss(request)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(request)
            else:  # kept: the dialog again, as it was, the file name ready to be changed
                self.query_one("#path", Input).focus(scroll_visible=False)

        self.app.push_screen(Confirm(f"{path.name} is there already (in {path.parent}). Replace it with the chapter?",
                                     yes="y: replace it", no="n: keep it"), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
