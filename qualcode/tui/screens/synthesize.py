"""Mode 4, synthesis: per code group and subgroup, the heading that states the finding, the analytic
text (and a group's introduction), the ordered illustrative quotes, who contributes, the chapter section
as it will be exported, and the read-back against the transcripts with the places to look one key away.

What is on the right is read on a worker with a connection of its own; the places to look come a page
at a time on a screen of their own (l), as the older synthesis screen shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Label, Markdown, Static, Tree
from textual.worker import get_current_worker

from ...codebook.model import join_path, split_path
from ...codebook.service import CodeInfo
from ...project import Project
from ...stc.step2_units import Unit
from ...stc.step4_synthesis import Passage
from ...wording import plural
from ..messages import OpenPassage
from ..modals.choose import Choose
from ..widgets.codebook_tree import CodebookTree
from ..widgets.draft_fields import DraftArea, DraftInput
from ..widgets.key_bar import KeyBar
from ..widgets.step_bar import StepBar
from ..widgets.table_cells import passage_cell
from .base import StepScreen, typing_in
from .condense import fit_tree

PAGE = 100  # places added to their table at a time
WIDTH_SAMPLE = 1_000  # places the columns are fitted to
NEAR_END = 20


@dataclass(frozen=True)
class Written:
    """What the worker read for one code group or subgroup."""

    code: CodeInfo
    heading: str
    introduction: str
    analytic_text: str
    chosen: bool  # quotes were chosen; else the chapter quotes every unit, the golden nugget first
    quotes: list[Unit]
    units: list[Unit]  # every unit of the subgroup (to add as a quote)
    counts: str  # who contributes: "6 units from 5 of 11 informants (K 3/6, H 2/5)"
    checked: str  # whether it was read back against the transcripts


class QuoteTable(DataTable):
    """The illustrative quotes in the chapter's order."""

    BINDINGS = [
        Binding("a", "screen.add_quote", "Add a quote",
                tooltip="Add an illustrative quote from this subgroup's units", id="quote-add"),
        Binding("x,delete", "screen.drop_quote", "Drop",
                tooltip="Drop this quote from the chapter (the unit stays)", id="quote-drop"),
        Binding("ctrl+up", "screen.move_quote(-1)", "Earlier",
                tooltip="Move this quote earlier in the chapter", id="quote-earlier"),
        Binding("ctrl+down", "screen.move_quote(1)", "Later",
                tooltip="Move this quote later in the chapter", id="quote-later"),
        Binding("enter", "select_cursor", "In context", tooltip="Open this quote in its transcript", id="quote-open"),
    ]


class SynthesizeScreen(StepScreen):
    STEP = 4
    HELP = """Step 4, synthesis: for each subgroup write a heading that states the finding and an analytic
text in the third person ("most informants described ..."), with illustrative quotes in the order the
chapter gives them; each code group gets an introduction. v shows the section as the chapter will.
Then read it back against the whole transcripts (recontextualisation): l lists the places to look for
contradicting data (other codes in the same turns, the informants' uncoded turns); ctrl+r checks it off.
Enter on a row of the tree opens it and the keys stay on the tree; e (or Tab) goes into the heading. Tab goes
from field to field, Escape back to the codebook; what you type is kept as you type it."""
    BINDINGS = [
        Binding("e", "edit", "Edit",
                tooltip="Write the heading and the text (Escape goes back to the codebook)", id="synthesis-edit"),
        Binding("tab", "next_field", "Next field",
                tooltip="Leave this field for the next one (what you typed is kept)", id="synthesis-leave-field"),
        Binding("tab", "app.focus_next", "Next field", show=False,
                tooltip="Move between the heading, the analytic text and the quotes", id="synthesis-next-field"),
        Binding("escape", "leave_field", "To the codebook",
                tooltip="Leave the text for the codebook tree (what you typed is kept)", id="synthesis-leave-text"),
        Binding("v", "preview", "Preview",
                tooltip="Preview this section as the chapter will print it", id="synthesis-preview"),
        Binding("l", "places", "Places to look",
                tooltip="Places to look for data that contradicts the synthesis", id="synthesis-places"),
        Binding("ctrl+r", "toggle_checked", "Read back ✓",
                tooltip="Mark the synthesis read back against the transcripts (or not)", id="synthesis-checked"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.code: CodeInfo | None = None
        self.written: Written | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="synthesis"):
            yield CodebookTree(max_level=1, id="codes")
            writing = VerticalScroll(id="writing")
            writing.can_focus = False  # Tab goes from field to field, not to the box around them
            with writing:
                yield Static("", id="summary")
                yield DraftInput(placeholder="Heading: the finding, in a sentence", id="heading")
                yield Label("Introduction of the code group", id="introduction-label", classes="field-label")
                yield DraftArea(id="introduction")
                yield Label("Analytic text, in the third person", classes="field-label")
                yield DraftArea(id="analytic")
                yield Label("", id="quotes-label", classes="field-label")
                yield QuoteTable(id="quotes", cursor_type="row")

    def on_mount(self) -> None:
        self.sub_title = "Step 4 · synthesis"
        self.query_one(QuoteTable).add_columns("", "#", "Who", "Quote")
        self.query_one(CodebookTree).focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        fit_tree(self.query_one(CodebookTree), self.size.width)

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

    @on(Tree.NodeHighlighted, "#codes")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._open_code(event.node.data)

    @on(CodebookTree.CodeChosen, "#codes")
    def _chosen(self, event: CodebookTree.CodeChosen) -> None:
        """Enter on a row: that code on the right, and the keys stay on the tree (e goes into the text)."""
        self._open_code(event.code)

    def _open_code(self, code: CodeInfo | None) -> None:
        if isinstance(code, CodeInfo) and (self.code is None or code.id != self.code.id):
            self.save_typing()  # what was typed belongs to the code shown so far
            self.code = code
            self.loaded = False
            self._read(code)

    def show_code(self, path: str) -> bool:
        """Put a code group or subgroup on the right (the palette's 'Write the synthesis of ...')."""
        try:
            code_id = self.project.codebook.code_id(path)
        except Exception:
            return False
        return self.query_one(CodebookTree).select_code(code_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="synthesis-read")
    def _read(self, code: CodeInfo) -> None:
        with Project(self.project.path, self.project.coder) as reader:  # a thread needs its own connection
            written = _read_written(reader, code)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, written)

    def _show(self, written: Written) -> None:
        if not self.is_attached or self.code is None or written.code.id != self.code.id:
            return
        self.written = written
        code = written.code
        summary = Text(written.counts, style="bold")  # first, so that a narrow terminal shows them whole
        summary.append(f"\n{code.path}\n{written.checked}", style="")
        self.query_one("#summary", Static).update(summary)
        self.query_one("#heading", DraftInput).show("synthesis.heading", code.id, written.heading)
        group = code.level == 0
        for name in ("#introduction", "#introduction-label"):
            self.query_one(name).display = group
        if group:
            self.query_one("#introduction", DraftArea).show("synthesis.introduction", code.id, written.introduction)
        self.query_one("#analytic", DraftArea).show("synthesis.analytic_text", code.id, written.analytic_text)
        quotes = self.query_one(QuoteTable)
        quotes.display = not group
        self.query_one("#quotes-label").display = not group
        row = quotes.cursor_row
        quotes.clear()
        for index, unit in enumerate(written.quotes, start=1):
            quotes.add_row(str(index), str(unit.id), unit.participant or unit.speaker,
                           passage_cell(unit.text), key=str(unit.id))
        if quotes.row_count:
            quotes.move_cursor(row=min(row, quotes.row_count - 1))
        label = ("Illustrative quotes, in the chapter's order (a adds, x drops, ctrl+↑↓ moves)" if written.chosen
                 else "No quotes chosen: the chapter quotes every unit, the golden nugget first (a, x, ctrl+↑↓ "
                      "make this list your own)")
        self.query_one("#quotes-label", Label).update(label)
        self.loaded = True

    # the fields: Tab and Escape leave them, what was typed kept

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_field", "leave_field"):  # the footer names them only while one is typing
            return typing_in(self.focused)
        if action == "edit":  # e goes into the heading from elsewhere; in a text field it is a letter
            return not typing_in(self.focused)
        return True

    def action_edit(self) -> None:
        """Into the heading, from the tree or the quotes (Enter on the tree leaves the keys there)."""
        if self.code is not None:
            self.query_one("#heading", DraftInput).focus()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_leave_field(self) -> None:
        self.query_one(CodebookTree).focus()

    # quotes: each change is the domain's, and says what it did (undo says the same)

    def _change_quotes(self, change: Callable[[Project, str], str]) -> None:
        if self.code is None:
            return
        path = self.code.path
        self.write(lambda project: change(project, path), what="quotes", done=self.notify)

    def _quote_ids(self) -> list[int]:
        return [u.id for u in self.written.quotes] if self.written else []

    def action_add_quote(self) -> None:
        if self.written is None or self.code is None or self.code.level == 0:
            return
        present = set(self._quote_ids())
        choices = [(str(u.id), f"{u.participant or u.speaker}: {' '.join(u.text.split())[:100]}")
                   for u in self.written.units if u.id not in present]
        if not choices:
            self.notify("every unit of the subgroup is a quote already", severity="information")
            return

        def added(chosen: str | None) -> None:
            if chosen:
                unit_id = int(chosen)
                self._change_quotes(lambda project, path: project.synthesizing.add_quote(path, unit_id))

        self.app.push_screen(Choose("Add which unit as a quote?", choices), added)

    def action_drop_quote(self) -> None:
        table = self.query_one(QuoteTable)
        ids = self._quote_ids()
        if not ids or table.cursor_row >= len(ids):
            return
        dropped = ids[table.cursor_row]
        self._change_quotes(lambda project, path: project.synthesizing.drop_quote(path, dropped))

    def action_move_quote(self, step: int) -> None:
        table = self.query_one(QuoteTable)
        ids = self._quote_ids()
        here = table.cursor_row
        there = here + step
        if not ids or not 0 <= there < len(ids):
            return
        moved = ids[here]
        self._change_quotes(lambda project, path: project.synthesizing.move_quote(path, moved, step))
        table.move_cursor(row=there)  # the cursor goes with the quote

    @on(DataTable.RowSelected, "#quotes")
    def _open_quote(self, event: DataTable.RowSelected) -> None:
        unit = next((u for u in (self.written.quotes if self.written else []) if str(u.id) == event.row_key.value),
                    None)
        if unit is not None:
            self.post_message(OpenPassage(unit.document, unit.start, unit.end, step=2))

    # the read-back, the places to look, the preview

    def action_toggle_checked(self) -> None:
        if self.code is None:
            return
        path = self.code.path

        def toggle(project: Project) -> bool:
            done = not project.synthesizing.get(path).checked_by
            project.synthesizing.mark_recontextualised(path, done=done)
            return done

        self.write(toggle, what="read back", done=lambda done: self.notify(
            "read back against the transcripts" if done else "read-back check removed"))

    def action_places(self) -> None:
        if self.code is None or self.code.level == 0:
            self.notify("the places to look are a subgroup's: choose one", severity="warning")
            return
        self.save_typing()
        self.app.push_screen(PlacesScreen(self.project, self.code.path))

    def action_preview(self) -> None:
        if self.code is None:
            return
        self.save_typing()
        self.app.push_screen(PreviewScreen(self.project, self.code))


def _read_written(project: Project, code: CodeInfo) -> Written:
    synthesis = project.synthesizing.get(code.path)
    checked = (f"read back by {synthesis.checked_by} {(synthesis.checked_at or '')[:10]}" if synthesis.checked_by
               else "not yet read back against the transcripts (l: places to look; ctrl+r: done)")
    units = plural(code.units, "unit")
    if code.level == 0:
        return Written(code, synthesis.heading, synthesis.introduction, synthesis.analytic_text, False, [], [],
                       f"{units} in {plural(len(code.children), 'subgroup')}", checked)
    count = next((c for c in project.synthesizing.counts() if c.subgroup == code.path), None)
    counts = units
    if count is not None:
        groups = ", ".join(f"{g} {n}/{total}" for g, (n, total) in count.by_group.items())
        counts = f"{units} from {count.phrase()}" + (f" ({groups})" if groups else "")
    quotes = list(synthesis.quotes) or project.synthesizing.quotes_for_export(code.path)
    return Written(code, synthesis.heading, synthesis.introduction, synthesis.analytic_text, bool(synthesis.quotes),
                   quotes, project.condensing.subgroup_units(code.path), counts, checked)


class PlacesScreen(StepScreen):
    """Where to look for contradicting data, for one subgroup; Enter opens the transcript there.

    The text column has what the others leave, and the highlighted place is shown whole below the table."""

    HELP = """Recontextualisation: read the synthesis back against the whole transcripts. These are the
places to look for data that contradicts it: units of other codes in the same turns, and the turns of the
subgroup's informants where nothing is coded. Enter opens one in its transcript."""
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back to the synthesis", id="places-back")]

    def __init__(self, project: Project, path: str) -> None:
        super().__init__()  # project: the app's own (StepScreen.project), as the caller passes
        self.path = path
        self.all_places: list[tuple[str, Passage]] = []  # (why to look, where): other codes, then uncoded turns
        self.shown = 0
        self._columns: tuple[int, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar(4)
        yield Label("", id="places-title")
        yield DataTable(id="places", cursor_type="row")
        yield Static("", id="place-text")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = f"Places to look · {self.path}"
        table = self.query_one(DataTable)
        table.loading = True
        table.focus()
        self._read()

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="places-read")
    def _read(self) -> None:
        with Project(self.project.path, self.project.coder) as reader:
            found = reader.synthesizing.recontext(self.path)
        places = [*found.units_of_other_codes, *found.uncoded_turns]
        self.app.call_from_thread(self._show, [(_look_at(p), p) for p in places])

    def _show(self, places: list[tuple[str, Passage]]) -> None:
        self.all_places = places
        table = self.query_one(DataTable)
        table.loading = False
        self._fill(PAGE)
        if not table.size.width:  # the places came before the table's first layout: fitted to 80 columns
            self.call_after_refresh(self._refit)

    def _column_widths(self) -> tuple[int, ...]:
        table = self.query_one(DataTable)
        room = table.size.width or 80
        cap = max(8, room // 7)  # the kind and the place together take a third at most

        def longest(values: list[str], at_most: int, at_least: int) -> int:
            return max(at_least, min(at_most, max(map(len, values), default=0)))

        sample = self.all_places[:WIDTH_SAMPLE]  # measured on the first rows: 100,000 places held the screen
        widths = (longest([kind for kind, _ in sample], cap, 7),
                  longest([_where(p, room) for _, p in sample], room // 5, 5),
                  longest([p.speaker for _, p in sample], 8, 3))
        used = sum(w + 2 * table.cell_padding for w in widths) + table.styles.scrollbar_size_vertical
        return (*widths, max(16, room - used - 2 * table.cell_padding))

    def _fill(self, upto: int) -> None:
        table = self.query_one(DataTable)
        columns = self._column_widths()
        if columns != self._columns:
            table.clear(columns=True)
            for name, width in zip(("Look at", "Where", "Who", "Text"), columns, strict=True):
                table.add_column(name, width=width)
            self._columns = columns
        table.clear()
        self.shown = 0
        self._add_page(upto)

    def _refit(self) -> None:
        if not self.all_places or self._columns == self._column_widths():
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._fill(max(self.shown, row + 1))
        table.move_cursor(row=min(row, table.row_count - 1))

    def _add_page(self, count: int | None = None) -> None:
        table = self.query_one(DataTable)
        for kind, passage in self.all_places[self.shown:self.shown + (count or PAGE)]:
            table.add_row(passage_cell(kind), _where(passage, self._columns[1] if self._columns else 80),
                          passage_cell(passage.speaker), passage_cell(passage.text), key=str(self.shown))
            self.shown += 1
        more = f"; {self.shown:,} shown, more as you go down" if self.shown < len(self.all_places) else ""
        self.query_one("#places-title", Label).update(
            f" {len(self.all_places):,} places to look for contradicting data (Enter opens one){more}")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.shown < len(self.all_places) and event.cursor_row >= self.shown - NEAR_END:
            self._add_page()
        if 0 <= event.cursor_row < len(self.all_places):
            _, passage = self.all_places[event.cursor_row]
            where = f"{passage.document} line {passage.line}" + (f", {passage.speaker}" if passage.speaker else "")
            kind = f"also coded {', '.join(passage.codes)}" if passage.codes else "a turn with nothing coded"
            self.query_one("#place-text", Static).update(
                Text(f"«{' '.join(passage.text.split())}» ({where}; {kind})"))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        _, passage = self.all_places[int(str(event.row_key.value))]
        self.post_message(OpenPassage(passage.document, passage.start, passage.end, step=2))


def _look_at(passage: Passage) -> str:
    """Why this place: the other codes it has (their names), or that nothing there is coded."""
    return ", ".join(split_path(code)[-1] for code in passage.codes) if passage.codes else "uncoded"


def _where(passage: Passage, width: int) -> str:
    """document:line in `width` characters: a long document name is cut, never the line number."""
    line = f":{passage.line}"
    if len(passage.document) + len(line) <= width:
        return passage.document + line
    return passage.document[:max(1, width - len(line) - 1)] + "…" + line


class SectionView(VerticalScroll):
    """The previewed section: it has the focus, so the arrows, PageUp/PageDown, Home and End scroll it."""

    BINDINGS = [Binding("pagedown", "page_down", "Scroll", key_display="↑↓ PgUp PgDn Home End",
                        tooltip="Scroll the section", id="preview-scroll")]


class PreviewScreen(StepScreen):
    """The section as the chapter will give it (Markdown, the same content as the Word export)."""

    BINDINGS = [Binding("escape,v", "app.pop_screen", "Back", tooltip="Back to the synthesis", id="preview-back")]

    def __init__(self, project: Project, code: CodeInfo) -> None:
        super().__init__()  # project: the app's own (StepScreen.project), as the caller passes
        self.code = code

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar(4)
        with SectionView(id="preview"):
            yield Markdown("*building the chapter ...*", id="section")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = f"The chapter's section · {self.code.path}"
        self.query_one(SectionView).focus()
        self._build()

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def _build(self) -> None:
        from ...export.markdown import render_markdown

        with Project(self.project.path, self.project.coder) as reader:
            chapter = reader.chapter.build()
            heading = reader.synthesizing.get(self.code.path).heading or self.code.name
            group_name = split_path(self.code.path)[0]  # a name may hold a slash: split as paths are written
            group = reader.synthesizing.get(join_path([group_name])).heading or group_name
        section = next((s for s in chapter.sections if s.heading == group), None)
        if section is not None and self.code.level == 1:
            section = next((s for s in section.subsections if s.heading == heading), None)
        if section is None:
            text = ("This part is not in the chapter yet: it holds no units and no synthesis "
                    "(`qualcode export docx --include-empty` would list it).")
        else:
            alone = replace(chapter, sections=[section], participant_rows=[], codebook_rows=[], matrix_rows=[],
                            methods_rows=[])
            text = render_markdown(alone).split("\n", 1)[1]  # without the chapter's own title
        self.app.call_from_thread(self.query_one(Markdown).update, text)
