"""Search across transcripts (lemmas: kommune finds kommunen, kommunene ...); Enter on a hit opens the
transcript there. The search runs in a worker (the first one loads the language pipeline); F3 in a
transcript goes on to the next hit."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from ...models import SearchHit
from ...project import Project
from ..messages import OpenPassage
from ..widgets.key_bar import KeyBar
from ..widgets.step_bar import StepBar
from .base import StepScreen

LEFT_CONTEXT = 30  # characters before the hit in the table: the hit itself must be in view


class SearchScreen(StepScreen):
    HELP = """Search the transcripts by lemma: kommune finds kommunen, kommunene and kommunens; samarbeid*
finds the words that start so (samarbeidsmøtet); =kommunen finds only the word as written. Several words
must all be in the sentence. Enter on a hit opens the transcript there; F3 goes on to the next hit."""
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back to the transcript", id="back")]

    def __init__(self, project: Project, *, step: int = 2) -> None:
        super().__init__()
        self.step = step  # where a hit opens: 1 reads it, 2 codes it
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar(self.step)
        yield Input(placeholder="kommune (all its forms), samarbeid* (word starts), =kommunen (as written)",
                    id="query")
        yield DataTable(id="hits", cursor_type="row")
        yield Static("", id="hit-sentence")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
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
            table.add_row(f"{hit.document}:{hit.line}", hit.speaker, _context(hit), key=str(index))
        shown = f"{len(hits)} of {total}" if total > len(hits) else str(len(hits))
        self.sub_title = f"Search · {shown} sentences" if hits else "Search · no hits"
        if hits:
            table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        hit = self.hits[int(str(event.row_key.value))]
        sentence = Text(" ".join(hit.left.split()) + " ")
        sentence.append(" ".join(hit.match.split()), style="bold reverse")
        sentence.append(" " + " ".join(hit.right.split()))
        self.query_one("#hit-sentence", Static).update(sentence)

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


def _context(hit: SearchHit) -> Text:
    """The hit in its sentence, the left side cut at a word to LEFT_CONTEXT characters so the hit is seen."""
    left = " ".join(hit.left.split())
    if len(left) > LEFT_CONTEXT:
        cut = left.find(" ", len(left) - LEFT_CONTEXT)
        left = "…" + left[cut if cut >= 0 else len(left) - LEFT_CONTEXT:]
    context = Text(left + (" " if hit.left[-1:].isspace() else ""), no_wrap=True, overflow="ellipsis")
    context.append(" ".join(hit.match.split()), style="bold")
    context.append((" " if hit.right[:1].isspace() else "") + " ".join(hit.right.split()))
    return context
