"""Step 3 in the TUI: a code group's units sorted by subgroup, a unit moved with one key (a new subgroup
on the way), the condensate written as it is typed, the units it rests on, the golden nugget."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input
from tui_helpers import notifications, settle

from qualcode.tui.modals.choose import Choose
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea
from qualcode.tui.widgets.transcript import TranscriptView


@pytest.fixture
def sorted_units(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    ids = {}
    for quote, code in (("Kommunen får beskjed tidligere", "Samhandling/Varsling"),
                        ("Helseforetakene er store.", "Samhandling/Varsling"),
                        ("Kommunens folk blir tatt på alvor.", "Samhandling/Respekt")):
        start = text.index(quote)
        ids[quote] = project.units.create("K1-intervju", start, start + len(quote), codes=[code], create_codes=True)
    return project, ids


async def _show(app, pilot, path):
    await pilot.press("3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CondenseScreen)
    screen.query_one(CodebookTree).select_code(app.project.codebook.code_id(path))
    await settle(app, pilot)
    return screen, screen.query_one("#units", DataTable)


async def test_a_group_shows_its_units_by_subgroup_and_a_unit_moves_with_one_key(sorted_units, open_app):
    project, ids = sorted_units
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, table = await _show(app, pilot, "Samhandling")
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["Respekt", "Varsling", "Varsling"]
        assert not screen.query_one(DraftArea).display  # a code group has no condensate of its own
        table.focus()
        table.move_cursor(row=2)  # Helseforetakene er store.
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press(*"Respekt", "enter")
        await settle(app, pilot)
        assert project.units.get([ids["Helseforetakene er store."]])[0].codes == ("Samhandling/Respekt",)
        assert sorted(str(table.get_row_at(i)[2]) for i in range(table.row_count)) == ["Respekt", "Respekt",
                                                                                        "Varsling"]
        # and to a new subgroup, made on the way
        table.move_cursor(row=0)
        moved = int(str(table.get_row_at(0)[0]))
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"new", "enter")  # the "+ a new subgroup" row
        await pilot.pause()
        app.screen.query_one(Input).value = "Kommunens stemme"
        await pilot.press("enter")
        await settle(app, pilot)
        assert project.units.get([moved])[0].codes == ("Samhandling/Kommunens stemme",)


async def test_a_condensate_is_written_with_its_units_and_golden_nugget(sorted_units, open_app):
    project, ids = sorted_units
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, table = await _show(app, pilot, "Samhandling/Varsling")
        editor = screen.query_one(DraftArea)
        assert editor.display and table.row_count == 2
        assert [str(table.get_row_at(i)[3]) for i in range(2)] == ["Kommunen får beskjed tidligere",
                                                                     "Helseforetakene er store."]
        editor.focus()
        await pilot.press(*"Jeg får beskjed tidligere nå.")
        await pilot.press("tab")  # to the units: the condensate is saved, resting on both units
        await settle(app, pilot)
        condensation = project.condensing.get("Samhandling/Varsling")
        assert condensation.text == "Jeg får beskjed tidligere nå."
        assert {u.id for u in condensation.units} == {ids["Kommunen får beskjed tidligere"],
                                                      ids["Helseforetakene er store."]}
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("space")  # it does not rest on this one after all
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        condensation = project.condensing.get("Samhandling/Varsling")
        assert [u.id for u in condensation.units] == [ids["Kommunen får beskjed tidligere"]]
        assert condensation.golden.id == ids["Helseforetakene er store."]
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == [" ∗", "★ "]  # the nugget; rests on the first
        await pilot.press("enter")  # the unit in its transcript
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        assert app.screen.query_one(TranscriptView).highlight is not None


async def test_the_palette_opens_a_subgroup_in_step_3(sorted_units, open_app):
    project, _ = sorted_units
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        await app.open_subgroup("Samhandling/Respekt")
        await settle(app, pilot)
        assert isinstance(app.screen, CondenseScreen) and app.screen.code.path == "Samhandling/Respekt"


def _footer_keys(screen) -> set[str]:
    """The keys the footer shows now."""
    return {active.binding.key for active in screen.active_bindings.values() if active.binding.show}


async def test_the_units_keys_pressed_on_the_tree_say_where_they_work_and_change_nothing(sorted_units, open_app):
    project, _ = sorted_units
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, table = await _show(app, pilot, "Samhandling/Varsling")
        screen.query_one(CodebookTree).focus()
        await pilot.pause()
        assert not _footer_keys(screen) & {"m", "g", "space"}  # the footer offers them where they act
        changes = len(project.history.log())
        for key in ("m", "g"):
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen is screen  # neither the move question nor the app's own m (merge review)
            assert notifications(app)[-1].startswith("m and g act on a unit: choose one in the table first")
        assert len(project.history.log()) == changes and project.condensing.get("Samhandling/Varsling").golden is None
        table.focus()
        await pilot.pause()
        assert {"m", "space", "g", "enter"} <= _footer_keys(screen)


async def test_escape_leaves_the_condensate_for_the_units_and_keeps_the_text(sorted_units, open_app):
    project, _ = sorted_units
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, table = await _show(app, pilot, "Samhandling/Varsling")
        screen.query_one(DraftArea).focus()
        await pilot.press(*"Jeg får vite det i tide")
        shown = _footer_keys(screen)
        assert {"tab", "escape"} <= shown and not shown & {"m", "g", "space", "s", "q"}  # letters type here
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused is table
        assert project.condensing.get("Samhandling/Varsling").text == "Jeg får vite det i tide"
        assert not {"tab", "escape"} & _footer_keys(screen)  # out of the text, Tab is not a field's way out
