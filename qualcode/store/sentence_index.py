"""The search index follows the sentences that the audit log's Writer writes.

segments_fts keeps no copy of the text (contentless, rowid = segments.id): a sentence is indexed from its
document's text and its lemma keys, and FTS5 takes an entry out only when given those same values again.
So a sentence row written through the Writer (a replaced, corrected or deleted transcript, and the undo or
redo of one) takes its index entry with it, read from the document's text as it stands at that moment: a
document's text is changed only while it has no sentences, which the callers keep to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any


class SentenceIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._texts: dict[int, str] = {}  # document id -> text, for the sentences of one change

    def written(self, table: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Called after the Writer wrote a row: keep the index (and this cache of texts) in step."""
        if table == "documents":
            for image in (before, after):
                if image is not None:
                    self._texts.pop(image["id"], None)
        elif table == "segments":
            if before is not None:
                self._index(before, delete=True)
            if after is not None:
                self._index(after, delete=False)

    def _index(self, row: dict[str, Any], *, delete: bool) -> None:
        lemmas = row.get("lemmas")
        if lemmas is None:
            lemmas = lemmas_from_index(self.conn, [row["id"]]).get(row["id"], "")
        surface = self._text(row["document_id"])[row["start"]:row["end"]]
        if delete:
            self.conn.execute("INSERT INTO segments_fts (segments_fts, rowid, surface, lemmas)"
                              " VALUES ('delete', ?, ?, ?)", (row["id"], surface, lemmas))
        else:
            self.conn.execute("INSERT INTO segments_fts (rowid, surface, lemmas) VALUES (?, ?, ?)",
                              (row["id"], surface, lemmas))

    def _text(self, document_id: int) -> str:
        if document_id not in self._texts:
            found = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
            self._texts[document_id] = found[0] if found else ""
        return self._texts[document_id]


def lemmas_from_index(conn: sqlite3.Connection, segment_ids: Iterable[int]) -> dict[int, str]:
    """The lemma keys of sentences indexed before segments kept them, read back from the index itself:
    the same tokens in the same order, which is all that FTS5's 'delete' compares."""
    wanted = set(segment_ids)
    if not wanted:
        return {}
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.segment_tokens USING fts5vocab(main, segments_fts, instance)")
    found: dict[int, list[tuple[int, str]]] = {segment_id: [] for segment_id in wanted}
    for term, segment_id, offset in conn.execute(
            "SELECT term, doc, offset FROM temp.segment_tokens WHERE col = 'lemmas'"):
        if segment_id in found:
            found[segment_id].append((offset, term))
    return {segment_id: " ".join(term for _, term in sorted(tokens)) for segment_id, tokens in found.items()}
