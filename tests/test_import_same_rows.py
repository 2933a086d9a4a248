"""The import's faster paths store exactly the rows the pipeline's own Docs give: documents, turns,
sentences with their lemma keys, and the search index's entries, with workers and without."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import qualcode.nlp.pipeline as pipeline
from qualcode.models import ImportReport
from qualcode.project import Project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

ODD = """Intervju, f.eks. om samarbeid (bl.a. med DPS-et) kl. 10.30

I:\tHvordan går det?  Bra :) eller ; ) ikke?
K1: Det er  vanskelig… «Vi får vite det for sent.» [ler] Ja!Nei. ( =)m.v.
K1:\u00a0Kommunen, fastlegen og pårørende — alle sammen.
"""


def _corpus(folder: Path) -> list[Path]:
    from synthetic import transcript, vocabulary

    words, cumulative = vocabulary()
    rng = random.Random(8)
    folder.mkdir()
    paths = []
    for number in range(5):
        path = folder / f"syntetisk-{number}.txt"
        path.write_text(transcript(rng, words, cumulative, 1200, number), encoding="utf-8")
        paths.append(path)
    odd = folder / "K7-rart.txt"
    odd.write_text(ODD, encoding="utf-8")
    return [*paths, odd, *sorted((ROOT / "corpora" / "demo-nb").glob("*.txt"))]


def _rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.entries USING fts5vocab(main, segments_fts, instance)")
        return {
            "documents": conn.execute("SELECT id, label, title, kind, language, source_name, sha256, text, words "
                                      "FROM documents ORDER BY id").fetchall(),
            "turns": conn.execute("SELECT * FROM turns ORDER BY id").fetchall(),
            "segments": conn.execute("SELECT * FROM segments ORDER BY id").fetchall(),
            "participants": conn.execute("SELECT * FROM participants ORDER BY id").fetchall(),
            "index": conn.execute("SELECT term, doc, col, offset FROM temp.entries ORDER BY doc, col, offset"
                                  ).fetchall(),
        }
    finally:
        conn.close()


def _import(target: Path, paths: list[Path], workers: int) -> tuple[ImportReport, int]:
    with Project.create(target, language="nb", coder="t") as project:
        report = project.documents.import_files(paths, workers=workers)
        checkpoint = project.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert not report.failed, report.failed
    return report, checkpoint


def test_the_stored_rows_are_those_of_the_pipelines_docs(tmp_path, monkeypatch):
    paths = _corpus(tmp_path / "korpus")
    fast_report, checkpoint = _import(tmp_path / "fast.qualcode", paths, workers=2)
    assert checkpoint == 1000  # the import's longer log is the connection's own, and only while it runs

    original = pipeline.sentences
    monkeypatch.setattr("qualcode.ingest.batch.sentences",
                        lambda *args, **kwargs: original(*args, through_docs=True, **kwargs))
    slow_report, _ = _import(tmp_path / "docs.qualcode", paths, workers=1)

    fast, slow = _rows(tmp_path / "fast.qualcode"), _rows(tmp_path / "docs.qualcode")
    assert fast_report == slow_report  # the import report too, word for word
    assert len(fast_report.imported) == len(paths)
    for table in slow:
        assert fast[table] == slow[table], table
    assert len(fast["segments"]) > 500 and len(fast["index"]) > 10_000


def test_the_collector_is_as_before_after_a_batch_with_workers(tmp_path):
    import gc

    paths = _corpus(tmp_path / "korpus")
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    with Project.create(tmp_path / "p.qualcode", language="nb", coder="t") as project:
        seen = []
        report = project.documents.import_files(paths, workers=2, on_file=lambda _: seen.append(
            (gc.get_threshold()[0], gc.get_freeze_count() > frozen)))
    assert not report.failed
    assert seen[0][0] >= 20_000 and seen[0][1]  # while the batch runs: young objects collected less often
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)
