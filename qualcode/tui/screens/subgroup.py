"""Step 3 for one subgroup: its units as text only, the condensate, and the golden nugget."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, TextArea

from ...errors import QualcodeError
from ...project import Project


class SubgroupScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+s", "save", "Save condensate", id="save-condensate"),
        Binding("g", "golden", "Golden nugget", id="golden"),
        Binding("o", "open_in_transcript", "In context", id="open-context"),
    ]
    DEFAULT_CSS = """
    SubgroupScreen #condensate { height: 8; }
    SubgroupScreen #units { height: 1fr; }
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
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.path
        condensation = self.project.condensing.get(self.path)
        synthesis = self.project.synthesizing.get(self.path)
        self.query_one("#heading", Label).update(
            f"[b]{synthesis.heading or self.path}[/b]  ·  condensate (first person), ctrl+s saves")
        self.query_one(TextArea).text = condensation.text
        table = self.query_one(DataTable)
        table.add_columns("", "#", "Who", "Unit (decontextualised)")
        self._fill(condensation.golden.id if condensation.golden else None)
        table.focus()

    def _fill(self, golden: int | None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for unit in self.units:
            mark = "★" if unit.id == golden else ""
            table.add_row(mark, str(unit.id), unit.participant or unit.speaker, " ".join(unit.text.split()),
                          key=str(unit.id))

    def _selected_unit(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def action_save(self) -> None:
        try:
            self.project.condensing.set(self.path, text=self.query_one(TextArea).text,
                                        unit_ids=[u.id for u in self.units])
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("condensate saved")

    def action_golden(self) -> None:
        unit_id = self._selected_unit()
        if unit_id is None:
            return
        self.project.condensing.set(self.path, golden=unit_id)
        self._fill(unit_id)
        self.notify(f"golden nugget: unit {unit_id}")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_in_transcript()

    def action_open_in_transcript(self) -> None:
        unit_id = self._selected_unit()
        unit = next((u for u in self.units if u.id == unit_id), None)
        if unit is None:
            return
        from .transcript import TranscriptScreen

        self.app.push_screen(TranscriptScreen(self.project, unit.document, unit.line, (unit.start, unit.end)))
