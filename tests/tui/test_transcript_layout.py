"""The transcript's layout: the text starts right after the gutter when no speaker column is needed, and a
unit jumped to is shown whole, well inside the page."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import MARK_WIDTH, NUMBER_WIDTH, TranscriptView

LABELLED = "".join(f"K1: Setning nummer {n} om samarbeid med kommunen.\n\nI: Og så?\n\n" for n in range(60))


async def _step2(app, pilot, label):
    app.document = label
    await pilot.press("2")
    await settle(app, pilot)
    assert isinstance(app.screen, UnitsScreen)
    return app.screen.query_one(TranscriptView)


async def test_no_speaker_column_when_every_line_names_its_speaker(project, tmp_path, open_app):
    source = tmp_path / "K1.txt"
    source.write_text(LABELLED, encoding="utf-8")
    project.documents.import_files([source])
    app = open_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _step2(app, pilot, "K1")
        assert view.text_column == NUMBER_WIDTH + MARK_WIDTH
        assert view.rows[0].text.startswith("K1: Setning nummer 0")


async def test_a_unit_jumped_to_is_shown_whole_inside_the_page(project, tmp_path, open_app):
    source = tmp_path / "K1.txt"
    source.write_text(LABELLED, encoding="utf-8")
    project.documents.import_files([source])
    text = project.documents.get("K1").text
    start = text.index("K1: Setning nummer 40")
    end = text.index("K1: Setning nummer 42") - 2
    project.units.create("K1", start, end, codes=["Samhandling/Varsling"], create_codes=True)
    app = open_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _step2(app, pilot, "K1")
        await pilot.press("u")
        await pilot.pause()
        top, height = view.scroll_offset.y, view.scrollable_content_region.height
        first, last = view.row_of_offset(start), view.row_of_offset(end - 1)
        assert top < first and last < top + height  # all of it on the page
        assert first - top <= height // 2  # and not down at the bottom edge


async def test_the_first_sentence_taken_is_the_talk_not_the_title(project, tmp_path, open_app):
    source = tmp_path / "K2.txt"
    source.write_text("Intervju med K2, Fjordvik 3. april 2024\n\nI: Hvordan var det?\n\nK2: Det gikk fint.\n",
                      encoding="utf-8")
    project.documents.import_files([source])
    app = open_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _step2(app, pilot, "K2")
        await pilot.press("n")
        assert "Intervju med" not in view.document.text[slice(*view.highlight)]
