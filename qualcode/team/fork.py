"""A copy of a project handed to one coder: `qualcode fork P -o P-kari.qualcode --coder kari`.

The copy is taken through SQLite's backup (consistent even while P is open elsewhere) and records its
base: P's project id (P gets one if it has none yet) and the last change of P's log that it holds.
Merging two forks of one base then knows what both started from (lineage.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import QualcodeError
from ..store import merging as store
from ..store import settings as stored_settings
from ..store.db import open_database
from . import lineage


@dataclass(frozen=True)
class Fork:
    path: Path
    base: str  # the base's project id
    position: int  # the base's log position the fork starts from
    coder: str


def fork_project(conn: sqlite3.Connection, source: Path, target: Path | str, *, coder: str, by: str) -> Fork:
    """Copy the open project (conn, at source) to target for coder; target must not exist.

    by: who is working (the base's project id, if it needs one, is theirs to record)."""
    target = Path(target)
    if target.exists():
        raise QualcodeError(f"{target} already exists; choose another name for the fork")
    if not target.parent.is_dir():
        raise QualcodeError(f"folder {target.parent} does not exist")
    if target.resolve() == Path(source).resolve():
        raise QualcodeError("the fork needs a file name of its own")
    base = lineage.ensure_project_id(conn, by)
    store.copy_into(conn, target)
    try:
        copy = open_database(target)
        try:
            last = store.last_change(copy)
            position = last[0] if last else 0
            stored_settings.put(copy, coder, lineage.PROJECT_ID, lineage.new_project_id())
            lineage.record_fork(copy, coder, base=base, position=position, source=Path(source).name, handed_to=coder)
        finally:
            copy.close()
    except BaseException:
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return Fork(target, base, position, coder)
