"""One transcript, read in full: line numbers, speakers, and a highlighted passage."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...project import Project
from ..widgets.transcript import TranscriptView


class TranscriptScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("slash", "search", "Search", id="search"),
    ]

    def __init__(self, project: Project, label: str, line: int | None = None,
                 highlight: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.project = project
        self.document = project.document(label)
        self.line = line
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        yield Header()
        yield TranscriptView(self.document, id="transcript")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.document.label
        self.sub_title = self.document.title or self.document.kind
        view = self.query_one(TranscriptView)
        view.highlight = self.highlight
        view.focus()
        if self.line:
            self.call_after_refresh(view.scroll_to_line, self.line)

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.project))
