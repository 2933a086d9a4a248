"""Step 4's synthesis screen reads its places on a worker and pages them into the table."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Label
from tui_helpers import settle

from qualcode.stc.step4_synthesis import Synthesizing
from qualcode.tui.screens import synthesis
from qualcode.tui.screens.synthesis import SynthesisScreen


@pytest.fixture
def talkative(project, tmp_path):
    """K1 answers 30 times; one answer is coded, so 29 of K1's turns hold nothing coded."""
    lines = []
    for number in range(30):
        lines += [f"I: Spørsmål {number} om samarbeidet?", "", f"K1: Svar {number}: kommunen får vite det sent.", ""]
    (tmp_path / "K1.txt").write_text("\n".join(lines), encoding="utf-8")
    project.documents.import_files([tmp_path / "K1.txt"])
    text = project.documents.get("K1").text
    start = text.index("Svar 0:")
    project.units.create("K1", start, start + 6, codes=["Samhandling/Varsling"], create_codes=True)
    return project


async def test_places_are_read_off_the_screen_and_come_a_page_at_a_time(talkative, open_app, monkeypatch):
    monkeypatch.setattr(synthesis, "PAGE", 10)
    monkeypatch.setattr(synthesis, "NEAR_END", 3)
    threads = []
    recontext = Synthesizing.recontext

    def watched(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return recontext(self, *args, **kwargs)

    monkeypatch.setattr(Synthesizing, "recontext", watched)
    app = open_app(talkative)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(app, pilot)
        await app.open_synthesis("Samhandling/Varsling")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SynthesisScreen) and screen.loaded
        assert threads and threading.main_thread() not in threads  # never on the screen's own thread
        table = screen.query_one("#places", DataTable)
        assert table.row_count == 10 and len(screen.all_places) == 29
        title = str(screen.query_one("#places-title", Label).render())
        assert "29" in title and "10 shown" in title
        assert "1 of 1 informants" in str(screen.query_one("#summary", Label).render())
        table.focus()
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        assert table.row_count == 20
        await pilot.press("ctrl+end")
        await pilot.pause()
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.row_count == 29 and screen.places[-1].start == screen.all_places[-1][4]
        assert "shown" not in str(screen.query_one("#places-title", Label).render())


async def test_scrolling_to_the_end_brings_the_next_page(talkative, open_app, monkeypatch):
    monkeypatch.setattr(synthesis, "PAGE", 15)
    monkeypatch.setattr(synthesis, "NEAR_END", 2)
    app = open_app(talkative)
    async with app.run_test(size=(110, 28)) as pilot:
        await settle(app, pilot)
        await app.open_synthesis("Samhandling/Varsling")
        await settle(app, pilot)
        table = app.screen.query_one("#places", DataTable)
        assert table.row_count == 15 and table.max_scroll_y > 0
        table.scroll_end(animate=False)
        await pilot.pause()
        assert table.row_count == 29 and table.cursor_row == 0  # the wheel, not the cursor, went down


async def test_a_group_has_no_places_to_read(talkative, open_app):
    app = open_app(talkative)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(app, pilot)
        await app.open_synthesis("Samhandling")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SynthesisScreen) and screen.loaded
        assert screen.query_one("#places", DataTable).row_count == 0
        assert "not yet read back" in str(screen.query_one("#summary", Label).render())
