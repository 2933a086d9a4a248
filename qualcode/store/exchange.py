"""Whole tables out and in, for moving a project between programs (REFI-QDA): the exchange's only SQL.

Reads give every row of a table as a dict, in row order. Writes put rows back with the ids they had,
inside the caller's audited transaction (an import is a barrier in the log, never undone row by row, and
the log keeps no copy of what it wrote). Table and column names are checked against the schema, so rows
from an archive can only land in columns that exist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

# what the exchange carries, in an order that puts every row after the rows it points at
CARRIED = ("settings", "participants", "participant_attributes", "documents", "turns", "themes", "theme_sources",
           "codes", "units", "codings", "condensates", "condensate_units", "syntheses", "synthesis_quotes",
           "memos", "reading_status")
# never carried: the audit log and the migrations are this file's own history; segments are rebuilt by the
# language pipeline on import
NOT_CARRIED = ("changes", "change_rows", "segments", "segments_fts", "_sqlite_migrations", "sqlite_sequence")


def table_names(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if not row[0].startswith("segments_fts")]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({_known_table(conn, table)})")]


def has_foreign_keys(conn: sqlite3.Connection, table: str) -> bool:
    return bool(conn.execute(f"PRAGMA foreign_key_list({_known_table(conn, table)})").fetchall())


def rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every row of a table, in row order, as column -> value."""
    cursor = conn.execute(f"SELECT * FROM {_known_table(conn, table)} ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def first_change(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """(when, who) of the project's first logged change: what names this project among others."""
    row = conn.execute("SELECT at, coder FROM changes ORDER BY id LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


def content_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How much a project already holds of what an archive would bring."""
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "codes", "participants", "themes", "memos")}


def insert_rows(conn: sqlite3.Connection, table: str, values: Sequence[dict[str, Any]]) -> None:
    """Rows as they were (ids included); the caller holds the transaction."""
    if not values:
        return
    known = set(columns(conn, table))
    names = list(values[0])
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"table {table} has no column {unknown[0]!r}")
    marks = ", ".join("?" for _ in names)
    conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                     [tuple(row.get(name) for name in names) for row in values])


def defer_foreign_keys(conn: sqlite3.Connection) -> None:
    """Inside the current transaction, keys are checked at commit: rows may arrive in any order."""
    conn.execute("PRAGMA defer_foreign_keys = ON")


def turn_ids(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """A document's turn ids in the order its turns were written."""
    return [row[0] for row in conn.execute("SELECT id FROM turns WHERE document_id = ? ORDER BY id", (document_id,))]


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """The whole of source into target, page by page, under target's own write lock (SQLite's backup)."""
    source.backup(target)


def _known_table(conn: sqlite3.Connection, table: str) -> str:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
        raise ValueError(f"no table {table!r}")
    return table


def set_import_details(conn: sqlite3.Connection, document_id: int, imported_at: str, imported_by: str) -> None:
    """When and by whom the document first came into a project: kept across the move."""
    conn.execute("UPDATE documents SET imported_at = ?, imported_by = ? WHERE id = ?",
                 (imported_at, imported_by, document_id))


def put_settings(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", list(pairs))


def insert_rows_or_say_why(conn: sqlite3.Connection, table: str, values: Sequence[dict[str, Any]]) -> str | None:
    """All of the rows or none of them (a savepoint inside the caller's transaction); None when they went in."""
    conn.execute("SAVEPOINT exchange_rows")
    try:
        insert_rows(conn, table, values)
    except (sqlite3.Error, ValueError) as exc:
        conn.execute("ROLLBACK TO exchange_rows")
        conn.execute("RELEASE exchange_rows")
        return str(exc)
    conn.execute("RELEASE exchange_rows")
    return None


def set_columns(conn: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Columns of one row that the exchange does not write itself (added by a later schema step)."""
    known = set(columns(conn, table))
    values = {name: value for name, value in values.items() if name in known and name != "id"}
    if values:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
