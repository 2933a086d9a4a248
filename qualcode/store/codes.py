"""Codes: rows of the codebook hierarchy."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeRow:
    id: int
    uid: str
    parent_id: int | None
    name: str
    description: str
    colour: str
    position: int


def all_codes(conn: sqlite3.Connection) -> list[CodeRow]:
    return [
        CodeRow(*row)
        for row in conn.execute(
            "SELECT id, uid, parent_id, name, description, colour, position FROM codes ORDER BY position, id"
        )
    ]


@dataclass(frozen=True)
class CodedUnit:
    code_id: int
    unit_id: int
    participant_id: int | None  # of the turn the unit starts in


@dataclass(frozen=True)
class CodingRow:
    id: int
    unit_id: int
    code_id: int
    coder: str


def coded_units(conn: sqlite3.Connection) -> list[CodedUnit]:
    """Every coding, with the participant its unit comes from."""
    return [CodedUnit(*row) for row in conn.execute(
        """SELECT c.code_id, c.unit_id,
                  (SELECT t.participant_id FROM turns t
                   WHERE t.document_id = u.document_id AND t.start <= u.start
                   ORDER BY t.start DESC LIMIT 1)
           FROM codings c JOIN units u ON u.id = c.unit_id"""
    )]


def child_named(conn: sqlite3.Connection, parent_id: int | None, name: str) -> CodeRow | None:
    row = conn.execute(
        "SELECT id, uid, parent_id, name, description, colour, position FROM codes"
        " WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE",
        (parent_id or 0, name),
    ).fetchone()
    return CodeRow(*row) if row else None


def code_by_id(conn: sqlite3.Connection, code_id: int) -> CodeRow | None:
    row = conn.execute(
        "SELECT id, uid, parent_id, name, description, colour, position FROM codes WHERE id = ?", (code_id,)
    ).fetchone()
    return CodeRow(*row) if row else None


def code_by_uid(conn: sqlite3.Connection, uid: str) -> CodeRow | None:
    row = conn.execute(
        "SELECT id, uid, parent_id, name, description, colour, position FROM codes WHERE uid = ?", (uid,)
    ).fetchone()
    return CodeRow(*row) if row else None


def children(conn: sqlite3.Connection, parent_id: int | None) -> list[CodeRow]:
    return [
        CodeRow(*row)
        for row in conn.execute(
            "SELECT id, uid, parent_id, name, description, colour, position FROM codes"
            " WHERE coalesce(parent_id, 0) = ? ORDER BY position, id",
            (parent_id or 0,),
        )
    ]


def next_position(conn: sqlite3.Connection, parent_id: int | None) -> int:
    return conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM codes WHERE coalesce(parent_id, 0) = ?", (parent_id or 0,)
    ).fetchone()[0]


def codings_of_codes(conn: sqlite3.Connection, code_ids: list[int]) -> list[CodingRow]:
    if not code_ids:
        return []
    marks = ",".join("?" * len(code_ids))
    return [CodingRow(*row) for row in conn.execute(
        f"SELECT id, unit_id, code_id, coder FROM codings WHERE code_id IN ({marks}) ORDER BY id", code_ids)]


def coding_id(conn: sqlite3.Connection, unit_id: int, code_id: int, coder: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM codings WHERE unit_id = ? AND code_id = ? AND coder = ?", (unit_id, code_id, coder)
    ).fetchone()
    return row[0] if row else None


def rows_referring_to_code(conn: sqlite3.Connection, code_id: int) -> dict[str, list[int]]:
    """Ids of rows in the method's tables that hang on this code (condensate, synthesis)."""
    return {
        "condensates": [r[0] for r in conn.execute("SELECT id FROM condensates WHERE code_id = ?", (code_id,))],
        "syntheses": [r[0] for r in conn.execute("SELECT id FROM syntheses WHERE code_id = ?", (code_id,))],
    }
