"""Whether the terminal the app draws on is still there (a closed window, a killed tmux session)."""

from __future__ import annotations

import select
import sys


def hung_up() -> bool:
    """True once the terminal on stdin has gone: reads there would return nothing forever.

    Textual's input thread would then spin on an always-readable, always-empty stdin; polling for
    POLLHUP tells the app to save and leave instead.
    """
    stream = sys.__stdin__
    if stream is None:
        return False
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return True
    poller = select.poll()
    poller.register(fd, 0)  # no events asked for: hang-ups and errors are always reported
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
    return any(events & gone for _, events in poller.poll(0))
