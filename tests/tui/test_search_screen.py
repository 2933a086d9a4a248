"""The search screen: under the step bar, the hit in view in its row however long the sentence before it,
and the highlighted hit's whole sentence below the table."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.models import SearchHit
from qualcode.tui.screens.search import LEFT_CONTEXT, SearchScreen, _context
from qualcode.tui.widgets.step_bar import StepBar


def test_the_hit_is_near_the_start_of_its_context():
    left = "Det var en lang og kronglete historie om hvordan de i kommunen til slutt fikk "
    hit = SearchHit("K1", 3, "K1", 10, 17, left, "beskjed", " om utskrivningen.", 1.0)
    shown = _context(hit).plain
    assert shown.startswith("…") and shown.index("beskjed") <= LEFT_CONTEXT + 2
    assert shown.endswith("beskjed om utskrivningen.")


async def test_search_shows_the_step_bar_and_the_whole_sentence(project, transcript, open_app):
    project.documents.import_files([transcript])
    app = open_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"beskjed", "enter")
        await settle(app, pilot)
        assert app.screen.query_one(StepBar).progress is not None
        sentence = str(app.screen.query_one("#hit-sentence").render())
        assert "beskjed" in sentence.lower()
