"""Which codes to offer for what a coder types: the fuzzy ranking the TUI's code picker shows.

Recently used codes come first while nothing is typed, and win ties after; the code's own name weighs
as much as its whole path, and a name that starts with what was typed outranks one that merely holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MINIMUM = 72.0  # below this a code is not offered at all (60 let "Gjensidig respekt" answer "Kjenn")


@dataclass(frozen=True)
class Suggestion:
    path: str
    score: float  # 0-100 (plus a little for a recent code)
    recent: bool


def rank(paths: Sequence[str], query: str, *, recent: Sequence[str] = (), limit: int = 30) -> list[Suggestion]:
    from rapidfuzz import fuzz

    from .model import split_path

    recent_rank = {path: index for index, path in enumerate(recent)}
    typed = query.strip().casefold()
    if not typed:
        ordered = sorted(paths, key=lambda p: (p not in recent_rank, recent_rank.get(p, 0)))
        return [Suggestion(p, 0.0, p in recent_rank) for p in ordered[:limit]]
    found = []
    for path in paths:
        whole = path.casefold()
        name = split_path(path)[-1].casefold()
        score = (fuzz.partial_ratio(typed, whole) + fuzz.partial_ratio(typed, name)) / 2
        if name.startswith(typed) or whole.startswith(typed):
            score = max(score, 95.0)
        if typed in (name, whole):
            score = 100.0
        if score >= MINIMUM:
            bonus = 2.0 - recent_rank[path] * 0.1 if path in recent_rank else 0.0
            found.append(Suggestion(path, score + bonus, path in recent_rank))
    found.sort(key=lambda s: -s.score)
    return found[:limit]
