"""Python's garbage collector, tuned while the app runs so that a collection never holds the screen still.

A full collection walks every object the process holds, on whichever thread allocates, and holds the
interpreter meanwhile: with a big project's places, units or hits loaded (100,000 and more objects), each one
stood the event loop still for 50-150 ms, several times while a screen filled. What the app holds once it
has started (modules, the first screen) is left out of collection, and the young generation is collected
after 20,000 new objects instead of 700, so that loading a long list triggers few collections, over fewer
objects. All as before when the app ends (tests run many apps in one process).
"""

from __future__ import annotations

import gc

YOUNG_COLLECTION_EVERY = 20_000


class QuietCollector:
    def __init__(self) -> None:
        self._before: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._before is not None:
            return
        self._before = gc.get_threshold()
        gc.freeze()  # what exists now lives as long as the app: never walked again
        gc.set_threshold(max(self._before[0], YOUNG_COLLECTION_EVERY), *self._before[1:])

    def stop(self) -> None:
        if self._before is None:
            return
        gc.set_threshold(*self._before)
        gc.unfreeze()
        self._before = None
