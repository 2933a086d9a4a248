"""Mode 1, total impression: read a transcript whole, with the preliminary themes beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...models import Document
from ...project import Project
from ..widgets.transcript import TranscriptView
from .reading import ReadingScreen


class ImpressionScreen(ReadingScreen):
    STEP = 1
    HELP = """Step 1, total impression: read every transcript openly, as a whole, setting your
preconceptions aside, and note the preliminary themes that come to mind (often 4-8; the interview
guide's topics are a usual start). Mark each transcript read when you have read it."""

    def compose_body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="reading"):
                yield Static("", id="no-documents")
                yield TranscriptView(None, codes=False, id="transcript")
            with Vertical(id="side"):
                yield Static("Preliminary themes", classes="section-title")
                yield OptionList(id="themes")

    def read_more(self, reader: Project, document: Document | None) -> object:
        return reader.impression.themes()

    def show_more(self, more: object) -> None:
        themes = self.query_one("#themes", OptionList)
        themes.clear_options()
        themes.add_options([Option(Text(t.title), id=str(t.id)) for t in more])  # type: ignore[attr-defined]
