"""Step 4 for one code group or subgroup: heading, analytic text, and the read-back against the data.

The counts and the places to look for contradicting data are read on a worker thread, through a
connection of its own (on a thousand transcripts a subgroup has a hundred thousand places), and the
table takes them a page at a time: the first page at once, the next as the cursor nears the end.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


# A place as the table needs it: (kind, document, line, speaker, start, end, text, codes). Plain tuples
# of strings and numbers, which Python's garbage collector stops looking at: a hundred thousand objects
# it kept scanning would stall the screen for a tenth of a second at every collection.
Place = tuple[str, str, int, str, int, int, str, tuple[str, ...]]


@dataclass(frozen=True)
class Read:
    """What the worker read: the summary line and every place, in order."""

    summary: str
    places: list[Place]


_collection_lock = threading.Lock()
_collection_paused = 0


@contextmanager
def _collection_paused_while_reading() -> Iterator[None]:
    """No garbage collection while a worker makes its many objects (refcounts free them): a collection
    holds the interpreter, and with it the screen, for as long as it scans them all."""
    global _collection_paused
    with _collection_lock:
        if _collection_paused == 0 and gc.isenabled():
            gc.disable()
            _collection_paused = 1
        elif _collection_paused:
            _collection_paused += 1
        else:  # collection was off already: leave it as it is
            yield
            return
    try:
        yield
    finally:
        with _collection_lock:
            _collection_paused -= 1
            if _collection_paused == 0:
                gc.enable()


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
        with _collection_paused_while_reading(), Project(self.project.path, self.project.coder) as reader:
            read = _read_synthesis(reader, self.path, self.is_group)  # a thread needs a connection of its own
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
        for kind, document, line, speaker, start, end, text, codes in self.all_places[
                len(self.places):len(self.places) + PAGE]:
            passage = Passage(document, line, speaker, start, end, text, codes)
            self.places.append(passage)
            table.add_row(kind, f"{passage.document}:{passage.line}", passage.speaker,
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
    places: list[Place] = []
    if not is_group:
        found = project.synthesizing.recontext(path)
        for kind, passages in (("other code", found.units_of_other_codes), ("uncoded", found.uncoded_turns)):
            for p in passages:
                names = ", ".join(code.rsplit("/", 1)[-1] for code in p.codes)
                places.append((f"{kind}: {names}"[:28] if p.codes else kind, p.document, p.line, p.speaker, p.start,
                               p.end, p.text, p.codes))
    return Read(f"{phrase}{checked}", places)
