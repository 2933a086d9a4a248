"""Participants (informants) and their attributes; speakers of turns link to them by label."""

from __future__ import annotations

import sqlite3

from ..models import Participant
from .changes import audited


def upsert_with_attributes(conn: sqlite3.Connection, coder: str, rows: list[dict[str, str]], source: str) -> int:
    """Create or update participants from label + attribute rows, in one audited transaction."""
    # attribute rows have no id of their own, so an import is logged but, like a document import, not undone
    summary = f"import {len(rows)} participants from {source}"
    with audited(conn, coder, "participants", summary, undoable=False) as writer:
        for row in rows:
            label = row["label"]
            found = conn.execute("SELECT id FROM participants WHERE label = ?", (label,)).fetchone()
            participant_id = found[0] if found else writer.insert("participants", {"label": label})
            for name, value in row.items():
                if name == "label":
                    continue
                attribute = conn.execute(
                    "SELECT rowid FROM participant_attributes WHERE participant_id = ? AND name = ?",
                    (participant_id, name),
                ).fetchone()
                if attribute:
                    conn.execute(
                        "UPDATE participant_attributes SET value = ? WHERE participant_id = ? AND name = ?",
                        (value, participant_id, name),
                    )
                else:
                    conn.execute(
                        "INSERT INTO participant_attributes (participant_id, name, value) VALUES (?, ?, ?)",
                        (participant_id, name, value),
                    )
        link_turns(conn)
    return len(rows)


def link_turns(conn: sqlite3.Connection) -> None:
    """Turns whose speaker matches a participant's label belong to that participant."""
    conn.execute(
        """UPDATE turns SET participant_id =
               (SELECT id FROM participants p WHERE p.label = turns.speaker COLLATE NOCASE)
           WHERE participant_id IS NULL"""
    )


def all_participants(conn: sqlite3.Connection) -> list[Participant]:
    attributes: dict[int, dict[str, str]] = {}
    for participant_id, name, value in conn.execute(
        "SELECT participant_id, name, value FROM participant_attributes ORDER BY rowid"
    ):
        attributes.setdefault(participant_id, {})[name] = value
    rows = conn.execute(
        """SELECT p.id, p.label, count(DISTINCT t.document_id), count(t.id)
           FROM participants p LEFT JOIN turns t ON t.participant_id = p.id
           GROUP BY p.id ORDER BY p.label COLLATE NOCASE"""
    ).fetchall()
    return [Participant(label, attributes.get(pid, {}), documents, turns) for pid, label, documents, turns in rows]
