"""The codebook as a REFI-QDA .qdc: nested codes with our stable ids as GUIDs, and each theme as a set."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from ..codebook.service import flatten, tree
from ..private_files import write_private
from ..store import exchange as store
from . import guids
from .qdc import write_qdc


def export_qdc(conn: sqlite3.Connection, path: Path) -> int:
    codebook = tree(conn)
    uids = {info.id: info.uid for info in flatten(codebook)}
    members: dict[int, list[str]] = defaultdict(list)
    for row in store.rows(conn, "codes"):
        if row.get("theme_id") and row["id"] in uids:
            members[row["theme_id"]].append(uids[row["id"]])
    namespace = project_namespace(conn)
    sets = [(guids.row_guid(namespace, "set", theme["id"]), f"Theme: {theme['title']}", members[theme["id"]])
            for theme in store.rows(conn, "themes") if members[theme["id"]]]
    write_private(path, lambda temporary: write_qdc(temporary, codebook, sets))
    return len(uids)


def project_namespace(conn: sqlite3.Connection) -> str:
    """The namespace of this project's row GUIDs (see guids.py): from its project id, which travels with it
    (so a project moved back and forth keeps its GUIDs), else from its first change."""
    from ..store import settings

    own_id = settings.get(conn, "project_id")
    started = store.first_change(conn)
    return guids.project_namespace(own_id or (f"{started[0]}|{started[1]}" if started else ""))
