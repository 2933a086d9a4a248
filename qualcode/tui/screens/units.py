"""Mode 2, meaning units: a transcript read line by line, its units marked, coded from the codebook.

The transcript owns the selection; this screen decides what a selection becomes (a unit with a code),
keeps the codebook beside the text (every edit of it redraws the highlights), and moves between units.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from ...codebook.model import join_path, split_path
from ...codebook.service import CodeInfo, flatten
from ...models import Document
from ...project import Project
from ...stc.step2_units import Unit
from ..messages import OpenPassage
from ..modals.ask import Ask
from ..modals.choose import Choose
from ..modals.confirm import Confirm
from ..modals.pick_code import PickCode, Picked
from ..widgets.code_looks import code_looks
from ..widgets.codebook_tree import CodebookPanel, CodebookTree
from ..widgets.table_cells import short_quote
from ..widgets.transcript import GUTTER, TranscriptView, UnitMark
from .reading import ReadingScreen

WIDE = 120  # from this width on the codebook shows beside the text without asking
CODEBOOK_WIDTH, CODEBOOK_WIDEST = 42, 72  # the codebook beside the text: at least, at most


@dataclass(frozen=True)
class CodedText:
    """What step 2 reads beside the transcript: the codebook, and the transcript's units with their codes."""

    codes: list[CodeInfo]
    units: list[Unit]


class UnitsScreen(ReadingScreen):
    STEP = 2
    HELP = """Step 2, meaning units: read the transcript line by line and mark every passage that says
something about your research question (a meaning unit); sort each under a code of the codebook. Codes
sit under subgroups and code groups; a theme from step 1 becomes a code group. Select any span (a
sentence with n, a turn with ], or by character and word with the arrows, shift to extend, or drag the
mouse), then c codes it. The codebook beside the text (k) renames, moves, merges, splits, colours and
deletes codes; the highlights follow at once."""
    BINDINGS = [
        Binding("u", "unit(1)", "Next unit",
                tooltip="Select the next meaning unit in this transcript", id="units-next-unit"),
        Binding("U", "unit(-1)", "Previous unit", show=False,
                tooltip="Select the previous meaning unit", id="units-previous-unit"),
        Binding("x", "remove_code", "Remove a code", show=False,
                tooltip="Take a code off the unit under the cursor", id="units-remove-code"),
        Binding("w", "resize_unit", "Unit to the selection", show=False,
                tooltip="Widen or narrow the unit to the selection", id="units-resize"),
        Binding("k", "toggle_codebook", "Codebook",
                tooltip="Show or hide the codebook beside the text", id="units-codebook"),
        Binding("f3", "hit(1)", "Next search hit", show=False,
                tooltip="Jump to the next search hit", id="units-next-hit"),
        Binding("shift+f3", "hit(-1)", "Previous search hit", show=False,
                tooltip="Jump to the previous search hit", id="units-previous-hit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.units: list[Unit] = []
        self.codes: list[CodeInfo] = []
        self.resizing: int | None = None  # the unit last jumped to: w gives it the selection's span
        self.codebook_shown: bool | None = None  # None: as wide as the terminal allows

    def compose_body(self) -> ComposeResult:
        yield Static("", id="no-documents")
        with Horizontal(id="workbench"):
            yield TranscriptView(None, id="transcript")
            yield CodebookPanel(id="codebook")
        yield Static("", id="codes-here")

    def on_mount(self) -> None:
        view = self.query_one(TranscriptView)
        view.styles.max_width = self.qualcode.settings.text_width + GUTTER
        self._place_codebook()  # before the first reading: the text is wrapped once, at its final width

    def on_resize(self) -> None:
        self._place_codebook()

    def _place_codebook(self) -> None:
        """Beside the text on a wide terminal; on a narrow one the codebook takes the whole width while shown."""
        wide = self.size.width >= WIDE
        shown = self.codebook_shown if self.codebook_shown is not None else wide
        panel = self.query_one(CodebookPanel)
        panel.display = shown
        # beside the text the codebook takes what the text's readable width leaves (42 to 72 columns)
        spare = self.size.width - (self.qualcode.settings.text_width + GUTTER)
        panel.styles.width = max(CODEBOOK_WIDTH, min(spare, CODEBOOK_WIDEST)) if wide else "1fr"
        self.query_one(TranscriptView).display = wide or not shown

    def show_passage(self, label: str, start: int | None, end: int | None) -> None:
        """A passage asked for (a place to look, a search hit, the home screen) is to be read: on a narrow
        terminal the codebook, while shown, covers the text, so the text comes back in its place."""
        if not self.query_one(TranscriptView).display:
            self.codebook_shown = False
            self._place_codebook()
        super().show_passage(label, start, end)

    # reading the project (on the worker: see ReadingScreen)

    def read_more(self, reader: Project, document: Document | None) -> object:
        units = reader.units.list(document=document.label) if document is not None else []
        return CodedText(reader.codebook.tree(), units)

    def read_units(self, reader: Project, document: Document, more: object) -> list[UnitMark]:
        assert isinstance(more, CodedText)
        looks = code_looks(more.codes)
        return [UnitMark(u.id, u.start, u.end, tuple(looks[c] for c in u.codes if c in looks)) for u in more.units]

    def show_more(self, more: object) -> None:
        assert isinstance(more, CodedText)
        self.codes, self.units = more.codes, more.units
        self.query_one(CodebookPanel).show(self.codes)
        self._show_codes_here()

    @on(TranscriptView.SelectionChanged)
    def _selection_moved(self, event: TranscriptView.SelectionChanged) -> None:
        self._show_codes_here()

    def _show_codes_here(self) -> None:
        """Under the text: the line the cursor is on, and the codes of the units on it."""
        view = self.query_one(TranscriptView)
        here = view.cursor if view.cursor is not None else view.first_visible_offset()
        line = Text(" ")
        if self.document is not None:
            line.append(f"line {self.document.text.count(chr(10), 0, here) + 1}", style="dim")
            if view.highlight:
                line.append(f" · {view.highlight[1] - view.highlight[0]} characters selected", style="dim")
        for code in view.codes_on_line_of(here):
            line.append("  ")
            line.append(code.symbol, style=f"on {code.colour}")
            line.append(f" {code.name}")
        self.query_one("#codes-here", Static).update(line)

    # coding the selection

    def selection(self) -> tuple[int, int] | None:
        return self.query_one(TranscriptView).highlight if self.document is not None else None

    @on(TranscriptView.CodeRequested)
    def _code(self, event: TranscriptView.CodeRequested) -> None:
        if self.document is None:
            return
        span = event.span
        paths = [c.path for c in flatten(self.codes) if c.level >= 1]
        recent = self.project.codebook.recent()

        def picked(choice: Picked | None) -> None:
            if choice is not None:
                self.apply_code(choice.path, span, new=choice.new)

        self.app.push_screen(PickCode(paths, self.document.text[span[0]:span[1]], recent=recent), picked)

    def apply_code(self, path: str, span: tuple[int, int] | None = None, *, new: bool = False) -> None:
        """Code the span (the selection) with the code at path; a new code only when asked for."""
        span = span or self.selection()
        if self.document is None or span is None:
            self.notify("select a passage first", severity="warning")
            return
        label, (start, end) = self.document.label, span
        said = f"coded {path}" + (" (a new code)" if new else "")
        look = code_looks(self.codes).get(path)
        view = self.query_one(TranscriptView)
        # shown at once, before the write: a unit of the same span gets the code, otherwise a unit to be
        # (id 0) stands in; the write's answer puts the real unit there, and a failed write's reload drops it
        same = next((u for u in view.units if (u.start, u.end) == (start, end)), None)
        before = same.codes if same else ()
        view.set_units([*(u for u in view.units if u is not same),
                        UnitMark(same.unit_id if same else 0, start, end, (*before, *((look,) if look else ())))])

        def coded(unit_id: int) -> None:
            if self.document is not None and self.document.label == label:
                shown = next((u for u in view.units if u.unit_id in (unit_id, 0) and (u.start, u.end) == (start, end)),
                             None)
                codes = shown.codes if shown else (*before, *((look,) if look else ()))
                view.set_units([*(u for u in view.units if u.unit_id not in (unit_id, 0)),
                                UnitMark(unit_id, start, end, codes)])
            self.notify(f"unit {unit_id} {said}")

        self.write(lambda project: project.units.create(label, start, end, codes=[path], create_codes=new),
                   what="code unit", done=coded)

    # moving between units

    def action_unit(self, step: int) -> None:
        view = self.query_one(TranscriptView)
        if not view.units:
            self.notify("no units in this transcript yet", severity="warning")
            return
        here = view.highlight[0] if view.highlight else (view.cursor if view.cursor is not None
                                                         else view.first_visible_offset() - 1)
        marks = view.units
        target = (next((u for u in marks if u.start > here), None) if step > 0
                  else next((u for u in reversed(marks) if u.start < here), None))
        if target is None:
            self.notify("no more units this way in this transcript", severity="information")
            return
        view.select(target.start, target.end)
        self.resizing = target.unit_id

    @on(CodebookTree.CodeChosen)
    def _next_unit_of(self, event: CodebookTree.CodeChosen) -> None:
        """Enter on a code: its next unit after the cursor, in this transcript or the next that has one."""
        code = event.code
        if self.document is None:
            return
        view = self.query_one(TranscriptView)
        here = view.highlight[0] if view.highlight else (view.cursor or 0)
        units = self.attempt(lambda: self.project.units.list(code_path=code.path))
        if not units:
            self.notify(f"{code.name} holds no units yet", severity="information")
            return
        order = [d.label for d in self.project.documents.list()]
        position = order.index(self.document.label) if self.document.label in order else 0

        def after(unit: Unit) -> tuple[int, int]:
            index = order.index(unit.document) if unit.document in order else len(order)
            return ((index - position) % len(order), unit.start)

        later = [u for u in units if u.document != self.document.label or u.start > here]
        target = min(later or units, key=after)
        if target.document == self.document.label:
            view.select(target.start, target.end)  # the focus stays in the codebook: Enter again goes on
            self.resizing = target.id
            if not view.display:  # a narrow terminal: back to the text, to see the unit
                self.codebook_shown = False
                self._place_codebook()
                view.focus()
        else:
            if not view.display:
                self.codebook_shown = False
                self._place_codebook()
            self.post_message(OpenPassage(target.document, target.start, target.end, step=2))

    # changing units

    def _units_here(self) -> list[Unit]:
        view = self.query_one(TranscriptView)
        start, end = view.highlight or ((view.cursor, view.cursor + 1) if view.cursor is not None else (0, 0))
        ids = {u.unit_id for u in view.units_at(start, end)}
        return sorted((u for u in self.units if u.id in ids), key=lambda u: u.end - u.start)

    def _unit_to_change(self) -> tuple[Unit | None, list[Unit]]:
        """The unit x and w act on: the one last jumped to (u, a code's Enter) while the selection still
        touches it, else the one whose span the selection is, else the only one here; otherwise (None, here)."""
        here = self._units_here()
        view = self.query_one(TranscriptView)
        jumped = next((u for u in here if u.id == self.resizing), None)
        exact = next((u for u in here if view.highlight == (u.start, u.end)), None)
        chosen = jumped or exact or (here[0] if len(here) == 1 else None)
        return chosen, here

    def action_remove_code(self) -> None:
        """x: take a code off the unit being worked on; its last code takes the unit with it (asks first)."""
        unit, here = self._unit_to_change()
        if not here:
            self.notify("no unit here: move the cursor onto a coded passage", severity="warning")
            return
        if unit is None:  # several units here: which one is meant
            choices = [(str(u.id), f"unit {u.id} «{short_quote(u.text)}» {', '.join(u.codes)}") for u in here]
            self.app.push_screen(Choose("Remove a code from which unit?", choices),
                                 lambda key: self._remove_from(next(u for u in here if str(u.id) == key))
                                 if key else None)
            return
        self._remove_from(unit)

    def _remove_from(self, unit: Unit) -> None:
        unit_id = unit.id

        def remove(path: str | None) -> None:
            if path:
                self.write(lambda project: project.units.uncode(unit_id, path), what="uncode unit",
                           done=lambda _: self.notify(f"unit {unit_id}: {path} removed"))

        def delete(yes: bool | None) -> None:
            if yes:
                self.write(lambda project: project.units.delete(unit_id), what="delete unit",
                           done=lambda _: self.notify(f"unit {unit_id} removed with its code (ctrl+z brings it back)"))

        if len(unit.codes) == 1:
            question = (f"Remove unit {unit.id} «{short_quote(unit.text)}»? {unit.codes[0]} is its only code, "
                        "so the unit goes with it (ctrl+z brings it back).")
            self.app.push_screen(Confirm(question, yes="y: remove it", no="n: keep it"), delete)
        else:
            self.app.push_screen(Choose(f"Remove which code from unit {unit.id}?", [(c, c) for c in unit.codes]),
                                 remove)

    def action_resize_unit(self) -> None:
        """w: the unit last jumped to (u, or a code's Enter) takes the selection's span: widen or narrow it."""
        view = self.query_one(TranscriptView)
        if view.highlight is None:
            self.notify("select the new span first (u jumps to a unit, shift+arrows widen or narrow)",
                        severity="warning")
            return
        target = next((u.id for u in self.units if u.id == self.resizing), None)
        if target is None:
            unit, _ = self._unit_to_change()
            if unit is None:
                self.notify("jump to the unit to change with u first", severity="warning")
                return
            target = unit.id
        unit_id, (start, end) = target, view.highlight
        self.write(lambda project: project.units.resize(unit_id, start, end), what="resize unit",
                   done=lambda _: self.notify(f"unit {unit_id} is now {end - start} characters"))

    # the codebook beside the text

    def action_toggle_codebook(self) -> None:
        panel = self.query_one(CodebookPanel)
        if panel.display and not panel.has_focus:
            panel.focus()
            return
        self.codebook_shown = not panel.display
        self._place_codebook()
        (panel if panel.display else self.query_one(TranscriptView)).focus()

    @on(CodebookPanel.EditRequested)
    def _edit_codebook(self, event: CodebookPanel.EditRequested) -> None:
        code, kind = event.code, event.kind
        path = code.path
        if kind == "apply":
            if code.level == 0:
                self.notify("code units with a subgroup or a code, not a whole code group", severity="warning")
            else:
                self.apply_code(path)
        elif kind == "add":
            # a code's siblings share its parent; split as paths are written (a name may hold a slash: m/)
            names = split_path(path) if code.level < 2 else split_path(path)[:-1]
            parent = join_path(names)
            self._ask(f"A new code under {parent}:", "", lambda name: self._change(
                lambda p: p.codebook.add(join_path([*names, name])), f"added under {parent}"))
        elif kind == "rename":
            self._ask(f"New name for {path}:", code.name,
                      lambda name: self._change(lambda p: p.codebook.rename(path, name), f"renamed to {name}"))
        elif kind == "describe":
            self._ask(f"What {code.name} holds (inclusion, exclusion):", code.description,
                      lambda text: self._change(lambda p: p.codebook.describe(path, description=text),
                                                "description kept"))
        elif kind == "colour":
            self._ask(f"Colour of {code.name} (#4e79a7; empty: its group's):", code.colour,
                      lambda colour: self._change(lambda p: p.codebook.describe(path, colour=colour.strip()),
                                                  "colour kept"))
        elif kind == "move":
            self._move(code)
        elif kind == "merge":
            self._merge(code)
        elif kind == "split":
            self._split(code)
        elif kind == "delete":
            held = f"It holds {code.units} unit{'s' if code.units != 1 else ''}" + (
                f", which {'loses' if code.units == 1 else 'lose'} this code." if code.units else ".")
            if code.level < 2:  # groups and subgroups have a condensate and a synthesis: their words are kept
                below = " and its subgroups" if code.level == 0 else ""
                held += f" The condensate and synthesis text written for it{below} are kept as a project memo."
            def delete(yes: bool | None) -> None:
                if yes:
                    self._change(lambda p: p.codebook.delete(path, force=True), f"deleted {path}")

            self.app.push_screen(Confirm(f"Delete {path}? {held}", yes="y: delete it", no="n: keep it"), delete)

    def _ask(self, question: str, value: str, then) -> None:
        def answered(text: str | None) -> None:
            if text is not None and (text.strip() or "Colour" in question or "holds" in question):
                then(text.strip())

        self.app.push_screen(Ask(question, value=value), answered)

    def _change(self, job, said: str) -> None:
        self.write(job, what="change the codebook", done=lambda _: self.notify(said))

    def _move(self, code: CodeInfo) -> None:
        below = {c.id for c in flatten([code])}
        places = [("", "(the top: a code group of its own)")] + [
            (c.path, c.path) for c in flatten(self.codes) if c.level <= 1 and c.id not in below]
        path = code.path

        def moved(parent: str | None) -> None:
            if parent is not None:
                target = parent or None
                self._change(lambda p: p.codebook.move(path, target), f"moved under {parent or 'the top'}")

        self.app.push_screen(Choose(f"Move {code.name} (and what is under it) under:", places), moved)

    def _merge(self, code: CodeInfo) -> None:
        below = {c.id for c in flatten([code])}
        others = [(c.path, c.path) for c in flatten(self.codes) if c.id not in below]
        source = code.path

        def chosen(target: str | None) -> None:
            if not target:
                return

            def merge(yes: bool | None) -> None:
                if yes:
                    self._change(lambda p: p.codebook.merge(source, target), f"merged into {target}")

            self.app.push_screen(Confirm(f"Merge {source} into {target}? Its {code.units} units (and sub-codes, "
                                         "and a condensate) move there.", yes="y: merge", no="n: keep apart"), merge)

        self.app.push_screen(Choose(f"Merge {code.name} into:", others), chosen)

    def _split(self, code: CodeInfo) -> None:
        selected = [u.id for u in self._units_here() if code.path in u.codes
                    or any(c.startswith(code.path + "/") for c in u.codes)]
        if not selected:
            self.notify(f"select the units of {code.name} to split off first (they must overlap the selection)",
                        severity="warning")
            return
        path = code.path
        self._ask(f"A new code beside {code.name} for the {len(selected)} selected unit(s):", "",
                  lambda name: self._change(lambda p: p.codebook.split(path, name, selected), f"split off {name}"))

    # search hits

    def action_hit(self, step: int) -> None:
        """F3: the next hit of the last search (shift+F3 the one before), wherever it is."""
        hit = self.qualcode.next_hit(step)
        if hit is None:
            self.notify("no search yet: / searches", severity="information")
            return
        self.post_message(OpenPassage(hit.document, hit.start, hit.end, step=2))
        hits = self.qualcode.search_hits
        self.notify(f"hit {self.qualcode.search_index + 1} of {len(hits)}: {hit.document} line {hit.line}",
                    timeout=2)

