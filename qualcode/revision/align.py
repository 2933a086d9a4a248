"""Align an old text with its new version and carry offsets across.

The alignment is made of words first (rapidfuzz's Indel on word, space and punctuation tokens: fast on a
whole transcript), then of characters inside each stretch that differs, so a corrected letter keeps the
rest of its word in place. The result is a list of blocks that covers both texts from start to end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_REFINE_LIMIT = 20_000  # characters on a side: longer differing stretches are taken as one replacement


@dataclass(frozen=True)
class Block:
    """old[a0:a1] became new[b0:b1]; tag is equal, insert, delete or replace."""

    tag: str
    a0: int
    a1: int
    b0: int
    b1: int


def align(old: str, new: str) -> list[Block]:
    """Blocks covering old and new wholly, in order; equal blocks hold identical text."""
    old_tokens = [m.span() for m in _TOKEN.finditer(old)]
    new_tokens = [m.span() for m in _TOKEN.finditer(new)]
    coarse = Indel.opcodes([old[s:e] for s, e in old_tokens], [new[s:e] for s, e in new_tokens])
    blocks: list[Block] = []
    pending: list[int] | None = None  # a differing stretch in characters: [a0, a1, b0, b1]

    def char_at(tokens: list[tuple[int, int]], index: int, length: int) -> int:
        return tokens[index][0] if index < len(tokens) else length

    for op in coarse:
        a0, a1 = char_at(old_tokens, op.src_start, len(old)), char_at(old_tokens, op.src_end, len(old))
        b0, b1 = char_at(new_tokens, op.dest_start, len(new)), char_at(new_tokens, op.dest_end, len(new))
        if op.tag == "equal":
            if pending:
                blocks.extend(_refine(old, new, *pending))
                pending = None
            if a1 > a0:
                blocks.append(Block("equal", a0, a1, b0, b1))
        elif pending:
            pending[1], pending[3] = a1, b1
        else:
            pending = [a0, a1, b0, b1]
    if pending:
        blocks.extend(_refine(old, new, *pending))
    return _merge(blocks)


def from_replacements(old: str, replacements: Sequence[tuple[int, int, str]]) -> tuple[str, list[Block]]:
    """The new text and its blocks when old[start:end] is replaced by each text (sorted, not overlapping)."""
    pieces: list[str] = []
    blocks: list[Block] = []
    position = written = 0
    for start, end, text in replacements:
        if start > position:
            blocks.append(Block("equal", position, start, written, written + start - position))
            pieces.append(old[position:start])
            written += start - position
        tag = "replace" if end > start and text else "delete" if end > start else "insert"
        blocks.append(Block(tag, start, end, written, written + len(text)))
        pieces.append(text)
        written += len(text)
        position = end
    if position < len(old):
        blocks.append(Block("equal", position, len(old), written, written + len(old) - position))
        pieces.append(old[position:])
    return "".join(pieces), blocks


def _refine(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> list[Block]:
    if a0 == a1:
        return [Block("insert", a0, a1, b0, b1)]
    if b0 == b1:
        return [Block("delete", a0, a1, b0, b1)]
    if a1 - a0 > _REFINE_LIMIT or b1 - b0 > _REFINE_LIMIT:
        return [Block("replace", a0, a1, b0, b1)]
    blocks = []
    for op in Indel.opcodes(old[a0:a1], new[b0:b1]):
        blocks.append(Block(op.tag, a0 + op.src_start, a0 + op.src_end, b0 + op.dest_start, b0 + op.dest_end))
    return blocks


def _merge(blocks: list[Block]) -> list[Block]:
    """Neighbouring non-equal blocks become one replacement; empty blocks go."""
    merged: list[Block] = []
    for block in blocks:
        if block.a0 == block.a1 and block.b0 == block.b1:
            continue
        if merged and block.tag != "equal" and merged[-1].tag != "equal":
            last = merged[-1]
            a0, a1, b0, b1 = last.a0, block.a1, last.b0, block.b1
            tag = "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
            merged[-1] = Block(tag, a0, a1, b0, b1)
        elif merged and block.tag == "equal" and merged[-1].tag == "equal":
            last = merged[-1]
            merged[-1] = Block("equal", last.a0, block.a1, last.b0, block.b1)
        else:
            merged.append(block)
    return merged


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class OffsetMap:
    """Where an old offset, or an old span, lies in the new text."""

    def __init__(self, old: str, new: str, blocks: list[Block]) -> None:
        self.old, self.new, self.blocks = old, new, blocks
        self._a_ends = [b.a1 for b in blocks]
        self._b_starts = [b.b0 for b in blocks]

    def _holding(self, position: int) -> Block | None:
        """The block holding old character `position` (never an insertion: it holds none)."""
        index = bisect_right(self._a_ends, position)
        while index < len(self.blocks) and self.blocks[index].a0 == self.blocks[index].a1:
            index += 1
        return self.blocks[index] if index < len(self.blocks) else None

    def start(self, position: int) -> int:
        """Where the text from old `position` on starts now (an insertion just before stays before)."""
        block = self._holding(position)
        if block is None:
            return len(self.new)
        if block.tag == "equal":
            return block.b0 + position - block.a0
        if block.tag == "delete":
            return block.b0
        return block.b0 + (position - block.a0) * (block.b1 - block.b0) // (block.a1 - block.a0)

    def end(self, position: int) -> int:
        """Where the text up to old `position` ends now (an insertion just after stays after)."""
        if position <= 0:
            return 0
        block = self._holding(position - 1)
        if block is None:
            return len(self.new)
        if block.tag == "equal":
            return block.b0 + position - block.a0
        if block.tag == "delete":
            return block.b0
        size = (position - block.a0) * (block.b1 - block.b0)
        return block.b0 + -(-size // (block.a1 - block.a0))

    def _is_new(self, position: int) -> bool:
        """Whether new character `position` was written by the edit (not carried over unchanged)."""
        index = bisect_right(self._b_starts, position) - 1
        while index >= 0:
            block = self.blocks[index]
            if block.b0 <= position < block.b1:
                return block.tag != "equal"
            index -= 1
        return False

    def span(self, start: int, end: int) -> tuple[int, int]:
        """An old span in the new text. A span that began (or ended) at a word's edge takes in the letters
        the edit wrote onto that word there (ommunen -> kommunen), never the carried words beside it."""
        old, new = self.old, self.new
        new_start, new_end = self.start(start), self.end(end)
        if new_end < new_start:
            new_end = new_start
        if start < end and _is_word(old[start]) and (start == 0 or not _is_word(old[start - 1])):
            while new_start > 0 and _is_word(new[new_start - 1]) and self._is_new(new_start - 1):
                new_start -= 1
        if start < end and _is_word(old[end - 1]) and (end == len(old) or not _is_word(old[end])):
            while new_end < len(new) and _is_word(new[new_end]) and self._is_new(new_end):
                new_end += 1
        return new_start, max(new_start, new_end)

    def kept_words(self, start: int, end: int) -> list[tuple[int, int]]:
        """The new spans of the old span's characters that were carried over unchanged."""
        kept = []
        for block in self.blocks:
            if block.tag != "equal" or block.a1 <= start or block.a0 >= end:
                continue
            a0, a1 = max(block.a0, start), min(block.a1, end)
            kept.append((block.b0 + a0 - block.a0, block.b0 + a1 - block.a0))
        return kept


def has_words(text: str) -> bool:
    return any(_is_word(char) for char in text)
