"""A virtualised transcript view: the Line API draws only the visible rows, however long the text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...models import Document

GUTTER = 6  # line number column
SPEAKER_WIDTH = 11
_UNIT = Style(underline=True, color="#a3be8c")
_MARK = Style(bgcolor="#3b4252", bold=True)
_SPEAKER_COLOURS = ["#e5c07b", "#61afef", "#98c379", "#c678dd", "#56b6c2", "#e06c75", "#d19a66"]


@dataclass(frozen=True)
class Row:
    """One screen row: a wrapped piece of a text line."""

    line: int  # 1-based line number in the stored text
    first: bool  # the first row of its line (shows number and speaker)
    speaker: str
    start: int  # offset of the piece in the document text
    text: str


class TranscriptView(ScrollView, can_focus=True):
    """Shows a document with line numbers and speakers, wrapped to the width, drawn lazily."""

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    """
    highlight: reactive[tuple[int, int] | None] = reactive(None)

    def __init__(self, document: Document | None, unit_spans: Sequence[tuple[int, int]] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.document = document
        self.unit_spans = sorted(unit_spans)
        self.rows: list[Row] = []
        self._wrapped_for = -1
        self._speaker_styles: dict[str, Style] = {}

    def set_document(self, document: Document | None, unit_spans: Sequence[tuple[int, int]] = ()) -> None:
        """Show another transcript (or the same one read again), from its top."""
        self.document = document
        self.unit_spans = sorted(unit_spans)
        self.highlight = None
        self._speaker_styles = {}
        self._wrapped_for = -1
        if self.is_mounted:
            self._rewrap()
            self.scroll_to(y=0, animate=False)
        self.refresh()

    # Reading is paging: jump at once, an animated scroll redraws every frame on the way.
    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = max(10, self.scrollable_content_region.width - GUTTER - SPEAKER_WIDTH - 1)
        if width == self._wrapped_for:
            return
        self._wrapped_for = width
        self.rows = list(_wrap_document(self.document, width)) if self.document else []
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self.refresh()

    def row_of_line(self, line: int) -> int:
        for index, row in enumerate(self.rows):
            if row.line >= line:
                return index
        return max(0, len(self.rows) - 1)

    def scroll_to_line(self, line: int) -> None:
        self._rewrap()
        self.scroll_to(y=max(0, self.row_of_line(line) - 2), animate=False)

    def watch_highlight(self) -> None:
        self.refresh()

    def set_unit_spans(self, spans: list[tuple[int, int]]) -> None:
        self.unit_spans = sorted(spans)
        self.refresh()

    def first_visible_offset(self) -> int:
        """The text offset at the top of the visible page: where a reader's cursor starts."""
        if not self.rows:
            return 0
        return self.rows[min(self.scroll_offset.y, len(self.rows) - 1)].start

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the row holding a text offset into view (a few rows from the top)."""
        self._rewrap()
        index = max(0, bisect_right([r.start for r in self.rows], offset) - 1)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if not top <= index < top + height - 1:
            self.scroll_to(y=max(0, index - 3), animate=False)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        base = self.rich_style
        number = f"{row.line:>{GUTTER - 1}} " if row.first else " " * GUTTER
        speaker = (row.speaker[: SPEAKER_WIDTH - 1] if row.first else "").ljust(SPEAKER_WIDTH)
        segments = [
            Segment(number, base + Style(color="#6b7280")),
            Segment(speaker, base + self._speaker_style(row.speaker)),
            *self._text_segments(row, base),
        ]
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base)

    def _text_segments(self, row: Row, base: Style) -> list[Segment]:
        """The row's text with coded units underlined and the highlight (cursor or hit) marked."""
        row_end = row.start + len(row.text)
        ranges = [(s, e, _UNIT) for s, e in self.unit_spans if s < row_end and e > row.start]
        if self.highlight and self.highlight[0] < row_end and self.highlight[1] > row.start:
            ranges.append((*self.highlight, _MARK))
        if not ranges:
            return [Segment(row.text, base)]
        edges = {min(max(p - row.start, 0), len(row.text)) for s, e, _ in ranges for p in (s, e)}
        cuts = sorted({0, len(row.text)} | edges)
        segments = []
        for a, b in pairwise(cuts):
            style = base
            for s, e, extra in ranges:
                if s <= row.start + a and row.start + b <= e:
                    style = style + extra
            segments.append(Segment(row.text[a:b], style))
        return segments

    def _speaker_style(self, speaker: str) -> Style:
        if speaker not in self._speaker_styles:
            colour = _SPEAKER_COLOURS[len(self._speaker_styles) % len(_SPEAKER_COLOURS)]
            self._speaker_styles[speaker] = Style(color=colour, bold=True)
        return self._speaker_styles[speaker]


def _wrap_document(document: Document, width: int):
    for number, position, speaker, line in document.lines():
        if speaker and _starts_with_label(line, speaker):
            speaker = ""  # the label is right there in the text; the column is for continuation lines
        first = True
        for offset, piece in _wrap_line(line, width):
            yield Row(number, first, speaker, position + offset, piece)
            first = False


def _starts_with_label(line: str, speaker: str) -> bool:
    stripped = line.lstrip(" \t*_[]0123456789:.,")
    return line.lstrip().startswith(speaker) or stripped.startswith(speaker)


def _wrap_line(line: str, width: int):
    """Greedy word wrap by terminal cells; yields (offset in line, piece). Keeps every character."""
    if not line:
        yield 0, ""
        return
    start = 0
    while start < len(line):
        if cell_len(line[start:]) <= width:
            yield start, line[start:]
            return
        end = start
        cells = 0
        while end < len(line) and cells + cell_len(line[end]) <= width:
            cells += cell_len(line[end])
            end += 1
        cut = line.rfind(" ", start, end)
        if cut > start:
            end = cut + 1
        yield start, line[start:end]
        start = end
