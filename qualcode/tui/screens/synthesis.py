"""Step 4 for one code group or subgroup: heading, analytic text, and the read-back against the data.

The counts and the places to look for contradicting data are read on a worker thread, through a
connection of its own (on a thousand transcripts a subgroup has a hundred thousand places), and the
table takes them a page at a time: the first page at once, the next as the cursor nears the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, TextArea
from textual.worker import get_current_worker

from ...errors import QualcodeError
from ...project import Project
from ...stc.step4_synthesis import Passage

PAGE = 200  # places added to the table at a time
NEAR_END = 20  # the cursor this close to the last row shown brings the next page


@dataclass(frozen=True)
class Place:
    kind: str  # "other code: Respekt" or "uncoded"
    passage: Passage


@dataclass(frozen=True)
class Read:
    """What the worker read: the summary line and every place, in order."""

    summary: str
    places: list[Place]


class SynthesisScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+s", "save", "Save", id="save-synthesis"),
        Binding("ctrl+r", "toggle_checked", "Read back ✓", id="toggle-checked"),
    ]
    DEFAULT_CSS = """
    SynthesisScreen #introduction { height: 5; }
    SynthesisScreen #analytic { height: 9; }
    SynthesisScreen #places { height: 1fr; }
    """

    def __init__(self, project: Project, path: str) -> None:
        super().__init__()
        self.project = project
        self.path = path
        self.is_group = "/" not in path
        self.places: list[Passage] = []  # the rows of the table, in order (a row's key is its index)
        self.all_places: list[Place] = []  # every place read, shown or still to come
        self.loaded = False  # the worker's reading is on the screen

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Label("", id="summary")
            yield Input(placeholder="Heading: the finding, in a sentence", id="heading")
            if self.is_group:
                yield TextArea(id="introduction")
            yield TextArea(id="analytic")
            yield Label("", id="places-title")
            yield DataTable(id="places", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.path
        synthesis = self.project.synthesizing.get(self.path)
        self.query_one("#heading", Input).value = synthesis.heading
        if self.is_group:
            self.query_one("#introduction", TextArea).text = synthesis.introduction
        self.query_one("#analytic", TextArea).text = synthesis.analytic_text
        table = self.query_one(DataTable)
        table.add_columns("Look at", "Where", "Who", "Text")
        self.watch(table, "scroll_y", self._scrolled, init=False)  # the mouse wheel reaches the end too
        self.reload()
        self.query_one("#heading", Input).focus()

    def reload(self) -> None:
        """Read the counts and the places again, on the worker; the table shows them when they come."""
        self.loaded = False
        self.query_one(DataTable).loading = not self.is_group
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False, group="synthesis-read")
    def _read(self) -> None:
        with Project(self.project.path, self.project.coder) as reader:  # a thread needs its own connection
            read = _read_synthesis(reader, self.path, self.is_group)
        if not get_current_worker().is_cancelled:  # a newer reading is on its way
            self.app.call_from_thread(self._show, read)

    def _show(self, read: Read) -> None:
        if not self.is_attached:  # left before the reading came
            return
        self.query_one("#summary", Label).update(read.summary)
        table = self.query_one(DataTable)
        table.clear()
        self.places, self.all_places = [], read.places
        self._add_page()
        table.loading = False
        self.loaded = True

    def _add_page(self) -> None:
        table = self.query_one(DataTable)
        for place in self.all_places[len(self.places):len(self.places) + PAGE]:
            passage = place.passage
            self.places.append(passage)
            table.add_row(place.kind, f"{passage.document}:{passage.line}", passage.speaker,
                          Text(" ".join(passage.text.split())), key=str(len(self.places) - 1))
        if self.is_group:
            title = ""
        else:
            total, shown = len(self.all_places), len(self.places)
            title = f"Places to look for contradicting data: {total:,} (Enter opens the transcript)"
            if shown < total:
                title += f"; {shown:,} shown, more as you go down"
        self.query_one("#places-title", Label).update(title)

    @on(DataTable.RowHighlighted)
    def _more(self, event: DataTable.RowHighlighted) -> None:
        if len(self.places) < len(self.all_places) and event.cursor_row >= len(self.places) - NEAR_END:
            self._add_page()

    def _scrolled(self, offset: float) -> None:
        table = self.query_one(DataTable)
        if len(self.places) < len(self.all_places) and offset >= table.max_scroll_y - NEAR_END:
            self._add_page()

    def on_screen_resume(self) -> None:
        self.reload()

    def action_save(self) -> None:
        introduction = self.query_one("#introduction", TextArea).text if self.is_group else None
        try:
            self.project.synthesizing.set(self.path, heading=self.query_one("#heading", Input).value,
                                          analytic_text=self.query_one("#analytic", TextArea).text,
                                          introduction=introduction)
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("synthesis saved")

    def action_toggle_checked(self) -> None:
        done = not self.project.synthesizing.get(self.path).checked_by
        self.project.synthesizing.mark_recontextualised(self.path, done=done)
        self.reload()
        self.notify("read back against the transcripts" if done else "read-back check removed")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from .transcript import TranscriptScreen

        passage = self.places[int(str(event.row_key.value))]
        self.app.push_screen(TranscriptScreen(self.project, passage.document, passage.line,
                                              (passage.start, passage.end)))


def _read_synthesis(project: Project, path: str, is_group: bool) -> Read:
    """The summary line (who contributes, the read-back) and, for a subgroup, every place to look at."""
    synthesis = project.synthesizing.get(path)
    counts = {c.subgroup: c for c in project.synthesizing.counts()}
    checked = (f"read back by {synthesis.checked_by} {(synthesis.checked_at or '')[:10]}" if synthesis.checked_by
               else "not yet read back against the transcripts (ctrl+r when done)")
    phrase = ""
    if path in counts:
        count = counts[path]
        groups = ", ".join(f"{g} {n}/{total}" for g, (n, total) in count.by_group.items())
        phrase = f"{count.phrase()} ({groups}) · "
    places = []
    if not is_group:
        found = project.synthesizing.recontext(path)
        for kind, passages in (("other code", found.units_of_other_codes), ("uncoded", found.uncoded_turns)):
            for passage in passages:
                names = ", ".join(code.rsplit("/", 1)[-1] for code in passage.codes)
                places.append(Place(f"{kind}: {names}"[:28] if passage.codes else kind, passage))
    return Read(f"{phrase}{checked}", places)
