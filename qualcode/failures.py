"""The one-line wording of an error a researcher can meet, shared by the CLI and the TUI."""

from __future__ import annotations

import sqlite3

from .errors import QualcodeError


def one_line(exc: BaseException) -> str | None:
    """What to tell the user (without the `qualcode: ` prefix), or None when the error is a bug.

    A domain error says what and why itself; a busy, full or read-only database is named as such, the
    way `qualcode` prints it, so a change refused in the TUI reads like the same change refused by the CLI.
    """
    if isinstance(exc, QualcodeError):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "the project is busy in another window; try again"
        if "full" in text:
            return "the disk is full; free some space and try again (the change was not made)"
        if "readonly" in text or "disk i/o" in text:
            return f"the project cannot be written ({exc}); the change was not made"
        return None
    if isinstance(exc, OverflowError):
        return "a number is too large (ids and offsets fit in 19 digits)"
    return None


def one_line_for_file(exc: BaseException) -> str | None:
    """As one_line, and a file the user named that cannot be written or read (an export's target)."""
    found = one_line(exc)
    if found is None and isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror.lower()}; nothing was written"
    return found
