"""Two versions of one transcript: which stretches changed, and where a span of one lands in the other.

Lines are aligned first (difflib, so a 50,000-word transcript with a few corrections takes milliseconds),
then the characters inside each changed block of lines (rapidfuzz's Levenshtein opcodes). A span that
lies wholly in unchanged text moves by its offset; one that touches a changed stretch is placed at the
nearest unchanged boundaries and said to need the user's confirmation.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import Levenshtein

# above this many character pairs a changed block is one region (Levenshtein keeps a bit matrix of it)
_MAX_CHAR_PAIRS = 40_000_000


@dataclass(frozen=True)
class Region:
    """kept[a_start:a_end] stands where other[b_start:b_end] stood (either side may be empty)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    changed: bool  # the span touches a changed region: placed by the alignment, to be confirmed
    placeable: bool = True  # False: its text is not in the kept version at all


class Alignment:
    """How `other` maps onto `kept`: equal stretches (other offset, kept offset, length) and the gaps between."""

    def __init__(self, kept: str, other: str) -> None:
        self.kept_length, self.other_length = len(kept), len(other)
        self._equal = _equal_stretches(kept, other)
        self._starts = [b for b, _, _ in self._equal]
        self.regions = _gaps(self._equal, len(kept), len(other))
        matched = sum(length for _, _, length in self._equal)
        total = len(kept) + len(other)
        self.similarity = 100.0 * 2 * matched / total if total else 100.0

    def place(self, start: int, end: int) -> Placement:
        """Where other[start:end] lands in kept."""
        changed = any(_touches(region, start, end) for region in self.regions)
        if start == end:  # a unit collapsed where its words were deleted: the point moves
            point = self._map(start, at_end=False)
            return Placement(point, point, changed)
        new_start, new_end = self._map(start, at_end=False), self._map(end, at_end=True)
        if new_end <= new_start:
            return Placement(new_start, new_start, True, placeable=False)
        return Placement(new_start, new_end, changed)

    def regions_touching(self, start: int, end: int) -> list[Region]:
        return [region for region in self.regions if _touches(region, start, end)]

    def _map(self, offset: int, *, at_end: bool) -> int:
        index = bisect_right(self._starts, offset) - 1
        if index >= 0:
            b, a, length = self._equal[index]
            if offset < b + length or (at_end and offset == b + length):
                return a + offset - b
        # inside a changed region: a start goes to the region's kept start, an end to its kept end
        for region in self.regions:
            if region.b_start <= offset <= region.b_end:
                return region.a_end if at_end else region.a_start
        return self.kept_length if at_end else 0


def _touches(region: Region, start: int, end: int) -> bool:
    if region.b_start == region.b_end:  # text only the kept version has: inside the span, not at its edge
        return start < region.b_start < end
    return region.b_start < end and start < region.b_end


def _equal_stretches(kept: str, other: str) -> list[tuple[int, int, int]]:
    kept_lines, other_lines = kept.split("\n"), other.split("\n")
    kept_at, other_at = _line_offsets(kept_lines), _line_offsets(other_lines)
    stretches: list[tuple[int, int, int]] = []
    matcher = SequenceMatcher(None, other_lines, kept_lines, autojunk=False)
    for tag, b0, b1, a0, a1 in matcher.get_opcodes():
        b_start, b_end = other_at[b0], _end(other_at, other_lines, b1)
        a_start, a_end = kept_at[a0], _end(kept_at, kept_lines, a1)
        if tag == "equal":
            _append(stretches, b_start, a_start, b_end - b_start)
        elif b_end > b_start and a_end > a_start and (b_end - b_start) * (a_end - a_start) <= _MAX_CHAR_PAIRS:
            piece_other, piece_kept = other[b_start:b_end], kept[a_start:a_end]
            for op in Levenshtein.opcodes(piece_other, piece_kept):
                if op.tag == "equal":
                    _append(stretches, b_start + op.src_start, a_start + op.dest_start, op.src_end - op.src_start)
    return stretches


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    offsets.append(position)
    return offsets


def _end(offsets: list[int], lines: list[str], index: int) -> int:
    """Where line `index` starts (the newline before it included in the block), or the text's end."""
    total = offsets[len(lines)] - 1
    return min(offsets[index], total)


def _append(stretches: list[tuple[int, int, int]], b: int, a: int, length: int) -> None:
    if length <= 0:
        return
    if stretches:
        last_b, last_a, last_length = stretches[-1]
        if last_b + last_length == b and last_a + last_length == a:
            stretches[-1] = (last_b, last_a, last_length + length)
            return
    stretches.append((b, a, length))


def _gaps(stretches: list[tuple[int, int, int]], kept_length: int, other_length: int) -> list[Region]:
    regions, a_at, b_at = [], 0, 0
    for b, a, length in [*stretches, (other_length, kept_length, 0)]:
        if b > b_at or a > a_at:
            regions.append(Region(a_at, a, b_at, b))
        a_at, b_at = a + length, b + length
    return regions
