"""Step 3: m on a unit another coder sorted is refused at once, in one line naming whose unit it is,
before any question about where it should go (the domain is asked first, as move_unit would refuse)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from tui_helpers import notifications, settle

from qualcode.project import Project
from qualcode.tui.modals.choose import Choose
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree


@pytest.fixture
def two_coders(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får beskjed tidligere")
    mine = project.units.create("K1-intervju", start, start + 30, codes=["Samhandling/Varsling"], create_codes=True)
    with Project(project.path, coder="anna") as anna:
        start = text.index("Helseforetakene er store.")
        hers = anna.units.create("K1-intervju", start, start + 25, codes=["Samhandling/Respekt"], create_codes=True)
    return project, mine, hers


async def _group_table(app, pilot):
    await settle(app, pilot)
    await pilot.press("3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CondenseScreen)
    screen.query_one(CodebookTree).select_code(app.project.codebook.code_id("Samhandling"))
    await settle(app, pilot)
    table = screen.query_one("#units", DataTable)
    table.focus()
    return screen, table


async def test_m_on_another_coders_unit_refuses_before_asking(two_coders, open_app):
    project, _, hers = two_coders
    app = open_app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, table = await _group_table(app, pilot)
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == str(hers))
        table.move_cursor(row=row)
        changes = len(project.history.log())
        await pilot.press("m")
        await settle(app, pilot)
        assert app.screen is screen, "a question was asked for a move that is refused"
        said = notifications(app)[-1]
        assert said == f"unit {hers} is coded in Samhandling by anna only; only they can move it"
        assert len(project.history.log()) == changes
        assert project.units.get([hers])[0].codes == ("Samhandling/Respekt",)


async def test_m_on_ones_own_unit_still_asks_where(two_coders, open_app):
    project, mine, _ = two_coders
    app = open_app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, table = await _group_table(app, pilot)
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == str(mine))
        table.move_cursor(row=row)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press(*"Respekt", "enter")
        await settle(app, pilot)
        assert project.units.get([mine])[0].codes == ("Samhandling/Respekt",)
