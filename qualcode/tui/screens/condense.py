"""Mode 3, condensation: a code group's units sorted into subgroups; per subgroup its units as text only,
the condensate written as it is typed, the units it rests on, and the golden nugget.

The units are read on a worker thread with a connection of its own and come into the table a page at
a time (as the synthesis screen does), so a code group with thousands of units opens at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static, Tree
from textual.worker import get_current_worker

from ...codebook.model import split_path
from ...codebook.service import CodeInfo
from ...project import Project
from ...stc.step2_units import Unit
from ..messages import OpenPassage
from ..modals.ask import Ask
from ..modals.choose import Choose
from ..widgets.codebook_tree import CodebookTree
from ..widgets.draft_fields import DraftArea, Finished
from ..widgets.table_cells import passage_cell
from .base import StepScreen

PAGE = 100  # units added to the table at a time
NEAR_END = 20  # the cursor this close to the last row shown brings the next page
NEW_SUBGROUP = "\x00new"


@dataclass(frozen=True)
class Row:
    unit: Unit
    subgroup: str  # the subgroup the unit is sorted into (its path)


@dataclass(frozen=True)
class Reading:
    """What the worker read for one code group or subgroup."""

    code: CodeInfo
    rows: list[Row]
    condensate: str
    resting: set[int]
    golden: int | None
    heading: str


class UnitTable(DataTable):
    """The units; Enter opens the highlighted one in its transcript (the footer says so)."""

    BINDINGS = [Binding("enter", "select_cursor", "In context",
                        tooltip="Open this unit in its transcript (recontextualise it)", id="condense-open")]


class CondenseScreen(StepScreen):
    STEP = 3
    HELP = """Step 3, condensation: for each code group, sort its units into a few subgroups (m moves the
highlighted unit to another subgroup, or a new one); read each subgroup's units as text only
(decontextualised), then write its condensate: an "artificial quotation" in the first person that keeps
the informants' words. Mark the units it rests on (space) and the golden nugget (g): the one authentic
quote that shows the subgroup best. What you type is kept as you type it."""
    BINDINGS = [
        Binding("m", "move_unit", "Move to subgroup",
                tooltip="Move this unit to another subgroup, or to a new one", id="condense-move"),
        Binding("space", "toggle_resting", "Rests on",
                tooltip="Choose whether the condensate rests on this unit", id="condense-resting"),
        Binding("g", "golden", "Golden nugget",
                tooltip="Mark this unit the subgroup's golden nugget, its best quote", id="condense-golden"),
        Binding("s", "synthesis", "Synthesis", show=False,
                tooltip="Go on to step 4 with this subgroup", id="condense-synthesis"),
        Binding("tab", "app.focus_next", "Next pane", show=False,
                tooltip="Move between the codebook, the condensate and the units", id="condense-next-pane"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.code: CodeInfo | None = None  # the group or subgroup on the right
        self.rows: list[Row] = []  # every unit read
        self.shown = 0  # how many of them the table holds
        self.resting: set[int] = set()
        self.golden: int | None = None
        self.loaded = False
        self._columns_for: int | None = None  # the code level the table's columns are for

    def on_resize(self) -> None:
        self.query_one(CodebookTree).styles.width = 26 if self.size.width < 100 else 36

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="condense"):
            yield CodebookTree(max_level=1, id="codes")
            with Vertical(id="subgroup"):
                yield Label("", id="heading")
                yield DraftArea(id="condensate")
                yield UnitTable(id="units", cursor_type="row")
                yield Static("", id="unit-text")

    def on_mount(self) -> None:
        self.sub_title = "Step 3 · condensation"
        self.watch(self.query_one("#units", DataTable), "scroll_y", self._scrolled, init=False)
        self.query_one(CodebookTree).focus()

    def reload(self) -> None:
        self.read_then(lambda reader: reader.codebook.tree(), self._show_tree, group="codebook")

    def _show_tree(self, tree: list[CodeInfo]) -> None:
        self.query_one(CodebookTree).show(tree)
        if self.code is not None:
            found = next((c for g in tree for c in (g, *g.children) if c.id == self.code.id), None)
            self.code = found
            if found is not None:
                self._read(found)
            else:
                self._clear("the code group or subgroup shown here was removed")

    # choosing what to show

    @on(Tree.NodeHighlighted, "#codes")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        code = event.node.data
        if isinstance(code, CodeInfo) and (self.code is None or code.id != self.code.id):
            self.save_typing()  # the condensate being typed belongs to the subgroup shown so far
            self.code = code
            self._read(code)

    @on(CodebookTree.CodeChosen, "#codes")
    def _chosen(self, event: CodebookTree.CodeChosen) -> None:
        if event.code.level == 1:
            self.query_one(DraftArea).focus()

    def show_subgroup(self, path: str) -> bool:
        """Put a subgroup on the right (the palette's 'Open subgroup ...'); False if there is none such."""
        tree = self.query_one(CodebookTree)
        try:
            code_id = self.project.codebook.code_id(path)
        except Exception:
            return False
        return tree.select_code(code_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="condense-read")
    def _read(self, code: CodeInfo) -> None:
        with Project(self.project.path, self.project.coder) as reader:  # a thread needs its own connection
            reading = _read_code(reader, code)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, reading)

    def _show(self, reading: Reading) -> None:
        if not self.is_attached or self.code is None or reading.code.id != self.code.id:
            return  # another code was chosen meanwhile
        code = reading.code
        self.rows, self.resting, self.golden = reading.rows, reading.resting, reading.golden
        heading = Text(reading.heading or code.path, style="bold")
        if code.level == 1:
            heading.append(f"\nCondensate, first person · {len(self.rows)} units, it rests on "
                           f"{len(self.resting & {r.unit.id for r in self.rows})} (∗) · golden nugget ★", style="")
        else:
            subgroups = len({r.subgroup for r in self.rows})
            heading.append(f"\n{len(self.rows)} units in {subgroups} subgroups · choose a subgroup to condense it"
                           " · m moves a unit", style="")
        self.query_one("#heading", Label).update(heading)
        editor = self.query_one(DraftArea)
        editor.display = code.level == 1
        if code.level == 1:
            editor.show("condensate", code.id, reading.condensate)
        table = self.query_one("#units", DataTable)
        row = table.cursor_row if self._columns_for == code.level else 0
        if self._columns_for != code.level:  # a code group's table names each unit's subgroup
            table.clear(columns=True)
            table.add_columns("", "", "#", *(("Subgroup",) if code.level == 0 else ()), "Who",
                              "Unit (decontextualised)")
            self._columns_for = code.level
        table.clear()
        self.shown = 0
        self._add_page(upto=max(PAGE, row + 1))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.loaded = True

    def _clear(self, why: str) -> None:
        self.rows, self.shown = [], 0
        self.query_one("#units", DataTable).clear()
        self.query_one("#heading", Label).update(Text(why, style="dim"))
        self.query_one(DraftArea).display = False

    def _add_page(self, upto: int | None = None) -> None:
        table = self.query_one("#units", DataTable)
        end = min(len(self.rows), upto if upto is not None else self.shown + PAGE)
        for row in self.rows[self.shown:end]:
            unit = row.unit
            subgroup = (Text(split_path(row.subgroup)[-1]),) if self._columns_for == 0 else ()
            table.add_row("★" if unit.id == self.golden else "", "∗" if unit.id in self.resting else "",
                          str(unit.id), *subgroup, unit.participant or unit.speaker,
                          passage_cell(unit.text), key=f"{unit.id}:{row.subgroup}")
        self.shown = end

    @on(DataTable.RowHighlighted, "#units")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.shown < len(self.rows) and event.cursor_row >= self.shown - NEAR_END:
            self._add_page()
        row = self._current()
        if row is not None:
            unit = row.unit
            where = f"{unit.participant or unit.speaker}, {unit.document} line {unit.line}"
            self.query_one("#unit-text", Static).update(Text(f"«{' '.join(unit.text.split())}» ({where})"))

    def _scrolled(self, offset: float) -> None:
        table = self.query_one("#units", DataTable)
        if self.shown < len(self.rows) and offset >= table.max_scroll_y - NEAR_END:
            self._add_page()

    def _current(self) -> Row | None:
        table = self.query_one("#units", DataTable)
        if not table.row_count or table.cursor_row >= self.shown:
            return None
        return self.rows[table.cursor_row]

    # what the keys do

    @on(DataTable.RowSelected, "#units")
    def _open(self) -> None:
        row = self._current()
        if row is not None:
            self.post_message(OpenPassage(row.unit.document, row.unit.start, row.unit.end, step=2))

    def save(self, finished: Finished, *, units: list[int] | None = None) -> None:
        """A first condensate rests on all its subgroup's units until some are unmarked (space)."""
        code = self.code
        if (finished.field == "condensate" and code is not None and finished.target == code.id
                and not self.resting and units is None):
            units = [r.unit.id for r in self.rows] or None
        super().save(finished, units=units)

    def _subgroup_only(self) -> CodeInfo | None:
        if self.code is None or self.code.level != 1:
            self.notify("choose a subgroup first (in the tree on the left)", severity="warning")
            return None
        return self.code

    def action_toggle_resting(self) -> None:
        code, row = self._subgroup_only(), self._current()
        if code is None or row is None:
            return
        resting = sorted((self.resting & {r.unit.id for r in self.rows}) ^ {row.unit.id})
        path = code.path
        self.write(lambda project: project.condensing.set(path, unit_ids=resting), what="units of the condensate")

    def action_golden(self) -> None:
        code, row = self._subgroup_only(), self._current()
        if code is None or row is None:
            return
        path, unit_id = code.path, row.unit.id
        self.write(lambda project: project.condensing.set(path, golden=unit_id), what="golden nugget",
                   done=lambda _: self.notify(f"golden nugget: unit {unit_id}"))

    def action_move_unit(self) -> None:
        row = self._current()
        if row is None or self.code is None:
            return
        group = split_path(row.subgroup)[0]
        tree = self.project.codebook.tree()
        siblings = next((g.children for g in tree if g.name == group), ())
        choices = [(c.path, c.name) for c in siblings if c.path != row.subgroup]
        choices.append((NEW_SUBGROUP, "+ a new subgroup ..."))
        unit_id = row.unit.id

        def move(target: str, create: bool) -> None:
            self.write(lambda project: project.condensing.move_unit(unit_id, target, create=create),
                       what="move unit", done=lambda _: self.notify(f"unit {unit_id} moved to {target}"))

        def named(name: str | None) -> None:
            if name and name.strip():
                move(f"{group}/{name.strip()}", True)

        def chosen(target: str | None) -> None:
            if target == NEW_SUBGROUP:
                self.app.push_screen(Ask(f"A new subgroup of {group} for unit {unit_id}:"), named)
            elif target:
                move(target, False)

        self.app.push_screen(Choose(f"Move unit {unit_id} to which subgroup of {group}?", choices), chosen)

    async def action_synthesis(self) -> None:
        if self.code is not None:
            self.save_typing()
            await self.qualcode.show_synthesis(self.code.path)


def _read_code(project: Project, code: CodeInfo) -> Reading:
    """A subgroup's units, or a code group's sorted by subgroup, with the subgroup's condensate."""
    if code.level == 1:
        units = project.condensing.subgroup_units(code.path)
        condensation = project.condensing.get(code.path)
        return Reading(code, [Row(u, code.path) for u in units], condensation.text,
                       {u.id for u in condensation.units}, condensation.golden.id if condensation.golden else None,
                       project.synthesizing.get(code.path).heading)
    rows = []
    for unit in project.units.list(code_path=code.path):
        places = sorted({"/".join(split_path(c)[:2]) for c in unit.codes
                         if split_path(c)[0] == code.name and len(split_path(c)) >= 2})
        rows += [Row(unit, place) for place in places] or [Row(unit, code.path)]
    rows.sort(key=lambda r: (r.subgroup, r.unit.document, r.unit.start))
    return Reading(code, rows, "", set(), None, project.synthesizing.get(code.path).heading)
