"""A bulk import commits a few documents together (store.changes.batched), and still keeps each one whole:
a document that fails leaves none of its rows, the search index holds exactly the sentences stored, and
what was written before an error is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qualcode.errors import AlreadyImported
from qualcode.ingest.batch import ImportSettings, file_sha256, prepare
from qualcode.project import Project
from qualcode.store import documents as store

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo-nb"


def _prepared(path: Path):
    return prepare(path, ImportSettings("nb"), file_sha256(path))


def _insert(project: Project, prepared, speakers=None) -> int:
    return store.insert_document(project.conn, "tester", prepared.document, prepared.turns, prepared.sentences,
                                 prepared.speakers if speakers is None else speakers)


def _indexed_sentences(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.entries USING fts5vocab(main, segments_fts, instance)")
        return {row[0] for row in conn.execute("SELECT DISTINCT doc FROM temp.entries")}
    finally:
        conn.close()


def _stored_sentences(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM segments")}
    finally:
        conn.close()


@pytest.fixture
def transcripts() -> list[Path]:
    found = sorted(DEMO.glob("*.txt"))
    assert len(found) >= 3
    return found[:3]


def test_a_failed_document_in_a_batch_leaves_nothing_and_the_others_stay(tmp_path, transcripts):
    first, third = _prepared(transcripts[0]), _prepared(transcripts[2])
    with Project.create(tmp_path / "p.qualcode", language="nb", coder="tester") as project:
        with store.bulk_writing(project.conn):
            _insert(project, first)
            with pytest.raises(AlreadyImported):  # the same file again, bringing a new speaker with it
                _insert(project, first, speakers=["Nykommer"])
            _insert(project, third)
        labels = [d.label for d in project.documents.list()]
        participants = {p.label for p in project.participants.list()}
        hits = project.documents.search("kommunen")
    assert labels == sorted([first.document["label"], third.document["label"]], key=str.casefold)
    assert "Nykommer" not in participants  # the failed document's participant went with it
    assert _indexed_sentences(tmp_path / "p.qualcode") == _stored_sentences(tmp_path / "p.qualcode")
    assert hits and {h.document for h in hits} <= set(labels)


def test_what_a_batch_wrote_before_an_error_is_kept_and_searchable(tmp_path, transcripts):
    first = _prepared(transcripts[0])
    with Project.create(tmp_path / "p.qualcode", language="nb", coder="tester") as project:
        with pytest.raises(RuntimeError), store.bulk_writing(project.conn):
            _insert(project, first)
            raise RuntimeError("the reader of the next file broke")
        assert not project.conn.in_transaction
    with Project(tmp_path / "p.qualcode") as reopened:
        assert [d.label for d in reopened.documents.list()] == [first.document["label"]]
        assert reopened.documents.count_hits("kommunen") > 0
    assert _indexed_sentences(tmp_path / "p.qualcode") == _stored_sentences(tmp_path / "p.qualcode")


def test_another_window_sees_the_documents_a_batch_at_a_time(tmp_path, transcripts, monkeypatch):
    """Batches are small (two documents here): a second connection sees the import go on."""
    monkeypatch.setattr(store, "_BULK_DOCUMENTS", 2)
    path = tmp_path / "p.qualcode"
    seen: list[int] = []
    with Project.create(path, language="nb", coder="tester") as project:
        watcher = sqlite3.connect(path)

        def count(_file: str) -> None:
            seen.append(watcher.execute("SELECT count(*) FROM documents").fetchone()[0])

        report = project.documents.import_files(transcripts, on_file=count, workers=1)
        watcher.close()
    assert len(report.imported) == 3
    # after the first file nothing is committed yet; the second batch begins with the third file
    assert seen == [0, 0, 2]
    assert _indexed_sentences(path) == _stored_sentences(path)


def test_the_index_merges_as_before_once_the_import_is_done(tmp_path, transcripts):
    with Project.create(tmp_path / "p.qualcode", language="nb", coder="tester") as project:
        seen: list[dict[str, int]] = []
        project.documents.import_files(transcripts, workers=1,
                                       on_file=lambda _: seen.append(store._index_merging(project.conn)))
        assert seen[0] == store._BULK_INDEX_MERGING  # bigger merges while the import runs
        assert store._index_merging(project.conn) == store._INDEX_MERGING_DEFAULTS
        assert project.documents.count_hits("kommunen") > 0
