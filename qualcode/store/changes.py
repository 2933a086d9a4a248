"""Audited changes: every domain write is one transaction that also appends its audit rows.

Undo and redo are new changes that apply the recorded before/after images in reverse, so the log
itself is never rewritten.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import QualcodeError


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with the write lock up front (no deadlock on upgrade)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


class Writer:
    """Writes rows and remembers their before/after images for the audit log."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: list[tuple[str, int, str | None, str | None]] = []

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )
        row_id = cursor.lastrowid
        self.rows.append((table, row_id, None, _dump(self._row(table, row_id))))
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self._row(table, row_id)
        if before is None:
            raise QualcodeError(f"no {table} row {row_id}")
        if all(before.get(k) == v for k, v in values.items()):
            return
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
        self.rows.append((table, row_id, _dump(before), _dump(self._row(table, row_id))))

    def delete(self, table: str, row_id: int) -> None:
        before = self._row(table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self.rows.append((table, row_id, _dump(before), None))

    def restore(self, table: str, row_id: int, image: dict[str, Any] | None) -> None:
        """Bring a row to the given image: insert, update or delete as needed."""
        current = self._row(table, row_id)
        if image is None:
            if current is not None:
                self.delete(table, row_id)
        elif current is None:
            self.insert(table, image)
        else:
            self.update(table, row_id, {k: v for k, v in image.items() if k != "id"})

    def _row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip((d[0] for d in cursor.description), row))


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


@contextmanager
def audited(
    conn: sqlite3.Connection,
    coder: str,
    action: str,
    summary: str,
    *,
    undoable: bool = True,
    reverts: int | None = None,
) -> Iterator[Writer]:
    """One change: its writes and its audit rows commit together or not at all."""
    with transaction(conn):
        writer = Writer(conn)
        yield writer
        if not writer.rows and undoable:
            return  # nothing changed: nothing to log or undo
        change_id = conn.execute(
            "INSERT INTO changes (at, coder, action, summary, undoable, reverts) VALUES (?, ?, ?, ?, ?, ?)",
            (now(), coder, action, summary, int(undoable), reverts),
        ).lastrowid
        conn.executemany(
            "INSERT INTO change_rows (change_id, table_name, row_id, before, after) VALUES (?, ?, ?, ?, ?)",
            [(change_id, *row) for row in writer.rows],
        )


@dataclass(frozen=True)
class LoggedChange:
    id: int
    at: str
    coder: str
    action: str
    summary: str
    undoable: bool
    reverts: int | None


def history(conn: sqlite3.Connection, limit: int | None = None) -> list[LoggedChange]:
    sql = "SELECT id, at, coder, action, summary, undoable, reverts FROM changes ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [LoggedChange(*row[:5], bool(row[5]), row[6]) for row in conn.execute(sql)]


def _stacks(conn: sqlite3.Connection) -> tuple[list[int], list[int]]:
    """Replay the log: which changes can be undone now, and which undos can be redone."""
    done: list[int] = []
    undone: list[int] = []
    for change_id, action, undoable, reverts in conn.execute(
        "SELECT id, action, undoable, reverts FROM changes ORDER BY id"
    ):
        if action == "undo":
            done.remove(reverts)
            undone.append(change_id)
        elif action == "redo":
            undone.remove(reverts)
            done.append(change_id)
        elif undoable:
            done.append(change_id)
            undone.clear()
        else:  # an import: earlier changes stay in the log but undo stops here
            done.clear()
            undone.clear()
    return done, undone


def _revert(conn: sqlite3.Connection, coder: str, target: int, action: str) -> str:
    summary = conn.execute("SELECT summary FROM changes WHERE id = ?", (target,)).fetchone()[0]
    rows = conn.execute(
        "SELECT table_name, row_id, before FROM change_rows WHERE change_id = ? ORDER BY id DESC",
        (target,),
    ).fetchall()
    label = summary.removeprefix("undo: ").removeprefix("redo: ")
    with audited(conn, coder, action, f"{action}: {label}", reverts=target) as writer:
        for table, row_id, before in rows:
            writer.restore(table, row_id, None if before is None else json.loads(before))
    return label


def undo(conn: sqlite3.Connection, coder: str) -> str:
    done, _ = _stacks(conn)
    if not done:
        raise QualcodeError("nothing to undo")
    return _revert(conn, coder, done[-1], "undo")


def redo(conn: sqlite3.Connection, coder: str) -> str:
    _, undone = _stacks(conn)
    if not undone:
        raise QualcodeError("nothing to redo")
    return _revert(conn, coder, undone[-1], "redo")
