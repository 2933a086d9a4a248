"""Opening a project file: private permissions, WAL, foreign keys, busy timeout, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from ..errors import QualcodeError
from .schema import LATEST_VERSION, migrate

BUSY_TIMEOUT_MS = 10_000


def create_database(path: Path) -> sqlite_utils.Database:
    """Create a new, empty project file readable by its owner only (0600)."""
    path = Path(path)
    if path.exists():
        raise QualcodeError(f"{path} already exists; open it instead of creating it")
    if not path.parent.exists():
        raise QualcodeError(f"folder {path.parent} does not exist")
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    return open_database(path)


def open_database(path: Path, *, target_version: int = LATEST_VERSION) -> sqlite_utils.Database:
    """Open a project file and bring its schema up to date."""
    path = Path(path)
    if not path.is_file():
        raise QualcodeError(f"no project at {path} (create one with: qualcode init {path})")
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        migrate(db, target_version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise QualcodeError(f"{path} is not a qualcode project ({exc})") from None
    _make_private(path)
    return db


def _make_private(path: Path) -> None:
    """Research data is sensitive: the project and its WAL files are for their owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                os.chmod(candidate, 0o600)
        except PermissionError:
            pass
