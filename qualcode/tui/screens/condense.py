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
from textual.widgets import DataTable, Static, Tree
from textual.worker import get_current_worker

from ...codebook.model import join_path, split_path
from ...codebook.service import CodeInfo
from ...project import Project
from ...stc.step2_units import Unit
from ...wording import plural
from ..messages import OpenPassage
from ..modals.ask import Ask
from ..modals.choose import Choose
from ..widgets.codebook_tree import CodebookTree
from ..widgets.draft_fields import DraftArea, Finished
from ..widgets.table_cells import passage_cell
from .base import StepScreen, typing_in

PAGE = 100  # units added to the table at a time
NEAR_END = 20  # the cursor this close to the last row shown brings the next page
NEW_SUBGROUP = "\x00new"
WHO_WIDTH = 8  # the Who column at most; a longer label is cut (the text below the table names it whole)
UNIT_WIDTH = 16  # the unit text column at least


TEXT_WIDTH = 104  # the max-width of steps 3 and 4's right-hand side (qualcode.tcss); the tree may have the rest


def fit_tree(tree: CodebookTree, columns: int) -> None:
    """The codebook tree of steps 3 and 4: narrow on a small terminal; on a wide one as wide as its labels
    (names and counts) want, up to what the text beside it leaves over."""
    least = 26 if columns < 100 else 36 if columns < 150 else 48
    wanted = tree.virtual_size.width + 3  # its border and scrollbar
    tree.styles.width = max(least, min(wanted, columns - TEXT_WIDTH))


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


class UnitTable(DataTable):
    """The units; its keys act on the highlighted one, so they are live only here (the footer says so)."""

    BINDINGS = [
        Binding("m", "screen.move_unit", "Move to subgroup",
                tooltip="Move this unit to another subgroup, or to a new one", id="condense-move"),
        Binding("space", "screen.toggle_resting", "Rests on",
                tooltip="Choose whether the condensate rests on this unit", id="condense-resting"),
        Binding("g", "screen.golden", "Golden nugget",
                tooltip="Mark this unit the subgroup's golden nugget, its best quote", id="condense-golden"),
        Binding("enter", "select_cursor", "In context",
                tooltip="Open this unit in its transcript (recontextualise it)", id="condense-open"),
    ]


class CondenseScreen(StepScreen):
    STEP = 3
    HELP = """Step 3, condensation: for each code group, sort its units into a few subgroups (m moves the
highlighted unit to another subgroup, or a new one); read each subgroup's units as text only
(decontextualised), then write its condensate: an "artificial quotation" in the first person that keeps
the informants' words. A first condensate rests on all the subgroup's units (∗): space unmarks a unit it
does not rest on, or marks it again. g marks the golden nugget: the one authentic quote that shows the
subgroup best. Enter on a row of the tree opens it and the keys stay on the tree; e (or
Tab) goes into the condensate. What you type is kept as you type it; Tab or Escape leaves the editor."""
    BINDINGS = [
        Binding("e", "edit", "Edit",
                tooltip="Write this subgroup's condensate (Tab or Escape leaves it)", id="condense-edit"),
        Binding("tab", "next_field", "Next field",
                tooltip="Leave the condensate for the units (what you typed is kept)", id="condense-leave-field"),
        Binding("tab", "app.focus_next", "Next pane", show=False,
                tooltip="Move between the codebook, the condensate and the units", id="condense-next-pane"),
        Binding("escape", "leave_editor", "To the units",
                tooltip="Leave the condensate for the units (what you typed is kept)", id="condense-leave-editor"),
        Binding("s", "synthesis", "Synthesis", show=False,
                tooltip="Go on to step 4 with this subgroup", id="condense-synthesis"),
        Binding("m,g", "need_unit", show=False),  # the units table's keys, pressed elsewhere: say where they work
    ]

    def __init__(self) -> None:
        super().__init__()
        self.code: CodeInfo | None = None  # the group or subgroup on the right
        self.rows: list[Row] = []  # every unit read
        self.shown = 0  # how many of them the table holds
        self.resting: set[int] = set()
        self.golden: int | None = None
        self.loaded = False
        self._rows_of: int | None = None  # the code whose units the table holds
        self._columns: tuple[int, ...] | None = None  # the code level and widths the table's columns have

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        fit_tree(self.query_one(CodebookTree), self.size.width)
        self.call_after_refresh(self._refit)  # the units' columns to the width left

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="condense"):
            yield CodebookTree(max_level=1, id="codes")
            with Vertical(id="subgroup"):
                yield Static("", id="heading")
                editor = DraftArea(id="condensate")
                editor.border_title = "Condensate, in the first person"
                yield editor
                yield UnitTable(id="units", cursor_type="row")
                yield Static("", id="unit-text")

    def on_mount(self) -> None:
        self.sub_title = "Step 3 · condensation"
        self.watch(self.query_one(UnitTable), "scroll_y", self._scrolled, init=False)
        self.query_one(CodebookTree).focus()

    def reload(self) -> None:
        self.read_then(lambda reader: reader.codebook.tree(), self._show_tree, group="codebook")

    def _show_tree(self, tree: list[CodeInfo]) -> None:
        self.query_one(CodebookTree).show(tree)
        self.call_after_refresh(self._fit)  # its labels are measured once drawn
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
        self._open_code(event.node.data)

    @on(CodebookTree.CodeChosen, "#codes")
    def _chosen(self, event: CodebookTree.CodeChosen) -> None:
        """Enter on a row: that code on the right, and the keys stay on the tree (e goes into the text)."""
        self._open_code(event.code)

    def _open_code(self, code: CodeInfo | None) -> None:
        if isinstance(code, CodeInfo) and (self.code is None or code.id != self.code.id):
            self.save_typing()  # the condensate being typed belongs to the subgroup shown so far
            self.code = code
            self._read(code)

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
        heading = Text(code.path, style="bold")  # whole, since the tree beside it may cut the name
        if code.level == 1:
            resting = len(self.resting & {r.unit.id for r in self.rows})
            golden = " · golden nugget ★" if self.golden is not None else " · no golden nugget yet (g)"
            heading.append(f"\n{plural(len(self.rows), 'unit')} · rests on {resting} (∗){golden}", style="")
        else:
            subgroups = sum(1 for child in code.children if child.level == 1)
            # "1 unit in 3 subgroups" read as one unit in three places
            units = plural(len(self.rows), "unit")
            heading.append(f"\n{plural(subgroups, 'subgroup')}, {units} in all · m moves a unit", style="")
        self.query_one("#heading", Static).update(heading)
        editor = self.query_one(DraftArea)
        editor.display = code.level == 1
        table = self.query_one(UnitTable)
        row = table.cursor_row if self._rows_of == code.id else 0  # a reload keeps the place; a new code: the top
        self._rows_of = code.id
        self._fill(upto=max(PAGE, row + 1))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        else:
            self.query_one("#unit-text", Static).update("")
        if code.level == 1:  # the editor's text in a frame of its own: the units table is drawn first
            self.call_after_refresh(self._show_condensate, code.id, reading.condensate)
        else:
            self.loaded = True

    def _show_condensate(self, code_id: int, text: str) -> None:
        if self.is_attached and self.code is not None and self.code.id == code_id:
            self.query_one(DraftArea).show("condensate", code_id, text)
            self.loaded = True

    def _clear(self, why: str) -> None:
        self.rows, self.shown, self._rows_of = [], 0, None
        self.query_one(UnitTable).clear()
        self.query_one("#heading", Static).update(Text(why, style="dim"))
        self.query_one("#unit-text", Static).update("")
        self.query_one(DraftArea).display = False

    # the table: its unit column takes what the others leave

    def _column_widths(self, level: int) -> tuple[int, ...]:
        table = self.query_one(UnitTable)
        room = table.size.width or 60
        ids = max((len(str(r.unit.id)) for r in self.rows), default=1)
        who = min(WHO_WIDTH, max((len(r.unit.participant or r.unit.speaker) for r in self.rows), default=0))
        widths = [2] if level == 1 else []  # ★ golden nugget, ∗ rests on
        widths += [max(ids, 1), max(who, 3)]
        if level == 0:
            longest = max((len(split_path(r.subgroup)[-1]) for r in self.rows), default=8)
            widths.append(max(8, min(longest, room // 4)))
        used = sum(w + 2 * table.cell_padding for w in widths) + table.styles.scrollbar_size_vertical
        return (level, *widths, max(UNIT_WIDTH, room - used - 2 * table.cell_padding))

    def _fill(self, upto: int) -> None:
        """The table again, from the first row up to `upto`, its columns fitted to its width."""
        table = self.query_one(UnitTable)
        level = self.code.level if self.code is not None else 1
        columns = self._column_widths(level)
        if columns != self._columns:
            table.clear(columns=True)
            names = ("", "#", "Who") if level == 1 else ("#", "Who", "Subgroup")
            for name, width in zip((*names, "Unit (decontextualised)"), columns[1:], strict=True):
                table.add_column(name, width=width)
            self._columns = columns
        table.clear()
        self.shown = 0
        self._add_page(upto=upto)

    def _refit(self) -> None:
        """After a resize: the columns fitted to the new width (only when they change)."""
        if self.code is None or not self.rows or self._columns == self._column_widths(self.code.level):
            return
        table = self.query_one(UnitTable)
        row = table.cursor_row
        self._fill(upto=max(self.shown, row + 1))
        table.move_cursor(row=min(row, table.row_count - 1))

    def _add_page(self, upto: int | None = None) -> None:
        table = self.query_one(UnitTable)
        end = min(len(self.rows), upto if upto is not None else self.shown + PAGE)
        group_view = self._columns is not None and self._columns[0] == 0
        for row in self.rows[self.shown:end]:
            unit = row.unit
            who = passage_cell(unit.participant or unit.speaker, limit=WHO_WIDTH)
            cells: tuple[str | Text, ...]
            if group_view:
                cells = (str(unit.id), who, passage_cell(split_path(row.subgroup)[-1], limit=60))
            else:
                marks = ("★" if unit.id == self.golden else " ") + ("∗" if unit.id in self.resting else " ")
                cells = (marks, str(unit.id), who)
            table.add_row(*cells, passage_cell(unit.text), key=f"{unit.id}:{row.subgroup}")
        self.shown = end

    @on(DataTable.RowHighlighted, "#units")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.shown < len(self.rows) and event.cursor_row >= self.shown - NEAR_END:
            self._add_page()
        row = self._current()
        if row is not None:
            unit = row.unit
            where = f"{unit.participant or unit.speaker}, {unit.document} line {unit.line}"
            if self.code is not None and self.code.level == 0:
                where += f"; in {split_path(row.subgroup)[-1]}"
            self.query_one("#unit-text", Static).update(Text(f"«{' '.join(unit.text.split())}» ({where})"))

    def _scrolled(self, offset: float) -> None:
        table = self.query_one(UnitTable)
        if self.shown < len(self.rows) and offset >= table.max_scroll_y - NEAR_END:
            self._add_page()

    def _current(self) -> Row | None:
        table = self.query_one(UnitTable)
        if not table.row_count or table.cursor_row >= self.shown:
            return None
        return self.rows[table.cursor_row]

    # what the keys do

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_field", "leave_editor"):  # the footer says Tab and Escape leave a text field
            return typing_in(self.focused)
        if action == "edit":  # e goes into the condensate from elsewhere; in a text field it is a letter
            return not typing_in(self.focused)
        return True

    def action_edit(self) -> None:
        """Into the condensate, from the tree or the units (Enter on the tree leaves the keys there)."""
        if self.code is None or self.code.level != 1:
            self.notify("a code group has no condensate of its own: choose one of its subgroups", severity="warning")
            return
        self.query_one(DraftArea).focus()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_leave_editor(self) -> None:
        """Out of the condensate, to the units (the tree when there are none); what was typed is kept."""
        table = self.query_one(UnitTable)
        (table if table.row_count else self.query_one(CodebookTree)).focus()

    def action_need_unit(self) -> None:
        self.notify("m and g act on a unit: choose one in the table first (Tab goes there)", severity="warning")

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
        unit_id = row.unit.id

        def allowed() -> bool:
            self.project.condensing.check_move(unit_id, group)  # another coder's unit: refused in one line
            return True

        if not self.attempt(allowed):  # before any question: nothing to choose or name for a refused move
            return
        tree = self.project.codebook.tree()
        siblings = next((g.children for g in tree if g.name == group), ())
        choices = [(c.path, c.name) for c in siblings if c.path != row.subgroup]
        choices.append((NEW_SUBGROUP, "+ a new subgroup ..."))

        def move(target: str, create: bool) -> None:
            self.write(lambda project: project.condensing.move_unit(unit_id, target, create=create),
                       what="move unit", done=lambda _: self.notify(f"unit {unit_id} moved to {target}"))

        def named(name: str | None) -> None:
            if name and name.strip():
                move(join_path([group, name.strip()]), True)

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
                       {u.id for u in condensation.units}, condensation.golden.id if condensation.golden else None)
    rows = []
    for unit in project.units.list(code_path=code.path):
        places = sorted({join_path(split_path(c)[:2]) for c in unit.codes  # a name may hold a slash: m/
                         if split_path(c)[0] == code.name and len(split_path(c)) >= 2})
        rows += [Row(unit, place) for place in places] or [Row(unit, code.path)]
    rows.sort(key=lambda r: (r.subgroup, r.unit.document, r.unit.start))
    return Reading(code, rows, "", set(), None)
