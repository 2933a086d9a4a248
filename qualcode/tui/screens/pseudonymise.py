"""Pseudonymisation: the proposed terms one by one, each hit in context; accept, edit or reject each.

The reviewed list is saved as the CSV `qualcode pseudonymise --apply` reads, or applied from here with a
key file outside the project's folder. Applying cannot be undone; the screen says so before it asks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...pseudonyms.detect import Proposal
from ...pseudonyms.matching import Replacement
from .base import StepScreen


@dataclass(frozen=True)
class Decision:
    proposal: Proposal
    replacement: str
    accepted: bool | None = None  # None: not yet decided


class PseudonymiseScreen(StepScreen):
    HELP = """Pseudonymisation: every proposed term with each place it occurs. a accepts a term, r rejects
it, e edits its replacement; s saves the list (CSV for qualcode pseudonymise --apply), k applies the
accepted terms with a key file outside the project's folder. Applying cannot be undone."""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="pseudonymise-back"),
        Binding("a", "accept", "Accept", id="pseudonymise-accept"),
        Binding("r", "reject", "Reject", id="pseudonymise-reject"),
        Binding("e", "edit", "Edit", id="pseudonymise-edit"),
        Binding("s", "save", "Save list", id="pseudonymise-save"),
        Binding("k", "apply", "Apply with key", id="pseudonymise-apply"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.decisions: list[Decision] = []
        self.asking: str | None = None  # what the input at the bottom is for: edit, save, apply

    def compose_body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="terms-side"):
                yield Static("Proposed terms", classes="section-title")
                yield OptionList(id="terms")
            with Vertical(id="hits-side"):
                yield Static("Where it occurs", classes="section-title")
                yield Static("", id="hits")
        yield Input(id="answer")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).display = False
        super().on_mount()

    def reload(self) -> None:
        if not self.decisions:
            self.decisions = [Decision(p, p.replacement) for p in self.project.pseudonyms.propose()]
        self._fill()

    def _fill(self) -> None:
        terms = self.query_one("#terms", OptionList)
        highlighted = terms.highlighted
        terms.clear_options()
        marks = {True: "✓", False: "✗", None: " "}
        terms.add_options([Option(Text(f"{marks[d.accepted]} {d.proposal.term} → {d.replacement} "
                                       f"({d.proposal.count}, {d.proposal.kind})"), id=str(i))
                           for i, d in enumerate(self.decisions)])
        if self.decisions:
            terms.highlighted = min(highlighted or 0, len(self.decisions) - 1)
        self._show_hits()

    def _current(self) -> int | None:
        return self.query_one("#terms", OptionList).highlighted

    @on(OptionList.OptionHighlighted)
    def _show_hits(self) -> None:
        index = self._current()
        shown = self.query_one("#hits", Static)
        if index is None or not self.decisions:
            shown.update("No terms proposed.")
            return
        lines = Text()
        for hit in self.project.pseudonyms.hits(self.decisions[index].proposal.term, limit=30):
            lines.append(f"{hit.document}: …{hit.before}")
            lines.append(hit.match, style="bold reverse")
            lines.append(f"{hit.after}…\n")
        shown.update(lines if lines.plain else "(not in the transcripts: in participants' attributes or labels)")

    def _decide(self, accepted: bool) -> None:
        index = self._current()
        if index is not None:
            self.decisions[index] = replace(self.decisions[index], accepted=accepted)
            self._fill()
            self.query_one("#terms", OptionList).highlighted = min(index + 1, len(self.decisions) - 1)

    def action_accept(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        self._decide(False)

    def _ask(self, what: str, placeholder: str, value: str = "") -> None:
        answer = self.query_one("#answer", Input)
        self.asking = what
        answer.placeholder, answer.value, answer.display = placeholder, value, True
        answer.focus()

    def action_edit(self) -> None:
        index = self._current()
        if index is not None:
            self._ask("edit", "the replacement, e.g. [kommune A]", self.decisions[index].replacement)

    def action_save(self) -> None:
        suggested = self.project.path.with_name(f"{self.project.path.stem}-navn.csv")
        self._ask("save", "save the list as (CSV)", str(suggested))

    def action_apply(self) -> None:
        if not self._accepted():
            self.notify("accept some terms first (a)", severity="warning")
            return
        self._ask("apply", "key file, outside the project's folder (this cannot be undone)")

    def _accepted(self) -> list[Replacement]:
        return [Replacement(d.proposal.term, d.replacement) for d in self.decisions if d.accepted and d.replacement]

    @on(Input.Submitted, "#answer")
    def _answered(self, event: Input.Submitted) -> None:
        answer = self.query_one("#answer", Input)
        answer.display = False
        self.query_one("#terms", OptionList).focus()
        value, what, self.asking = event.value.strip(), self.asking, None
        if what == "edit" and value and (index := self._current()) is not None:
            self.decisions[index] = replace(self.decisions[index], replacement=value, accepted=True)
            self._fill()
        elif what == "save" and value:
            chosen = [replace(d.proposal, replacement=d.replacement if d.accepted else "") for d in self.decisions]
            written = self.attempt(lambda: self.project.pseudonyms.write_proposals(chosen, value))
            if written:
                self.notify(f"list saved: {written} (rejected terms have no replacement)")
        elif what == "apply" and value:
            pairs = self._accepted()
            self.write(lambda project: project.pseudonyms.apply(pairs, key=value), what="pseudonymise",
                       done=lambda applied: self.notify(f"{applied.replaced} hits replaced; key: {applied.key}"))
            self.decisions = []
