"""The TUI driven by Textual's Pilot: documents list, transcript view, search."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.search import SearchScreen
from qualcode.tui.screens.transcript import TranscriptScreen
from qualcode.tui.widgets.transcript import TranscriptView


@pytest.fixture
def loaded(project, transcript, tmp_path):
    long = tmp_path / "lang.txt"
    long.write_text("\n\n".join(f"K2: Avsnitt {n} om kommunen og samarbeidet med helseforetaket." for n in range(400)),
                    encoding="utf-8")
    project.documents.import_files([transcript, long])
    return project


async def test_documents_list_and_open_transcript(loaded):
    app = QualcodeApp(loaded)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert "K1-intervju" in [str(k.value) for k in table.rows]
        table.move_cursor(row=[str(k.value) for k in table.rows].index("K1-intervju"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        view = app.screen.query_one(TranscriptView)
        first = "".join(segment.text for segment in view.render_line(0))
        assert "1" in first and "Intervju med K1" in first
        # the speaker column names the speaker where the text does not: on continuation lines
        speaker_rows = [r for r in view.rows if r.speaker == "K1" and r.first]
        assert [r.text for r in speaker_rows] == ["Kommunens folk blir tatt på alvor."]
        await pilot.press("escape")
        assert not isinstance(app.screen, TranscriptScreen)


async def test_transcript_view_draws_only_what_is_visible(loaded):
    app = QualcodeApp(loaded)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TranscriptScreen(loaded, "lang"))
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        assert view.virtual_size.height == len(view.rows) >= 799
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert view.scroll_offset.y > 0
        top = view.rows[view.scroll_offset.y]
        assert f"{top.line:>5}" in "".join(s.text for s in view.render_line(0)) or not top.first


async def test_search_opens_transcript_at_hit(loaded):
    app = QualcodeApp(loaded)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one(Input).value = "helseforetak"
        await pilot.press("enter")
        await pilot.pause()
        hits = app.screen.hits
        assert hits and {h.match.lower() for h in hits} >= {"helseforetakene"}
        app.screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        view = app.screen.query_one(TranscriptView)
        assert view.highlight == (hits[0].start, hits[0].end)
        assert app.screen.document.label == hits[0].document
