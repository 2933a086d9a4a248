"""A dialog to pick a code path (fuzzy-filtered), or type a new one."""

from __future__ import annotations

from rapidfuzz import fuzz
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


def rank_paths(query: str, paths: list[str], limit: int = 30) -> list[str]:
    """Best matches first, weighing the code's own name as much as its whole path."""
    query = query.lower()

    def score(path: str) -> float:
        whole = fuzz.partial_ratio(query, path.lower())
        return (whole + fuzz.partial_ratio(query, path.rsplit("/", 1)[-1].lower())) / 2

    scored = sorted(((score(p), p) for p in paths), key=lambda item: -item[0])
    return [path for value, path in scored[:limit] if value >= 60]


class PickCode(ModalScreen[str | None]):
    """Returns the chosen or typed code path, or None when cancelled."""

    DEFAULT_CSS = """
    PickCode { align: center middle; }
    PickCode > Vertical { width: 80; height: 22; border: thick $accent; background: $surface; padding: 0 1; }
    PickCode OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel"),
                Binding("down", "focus_options", show=False)]

    def __init__(self, paths: list[str], excerpt: str) -> None:
        super().__init__()
        self.paths = paths
        self.excerpt = excerpt

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Code: «{self.excerpt[:90]}{'…' if len(self.excerpt) > 90 else ''}»"))
            yield Input(placeholder="Group/Subgroup[/Code]: type to filter, or a new path", id="code-path")
            yield OptionList(*(Option(path, id=path) for path in self.paths), id="codes")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        query = event.value.strip()
        if not query:
            options.add_options([Option(path, id=path) for path in self.paths])
            return
        if "/" in query and query.lower() not in (p.lower() for p in self.paths):
            options.add_option(Option(f"+ new code: {query}", id=query))
        options.add_options([Option(path, id=path) for path in rank_paths(query, self.paths)])

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        typed = event.value.strip()
        if typed and "/" in typed:
            self.dismiss(typed)
        elif options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_options(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count and options.highlighted is None:
            options.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)
