"""What steps 1 and 2 share: one transcript on screen (the app's current one), chosen with d or a passage."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from ...models import Document
from ..modals.choose import Choose
from ..widgets.transcript import TranscriptView, UnitMark
from .base import StepScreen


class ReadingScreen(StepScreen):
    """A step screen around a TranscriptView (id transcript) and a Static (id no-documents)."""

    BINDINGS = [
        Binding("d", "choose_document", "Document", id="choose-document"),
        Binding("slash", "search", "Search", id="search"),
        Binding("r", "mark_read", "Mark read", id="mark-read", show=False),
        Binding("e", "correct_passage", "Correct", id="correct-passage", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.document: Document | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TranscriptView).focus()

    def reload(self) -> None:
        label = self.qualcode.document or next((d.label for d in self.project.documents.list()), None)
        empty = self.query_one("#no-documents", Static)
        empty.display = label is None
        if label is None:
            empty.update("No transcripts yet. Import some: qualcode import PROJECT FILES (or a folder)")
            return
        view = self.query_one(TranscriptView)
        document = self.project.documents.get(label)
        if self.document is None or self.document.label != label or self.document.text != document.text:
            same = self.document is not None and self.document.label == label
            top = view.scroll_offset.y
            self.document = document
            self.qualcode.document = document.label
            self.document_changed()
            view.set_document(document, units=self.unit_marks(), sentences=self.sentence_spans())
            if same:  # corrected in place: the reader stays where they were
                self.call_after_refresh(view.scroll_to, None, top, animate=False)
        else:
            view.set_units(self.unit_marks())
        status = self.project.impression.reading_status().get(document.label, "unread")
        self.sub_title = f"{document.label} · {document.title or document.kind} · {status}"

    def document_changed(self) -> None:
        """A new transcript is about to be shown (subclasses reset what they hold about the last one)."""

    def sentence_spans(self) -> list[tuple[int, int]]:
        assert self.document is not None
        return self.project.documents.sentence_spans(self.document)

    def unit_marks(self) -> list[UnitMark]:
        """The units to show (plain underlines here; step 2 shows their codes)."""
        assert self.document is not None
        return [UnitMark(u.id, u.start, u.end, ()) for u in self.project.units.list(document=self.document.label)]

    def gone(self) -> None:
        """The transcript was deleted elsewhere: show the first one there is."""
        self.document = None
        self.qualcode.document = None

    def show_passage(self, label: str, start: int | None, end: int | None) -> None:
        """Open a transcript at a passage (from search, the home screen, a subgroup's units)."""
        self.qualcode.document = label
        self.refresh_from_project()
        if self.document is None or self.document.label != label:
            return
        view = self.query_one(TranscriptView)
        if start is not None and end is not None:
            view.select(start, end)
            self.call_after_refresh(view.scroll_to_offset, start)
        view.focus()

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
