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
    """Returns what was typed (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ask"):
            yield Label(Text(self.question), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Label(Text("Enter: done · Escape: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
