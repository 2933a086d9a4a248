"""Whole-word, case-insensitive matching of a list of terms, inflected forms included.

A term matches as a whole word (or phrase: its spaces match any run of whitespace), in any case, and with
a genitive -s after it (Karis -> [K1]s); what follows a hyphen or an apostrophe is a word of its own, so
DPS-et and Kari's need nothing more. Longer terms are tried first: "Fjordvik kommune" before "Fjordvik".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Replacement:
    term: str
    replacement: str


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _phrase(term: str, space: str) -> str:
    return space.join(re.escape(word) for word in term.split())


class Matcher:
    def __init__(self, pairs: Sequence[Replacement]) -> None:
        self.pairs = sorted(pairs, key=lambda p: (-len(p.term), p.term.casefold()))
        self._by_key = {_key(p.term): p for p in self.pairs}
        terms = "|".join(_phrase(p.term, r"\s+") for p in self.pairs)
        self._words = re.compile(rf"(?<!\w)(?P<term>{terms})(?P<genitive>s)?(?!\w)", re.IGNORECASE) if terms else None
        # in the audit log's JSON a line break is written \n: a phrase may cross one there too
        loose = "|".join(_phrase(p.term, r"(?:\s|\\[nt])+") for p in self.pairs)
        self._anywhere = re.compile(loose, re.IGNORECASE) if loose else None

    def find(self, text: str) -> list[tuple[int, int, str, Replacement]]:
        """(start, end, what replaces it, the term) for each hit, in order."""
        if self._words is None:
            return []
        found = []
        for match in self._words.finditer(text):
            pair = self._by_key[_key(match.group("term"))]
            found.append((match.start(), match.end(), pair.replacement + (match.group("genitive") or ""), pair))
        return found

    def substitute(self, text: str, counts: Counter[str] | None = None) -> str:
        hits = self.find(text)
        if not hits:
            return text
        pieces, position = [], 0
        for start, end, replacement, pair in hits:
            pieces += [text[position:start], replacement]
            position = end
            if counts is not None:
                counts[pair.term] += 1
        return "".join(pieces) + text[position:]

    def holds(self, text: str) -> bool:
        """Whether any term is anywhere in the text, even inside another word (for the audit log)."""
        return bool(self._anywhere and self._anywhere.search(text))

    def substitute_anywhere(self, text: str) -> str:
        if self._anywhere is None:
            return text
        return self._anywhere.sub(lambda m: self._by_key[_key(m.group(0).replace("\\n", " ").replace("\\t", " "))]
                                  .replacement, self.substitute(text))

    def whole_word_pattern(self) -> re.Pattern[str] | None:
        return self._words
