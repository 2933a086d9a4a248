"""Step 3 for one subgroup: its units as text only, the condensate written as it is typed, the golden nugget."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from ...project import Project
from ...stc.step2_units import Unit
from ..messages import OpenPassage
from ..widgets.draft_fields import DraftArea, Finished
from .base import StepScreen


class SubgroupScreen(StepScreen):
    HELP = """Condense one subgroup: read its units as text only, then write the condensate, an
"artificial quotation" in the first person that keeps the informants' own words. Mark the units it
rests on (space), and the golden nugget (g): the one authentic quote that shows the subgroup best.
What you type is kept as you type it."""
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("g", "golden", "Golden nugget", id="golden"),
        Binding("space", "toggle_resting", "Rests on", id="toggle-resting"),
        Binding("o", "open_in_transcript", "In context", id="open-context"),
        Binding("s", "synthesis", "Synthesis", id="open-synthesis"),
        Binding("tab", "app.focus_next", "Editor/units", id="switch-focus", show=False),
    ]

    def __init__(self, project: Project | None = None, path: str = "") -> None:
        super().__init__()
        self.path = path
        self.code_id: int | None = None
        self.units: list[Unit] = []
        self.resting: set[int] = set()
        self.golden: int | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical():
            yield Label("", id="heading")
            yield DraftArea(id="condensate")
            yield DataTable(id="units", cursor_type="row")
            yield Static("", id="unit-text")

    def on_mount(self) -> None:
        self.title = self.path
        self.query_one(DataTable).add_columns("", "", "#", "Who", "Unit (decontextualised)")
        condensate = self.query_one(DraftArea)
        # writing the condensate is the work here once the units are read; the table takes g, o and space
        (condensate if not condensate.text else self.query_one(DataTable)).focus()

    def reload(self) -> None:
        project = self.project
        self.code_id = project.codebook.code_id(self.path)
        self.units = project.condensing.subgroup_units(self.path)
        condensation = project.condensing.get(self.path)
        heading = project.synthesizing.get(self.path).heading
        self.resting = {u.id for u in condensation.units}
        self.golden = condensation.golden.id if condensation.golden else None
        label = Text(heading or self.path, style="bold")
        label.append(f"\nCondensate, in the first person; it rests on {len(self.resting)} of {len(self.units)} "
                     "units (∗)", style="")
        self.query_one("#heading", Label).update(label)
        self.query_one(DraftArea).show("condensate", self.code_id, condensation.text)
        self._fill()

    def save(self, finished: Finished, *, units: list[int] | None = None) -> None:
        """A first condensate rests on all the subgroup's units until some are unmarked (space)."""
        if finished.field == "condensate" and not self.resting and units is None:
            units = [u.id for u in self.units] or None
        super().save(finished, units=units)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for unit in self.units:
            table.add_row("★" if unit.id == self.golden else "", "∗" if unit.id in self.resting else "",
                          str(unit.id), unit.participant or unit.speaker, Text(" ".join(unit.text.split())),
                          key=str(unit.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected_unit(self) -> Unit | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        unit_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        return next((u for u in self.units if u.id == unit_id), None)

    @on(DataTable.RowHighlighted)
    def _show_whole_unit(self) -> None:
        unit = self._selected_unit()
        if unit:
            where = f"{unit.participant or unit.speaker}, {unit.document} line {unit.line}"
            self.query_one("#unit-text", Static).update(Text(f"«{' '.join(unit.text.split())}» ({where})"))

    def action_golden(self) -> None:
        unit = self._selected_unit()
        if unit is None:
            return
        path, unit_id = self.path, unit.id
        self.write(lambda project: project.condensing.set(path, golden=unit_id), what="golden nugget",
                   done=lambda _: self.notify(f"golden nugget: unit {unit_id}"))

    def action_toggle_resting(self) -> None:
        unit = self._selected_unit()
        if unit is None:
            return
        resting = sorted(self.resting ^ {unit.id})
        path = self.path
        self.write(lambda project: project.condensing.set(path, unit_ids=resting), what="units of the condensate")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_in_transcript()

    def action_synthesis(self) -> None:
        from .synthesis import SynthesisScreen

        self.save_typing()
        self.app.push_screen(SynthesisScreen(self.project, self.path))

    def action_open_in_transcript(self) -> None:
        unit = self._selected_unit()
        if unit is not None:
            self.post_message(OpenPassage(unit.document, unit.start, unit.end, step=2))
