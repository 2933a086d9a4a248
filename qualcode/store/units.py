"""Meaning units: exact spans of a document, with where they sit (speaker, participant, line)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_UNIT_SELECT = """
SELECT u.id, d.label, u.document_id, u.start, u.end,
       substr(d.text, u.start + 1, u.end - u.start),
       coalesce(t.speaker, ''), p.label, t.id,
       length(substr(d.text, 1, u.start)) - length(replace(substr(d.text, 1, u.start), char(10), '')) + 1,
       u.created_by, u.created_at
FROM units u
JOIN documents d ON d.id = u.document_id
LEFT JOIN turns t ON t.id = (SELECT t2.id FROM turns t2 WHERE t2.document_id = u.document_id
                             AND t2.start <= u.start ORDER BY t2.start DESC LIMIT 1)
                 AND u.start <= t.end
LEFT JOIN participants p ON p.id = t.participant_id
"""


@dataclass(frozen=True)
class UnitRow:
    id: int
    document: str
    document_id: int
    start: int
    end: int
    text: str
    speaker: str
    participant: str | None
    turn_id: int | None
    line: int
    created_by: str
    created_at: str


def units_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[UnitRow]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: UnitRow(*r) for r in conn.execute(f"{_UNIT_SELECT} WHERE u.id IN ({marks})", ids)}
    return [rows[i] for i in ids if i in rows]


def all_units(conn: sqlite3.Connection, document_id: int | None = None) -> list[UnitRow]:
    if document_id is None:
        return [UnitRow(*r) for r in conn.execute(f"{_UNIT_SELECT} ORDER BY d.label, u.start, u.id")]
    return [UnitRow(*r) for r in conn.execute(f"{_UNIT_SELECT} WHERE u.document_id = ? ORDER BY u.start, u.id",
                                              (document_id,))]


def unit_ids_with_codes(conn: sqlite3.Connection, code_ids: list[int]) -> list[int]:
    """Units coded with any of the codes, in document order."""
    if not code_ids:
        return []
    marks = ",".join("?" * len(code_ids))
    return [r[0] for r in conn.execute(
        f"""SELECT DISTINCT u.id FROM units u JOIN codings c ON c.unit_id = u.id
            JOIN documents d ON d.id = u.document_id
            WHERE c.code_id IN ({marks}) ORDER BY d.label COLLATE NOCASE, u.start""", code_ids)]


def find_unit(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM units WHERE document_id = ? AND start = ? AND end = ?", (document_id, start, end)
    ).fetchone()
    return row[0] if row else None


def codes_of_units(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, list[int]]:
    if not unit_ids:
        return {}
    marks = ",".join("?" * len(unit_ids))
    result: dict[int, list[int]] = {}
    for unit_id, code_id in conn.execute(
        f"SELECT unit_id, code_id FROM codings WHERE unit_id IN ({marks}) ORDER BY id", unit_ids
    ):
        result.setdefault(unit_id, []).append(code_id)
    return result


def coding_ids_of_unit(conn: sqlite3.Connection, unit_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM codings WHERE unit_id = ?", (unit_id,))]


def references_to_unit(conn: sqlite3.Connection, unit_id: int) -> dict[str, list[int]]:
    """Rows that point at a unit: what must go (or change) before the unit can."""
    return {
        "condensate_units": [r[0] for r in conn.execute("SELECT id FROM condensate_units WHERE unit_id = ?", (unit_id,))],
        "synthesis_quotes": [r[0] for r in conn.execute("SELECT id FROM synthesis_quotes WHERE unit_id = ?", (unit_id,))],
        "golden": [r[0] for r in conn.execute("SELECT id FROM condensates WHERE golden_unit_id = ?", (unit_id,))],
    }


def codes_of_condensates(conn: sqlite3.Connection, condensate_ids: list[int]) -> list[int]:
    return [conn.execute("SELECT code_id FROM condensates WHERE id = ?", (i,)).fetchone()[0] for i in condensate_ids]


def codes_of_synthesis_quotes(conn: sqlite3.Connection, quote_ids: list[int]) -> list[int]:
    return [conn.execute("SELECT s.code_id FROM synthesis_quotes q JOIN syntheses s ON s.id = q.synthesis_id"
                         " WHERE q.id = ?", (i,)).fetchone()[0] for i in quote_ids]


@dataclass(frozen=True)
class TurnRow:
    id: int
    document_id: int
    start: int  # the turn's speaker label starts here; the words at body_start
    body_start: int
    end: int
    speaker: str
    participant: str | None


@dataclass(frozen=True)
class UnitSpan:
    id: int
    start: int
    end: int


def turns_in_document(conn: sqlite3.Connection, document_id: int) -> list[TurnRow]:
    """The document's turns, in order."""
    return [TurnRow(*row) for row in conn.execute(
        """SELECT t.id, t.document_id, t.start, t.body_start, t.end, t.speaker, p.label FROM turns t
           LEFT JOIN participants p ON p.id = t.participant_id WHERE t.document_id = ? ORDER BY t.start""",
        (document_id,),
    )]


def turns_of_participants(conn: sqlite3.Connection, labels: list[str]) -> list[TurnRow]:
    """The turns of these participants, document by document."""
    if not labels:
        return []
    marks = ",".join("?" * len(labels))
    return [TurnRow(*row) for row in conn.execute(
        f"""SELECT t.id, t.document_id, t.start, t.body_start, t.end, t.speaker, p.label FROM turns t
            JOIN participants p ON p.id = t.participant_id WHERE p.label IN ({marks})
            ORDER BY t.document_id, t.start""",
        labels,
    )]


def unit_spans_in_document(conn: sqlite3.Connection, document_id: int) -> list[UnitSpan]:
    return [UnitSpan(*row) for row in conn.execute(
        "SELECT id, start, end FROM units WHERE document_id = ? ORDER BY start", (document_id,))]


def document_text_slice(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> str:
    return conn.execute(
        "SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?", (start, end, start, document_id)
    ).fetchone()[0]


def document_label(conn: sqlite3.Connection, document_id: int) -> str:
    return conn.execute("SELECT label FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
