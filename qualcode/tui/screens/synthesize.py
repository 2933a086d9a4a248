"""Mode 4, synthesis: the code groups and subgroups; Enter opens one to write what it found."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from ..widgets.codebook_tree import CodebookTree
from .base import StepScreen


class SynthesizeScreen(StepScreen):
    STEP = 4
    HELP = """Step 4, synthesis: for each subgroup write a heading that states the finding and an analytic
text in the third person ("most informants described ..."), with illustrative quotes; each code group
gets an introduction. Then read it back against the whole transcripts (recontextualisation) and look for
data that contradicts it."""

    def compose_body(self) -> ComposeResult:
        yield CodebookTree(max_level=1, id="codes")

    def on_mount(self) -> None:
        self.sub_title = "Step 4 · synthesis: Enter on a code group or subgroup"
        self.query_one(CodebookTree).focus()

    def reload(self) -> None:
        self.query_one(CodebookTree).show(self.project.codebook.tree())

    @on(CodebookTree.CodeChosen)
    def _open(self, event: CodebookTree.CodeChosen) -> None:
        from .synthesis import SynthesisScreen

        screen = self.attempt(lambda: SynthesisScreen(self.project, event.code.path))
        if screen is not None:
            self.app.push_screen(screen)
