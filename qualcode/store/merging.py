"""SQL for forking and merging projects: read-only snapshots, whole tables, the log's lineage, bulk writes.

An input of a merge is never written to: it is copied through SQLite's backup API from a read-only
connection (`immutable` when no other connection has it open, so not even a -wal or -shm file appears
beside it), and everything is read from the copy.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import QualcodeError
from .changes import Writer
from .db import _require_project, storage_problem
from .document_rows import insert_document_rows

# the tables a merge reads whole; their names are never taken from input
TABLES = frozenset({
    "settings", "participants", "participant_attributes", "documents", "turns", "segments", "themes",
    "theme_sources", "codes", "units", "codings", "condensates", "condensate_units", "syntheses",
    "synthesis_quotes", "memos", "reading_status",
})


def snapshot(source: Path, target: Path) -> None:
    """Copy the project at source to target (a new file, 0600), reading source only."""
    source = Path(source)
    if not source.is_file():
        raise QualcodeError(f"no project at {source}")
    reader = open_read_only(source)
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        copy = sqlite3.connect(target)
        try:
            reader.backup(copy)
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        raise QualcodeError(f"{source} cannot be read as a qualcode project ({exc}); it was left as it was") from None
    finally:
        reader.close()


def copy_into(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of an open project to target, which must not exist (created 0600)."""
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise QualcodeError(f"{target} already exists; choose another name") from None
    except OSError as exc:
        raise QualcodeError(f"cannot create {target} ({exc.strerror})") from None
    os.close(fd)
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    except sqlite3.Error as exc:
        copy.close()
        target.unlink(missing_ok=True)
        raise QualcodeError(storage_problem(exc, target)) from None
    copy.close()


def rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every row of one of the project's tables, as column -> value, in row order."""
    if table not in TABLES:
        raise ValueError(f"not a project table: {table}")
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# The log as lineage: what two projects share, and what a table held at a point of the log.

def log_heads(conn: sqlite3.Connection) -> list[tuple[int, str, str, str, str]]:
    """(id, at, coder, action, summary) of every change, oldest first."""
    return conn.execute("SELECT id, at, coder, action, summary FROM changes ORDER BY id").fetchall()


def last_change(conn: sqlite3.Connection) -> tuple[int, str, str] | None:
    """(id, action, summary) of the newest change."""
    return conn.execute("SELECT id, action, summary FROM changes ORDER BY id DESC LIMIT 1").fetchone()


def images_after(conn: sqlite3.Connection, tables: Sequence[str], position: int
                 ) -> list[tuple[int, str, int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(change id, table, row id, before, after) of every row image logged after position, newest first."""
    marks = ",".join("?" * len(tables))
    found = conn.execute(
        f"""SELECT change_id, table_name, row_id, before, after FROM change_rows
            WHERE change_id > ? AND table_name IN ({marks}) ORDER BY id DESC""", (position, *tables))
    return [(change, table, row_id, _image(before), _image(after)) for change, table, row_id, before, after in found]


def changes_after(conn: sqlite3.Connection, position: int, action: str) -> list[tuple[int, str, str]]:
    """(id, coder, summary) of the changes of one kind after position."""
    return conn.execute("SELECT id, coder, summary FROM changes WHERE id > ? AND action = ? ORDER BY id",
                        (position, action)).fetchall()


def change_summary(conn: sqlite3.Connection, change_id: int) -> tuple[str, str] | None:
    """(coder, summary) of one change."""
    return conn.execute("SELECT coder, summary FROM changes WHERE id = ?", (change_id,)).fetchone()


def highest_logged_id(conn: sqlite3.Connection, table: str, position: int) -> int:
    """The highest id of a row of table inserted up to position: rows up to it existed then."""
    row = conn.execute(
        "SELECT max(row_id) FROM change_rows WHERE table_name = ? AND change_id <= ? AND before IS NULL",
        (table, position)).fetchone()
    return row[0] or 0


def _image(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


# Writing a merge: rows with their images, documents (like an import: no copy of the text in the log).

def next_id(conn: sqlite3.Connection, table: str) -> int:
    if table not in TABLES:
        raise ValueError(f"not a project table: {table}")
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def insert_many(writer: Writer, table: str, values: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows (all with the same columns) in one statement; their after-images, read back whole
    (columns a later migration added included), go to the change's log."""
    if not values:
        return []
    if table not in TABLES:
        raise ValueError(f"not a project table: {table}")
    names = list(values[0])
    first = next_id(writer.conn, table)
    ids = list(range(first, first + len(values)))
    writer.conn.executemany(
        f"INSERT INTO {table} (id, {', '.join(names)}) VALUES (?, {', '.join('?' * len(names))})",
        [(row_id, *(row[name] for name in names)) for row_id, row in zip(ids, values, strict=True)])
    cursor = writer.conn.execute(f"SELECT * FROM {table} WHERE id BETWEEN ? AND ? ORDER BY id", (ids[0], ids[-1]))
    columns_read = [d[0] for d in cursor.description]
    writer.rows.extend((table, row[0], None, json.dumps(dict(zip(columns_read, row, strict=True)), ensure_ascii=False))
                       for row in cursor)
    return ids


def insert_document(conn: sqlite3.Connection, document: dict[str, Any],
                    turns: Iterable[tuple[int, int, int, str, int | None, float | None, float | None]],
                    sentences: Sequence[tuple[int, int, str]]) -> int:
    """A document with its turns and sentence index, inside the caller's transaction, as an import writes it.

    turns: (start, end, body_start, speaker, participant id, time_start, time_end);
    sentences: (start, end, lemma keys)."""
    return insert_document_rows(conn, document, sorted(turns), sentences)


def add_attribute(conn: sqlite3.Connection, participant_id: int, name: str, value: str) -> None:
    """An attribute the participant lacks (attributes have no row id, so like an import they are not imaged)."""
    conn.execute("INSERT OR IGNORE INTO participant_attributes (participant_id, name, value) VALUES (?, ?, ?)",
                 (participant_id, name, value))


def count(conn: sqlite3.Connection, table: str) -> int:
    if table not in TABLES:
        raise ValueError(f"not a project table: {table}")
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def code_name_and_parent(conn: sqlite3.Connection, code_id: int) -> tuple[str, int | None]:
    return conn.execute("SELECT name, parent_id FROM codes WHERE id = ?", (code_id,)).fetchone()


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, and leaves no -wal or -shm file beside a closed project."""
    live = Path(f"{path}-wal").exists()
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise QualcodeError(storage_problem(exc, Path(path))) from None
    try:
        _require_project(conn, Path(path))
    except BaseException:
        conn.close()
        raise
    return conn


def settle_wal(path: Path) -> bool:
    """Fold a left-over -wal file into the project; False while another connection still holds it open."""
    wal = Path(f"{path}-wal")
    if not wal.exists():
        return True
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the last connection to close checkpoints
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return not wal.exists()


def document_sha_taken(conn: sqlite3.Connection, sha256: str) -> bool:
    return conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None
