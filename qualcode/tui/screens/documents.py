"""The first screen: the project's documents; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...project import Project


class DocumentsScreen(Screen):
    BINDINGS = [
        Binding("enter", "open_document", "Open", id="open-document"),
        Binding("slash", "search", "Search", id="search"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"qualcode · {self.project.path.name}"
        self.sub_title = "Documents"
        table = self.query_one(DataTable)
        table.add_columns("Document", "Kind", "Words", "Turns", "Speakers", "Title")
        found = self.project.documents.list()
        for d in found:
            title = d.title if len(d.title) <= 60 else d.title[:59] + "…"
            table.add_row(d.label, d.kind, f"{d.words:,}", str(d.turns), ", ".join(d.speakers), Text(title),
                          key=d.label)
        words = sum(d.words for d in found)
        people = len(self.project.participants.list())
        self.query_one("#summary", Static).update(
            f" {len(found)} documents · {words:,} words · {people} participants · language {self.project.language}"
        )
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    def action_open_document(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self._open(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def _open(self, label: str) -> None:
        from .transcript import TranscriptScreen

        self.app.push_screen(TranscriptScreen(self.project, label))

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.project))
