"""Drafts: text being typed in the TUI, kept as it is typed, outside the audit log.

A draft holds one field's text (a condensate, an analytic text, a heading, a memo, a theme's note) while
the coder types it; the domain promotes it into the real field as one audited change when the typing
session ends (the field is left, the screen changes, the app quits) or, after a crash, when the project
is next opened. So the log gets one change per session, not one per keystroke, and a killed terminal
loses at most the last second of typing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .changes import now, transaction

DRAFTS_SCHEMA = """
CREATE TABLE drafts (
    coder TEXT NOT NULL,
    field TEXT NOT NULL,
    target INTEGER NOT NULL,
    text TEXT NOT NULL,
    base TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (coder, field, target)
);
"""


@dataclass(frozen=True)
class DraftRow:
    field: str  # what the text is for: condensate, synthesis.heading, theme.note, memo.document ...
    target: int  # the id of the code, theme or document it belongs to (0: the project)
    text: str
    base: str  # what the field held when the typing began
    updated_at: str


def put(conn: sqlite3.Connection, coder: str, field: str, target: int, text: str, base: str) -> None:
    """Keep the text; the base of a draft already there stays what it was when its typing began."""
    with transaction(conn):
        conn.execute(
            """INSERT INTO drafts (coder, field, target, text, base, updated_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (coder, field, target)
               DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at""",
            (coder, field, target, text, base, now()))


def get(conn: sqlite3.Connection, coder: str, field: str, target: int) -> DraftRow | None:
    row = conn.execute("SELECT field, target, text, base, updated_at FROM drafts WHERE coder = ? AND field = ? "
                       "AND target = ?", (coder, field, target)).fetchone()
    return DraftRow(*row) if row else None


def of_coder(conn: sqlite3.Connection, coder: str) -> list[DraftRow]:
    return [DraftRow(*row) for row in conn.execute(
        "SELECT field, target, text, base, updated_at FROM drafts WHERE coder = ? ORDER BY updated_at, field, target",
        (coder,))]


def delete(conn: sqlite3.Connection, coder: str, field: str, target: int, *, text: str | None = None) -> None:
    """Drop the draft; with text given, only if it still holds that text (not newer typing)."""
    with transaction(conn):
        if text is None:
            conn.execute("DELETE FROM drafts WHERE coder = ? AND field = ? AND target = ?", (coder, field, target))
        else:
            conn.execute("DELETE FROM drafts WHERE coder = ? AND field = ? AND target = ? AND text = ?",
                         (coder, field, target, text))
