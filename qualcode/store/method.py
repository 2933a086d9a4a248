"""Reads for the method's own tables: themes, reading status, memos, condensates, syntheses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any


@dataclass(frozen=True)
class ThemeRow:
    id: int
    title: str
    note: str
    position: int
    created_at: str
    created_by: str


@dataclass(frozen=True)
class ThemeSourceRow:
    id: int
    document: str
    start: int | None
    end: int | None
    text: str | None  # the passage, when the source is one


@dataclass(frozen=True)
class MemoRow:
    id: int
    target_kind: str
    target_id: int | None
    text: str
    author: str
    created_at: str
    start: int | None  # a memo on a passage: its offsets in the document (target_kind 'document')
    end: int | None


@dataclass(frozen=True)
class CondensateRow:
    id: int
    code_id: int
    text: str
    golden_unit_id: int | None
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class SynthesisRow:
    id: int
    code_id: int
    heading: str
    introduction: str
    analytic_text: str
    checked_by: str | None
    checked_at: str | None
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class LinkedUnit:
    """A row that ties a unit to a condensate or a synthesis (position: the quote's place)."""

    id: int
    unit_id: int
    position: int = 0


@dataclass(frozen=True)
class SpokenText:
    document: str
    participant: str
    words: str


@dataclass(frozen=True)
class DocumentText:
    id: int
    label: str
    text: str


_THEME = "id, title, note, position, created_at, created_by"
_MEMO = "id, target_kind, target_id, text, author, created_at, start, end"
_CONDENSATE = "id, code_id, text, golden_unit_id, updated_at, updated_by"
_SYNTHESIS = "id, code_id, heading, introduction, analytic_text, checked_by, checked_at, updated_at, updated_by"


def themes(conn: sqlite3.Connection) -> list[ThemeRow]:
    return [ThemeRow(*row) for row in conn.execute(f"SELECT {_THEME} FROM themes ORDER BY position, id")]


def theme_sources(conn: sqlite3.Connection, theme_id: int) -> list[ThemeSourceRow]:
    return [ThemeSourceRow(*row) for row in conn.execute(
        """SELECT s.id, d.label, s.start, s.end,
                  CASE WHEN s.start IS NULL THEN NULL ELSE substr(d.text, s.start + 1, s.end - s.start) END
           FROM theme_sources s JOIN documents d ON d.id = s.document_id WHERE s.theme_id = ? ORDER BY s.id""",
        (theme_id,))]


def theme_source_ids(conn: sqlite3.Connection, theme_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM theme_sources WHERE theme_id = ?", (theme_id,))]


def codes_of_theme(conn: sqlite3.Connection, theme_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM codes WHERE theme_id = ?", (theme_id,))]


def next_theme_position(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(position), -1) + 1 FROM themes").fetchone()[0]


def reading_status(conn: sqlite3.Connection, coder: str) -> dict[str, str]:
    """Document label -> status for this coder (unread when never set)."""
    return dict(conn.execute(
        """SELECT d.label, coalesce(r.status, 'unread') FROM documents d
           LEFT JOIN reading_status r ON r.document_id = d.id AND r.coder = ? ORDER BY d.label COLLATE NOCASE""",
        (coder,)))


def reading_status_id(conn: sqlite3.Connection, document_id: int, coder: str) -> int | None:
    row = conn.execute("SELECT id FROM reading_status WHERE document_id = ? AND coder = ?",
                       (document_id, coder)).fetchone()
    return row[0] if row else None


_TARGET_TABLES = {"document": "documents", "theme": "themes", "code": "codes", "unit": "units"}


def target_exists(conn: sqlite3.Connection, kind: str, target_id: int | None) -> bool:
    if target_id is None or kind not in _TARGET_TABLES:
        return False
    return conn.execute(f"SELECT 1 FROM {_TARGET_TABLES[kind]} WHERE id = ?", (target_id,)).fetchone() is not None


def document_length(conn: sqlite3.Connection, document_id: int | None) -> int:
    row = conn.execute("SELECT length(text) FROM documents WHERE id = ?", (document_id,)).fetchone()
    return row[0] if row else 0


def memos(conn: sqlite3.Connection, kind: str | None = None, target_id: int | None = None) -> list[MemoRow]:
    sql = f"SELECT {_MEMO} FROM memos"
    params: list[Any] = []
    if kind:
        sql += " WHERE target_kind = ?"
        params.append(kind)
        if target_id is not None:
            sql += " AND target_id = ?"
            params.append(target_id)
    return [MemoRow(*row) for row in conn.execute(sql + " ORDER BY id", params)]


def condensate(conn: sqlite3.Connection, code_id: int) -> CondensateRow | None:
    row = conn.execute(f"SELECT {_CONDENSATE} FROM condensates WHERE code_id = ?", (code_id,)).fetchone()
    return CondensateRow(*row) if row else None


def condensate_unit_rows(conn: sqlite3.Connection, condensate_id: int) -> list[LinkedUnit]:
    """The units a condensate rests on."""
    return [LinkedUnit(*row) for row in conn.execute(
        "SELECT id, unit_id FROM condensate_units WHERE condensate_id = ? ORDER BY id", (condensate_id,))]


def synthesis(conn: sqlite3.Connection, code_id: int) -> SynthesisRow | None:
    row = conn.execute(f"SELECT {_SYNTHESIS} FROM syntheses WHERE code_id = ?", (code_id,)).fetchone()
    return SynthesisRow(*row) if row else None


def synthesis_quote_rows(conn: sqlite3.Connection, synthesis_id: int) -> list[LinkedUnit]:
    """A synthesis's quotes, in order."""
    return [LinkedUnit(*row) for row in conn.execute(
        "SELECT id, unit_id, position FROM synthesis_quotes WHERE synthesis_id = ? ORDER BY position",
        (synthesis_id,))]


def rows_hanging_on_code(conn: sqlite3.Connection, code_id: int) -> dict[str, list[int]]:
    """Rows to delete with a code, in an order that respects foreign keys."""
    condensate_ids = [r[0] for r in conn.execute("SELECT id FROM condensates WHERE code_id = ?", (code_id,))]
    synthesis_ids = [r[0] for r in conn.execute("SELECT id FROM syntheses WHERE code_id = ?", (code_id,))]

    def ids_in(sql: str, parents: list[int]) -> list[int]:
        if not parents:
            return []
        return [r[0] for r in conn.execute(sql.format(marks=",".join("?" * len(parents))), parents)]

    return {
        "condensate_units": ids_in("SELECT id FROM condensate_units WHERE condensate_id IN ({marks})", condensate_ids),
        "condensates": condensate_ids,
        "synthesis_quotes": ids_in("SELECT id FROM synthesis_quotes WHERE synthesis_id IN ({marks})", synthesis_ids),
        "syntheses": synthesis_ids,
    }


def participant_groups(conn: sqlite3.Connection) -> dict[str, str]:
    """Participant label -> group: the `group`/`gruppe` attribute, else the label's letters (K3 -> K)."""
    groups = {}
    attributes = dict(conn.execute(
        """SELECT p.label, a.value FROM participants p JOIN participant_attributes a ON a.participant_id = p.id
           WHERE lower(a.name) IN ('group', 'gruppe')"""))
    for (label,) in conn.execute(
        "SELECT label FROM participants p WHERE EXISTS (SELECT 1 FROM turns t WHERE t.participant_id = p.id)"
    ):
        prefix = "".join(ch for ch in label if ch.isalpha()) or label
        groups[label] = attributes.get(label) or prefix
    return groups


def participant_texts(conn: sqlite3.Connection) -> Iterator[SpokenText]:
    """What each participant said, turn by turn, document by document (each text read once, and let go:
    cutting every turn out in SQL scans its document from the start, substr counting characters). The turns
    are read as they are needed (all of a thousand transcripts' at once were 30 MB)."""
    turns = conn.execute(
        """SELECT t.document_id, p.label, t.body_start, t.end FROM turns t
           JOIN participants p ON p.id = t.participant_id ORDER BY t.document_id, t.start, t.id""")
    for document_id, spoken in groupby(turns, key=lambda turn: turn[0]):
        label, text = conn.execute("SELECT label, text FROM documents WHERE id = ?", (document_id,)).fetchone()
        for _, participant, start, end in spoken:
            yield SpokenText(label, participant, text[start:end])


def corpus_words(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(sum(words), 0) FROM documents").fetchone()[0]


def speaker_labels(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int]]:
    """(start, end) of each turn's speaker label in the document ("Moderator: "), in order."""
    return conn.execute("SELECT start, body_start FROM turns WHERE document_id = ? AND body_start > start "
                        "ORDER BY start", (document_id,)).fetchall()


def document_texts(conn: sqlite3.Connection) -> Iterator[DocumentText]:
    """Every document's text, one at a time (a corpus need not fit in memory twice)."""
    cursor = conn.execute("SELECT id FROM documents ORDER BY label COLLATE NOCASE")
    for (document_id,) in cursor.fetchall():
        row = conn.execute("SELECT id, label, text FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is not None:
            yield DocumentText(*row)
