"""Correct the selected passage of a transcript in place: the text as it should read, ctrl+s to keep it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class CorrectPassage(ModalScreen[str | None]):
    """Returns the corrected text, or None when nothing is to change."""

    BINDINGS = [Binding("ctrl+s", "keep", "Correct", id="correct-keep"),
                Binding("escape", "cancel", "Cancel", id="correct-cancel")]

    def __init__(self, document: str, passage: str) -> None:
        super().__init__()
        self.document = document
        self.passage = passage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Correct the passage in {self.document} (ctrl+s keeps it, Escape cancels; "
                             "units and turns follow their words, undo takes it back)"), classes="dialog-title")
            yield TextArea(self.passage, id="corrected", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(None if text == self.passage else text)

    def action_cancel(self) -> None:
        self.dismiss(None)
