"""Mode 0, the project: its documents (how far each is read and coded) and its participants."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import get_current_worker

from ...models import Participant
from ...progress import DocumentProgress
from ...project import Project
from ..messages import ImportProgress, OpenPassage, ProjectChanged
from ..modals.import_files import ImportFiles, ImportReportScreen, ImportRequest, report_lines
from .base import StepScreen

PAGE = 200  # documents added to the table at a time
NEAR_END = 20


class DocumentTable(DataTable):
    """The documents; Enter opens the one under the cursor in step 2 (the footer says so)."""

    BINDINGS = [Binding("enter", "select_cursor", "Code it",
                        tooltip="Open this transcript in step 2, to mark its meaning units", id="home-code")]


class HomeScreen(StepScreen):
    STEP = 0
    HELP = """The project at a glance: every transcript with its participants, how far you have read it
(step 1) and how much of it is coded (step 2), and the participants with their attributes. The bar at
the top says where the analysis stands in each of the four steps; the keys 1-4 go to a step."""
    BINDINGS = [
        Binding("r", "read_document", "Read it",
                tooltip="Open this transcript in step 1, to read it for the total impression", id="home-read"),
        Binding("i", "import_files", "Import",
                tooltip="Import transcripts (txt, md, docx, odt, vtt, srt) with their participants", id="home-import"),
        Binding("slash", "search", "Search",
                tooltip="Search every transcript by lemma: 'samarbeid' finds samarbeidet, samarbeider ...",
                id="home-search"),
        Binding("tab", "app.focus_next", "Documents/participants",
                tooltip="Move between the documents and the participants", id="home-switch", show=False),
        Binding("a", "app.agreement", "Agreement", tooltip="How far the coders agree, and where they do not",
                id="agreement", show=False),
        Binding("m", "app.merge_review", "Merge review",
                tooltip="After a merge: pair, accept or reject the two codebooks' codes", id="merge-review",
                show=False),
        Binding("P", "app.pseudonymise", "Pseudonymise", tooltip="Replace names everywhere, each term checked",
                id="pseudonymise", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[DocumentProgress] = []
        self.shown = 0  # documents in the table so far (a page at a time on a big project)
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield DocumentTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static("Participants", classes="section-title")
        yield DataTable(id="participants", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.title = f"qualcode · {self.project.path.name}"
        self.sub_title = "Home"
        table = self.query_one("#documents", DataTable)
        # the open-ended list last: a focus group's participants run off a narrow terminal, not the kind
        table.add_columns("Document", "Kind", "Read", "Coded", "Units", "Words", "Participants")
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.query_one(ProgressBar).display = False
        table.focus()

    def reload(self) -> None:
        """Read the documents and participants on a worker; a thousand documents come a page at a time."""
        self.loaded = False
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-read")
    def _read(self) -> None:
        with Project(self.project.path, self.project.coder) as reader:
            documents = reader.progress.documents()
            participants = reader.participants.list()
            language = reader.language
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, documents, participants, language)

    def _show(self, documents: list[DocumentProgress], participants: list[Participant], language: str) -> None:
        if not self.is_attached:
            return
        self.documents = documents
        table = self.query_one("#documents", DataTable)
        row = table.cursor_row
        table.clear()
        self.shown = 0
        self._add_page(upto=max(PAGE, row + 1))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        names = sorted({name for p in participants for name in p.attributes})
        people = self.query_one("#participants", DataTable)
        people.clear(columns=True)
        people.add_columns("Label", *names, "Documents", "Turns")
        for p in participants:
            people.add_row(Text(p.label), *(Text(p.attributes.get(name, "")) for name in names), str(p.documents),
                           str(p.turns), key=p.label)
        words = sum(d.words for d in documents)
        self.query_one("#summary", Static).update(Text(
            f" {len(documents)} documents · {words:,} words · {len(participants)} participants · language {language}"))
        self.loaded = True

    def _add_page(self, upto: int | None = None) -> None:
        table = self.query_one("#documents", DataTable)
        end = min(len(self.documents), upto if upto is not None else self.shown + PAGE)
        for d in self.documents[self.shown:end]:
            table.add_row(Text(d.label), d.kind, d.status, f"{d.coded_share:.0%}", str(d.units), f"{d.words:,}",
                          Text(", ".join(d.participants)), key=d.label)
        self.shown = end

    @on(DataTable.RowHighlighted, "#documents")
    def _more(self, event: DataTable.RowHighlighted) -> None:
        if self.shown < len(self.documents) and event.cursor_row >= self.shown - NEAR_END:
            self._add_page()

    def _scrolled(self, offset: float) -> None:
        table = self.query_one("#documents", DataTable)
        if self.shown < len(self.documents) and offset >= table.max_scroll_y - NEAR_END:
            self._add_page()

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

    # importing: a worker with a connection of its own, like a second window; the rest of the app goes on

    def action_import_files(self) -> None:
        def start(request: ImportRequest | None) -> None:
            if request is not None:
                bar = self.query_one(ProgressBar)
                bar.update(total=None, progress=0)
                bar.display = True
                self._import(request)

        self.app.push_screen(ImportFiles(), start)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _import(self, request: ImportRequest) -> None:
        from ...ingest.batch import expand_paths

        try:
            total = len(expand_paths(request.paths))
            done = 0

            def one_more(path: str) -> None:
                nonlocal done
                done += 1
                self.post_message(ImportProgress(done, total, path))

            with Project(self.project.path, self.project.coder) as importer:
                report = importer.documents.import_files(
                    request.paths, participant=request.participant, participants_csv=request.participants_csv,
                    speaker_pattern=request.speaker_pattern, on_file=one_more)
        finally:
            self.app.call_from_thread(self._import_over)
        self.app.call_from_thread(self._imported, report)

    @on(ImportProgress)
    def _progress(self, message: ImportProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)

    def _import_over(self) -> None:
        self.query_one(ProgressBar).display = False

    def _imported(self, report) -> None:
        self.app.push_screen(ImportReportScreen(report_lines(report)))
        self.app.post_message(ProjectChanged(elsewhere=True, summary="import"))
