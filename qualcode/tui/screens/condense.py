"""Mode 3, condensation: the code groups and their subgroups; Enter opens a subgroup to condense it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from ..widgets.codebook_tree import CodebookTree
from .base import StepScreen


class CondenseScreen(StepScreen):
    STEP = 3
    HELP = """Step 3, condensation: for each code group, sort its units into a few subgroups; read each
subgroup's units as text only (decontextualised), then write its condensate: an "artificial quotation"
in the first person that keeps the informants' words. Pick one golden nugget, the authentic quote that
shows the subgroup best."""

    def compose_body(self) -> ComposeResult:
        yield CodebookTree(max_level=1, id="codes")

    def on_mount(self) -> None:
        self.sub_title = "Step 3 · condensation: Enter on a subgroup"
        super().on_mount()
        self.query_one(CodebookTree).focus()

    def reload(self) -> None:
        self.query_one(CodebookTree).show(self.project.codebook.tree())

    @on(CodebookTree.CodeChosen)
    def _open(self, event: CodebookTree.CodeChosen) -> None:
        if event.code.level != 1:
            return
        from .subgroup import SubgroupScreen

        screen = self.attempt(lambda: SubgroupScreen(self.project, event.code.path))
        if screen is not None:
            self.app.push_screen(screen)
