"""Steps 3 and 4 on the demo project at 80x24 and 200x50: what must be readable is, and a wide terminal's
room goes to whole names and taller fields, with text no wider than reads well."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from tui_helpers import settle

from qualcode.project import Project
from qualcode.tui.app import make_app
from qualcode.tui.screens.condense import CondenseScreen, UnitTable
from qualcode.tui.screens.synthesize import PlacesScreen, PreviewScreen, SectionView, SynthesizeScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea

GROUP = "Innleggelse, utskrivning og overganger"
SUBGROUP = f"{GROUP}/Utskrivning og varsling"


@pytest.fixture
def demo_app(demo_copy):
    made = []

    def build():
        app = make_app(demo_copy, "tester")
        made.append(app)
        return app

    yield build
    for app in made:
        app.project.close()


def screen_lines(app) -> list[str]:
    """The screen as the terminal shows it, one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _open(app, pilot, step: str, path: str):
    await pilot.press(step)
    await settle(app, pilot)
    screen = app.screen
    screen.query_one(CodebookTree).select_code(app.project.codebook.code_id(path))
    await settle(app, pilot)
    return screen


def _unit_column_fits(table: DataTable, at_least: int) -> None:
    """The unit text column is the last, at least this wide, and no column is pushed off the table."""
    widths = [column.width for column in table.columns.values()]
    assert widths[-1] >= at_least
    assert table.max_scroll_x == 0


async def test_step_3_at_80_columns_gives_the_unit_text_the_width_and_names_the_code_whole(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "3", GROUP)
        assert isinstance(screen, CondenseScreen)
        table = screen.query_one(UnitTable)
        assert [str(c.label) for c in table.columns.values()] == ["#", "Who", "Subgroup", "Unit (decontextualised)"]
        _unit_column_fits(table, 24)
        assert any(GROUP in line for line in screen_lines(app))  # the tree cuts it; the heading does not
        screen.query_one(CodebookTree).select_code(app.project.codebook.code_id(SUBGROUP))
        await settle(app, pilot)
        _unit_column_fits(table, 34)
        shown = " ".join(line.split("▕", 1)[-1].strip() for line in screen_lines(app)[2:5])
        assert SUBGROUP in shown


async def test_step_3_at_200_columns_has_whole_names_a_tall_editor_and_a_readable_width(demo_app):
    app = demo_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await _open(app, pilot, "3", SUBGROUP)
        tree = screen.query_one(CodebookTree)
        assert tree.outer_size.width >= 48 and tree.max_scroll_x == 0  # every label whole, its counts too
        assert screen.query_one("#subgroup").size.width <= 104
        editor = screen.query_one(DraftArea)
        assert editor.size.height >= 15  # was 7 rows with 30 empty below
        table = screen.query_one(UnitTable)
        _unit_column_fits(table, 60)
        await pilot.resize_terminal(80, 24)  # the columns follow the width
        await settle(app, pilot)
        assert tree.outer_size.width == 26
        _unit_column_fits(table, 34)


async def test_step_4_at_80_columns_shows_the_counts_first_and_whole(demo_app):
    app = demo_app()
    with Project(app.project.path, "tester") as reader:
        count = next(c for c in reader.synthesizing.counts() if c.subgroup == SUBGROUP)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "4", SUBGROUP)
        assert isinstance(screen, SynthesizeScreen)
        lines = screen_lines(app)
        first = next(i for i, line in enumerate(lines) if "units from" in line)
        assert first == 2  # the right-hand side's first row
        counts = " ".join(line.split("▕", 1)[-1].strip() for line in lines[first:first + 2])
        groups = ", ".join(f"{g} {n}/{total}" for g, (n, total) in count.by_group.items())
        assert f"from {count.phrase()} ({groups})" in counts


async def test_the_chapter_preview_scrolls_from_the_keyboard(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "4", SUBGROUP)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, PreviewScreen)
        view = app.screen.query_one(SectionView)
        assert app.focused is view and view.max_scroll_y > 0  # more than one screenful at 80x24
        await pilot.press("down")
        await pilot.pause()
        assert view.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 1
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        last_quote = next(line for line in reversed(screen_lines(app)) if "”" in line)
        assert last_quote.strip().endswith("K2")  # the last quote of the section is on screen
        await pilot.press("home")
        await pilot.pause()
        assert view.scroll_y == 0


async def test_places_to_look_at_80_columns_give_the_text_the_room_and_show_the_passage_whole(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "4", SUBGROUP)
        await pilot.press("l")
        await settle(app, pilot)
        places = app.screen
        assert isinstance(places, PlacesScreen)
        table = places.query_one(DataTable)
        _unit_column_fits(table, 40)  # was 12 characters
        await pilot.press("down", "down")
        await pilot.pause()
        _, passage = places.all_places[2]
        below = " ".join(str(places.query_one("#place-text").render()).split())
        assert " ".join(passage.text.split()) in below and f"{passage.document} line {passage.line}" in below
        where = str(table.get_row_at(2)[1])
        assert where.endswith(f":{passage.line}")  # a long document name is cut, never the line
