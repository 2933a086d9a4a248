"""Step 3 for one subgroup: its units as text only, the condensate, and the golden nugget."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static, TextArea

from ...errors import QualcodeError
from ...project import Project


class SubgroupScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+s", "save", "Save condensate", id="save-condensate"),
        Binding("g", "golden", "Golden nugget", id="golden"),
        Binding("o", "open_in_transcript", "In context", id="open-context"),
        Binding("s", "synthesis", "Synthesis", id="open-synthesis"),
        Binding("tab", "app.focus_next", "Editor/units", id="switch-focus", show=True),
    ]
    DEFAULT_CSS = """
    SubgroupScreen #condensate { height: 7; }
    SubgroupScreen #units { height: 1fr; }
    SubgroupScreen #unit-text { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    """

    def __init__(self, project: Project, path: str) -> None:
        super().__init__()
        self.project = project
        self.path = path
        self.units = project.condensing.subgroup_units(path)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Label("", id="heading")
            yield TextArea(id="condensate")
            yield DataTable(id="units", cursor_type="row")
            yield Static("", id="unit-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.path
        self.query_one(DataTable).add_columns("", "", "#", "Who", "Unit (decontextualised)")
        self.reload()
        condensate = self.query_one(TextArea)
        # writing the condensate is the work here once the units are read; the table takes the keys g and o
        (condensate if not condensate.text else self.query_one(DataTable)).focus()

    def reload(self) -> None:
        """Read the subgroup again (after undo, or coming back from another screen)."""
        self.units = self.project.condensing.subgroup_units(self.path)
        condensation = self.project.condensing.get(self.path)
        synthesis = self.project.synthesizing.get(self.path)
        resting = sum(1 for _ in condensation.units)
        self.query_one("#heading", Label).update(
            f"[b]{escape(synthesis.heading or self.path)}[/b]\nCondensate, first person ({resting} units marked ∗); "
            "ctrl+s saves · Tab switches to the units · g golden nugget · o in context · s synthesis")
        editor = self.query_one(TextArea)
        if editor.text != condensation.text:
            editor.text = condensation.text
        self._fill(condensation.golden.id if condensation.golden else None, {u.id for u in condensation.units})

    def on_screen_resume(self) -> None:
        self.reload()

    def _fill(self, golden: int | None, resting: set[int]) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for unit in self.units:
            table.add_row("★" if unit.id == golden else "", "∗" if unit.id in resting else "", str(unit.id),
                          unit.participant or unit.speaker, Text(" ".join(unit.text.split())), key=str(unit.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected_unit(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowHighlighted)
    def _show_whole_unit(self) -> None:
        unit_id = self._selected_unit()
        unit = next((u for u in self.units if u.id == unit_id), None)
        if unit:
            where = f"{unit.participant or unit.speaker}, {unit.document} line {unit.line}"
            self.query_one("#unit-text", Static).update(Text(f"«{' '.join(unit.text.split())}» ({where})"))

    def action_save(self) -> None:
        try:
            self.project.condensing.set(self.path, text=self.query_one(TextArea).text,
                                        unit_ids=[u.id for u in self.units])
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        self.reload()
        self.notify("condensate saved")

    def action_golden(self) -> None:
        unit_id = self._selected_unit()
        if unit_id is None:
            return
        self.project.condensing.set(self.path, golden=unit_id)
        self.reload()
        self.notify(f"golden nugget: unit {unit_id}")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_in_transcript()

    def action_synthesis(self) -> None:
        from .synthesis import SynthesisScreen

        self.app.push_screen(SynthesisScreen(self.project, self.path))

    def action_open_in_transcript(self) -> None:
        unit_id = self._selected_unit()
        unit = next((u for u in self.units if u.id == unit_id), None)
        if unit is None:
            return
        from .transcript import TranscriptScreen

        self.app.push_screen(TranscriptScreen(self.project, unit.document, unit.line, (unit.start, unit.end)))
