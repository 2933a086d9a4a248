"""Spans as sorted, disjoint half-open intervals [start, end): union, intersection, difference, and a sweep.

Agreement is counted from these, never from one array cell per character, so a long transcript costs
what its codings cost.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Span = tuple[int, int]


def merged(spans: Iterable[Span]) -> list[Span]:
    """The union as sorted, disjoint spans (touching spans join; empty ones go)."""
    result: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """What two merged span lists share."""
    result: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """What of merged spans a is not in merged spans b."""
    result: list[Span] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k, position = j, start
        while k < len(b) and b[k][0] < end:
            if b[k][0] > position:
                result.append((position, b[k][0]))
            position = max(position, b[k][1])
            k += 1
        if position < end:
            result.append((position, end))
    return result


def length(spans: Iterable[Span]) -> int:
    return sum(end - start for start, end in spans)


def coverage(universe: Sequence[Span], layers: Sequence[Sequence[Span]]) -> dict[int, int]:
    """Sweep: how much of the universe each combination of layers covers.

    Returns {mask: length}, bit i of mask set where layer i covers (mask 0: no layer). Each layer's
    spans must not overlap one another (merged ones do not)."""
    edge = 1 << len(layers)
    events: list[tuple[int, int]] = []
    for start, end in universe:
        events += ((start, edge), (end, edge))
    for bit, spans in enumerate(layers):
        flag = 1 << bit
        for start, end in spans:
            events += ((start, flag), (end, flag))
    events.sort()
    found: dict[int, int] = {}
    state, position = 0, 0
    for point, flag in events:
        if point != position:
            if state & edge:
                inside = state & (edge - 1)
                found[inside] = found.get(inside, 0) + point - position
            position = point
        state ^= flag
    return found


def to_items(spans: Iterable[Span], starts: Sequence[int], ends: Sequence[int]) -> list[Span]:
    """Character spans as ranges of item numbers: item i counts when any of its characters is covered.

    The items (sentences, turns) are sorted and disjoint, given as their starts and ends."""
    ranges = []
    for start, end in spans:
        if start >= end:
            continue
        first = bisect_right(ends, start)  # the first item that ends after the span starts
        last = bisect_left(starts, end)  # items before this one start before the span ends
        if first < last:
            ranges.append((first, last))
    return merged(ranges)


def touches(spans: Sequence[Span], start: int, end: int) -> bool:
    """Whether merged spans share anything with [start, end)."""
    i = bisect_right(spans, start, key=lambda span: span[0]) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


def components(layers: Iterable[Sequence[Span]]) -> list[Span]:
    """The places where any layer has something: spans of all layers joined where they overlap.

    Spans that only touch stay apart: coder A on sentence 3 and coder B on sentence 4 are two places."""
    result: list[Span] = []
    for start, end in sorted(s for spans in layers for s in spans):
        if result and start < result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result
