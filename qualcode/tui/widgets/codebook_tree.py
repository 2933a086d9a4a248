"""The codebook as a tree (code group > subgroup > code) with units and informants per code.

A row counts the units coded with its code or any code below it (a unit once), as `qualcode counts` does;
a code with nothing coded under it says "no units yet": "0 units · 0 informants" read as a count gone wrong.

reload() keeps what was open and where the cursor stood, by the codes' ids, so a rename or a merge made
here or elsewhere changes the labels without throwing the reader back to the top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...codebook.service import CodeInfo
from ...wording import plural


def counts_label(code: CodeInfo) -> str:
    """What a row says after the name: its units and informants, its subgroups' and codes' included."""
    if code.units == 0:
        return "no units yet"
    return f"{plural(code.units, 'unit')} · {plural(code.participants, 'informant')}"


class CodebookTree(Tree[CodeInfo]):
    """Posts CodeChosen on Enter; max_level 1 shows groups and subgroups only (steps 3 and 4)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open this code", id="codebook-open")]

    @dataclass
    class CodeChosen(Message):
        code: CodeInfo

        @property
        def control(self):  # the tree it came from, for @on(..., "#id") selectors
            return self._sender

    def __init__(self, *, max_level: int = 2, **kwargs) -> None:
        super().__init__("Codebook", **kwargs)
        self.max_level = max_level
        self._later: dict[int, tuple[CodeInfo, ...]] = {}
        self._shown = False  # the codes are read on a worker: until they come, a wanted cursor waits
        self._wanted: int | None = None
        self._moving_to: int | None = None  # a cursor move asked for and not made yet (it waits for a refresh)
        self.show_root = False
        self.guide_depth = 2

    def show(self, codes: Sequence[CodeInfo]) -> None:
        """Fill the tree; a subgroup's codes are added when it is first opened (2,000 codes stay quick)."""
        opened = {node.data.id for node in self._nodes_in_order() if node.data and node.is_expanded}
        first_time = not self.root.children
        current = self.cursor_node.data.id if self.cursor_node and self.cursor_node.data else None
        # where to go if that code is gone (deleted, merged away): its parent, else the line it was on
        parent = self.cursor_node.parent if self.cursor_node else None
        fallback = parent.data.id if parent is not None and parent.data else None
        line = self.cursor_line
        if self._moving_to is not None:  # a move not made yet wins over where the cursor still is
            current = self._moving_to
        if self._wanted is not None:
            current, self._wanted = self._wanted, None
        self._shown = True
        self.clear()
        self.root.expand()
        self._later = {}  # node id -> the codes it shows once opened
        for group in codes:
            node = self._add(self.root, group, expand=group.id in opened or first_time)
            for subgroup in group.children:
                if subgroup.level <= self.max_level:
                    child = self._add(node, subgroup, expand=subgroup.id in opened)
                    if subgroup.id in opened:
                        self._fill(child)
        if current is not None and self.select_code(current):
            return
        if fallback is not None and self.select_code(fallback):
            return
        self.call_after_refresh(self._cursor_to_line, max(0, line))

    def _cursor_to_line(self, line: int) -> None:
        self.cursor_line = min(line, max(0, self.last_line))

    def render_label(self, node: TreeNode[CodeInfo], base_style: Style, style: Style) -> Text:
        """The name and its counts; where the tree is too narrow for both, the name alone, and a name still too
        long ends in … (the screen beside the tree names the highlighted code whole)."""
        label = super().render_label(node, base_style, style)
        if node.data is None or self.size.width <= 0:
            return label
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room = self.size.width - depth * self.guide_depth - 2  # the guides, and a column to spare
        if label.cell_len <= room:
            return label
        prefix = label.plain[: len(label.plain) - len(node._label.plain)]
        short = Text(node.data.name, style=style)
        short.truncate(max(4, room - len(prefix)), overflow="ellipsis")  # a cut name says so (…)
        return Text.assemble((prefix, base_style), short)

    def get_label_width(self, node: TreeNode[CodeInfo]) -> int:
        """The whole label's width (name and counts), whatever is shown now: what the tree would like to have."""
        return super().render_label(node, Style(), Style()).cell_len

    def on_resize(self) -> None:
        self._invalidate()  # the labels depend on the width: drawn again, and the widest measured again

    def _add(self, parent: TreeNode[CodeInfo], code: CodeInfo, *, expand: bool) -> TreeNode[CodeInfo]:
        label = Text(code.name)
        label.append(f"  {counts_label(code)}", style="dim")
        below = tuple(child for child in code.children if child.level <= self.max_level)
        node = parent.add(label, data=code, allow_expand=bool(below), expand=expand)
        if below and code.level >= 1:
            self._later[node.id] = below
        return node

    def _fill(self, node: TreeNode[CodeInfo]) -> None:
        for code in self._later.pop(node.id, ()):
            self._add(node, code, expand=False)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[CodeInfo]) -> None:
        self._fill(event.node)

    def select_code(self, code_id: int) -> bool:
        """Move the cursor to a code (opening its parents); False if it is not in the tree.

        Before the codes have come from their worker the cursor goes there once they do."""
        if not self._shown:
            self._wanted = code_id
            return True
        for node in self._nodes_in_order():
            if node.data is None:
                continue
            if node.data.id != code_id and not any(c.id == code_id for c in self._later.get(node.id, ())):
                continue
            if node.data.id != code_id:  # a code not added yet: open its subgroup first
                self._fill(node)
                node.expand()
                node = next(child for child in node.children if child.data and child.data.id == code_id)
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            self._moving_to = code_id
            self.call_after_refresh(self._arrive, code_id)
            return True
        return False

    def _arrive(self, code_id: int) -> None:
        """The deferred move: to the code's node in the tree as it is now (a reload may have rebuilt it)."""
        if self._moving_to != code_id:
            return  # a later move was asked for
        self._moving_to = None
        node = next((n for n in self._nodes_in_order() if n.data is not None and n.data.id == code_id), None)
        if node is not None:
            self.move_cursor(node)

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
        Binding("enter", "select_cursor", "Next unit",
                tooltip="Go to the next unit of this code in the text", id="codebook-next-unit"),
        Binding("c", "edit('apply')", "Code with it",
                tooltip="Code the selected passage with this code", id="codebook-apply"),
        Binding("a", "edit('add')", "Add", tooltip="Add a code under this one", id="codebook-add"),
        Binding("r", "edit('rename')", "Rename",
                tooltip="Rename this code; the highlights follow", id="codebook-rename"),
        Binding("m", "edit('move')", "Move", tooltip="Move this code under another parent", id="codebook-move"),
        Binding("g", "edit('merge')", "Merge",
                tooltip="Merge this code into another; its units go along", id="codebook-merge"),
        Binding("delete,x", "edit('delete')", "Delete",
                tooltip="Delete this code (says how many units it holds, asks first)", id="codebook-delete"),
        Binding("s", "edit('split')", "Split off the selected units", show=False,
                tooltip="Split the selected units off into a new code", id="codebook-split"),
        Binding("K", "edit('colour')", "Colour", show=False,
                tooltip="Give this code another colour (its marker stays)", id="codebook-colour"),
        Binding("d", "edit('describe')", "Describe", show=False,
                tooltip="Write what this code means: its description in the codebook", id="codebook-describe"),
    ]

    @dataclass
    class EditRequested(Message):
        kind: str  # apply, add, rename, move, merge, split, colour, describe, delete
        code: CodeInfo

        @property
        def control(self):
            return self._sender

    def action_edit(self, kind: str) -> None:
        code = self.chosen
        if code is None:
            self.notify("move to a code first", severity="warning")
            return
        self.post_message(self.EditRequested(kind, code))
