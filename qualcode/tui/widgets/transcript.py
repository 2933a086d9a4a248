"""A virtualised transcript view: the Line API draws only the visible rows, however long the text.

Each row: line number, a gutter with one marker per code on the row, the speaker where the text does
not name them, then the text. Coded spans are tinted in their code's colour blended into the theme's
background (readable in light and dark themes) and underlined; nothing depends on colour alone (the
markers, and the names of the codes at the cursor, say the same).

The view owns a cursor (a text offset) and a selection (anchor to cursor), moved by character, word,
row, sentence and turn, extended with shift (or N/P, } and {), snapped to sentence edges, or dragged
with the mouse. It posts SelectionChanged; the screen decides what to do with a selection.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...models import Document

NUMBER_WIDTH = 6  # line number column
MARK_WIDTH = 3  # two code markers and a space
SPEAKER_WIDTH = 11  # at most: a transcript whose every line names its speaker itself needs no column
GUTTER = NUMBER_WIDTH + MARK_WIDTH + SPEAKER_WIDTH  # the widest the gutter gets
TINT = 0.38  # how much of a code's colour shows through behind its text (less, where text would not read)
READABLE = 4.5  # WCAG AA contrast for text: speakers and coded text keep at least this in any theme
QUIET = 3.0  # line numbers and markers: quieter, still readable
SPEAKER_CLASSES = 6
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CodeLook:
    """How one code shows in the transcript: its marker in the gutter and its colour."""

    code_id: int
    name: str
    symbol: str
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class UnitMark:
    unit_id: int
    start: int
    end: int
    codes: tuple[CodeLook, ...]


class Row(NamedTuple):
    """One screen row: a wrapped piece of a text line (a tuple: a long transcript makes many)."""

    line: int  # 1-based line number in the stored text
    first: bool  # the first row of its line (shows number and speaker)
    speaker: str
    start: int  # offset of the piece in the document text
    text: str


class TranscriptView(ScrollView, can_focus=True):
    """Shows a document with line numbers, code markers and speakers, wrapped to the width, drawn lazily."""

    COMPONENT_CLASSES = {"transcript--number", "transcript--unit", "transcript--selection", "transcript--caret",
                         *(f"transcript--speaker-{n}" for n in range(SPEAKER_CLASSES))}
    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    TranscriptView > .transcript--number { color: $text-disabled; }
    TranscriptView > .transcript--unit { text-style: underline; }
    TranscriptView > .transcript--selection { background: $accent 45%; text-style: bold; }
    TranscriptView > .transcript--caret { text-style: reverse; }
    TranscriptView > .transcript--speaker-0 { color: $text-primary; text-style: bold; }
    TranscriptView > .transcript--speaker-1 { color: $text-warning; text-style: bold; }
    TranscriptView > .transcript--speaker-2 { color: $text-success; text-style: bold; }
    TranscriptView > .transcript--speaker-3 { color: $text-secondary; text-style: bold; }
    TranscriptView > .transcript--speaker-4 { color: $text-accent; text-style: bold; }
    TranscriptView > .transcript--speaker-5 { color: $text-error; text-style: bold; }
    """
    BINDINGS = [
        Binding("c", "request_code", "Code it",
                tooltip="Code the selected passage: the picker ranks codes as you type", id="transcript-code"),
        Binding("n", "sentence(1)", "Next sentence", tooltip="Select the next sentence", id="transcript-next-sentence"),
        Binding("p", "sentence(-1)", "Previous sentence",
                tooltip="Select the previous sentence", id="transcript-previous-sentence", show=False),
        Binding("N", "extend_sentence(1)", "Extend by a sentence", show=False,
                tooltip="Extend the selection by a sentence", id="transcript-extend-sentence"),
        Binding("P", "extend_sentence(-1)", "Extend back by a sentence", show=False,
                tooltip="Extend the selection back by a sentence", id="transcript-extend-sentence-back"),
        Binding("right_square_bracket", "turn(1)", "Next turn", show=False,
                tooltip="Select the next speaker's turn", id="transcript-next-turn"),
        Binding("left_square_bracket", "turn(-1)", "Previous turn", show=False,
                tooltip="Select the previous turn", id="transcript-previous-turn"),
        Binding("right_curly_bracket", "extend_turn(1)", "Extend by a turn", show=False,
                tooltip="Extend the selection by a turn", id="transcript-extend-turn"),
        Binding("left_curly_bracket", "extend_turn(-1)", "Extend back by a turn", show=False,
                tooltip="Extend the selection back by a turn", id="transcript-extend-turn-back"),
        Binding("s", "snap", "Snap to sentences", show=False,
                tooltip="Snap the selection to whole sentences", id="transcript-snap"),
        Binding("left", "character(-1)", "Character left", show=False, id="transcript-left"),
        Binding("right", "character(1)", "Character right", show=False, id="transcript-right"),
        Binding("shift+left", "character(-1, True)", "Extend left", show=False, id="transcript-shift-left"),
        Binding("shift+right", "character(1, True)", "Extend right", show=False, id="transcript-shift-right"),
        Binding("ctrl+left", "word(-1)", "Word left", show=False, id="transcript-ctrl-left"),
        Binding("ctrl+right", "word(1)", "Word right", show=False, id="transcript-ctrl-right"),
        Binding("ctrl+shift+left", "word(-1, True)", "Extend a word left", show=False, id="transcript-ctrl-shift-left"),
        Binding("ctrl+shift+right", "word(1, True)", "Extend a word right", show=False,
                id="transcript-ctrl-shift-right"),
        Binding("up", "row(-1)", "Row up", show=False, id="transcript-up"),
        Binding("down", "row(1)", "Row down", show=False, id="transcript-down"),
        Binding("shift+up", "row(-1, True)", "Extend a row up", show=False, id="transcript-shift-up"),
        Binding("shift+down", "row(1, True)", "Extend a row down", show=False, id="transcript-shift-down"),
        Binding("home", "row_edge(False)", "Row start", show=False, id="transcript-home"),
        Binding("end", "row_edge(True)", "Row end", show=False, id="transcript-end"),
        Binding("shift+home", "row_edge(False, True)", "Extend to row start", show=False, id="transcript-shift-home"),
        Binding("shift+end", "row_edge(True, True)", "Extend to row end", show=False, id="transcript-shift-end"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="transcript-pagedown"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="transcript-pageup"),
    ]

    highlight: reactive[tuple[int, int] | None] = reactive(None)  # the selection (or a search hit) as a span
    cursor: reactive[int | None] = reactive(None)  # the caret; None until the reader moves it

    @dataclass
    class SelectionChanged(Message):
        view: TranscriptView
        span: tuple[int, int] | None
        cursor: int | None

        @property
        def control(self) -> TranscriptView:
            return self.view

    @dataclass
    class CodeRequested(Message):
        """The reader asks to code the selection."""

        view: TranscriptView
        span: tuple[int, int]

        @property
        def control(self) -> TranscriptView:
            return self.view

    def __init__(self, document: Document | None, unit_spans: Sequence[tuple[int, int]] = (), *,
                 codes: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.codes = codes  # whether c asks to code the selection (step 2) or is not on offer (step 1)
        self.document = document
        self.units: list[UnitMark] = []
        self.sentences: list[tuple[int, int]] = []
        self.rows: list[Row] = []
        self._row_starts: list[int] = []
        self._unit_starts: list[int] = []
        self._longest_unit = 0
        self._wrapped_for = -1
        self.speaker_width = 0  # the speaker column of this document: see _speaker_column
        self._speaker_classes: dict[str, int] = {}
        self._styles: dict[str, Style] = {}
        self._anchor: int | None = None
        self._dragging = False
        self._wanted: int | None = None  # an offset to bring into view once the text is wrapped
        self.set_unit_spans(list(unit_spans))

    # what is shown

    def set_document(self, document: Document | None, unit_spans: Sequence[tuple[int, int]] = (), *,
                     units: Sequence[UnitMark] | None = None, sentences: Sequence[tuple[int, int]] = ()) -> None:
        """Show another transcript (or the same one read again), from its top."""
        self.document = document
        self.sentences = sorted(sentences)
        self._speaker_classes = {}
        self._wrapped_for = -1
        self._anchor = None
        self.set_reactive(TranscriptView.highlight, None)
        self.set_reactive(TranscriptView.cursor, None)
        if units is not None:
            self.set_units(units)
        else:
            self.set_unit_spans(list(unit_spans))
        if self.is_mounted:
            self._rewrap()
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def set_units(self, units: Sequence[UnitMark]) -> None:
        self.units = sorted(units, key=lambda u: (u.start, u.end, u.unit_id))
        self._unit_starts = [u.start for u in self.units]
        self._longest_unit = max((u.end - u.start for u in self.units), default=0)
        self.refresh()

    def set_unit_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Units without codes to show (plain underlines)."""
        self.set_units([UnitMark(0, start, end, ()) for start, end in spans])

    @property
    def unit_spans(self) -> list[tuple[int, int]]:
        return [(u.start, u.end) for u in self.units]

    def units_at(self, start: int, end: int | None = None) -> list[UnitMark]:
        """The units that overlap [start, end) (or hold the offset start)."""
        end = start + 1 if end is None else end
        low = bisect_left(self._unit_starts, start - self._longest_unit)
        high = bisect_right(self._unit_starts, end - 1) if end > start else bisect_right(self._unit_starts, start)
        return [u for u in self.units[low:high] if u.start < end and u.end > start]

    def codes_on_line_of(self, offset: int) -> list[CodeLook]:
        """The codes of the units on the line that holds the offset, each once, in order of their units."""
        if not self.document:
            return []
        text = self.document.text
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        found: dict[int, CodeLook] = {}
        for unit in self.units_at(start, len(text) if end < 0 else max(end, start + 1)):
            for code in unit.codes:
                found.setdefault(code.code_id, code)
        return list(found.values())

    # layout

    def on_resize(self) -> None:
        self._rewrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}  # a new theme: the tints are blended again

    def _rewrap(self) -> None:
        available = self.scrollable_content_region.width
        if available <= 0:
            return  # not laid out yet: wrapping now would be at a width the text never has
        if self._wrapped_for < 0:  # a new document: its speaker column first, then the wrap width
            self.speaker_width = _speaker_column(self.document)
        width = max(10, available - self.text_column - 1)
        if width == self._wrapped_for:
            return
        self._wrapped_for = width
        self.rows = list(_wrap_document(self.document, width)) if self.document else []
        self._row_starts = [row.start for row in self.rows]
        self.virtual_size = Size(available, len(self.rows))
        self.refresh()
        if self._wanted is not None:  # a passage asked for before the text was wrapped
            wanted, self._wanted = self._wanted, None
            self.call_after_refresh(self.scroll_to_offset, wanted)

    @property
    def text_column(self) -> int:
        """Columns before the text: line number, code markers, and the speaker column if any."""
        return NUMBER_WIDTH + MARK_WIDTH + self.speaker_width

    def row_of_offset(self, offset: int) -> int:
        return max(0, bisect_right(self._row_starts, offset) - 1)

    def row_of_line(self, line: int) -> int:
        for index, row in enumerate(self.rows):
            if row.line >= line:
                return index
        return max(0, len(self.rows) - 1)

    def scroll_to_line(self, line: int) -> None:
        self._rewrap()
        self.scroll_to(y=max(0, self.row_of_line(line) - 2), animate=False)

    def first_visible_offset(self) -> int:
        """The text offset at the top of the visible page: where a reader's cursor starts."""
        if not self.rows:
            return 0
        return self.rows[min(self.scroll_offset.y, len(self.rows) - 1)].start

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the row holding a text offset into view (a few rows from the top)."""
        self._rewrap()
        if not self.rows:
            self._wanted = offset
            return
        index = self.row_of_offset(offset)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if not top <= index < top + height - 1:
            self.scroll_to(y=max(0, index - 3), animate=False)

    def _keep_in_view(self, offset: int) -> None:
        if not self.rows:
            self._wanted = offset
            return
        index = self.row_of_offset(offset)
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def _visible(self, offset: int) -> bool:
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        return top <= self.row_of_offset(offset) < top + height

    # the cursor and the selection

    def watch_highlight(self) -> None:
        self.refresh()

    def watch_cursor(self) -> None:
        self.refresh()

    def select(self, start: int, end: int, *, cursor: int | None = None) -> None:
        """Select text[start:end] (the cursor at its end unless told), bringing it into view."""
        length = len(self.document.text) if self.document else 0
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if end < start:
            start, end = end, start
        self._anchor = start
        self.cursor = end if cursor is None else cursor
        self.highlight = (start, end) if end > start else None
        self._reveal(start, end)
        self._changed()

    def _reveal(self, start: int, end: int) -> None:
        """Bring a whole selection into view: left alone when it is, else its first row a third of the free
        rows down the page (the top row when it is taller than the page), so it never hangs off an edge."""
        if not self.rows:
            self._wanted = start
            return
        first, last = self.row_of_offset(start), self.row_of_offset(max(start, end - 1))
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if top <= first and last < top + height:
            return
        rows = last - first + 1
        self.scroll_to(y=first if rows >= height else max(0, first - (height - rows) // 3), animate=False)

    def move_to(self, offset: int, *, extend: bool = False) -> None:
        length = len(self.document.text) if self.document else 0
        offset = max(0, min(offset, length))
        if extend:
            anchor = self._anchor if self._anchor is not None else (self.cursor if self.cursor is not None
                                                                     else offset)
            self._anchor = anchor
            self.highlight = (min(anchor, offset), max(anchor, offset)) if anchor != offset else None
        else:
            self._anchor = offset
            self.highlight = None
        self.cursor = offset
        self._keep_in_view(offset)
        self._changed()

    def _start(self) -> int:
        """Where a move begins: the cursor if the reader can see it, else the top of the page they see."""
        if self.cursor is not None and self._visible(self.cursor):
            return self.cursor
        if self.highlight is not None and self._visible(self.highlight[0]):
            return self.highlight[1]
        start = self._talk_from(self.first_visible_offset())
        self._anchor = start
        return start

    def _talk_from(self, offset: int) -> int:
        """The offset, or where the talk begins if it is above that: a title and header are not coded."""
        turns = self.document.turns if self.document else ()
        return max(offset, turns[0].start) if turns else offset

    def _changed(self) -> None:
        self.post_message(self.SelectionChanged(self, self.highlight, self.cursor))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request_code":
            return self.codes
        return True

    def action_request_code(self) -> None:
        if self.highlight is None:
            self.notify("select a passage first: n a sentence, shift+arrows extend, or drag the mouse",
                        severity="warning")
            return
        self.post_message(self.CodeRequested(self, self.highlight))

    def action_character(self, step: int, extend: bool = False) -> None:
        start = self._start()
        if not extend and self.highlight and self.cursor is not None:  # an arrow leaves the selection at its edge
            start = self.highlight[0] if step < 0 else self.highlight[1]
            self.move_to(start)
            return
        self.move_to(start + step, extend=extend)

    def action_word(self, step: int, extend: bool = False) -> None:
        if not self.document:
            return
        text, start = self.document.text, self._start()
        if step > 0:
            match = _WORD.search(text, start + (1 if start < len(text) and _WORD.match(text, start) is None else 0))
            target = match.end() if match else len(text)
            if match and match.end() == start:
                following = _WORD.search(text, start + 1)
                target = following.end() if following else len(text)
        else:
            starts = [m.start() for m in _WORD.finditer(text, max(0, start - 200), start)]
            target = starts[-1] if starts else max(0, start - 200)
            if target == start and len(starts) > 1:
                target = starts[-2]
        self.move_to(target, extend=extend)

    def action_row(self, step: int, extend: bool = False) -> None:
        if not self.rows:
            return
        start = self._start()
        index = self.row_of_offset(start)
        column = cell_len(self.rows[index].text[: start - self.rows[index].start])
        target = max(0, min(len(self.rows) - 1, index + step))
        row = self.rows[target]
        self.move_to(row.start + _index_at_cells(row.text, column), extend=extend)

    def action_row_edge(self, end: bool, extend: bool = False) -> None:
        if not self.rows:
            return
        row = self.rows[self.row_of_offset(self._start())]
        self.move_to(row.start + (len(row.text.rstrip()) if end else 0), extend=extend)

    def action_page(self, step: int) -> None:
        # reading is paging: jump at once (an animated scroll redraws every frame on the way)
        if step > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.action_page(1)

    def action_page_up(self) -> None:
        self.action_page(-1)

    def action_sentence(self, step: int) -> None:
        """Select the next (or previous) sentence: the sentence boundaries proposed as units."""
        span = self._neighbour(self.sentences, step)
        if span:
            self.select(*span)

    def action_extend_sentence(self, step: int) -> None:
        self._extend(self.sentences, step)

    def action_turn(self, step: int) -> None:
        span = self._neighbour(self._turns(), step)
        if span:
            self.select(*span)

    def action_extend_turn(self, step: int) -> None:
        self._extend(self._turns(), step)

    def action_snap(self) -> None:
        """Widen the selection (or the cursor) to whole sentences."""
        if not self.sentences:
            return
        start, end = self.highlight or (self._start(), self._start())
        first = next((s for s in self.sentences if s[1] > start), None)
        last = next((s for s in reversed(self.sentences) if s[0] < max(end, start + 1)), None)
        if first and last:
            self.select(min(first[0], last[0]), max(first[1], last[1]))

    def _turns(self) -> list[tuple[int, int]]:
        if not self.document:
            return []
        return [(t.body_start, _trimmed_end(self.document.text, t.body_start, t.end)) for t in self.document.turns
                if t.end > t.body_start]

    def _neighbour(self, spans: list[tuple[int, int]], step: int) -> tuple[int, int] | None:
        if not spans:
            return None
        if self.cursor is None or not self._visible(self.cursor):
            top = self._talk_from(self.first_visible_offset())
            return next((s for s in spans if s[0] >= top), spans[-1])
        here = self.highlight[0] if self.highlight else self.cursor
        if step > 0:
            return next((s for s in spans if s[0] > here), spans[-1])
        return next((s for s in reversed(spans) if s[0] < here), spans[0])

    def _extend(self, spans: list[tuple[int, int]], step: int) -> None:
        if not spans:
            return
        start, end = self.highlight or (self._start(), self._start())
        if step > 0:
            after = next((s for s in spans if s[1] > end), None)
            if after:
                self.select(start, after[1])
        else:
            before = next((s for s in reversed(spans) if s[0] < start), None)
            if before:
                self.select(before[0], end, cursor=before[0])

    # the mouse: press, drag, release

    def _offset_at(self, x: int, y: int) -> int | None:
        index = self.scroll_offset.y + y
        if not self.rows or index < 0:
            return None
        row = self.rows[min(index, len(self.rows) - 1)]
        column = x + self.scroll_offset.x - self.text_column
        return row.start + _index_at_cells(row.text, max(0, column))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self.move_to(offset, extend=event.shift)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            offset = self._offset_at(event.x, event.y)
            if offset is not None:
                self.move_to(offset, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # drawing

    def _style(self, name: str) -> Style:
        if name not in self._styles:
            self._styles[name] = self.get_component_rich_style(name, partial=True)
        return self._styles[name]

    def _ground(self) -> tuple[Color, Color]:
        """The theme's text and background colours, as this widget draws them."""
        base = self.rich_style
        text = Color.from_rich_color(base.color) if base.color else Color(224, 224, 224)
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(30, 30, 30)
        return text, background

    def _tint(self, colour: str) -> Style:
        """A code's colour blended into the background, as far as the text on it stays readable."""
        key = f"tint {colour}"
        if key not in self._styles:
            text, background = self._ground()
            try:
                code = Color.parse(colour)
            except Exception:  # a colour the codebook holds but Textual cannot read: no tint, the marker stays
                code = background
            share = TINT
            mixed = background.blend(code, share)
            while share > 0.15 and contrast(text, mixed) < READABLE:
                share -= 0.05
                mixed = background.blend(code, share)
            self._styles[key] = Style(bgcolor=mixed.rich_color, color=towards_contrast(text, mixed, text).rich_color)
        return self._styles[key]

    def _selection_style(self) -> Style:
        """The theme's selection colour blended into the background as the stylesheet asks (an alpha that
        the terminal cannot show), and text on it that reads (gruvbox and textual-dark were 1.5:1)."""
        if "readable selection" not in self._styles:
            style = self._style("transcript--selection")
            text, background = self._ground()
            styles = self.get_component_styles("transcript--selection")
            wanted = styles.background
            mixed = background.blend(wanted.with_alpha(1.0), wanted.a) if wanted.a else background
            on_it = towards_contrast(text, mixed, text)
            self._styles["readable selection"] = style + Style(color=on_it.rich_color, bgcolor=mixed.rich_color)
        return self._styles["readable selection"]

    def _number_style(self) -> Style:
        """The line numbers: quieter than the text, but readable (some light themes' disabled colour is white)."""
        if "readable number" not in self._styles:
            style = self._style("transcript--number")
            text, background = self._ground()
            colour = Color.from_rich_color(style.color) if style.color else text
            self._styles["readable number"] = style + Style(
                color=towards_contrast(colour, background, text, minimum=QUIET).rich_color)
        return self._styles["readable number"]

    def _speaker_style(self, speaker: str) -> Style:
        if speaker not in self._speaker_classes:
            self._speaker_classes[speaker] = len(self._speaker_classes) % SPEAKER_CLASSES
        name = f"transcript--speaker-{self._speaker_classes[speaker]}"
        key = f"readable {name}"
        if key not in self._styles:
            style = self._style(name)
            text, background = self._ground()
            colour = Color.from_rich_color(style.color) if style.color else text
            readable = towards_contrast(colour, background, text)
            self._styles[key] = style + Style(color=readable.rich_color)
        return self._styles[key]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        row_end = row.start + len(row.text)
        units = self.units_at(row.start, max(row_end, row.start + 1))
        number = f"{row.line:>{NUMBER_WIDTH - 1}} " if row.first else " " * NUMBER_WIDTH
        speaker = (row.speaker[: self.speaker_width - 1] if row.first else "").ljust(self.speaker_width)
        segments = [Segment(number, base + self._number_style()), *self._marks(units, base),
                    Segment(speaker, base + self._speaker_style(row.speaker)), *self._text(row, units, base)]
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base)

    def _marks(self, units: list[UnitMark], base: Style) -> list[Segment]:
        codes: dict[int, CodeLook] = {}
        plain = False
        for unit in units:
            plain = plain or not unit.codes
            for code in unit.codes:
                codes.setdefault(code.code_id, code)
        shown = list(codes.values())
        segments = [Segment(code.symbol, base + self._tint(code.colour)) for code in shown[: MARK_WIDTH - 1]]
        if len(shown) > MARK_WIDTH - 1:
            segments[-1] = Segment("+", base + Style(bold=True))
        elif plain and len(segments) < MARK_WIDTH - 1:
            segments.append(Segment("│", base + self._style("transcript--number")))
        used = len(segments)
        return [*segments, Segment(" " * (MARK_WIDTH - used), base)]

    def _text(self, row: Row, units: list[UnitMark], base: Style) -> list[Segment]:
        """The row's text: coded spans tinted and underlined, the selection and the caret marked."""
        row_end = row.start + len(row.text)
        ranges: list[tuple[int, int, Style]] = []
        underline = self._style("transcript--unit")
        for unit in sorted(units, key=lambda u: u.start - u.end):  # wide ones first: the narrow tint wins
            tint = self._tint(unit.codes[0].colour) if unit.codes else Style()
            ranges.append((unit.start, unit.end, tint + underline))
        if self.highlight and self.highlight[0] < row_end and self.highlight[1] > row.start:
            ranges.append((*self.highlight, self._selection_style()))
        caret = self.cursor if self.highlight is None else None  # a selection shows itself; a caret, where it is
        if caret is not None and self.has_focus and row.start <= caret < max(row_end, row.start + 1):
            ranges.append((caret, caret + 1, self._style("transcript--caret")))
        text = row.text if row.text else " "
        if not ranges:
            return [Segment(row.text, base)]
        edges = {min(max(p - row.start, 0), len(text)) for s, e, _ in ranges for p in (s, e)}
        segments = []
        for a, b in pairwise(sorted({0, len(text)} | edges)):
            style = base
            for s, e, extra in ranges:
                if s <= row.start + a and row.start + b <= e:
                    style = style + extra
            segments.append(Segment(text[a:b], style))
        return segments


def luminance(colour: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def towards_contrast(colour: Color, background: Color, foreground: Color, *, minimum: float = 0.0) -> Color:
    """The colour, moved towards the theme's text colour until it reads on the background (WCAG AA), and on
    towards black or white where even the theme's text does not (solarized's low-contrast greys)."""
    wanted = minimum or READABLE
    extreme = Color(0, 0, 0) if luminance(background) > 0.18 else Color(255, 255, 255)
    moved = colour
    for target in (foreground, extreme):
        start, share = moved, 0.0
        while share < 1.0 and contrast(moved, background) < wanted:
            share = min(1.0, share + 0.1)
            moved = start.blend(target, share)
        if contrast(moved, background) >= wanted:
            break
    return moved


def _speaker_column(document: Document | None) -> int:
    """Room for the speaker beside the lines that do not name theirs: none when every line does."""
    if document is None:
        return 0
    unnamed = {speaker for _, _, speaker, line in document.lines() if speaker and not _starts_with_label(line, speaker)}
    return min(SPEAKER_WIDTH, max((len(speaker) + 1 for speaker in unnamed), default=0))


def _wrap_document(document: Document, width: int) -> Iterator[Row]:
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


def _wrap_line(line: str, width: int) -> Iterator[tuple[int, str]]:
    """Greedy word wrap by terminal cells; yields (offset in line, piece). Keeps every character."""
    if not line:
        yield 0, ""
        return
    if line.isascii() or cell_len(line) == len(line):
        yield from _wrap_narrow(line, width)
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


def _wrap_narrow(line: str, width: int) -> Iterator[tuple[int, str]]:
    """The same wrap for text whose every character is one cell wide (almost every transcript)."""
    start = 0
    while len(line) - start > width:
        end = start + width
        cut = line.rfind(" ", start, end)
        if cut > start:
            end = cut + 1
        yield start, line[start:end]
        start = end
    yield start, line[start:]


def _index_at_cells(text: str, cells: int) -> int:
    """The index of the character at a cell column of the text (its end beyond it)."""
    if text.isascii():
        return min(cells, len(text.rstrip("\n")))
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return index
    return len(text)


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return end
