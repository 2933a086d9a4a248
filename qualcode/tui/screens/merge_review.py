"""The merge review: both codebooks side by side with the proposed pairs, each side's units a key away.

On a project that `qualcode merge` made. a accepts the highlighted pair, r rejects it, p re-pairs B's
code with another of A's, x leaves it open; 1 and 2 show the units of A's and of B's code. w writes the
decisions into the review file and merges the two projects again with it, through the same domain
function as `qualcode merge --mapping` (the project is closed for that and opened again).
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static, Tree
from textual.widgets.tree import TreeNode

from ...codebook.model import join_path, split_path
from ...errors import QualcodeError
from ...project import Project
from ...team.matching import Proposal
from ...team.merge import ReviewCode, ReviewData, coders_of
from ..modals.pick_code import PickCode, Picked
from ..widgets.key_bar import KeyBar

_SHOWN = {"accept": "accepted", "reject": "rejected", "re-pair": "re-paired", "": "open"}


class MergeReviewScreen(Screen):
    DEFAULT_CSS = """
    MergeReviewScreen #sides { height: 2fr; }
    MergeReviewScreen #sides > Vertical { width: 1fr; }
    MergeReviewScreen Tree { height: 1fr; }
    MergeReviewScreen #pairs { height: 1fr; }
    MergeReviewScreen #units { height: 1fr; overflow-y: auto; border-top: solid $accent; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("a", "decide('accept')", "Accept", id="merge-accept"),
        Binding("r", "decide('reject')", "Reject", id="merge-reject"),
        Binding("p", "repair", "Re-pair", id="merge-repair"),
        Binding("x", "decide('')", "Open", id="merge-open"),
        Binding("1", "units('a')", "A's units", id="merge-units-a"),
        Binding("2", "units('b')", "B's units", id="merge-units-b"),
        Binding("w", "apply", "Write and merge", id="merge-apply"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self._opened_on = project
        self.data: ReviewData | None = None
        self.decided: dict[tuple[str, str], tuple[str, str]] = {}  # (B uid, A uid) -> (decision, re-pair)
        self.nodes: dict[str, dict[str, TreeNode]] = {"a": {}, "b": {}}
        self.last_report: list[str] = []

    @property
    def project(self) -> Project:
        return getattr(self.app, "project", self._opened_on)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("reading the two projects ...", id="status")
        with Horizontal(id="sides"):
            with Vertical():
                yield Label("A", id="a-name")
                yield Tree("A", id="a-codes")
            with Vertical():
                yield Label("B", id="b-name")
                yield Tree("B", id="b-codes")
        yield DataTable(id="pairs", cursor_type="row")
        yield Static(id="units")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Merge review · a accept · r reject · p re-pair · 1/2 units of A/B · w write and merge"
        self.query_one("#pairs", DataTable).add_columns("Score", "B's code", "A's code", "Why", "Decision")
        self.load()

    def load(self) -> None:
        record = self.project.team.merge_inputs()
        if not record:
            self._status(f"{self.project.path.name} was not made by a merge: run qualcode merge A B -o M, "
                         "then open M")
            return
        self._read_inputs(record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-review")
    def _read_inputs(self, record: dict) -> None:
        """Both inputs read on a worker (a snapshot of each, as the merge reads them)."""
        from ...team.merge import review_data

        try:
            data = review_data(record["a"], record["b"], mapping=record.get("review"), coders=coders_of(record))
        except QualcodeError as exc:
            self.app.call_from_thread(self._status, str(exc))
            return
        self.app.call_from_thread(self.show, data)

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))

    def show(self, data: ReviewData) -> None:
        self.data = data
        self.decided = {(p.b_uid, p.a_uid): _decision_of(p) for p in data.proposals if p.status != "pending"}
        self.query_one("#a-name", Label).update(Text(f"A: {data.a_name}"))
        self.query_one("#b-name", Label).update(Text(f"B: {data.b_name}"))
        for side, codes in (("a", data.a_codes), ("b", data.b_codes)):
            self.nodes[side] = _fill(self.query_one(f"#{side}-codes", Tree), codes)
        self._fill_pairs()
        pending = sum(1 for p in data.proposals if p.status == "pending")
        self._status(f"{len(data.proposals)} proposed pairs, {pending} open: nothing is merged without your say"
                     + (f" · last merge: {self.last_report[-1]}" if self.last_report else ""))
        self.query_one("#pairs", DataTable).focus()

    def _fill_pairs(self) -> None:
        table = self.query_one("#pairs", DataTable)
        row = table.cursor_row
        table.clear()
        for proposal in self._proposals():
            decision, again = self.decided.get((proposal.b_uid, proposal.a_uid), ("", ""))
            shown = _SHOWN[decision] + (f" -> {again}" if again else "")
            table.add_row(f"{proposal.score:.1f}", Text(proposal.b_path), Text(proposal.a_path),
                          proposal.reason, shown)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _proposals(self) -> list[Proposal]:
        return list(self.data.proposals) if self.data else []

    def current(self) -> Proposal | None:
        table = self.query_one("#pairs", DataTable)
        proposals = self._proposals()
        return proposals[table.cursor_row] if proposals and 0 <= table.cursor_row < len(proposals) else None

    @on(DataTable.RowHighlighted, "#pairs")
    def _follow(self, _: DataTable.RowHighlighted) -> None:
        """The highlighted pair's two codes are shown in their codebooks."""
        proposal = self.current()
        if proposal is None:
            return
        for side, uid in (("a", proposal.a_uid), ("b", proposal.b_uid)):
            node = self.nodes[side].get(uid)
            if node is not None:
                self.query_one(f"#{side}-codes", Tree).move_cursor(node)

    def action_decide(self, decision: str) -> None:
        proposal = self.current()
        if proposal is None:
            return
        for key in list(self.decided):
            if key[0] == proposal.b_uid:
                del self.decided[key]  # one decision per code of B
        if decision == "reject":
            for other in self._proposals():
                if other.b_uid == proposal.b_uid:
                    self.decided[(other.b_uid, other.a_uid)] = ("reject", "")
        elif decision:
            self.decided[(proposal.b_uid, proposal.a_uid)] = (decision, "")
        self._fill_pairs()

    def action_repair(self) -> None:
        proposal, data = self.current(), self.data
        if proposal is None or data is None:
            return
        depth = next((c.depth for c in data.b_codes if c.uid == proposal.b_uid), None)
        paths = [c.path for c in data.a_codes if c.depth == depth]

        def chosen(choice: Picked | None) -> None:
            if choice is None:
                return
            if choice.new:  # the merge pairs B's code with one A has; it makes no code of A's
                self.notify(f"{choice.path} is not one of A's codes: re-pair with one of them", severity="warning")
                return
            self.action_decide("")
            self.decided[(proposal.b_uid, proposal.a_uid)] = ("re-pair", choice.path)
            self._fill_pairs()

        self.app.push_screen(PickCode(paths, proposal.b_path, title="Pair B's code with one of A's"), chosen)

    def action_units(self, side: str) -> None:
        proposal, data = self.current(), self.data
        if proposal is None or data is None:
            return
        uid = proposal.a_uid if side == "a" else proposal.b_uid
        code = next((c for c in (data.a_codes if side == "a" else data.b_codes) if c.uid == uid), None)
        name = data.a_name if side == "a" else data.b_name
        if code is None:
            return
        lines = [f"[b]{escape(name)}: {escape(code.path)}[/b] ({len(code.units)} units)"]
        lines += [f"{number}. {escape(text)}" for number, text in enumerate(code.units, start=1)]
        self.query_one("#units", Static).update("\n".join(lines) if code.units else lines[0] + "\nno units")

    def action_apply(self) -> None:
        """Write the decisions into the review file, then merge again with it (after the screen shows it)."""
        if self.data is None:
            return
        self._status("writing the review file and merging again ...")
        self.call_after_refresh(self._apply_now)

    def _apply_now(self) -> None:
        from ...team.review import read_rows, with_code_decisions, write_review

        record = self.project.team.merge_inputs()
        review = record.get("review")
        if not review:
            self._status("this project was not made by a merge")
            return
        from pathlib import Path

        rows = with_code_decisions(read_rows(Path(review)), self.decided, self._proposals())
        write_review(Path(review), rows)
        try:
            report = _merge_again(self.app, record, Path(review))
        except QualcodeError as exc:
            self._status(f"the review file was written; merging again failed: {exc}")
            self.app.notify(str(exc), severity="warning", timeout=8)
            return
        from ...team.report import terminal_lines

        self.last_report = terminal_lines(report)
        self.app.notify(f"merged again: {len(report.paired)} pairs merged, {len(report.proposals)} open, "
                        f"dropped: {report.dropped}")
        self.load()


def _decision_of(proposal: Proposal) -> tuple[str, str]:
    if proposal.status == "accepted":
        return "accept", ""
    if proposal.status == "rejected":
        return "reject", ""
    return "re-pair", proposal.a_path


def _fill(tree: Tree, codes: tuple[ReviewCode, ...]) -> dict[str, TreeNode]:
    tree.clear()
    tree.root.expand()
    nodes: dict[str, TreeNode] = {}
    by_path: dict[str, TreeNode] = {}
    for code in sorted(codes, key=lambda c: (c.depth, c.path.casefold())):
        names = split_path(code.path)  # a name's own slash is written \/ in a path (m/ DPS)
        parent = by_path.get(join_path(names[:-1]), tree.root)
        label = Text(names[-1])
        label.append(f"  {len(code.units)}", style="dim")
        node = parent.add(label, data=code, expand=True)
        by_path[code.path] = node
        nodes[code.uid] = node
    return nodes


def _merge_again(app, record: dict, review):
    """Close the app's project, merge into it again, open it again: the file is replaced underneath."""
    from ...team.merge import merge_projects

    project: Project = app.project
    path, coder = project.path, project.coder
    writer = getattr(app, "writer", None)
    if writer is not None:
        writer.stop()
    project.close()
    try:
        return merge_projects(record["a"], record["b"], path, mapping=review, coders=coders_of(record), coder=coder,
                              review=review)
    finally:
        app.project = Project(path, coder)
        if writer is not None:
            from ..messages import ProjectChanged, Written

            app.writer = type(writer)(path, coder, lambda done: app.post_message(Written(done)))
            app.writer.start()
            if hasattr(app, "_seen_version"):
                app._seen_version = app.project.data_version()
            app.post_message(ProjectChanged(elsewhere=True))
