"""The code picker: type to filter (rapidfuzz, recent codes first), Enter takes the highlighted row.

The row Enter will take is always highlighted, also while typing; when no row is left a line says
nothing matches, and Enter does nothing. A new code is never what Enter does
when an existing code matches: it is a row of its own ("+ new code ..."). It comes last while some code
holds the typed text whole (a half-typed path, …/Kjenn), and first when none does, so a whole new path
(…/Utskrivning og varsling/Uten medisiner) is not quietly given to its nearest fuzzy neighbour. Returns
the chosen path and whether it is a new code, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...codebook.model import split_path
from ...codebook.suggest import rank
from ...errors import QualcodeError

NEW = "\x00new:"  # the option id of the new-code row
HINT = "A new code: type its whole path, Group/Subgroup[/Code], and choose the + row."


@dataclass(frozen=True)
class Picked:
    path: str
    new: bool


class PickCode(ModalScreen[Picked | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker-cancel"),
                Binding("down", "move(1)", "Next", show=False, id="picker-down"),
                Binding("up", "move(-1)", "Previous", show=False, id="picker-up"),
                Binding("pagedown", "move(10)", show=False), Binding("pageup", "move(-10)", show=False)]

    def __init__(self, paths: Sequence[str], excerpt: str, *, recent: Sequence[str] = (),
                 title: str = "Code the passage") -> None:
        super().__init__()
        self.paths = list(paths)
        self.known = {p.casefold() for p in self.paths}
        self.recent = [p for p in recent if p in set(self.paths)]
        self.excerpt = " ".join(excerpt.split())
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            shown = self.excerpt if len(self.excerpt) <= 150 else self.excerpt[:149] + "…"
            yield Label(Text(f"{self.heading}: «{shown}»"), classes="dialog-title")
            yield Input(placeholder="type part of a name · ↑↓ · Enter takes the highlighted row",
                        id="code-path")
            yield Label("", id="no-match")
            yield OptionList(id="codes")
            yield Label(Text(HINT, style="dim"), id="picker-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        suggestions = rank(self.paths, typed, recent=self.recent, limit=40)
        rows = [Option(self._label(s.path, s.recent), id=s.path) for s in suggestions]
        wanted = typed.strip().strip("/")
        hint = self.query_one("#picker-hint", Label)
        hint.update(Text(HINT, style="dim"))
        if "/" in wanted and wanted.casefold() not in self.known:
            try:
                levels = len(split_path(wanted))
            except QualcodeError as error:  # A//B, or a path deeper than the codebook: no code to make
                levels = 0
                hint.update(Text(str(error), style="dim"))
            if levels >= 2:
                new_row = Option(Text(f"+ new code: {wanted}", style="bold"), id=NEW + wanted)
                if self._held_whole(wanted):
                    rows.append(new_row)
                else:
                    rows.insert(0, new_row)
        options.add_options(rows)
        if options.option_count:
            options.highlighted = 0
        # no rows: a line says so in their place (Enter has nothing to take and leaves the picker open)
        no_match = self.query_one("#no-match", Label)
        no_match.update(Text(f"No code matches «{typed.strip()}»" if typed.strip() else "No codes yet",
                             style="italic"))
        no_match.display = not rows
        options.display = bool(rows)

    def _held_whole(self, typed: str) -> bool:
        """Whether some code's path holds the typed text whole (rapidfuzz's partial score of 100 with the
        typed text the shorter): then the typing may still be on its way to that code."""
        wanted = typed.casefold()
        return any(wanted in path.casefold() for path in self.paths)

    def _label(self, path: str, recent: bool) -> Text:
        parts = split_path(path)
        label = Text("/".join(parts[:-1]) + "/", style="dim") if len(parts) > 1 else Text()
        label.append(parts[-1], style="bold")
        if recent:
            label.append("  recent", style="italic dim")
        return label

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._take(str(options.get_option_at_index(options.highlighted).id))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._take(str(event.option.id))

    def _take(self, option: str) -> None:
        if option.startswith(NEW):
            self.dismiss(Picked(option[len(NEW):], True))
        else:
            self.dismiss(Picked(option, False))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
