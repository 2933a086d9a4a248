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
        ids = ids_by_label(conn)
        for row in rows:
            label = row["label"]
            participant_id = ids.get(label.casefold()) or writer.insert("participants", {"label": label})
            ids[label.casefold()] = participant_id
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


def ids_by_label(conn: sqlite3.Connection) -> dict[str, int]:
    """casefolded label -> participant id; Python folds Æ Ø Å, SQLite's NOCASE only A-Z."""
    return {label.casefold(): pid for pid, label in conn.execute("SELECT id, label FROM participants")}


def link_turns(conn: sqlite3.Connection) -> None:
    """Turns whose speaker matches a participant's label belong to that participant."""
    ids = ids_by_label(conn)
    speakers = [row[0] for row in conn.execute("SELECT DISTINCT speaker FROM turns WHERE participant_id IS NULL")]
    conn.executemany(
        "UPDATE turns SET participant_id = ? WHERE participant_id IS NULL AND speaker = ?",
        [(ids[s.casefold()], s) for s in speakers if s.casefold() in ids],
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


def speakers(conn: sqlite3.Connection) -> list[tuple[str, int, int, str | None]]:
    """(speaker, documents, turns, participant label) for every speaker label in the transcripts."""
    return conn.execute(
        """SELECT t.speaker, count(DISTINCT t.document_id), count(*), p.label
           FROM turns t LEFT JOIN participants p ON p.id = t.participant_id
           WHERE t.speaker <> '' GROUP BY t.speaker, p.label ORDER BY t.speaker"""
    ).fetchall()


def turn_ids_of_speaker(conn: sqlite3.Connection, speaker: str, document_id: int | None) -> list[int]:
    if document_id is None:
        return [r[0] for r in conn.execute("SELECT id FROM turns WHERE speaker = ?", (speaker,))]
    return [r[0] for r in conn.execute("SELECT id FROM turns WHERE speaker = ? AND document_id = ?",
                                       (speaker, document_id))]


def unused_participant(conn: sqlite3.Connection, participant_id: int) -> bool:
    """No turns and no attributes: a participant that only a speaker label made."""
    return not conn.execute(
        "SELECT 1 FROM turns WHERE participant_id = ? UNION ALL "
        "SELECT 1 FROM participant_attributes WHERE participant_id = ? LIMIT 1",
        (participant_id, participant_id),
    ).fetchone()
