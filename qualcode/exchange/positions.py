"""Selection positions as other programs count them, converted at the edge to our offsets.

REFI-QDA says positions count characters, but writers disagree on what a character is: Python tools count
code points, NVivo counts UTF-16 code units (an emoji is two), and some count a CRLF line break as one.
Each reading is tried on every selection of the archive; the one that puts the most selections on word edges
(and, where the writer put the selected text in the selection's name, matches the most names) is kept,
and the report says which and by how much. Then each position is moved from the source file's text to the
text we store (\\n line breaks, NFC), so `text[start:end]` is the selection.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..ingest.encoding import normalise


@dataclass(frozen=True)
class Reading:
    key: str
    label: str
    utf16: bool
    crlf_as_one: bool


READINGS = (  # in this order when the evidence ties: what the standard says first
    Reading("code-points", "code points", utf16=False, crlf_as_one=False),
    Reading("code-points-crlf-1", "code points, CRLF counted as one", utf16=False, crlf_as_one=True),
    Reading("utf-16", "UTF-16 code units, CRLF counted as two", utf16=True, crlf_as_one=False),
    Reading("utf-16-crlf-1", "UTF-16 code units, CRLF counted as one", utf16=True, crlf_as_one=True),
)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")
_REPLACED = re.compile("\r\n|[\r\ufeff\x00\f\u2028\u2029]")  # what normalise() replaces, besides NFC
_REPLACEMENTS = {"\r\n": "\n", "\r": "\n", "\ufeff": "", "\x00": "", "\f": "\n", "\u2028": "\n", "\u2029": "\n\n"}


@dataclass(frozen=True)
class Span:
    """A selection as written: positions in the writer's counting, and the name it was given."""

    start: int
    end: int
    name: str = ""


@dataclass(frozen=True)
class Score:
    placed: int  # inside the text, start before end
    on_edges: int  # both ends on word edges
    names_matched: int  # the selected text begins with (or holds) the selection's name
    tight: int = 0  # neither begins nor ends with white space: what a person selects
    names_exact: int = 0  # the selected text is the name (not only begins with it)

    def key(self) -> tuple[int, int, int, int, int]:
        return self.names_exact, self.names_matched, self.on_edges, self.tight, self.placed


@dataclass(frozen=True)
class Choice:
    reading: Reading
    scores: dict[str, Score]  # reading key -> its score
    total: int  # selections weighed
    differs: bool  # some text has a CRLF or a character beyond the BMP: the readings can disagree

    @property
    def distinct(self) -> bool:
        return len({score.key() for score in self.scores.values()}) > 1

    def describe(self) -> str:
        chosen = self.scores[self.reading.key]
        names = f", {chosen.names_matched} names matched" if chosen.names_matched else ""
        head = (f"positions read as {self.reading.label}: {chosen.on_edges} of {self.total} selections on word "
                f"edges{names}")
        if not self.differs:
            return f"{head} (the readings agree: no CRLF and no character beyond the BMP in the texts)"
        if not self.distinct:
            return f"{head} (every reading places them alike, so the standard's code points are kept)"
        others = "; ".join(f"as {r.label}: {self.scores[r.key].on_edges}" for r in READINGS
                           if r.key != self.reading.key)
        return f"{head} ({others})"


def positions_of(text: str, reading: Reading) -> Callable[[int], int | None]:
    """The function from a position in this reading to an index into text (None: not a character boundary).

    Only the places where the readings differ are listed (characters beyond the BMP count two UTF-16 units,
    the \\n of a CRLF counts nothing when CRLF is one); a position is then found by bisection."""
    events: list[tuple[int, int]] = []  # (index of the character, what it adds to the positions after it)
    if reading.utf16:
        events += [(m.start(), 1) for m in _ASTRAL.finditer(text)]
    if reading.crlf_as_one:
        events += [(m.start() + 1, -1) for m in _CRLF.finditer(text)]
    if not events:
        return lambda position: position if 0 <= position <= len(text) else None
    events.sort()
    indexes = [index for index, _ in events]
    totals = list(accumulate(delta for _, delta in events))

    def position_at(index: int) -> int:
        before = bisect.bisect_left(indexes, index)  # events of characters before this index
        return index + (totals[before - 1] if before else 0)

    def index_of(position: int) -> int | None:
        low, high = 0, len(text)
        if not 0 <= position <= position_at(high):
            return None
        while low < high:  # the last index whose position is at most the one asked for: after a CRLF
            middle = (low + high + 1) // 2
            if position_at(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low if position_at(low) == position else None

    return index_of


def is_word_edge(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (_is_word(text[index - 1]) and _is_word(text[index]))


def _is_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def name_matches(selected: str, name: str) -> bool:
    """ATLAS.ti names a selection by its text, cut with '…'; qc by its line ('line:6'), which never matches."""
    squashed = " ".join(selected.split())
    core = " ".join(name.split())
    if core and squashed == core:
        return True
    for ellipsis in ("…", "..."):
        core = core.removesuffix(ellipsis).rstrip()
    if len(core) < 3:  # a short name could be anywhere
        return False
    return squashed.startswith(core) or core in squashed


def score(texts: Sequence[tuple[str, Sequence[Span]]], reading: Reading) -> Score:
    placed = on_edges = names = tight = exact = 0
    for text, spans in texts:
        index_of = positions_of(text, reading)
        for span in spans:
            start, end = index_of(span.start), index_of(span.end)
            if start is None or end is None or not start < end:
                continue
            placed += 1
            if is_word_edge(text, start) and is_word_edge(text, end):
                on_edges += 1
            selected = text[start:end]
            if span.name and name_matches(selected, span.name):
                names += 1
                exact += " ".join(selected.split()) == " ".join(span.name.split())
            if selected == selected.strip():
                tight += 1
    return Score(placed, on_edges, names, tight, exact)


def has_astral(text: str) -> bool:
    """Whether a character lies beyond U+FFFF (two UTF-16 units): the encoder answers faster than a search."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def choose(texts: Sequence[tuple[str, Sequence[Span]]], *, ours: bool = False) -> Choice:
    """The reading with the best evidence over every selection of the archive (one writer, one counting).

    ours: qualcode wrote the archive, in code points; kept unless another reading puts more selections on
    word edges (another program rewrote it), so an odd selection of white space cannot tip the choice."""
    total = sum(len(spans) for _, spans in texts)
    relevant = [(text, spans) for text, spans in texts if spans]
    differs = any(has_astral(text) or "\r\n" in text for text, _ in relevant)
    scores = {reading.key: score(relevant, reading) for reading in (READINGS if differs else READINGS[:1])}
    best = max(READINGS[:len(scores)], key=lambda r: scores[r.key].key())  # max keeps the first of equals
    if ours and scores[READINGS[0].key].on_edges >= scores[best.key].on_edges:
        best = READINGS[0]
    return Choice(best, scores, total, bool(differs))


class StoredOffsets:
    """Moves an index into a source file's text to an index into the text we store (normalise() of it)."""

    def __init__(self, raw: str) -> None:
        self.text = normalise(raw)
        same = self.text == raw
        self._map: Callable[[int], int] | None = (lambda index: index) if same else _index_map(raw, self.text)

    @property
    def exact(self) -> bool:
        """False when the stored text could not be lined up with the file's (then positions are refused)."""
        return self._map is not None

    def __call__(self, index: int) -> int:
        return self._map(index) if self._map is not None else index


def _index_map(raw: str, stored: str) -> Callable[[int], int] | None:
    """index into raw -> index into stored; None if the steps of normalise() cannot be retraced."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []  # (start, end, total change in length after it) per replacement
    last = change = 0
    for match in _REPLACED.finditer(raw):
        replacement = _REPLACEMENTS[match.group()]
        pieces += [raw[last:match.start()], replacement]
        change += len(replacement) - (match.end() - match.start())
        spans.append((match.start(), match.end(), change))
        last = match.end()
    pieces.append(raw[last:])
    cleaned = "".join(pieces)
    if not unicodedata.is_normalized("NFC", cleaned):
        return _composed_index_map(raw, stored)
    lead = len(cleaned) - len(cleaned.lstrip("\n"))
    if cleaned.strip("\n") != stored:
        return None
    starts = [start for start, _, _ in spans]

    def moved(index: int) -> int:
        before = bisect.bisect_left(starts, index)
        if not before:
            position = index
        else:
            start, end, total = spans[before - 1]
            position = (end if index < end else index) + total  # inside a CRLF: after it
        return min(max(position - lead, 0), len(stored))

    return moved


def _composed_index_map(raw: str, stored: str) -> Callable[[int], int] | None:
    """The slow way, for text that NFC changes: cluster by cluster (a base and its combining marks)."""
    mapping: list[int] = []
    pieces: list[str] = []
    length = index = 0
    while index < len(raw):
        end = index + 2 if raw[index:index + 2] == "\r\n" else index + 1
        while end < len(raw) and unicodedata.combining(raw[end]):
            end += 1
        piece = raw[index:end]
        piece = _REPLACEMENTS.get(piece) or "".join(_REPLACEMENTS.get(c, c) for c in piece)
        piece = unicodedata.normalize("NFC", piece)
        mapping.extend([length] * (end - index))
        pieces.append(piece)
        length += len(piece)
        index = end
    mapping.append(length)
    joined = "".join(pieces)
    lead = len(joined) - len(joined.lstrip("\n"))
    if joined.strip("\n") != stored:
        return None
    return lambda i: min(max(mapping[min(max(i, 0), len(mapping) - 1)] - lead, 0), len(stored))
