"""A one-line question with a labelled field: a code's new name, its description, its colour."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class Ask(ModalScreen[str | None]):
    """Returns what was typed (Enter), or None (Escape). A prefilled value is kept: the cursor goes to its
    end and nothing is selected, so the first key adds to it instead of replacing it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ask"):
            yield Label(Text(self.question), classes="dialog-title", id="question")
            yield Input(value=self.value, placeholder=self.placeholder, select_on_focus=False, id="answer")
            yield Label(Text("Enter: done · Escape: cancel", style="dim"))

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
