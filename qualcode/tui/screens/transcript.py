"""One transcript pushed over another screen (the agreement worklist, a synthesis's places to look):
read at a passage, its units underlined; c codes the selection, Escape goes back where you were."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...codebook.service import flatten
from ...project import Project
from ..modals.pick_code import PickCode, Picked
from ..widgets.transcript import TranscriptView


class TranscriptScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("c", "code_selection", "Code it", id="code-sentence"),
        Binding("r", "mark_read", "Mark read", id="mark-read"),
    ]

    def __init__(self, project: Project, label: str, line: int | None = None,
                 highlight: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.project = project
        self.document = project.documents.get(label)
        self.line = line
        self.highlight = highlight
        self.sentences = project.documents.sentence_spans(self.document)

    def compose(self) -> ComposeResult:
        yield Header()
        yield TranscriptView(self.document, id="transcript")
        yield Footer()

    def _unit_spans(self) -> list[tuple[int, int]]:
        return [(u.start, u.end) for u in self.project.units.list(document=self.document.label)]

    def on_mount(self) -> None:
        self.title = self.document.label
        view = self.query_one(TranscriptView)
        view.set_document(self.document, self._unit_spans(), sentences=self.sentences)
        self.reload()
        if self.highlight:
            view.select(*self.highlight)
        view.focus()
        if self.line:
            self.call_after_refresh(view.scroll_to_line, self.line)

    def action_code_selection(self) -> None:
        view = self.query_one(TranscriptView)
        if not view.highlight:
            self.notify("select a passage first (n / p select sentences, shift+arrows extend)", severity="warning")
            return
        start, end = view.highlight
        paths = [c.path for c in flatten(self.project.codebook.tree()) if c.level >= 1]
        label = self.document.label

        def picked(choice: Picked | None) -> None:
            if choice is not None:
                path, new = choice.path, choice.new
                self._write(lambda project: project.units.create(label, start, end, codes=[path], create_codes=new),
                            f"unit coded {path}")

        self.app.push_screen(PickCode(paths, self.document.text[start:end]), picked)

    def action_mark_read(self) -> None:
        label = self.document.label
        self._write(lambda project: project.impression.set_reading_status(label, "read"), f"{label} marked as read")

    def _write(self, job, said: str) -> None:
        write = getattr(self.app, "write", None)
        if write is not None:
            write(job, what=said, done=lambda _: self.notify(said))
        else:
            job(self.project)
            self.reload()
            self.notify(said)

    def reload(self) -> None:
        """Units and reading status again (after undo, or coming back from another screen)."""
        self.query_one(TranscriptView).set_unit_spans(self._unit_spans())
        status = self.project.impression.reading_status().get(self.document.label, "unread")
        self.sub_title = f"{self.document.title or self.document.kind} · {status}"

    def on_screen_resume(self) -> None:
        self.reload()
