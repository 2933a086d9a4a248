"""Step 4 for one code group or subgroup: heading, analytic text, and the read-back against the data."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, TextArea

from ...errors import QualcodeError
from ...project import Project
from ...stc.step4_synthesis import Passage


class SynthesisScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+s", "save", "Save", id="save-synthesis"),
        Binding("ctrl+r", "toggle_checked", "Read back ✓", id="toggle-checked"),
    ]
    DEFAULT_CSS = """
    SynthesisScreen #introduction { height: 5; }
    SynthesisScreen #analytic { height: 9; }
    SynthesisScreen #places { height: 1fr; }
    """

    def __init__(self, project: Project, path: str) -> None:
        super().__init__()
        self.project = project
        self.path = path
        self.is_group = "/" not in path
        self.places: list[Passage] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Label("", id="summary")
            yield Input(placeholder="Heading: the finding, in a sentence", id="heading")
            if self.is_group:
                yield TextArea(id="introduction")
            yield TextArea(id="analytic")
            yield Label("", id="places-title")
            yield DataTable(id="places", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.path
        synthesis = self.project.synthesizing.get(self.path)
        self.query_one("#heading", Input).value = synthesis.heading
        if self.is_group:
            self.query_one("#introduction", TextArea).text = synthesis.introduction
        self.query_one("#analytic", TextArea).text = synthesis.analytic_text
        self.query_one(DataTable).add_columns("Look at", "Where", "Who", "Text")
        self.reload()
        self.query_one("#heading", Input).focus()

    def reload(self) -> None:
        synthesis = self.project.synthesizing.get(self.path)
        counts = {c.subgroup: c for c in self.project.synthesizing.counts()}
        checked = (f"read back by {synthesis.checked_by} {(synthesis.checked_at or '')[:10]}" if synthesis.checked_by
                   else "not yet read back against the transcripts (ctrl+r when done)")
        phrase = ""
        if self.path in counts:
            count = counts[self.path]
            groups = ", ".join(f"{g} {n}/{total}" for g, (n, total) in count.by_group.items())
            phrase = f"{count.phrase()} ({groups}) · "
        self.query_one("#summary", Label).update(f"{phrase}{checked}")
        table = self.query_one(DataTable)
        table.clear()
        self.places = []
        if not self.is_group:
            found = self.project.synthesizing.recontext(self.path)
            for kind, passages in (("other code", found.units_of_other_codes), ("uncoded", found.uncoded_turns)):
                for passage in passages:
                    self.places.append(passage)
                    names = ", ".join(code.rsplit("/", 1)[-1] for code in passage.codes)
                    label = f"{kind}: {names}"[:28] if passage.codes else kind
                    table.add_row(label, f"{passage.document}:{passage.line}", passage.speaker,
                                  Text(" ".join(passage.text.split())), key=str(len(self.places) - 1))
        self.query_one("#places-title", Label).update(
            f"Places to look for contradicting data: {len(self.places)} (Enter opens the transcript)"
            if not self.is_group else "")

    def on_screen_resume(self) -> None:
        self.reload()

    def action_save(self) -> None:
        introduction = self.query_one("#introduction", TextArea).text if self.is_group else None
        try:
            self.project.synthesizing.set(self.path, heading=self.query_one("#heading", Input).value,
                                          analytic_text=self.query_one("#analytic", TextArea).text,
                                          introduction=introduction)
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("synthesis saved")

    def action_toggle_checked(self) -> None:
        done = not self.project.synthesizing.get(self.path).checked_by
        self.project.synthesizing.mark_recontextualised(self.path, done=done)
        self.reload()
        self.notify("read back against the transcripts" if done else "read-back check removed")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from .transcript import TranscriptScreen

        passage = self.places[int(str(event.row_key.value))]
        self.app.push_screen(TranscriptScreen(self.project, passage.document, passage.line,
                                              (passage.start, passage.end)))
