"""Worker processes started from inside the app.

With the app's threads running, an import's workers are started with spawn (forking beside threads can
copy a lock another thread holds). spawn needs multiprocessing's resource tracker, which is started with
sys.stderr's file descriptor: inside a running Textual app sys.stderr is Textual's capture, with no
descriptor, and the start failed ("bad value(s) in fds_to_keep": an import of four files or more from
the app ended in that error). So the tracker is started before the app takes over the terminal.
"""

from __future__ import annotations

import contextlib


def start_resource_tracker() -> None:
    """multiprocessing's resource tracker, running once per process (a second call finds it running)."""
    from multiprocessing import resource_tracker

    with contextlib.suppress(OSError, ValueError):  # then a spawn later fails with the same one-line error
        resource_tracker.ensure_running()
