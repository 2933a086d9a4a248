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

    def key(self) -> tuple[int, int, int]:
        return self.names_matched, self.on_edges, self.placed


@dataclass(frozen=True)
class Choice:
    reading: Reading
    scores: dict[str, Score]  # reading key -> its score
    total: int  # selections weighed
    distinct: bool  # False when every reading gives the same answer (no CRLF, nothing beyond the BMP)

    def describe(self) -> str:
        chosen = self.scores[self.reading.key]
        if not self.distinct:
            return (f"positions read as {self.reading.label}: {chosen.on_edges} of {self.total} selections on "
                    "word edges (the readings agree: no CRLF and no character outside the BMP before a selection)")
        others = "; ".join(f"as {r.label}: {self.scores[r.key].on_edges}" for r in READINGS
                           if r.key != self.reading.key and r.key in self.scores)
        names = f", {chosen.names_matched} names matched" if chosen.names_matched else ""
        return (f"positions read as {self.reading.label}: {chosen.on_edges} of {self.total} selections on word "
                f"edges{names} ({others})")


def positions_of(text: str, reading: Reading) -> Callable[[int], int | None]:
    """The function from a position in this reading to an index into text (None: not a character boundary)."""
    astral = reading.utf16 and _ASTRAL.search(text) is not None
    crlf = reading.crlf_as_one and "\r\n" in text
    if not astral and not crlf:
        return lambda position: position if 0 <= position <= len(text) else None

    def weight(index: int, char: str) -> int:
        if crlf and char == "\n" and index and text[index - 1] == "\r":
            return 0
        return 2 if astral and ord(char) > 0xFFFF else 1

    starts = list(accumulate((weight(i, c) for i, c in enumerate(text)), initial=0))

    def index_of(position: int) -> int | None:
        index = bisect.bisect_right(starts, position) - 1  # the last index at this position: after a CRLF
        return index if index >= 0 and starts[index] == position else None

    return index_of


def is_word_edge(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (_is_word(text[index - 1]) and _is_word(text[index]))


def _is_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def name_matches(selected: str, name: str) -> bool:
    """ATLAS.ti names a selection by its text, cut with '…'; qc by its line ('line:6'), which never matches."""
    core = " ".join(name.split())
    for ellipsis in ("…", "..."):
        core = core.removesuffix(ellipsis).rstrip()
    if len(core) < 3:
        return False
    squashed = " ".join(selected.split())
    return squashed.startswith(core) or core in squashed


def score(texts: Sequence[tuple[str, Sequence[Span]]], reading: Reading) -> Score:
    placed = on_edges = names = 0
    for text, spans in texts:
        index_of = positions_of(text, reading)
        for span in spans:
            start, end = index_of(span.start), index_of(span.end)
            if start is None or end is None or not start < end:
                continue
            placed += 1
            if is_word_edge(text, start) and is_word_edge(text, end):
                on_edges += 1
            if span.name and name_matches(text[start:end], span.name):
                names += 1
    return Score(placed, on_edges, names)


def choose(texts: Sequence[tuple[str, Sequence[Span]]]) -> Choice:
    """The reading with the best evidence over every selection of the archive (one writer, one counting)."""
    total = sum(len(spans) for _, spans in texts)
    relevant = [(text, spans) for text, spans in texts if spans]
    differs = any(_ASTRAL.search(text) or "\r\n" in text for text, _ in relevant)
    scores = {reading.key: score(relevant, reading) for reading in (READINGS if differs else READINGS[:1])}
    best = max(READINGS[:len(scores)], key=lambda r: scores[r.key].key())  # max keeps the first of equals
    distinct = differs and len({s.key() for s in scores.values()}) > 1
    return Choice(best, scores, total, distinct)


class StoredOffsets:
    """Moves an index into a source file's text to an index into the text we store (normalise() of it)."""

    def __init__(self, raw: str) -> None:
        self.text = normalise(raw)
        self._raw = raw
        self._map: list[int] | None = None
        if self.text != raw:
            self._map = _index_map(raw, self.text)

    @property
    def exact(self) -> bool:
        """False when the stored text could not be lined up with the file's (then positions are refused)."""
        return self._map is not None or self.text == self._raw

    def __call__(self, index: int) -> int:
        if self._map is None:
            return index
        return self._map[min(max(index, 0), len(self._map) - 1)]


def _index_map(raw: str, stored: str) -> list[int] | None:
    """For each index 0..len(raw) of the file's text, the index it becomes in the stored text.

    The same steps as normalise(), cluster by cluster (a base character and its combining marks are
    composed together), then checked against normalise()'s own result."""
    cleaned: list[str] = []
    mapping: list[int] = []
    length = 0
    index = 0
    replacements = {"\r": "\n", "\ufeff": "", "\x00": "", "\f": "\n", "\u2028": "\n", "\u2029": "\n\n"}
    while index < len(raw):
        cluster_end = index + 1
        if raw[index] == "\r" and raw[index + 1:index + 2] == "\n":
            cluster_end = index + 2
        else:
            while cluster_end < len(raw) and unicodedata.combining(raw[cluster_end]):
                cluster_end += 1
        piece = raw[index:cluster_end]
        piece = "\n" if piece == "\r\n" else "".join(replacements.get(c, c) for c in piece)
        piece = unicodedata.normalize("NFC", piece)
        mapping.extend([length] * (cluster_end - index))
        cleaned.append(piece)
        length += len(piece)
        index = cluster_end
    mapping.append(length)
    joined = "".join(cleaned)
    lead = len(joined) - len(joined.lstrip("\n"))
    if joined.strip("\n") != stored:
        return None
    return [min(max(position - lead, 0), len(stored)) for position in mapping]
