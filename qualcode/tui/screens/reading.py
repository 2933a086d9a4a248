"""What steps 1 and 2 share: one transcript on screen (the app's current one), chosen with d or a passage."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import get_current_worker

from ...models import Document
from ...project import Project
from ..modals.choose import Choose
from ..widgets.transcript import TranscriptView, UnitMark
from .base import StepScreen


@dataclass(frozen=True)
class Reading:
    """What the worker read for the screen."""

    document: Document | None
    sentences: list[tuple[int, int]]
    units: list[UnitMark]
    status: str  # this coder's reading status
    more: object  # what the step shows beside the transcript


class ReadingScreen(StepScreen):
    """A step screen around a TranscriptView (id transcript) and a Static (id no-documents)."""

    BINDINGS = [
        Binding("d", "choose_document", "Document", tooltip="Choose another transcript to read", id="choose-document"),
        Binding("slash", "search", "Search",
                tooltip="Search the transcripts by lemma and jump to the hits", id="search"),
        Binding("r", "mark_read", "Mark read",
                tooltip="Mark this transcript read (again: re-read) for the total impression",
                id="mark-read", show=False),
        Binding("e", "correct_passage", "Correct",
                tooltip="Correct a transcription error here; units and themes follow their words",
                id="correct-passage", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.document: Document | None = None
        self.loaded = False  # the worker's reading is on the screen
        self._asked = 0  # readings asked for, numbered: one that comes back after a newer one is dropped
        self._shown = 0
        self._passage: tuple[str, int | None, int | None] | None = None  # asked for, shown once read

    def on_mount(self) -> None:
        self.query_one(TranscriptView).focus()

    def reload(self) -> None:
        """Read the transcript, its units and the rest on a worker (a connection of its own); a long
        transcript and a big codebook then never hold up a key, and the screen shows it when it comes."""
        self.loaded = False
        self._asked += 1
        self._read(self.qualcode.document, self._asked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="transcript-read")
    def _read(self, wanted: str | None, number: int) -> None:
        try:
            with Project(self.project.path, self.project.coder) as reader:
                reading = self.read(reader, wanted)
        except Exception as exc:
            self.app.call_from_thread(self._not_read, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, reading, number)

    def read(self, reader: Project, wanted: str | None) -> Reading:
        """On the worker: what the screen shows (subclasses add theirs in read_more)."""
        label = wanted or next((d.label for d in reader.documents.list()), None)
        if label is None:
            return Reading(None, [], [], "", self.read_more(reader, None))
        document = reader.documents.get(label)
        status = reader.impression.reading_status().get(label, "unread")
        more = self.read_more(reader, document)
        return Reading(document, reader.documents.sentence_spans(document), self.read_units(reader, document, more),
                       status, more)

    def read_units(self, reader: Project, document: Document, more: object) -> list[UnitMark]:
        """The units to show (plain underlines here; step 2 shows their codes, from what read_more read)."""
        return [UnitMark(u.id, u.start, u.end, ()) for u in reader.units.list(document=document.label)]

    def read_more(self, reader: Project, document: Document | None) -> object:
        """Whatever else a step shows beside the transcript (read on the worker)."""
        return None

    def show_more(self, more: object) -> None:
        """Show what read_more read (on the screen's thread)."""

    def _not_read(self, exc: BaseException) -> None:
        if not self.qualcode.report(exc, reload=False):
            raise exc
        self.qualcode.mark_stale()
        self.stale = False
        self.gone()
        self.refresh_from_project()

    def _show(self, reading: Reading, number: int) -> None:
        if not self.is_attached or number < self._shown:
            return  # left meanwhile, or a newer reading is on the screen already
        self._shown = number
        empty = self.query_one("#no-documents", Static)
        document = reading.document
        empty.display = document is None
        view = self.query_one(TranscriptView)
        if document is None:
            empty.update("No transcripts yet. Import some: qualcode import PROJECT FILES (or a folder)")
            self.show_more(reading.more)
            self.loaded = True
            return
        shown = self.document
        if shown is None or shown.label != document.label or shown.text != document.text:
            same = shown is not None and shown.label == document.label
            top = view.scroll_offset.y
            self.document = document
            self.document_changed()
            view.set_document(document, units=reading.units, sentences=reading.sentences)
            if same:  # corrected in place: the reader stays where they were
                self.call_after_refresh(view.scroll_to, None, top, animate=False)
        else:
            self.document = document
            view.set_units(reading.units)
        self.qualcode.document = document.label
        self.sub_title = f"{document.label} · {document.title or document.kind} · {reading.status}"
        self.show_more(reading.more)
        if self._passage is not None and self._passage[0] == document.label:
            _, start, end = self._passage
            self._passage = None
            if start is not None and end is not None:
                view.select(start, end)
                self.call_after_refresh(view.scroll_to_offset, start)
            view.focus()
        self.loaded = True

    def document_changed(self) -> None:
        """A new transcript is about to be shown (subclasses reset what they hold about the last one)."""

    def gone(self) -> None:
        """The transcript was deleted elsewhere: show the first one there is."""
        self.document = None
        self.qualcode.document = None

    def show_passage(self, label: str, start: int | None, end: int | None) -> None:
        """Open a transcript at a passage (from search, the home screen, a subgroup's units)."""
        self.qualcode.document = label
        self._passage = (label, start, end)
        self.refresh_from_project()

    def action_choose_document(self) -> None:
        choices = [(d.label, f"{d.label}  {d.title}") for d in self.project.documents.list()]

        def chosen(label: str | None) -> None:
            if label:
                self.show_passage(label, None, None)

        self.app.push_screen(Choose("Open a transcript", choices, current=self.qualcode.document), chosen)

    def action_mark_read(self) -> None:
        if self.document is not None:
            label = self.document.label
            self.write(lambda project: project.impression.set_reading_status(label, "read"), what="mark read",
                       done=lambda _: self.notify(f"{label} marked as read"))

    def action_correct_passage(self) -> None:
        """Edit the highlighted span of the transcript in place (qualcode/tui/modals/correct_passage.py)."""
        from ..modals.correct_passage import CorrectPassage

        view = self.query_one(TranscriptView)
        if self.document is None or not view.highlight:
            self.notify("select a passage first (n / p, or a search hit)", severity="warning")
            return
        label, (start, end) = self.document.label, view.highlight

        def corrected(text: str | None) -> None:
            if text is not None:
                self.write(lambda project: project.documents.correct(label, start, end, text), what="correct passage",
                           done=lambda report: self.notify(f"corrected: {len(report.changed)} units changed"))

        self.app.push_screen(CorrectPassage(label, self.document.text[start:end]), corrected)

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.project, step=self.STEP or 2))
