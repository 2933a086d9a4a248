"""Where the analysis stands: figures per step of the method (the TUI's step bar, `qualcode status`)
and per document (the TUI's home screen). Read-only."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from .stc.context import Context
from .store import progress as store
from .wording import plural


@dataclass(frozen=True)
class StepProgress:
    """The four steps in figures. Steps 3 and 4 count the subgroups that hold units."""

    documents: int
    read: int  # read or re-read by this coder
    themes: int
    units: int  # units that carry a code
    code_groups: int  # code groups holding units
    subgroups: int  # subgroups holding units: what steps 3 and 4 work through
    condensed: int  # of those, with a condensate
    written: int  # with an analytic text
    checked: int  # read back against the transcripts

    def steps(self) -> list[tuple[int, str, str]]:
        """(step, name, figures) in the method's order, e.g. (1, 'Impression', '6/6 read · 5 themes')."""
        return [
            (1, "Impression", f"{self.read}/{self.documents} read · {plural(self.themes, 'theme')}"),
            (2, "Units", f"{self.units} · {plural(self.code_groups, 'group')}"),
            (3, "Condensed", f"{self.condensed}/{self.subgroups}"),
            (4, "Written", f"{self.written}/{self.subgroups} · checked {self.checked}/{self.subgroups}"),
        ]

    def line(self) -> str:
        """`1 Impression 6/6 read · 5 themes │ 2 Units 59 · 4 groups │ 3 Condensed 8/10 │ 4 Written 6/10 · ...`"""
        return " │ ".join(f"{number} {name} {figures}" for number, name, figures in self.steps())


@dataclass(frozen=True)
class DocumentProgress:
    label: str
    title: str
    kind: str
    words: int
    participants: tuple[str, ...]
    status: str  # this coder's reading status: unread, read, re-read
    units: int
    coded_share: float  # the part of the text (0-1) that lies inside some unit


class Progress:
    def __init__(self, context: Context) -> None:
        self._context = context

    def steps(self) -> StepProgress:
        counts = store.step_counts(self._context.conn, self._context.coder)
        return StepProgress(counts.documents, counts.read, counts.themes, counts.units, counts.code_groups,
                            counts.subgroups, counts.condensed, counts.written, counts.checked)

    def documents(self) -> builtins.list[DocumentProgress]:
        conn = self._context.conn
        spans = store.unit_spans_by_document(conn)
        return [DocumentProgress(d.label, d.title, d.kind, d.words, d.participants, d.status, d.units,
                                 covered(spans.get(d.id, [])) / d.length if d.length else 0.0)
                for d in store.document_counts(conn, self._context.coder)]


def covered(spans: builtins.list[tuple[int, int]]) -> int:
    """Characters inside at least one of the spans (sorted by start); overlaps count once."""
    total, reach = 0, 0
    for start, end in spans:
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total

