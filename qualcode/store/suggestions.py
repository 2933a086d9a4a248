"""Reads for suggesting codes: the codes a coder used most recently."""

from __future__ import annotations

import sqlite3


def recent_code_ids(conn: sqlite3.Connection, coder: str, limit: int = 8) -> list[int]:
    """The codes this coder coded with last, newest first (each once)."""
    return [row[0] for row in conn.execute(
        """SELECT code_id FROM codings WHERE coder = ? GROUP BY code_id ORDER BY max(id) DESC LIMIT ?""",
        (coder, limit))]
