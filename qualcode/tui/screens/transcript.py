"""One transcript, read in full: line numbers, speakers, coded units, and coding by sentence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...codebook.service import flatten
from ...errors import QualcodeError
from ...project import Project
from ..widgets.transcript import TranscriptView
from .pick_code import PickCode


class TranscriptScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("n", "next_sentence", "Next sentence", id="next-sentence"),
        Binding("p", "previous_sentence", "Previous", id="previous-sentence"),
        Binding("c", "code_sentence", "Code it", id="code-sentence"),
        Binding("r", "mark_read", "Mark read", id="mark-read"),
        Binding("slash", "search", "Search", id="search"),
    ]

    def __init__(self, project: Project, label: str, line: int | None = None,
                 highlight: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.project = project
        self.document = project.documents.get(label)
        self.line = line
        self.highlight = highlight
        self.sentences = project.documents.sentence_spans(self.document)
        self.cursor: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield TranscriptView(self.document, self._unit_spans(), id="transcript")
        yield Footer()

    def _unit_spans(self) -> list[tuple[int, int]]:
        return [(u.start, u.end) for u in self.project.units.list(document=self.document.label)]

    def on_mount(self) -> None:
        self.title = self.document.label
        self.reload()
        view = self.query_one(TranscriptView)
        view.highlight = self.highlight
        view.focus()
        if self.line:
            self.call_after_refresh(view.scroll_to_line, self.line)

    def _move(self, step: int) -> None:
        if not self.sentences:
            return
        if self.cursor is None:
            start = self.highlight[0] if self.highlight else 0
            self.cursor = next((i for i, (s, _) in enumerate(self.sentences) if s >= start), 0)
        else:
            self.cursor = max(0, min(len(self.sentences) - 1, self.cursor + step))
        view = self.query_one(TranscriptView)
        view.highlight = self.sentences[self.cursor]
        view.scroll_to_offset(self.sentences[self.cursor][0])

    def action_next_sentence(self) -> None:
        self._move(+1)

    def action_previous_sentence(self) -> None:
        self._move(-1)

    def action_code_sentence(self) -> None:
        if self.cursor is None:
            self.notify("move to a sentence first (n / p)", severity="warning")
            return
        start, end = self.sentences[self.cursor]
        paths = [c.path for c in flatten(self.project.codebook.tree()) if c.level >= 1]
        self.app.push_screen(PickCode(paths, self.document.text[start:end]), self._code_picked)

    def _code_picked(self, path: str | None) -> None:
        if not path or self.cursor is None:
            return
        start, end = self.sentences[self.cursor]
        try:
            unit_id = self.project.units.create(self.document.label, start, end, codes=[path], create_codes=True)
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        self.reload()
        self.notify(f"unit {unit_id} coded {path}")

    def action_mark_read(self) -> None:
        self.project.impression.set_reading_status(self.document.label, "read")
        self.reload()
        self.notify("marked as read")

    def reload(self) -> None:
        """Units and reading status again (after undo, or coming back from another screen)."""
        self.query_one(TranscriptView).set_unit_spans(self._unit_spans())
        status = self.project.impression.reading_status().get(self.document.label, "unread")
        self.sub_title = f"{self.document.title or self.document.kind} · {status}"

    def on_screen_resume(self) -> None:
        self.reload()

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.project))
