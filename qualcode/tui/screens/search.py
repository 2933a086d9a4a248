"""Search across transcripts; Enter on a hit opens the transcript at that line."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from ...errors import QualcodeError
from ...models import SearchHit
from ...project import Project
from ..messages import OpenPassage


class SearchScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self, project: Project, *, step: int = 2) -> None:
        super().__init__()
        self.project = project
        self.step = step  # where a hit opens: 1 reads it, 2 codes it
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search: kommune (all its forms), samarbeid* (word starts), =kommunen (exact word)",
                    id="query")
        yield DataTable(id="hits", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(DataTable).add_columns("Where", "Speaker", "Context")
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        exact = query.startswith("=")
        table = self.query_one(DataTable)
        table.clear()
        try:
            self.hits = self.project.documents.search(query.lstrip("="), exact=exact) if query.lstrip("=") else []
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        for index, hit in enumerate(self.hits):
            context = f"{escape(hit.left)}[b]{escape(hit.match)}[/b]{escape(hit.right)}"
            table.add_row(f"{hit.document}:{hit.line}", hit.speaker, context, key=str(index))
        total = self.project.documents.count_hits(query.lstrip("="), exact=exact) if self.hits else 0
        shown = f"{len(self.hits)} of {total}" if total > len(self.hits) else str(len(self.hits))
        self.sub_title = f"Search · {shown} sentences" if self.hits else "Search · no hits"
        if self.hits:
            table.focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        hit = self.hits[int(str(event.row_key.value))]
        self.post_message(OpenPassage(hit.document, hit.start, hit.end, step=self.step))
