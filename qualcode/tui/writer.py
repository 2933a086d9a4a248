"""The TUI's writes, one after another, on a thread with a project connection of its own.

A project another program holds locked is waited for here (SQLite's busy timeout), never on the screen,
and the screen goes on reading through its own connection meanwhile (WAL: readers never wait for a
writer). Results go back to the app as messages, in the order the writes were asked for.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..project import Project

Job = Callable[[Project], Any]


@dataclass(frozen=True)
class WriteDone:
    ticket: int
    what: str  # what the write was, for the user ("code unit", "save draft")
    result: Any
    error: BaseException | None
    quiet: bool  # nothing on screen to reload afterwards (a draft of text being typed)
    elsewhere: bool  # another connection had written to the project since this writer last looked
    changes: tuple[int, ...] = ()  # the log entries this write made (the app's own, for its undo)


@dataclass(frozen=True)
class _Request:
    ticket: int
    job: Job
    what: str
    quiet: bool


class ProjectWriter:
    """Runs write jobs in order. deliver() is called on the writer thread; it must only post a message."""

    def __init__(self, path: Path, coder: str, deliver: Callable[[WriteDone], object]) -> None:
        self._path = path
        self._coder = coder
        self._deliver = deliver
        self._requests: queue.Queue[_Request | None] = queue.Queue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._tickets = 0
        self._unfinished = 0  # asked for and not yet run to the end
        self._undelivered: set[int] = set()  # run, but the app has not handled the result yet
        self._started_at: float | None = None  # when the running job began
        self._thread = threading.Thread(target=self._run, name="qualcode-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, job: Job, *, what: str, quiet: bool = False) -> int:
        with self._lock:
            self._tickets += 1
            ticket = self._tickets
            self._unfinished += 1
            self._undelivered.add(ticket)
        self._requests.put(_Request(ticket, job, what, quiet))
        return ticket

    def delivered(self, ticket: int) -> None:
        """The app has handled this result (its screen reloaded): data_version may be trusted again."""
        with self._lock:
            self._undelivered.discard(ticket)

    @property
    def outstanding(self) -> bool:
        """Writes asked for whose results the app has not handled yet."""
        with self._lock:
            return bool(self._undelivered)

    def running_for(self) -> float:
        """Seconds the current write has waited or run (0 when idle): a long one waits for a lock."""
        started = self._started_at
        return time.monotonic() - started if started is not None else 0.0

    def wait_idle(self, timeout: float) -> bool:
        """Block until every write asked for has run (for quitting); False if time ran out."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._unfinished:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def stop(self, timeout: float = 15.0) -> bool:
        """Run what is queued, then end the thread and close its connection."""
        if not self._thread.is_alive():
            return True
        self._requests.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        project: Project | None = None
        opening_error: BaseException | None = None
        try:
            project = Project(self._path, self._coder)
        except Exception as exc:  # every write will say why (a vanished file, a read-only medium ...)
            opening_error = exc
        seen = project.data_version() if project else 0
        try:
            while True:
                request = self._requests.get()
                if request is None:
                    return
                result, error, elsewhere = None, opening_error, False
                made: tuple[int, ...] = ()
                self._started_at = time.monotonic()
                if project is not None:
                    try:
                        version = project.data_version()
                        elsewhere, seen = version != seen, version
                        before = _newest_change(project)
                        result = request.job(project)
                        made = _changes_since(project, before)
                    except Exception as exc:
                        error = exc
                self._started_at = None
                self._deliver(WriteDone(request.ticket, request.what, result, error, request.quiet, elsewhere,
                                        made))
                with self._idle:
                    self._unfinished -= 1
                    self._idle.notify_all()
        finally:
            if project is not None:
                project.close()


def _newest_change(project: Project) -> int:
    newest = project.history.log(limit=1)
    return newest[0].id if newest else 0


def _changes_since(project: Project, before: int) -> tuple[int, ...]:
    """This coder's log entries after `before`: the write's own (another program of the same coder
    committing in the same few milliseconds would be counted too; undo still checks every row)."""
    newest = _newest_change(project)
    if newest <= before:
        return ()
    return tuple(c.id for c in project.history.log(limit=newest - before) if c.id > before and c.coder == project.coder)
