"""Mode 2, meaning units: a transcript read line by line, its units marked, coded from the codebook."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from ...codebook.service import flatten
from ..widgets.code_looks import code_looks
from ..widgets.transcript import TranscriptView, UnitMark
from .pick_code import PickCode
from .reading import ReadingScreen


class UnitsScreen(ReadingScreen):
    STEP = 2
    HELP = """Step 2, meaning units: read the transcript line by line and mark every passage that says
something about your research question (a meaning unit); sort each under a code of the codebook. Codes
sit under subgroups and code groups; a theme from step 1 becomes a code group."""
    def compose_body(self) -> ComposeResult:
        yield Static("", id="no-documents")
        yield TranscriptView(None, id="transcript")
        yield Static("", id="codes-here")

    def unit_marks(self) -> list[UnitMark]:
        assert self.document is not None
        looks = code_looks(self.project.codebook.tree())
        return [UnitMark(u.id, u.start, u.end, tuple(looks[c] for c in u.codes if c in looks))
                for u in self.project.units.list(document=self.document.label)]

    @on(TranscriptView.SelectionChanged)
    def _say_codes_here(self, event: TranscriptView.SelectionChanged) -> None:
        self._show_codes_here()

    def reload(self) -> None:
        super().reload()
        self._show_codes_here()

    def _show_codes_here(self) -> None:
        view = self.query_one(TranscriptView)
        here = view.cursor if view.cursor is not None else view.first_visible_offset()
        line = Text(" ")
        if self.document is not None:
            line.append(f"line {self.document.text.count(chr(10), 0, here) + 1}", style="dim")
        for code in view.codes_on_line_of(here):
            line.append("  ")
            line.append(code.symbol, style=f"on {code.colour}")
            line.append(f" {code.name}")
        self.query_one("#codes-here", Static).update(line)

    def selection(self) -> tuple[int, int] | None:
        return self.query_one(TranscriptView).highlight if self.document is not None else None

    @on(TranscriptView.CodeRequested)
    def _code(self, event: TranscriptView.CodeRequested) -> None:
        if self.document is None:
            return
        start, end = event.span
        paths = [c.path for c in flatten(self.project.codebook.tree()) if c.level >= 1]

        def picked(path: str | None) -> None:
            if path:
                self.apply_code(path, (start, end))

        self.app.push_screen(PickCode(paths, self.document.text[start:end]), picked)

    def apply_code(self, path: str, span: tuple[int, int] | None = None) -> None:
        """Code the span (the selection) with the code at path, making the code if it is new."""
        span = span or self.selection()
        if self.document is None or span is None:
            return
        label, (start, end) = self.document.label, span
        self.write(lambda project: project.units.create(label, start, end, codes=[path], create_codes=True),
                   what="code unit", done=lambda unit_id: self.notify(f"unit {unit_id} coded {path}"))
