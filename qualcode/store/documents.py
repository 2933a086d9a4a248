"""Documents, their speaker turns and their sentence index rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import PurePosixPath
from typing import Any

from ..errors import AlreadyImported, ImportRefused, NotFound
from ..ingest.turns import is_generic_participant
from ..models import Document, DocumentSummary, TurnSpan
from .changes import at_commit, audited, batched, now
from .document_rows import insert_document_rows, write_index_rows
from .participants import ids_by_label

# what a CSV's document cell may end with and still name a document: K3-intervju.docx is K3-intervju
_FILE_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".vtt", ".srt")
# pages the write-ahead log may hold before it is copied back into the file while many documents are written
# one after another (SQLite's default is 1,000: a copy, and two waits for the disk, every twenty transcripts)
_BULK_CHECKPOINT_PAGES = 4_000
# documents committed together in a bulk import, and how long it holds the write lock at most meanwhile
# (another coder's change waits for it)
_BULK_DOCUMENTS, _BULK_SECONDS = 20, 0.25
# FTS5 merges the index's pieces once `automerge` of a size are there (its default 4), and at once past
# `crisismerge` (16); a bulk import merges in bigger steps: a fifth less of its writing time on 1,000 transcripts.
# It writes a piece whenever the terms it holds pass `hashsize` (1 MB): twenty transcripts hold more, and
# 8 MB took a tenth off the index's writing
_INDEX_MERGING_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1_048_576}
_BULK_INDEX_MERGING = {"automerge": 16, "crisismerge": 64, "hashsize": 8 * 1_048_576}


def label_of_sha(conn: sqlite3.Connection, sha256: str) -> str | None:
    row = conn.execute("SELECT label FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def labels(conn: sqlite3.Connection) -> set[str]:
    return {row[0].lower() for row in conn.execute("SELECT label FROM documents")}


def document_key(name: str) -> str:
    """How a name meets a document: K3-intervju, k3-intervju.docx and runde2\\K1 alike."""
    name = name.strip().replace("\\", "/")
    if PurePosixPath(name).suffix.lower() in _FILE_SUFFIXES:
        name = name[: -len(PurePosixPath(name).suffix)]
    return name.casefold()


def label_of(conn: sqlite3.Connection, document_id: int) -> str:
    return conn.execute("SELECT label FROM documents WHERE id = ?", (document_id,)).fetchone()[0]


def ids_by_key(conn: sqlite3.Connection) -> dict[str, int]:
    """document_key of each document's label and of its file name -> document id."""
    rows = conn.execute("SELECT id, label, source_name FROM documents").fetchall()
    found = {document_key(source_name): document_id for document_id, _, source_name in rows}
    # a label wins over another document's file name
    found.update({document_key(label): document_id for document_id, label, _ in rows})
    return found


@contextmanager
def bulk_writing(conn: sqlite3.Connection) -> Iterator[None]:
    """Around an import of many documents: each document still whole or not at all, but a few committed
    together (changes.batched: the search index is written out once per batch, not once per document),
    the index's pieces merged in bigger steps, and the log copied back into the project file a quarter as
    often; as before afterwards."""
    previous = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {max(previous, _BULK_CHECKPOINT_PAGES)}")
    merging = _index_merging(conn)
    _set_index_merging(conn, _BULK_INDEX_MERGING)
    try:
        with batched(conn, changes=_BULK_DOCUMENTS, seconds=_BULK_SECONDS):
            yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {previous}")
        with suppress(sqlite3.Error):  # only how the index merges: a busy or full project keeps the bulk values
            _set_index_merging(conn, merging)


def _index_merging(conn: sqlite3.Connection) -> dict[str, int]:
    """FTS5's automerge, crisismerge and hashsize as set in the project (its defaults where never set)."""
    found = dict(conn.execute("SELECT k, v FROM segments_fts_config WHERE k IN (?, ?, ?)",
                              tuple(_INDEX_MERGING_DEFAULTS)))
    return {key: int(found.get(key, default)) for key, default in _INDEX_MERGING_DEFAULTS.items()}


def _set_index_merging(conn: sqlite3.Connection, values: dict[str, int]) -> None:
    if _index_merging(conn) != values:
        for key, value in values.items():
            conn.execute("INSERT INTO segments_fts (segments_fts, rank) VALUES (?, ?)", (key, value))


def insert_document(
    conn: sqlite3.Connection,
    coder: str,
    document: dict[str, Any],
    turns: Sequence[tuple[int, int, int, str, float | None, float | None]],
    sentences: Sequence[tuple[int, int, str]],
    speakers_to_create: Sequence[str],
    participant: str | None = None,
    turn_participants: Sequence[int | None] | None = None,
) -> int:
    """Insert one document whole, in one transaction with its audit row; nothing on failure.

    turns: (start, end, body_start, speaker, time_start, time_end);
    sentences: (start, end, lemma keys);
    participant: who the generic labels (Informant, IP ...) stand for here; None leaves them unlinked;
    turn_participants: each turn's participant id as already known (a project moved between programs),
    instead of finding it by its speaker.
    """
    summary = f"import {document['label']} ({len(turns)} turns, {len(sentences)} sentences)"
    try:
        with audited(conn, coder, "import", summary, undoable=False) as writer:
            participant_ids = ids_by_label(conn)
            for label in [*speakers_to_create, *([participant] if participant else [])]:
                if label.casefold() not in participant_ids:
                    participant_ids[label.casefold()] = writer.insert("participants", {"label": label})
            own = participant_ids[participant.casefold()] if participant else None

            def participant_of(speaker: str) -> int | None:
                return own if is_generic_participant(speaker) else participant_ids.get(speaker.casefold())

            # not through the writer: an import is never undone, so the log keeps no copy of the transcript
            # (a pseudonymised or deleted text must be truly gone from the file)
            values = {**document, "imported_at": now(), "imported_by": coder}
            linked = turn_participants if turn_participants is not None else [participant_of(t[3]) for t in turns]
            turn_rows = [(s, e, b, spk, linked_to, t0, t1)
                         for (s, e, b, spk, t0, t1), linked_to in zip(turns, linked, strict=True)]
            document_id = insert_document_rows(  # the index rows go in once, at the batch's commit
                conn, values, turn_rows, sentences, lambda rows: at_commit(conn, lambda: write_index_rows(conn, rows)))
    except sqlite3.IntegrityError as exc:  # another window imported the same file meanwhile
        if "documents.sha256" in str(exc):
            raise AlreadyImported(label_of_sha(conn, document["sha256"]) or "another document") from None
        if "documents.label" in str(exc):
            raise ImportRefused(f"a different document is already labelled {document['label']!r}") from None
        raise
    return document_id


def summaries(conn: sqlite3.Connection) -> list[DocumentSummary]:
    rows = conn.execute(
        """
        SELECT d.id, d.label, d.title, d.kind, d.language, d.source_name, d.imported_at,
               d.words,
               (SELECT count(*) FROM turns t WHERE t.document_id = d.id),
               (SELECT group_concat(speaker, char(31)) FROM
                   (SELECT DISTINCT speaker FROM turns t WHERE t.document_id = d.id AND speaker <> ''
                    ORDER BY speaker))
        FROM documents d ORDER BY d.label COLLATE NOCASE
        """
    ).fetchall()
    return [
        DocumentSummary(
            id=r[0], label=r[1], title=r[2], kind=r[3], language=r[4], source_name=r[5], imported_at=r[6],
            words=r[7], turns=r[8], speakers=tuple(r[9].split("\x1f")) if r[9] else (),
        )
        for r in rows
    ]


def id_and_length(conn: sqlite3.Connection, label: str) -> tuple[int, str, int]:
    """(id, label, text length) without loading the text: for quick checks of a span."""
    row = conn.execute("SELECT id, label, length(text) FROM documents WHERE label = ?", (label,)).fetchone()
    if row is None:
        load(conn, label)  # raises the helpful NotFound
    return row


def load(conn: sqlite3.Connection, label: str) -> Document:
    row = conn.execute(
        "SELECT id, label, title, kind, language, source_name, sha256, text FROM documents WHERE label = ?",
        (label,),
    ).fetchone()
    if row is None:
        known = ", ".join(sorted(r[0] for r in conn.execute("SELECT label FROM documents"))[:8])
        raise NotFound(f"no document {label!r}" + (f" (documents: {known})" if known else ""))
    turns = tuple(
        TurnSpan(*t)
        for t in conn.execute(
            """SELECT t.id, t.start, t.end, t.body_start, t.speaker, p.label, t.time_start, t.time_end
               FROM turns t LEFT JOIN participants p ON p.id = t.participant_id
               WHERE t.document_id = ? ORDER BY t.start""",
            (row[0],),
        )
    )
    document_id, label, title, kind, language, source_name, sha256, text = row
    return Document(document_id, label, title, kind, language, source_name, sha256, text, turns=turns)


def sentence_spans(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int]]:
    """Sentence boundaries, offered as meaning-unit boundaries."""
    return conn.execute(
        "SELECT start, end FROM segments WHERE document_id = ? ORDER BY start", (document_id,)
    ).fetchall()
