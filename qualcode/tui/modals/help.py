"""F1 (or ?): what this step of the method asks of the researcher, and the keys that work here now,
read from the live bindings of the screen and the focused widget (so the help cannot drift from them)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def live_keys(screen: Screen) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(where, [(keys, what they do, why one would)]) for the keys active on the screen now: the focused
    widget's first; 'why' is the binding's tooltip (empty when it has none)."""
    app = screen.app
    groups: dict[str, dict[str, list[str]]] = {}
    tooltips: dict[str, str] = {}
    shown: dict[str, bool] = {}  # the keys the footer shows come first: they matter most
    order: list[str] = []
    for _, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if binding.system or not binding.description or not active.enabled:
            continue
        node = active.node
        where = ("Everywhere" if node is app else "On this screen" if node is screen
                 else f"In the {_widget_name(node)}")
        if where not in groups:
            groups[where] = {}
            order.append(where)
        description = binding.description
        groups[where].setdefault(description, []).append(app.get_key_display(binding))
        shown.setdefault(description, binding.show)
        if binding.tooltip:
            tooltips.setdefault(description, binding.tooltip)
    ordered = sorted(order, key=lambda w: (w == "Everywhere", w == "On this screen"))
    return [(where, [(" ".join(dict.fromkeys(keys)), what, tooltips.get(what, "")) for what, keys
                     in sorted(groups[where].items(), key=lambda item: not shown[item[0]])])
            for where in ordered]


def _widget_name(node: object) -> str:
    names = {"TranscriptView": "transcript", "CodebookTree": "codebook", "DataTable": "table",
             "DraftArea": "text field", "DraftInput": "text field", "TextArea": "text field", "Input": "text field",
             "OptionList": "list", "Tree": "tree"}
    for cls in type(node).__mro__:
        if cls.__name__ in names:
            return names[cls.__name__]
    return type(node).__name__


def help_text(screen: Screen) -> str:
    found = getattr(type(screen), "HELP", "") or (type(screen).__doc__ or "")
    return " ".join(found.split())


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", id="help-close")]

    def __init__(self, title: str, text: str, keys: Iterable[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__()
        self.heading = title
        self.text = text
        self.keys = list(keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text(self.heading, style="bold"))
            if self.text:
                yield Static(Text(self.text), classes="help-text")
            for where, keys in self.keys:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True)
                table.add_column(no_wrap=True)
                table.add_column(style="dim")
                for key, what, why in keys:
                    table.add_row(key, what, why)
                yield Static(Text(where, style="underline"), classes="help-where")
                yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
