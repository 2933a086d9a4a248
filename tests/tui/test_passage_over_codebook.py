"""At 80 columns the codebook of step 2, while shown, takes the whole width: a passage opened from
elsewhere (step 4's places to look) must show the text, not the codebook with the keys on a hidden text."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.screens.synthesize import PlacesScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel
from qualcode.tui.widgets.transcript import TranscriptView


async def test_a_place_to_look_opens_on_the_text_though_the_codebook_was_shown(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(80, 24)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("k")  # the codebook over the whole width, as left before going on to step 4
        await settle(app, pilot)
        units = app.screen
        assert isinstance(units, UnitsScreen) and units.query_one(CodebookPanel).display
        assert not units.query_one(TranscriptView).display
        await app.show_synthesis("Samhandling/Varsling")
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, PlacesScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is units
        view = units.query_one(TranscriptView)
        assert view.display and not units.query_one(CodebookPanel).display
        assert view.has_focus and view.highlight
