"""Meaning units: exact spans of a document, with where they sit (speaker, participant, line)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

# The turn a unit starts in: the last turn starting at or before it, if the unit starts inside it.
_TURN_OF_UNIT = """
LEFT JOIN turns t ON t.id = (SELECT t2.id FROM turns t2 WHERE t2.document_id = u.document_id
                             AND t2.start <= u.start ORDER BY t2.start DESC LIMIT 1)
                 AND u.start <= t.end
LEFT JOIN participants p ON p.id = t.participant_id
"""
# Text and line are cut from each document's text in Python, the document read once: in SQL every
# unit would scan its document from the start (substr counts characters), 20,000 units many gigabytes.
_UNIT_SELECT = f"""
SELECT u.id, d.label, u.document_id, u.start, u.end, coalesce(t.speaker, ''), p.label, t.id,
       u.created_by, u.created_at
FROM units u
JOIN documents d ON d.id = u.document_id
{_TURN_OF_UNIT}
"""
_BATCH = 10_000  # ids per IN (...) list, well under SQLite's limit on bound values


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
    """The units, in the order of ids (unknown ids left out)."""
    if not ids:
        return []
    raw = []
    for batch in _batches(ids):
        marks = ",".join("?" * len(batch))
        raw += conn.execute(f"{_UNIT_SELECT} WHERE u.id IN ({marks})", batch).fetchall()
    raw.sort(key=lambda r: (r[2], r[3]))  # by document and start: each text read once, its lines counted once
    rows = {row.id: row for row in _with_text(conn, raw)}
    return [rows[i] for i in ids if i in rows]


def all_units(conn: sqlite3.Connection, document_id: int | None = None) -> list[UnitRow]:
    if document_id is None:
        raw = conn.execute(f"{_UNIT_SELECT} ORDER BY d.label, u.start, u.id")
    else:
        raw = conn.execute(f"{_UNIT_SELECT} WHERE u.document_id = ? ORDER BY u.start, u.id", (document_id,))
    return list(_with_text(conn, raw))


def _with_text(conn: sqlite3.Connection, raw: Iterable[Sequence]) -> Iterator[UnitRow]:
    """Rows grouped by document: each document's text is read once, its units' text and line cut from it."""
    for document_id, rows in groupby(raw, key=lambda r: r[2]):
        lines = DocumentLines(document_text(conn, document_id))
        for unit_id, label, _, start, end, speaker, participant, turn_id, created_by, created_at in rows:
            yield UnitRow(unit_id, label, document_id, start, end, lines.text[start:end], speaker, participant,
                          turn_id, lines.line_at(start), created_by, created_at)


class DocumentLines:
    """A document's text, and the line of an offset counted on from the offset asked before (asked in
    order of offset, a whole document's lines are counted once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset, self._line = 0, 1

    def line_at(self, offset: int) -> int:
        """1 + the newlines before offset, as text[:offset].count("\\n") + 1."""
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for index in range(0, len(ids), _BATCH):
        yield list(ids[index:index + _BATCH])


def unit_ids_with_codes(conn: sqlite3.Connection, code_ids: list[int]) -> list[int]:
    """Units coded with any of the codes, in document order."""
    if not code_ids:
        return []
    marks = ",".join("?" * len(code_ids))
    return [r[0] for r in conn.execute(
        f"""SELECT DISTINCT u.id FROM units u JOIN codings c ON c.unit_id = u.id
            JOIN documents d ON d.id = u.document_id
            WHERE c.code_id IN ({marks}) ORDER BY d.label COLLATE NOCASE, u.start""", code_ids)]


@dataclass(frozen=True)
class CodedPlace:
    """One coding with the participant of the turn its unit starts in (as a unit's own row has it)."""

    code_id: int
    unit_id: int
    participant: str | None


def coded_places(conn: sqlite3.Connection) -> list[CodedPlace]:
    """Every coding with its unit's participant, in one query: counts for all codes at once."""
    return [CodedPlace(*row) for row in conn.execute(
        f"SELECT c.code_id, c.unit_id, p.label FROM codings c JOIN units u ON u.id = c.unit_id {_TURN_OF_UNIT}")]


def find_unit(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM units WHERE document_id = ? AND start = ? AND end = ?", (document_id, start, end)
    ).fetchone()
    return row[0] if row else None


def codes_of_units(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, list[int]]:
    """unit id -> its code ids, in the order they were coded."""
    result: dict[int, list[int]] = {}
    for batch in _batches(unit_ids):  # a unit's codings all fall in its own batch, so their order holds
        marks = ",".join("?" * len(batch))
        for unit_id, code_id in conn.execute(
            f"SELECT unit_id, code_id FROM codings WHERE unit_id IN ({marks}) ORDER BY id", batch
        ):
            result.setdefault(unit_id, []).append(code_id)
    return result


def coding_ids_of_unit(conn: sqlite3.Connection, unit_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM codings WHERE unit_id = ?", (unit_id,))]


def references_to_unit(conn: sqlite3.Connection, unit_id: int) -> dict[str, list[int]]:
    """Rows that point at a unit: what must go (or change) before the unit can."""
    def ids(sql: str) -> list[int]:
        return [r[0] for r in conn.execute(sql, (unit_id,))]

    return {
        "condensate_units": ids("SELECT id FROM condensate_units WHERE unit_id = ?"),
        "synthesis_quotes": ids("SELECT id FROM synthesis_quotes WHERE unit_id = ?"),
        "golden": ids("SELECT id FROM condensates WHERE golden_unit_id = ?"),
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


def turn_spans_of_participants(conn: sqlite3.Connection, labels: list[str]) -> list[tuple[int, int, int, str]]:
    """(document id, body start, end, participant) of these participants' turns, document by document."""
    if not labels:
        return []
    marks = ",".join("?" * len(labels))
    return conn.execute(  # few columns: the sort of a hundred thousand turns stays small
        f"""SELECT t.document_id, t.body_start, t.end, p.label FROM turns t
            JOIN participants p ON p.id = t.participant_id WHERE p.label IN ({marks})
            ORDER BY t.document_id, t.start""",
        labels,
    ).fetchall()


def unit_spans_in_document(conn: sqlite3.Connection, document_id: int) -> list[UnitSpan]:
    return [UnitSpan(*row) for row in conn.execute(
        "SELECT id, start, end FROM units WHERE document_id = ? ORDER BY start", (document_id,))]


def unit_spans_by_document(conn: sqlite3.Connection) -> dict[int, list[UnitSpan]]:
    """Every unit's span, by document, in order of start: one query for a whole recontextualisation."""
    rows = conn.execute("SELECT document_id, id, start, end FROM units ORDER BY document_id, start, id")
    return {document_id: [UnitSpan(*row[1:]) for row in group]
            for document_id, group in groupby(rows, key=lambda r: r[0])}


def document_text(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return row[0] if row else ""


def document_text_slice(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> str:
    return conn.execute(
        "SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?", (start, end, start, document_id)
    ).fetchone()[0]


def document_label(conn: sqlite3.Connection, document_id: int) -> str:
    return conn.execute("SELECT label FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
