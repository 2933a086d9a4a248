"""Step 4 in the TUI: heading and analytic text typed as drafts, the quotes chosen and ordered, who
contributes, the section previewed as the chapter gives it, the read-back checked off with the places
to look one key away."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Markdown
from tui_helpers import notifications, settle

from qualcode.tui.screens.synthesize import PlacesScreen, PreviewScreen, QuoteTable, SynthesizeScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea, DraftInput


@pytest.fixture
def subgroup(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    ids = []
    for quote in ("Kommunen får beskjed tidligere", "Helseforetakene er store.", "Samarbeidet er bedre nå."):
        start = text.index(quote)
        ids.append(project.units.create("K1-intervju", start, start + len(quote), codes=["Samhandling/Varsling"],
                                        create_codes=True))
    start = text.index("Kommunens folk")
    project.units.create("K1-intervju", start, start + 20, codes=["Samhandling/Respekt"], create_codes=True)
    return project, ids


async def _show(app, pilot, path):
    await pilot.press("4")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SynthesizeScreen)
    screen.query_one(CodebookTree).select_code(app.project.codebook.code_id(path))
    await settle(app, pilot)
    return screen


async def test_heading_and_analytic_text_are_typed_and_reach_the_chapter(subgroup, open_app):
    project, _ = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling/Varsling")
        assert "1 of 1 informants" in str(screen.query_one("#summary").render())
        screen.query_one("#heading", DraftInput).focus()
        await pilot.press(*"Beskjeden kommer tidligere", "tab")
        await pilot.press(*"K1 forteller at varslingen er blitt bedre.")
        await pilot.press("tab")
        await settle(app, pilot)
        synthesis = project.synthesizing.get("Samhandling/Varsling")
        assert (synthesis.heading, synthesis.analytic_text) == ("Beskjeden kommer tidligere",
                                                                "K1 forteller at varslingen er blitt bedre.")
        screen.query_one(CodebookTree).focus()
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, PreviewScreen)
        shown = app.screen.query_one(Markdown).source
        assert "1.1 Beskjeden kommer tidligere" in shown and "”Kommunen får beskjed tidligere” K1" in shown


async def test_a_code_groups_introduction(subgroup, open_app):
    project, _ = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling")
        introduction = screen.query_one("#introduction", DraftArea)
        assert introduction.display and not screen.query_one(QuoteTable).display
        introduction.focus()
        await pilot.press(*"Samhandlingen har to sider.", "tab")
        await settle(app, pilot)
        assert project.synthesizing.get("Samhandling").introduction == "Samhandlingen har to sider."


async def test_quotes_are_chosen_ordered_and_dropped(subgroup, open_app):
    project, ids = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling/Varsling")
        table = screen.query_one(QuoteTable)
        assert [int(str(table.get_row_at(i)[1])) for i in range(table.row_count)] == [ids[2], ids[0], ids[1]]
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("ctrl+up")  # the chapter's default order becomes a chosen order
        await settle(app, pilot)
        assert [u.id for u in project.synthesizing.get("Samhandling/Varsling").quotes] == [ids[2], ids[1], ids[0]]
        table.move_cursor(row=0)
        await pilot.press("x")
        await settle(app, pilot)
        assert [u.id for u in project.synthesizing.get("Samhandling/Varsling").quotes] == [ids[1], ids[0]]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the one unit not quoted yet
        await settle(app, pilot)
        assert [u.id for u in project.synthesizing.get("Samhandling/Varsling").quotes] == [ids[1], ids[0], ids[2]]


async def test_the_read_back_and_the_places_to_look(subgroup, open_app):
    project, _ = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling/Varsling")
        screen.query_one(CodebookTree).focus()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert project.synthesizing.get("Samhandling/Varsling").checked_by == "tester"
        assert "read back by tester" in str(screen.query_one("#summary").render())
        await pilot.press("l")
        await settle(app, pilot)
        places = app.screen
        assert isinstance(places, PlacesScreen)
        table = places.query_one(DataTable)
        assert table.row_count == len(places.all_places) >= 1
        assert str(table.get_row_at(0)[0]) == "Respekt"  # the other code the place has
        shown = str(places.query_one("#place-text").render())
        assert "also coded Samhandling/Respekt" in shown and "K1-intervju line" in shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)


def _footer_keys(screen) -> set[str]:
    """The keys the footer shows now."""
    return {active.binding.key for active in screen.active_bindings.values() if active.binding.show}


async def test_tab_goes_straight_to_the_heading_whose_footer_has_no_letters_and_escape_leaves_it(subgroup,
                                                                                                 open_app):
    project, _ = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling/Varsling")
        tree = screen.query_one(CodebookTree)
        tree.focus()
        await pilot.pause()
        assert {"v", "l"} <= _footer_keys(screen)
        await pilot.press("tab")  # no Tab stop on the box around the fields
        heading = screen.query_one("#heading", DraftInput)
        assert app.focused is heading
        shown = _footer_keys(screen)
        assert {"tab", "escape"} <= shown and not shown & {"v", "l", "q"}  # they would type into the field
        await pilot.press(*"Beskjeden kommer tidligere", "escape")
        await settle(app, pilot)
        assert app.focused is tree
        assert project.synthesizing.get("Samhandling/Varsling").heading == "Beskjeden kommer tidligere"


async def test_undo_of_a_quote_move_says_which_quote_went_where(subgroup, open_app):
    project, ids = subgroup
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(app, pilot, "Samhandling/Varsling")
        table = screen.query_one(QuoteTable)
        table.focus()
        table.move_cursor(row=2)  # the default list: the units in document order
        moved = int(str(table.get_row_at(2)[1]))
        await pilot.press("ctrl+up")
        await settle(app, pilot)
        assert notifications(app)[-1] == f"quote {moved} moved earlier in Samhandling/Varsling"
        assert table.cursor_row == 1 and int(str(table.get_row_at(1)[1])) == moved  # the cursor went along
        await pilot.press("x")
        await settle(app, pilot)
        assert notifications(app)[-1] == f"quote {moved} dropped from Samhandling/Varsling"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert notifications(app)[-1] == f"undone: quote {moved} dropped from Samhandling/Varsling"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert notifications(app)[-1] == f"undone: quote {moved} moved earlier in Samhandling/Varsling"
        assert not project.synthesizing.get("Samhandling/Varsling").quotes


async def test_the_places_and_the_preview_stand_under_the_step_bar(demo_copy):
    from qualcode.tui.app import make_app
    from qualcode.tui.widgets.step_bar import StepBar

    app = make_app(demo_copy, "tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.show_synthesis("Innleggelse, utskrivning og overganger/Utskrivning og varsling")
        await settle(app, pilot)
        for open_it in (app.screen.action_places, app.screen.action_preview):
            base = app.screen
            open_it()
            await settle(app, pilot)
            assert app.screen is not base
            bar = app.screen.query_one(StepBar)
            assert bar.step == 4 and bar.progress is not None
            app.pop_screen()
            await settle(app, pilot)
    app.project.close()
