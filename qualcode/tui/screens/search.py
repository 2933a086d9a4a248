"""Search across transcripts (lemmas: kommune finds kommunen, kommunene ...); Enter on a hit opens the
transcript there. The search runs in a worker (the first one loads the language pipeline); F3 in a
transcript goes on to the next hit."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input
from textual.worker import Worker

from ...models import SearchHit
from ...project import Project
from ..messages import OpenPassage


class SearchScreen(Screen):
    HELP = """Search the transcripts by lemma: kommune finds kommunen, kommunene and kommunens; samarbeid*
finds the words that start so (samarbeidsmøtet); =kommunen finds only the word as written. Several words
must all be in the sentence. Enter on a hit opens the transcript there; F3 goes on to the next hit."""
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(DataTable).add_columns("Where", "Speaker", "Context")
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query.lstrip("="):
            self.sub_title = f"Search · looking for {query} ..."
            self._run(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _run(self, query: str) -> None:
        exact = query.startswith("=")
        words = query.lstrip("=")
        with Project(self.project.path, self.project.coder) as own:  # the worker's own connection
            hits = own.documents.search(words, exact=exact)
            total = own.documents.count_hits(words, exact=exact) if hits else 0
        self.app.call_from_thread(self._show, hits, total)

    def _show(self, hits: list[SearchHit], total: int) -> None:
        self.hits = hits
        app = self._qualcode()
        if app is not None:  # F3 in a transcript walks them
            app.search_hits, app.search_index = list(hits), -1
        table = self.query_one(DataTable)
        table.clear()
        for index, hit in enumerate(hits):
            context = Text(hit.left)
            context.append(hit.match, style="bold")
            context.append(hit.right)
            table.add_row(f"{hit.document}:{hit.line}", hit.speaker, context, key=str(index))
        shown = f"{len(hits)} of {total}" if total > len(hits) else str(len(hits))
        self.sub_title = f"Search · {shown} sentences" if hits else "Search · no hits"
        if hits:
            table.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        app = self._qualcode()
        if app is not None:
            app.worker_failed(event)  # a query the search cannot read, in one line

    def _qualcode(self):
        from ..app import QualcodeApp

        return self.app if isinstance(self.app, QualcodeApp) else None

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        index = int(str(event.row_key.value))
        hit = self.hits[index]
        app = self._qualcode()
        if app is not None:
            app.search_index = index
        self.post_message(OpenPassage(hit.document, hit.start, hit.end, step=self.step))
