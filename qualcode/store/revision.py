"""SQL for transcripts that change (replace, correct, rename, delete) and for pseudonymisation.

Revisions write through the audit log's Writer, so each is one undoable change with its row images (the
sentences' search index follows through store/sentence_index.py). Pseudonymisation writes directly: it
cannot be undone, keeps no images, and redacts the images that held what it replaced.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound
from .revision_schema import REDACTED, REDACTION_FLAG
from .sentence_index import lemmas_from_index


@dataclass(frozen=True)
class SpanRow:
    """A row of a document with a span: a unit (review: why it is flagged) or a theme source."""

    id: int
    start: int
    end: int
    review: str | None = None


def document_row(conn: sqlite3.Connection, label: str) -> dict[str, Any]:
    cursor = conn.execute("SELECT * FROM documents WHERE label = ?", (label,))
    row = cursor.fetchone()
    if row is None:
        known = ", ".join(sorted(r[0] for r in conn.execute("SELECT label FROM documents"))[:8])
        raise NotFound(f"no document {label!r}" + (f" (documents: {known})" if known else ""))
    return dict(zip((d[0] for d in cursor.description), row, strict=True))


def label_taken(conn: sqlite3.Connection, label: str, other_than: int) -> str | None:
    """The label of another document that `label` would clash with (SQLite's NOCASE folds only A-Z)."""
    for document_id, taken in conn.execute("SELECT id, label FROM documents"):
        if document_id != other_than and taken.casefold() == label.casefold():
            return taken
    return None


def label_of_sha(conn: sqlite3.Connection, sha256: str, other_than: int) -> str | None:
    row = conn.execute("SELECT label FROM documents WHERE sha256 = ? AND id <> ?", (sha256, other_than)).fetchone()
    return row[0] if row else None


def units_of(conn: sqlite3.Connection, document_id: int) -> list[SpanRow]:
    return [SpanRow(*row) for row in conn.execute(
        "SELECT id, start, end, review FROM units WHERE document_id = ? ORDER BY start, id", (document_id,))]


def theme_sources_of(conn: sqlite3.Connection, document_id: int) -> list[SpanRow]:
    return [SpanRow(*row) for row in conn.execute(
        "SELECT id, start, end FROM theme_sources WHERE document_id = ? AND start IS NOT NULL ORDER BY id",
        (document_id,))]


def memo_passages_of(conn: sqlite3.Connection, document_id: int) -> list[SpanRow]:
    """The memos on passages of the document (document memos with offsets)."""
    return [SpanRow(*row) for row in conn.execute(
        """SELECT id, start, end FROM memos WHERE target_kind = 'document' AND target_id = ? AND start IS NOT NULL
           ORDER BY id""", (document_id,))]


def turn_rows(conn: sqlite3.Connection, document_id: int) -> list[dict[str, Any]]:
    cursor = conn.execute("SELECT * FROM turns WHERE document_id = ? ORDER BY start, id", (document_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


@dataclass(frozen=True)
class SentenceRow:
    id: int
    start: int
    end: int
    lemmas: str


def sentences_of(conn: sqlite3.Connection, document_id: int) -> list[SentenceRow]:
    """The document's sentences with their lemma keys; keys missing from older rows are read from the index."""
    rows = conn.execute("SELECT id, start, end, lemmas FROM segments WHERE document_id = ? ORDER BY start",
                        (document_id,)).fetchall()
    missing = [row[0] for row in rows if row[3] is None]
    if missing:
        found = lemmas_from_index(conn, missing)
        conn.executemany("UPDATE segments SET lemmas = ? WHERE id = ?", [(found[i], i) for i in missing])
        rows = [(i, s, e, found[i] if lemmas is None else lemmas) for i, s, e, lemmas in rows]
    return [SentenceRow(*row) for row in rows]


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """An id above every id the table has held (AUTOINCREMENT's counter counts the deleted ones too)."""
    highest = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return max(highest, counter[0] if counter else 0) + 1


def participant_ids(conn: sqlite3.Connection) -> dict[str, int]:
    return {label.casefold(): pid for pid, label in conn.execute("SELECT id, label FROM participants")}


def code_paths_of_units(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for start in range(0, len(unit_ids), 500):
        chunk = unit_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for unit_id, code_id in conn.execute(
                f"SELECT unit_id, code_id FROM codings WHERE unit_id IN ({marks}) ORDER BY id", chunk):
            found.setdefault(unit_id, []).append(code_id)
    return found


# deleting a document: what hangs on it, in an order that respects the foreign keys

def rows_of_document(conn: sqlite3.Connection, document_id: int) -> dict[str, list[int]]:
    """Row ids to delete with a document (condensates only let go of a golden unit: their ids are listed
    under 'golden'), in the order they must go."""
    unit_ids = [r[0] for r in conn.execute("SELECT id FROM units WHERE document_id = ?", (document_id,))]

    def of_units(sql: str) -> list[int]:
        found: list[int] = []
        for start in range(0, len(unit_ids), 500):
            chunk = unit_ids[start:start + 500]
            found += [r[0] for r in conn.execute(sql.format(",".join("?" * len(chunk))), chunk)]
        return found

    return {
        "synthesis_quotes": of_units("SELECT id FROM synthesis_quotes WHERE unit_id IN ({})"),
        "condensate_units": of_units("SELECT id FROM condensate_units WHERE unit_id IN ({})"),
        "golden": of_units("SELECT id FROM condensates WHERE golden_unit_id IN ({})"),
        "codings": of_units("SELECT id FROM codings WHERE unit_id IN ({})"),
        "memos": of_units("SELECT id FROM memos WHERE target_kind = 'unit' AND target_id IN ({})")
        + [r[0] for r in conn.execute("SELECT id FROM memos WHERE target_kind = 'document' AND target_id = ?",
                                      (document_id,))],
        "units": unit_ids,
        "theme_sources": [r[0] for r in conn.execute("SELECT id FROM theme_sources WHERE document_id = ?",
                                                     (document_id,))],
        "reading_status": [r[0] for r in conn.execute("SELECT id FROM reading_status WHERE document_id = ?",
                                                      (document_id,))],
        "segments": [r[0] for r in conn.execute("SELECT id FROM segments WHERE document_id = ?", (document_id,))],
        "turns": [r[0] for r in conn.execute("SELECT id FROM turns WHERE document_id = ?", (document_id,))],
    }


@dataclass(frozen=True)
class FlaggedUnit:
    id: int
    document: str
    position: int
    review: str
    codes: tuple[int, ...]


def flagged_units(conn: sqlite3.Connection) -> list[FlaggedUnit]:
    rows = conn.execute("""SELECT u.id, d.label, u.start, u.review FROM units u JOIN documents d ON d.id = u.document_id
                           WHERE u.review IS NOT NULL ORDER BY d.label COLLATE NOCASE, u.start""").fetchall()
    codes = code_paths_of_units(conn, [r[0] for r in rows])
    return [FlaggedUnit(r[0], r[1], r[2], r[3], tuple(codes.get(r[0], []))) for r in rows]


def unit_review(conn: sqlite3.Connection, unit_id: int) -> tuple[bool, str | None]:
    row = conn.execute("SELECT review FROM units WHERE id = ?", (unit_id,)).fetchone()
    return (row is not None, row[0] if row else None)


# pseudonymisation: every text in the file, written without images

# columns that name the coders who did the work, not anyone in the data
CODER_COLUMNS = frozenset({"coder", "created_by", "imported_by", "updated_by", "checked_by", "author", "saved_by",
                           "coders", "flagged_by"})
# handled on their own: document texts (offsets follow), sentences and their index (rebuilt), the log
_OWN_HANDLING = frozenset({"segments", "changes", "change_rows", "_sqlite_migrations", "sqlite_sequence"})


def text_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """table -> its text columns, for every table that may hold what a participant said or is called."""
    found: dict[str, list[str]] = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if table in _OWN_HANDLING or table.startswith(("sqlite_", "segments_fts")):
            continue
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                   if (row[2] or "").upper() in ("TEXT", "") and row[1] not in CODER_COLUMNS]
        if table == "documents":
            columns = [c for c in columns if c not in ("text", "sha256")]
        if columns:
            found[table] = columns
    return found


def table_texts(conn: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple[int, list[Any]]]:
    """(rowid, values) of a table's text columns."""
    names = ", ".join(columns)
    yield from ((row[0], list(row[1:])) for row in conn.execute(f"SELECT rowid, {names} FROM {table}"))


def coder_texts(conn: sqlite3.Connection) -> Iterator[str]:
    """Every coder name in the file, for telling the user which of the terms are kept there."""
    for table, columns in _coder_columns(conn).items():
        for column in columns:
            yield from (r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM {table}") if isinstance(r[0], str))


def _coder_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if table.startswith(("sqlite_", "segments_fts", "_sqlite")):
            continue
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] in CODER_COLUMNS]
        if columns:
            found[table] = columns
    return found


def update_texts(conn: sqlite3.Connection, table: str, columns: list[str], rowid: int, values: list[Any]) -> None:
    assignments = ", ".join(f"{column} = ?" for column in columns)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE rowid = ?", (*values, rowid))


def documents_text(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    return conn.execute("SELECT id, label, text FROM documents ORDER BY label COLLATE NOCASE").fetchall()


def set_document_text(conn: sqlite3.Connection, document_id: int, text: str) -> None:
    conn.execute("UPDATE documents SET text = ?, words = ? WHERE id = ?", (text, len(text.split()), document_id))


def move_spans(conn: sqlite3.Connection, table: str, moves: Iterable[tuple[int, int, int]]) -> None:
    """(id, start, end) for units, theme sources or turns' (start, end)."""
    conn.executemany(f"UPDATE {table} SET start = ?, end = ? WHERE id = ?", [(s, e, i) for i, s, e in moves])


def move_turns(conn: sqlite3.Connection, moves: Iterable[tuple[int, int, int, int]]) -> None:
    conn.executemany("UPDATE turns SET start = ?, body_start = ?, end = ? WHERE id = ?",
                     [(s, b, e, i) for i, s, b, e in moves])


def replace_sentences(conn: sqlite3.Connection, document_id: int, old_text: str, new_text: str,
                      dropped: list[SentenceRow], moved: list[tuple[int, int, int, int]],
                      added: list[tuple[int, int, int, int | None, str]]) -> None:
    """Take the dropped sentences out of the index (as they were indexed), move the kept ones (same words,
    same index entry), and add new ones (start, end, line, turn id, lemmas) with their index entries."""
    conn.executemany("INSERT INTO segments_fts (segments_fts, rowid, surface, lemmas) VALUES ('delete', ?, ?, ?)",
                     [(s.id, old_text[s.start:s.end], s.lemmas) for s in dropped])
    conn.executemany("DELETE FROM segments WHERE id = ?", [(s.id,) for s in dropped])
    conn.executemany("UPDATE segments SET start = ?, end = ?, line = ? WHERE id = ?",
                     [(s, e, line, i) for i, s, e, line in moved])
    first = next_id(conn, "segments")
    rows = [(first + n, document_id, s, e, line, turn, lemmas) for n, (s, e, line, turn, lemmas) in enumerate(added)]
    conn.executemany("INSERT INTO segments (id, document_id, start, end, line, turn_id, lemmas)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO segments_fts (rowid, surface, lemmas) VALUES (?, ?, ?)",
                     [(row[0], new_text[row[2]:row[3]], row[6]) for row in rows])


def turn_ids_and_starts(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int]]:
    return conn.execute("SELECT id, start FROM turns WHERE document_id = ? ORDER BY start, id",
                        (document_id,)).fetchall()


def merge_search_index(conn: sqlite3.Connection) -> None:
    """Merge the index into one segment: what was taken out is then gone from its pages too."""
    conn.execute("INSERT INTO segments_fts (segments_fts) VALUES ('optimize')")


# the audit log: redaction, only inside a pseudonymisation's own transaction

def begin_redaction(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')", (REDACTION_FLAG,))


def end_redaction(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (REDACTION_FLAG,))


def redact_log(conn: sqlite3.Connection, holds: Callable[[str], bool],
               rewrite: Callable[[str], str]) -> tuple[int, int]:
    """Purge every row image that holds a term (holds(image)), rewrite every summary that does; returns
    (images purged, summaries rewritten)."""
    purged = []
    for row_id, before, after in conn.execute("SELECT id, before, after FROM change_rows"):
        new_before = REDACTED if before is not None and holds(before) else before
        new_after = REDACTED if after is not None and holds(after) else after
        if new_before is not before or new_after is not after:
            purged.append((new_before, new_after, row_id))
    conn.executemany("UPDATE change_rows SET before = ?, after = ? WHERE id = ?", purged)
    summaries = [(rewrite(summary), change_id) for change_id, summary in conn.execute("SELECT id, summary FROM changes")
                 if holds(summary)]
    conn.executemany("UPDATE changes SET summary = ? WHERE id = ?", summaries)
    return len(purged), len(summaries)


def purge_free_space(conn: sqlite3.Connection) -> bool:
    """Rewrite the file without free pages and empty the WAL; False when another connection kept the WAL."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def secure_delete(conn: sqlite3.Connection) -> None:
    """Deleted content is overwritten with zeros from now on, on this connection."""
    conn.execute("PRAGMA secure_delete = ON")


def words_pattern_hits(conn: sqlite3.Connection, pattern: re.Pattern[str]) -> dict[str, int]:
    """How often each table holds the pattern still (a check after pseudonymising)."""
    found: dict[str, int] = {}
    for table, columns in text_columns(conn).items():
        for _, values in table_texts(conn, table, columns):
            for value in values:
                if isinstance(value, str) and pattern.search(value):
                    found[table] = found.get(table, 0) + 1
    for _, _, text in documents_text(conn):
        if pattern.search(text):
            found["documents"] = found.get("documents", 0) + 1
    return found
