"""Mode 2, meaning units: a transcript read line by line, its units marked, coded from the codebook."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...codebook.service import flatten
from ..widgets.transcript import TranscriptView
from .pick_code import PickCode
from .reading import ReadingScreen


class UnitsScreen(ReadingScreen):
    STEP = 2
    HELP = """Step 2, meaning units: read the transcript line by line and mark every passage that says
something about your research question (a meaning unit); sort each under a code of the codebook. Codes
sit under subgroups and code groups; a theme from step 1 becomes a code group."""
    BINDINGS = [
        Binding("c", "code", "Code it", id="units-code"),
        Binding("n", "next_sentence", "Next sentence", id="units-next-sentence"),
        Binding("p", "previous_sentence", "Previous", id="units-previous-sentence"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[tuple[int, int]] = []
        self.cursor: int | None = None  # index into sentences

    def compose_body(self) -> ComposeResult:
        yield Static("", id="no-documents")
        yield TranscriptView(None, id="transcript")

    def document_changed(self) -> None:
        assert self.document is not None
        self.sentences = self.project.documents.sentence_spans(self.document)
        self.cursor = None

    def show_passage(self, label: str, start: int | None, end: int | None) -> None:
        super().show_passage(label, start, end)
        self.cursor = None

    def _move(self, step: int) -> None:
        if not self.sentences:
            return
        view = self.query_one(TranscriptView)
        if self.cursor is None:
            start = view.highlight[0] if view.highlight else view.first_visible_offset()
            self.cursor = next((i for i, (s, _) in enumerate(self.sentences) if s >= start), 0)
        else:
            self.cursor = max(0, min(len(self.sentences) - 1, self.cursor + step))
        view.highlight = self.sentences[self.cursor]
        view.scroll_to_offset(self.sentences[self.cursor][0])

    def action_next_sentence(self) -> None:
        self._move(+1)

    def action_previous_sentence(self) -> None:
        self._move(-1)

    def action_code(self) -> None:
        view = self.query_one(TranscriptView)
        if self.document is None or not view.highlight:
            self.notify("move to a sentence first (n / p)", severity="warning")
            return
        start, end = view.highlight
        paths = [c.path for c in flatten(self.project.codebook.tree()) if c.level >= 1]
        label = self.document.label

        def picked(path: str | None) -> None:
            if path:
                self.write(lambda project: project.units.create(label, start, end, codes=[path], create_codes=True),
                           what="code unit", done=lambda unit_id: self.notify(f"unit {unit_id} coded {path}"))

        self.app.push_screen(PickCode(paths, self.document.text[start:end]), picked)
