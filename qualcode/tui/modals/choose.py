"""A dialog to choose one of a list (a document, a subgroup, a theme), filtered by what is typed; when
nothing matches, a line says so and Enter does nothing."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class Choose(ModalScreen[str | None]):
    """Returns the key of the chosen entry, or None. choices: (key, text shown)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel"),
                Binding("down", "down", show=False), Binding("up", "up", show=False)]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *, current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder="type to filter", id="filter")
            yield Label("", id="no-match")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self._fill("")
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        wanted = typed.casefold().split()
        options.add_options([Option(Text(text), id=key) for key, text in self.choices
                             if all(word in text.casefold() for word in wanted)])
        if options.option_count:
            options.highlighted = 0
        no_match = self.query_one("#no-match", Label)
        no_match.update(Text(f"Nothing matches «{typed.strip()}»" if typed.strip() else "Nothing to choose from",
                             style="italic"))
        no_match.display = not options.option_count
        options.display = bool(options.option_count)

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
