"""Step 4's places to look for contradicting data (l) are read on a worker and paged into their table."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Label, Static
from tui_helpers import notifications, settle

from qualcode.stc.step4_synthesis import Synthesizing
from qualcode.tui.screens import synthesize
from qualcode.tui.screens.synthesize import PlacesScreen, QuoteTable, SynthesizeScreen


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


async def _places(app, pilot) -> PlacesScreen:
    """Step 4 on the subgroup, then l: its places to look."""
    await settle(app, pilot)
    await app.show_synthesis("Samhandling/Varsling")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SynthesizeScreen) and screen.loaded
    assert screen.code is not None and screen.code.path == "Samhandling/Varsling"
    assert "1 of 1 informants" in str(screen.query_one("#summary", Static).render())
    await pilot.press("l")
    await settle(app, pilot)
    places = app.screen
    assert isinstance(places, PlacesScreen)
    return places


def _title(screen: PlacesScreen) -> str:
    return str(screen.query_one("#places-title", Label).render())


async def test_places_are_read_off_the_screen_and_come_a_page_at_a_time(talkative, open_app, monkeypatch):
    monkeypatch.setattr(synthesize, "PAGE", 10)
    monkeypatch.setattr(synthesize, "NEAR_END", 3)
    threads = []
    recontext = Synthesizing.recontext

    def watched(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return recontext(self, *args, **kwargs)

    monkeypatch.setattr(Synthesizing, "recontext", watched)
    app = open_app(talkative)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _places(app, pilot)
        assert threads and threading.main_thread() not in threads  # never on the screen's own thread
        table = screen.query_one("#places", DataTable)
        assert table.row_count == 10 and len(screen.all_places) == 29
        assert "29" in _title(screen) and "10 shown" in _title(screen)
        assert app.focused is table
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        assert table.row_count == 20
        await pilot.press("ctrl+end")
        await pilot.pause()
        await pilot.press("ctrl+end")
        await pilot.pause()
        last = screen.all_places[-1][1]
        assert table.row_count == 29 and table.get_row_at(28)[1] == f"{last.document}:{last.line}"
        assert "shown" not in _title(screen)


@pytest.mark.xfail(strict=True, reason="PlacesScreen pages on the cursor only: scrolling the table (its "
                                       "scroll_y, the mouse wheel) brings no more rows")
async def test_scrolling_to_the_end_brings_the_next_page(talkative, open_app, monkeypatch):
    monkeypatch.setattr(synthesize, "PAGE", 15)
    monkeypatch.setattr(synthesize, "NEAR_END", 2)
    app = open_app(talkative)
    async with app.run_test(size=(110, 16)) as pilot:  # fewer rows on screen than a page holds
        screen = await _places(app, pilot)
        table = screen.query_one("#places", DataTable)
        assert table.row_count == 15 and table.max_scroll_y > 0
        table.scroll_end(animate=False)
        await pilot.pause()
        assert table.row_count == 29 and table.cursor_row == 0  # the wheel, not the cursor, went down


async def test_a_group_has_no_places_to_read(talkative, open_app):
    app = open_app(talkative)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(app, pilot)
        await app.show_synthesis("Samhandling")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SynthesizeScreen) and screen.loaded
        assert screen.code is not None and screen.code.path == "Samhandling"
        assert not screen.query_one(QuoteTable).display  # a group's section has no quotes of its own
        assert "not yet read back" in str(screen.query_one("#summary", Static).render())
        await pilot.press("l")
        await settle(app, pilot)
        assert app.screen is screen  # no places screen for a group, and one line saying why
        assert any("subgroup" in line for line in notifications(app)), notifications(app)
