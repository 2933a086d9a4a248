"""A fixed piece of pure-Python work, timed, printed beside a bench's figures.

The machines these benches run on differ, and one machine's speed varies too (seen here: a loop of ten
million additions took from 1.85 s to 3.46 s within five minutes, on an otherwise idle machine). The
figure lets two runs be compared: a bench's seconds over this figure's milliseconds change mostly when
the code does.
"""

from __future__ import annotations

import time

_ROUNDS = 5
_ADDITIONS = 2_000_000


def reference_ms() -> float:
    """The fastest of five rounds of two million integer additions in a Python loop, in milliseconds."""
    best = float("inf")
    for _ in range(_ROUNDS):
        started = time.perf_counter()
        total = 0
        for number in range(_ADDITIONS):
            total += number
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)
