"""Export then import gives the same project, table by table, and the same chapter.

Compared: every table but the audit log and the migrations (the import is a new change in a new file's log).
The ids come back too: our GUIDs carry them. Documents are written through the import's own path, which gives
them (and their turns and sentences) ids in import order: the same ids as long as none was ever deleted, which
qualcode never does. The contentless search index is compared through searches.
"""

from __future__ import annotations

import json
import stat

import docx
import pytest
from click.testing import CliRunner
from exchange_support import differences, rich_project

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.exchange import create_from_qdpx
from qualcode.export.chapter import ChapterOptions
from qualcode.project import Project
from qualcode.store.changes import NothingToUndo

QUERIES = ("kommune", "samarbeid", "helseforetak*", "utskrivning", "alvor", "pasient")


def _round_trip(original, tmp_path, coder="importør"):
    archive = tmp_path / "flytt.qdpx"
    with Project(original, coder="eksportør") as project:
        summary = project.exchange.export_qdpx(archive)
    copy = tmp_path / "kopi.qualcode"
    report = create_from_qdpx(copy, archive, coder=coder)
    return archive, copy, summary, report


def _searches(path):
    with Project(path) as project:
        return {query: [(h.document, h.start, h.end) for h in project.documents.search(query, limit=500)]
                for query in QUERIES}


def _chapter_text(path, tmp_path, name):
    """The chapter as Markdown, and the Word chapter's paragraphs with their styles."""
    with Project(path) as project:
        options = ChapterOptions(number="5", appendix=True, body="both")
        markdown = project.chapter.write(tmp_path / f"{name}.md", options=options)
        word = project.chapter.write(tmp_path / f"{name}.docx", options=ChapterOptions(number="5", body="both"))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(word)).paragraphs]
    return markdown.read_text(encoding="utf-8"), paragraphs


def test_the_demo_project_comes_back_identical_table_by_table(tmp_path):
    original = build_demo(tmp_path / "demo")
    archive, copy, summary, report = _round_trip(original, tmp_path)
    assert differences(original, copy) == {}
    assert _searches(original) == _searches(copy)
    assert (summary.documents, summary.units, summary.codings) == (6, 59, 59)
    assert report.came_in("selections") == 59 and report.position_reading == "code-points"
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_the_chapter_from_both_is_the_same(tmp_path):
    original = build_demo(tmp_path / "demo")
    _, copy, _, _ = _round_trip(original, tmp_path)
    assert _chapter_text(original, tmp_path, "fra-original") == _chapter_text(copy, tmp_path, "fra-kopi")


def test_every_table_the_method_fills_comes_back(tmp_path):
    """Two coders, memos on each kind of thing, themes with passages, a condensate with its golden nugget, a
    synthesis with its quote order and read-back check, reading status, renamed speakers, subtitle timings,
    names with slashes, emoji and a decomposed é, ids with gaps (a deleted unit and a deleted code)."""
    original = rich_project(tmp_path)
    _, copy, _, report = _round_trip(original, tmp_path)
    assert differences(original, copy) == {}
    assert _searches(original) == _searches(copy)
    with Project(copy, coder="kari") as project:
        subgroup = "Samhandling og\\/eller samarbeid/Samarbeid m\\/ helseforetaket"
        condensation = project.condensing.get(subgroup)
        assert condensation.golden is not None and condensation.golden.text == "Vi blir tatt på alvor nå 👍"
        synthesis = project.synthesizing.get(subgroup)
        assert [u.text for u in synthesis.quotes] == ["samarbeid m/ helseforetaket er fast",
                                                      "Vi blir tatt på alvor nå 👍"]
        assert synthesis.checked_by == "kari"
        assert {m.text for m in project.impression.memos()} >= {"Ola er uenig", "Temaet går igjen"}
        (passage,) = project.impression.memos(kind="passage")
        text = project.documents.get("K1-intervju").text
        assert (passage.text, text[passage.start:passage.end]) == ("Her snur K1 😊", "Vi blir")
    with Project(copy, coder="importør") as project, pytest.raises(NothingToUndo):
        project.history.undo()  # an import is never taken back row by row, this one neither
    assert report.came_in("notes") == 13


def test_a_second_trip_changes_nothing_more(tmp_path):
    original = rich_project(tmp_path)
    _, copy, _, _ = _round_trip(original, tmp_path)
    again = tmp_path / "igjen"
    again.mkdir()
    _, twice, _, _ = _round_trip(copy, again)
    assert differences(original, twice) == {}


def test_the_round_trip_through_the_command_line(tmp_path):
    original = build_demo(tmp_path / "demo")
    archive, copy = tmp_path / "demo.qdpx", tmp_path / "kopi.qualcode"
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "qdpx", str(original), "-o", str(archive), "--json"],
                             catch_exceptions=False)
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["codings"] == 59
    imported = runner.invoke(cli, ["import", str(copy), str(archive)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    lines = imported.output.splitlines()
    assert lines[0] == f"created {copy} from demo.qdpx (Norsk bokmål)"
    assert "codes: 42 in" in lines and "selections: 59 in" in lines and "codings: 59 in" in lines
    assert differences(original, copy) == {}
    for command in (["export", "qdpx", "--help"], ["import", "--help"], ["codebook", "export", "--help"]):
        help_text = runner.invoke(cli, command).output
        assert "Example" in help_text and ".qd" in help_text


def test_an_export_over_an_old_file_replaces_it_whole(tmp_path):
    original = build_demo(tmp_path / "demo")
    archive = tmp_path / "demo.qdpx"
    archive.write_text("gammel fil", encoding="utf-8")
    archive.chmod(0o644)
    with Project(original) as project:
        project.exchange.export_qdpx(archive)
    assert archive.read_bytes()[:2] == b"PK" and stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_columns_and_tables_a_later_schema_step_added_travel_too(tmp_path):
    """A column another part of qualcode added to a table the archive's elements fill (a unit's review mark),
    and a table of its own without keys to others (drafts being typed), come back as they were."""
    import sqlite3

    from qualcode.exchange.qdpx_write import WRITTEN_COLUMNS
    from qualcode.store import exchange as store

    original = rich_project(tmp_path)
    conn = sqlite3.connect(original)
    extra = [c for c in store.columns(conn, "units") if c not in WRITTEN_COLUMNS["units"]]
    tables = store.table_names(conn)
    if not extra and "drafts" not in tables:
        conn.close()
        pytest.skip("this schema has no column or table beyond the exchange's own")
    for column in extra:
        conn.execute(f"UPDATE units SET {column} = 'merket' WHERE id = (SELECT min(id) FROM units)")
    if "drafts" in tables:
        conn.execute("INSERT INTO drafts (coder, field, target, text, base, updated_at) "
                     "VALUES ('kari', 'condensate', 2, 'Halvskrevet «kondensat»', '', '2026-01-01T10:00:00+00:00')")
    conn.commit()
    conn.close()
    _, copy, _, _ = _round_trip(original, tmp_path)
    assert differences(original, copy) == {}
