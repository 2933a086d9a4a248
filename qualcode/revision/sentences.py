"""Sentences of a changed text: those on untouched lines are carried over, touched lines split anew.

The pipeline splits a text line by line (a sentence never crosses a line break), so splitting only the
lines an edit touched gives the same sentences as splitting the whole text again, in a fraction of the time.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..nlp.pipeline import load_pipeline, sentences
from ..store.revision import SentenceRow
from .align import OffsetMap


@dataclass(frozen=True)
class NewSentence:
    start: int
    end: int
    lemmas: str
    kept: int | None = None  # the id of the old sentence it is, unchanged, when carried over


def line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def resentence(old_sentences: list[SentenceRow], mapping: OffsetMap, label_ends: dict[int, int], language: str,
               trained: str | None) -> list[NewSentence]:
    """The new text's sentences; label_ends: a turn's start -> where its words begin, in the new text."""
    new, old = mapping.new, mapping.old
    starts = line_starts(new)
    touched: set[int] = set()
    for block in mapping.blocks:
        if block.tag == "equal":
            continue
        first = bisect_right(starts, block.b0) - 1
        last = bisect_right(starts, max(block.b0, block.b1 - 1)) - 1
        touched.update(range(first, last + 1))
    result: list[NewSentence] = []
    for sentence in old_sentences:
        start, end = mapping.start(sentence.start), mapping.end(sentence.end)
        line = bisect_right(starts, start) - 1
        if line in touched or new[start:end] != old[sentence.start:sentence.end]:
            touched.add(line)
            continue
        result.append(NewSentence(start, end, sentence.lemmas, sentence.id))
    result = [s for s in result if bisect_right(starts, s.start) - 1 not in touched]
    if touched:
        nlp = load_pipeline(language, trained)
        for line in sorted(touched):
            begin = starts[line]
            finish = starts[line + 1] - 1 if line + 1 < len(starts) else len(new)
            local_ends = {0: label_ends[begin] - begin} if begin in label_ends else None
            for found in sentences(nlp, new[begin:finish], language, local_ends):
                result.append(NewSentence(begin + found.start, begin + found.end, found.lemmas))
    return sorted(result, key=lambda s: (s.start, s.end))
