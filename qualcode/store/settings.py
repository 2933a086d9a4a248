"""Project settings: a small key/value table."""

from __future__ import annotations

import sqlite3

from .changes import audited


def get(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def put(conn: sqlite3.Connection, coder: str, key: str, value: str) -> None:
    with audited(conn, coder, "settings", f"set {key} = {value}", undoable=False):
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
