"""Full-text search over sentences: FTS5 with a surface column and a lemma-key column."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class SentenceMatch:
    document: str
    start: int
    end: int
    line: int
    speaker: str
    text: str
    rank: float


def count_sentences(conn: sqlite3.Connection, fts_query: str) -> int:
    return conn.execute("SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?", (fts_query,)).fetchone()[0]


@dataclass(frozen=True)
class Candidate:
    sentence_id: int
    rank: float  # bm25: lower is better
    speaker: str


def ranked_candidates(conn: sqlite3.Connection, fts_query: str, limit: int) -> list[Candidate]:
    """The best matching sentences: cheap, no text is read."""
    return [Candidate(*row) for row in conn.execute(
        """SELECT r.rowid, r.rank, coalesce(t.speaker, '') FROM
               (SELECT rowid, bm25(segments_fts) AS rank FROM segments_fts WHERE segments_fts MATCH ?
                ORDER BY rank LIMIT ?) AS r
           JOIN segments s ON s.id = r.rowid LEFT JOIN turns t ON t.id = s.turn_id
           ORDER BY r.rank""",
        (fts_query, limit),
    )]


def sentence_matches(conn: sqlite3.Connection, ranked: list[Candidate]) -> list[SentenceMatch]:
    """The chosen sentences with their text and place, in the given order."""
    matches = []
    for candidate in ranked:
        row = conn.execute(
            """SELECT d.label, s.start, s.end, s.line, coalesce(t.speaker, ''),
                      substr(d.text, s.start + 1, s.end - s.start)
               FROM segments s JOIN documents d ON d.id = s.document_id
               LEFT JOIN turns t ON t.id = s.turn_id WHERE s.id = ?""",
            (candidate.sentence_id,),
        ).fetchone()
        document, start, end, line, speaker, text = row
        matches.append(SentenceMatch(document, start, end, line, speaker, text, candidate.rank))
    return matches
