"""Opening a project file: only ours, private permissions, WAL, foreign keys, busy timeout, migrations.

A file that is not a qualcode project (another program's database, an empty file) is refused before
anything is written to it: only `create_database` makes a project.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import QualcodeError
from .schema import MIGRATION_SET, MIGRATIONS, migrations

BUSY_TIMEOUT_MS = 10_000
APPLICATION_ID = 0x51434F44  # "QCOD" in the file header: this SQLite file is a qualcode project
_MIGRATIONS_TABLE = "_sqlite_migrations"
_LEGACY_TABLES = {"settings", "documents", "codes", "changes"}  # projects from before the header mark


def create_database(path: Path) -> sqlite3.Connection:
    """Create a new, empty project file readable by its owner only (0600)."""
    path = Path(path)
    if path.exists():
        raise QualcodeError(f"{path} already exists; open it instead of creating it")
    if not path.parent.exists():
        raise QualcodeError(f"folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise QualcodeError(f"cannot create {path} ({exc.strerror})") from None
    os.close(fd)
    conn = _connect(path)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.Error as exc:
        conn.close()
        path.unlink(missing_ok=True)
        raise QualcodeError(storage_problem(exc, path)) from None
    conn.close()
    return open_database(path)


def open_database(path: Path, *, stop_before: str | None = None) -> sqlite3.Connection:
    """Open a project file and bring its schema up to date; refuse, untouched, a file that is not one."""
    path = Path(path)
    if not path.is_file():
        raise QualcodeError(f"no project at {path} (create one with: qualcode init {path})")
    conn = _connect(path)
    try:
        _require_project(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc).lower():
                raise
            conn.close()
            conn = _connect_read_only(path)  # a project on a read-only medium can still be read
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, stop_before)
    except sqlite3.Error as exc:
        conn.close()
        raise QualcodeError(storage_problem(exc, path)) from None
    except BaseException:
        conn.close()
        raise
    _make_private(path)
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Reads work, every write fails with SQLite's 'readonly' (which the faces word as such)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the schema migrations this file has, in the order they were applied."""
    if not _has_table(conn, _MIGRATIONS_TABLE):
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM {_MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id", (MIGRATION_SET,))]


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when another connection (another process, another window) commits to the file.

    SQLite's own counter: this connection's own commits leave it as it was, so a face that polls it learns
    of other writers' changes only.
    """
    return conn.execute("PRAGMA data_version").fetchone()[0]


def storage_problem(exc: sqlite3.Error, path: Path) -> str:
    """One line for what went wrong with the file itself: full disk, read-only medium, damage."""
    text = str(exc).lower()
    if "full" in text:
        return f"the disk holding {path} is full; free some space and try again (nothing was changed)"
    if "readonly" in text or "read-only" in text:
        return f"{path} cannot be written (a read-only file, folder or medium); nothing was changed"
    if "locked" in text or "busy" in text:
        return "the project is busy in another window; try again"
    if "disk i/o" in text:
        return f"the disk holding {path} failed to read or write (full, removed or damaged); nothing was changed"
    return f"{path} is not a qualcode project ({exc})"


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise QualcodeError(storage_problem(exc, path)) from None


def _require_project(conn: sqlite3.Connection, path: Path) -> None:
    """Reads only: a foreign or empty file must be left exactly as it was."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        raise QualcodeError(f"{path} is not a qualcode project (not an SQLite database); nothing was changed") from None
    if application_id == APPLICATION_ID:
        return
    if application_id == 0 and tables >= _LEGACY_TABLES:
        return  # written by qualcode before files carried the mark
    what = "an empty file" if not tables and path.stat().st_size == 0 else (
        "an empty database" if not tables else "another program's database")
    raise QualcodeError(f"{path} is not a qualcode project ({what}); it was left as it was "
                        f"(create a project with: qualcode init NEW.qualcode)")


def _migrate(conn: sqlite3.Connection, stop_before: str | None) -> None:
    """Apply pending migrations under the write lock; sqlite-utils is loaded only when some are pending."""
    known = [name for name, _ in MIGRATIONS]
    applied = applied_migrations(conn)
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise QualcodeError(f"this project was written by a newer qualcode (schema step {unknown[0]!r} "
                            "is unknown to this build); update qualcode to open it")
    wanted = known if stop_before is None else known[:known.index(stop_before)]
    if set(wanted) <= set(applied):
        return
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")  # two processes opening an old file: one migrates, the other waits
    try:
        schema = migrations()
        if not _has_table(conn, _MIGRATIONS_TABLE):
            _adopt_legacy_versions(conn, db, schema)
        schema.apply(db, stop_before=stop_before)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _adopt_legacy_versions(conn: sqlite3.Connection, db, schema) -> None:
    """Files from the hand-written migrator counted versions in user_version: record those as applied."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise QualcodeError(f"this project was written by a newer qualcode (schema {version}, this build knows "
                            f"{len(MIGRATIONS)}); update qualcode to open it")
    schema.ensure_migrations_table(db)
    db[_MIGRATIONS_TABLE].insert_all(
        {"migration_set": MIGRATION_SET, "name": name, "applied_at": "before migrations were recorded"}
        for name, _ in MIGRATIONS[:version]
    )


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _make_private(path: Path) -> None:
    """Research data is sensitive: the project and its WAL files are for their owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                os.chmod(candidate, 0o600)
        except PermissionError:
            pass
