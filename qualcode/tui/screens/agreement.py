"""Agreement between coders: the figures in one line, and the disagreements as a worklist; Enter on a
place opens it in step 2 (OpenPassage), the place selected and every coder's units underlined. The
worklist stays on the stack of the step it was opened over, whose key comes back to it (over step 2
itself the passage takes its place: OpenPassage clears step 2's stack)."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from ...codebook.model import split_path
from ...errors import QualcodeError
from ...project import Project
from ...team.agreement import UNITS
from ...team.disagreements import Disagreement
from ...wording import plural
from ..messages import OpenPassage
from ..widgets.key_bar import KeyBar


class AgreementScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("u", "next_unit", "Unit: character/sentence/turn", id="agreement-unit"),
        Binding("i", "toggle_interviewer", "Interviewer in/out", id="agreement-interviewer"),
    ]

    def __init__(self, project: Project, coders: list[str] | None = None) -> None:
        super().__init__()
        self.project = project
        self.coders = coders or project.team.coders()
        self.unit = UNITS[0]
        self.exclude_interviewer = False
        self.places: list[Disagreement] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=",".join(self.coders), placeholder="coders to compare: kari,ole", id="coders")
        yield Static(id="figures")
        yield DataTable(id="places", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Agreement · Enter on a place: the transcript there · u: unit · i: interviewer"
        self.query_one(DataTable).add_columns("Code", "Kind", "Where", "Who coded what", "Text")
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.places = []
        figures = self.query_one("#figures", Static)
        team, unit, interviewer = self.project.team, self.unit, self.exclude_interviewer
        try:
            report = team.agreement(self.coders, unit=unit, exclude_interviewer=interviewer)
            worklist = team.disagreements(self.coders, unit=unit, exclude_interviewer=interviewer)
        except QualcodeError as exc:
            figures.update(escape(str(exc)))
            return
        pooled = report.pooled
        kinds = ", ".join(f"{kind} {n}" for kind, n in _by_kind(worklist.disagreements).items())
        figures.update(escape(
            f"{report.scope.describe()} · {len(report.documents)} of {report.double_coded.documents_total} documents"
            f" · all codes pooled: agreement {pooled.percent_agreement.text(percent=True)},"
            f" kappa {pooled.kappa.text()}, alpha {pooled.alpha.text()} · mean of {plural(report.mean.codes, 'code')}:"
            f" kappa {report.mean.kappa.text()} · {plural(len(worklist.disagreements), 'place')} to discuss"
            + (f" ({kinds})" if kinds else "")))
        self.places = list(worklist.disagreements)
        for index, place in enumerate(self.places):
            who = "; ".join(f"{c.coder}: " + (", ".join(f"{s}-{e}" for s, e in c.spans) or
                                              (", ".join(c.other_codes) if c.other_codes else "—"))
                            for c in place.coders)
            table.add_row(escape(split_path(place.code)[-1]), place.kind, escape(place.where), escape(who),
                          escape(place.text[:80]), key=str(index))
        if self.places:
            table.focus()

    @on(Input.Submitted, "#coders")
    def _choose_coders(self, event: Input.Submitted) -> None:
        self.coders = [c.strip() for c in event.value.split(",") if c.strip()]
        self.reload()

    def action_next_unit(self) -> None:
        self.unit = UNITS[(UNITS.index(self.unit) + 1) % len(UNITS)]
        self.reload()

    def action_toggle_interviewer(self) -> None:
        self.exclude_interviewer = not self.exclude_interviewer
        self.reload()

    @on(DataTable.RowSelected, "#places")
    def _open(self, event: DataTable.RowSelected) -> None:
        place = self.places[int(str(event.row_key.value))]
        self.post_message(OpenPassage(place.document, place.start, place.end, step=2))


def _by_kind(places: list[Disagreement] | tuple[Disagreement, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for place in places:
        found[place.kind] = found.get(place.kind, 0) + 1
    return found
