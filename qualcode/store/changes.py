"""Audited changes: every domain write is one transaction that also appends its audit rows.

Undo and redo are new changes that apply the recorded images in reverse, so the log itself is never
rewritten. Each coder has an undo and a redo stack of their own, read from the log inside the same
write transaction that restores the rows, and a row is restored only while it still holds what the
change left there: an undo never takes back newer work, nor anybody else's.

The stacks, read from the log as it is (whatever order an older version wrote it in):
  - a coder's undo stack: their changes and redos since the newest change that cannot be undone
    (an import, a settings change: a barrier for everyone), minus those an undo has taken back;
  - a coder's redo stack: their undos since that barrier and since their own newest change,
    minus those a redo has taken back.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..codebook.model import join_path
from ..errors import QualcodeError
from .sentence_index import SentenceIndex

UNDO, REDO = "undo", "redo"


class NothingToUndo(QualcodeError):
    """The coder's undo (or redo) stack is empty; the message says why."""


class UndoRefused(QualcodeError):
    """The target's rows were changed since: restoring them would overwrite newer work."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Batch:
    """Changes written a few to a transaction (store.documents.bulk_writing): each change whole or not at
    all, in a savepoint of its own, and the transaction committed once it has held the write lock for
    `seconds` or taken `changes` changes. What a change leaves to `at_commit` (the search index rows) is
    written once per batch, just before its commit: FTS5 writes out what it gathered at every savepoint's
    end, which would cost the batch its point."""

    def __init__(self, conn: sqlite3.Connection, changes: int, seconds: float) -> None:
        self.conn, self.changes, self.seconds = conn, changes, seconds
        self.taken = 0
        self.started = 0.0
        self.change_writes: list[Callable[[], object]] = []  # the open change's, kept if it succeeds
        self.writes: list[Callable[[], object]] = []

    def before_change(self) -> None:
        if self.conn.in_transaction and (self.taken >= self.changes
                                         or time.monotonic() - self.started >= self.seconds):
            self.commit()
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.taken, self.started = 0, time.monotonic()
            self.writes = []
        self.taken += 1
        self.change_writes = []

    def commit(self) -> None:
        for write in self.writes:
            write()
        self.writes = []
        self.conn.execute("COMMIT")

    def finish(self, *, failed: bool) -> None:
        """Commit the whole changes written; only if that fails is the open batch rolled back."""
        if not self.conn.in_transaction:
            return
        try:
            self.commit()
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if not failed:
                raise


_BATCHES: dict[int, _Batch] = {}  # id(connection) -> its open batch


@contextmanager
def batched(conn: sqlite3.Connection, *, changes: int, seconds: float) -> Iterator[None]:
    """Within: every change through `transaction` joins a batch (see _Batch); all committed at the end,
    also when the block ends in an error (a change that failed is already taken back)."""
    if id(conn) in _BATCHES:
        yield
        return
    batch = _BATCHES[id(conn)] = _Batch(conn, changes, seconds)
    failed = True
    try:
        yield
        failed = False
    finally:
        del _BATCHES[id(conn)]
        batch.finish(failed=failed)


def at_commit(conn: sqlite3.Connection, write: Callable[[], object]) -> None:
    """Write now; or, within `batched`, just before the batch commits, once this change has succeeded."""
    batch = _BATCHES.get(id(conn))
    if batch is None or not conn.in_transaction:
        write()
    else:
        batch.change_writes.append(write)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with the write lock up front (no deadlock on upgrade); within
    `batched`, a savepoint in the batch's transaction."""
    batch = _BATCHES.get(id(conn))
    if batch is not None:
        batch.before_change()
        conn.execute("SAVEPOINT one_change")
        try:
            yield conn
        except BaseException:
            batch.change_writes = []
            if conn.in_transaction:  # SQLite may have rolled back the whole transaction itself (a full disk)
                conn.execute("ROLLBACK TO one_change")
                conn.execute("RELEASE one_change")
            raise
        conn.execute("RELEASE one_change")
        batch.writes += batch.change_writes
        batch.change_writes = []
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _read_row(conn: sqlite3.Connection, table: str, row_id: int) -> dict[str, Any] | None:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip((d[0] for d in cursor.description), row, strict=True))


class Writer:
    """Writes rows and remembers their before/after images for the audit log."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: list[tuple[str, int, str | None, str | None]] = []
        self.index = SentenceIndex(conn)  # sentences written here take their search index entries along

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )
        row_id = cursor.lastrowid
        assert row_id is not None
        after = self._row(table, row_id)
        self.rows.append((table, row_id, None, _dump(after)))
        self.index.written(table, None, after)
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self._row(table, row_id)
        if before is None:
            raise QualcodeError(f"no {table} row {row_id}")
        if all(before.get(k) == v for k, v in values.items()):
            return
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
        after = self._row(table, row_id)
        self.rows.append((table, row_id, _dump(before), _dump(after)))
        self.index.written(table, before, after)

    def delete(self, table: str, row_id: int) -> None:
        before = self._row(table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self.rows.append((table, row_id, _dump(before), None))
        self.index.written(table, before, None)

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
        return _read_row(self.conn, table, row_id)


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def _load(image: str | None) -> dict[str, Any] | None:
    return None if image is None else json.loads(image)


def _append(
    conn: sqlite3.Connection,
    coder: str,
    action: str,
    summary: str,
    rows: Sequence[tuple[str, int, str | None, str | None]],
    *,
    undoable: bool,
    reverts: int | None,
) -> int:
    change_id = conn.execute(
        "INSERT INTO changes (at, coder, action, summary, undoable, reverts) VALUES (?, ?, ?, ?, ?, ?)",
        (now(), coder, action, summary, int(undoable), reverts),
    ).lastrowid
    assert change_id is not None
    conn.executemany(
        "INSERT INTO change_rows (change_id, table_name, row_id, before, after) VALUES (?, ?, ?, ?, ?)",
        [(change_id, *row) for row in rows],
    )
    return change_id


@contextmanager
def audited(
    conn: sqlite3.Connection,
    coder: str,
    action: str,
    summary: str,
    *,
    undoable: bool = True,
) -> Iterator[Writer]:
    """One change: its writes and its audit rows commit together or not at all."""
    if action in (UNDO, REDO):
        raise ValueError("undo and redo are logged by undo() and redo() only")
    with transaction(conn):
        writer = Writer(conn)
        yield writer
        if writer.rows or not undoable:  # an undoable change that changed nothing is not logged
            _append(conn, coder, action, summary, writer.rows, undoable=undoable, reverts=None)


@dataclass(frozen=True)
class LoggedChange:
    id: int
    at: str
    coder: str
    action: str
    summary: str
    undoable: bool
    reverts: int | None


_COLUMNS = "id, at, coder, action, summary, undoable, reverts"


def _changes(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[LoggedChange]:
    return [LoggedChange(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in conn.execute(sql, params)]


def _first(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> LoggedChange | None:
    found = _changes(conn, sql + " LIMIT 1", params)
    return found[0] if found else None


def history(conn: sqlite3.Connection, limit: int | None = None, *, coder: str | None = None) -> list[LoggedChange]:
    """The log, newest first; only one coder's changes if given."""
    sql = f"SELECT {_COLUMNS} FROM changes" + (" WHERE coder = ?" if coder else "") + " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _changes(conn, sql, (coder,) if coder else ())


# The stacks. Each query walks the log backwards from its newest end through indexes
# (changes_by_coder, changes_by_reverts, changes_barriers) and stops at the first hit.

def _latest_barrier(conn: sqlite3.Connection) -> LoggedChange | None:
    return _first(conn, f"SELECT {_COLUMNS} FROM changes WHERE undoable = 0 ORDER BY id DESC")


def _undo_top(
    conn: sqlite3.Connection, coder: str, after: int, *, before: int | None = None, mine: bool = True
) -> LoggedChange | None:
    """The newest change (or redo) after `after` not yet taken back: the coder's, or anyone else's."""
    return _first(conn, f"""
        SELECT {_COLUMNS} FROM changes AS c
        WHERE c.coder {'=' if mine else '<>'} ? AND c.id > ? AND c.id < ? AND c.undoable = 1 AND c.action <> 'undo'
          AND NOT EXISTS (SELECT 1 FROM changes AS u WHERE u.reverts = c.id AND u.action = 'undo')
        ORDER BY c.id DESC""", (coder, after, before if before is not None else 1 << 62))


def _redo_top(
    conn: sqlite3.Connection, coder: str, after: int, *, before: int | None = None, mine: bool = True
) -> LoggedChange | None:
    """The newest undo after `after` not yet redone."""
    return _first(conn, f"""
        SELECT {_COLUMNS} FROM changes AS u
        WHERE u.coder {'=' if mine else '<>'} ? AND u.id > ? AND u.id < ? AND u.action = 'undo'
          AND NOT EXISTS (SELECT 1 FROM changes AS r WHERE r.reverts = u.id AND r.action = 'redo')
        ORDER BY u.id DESC""", (coder, after, before if before is not None else 1 << 62))


def _latest_own_change(conn: sqlite3.Connection, coder: str, after: int) -> LoggedChange | None:
    """The coder's newest change of their own (not an undo or redo): it clears their redo stack."""
    return _first(conn, f"""
        SELECT {_COLUMNS} FROM changes
        WHERE coder = ? AND id > ? AND undoable = 1 AND action NOT IN ('undo', 'redo')
        ORDER BY id DESC""", (coder, after))


def _by_id(conn: sqlite3.Connection, change_id: int) -> LoggedChange | None:
    return _first(conn, f"SELECT {_COLUMNS} FROM changes WHERE id = ?", (change_id,))


def _taken_back_by(conn: sqlite3.Connection, change_id: int) -> LoggedChange | None:
    return _first(conn, f"SELECT {_COLUMNS} FROM changes WHERE reverts = ? AND action = 'undo' ORDER BY id",
                  (change_id,))


# Undo and redo: choose the target and restore it in one write transaction.

def undo_target(conn: sqlite3.Connection, coder: str) -> LoggedChange | None:
    """What undo would take back now (read only): the coder's newest change not yet undone, or None."""
    barrier = _latest_barrier(conn)
    return _undo_top(conn, coder, barrier.id if barrier else 0)


def undo(conn: sqlite3.Connection, coder: str, *, change: int | None = None) -> str:
    """Take back the coder's own newest change; returns its summary.

    change: the id of the change the caller means (from `qualcode log`); refused unless it is that one.
    """
    with transaction(conn):
        barrier = _latest_barrier(conn)
        target = _undo_top(conn, coder, barrier.id if barrier else 0)
        if change is not None:
            _require_chosen(conn, coder, change, target, barrier)
        if target is None:
            raise NothingToUndo(_why_nothing_to_undo(conn, coder, barrier))
        return _revert(conn, coder, target, UNDO)


def redo(conn: sqlite3.Connection, coder: str) -> str:
    """Do again what the coder's own newest undo took back; returns its summary."""
    with transaction(conn):
        barrier = _latest_barrier(conn)
        floor = barrier.id if barrier else 0
        own = _latest_own_change(conn, coder, floor)
        target = _redo_top(conn, coder, own.id if own else floor)
        if target is None:
            raise NothingToUndo(_why_nothing_to_redo(conn, coder, barrier, own))
        return _revert(conn, coder, target, REDO)


def _label(summary: str) -> str:
    return summary.removeprefix("undo: ").removeprefix("redo: ")


def _revert(conn: sqlite3.Connection, coder: str, target: LoggedChange, action: str) -> str:
    """Restore the target's before-images, if every row still holds the target's after-image."""
    rows = conn.execute(
        "SELECT table_name, row_id, before, after FROM change_rows WHERE change_id = ? ORDER BY id",
        (target.id,),
    ).fetchall()
    label = _label(target.summary)
    conflict = _changed_since(conn, target.id, rows)
    if conflict:
        raise UndoRefused(f"cannot {action} '{label}': {conflict}")
    writer = Writer(conn)
    for table, row_id, before, _ in reversed(rows):  # newest first: dependants go before what they rest on
        try:
            writer.restore(table, row_id, _load(before))
        except sqlite3.IntegrityError as exc:
            reason = _blocked(conn, target.id, table, row_id, _load(before), exc)
            raise UndoRefused(f"cannot {action} '{label}': {reason}") from None
    _append(conn, coder, action, f"{action}: {label}", writer.rows, undoable=True, reverts=target.id)
    return label


def _changed_since(conn: sqlite3.Connection, since: int, rows: list[tuple[str, int, str | None, str | None]]) -> str:
    """What no longer holds the change's after-image (its last image of each row), or ''."""
    last_image: dict[tuple[str, int], str | None] = {}
    for table, row_id, _, after in rows:
        last_image[(table, row_id)] = after
    for (table, row_id), after in last_image.items():
        image = _load(after)
        current = _read_row(conn, table, row_id)
        if _holds(current, image):
            continue
        verb = "deleted" if current is None else "brought back" if image is None else "changed"
        name = _row_name(conn, table, row_id, image or current)
        return f"{name} was {verb} since{_by_whom(conn, table, row_id, since)}"
    return ""


def _holds(current: dict[str, Any] | None, image: dict[str, Any] | None) -> bool:
    if image is None or current is None:
        return image is None and current is None
    # columns added by a later migration are not in old images
    return all(current.get(k) == v for k, v in image.items())


def _by_whom(conn: sqlite3.Connection, table: str, row_id: int, since: int) -> str:
    later = _first(conn, f"""
        SELECT {', '.join('c.' + c.strip() for c in _COLUMNS.split(','))}
        FROM change_rows AS r JOIN changes AS c ON c.id = r.change_id
        WHERE r.table_name = ? AND r.row_id = ? AND r.change_id > ?
        ORDER BY r.change_id DESC""", (table, row_id, since))
    if later is None:
        return ", outside qualcode's log"
    what = later.summary if later.action in (UNDO, REDO) else later.action
    return f" by {later.coder} ({what}, {_clock(later.at)})"


def _blocked(conn: sqlite3.Connection, since: int, table: str, row_id: int, image: dict[str, Any] | None,
             exc: sqlite3.IntegrityError) -> str:
    """Why a restore broke a constraint: later work rests on the row, or took its place."""
    name = _row_name(conn, table, row_id, image or _read_row(conn, table, row_id))
    if image is None:
        dependant = _dependant(conn, table, row_id)
        if dependant:
            child_table, child_id = dependant
            child = _row_name(conn, child_table, child_id, _read_row(conn, child_table, child_id))
            return f"{child} was added since{_by_whom(conn, child_table, child_id, since)} and rests on {name}"
        return f"later work rests on {name}"
    missing = _missing_parent(conn, table, image)
    if missing:
        parent_table, parent_id = missing
        parent = _row_name(conn, parent_table, parent_id, None)
        return f"{parent}, which {name} belongs to, was deleted since{_by_whom(conn, parent_table, parent_id, since)}"
    return f"{name} cannot be put back as it was: the project holds something in its place now ({exc})"


def _dependant(conn: sqlite3.Connection, table: str, row_id: int) -> tuple[str, int] | None:
    """A row of another table whose foreign key holds this row in place."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for child in tables:
        for key in conn.execute(f"PRAGMA foreign_key_list({child})").fetchall():
            parent, column, on_delete = key[2], key[3], key[6]
            if parent.lower() != table.lower() or on_delete.upper() in ("CASCADE", "SET NULL"):
                continue
            found = conn.execute(f"SELECT rowid FROM {child} WHERE {column} = ? LIMIT 1", (row_id,)).fetchone()
            if found:
                return child, found[0]
    return None


def _missing_parent(conn: sqlite3.Connection, table: str, image: dict[str, Any]) -> tuple[str, int] | None:
    """A row this image refers to by a foreign key that is no longer there."""
    for key in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
        parent, column, target = key[2], key[3], key[4] or "id"
        value = image.get(column)
        if value is not None and conn.execute(
                f"SELECT 1 FROM {parent} WHERE {target} = ?", (value,)).fetchone() is None:
            return parent, value
    return None


# Messages: what a row is, when something happened, why a stack is empty.

def _row_name(conn: sqlite3.Connection, table: str, row_id: int, image: dict[str, Any] | None) -> str:
    image = image or {}
    if table == "codes":
        return f"code {_code_path(conn, image.get('name'), image.get('parent_id')) or row_id}"
    if table == "codings":
        by = f" by {image['coder']}" if image.get("coder") else ""
        return f"the coding of unit {image.get('unit_id')} with {_code_name(conn, image.get('code_id'))}{by}"
    if table in ("condensates", "syntheses"):
        kind = "condensate" if table == "condensates" else "synthesis"
        return f"the {kind} of {_code_name(conn, image.get('code_id'))}"
    if table == "condensate_units":
        return f"unit {image.get('unit_id')} of a condensate"
    if table == "synthesis_quotes":
        return f"quote (unit {image.get('unit_id')}) of a synthesis"
    named = {"units": "unit", "themes": "theme", "documents": "document", "participants": "participant",
             "memos": "memo", "turns": "speaker turn", "reading_status": "reading status"}
    if table in named:
        detail = image.get("title") or image.get("label") or row_id
        return f"{named[table]} {detail}"
    return f"{table} row {row_id}"


def _code_name(conn: sqlite3.Connection, code_id: int | None) -> str:
    row = conn.execute("SELECT name, parent_id FROM codes WHERE id = ?", (code_id,)).fetchone()
    return f"code {_code_path(conn, row[0], row[1])}" if row else f"code {code_id}"


def _code_path(conn: sqlite3.Connection, name: str | None, parent_id: int | None) -> str:
    """The code's path as the commands take it: a name's own slash written \\/ (samarbeid m\\/ helseforetaket)."""
    names = [name] if name else []
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen and len(seen) < 10:
        seen.add(parent_id)
        row = conn.execute("SELECT name, parent_id FROM codes WHERE id = ?", (parent_id,)).fetchone()
        if row is None:
            break
        names.insert(0, row[0])
        parent_id = row[1]
    return join_path(names)


def _clock(at: str) -> str:
    """A log time in the reader's local time: 22:41 today, else with its date."""
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at
    if moment.date() == datetime.now().astimezone().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def _barrier_text(barrier: LoggedChange) -> str:
    return (f"'{barrier.summary}' ({barrier.coder}, {_clock(barrier.at)}) cannot be undone,"
            " and undo does not go back past it")


def _why_nothing_to_undo(conn: sqlite3.Connection, coder: str, barrier: LoggedChange | None) -> str:
    if barrier and _undo_top(conn, coder, 0, before=barrier.id):
        return f"nothing to undo: {_barrier_text(barrier)}"
    other = _undo_top(conn, coder, barrier.id if barrier else 0, mine=False)
    if other:
        return (f"nothing of {coder}'s to undo: the newest change, #{other.id} '{_label(other.summary)}',"
                f" is {other.coder}'s, and only {other.coder} can undo it")
    return f"nothing of {coder}'s to undo"


def _why_nothing_to_redo(conn: sqlite3.Connection, coder: str, barrier: LoggedChange | None,
                         own: LoggedChange | None) -> str:
    if own and _redo_top(conn, coder, barrier.id if barrier else 0, before=own.id):
        return f"nothing to redo: your change '{own.summary}' came after your last undo"
    if barrier and _redo_top(conn, coder, 0, before=barrier.id):
        return f"nothing to redo: {_barrier_text(barrier)}"
    other = _redo_top(conn, coder, barrier.id if barrier else 0, mine=False)
    if other:
        return (f"nothing of {coder}'s to redo: the newest undo, #{other.id} '{other.summary}',"
                f" is {other.coder}'s, and only {other.coder} can redo it")
    return f"nothing of {coder}'s to redo"


def _require_chosen(conn: sqlite3.Connection, coder: str, change_id: int, target: LoggedChange | None,
                    barrier: LoggedChange | None) -> None:
    """Refuse, saying why, unless the change the caller names is the coder's undo target."""
    chosen = _by_id(conn, change_id)
    if chosen is None:
        raise QualcodeError(f"there is no change #{change_id} in the log")
    if target is not None and target.id == chosen.id:
        return
    named = f"#{chosen.id} '{_label(chosen.summary)}'"
    if chosen.coder != coder:
        raise UndoRefused(f"cannot undo {named}: it is {chosen.coder}'s change, and only {chosen.coder} can undo it")
    if not chosen.undoable:
        raise UndoRefused(f"cannot undo {named}: it cannot be undone")
    if chosen.action == UNDO:
        raise UndoRefused(f"cannot undo {named}: it is an undo; redo takes it back")
    taken_back = _taken_back_by(conn, chosen.id)
    if taken_back:
        raise UndoRefused(f"cannot undo {named}: it was undone already (#{taken_back.id})")
    if barrier and chosen.id < barrier.id:
        raise UndoRefused(f"cannot undo {named}: {_barrier_text(barrier)}")
    newest = f"#{target.id} '{_label(target.summary)}'" if target else "another"
    raise UndoRefused(f"cannot undo {named}: undo takes back your newest change first ({newest})")
