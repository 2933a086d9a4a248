"""The codebook as a tree (code group > subgroup > code) with units and informants per code.

reload() keeps what was open and where the cursor stood, by the codes' ids, so a rename or a merge made
here or elsewhere changes the labels without throwing the reader back to the top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...codebook.service import CodeInfo
from ...wording import plural


class CodebookTree(Tree[CodeInfo]):
    """Posts CodeChosen on Enter; max_level 1 shows groups and subgroups only (steps 3 and 4)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="codebook-open")]

    @dataclass
    class CodeChosen(Message):
        code: CodeInfo

    def __init__(self, *, max_level: int = 2, **kwargs) -> None:
        super().__init__("Codebook", **kwargs)
        self.max_level = max_level
        self.show_root = False
        self.guide_depth = 2

    def show(self, codes: Sequence[CodeInfo]) -> None:
        opened = {node.data.id for node in self._nodes_in_order() if node.data and node.is_expanded}
        first_time = not self.root.children
        current = self.cursor_node.data.id if self.cursor_node and self.cursor_node.data else None
        self.clear()
        self.root.expand()

        def add(parent: TreeNode[CodeInfo], nodes: Sequence[CodeInfo]) -> None:
            for code in nodes:
                if code.level > self.max_level:
                    continue
                label = Text(code.name)
                label.append(f"  {plural(code.units, 'unit')} · {plural(code.participants, 'informant')}",
                             style="dim")
                leaf = not any(child.level <= self.max_level for child in code.children)
                node = parent.add(label, data=code, allow_expand=not leaf,
                                  expand=code.id in opened or (first_time and code.level == 0))
                add(node, code.children)

        add(self.root, codes)
        if current is None or not self.select_code(current):
            self.call_after_refresh(self.move_cursor, self.root.children[0] if self.root.children else None)

    def select_code(self, code_id: int) -> bool:
        """Move the cursor to a code (opening its parents); False if it is not in the tree."""
        for node in self._nodes_in_order():
            if node.data and node.data.id == code_id:
                parent = node.parent
                while parent is not None:
                    parent.expand()
                    parent = parent.parent
                self.call_after_refresh(self.move_cursor, node)
                return True
        return False

    @property
    def chosen(self) -> CodeInfo | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def _nodes_in_order(self) -> list[TreeNode[CodeInfo]]:
        found: list[TreeNode[CodeInfo]] = []
        pending = list(reversed(self.root.children))
        while pending:
            node = pending.pop()
            found.append(node)
            pending.extend(reversed(node.children))
        return found

    def _on_tree_node_selected(self, event: Tree.NodeSelected[CodeInfo]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.CodeChosen(event.node.data))


class CodebookPanel(CodebookTree):
    """The codebook beside a transcript (step 2): Enter jumps to the code's next unit, and the keys below
    ask the screen to change the codebook (it asks for names and confirmation, the domain acts)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Next unit", id="codebook-next-unit"),
        Binding("c", "edit('apply')", "Code with it", id="codebook-apply"),
        Binding("a", "edit('add')", "Add", id="codebook-add"),
        Binding("r", "edit('rename')", "Rename", id="codebook-rename"),
        Binding("m", "edit('move')", "Move", id="codebook-move"),
        Binding("g", "edit('merge')", "Merge", id="codebook-merge"),
        Binding("delete,x", "edit('delete')", "Delete", id="codebook-delete"),
        Binding("s", "edit('split')", "Split off the selected units", show=False, id="codebook-split"),
        Binding("K", "edit('colour')", "Colour", show=False, id="codebook-colour"),
        Binding("d", "edit('describe')", "Describe", show=False, id="codebook-describe"),
    ]

    @dataclass
    class EditRequested(Message):
        kind: str  # apply, add, rename, move, merge, split, colour, describe, delete
        code: CodeInfo

    def action_edit(self, kind: str) -> None:
        code = self.chosen
        if code is None:
            self.notify("move to a code first", severity="warning")
            return
        self.post_message(self.EditRequested(kind, code))
