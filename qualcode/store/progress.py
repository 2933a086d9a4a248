"""Reads for where the analysis stands: counts per step of the method, and per document."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# The code group and the subgroup each coding counts towards (codes nest at most three deep).
_CODING_PLACES = """
SELECT g.unit_id,
       coalesce(p2.id, p1.id, c.id) AS code_group,
       CASE WHEN p2.id IS NOT NULL THEN p1.id WHEN p1.id IS NOT NULL THEN c.id END AS subgroup
FROM codings g
JOIN codes c ON c.id = g.code_id
LEFT JOIN codes p1 ON p1.id = c.parent_id
LEFT JOIN codes p2 ON p2.id = p1.parent_id
"""


@dataclass(frozen=True)
class StepCounts:
    documents: int
    read: int
    themes: int
    units: int
    code_groups: int
    subgroups: int
    condensed: int
    written: int
    checked: int


@dataclass(frozen=True)
class DocumentCounts:
    id: int
    label: str
    title: str
    kind: str
    words: int
    length: int
    participants: tuple[str, ...]
    status: str
    units: int


def step_counts(conn: sqlite3.Connection, coder: str) -> StepCounts:
    """One read of every figure the step bar shows; the subgroups are those that hold units."""
    documents, read, themes, units = conn.execute(
        """SELECT (SELECT count(*) FROM documents),
                  (SELECT count(*) FROM reading_status r JOIN documents d ON d.id = r.document_id
                   WHERE r.coder = ? AND r.status IN ('read', 're-read')),
                  (SELECT count(*) FROM themes),
                  (SELECT count(*) FROM units u WHERE EXISTS (SELECT 1 FROM codings g WHERE g.unit_id = u.id))""",
        (coder,)).fetchone()
    groups, subgroups, condensed, written, checked = conn.execute(
        f"""WITH places AS ({_CODING_PLACES}),
                 held AS (SELECT DISTINCT subgroup AS id FROM places WHERE subgroup IS NOT NULL)
            SELECT (SELECT count(DISTINCT code_group) FROM places),
                   (SELECT count(*) FROM held),
                   (SELECT count(*) FROM held JOIN condensates k ON k.code_id = held.id WHERE trim(k.text) <> ''),
                   (SELECT count(*) FROM held JOIN syntheses s ON s.code_id = held.id
                    WHERE trim(s.analytic_text) <> ''),
                   (SELECT count(*) FROM held JOIN syntheses s ON s.code_id = held.id
                    WHERE s.checked_by IS NOT NULL)""").fetchone()
    return StepCounts(documents, read, themes, units, groups, subgroups, condensed, written, checked)


def document_counts(conn: sqlite3.Connection, coder: str) -> list[DocumentCounts]:
    """Every document with its participants, this coder's reading status and its number of units."""
    rows = conn.execute(
        """SELECT d.id, d.label, d.title, d.kind, d.words, length(d.text),
                  (SELECT group_concat(label, char(31)) FROM
                      (SELECT DISTINCT p.label FROM turns t JOIN participants p ON p.id = t.participant_id
                       WHERE t.document_id = d.id ORDER BY p.label)),
                  coalesce(r.status, 'unread'),
                  (SELECT count(*) FROM units u WHERE u.document_id = d.id)
           FROM documents d LEFT JOIN reading_status r ON r.document_id = d.id AND r.coder = ?
           ORDER BY d.label COLLATE NOCASE""", (coder,)).fetchall()
    return [DocumentCounts(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6].split("\x1f")) if r[6] else (), r[7], r[8])
            for r in rows]


def unit_spans_by_document(conn: sqlite3.Connection) -> dict[int, list[tuple[int, int]]]:
    """Each document's unit spans, in order: what the coded share of its text is measured from."""
    spans: dict[int, list[tuple[int, int]]] = {}
    rows = conn.execute("SELECT document_id, start, end FROM units ORDER BY document_id, start")
    for document_id, start, end in rows:
        spans.setdefault(document_id, []).append((start, end))
    return spans
