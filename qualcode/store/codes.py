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


def unit_and_participant_counts(conn: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """Per code: distinct units coded with it, and distinct participants those units come from."""
    rows = conn.execute(
        """SELECT c.code_id, count(DISTINCT c.unit_id),
                  count(DISTINCT (SELECT t.participant_id FROM turns t
                                  WHERE t.document_id = u.document_id AND t.start <= u.start
                                  ORDER BY t.start DESC LIMIT 1))
           FROM codings c JOIN units u ON u.id = c.unit_id GROUP BY c.code_id"""
    )
    return {code_id: (units, people) for code_id, units, people in rows}
