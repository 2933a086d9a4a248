"""Where a project comes from: its id, the base it was forked from, and what two projects share.

A fork records its base's project id and the base's audit-log position when it was copied. Two
projects are related when one is the other's base, or both come from one base (or one file was
copied); what they share is the longest common stretch of their logs.
The log's row images then tell what the shared base held: every row change after that position is
taken back, newest first, in memory.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..store import merging as store
from ..store import settings as stored_settings
from ..store.changes import now

PROJECT_ID = "project_id"  # this project's own id, made at creation (or the first fork or merge)
FORK = "fork"  # JSON: {"base": project id, "position": log id, "coder": ..., "from": file name, "at": ...}
MERGE = "merge"  # JSON: the inputs of the merge that made this project, for the review screen


def new_project_id() -> str:
    return "p-" + secrets.token_hex(8)


def project_id(conn: sqlite3.Connection) -> str | None:
    return stored_settings.get(conn, PROJECT_ID) or None


def ensure_project_id(conn: sqlite3.Connection, coder: str) -> str:
    """The project's id; one is made (and kept in its settings) if it has none yet."""
    found = project_id(conn)
    if found:
        return found
    made = new_project_id()
    stored_settings.put(conn, coder, PROJECT_ID, made)
    return made


@dataclass(frozen=True)
class Lineage:
    project_id: str | None
    base: str | None  # the project id this one was forked from
    position: int | None  # the base's log position at the fork
    coder: str | None  # the coder the fork was handed to
    source: str | None  # the base's file name


def lineage(conn: sqlite3.Connection) -> Lineage:
    fork = _json(stored_settings.get(conn, FORK))
    position = fork.get("position")
    return Lineage(project_id(conn), fork.get("base") or None, int(position) if position is not None else None,
                   fork.get("coder") or None, fork.get("from") or None)


def record_fork(conn: sqlite3.Connection, coder: str, *, base: str, position: int, source: str,
                handed_to: str | None) -> None:
    """The base this project's log shares up to position (handed_to: the coder a fork is for)."""
    stored_settings.put(conn, coder, FORK, json.dumps(
        {"base": base, "position": position, "coder": handed_to, "from": source, "at": now()},
        ensure_ascii=False))


def merge_record(conn: sqlite3.Connection) -> dict[str, Any]:
    return _json(stored_settings.get(conn, MERGE))


def record_merge(conn: sqlite3.Connection, coder: str, record: dict[str, Any]) -> None:
    stored_settings.put(conn, coder, MERGE, json.dumps(record, ensure_ascii=False))


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class CommonBase:
    """The shared past of two projects: the base's id and the last change both logs hold."""

    project_id: str
    position: int


def common_base(a: sqlite3.Connection, b: sqlite3.Connection) -> CommonBase | None:
    """The base two related projects share, and the last change of it both logs hold.

    Related: one is the other's base, both come from one base, or one is a copy of the other. What they
    share is the longest stretch of log both hold alike from the start (the same ids, times, coders and
    summaries): for two forks the base up to the fork, for a merge and one of its inputs continued, more."""
    first, second = lineage(a), lineage(b)
    ids = {i for i in (first.project_id, first.base) if i} & {i for i in (second.project_id, second.base) if i}
    if not ids:
        return None
    position = _shared_prefix(store.log_heads(a), store.log_heads(b))
    if position <= 0:
        return None
    base = next(line.base for line in (first, second) if line.base in ids) if {first.base, second.base} & ids \
        else sorted(ids)[0]
    assert base is not None
    return CommonBase(base, position)


def _shared_prefix(first: list[tuple], second: list[tuple]) -> int:
    """The id of the last change the two logs hold alike, counting from the start."""
    shared = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        shared = left[0]
    return shared


def _redacted(image: dict | None) -> bool:
    return image is not None and "id" not in image


def state_at(conn: sqlite3.Connection, tables: tuple[str, ...], position: int) -> dict[str, dict[int, dict]]:
    """What the tables held at a log position: today's rows with every later row change taken back."""
    state = {table: {row["id"]: row for row in store.rows(conn, table)} for table in tables}
    for _, table, row_id, before, after in store.images_after(conn, tables, position):
        if _redacted(before) or _redacted(after):
            continue  # a pseudonymisation purged the image: the row is taken as it is now
        if before is None:
            state[table].pop(row_id, None)
        else:
            state[table][row_id] = before
    return state
