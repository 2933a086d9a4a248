"""A document's rows as an import writes them: the document, its speaker turns, its sentences and their
search-index entries, with ids given in order. One path for `qualcode import` (store/documents.py) and for
a merge that copies a document in (store/merging.py), so the two cannot drift apart."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

# (start, end, body_start, speaker, participant id, time_start, time_end), in document order
TurnRow = tuple[int, int, int, str, int | None, float | None, float | None]
IndexRows = list[tuple[int, str, str]]  # (segment id, sentence text, lemma keys)


def insert_document_rows(conn: sqlite3.Connection, document: dict[str, Any], turns: Sequence[TurnRow],
                         sentences: Sequence[tuple[int, int, str]],
                         write_index: Callable[[IndexRows], None] | None = None) -> int:
    """The rows of one document inside the caller's transaction; returns its id.

    sentences: (start, end, lemma keys). write_index writes the search-index rows (an import leaves them to
    its batch's commit, changes.at_commit); by default they are written at once."""
    inserted = conn.execute(
        f"INSERT INTO documents ({', '.join(document)}) VALUES ({', '.join('?' * len(document))})",
        tuple(document.values())).lastrowid
    assert inserted is not None  # an INSERT always sets it
    document_id: int = inserted
    first_turn = _next_id(conn, "turns")
    conn.executemany(
        "INSERT INTO turns (id, document_id, start, end, body_start, speaker, participant_id, time_start, time_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(first_turn + i, document_id, *turn) for i, turn in enumerate(turns)])
    turn_starts = [turn[0] for turn in turns]
    first_segment = _next_id(conn, "segments")
    text = document["text"]
    segment_rows = []
    line, previous = 1, 0
    for i, (start, end, lemmas) in enumerate(sentences):
        line += text.count("\n", previous, start)
        previous = start
        at = bisect_right(turn_starts, start) - 1
        segment_rows.append((first_segment + i, document_id, start, end, line, first_turn + at if at >= 0 else None,
                             lemmas))  # kept so the index entry can be taken out again (sentence_index.py)
    conn.executemany("INSERT INTO segments (id, document_id, start, end, line, turn_id, lemmas)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", segment_rows)
    index_rows = [(first_segment + i, text[start:end], lemmas) for i, (start, end, lemmas) in enumerate(sentences)]
    (write_index or (lambda rows: write_index_rows(conn, rows)))(index_rows)
    return document_id


def write_index_rows(conn: sqlite3.Connection, rows: IndexRows) -> None:
    conn.executemany("INSERT INTO segments_fts (rowid, surface, lemmas) VALUES (?, ?, ?)", rows)


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
