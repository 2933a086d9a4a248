"""Finding a quoted passage in a transcript: exact first, then whitespace/quote-mark blind, then fuzzy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QualcodeError

FUZZY_THRESHOLD = 85.0
# about 1,500 words: longer than any meaning unit, and fuzzy matching stays around a second
MAX_QUOTE_CHARS = 10_000
_EQUIVALENT = str.maketrans({"”": '"', "“": '"', "«": '"', "»": '"', "„": '"', "’": "'", "‘": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class QuoteMatch:
    start: int
    end: int
    score: float  # 100 for exact
    how: str  # "exact", "exact (spacing and quote marks ignored)" or "fuzzy"

    def describe(self) -> str:
        return self.how if self.score == 100 else f"{self.how}, {self.score:.0f}% similar"


def _normalised(text: str) -> tuple[str, list[int]]:
    """Collapse whitespace, unify quote marks and dashes; keep a map back to original offsets."""
    chars, positions = [], []
    previous_space = False
    for index, char in enumerate(text.translate(_EQUIVALENT)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        for lowered in char.lower():  # "İ" lower-cases to two code points
            chars.append(lowered)
            positions.append(index)
    positions.append(len(text))
    return "".join(chars), positions


def locate(text: str, quote: str, threshold: float = FUZZY_THRESHOLD) -> QuoteMatch:
    """Where the quote stands in the text, or a one-line error saying how close the best guess was."""
    quote = quote.strip()
    if len(quote) < 3:
        raise QualcodeError("the quote is too short to find (at least 3 characters)")
    if len(quote) > MAX_QUOTE_CHARS:
        raise QualcodeError(f"the quote is {len(quote):,} characters; a meaning unit found by its words is at most "
                            f"{MAX_QUOTE_CHARS:,} (give a longer passage as --start and --end)")
    found = text.find(quote)
    if found >= 0:
        return QuoteMatch(found, found + len(quote), 100.0, "exact")
    haystack, positions = _normalised(text)
    needle, _ = _normalised(quote)
    needle = needle.strip()
    found = haystack.find(needle)
    if found >= 0:
        return QuoteMatch(positions[found], positions[found + len(needle) - 1] + 1, 100.0,
                          "exact (spacing and quote marks ignored)")
    from rapidfuzz import fuzz  # only a misspelt quote needs it

    alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=0)
    if alignment is None or alignment.score < threshold:
        score = alignment.score if alignment else 0
        raise QualcodeError(f"quote not found (best match {score:.0f}% similar, need {threshold:.0f}%)")
    start, end = _refine(needle, haystack, alignment.dest_start, alignment.dest_end)
    start, end = _snap_to_words(haystack, start, end)
    return QuoteMatch(positions[start], positions[end - 1] + 1, alignment.score, "fuzzy")


def _refine(needle: str, haystack: str, start: int, end: int) -> tuple[int, int]:
    """The alignment window has the needle's length; a misspelt quote is longer or shorter than
    the passage, so try nearby edges and keep the closest."""
    from rapidfuzz import fuzz

    reach = max(3, min(20, len(needle) // 10))
    best = (fuzz.ratio(needle, haystack[start:end]), start, end)
    for s in range(max(0, start - reach), min(len(haystack), start + reach) + 1):
        for e in range(max(s + 1, end - reach), min(len(haystack), end + reach) + 1):
            score = fuzz.ratio(needle, haystack[s:e], score_cutoff=best[0])
            if score > best[0]:
                best = (score, s, e)
    return best[1], best[2]


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy match to whole words, and trim spaces at its edges."""
    while start > 0 and re.match(r"\w", text[start - 1]) and re.match(r"\w", text[start]):
        start -= 1
    while end < len(text) and re.match(r"\w", text[end - 1]) and re.match(r"\w", text[end]):
        end += 1
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
