"""Participants (informants) and their attributes; speakers of turns link to them by label."""

from __future__ import annotations

import sqlite3

from ..ingest.turns import is_generic_participant
from ..models import Participant
from .changes import Writer, audited

# a participants CSV column naming each participant's document(s): who Informant, IP ... stand for there
DOCUMENT_COLUMNS = ("document", "dokument")


def upsert_with_attributes(conn: sqlite3.Connection, coder: str, rows: list[dict[str, str]], source: str) -> int:
    """Create or update participants from label + attribute rows, in one audited transaction.

    A `document` column is no attribute: it names the participant's document, whose generic
    speaker labels (Informant, IP ...) then belong to that participant."""
    # attribute rows have no id of their own, so an import is logged but, like a document import, not undone
    summary = f"import {len(rows)} participants from {source}"
    with audited(conn, coder, "participants", summary, undoable=False) as writer:
        ids = ids_by_label(conn)
        documents: list[tuple[str, int]] = []
        for row in rows:
            label = row["label"]
            participant_id = ids.get(label.casefold()) or writer.insert("participants", {"label": label})
            ids[label.casefold()] = participant_id
            for name, value in row.items():
                if name.strip().casefold() in DOCUMENT_COLUMNS:
                    if value.strip():
                        documents.append((value, participant_id))
                    continue
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
        _link_named_documents(conn, writer, documents)
    return len(rows)


def document_participants(rows: list[dict[str, str]]) -> dict[str, str]:
    """document key -> participant label, from a participants CSV's document column."""
    from .documents import document_key

    return {document_key(value): row["label"] for row in rows for name, value in row.items()
            if name.strip().casefold() in DOCUMENT_COLUMNS and value.strip()}


def _link_named_documents(conn: sqlite3.Connection, writer: Writer, documents: list[tuple[str, int]]) -> None:
    """Documents already imported that the CSV names: their generic labels become its participant."""
    if not documents:
        return
    from .documents import document_key, ids_by_key  # documents imports this module

    known = ids_by_key(conn)
    for name, participant_id in documents:
        document_id = known.get(document_key(name))
        if document_id is not None:
            link_generic_turns(conn, writer, document_id, participant_id)


def generic_turns(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, str, int | None]]:
    """(turn id, speaker, participant id) of the turns whose label is generic (Informant, IP, R ...)."""
    return [row for row in conn.execute(
        "SELECT id, speaker, participant_id FROM turns WHERE document_id = ? ORDER BY start", (document_id,))
        if is_generic_participant(row[1])]


def link_generic_turns(conn: sqlite3.Connection, writer: Writer, document_id: int, participant_id: int | None) -> int:
    """The document's generic-label turns belong to this participant; one left without turns goes."""
    turns = generic_turns(conn, document_id)
    before = {pid for _, _, pid in turns if pid is not None and pid != participant_id}
    for turn_id, _, current in turns:
        if current != participant_id:
            writer.update("turns", turn_id, {"participant_id": participant_id})
    drop_if_unused(conn, writer, before)
    return len(turns)


def drop_if_unused(conn: sqlite3.Connection, writer: Writer, participant_ids: set[int]) -> None:
    for participant_id in sorted(participant_ids):
        if unused_participant(conn, participant_id):
            writer.delete("participants", participant_id)


def ids_by_label(conn: sqlite3.Connection) -> dict[str, int]:
    """casefolded label -> participant id; Python folds Æ Ø Å, SQLite's NOCASE only A-Z."""
    return {label.casefold(): pid for pid, label in conn.execute("SELECT id, label FROM participants")}


def labels(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT label FROM participants ORDER BY label")]


def link_turns(conn: sqlite3.Connection) -> None:
    """Turns whose speaker matches a participant's label belong to that participant; a generic label
    (Informant) never does: it stands for each document's own participant."""
    ids = ids_by_label(conn)
    speakers = [row[0] for row in conn.execute("SELECT DISTINCT speaker FROM turns WHERE participant_id IS NULL")]
    conn.executemany(
        "UPDATE turns SET participant_id = ? WHERE participant_id IS NULL AND speaker = ?",
        [(ids[s.casefold()], s) for s in speakers if s.casefold() in ids and not is_generic_participant(s)],
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


def turns_of_speaker(conn: sqlite3.Connection, speaker: str,
                     document_id: int | None) -> list[tuple[int, int, int | None]]:
    """(turn id, document id, participant id) of one speaker label's turns."""
    if document_id is None:
        return conn.execute("SELECT id, document_id, participant_id FROM turns WHERE speaker = ?",
                            (speaker,)).fetchall()
    return conn.execute("SELECT id, document_id, participant_id FROM turns WHERE speaker = ? AND document_id = ?",
                        (speaker, document_id)).fetchall()


def speaker_labels(conn: sqlite3.Connection, document_id: int | None) -> list[str]:
    if document_id is None:
        return [r[0] for r in conn.execute("SELECT DISTINCT speaker FROM turns WHERE speaker <> '' ORDER BY speaker")]
    return [r[0] for r in conn.execute("SELECT DISTINCT speaker FROM turns WHERE speaker <> '' AND document_id = ?"
                                       " ORDER BY speaker", (document_id,))]


def document_participant_id(conn: sqlite3.Connection, document_id: int) -> int | None:
    """The participant the document's generic labels already stand for, if any."""
    return next((pid for _, _, pid in generic_turns(conn, document_id) if pid is not None), None)


def unused_participant(conn: sqlite3.Connection, participant_id: int) -> bool:
    """No turns and no attributes: a participant that only a speaker label made."""
    return not conn.execute(
        "SELECT 1 FROM turns WHERE participant_id = ? UNION ALL "
        "SELECT 1 FROM participant_attributes WHERE participant_id = ? LIMIT 1",
        (participant_id, participant_id),
    ).fetchone()
