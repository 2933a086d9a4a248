"""Mode 0, the project: its documents (how far each is read and coded) and its participants."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...progress import DocumentProgress
from ..messages import OpenPassage
from .base import StepScreen


class DocumentTable(DataTable):
    """The documents; Enter opens the one under the cursor in step 2 (the footer says so)."""

    BINDINGS = [Binding("enter", "select_cursor", "Code it", id="home-code")]


class HomeScreen(StepScreen):
    STEP = 0
    HELP = """The project at a glance: every transcript with its participants, how far you have read it
(step 1) and how much of it is coded (step 2), and the participants with their attributes. The bar at
the top says where the analysis stands in each of the four steps; the keys 1-4 go to a step."""
    BINDINGS = [
        Binding("r", "read_document", "Read it", id="home-read"),
        Binding("slash", "search", "Search", id="home-search"),
        Binding("tab", "app.focus_next", "Documents/participants", id="home-switch", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[DocumentProgress] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary")
        yield DocumentTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static("Participants", classes="section-title")
        yield DataTable(id="participants", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.title = f"qualcode · {self.project.path.name}"
        self.sub_title = "Home"
        self.query_one("#documents", DataTable).add_columns("Document", "Read", "Coded", "Units", "Words",
                                                            "Participants", "Kind")
        self.query_one("#documents", DataTable).focus()

    def reload(self) -> None:
        self.documents = self.project.progress.documents()
        table = self.query_one("#documents", DataTable)
        row = table.cursor_row
        table.clear()
        for d in self.documents:
            table.add_row(Text(d.label), d.status, f"{d.coded_share:.0%}", str(d.units), f"{d.words:,}",
                          Text(", ".join(d.participants)), d.kind, key=d.label)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        participants = self.project.participants.list()
        names = sorted({name for p in participants for name in p.attributes})
        people = self.query_one("#participants", DataTable)
        people.clear(columns=True)
        people.add_columns("Label", *names, "Documents", "Turns")
        for p in participants:
            people.add_row(Text(p.label), *(Text(p.attributes.get(name, "")) for name in names), str(p.documents),
                           str(p.turns), key=p.label)
        words = sum(d.words for d in self.documents)
        self.query_one("#summary", Static).update(Text(
            f" {len(self.documents)} documents · {words:,} words · {len(participants)} participants"
            f" · language {self.project.language}"))

    def _current_document(self) -> str | None:
        table = self.query_one("#documents", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected, "#documents")
    def _selected(self) -> None:
        self.action_code_document()

    def action_code_document(self) -> None:
        label = self._current_document()
        if label:
            self.post_message(OpenPassage(label, step=2))

    def action_read_document(self) -> None:
        label = self._current_document()
        if label:
            self.post_message(OpenPassage(label, step=1))

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.project))
