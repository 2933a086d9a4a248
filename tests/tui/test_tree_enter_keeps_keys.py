"""Steps 3 and 4: Enter on a codebook row opens it and leaves the keyboard on the tree, so the next step
key or letter acts instead of being typed into the text; `e` (or Tab) is the explicit move into the text."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.screens.synthesize import PreviewScreen, SynthesizeScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea, DraftInput


async def _on(app, pilot, step: str, path: str):
    await settle(app, pilot)
    await pilot.press(step)
    await settle(app, pilot)
    screen = app.screen
    tree = screen.query_one(CodebookTree)
    tree.select_code(app.project.codebook.code_id(path))
    await settle(app, pilot)
    tree.focus()
    await pilot.pause()
    return screen, tree


async def test_enter_on_a_subgroup_in_step_3_keeps_the_keys_on_the_tree(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, tree = await _on(app, pilot, "3", "Samhandling/Varsling")
        assert isinstance(screen, CondenseScreen) and screen.code.path == "Samhandling/Varsling"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is tree and screen.code.path == "Samhandling/Varsling"
        await pilot.press("4")  # a step key acts: on to step 4, nothing typed into the condensate
        await settle(app, pilot)
        assert isinstance(app.screen, SynthesizeScreen)
        assert subgroup.condensing.get("Samhandling/Varsling").text == ""
        assert subgroup.drafts.list() == []


async def test_e_goes_into_the_condensate_and_escape_comes_out(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, tree = await _on(app, pilot, "3", "Samhandling/Varsling")
        await pilot.press("enter", "e")
        editor = screen.query_one(DraftArea)
        assert app.focused is editor and editor.text == ""  # the e moved the keys, it was not typed
        await pilot.press(*"Jeg får beskjed", "escape")
        await settle(app, pilot)
        assert subgroup.condensing.get("Samhandling/Varsling").text == "Jeg får beskjed"


async def test_e_on_a_code_group_in_step_3_says_it_has_no_condensate(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, tree = await _on(app, pilot, "3", "Samhandling")
        await pilot.press("e")
        await pilot.pause()
        assert app.focused is tree
        assert "condensate" in [n.message for n in app._notifications][-1]


async def test_enter_on_a_row_in_step_4_keeps_the_keys_on_the_tree(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, tree = await _on(app, pilot, "4", "Samhandling/Varsling")
        assert isinstance(screen, SynthesizeScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is tree
        await pilot.press("v")  # a letter key acts: the preview, nothing typed into the heading
        await settle(app, pilot)
        assert isinstance(app.screen, PreviewScreen)
        assert subgroup.synthesizing.get("Samhandling/Varsling").heading == ""
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("e")  # the explicit move into the text: the heading first
        assert app.focused is screen.query_one("#heading", DraftInput)
        assert screen.query_one("#heading", DraftInput).value == ""
