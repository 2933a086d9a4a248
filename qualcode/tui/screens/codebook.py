"""The codebook as a tree with counts; Enter on a subgroup opens its condensation."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from ...codebook.service import CodeInfo
from ...project import Project
from ...wording import plural


class CodebookScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back"),
                Binding("s", "group_synthesis", "Synthesis", id="synthesis")]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tree("Codebook", id="codes")
        yield Static(id="description")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Codebook · Enter on a subgroup: condense · s: synthesis (heading, text)"
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        tree.root.expand()

        def add(parent, nodes: tuple[CodeInfo, ...] | list[CodeInfo]) -> None:
            for code in nodes:
                counts = f"{plural(code.units, 'unit')} · {plural(code.participants, 'informant')}"
                label = f"{escape(code.name)}  [dim]{counts}[/dim]"
                node = parent.add(label, data=code, expand=code.level == 0)
                add(node, code.children)

        add(tree.root, self.project.codebook.tree())
        tree.focus()

    @on(Tree.NodeHighlighted)
    def _describe(self, event: Tree.NodeHighlighted) -> None:
        code = event.node.data
        self.query_one("#description", Static).update(Text(code.description if code else ""))

    @on(Tree.NodeSelected)
    def _open(self, event: Tree.NodeSelected) -> None:
        code = event.node.data
        if code is not None and code.level == 1:
            from .subgroup import SubgroupScreen

            self.app.push_screen(SubgroupScreen(self.project, code.path))

    def action_group_synthesis(self) -> None:
        node = self.query_one(Tree).cursor_node
        code = node.data if node else None
        if code is None:
            return
        from .synthesis import SynthesisScreen

        self.app.push_screen(SynthesisScreen(self.project, code.path))
