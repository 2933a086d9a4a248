"""Reading in the TUI: the transcript view, and search opening a transcript at its hit."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input
from tui_helpers import settle

from qualcode.tui.screens.search import SearchScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import TranscriptView


@pytest.fixture
def loaded(project, transcript, tmp_path):
    long = tmp_path / "lang.txt"
    long.write_text("\n\n".join(f"K2: Avsnitt {n} om kommunen og samarbeidet med helseforetaket." for n in range(400)),
                    encoding="utf-8")
    project.documents.import_files([transcript, long])
    return project


async def test_the_speaker_column_names_the_speaker_where_the_text_does_not(loaded, open_app):
    app = open_app(loaded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#documents", DataTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index("K1-intervju"))
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        speaker_rows = [r for r in view.rows if r.speaker == "K1" and r.first]
        assert [r.text for r in speaker_rows] == ["Kommunens folk blir tatt på alvor."]


async def test_transcript_view_draws_only_what_is_visible(loaded, open_app):
    app = open_app(loaded)
    async with app.run_test(size=(80, 24)) as pilot:
        app.document = "lang"
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        assert view.virtual_size.height == len(view.rows) >= 799
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert view.scroll_offset.y > 0
        top = view.rows[view.scroll_offset.y]
        assert f"{top.line:>5}" in "".join(s.text for s in view.render_line(0)) or not top.first


async def test_search_opens_transcript_at_hit(loaded, open_app):
    app = open_app(loaded)
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
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        view = app.screen.query_one(TranscriptView)
        assert view.highlight == (hits[0].start, hits[0].end)
        assert app.screen.document.label == hits[0].document
