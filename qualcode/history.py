"""The audit log as one sub-API: what changed, and undo/redo of this coder's own changes."""

from __future__ import annotations

from .stc.context import Context
from .store import changes
from .store.changes import LoggedChange


class History:
    def __init__(self, context: Context) -> None:
        self._context = context

    def log(self, *, limit: int | None = None) -> list[LoggedChange]:
        """The changes, newest first."""
        return changes.history(self._context.conn, limit)

    def next_undo(self) -> LoggedChange | None:
        """What undo would take back now, without taking it back (a face asks before old changes)."""
        return changes.undo_target(self._context.conn, self._context.coder)

    def undo(self, *, change: int | None = None) -> str:
        """Take back this coder's newest change; returns what was undone.

        change: the log id the caller means; refused (saying whose it is) unless it is that change.
        """
        return changes.undo(self._context.conn, self._context.coder, change=change)

    def redo(self) -> str:
        return changes.redo(self._context.conn, self._context.coder)
