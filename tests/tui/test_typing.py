"""Nothing typed is lost: a draft while typing, one change in the log when the session ends, and a
reload (a change made elsewhere) never overwrites text being typed."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from tui_helpers import settle

from qualcode.tui.messages import ProjectChanged
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.widgets import draft_fields
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea, DraftInput


@pytest.fixture(autouse=True)
def short_pause(monkeypatch):
    monkeypatch.setattr(draft_fields, "TYPING_PAUSE", 0.2)


async def _open_subgroup(app, pilot):
    """Step 3 on the subgroup, and e on it in the tree: into its condensate (Enter keeps the keys on the tree)."""
    await settle(app, pilot)
    await app.open_subgroup("Samhandling/Varsling")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CondenseScreen) and screen.code is not None
    assert screen.code.path == "Samhandling/Varsling" and screen.loaded
    await pilot.press("e")
    editor = screen.query_one(DraftArea)
    assert app.focused is editor
    return editor


async def test_a_condensate_is_kept_as_it_is_typed_and_saved_as_one_change(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_subgroup(app, pilot)
        before = len(subgroup.history.log())
        await pilot.press(*"Jeg får beskjed")
        await pilot.pause(0.4)
        await settle(app, pilot)
        (draft,) = subgroup.drafts.list()
        assert draft.text == "Jeg får beskjed"
        assert len(subgroup.history.log()) == before  # no audit row per keystroke or pause
        await pilot.press(*" tidligere.")
        await pilot.press("tab")  # leaving the field ends the typing session
        await settle(app, pilot)
        condensation = subgroup.condensing.get("Samhandling/Varsling")
        assert condensation.text == "Jeg får beskjed tidligere."
        assert len(condensation.units) == 2  # a first condensate rests on all the units
        assert [c.summary for c in subgroup.history.log()[: len(subgroup.history.log()) - before]] == [
            "condensate of Samhandling/Varsling"]  # the whole session, with the units it rests on
        assert subgroup.drafts.list() == []


@pytest.mark.parametrize("leave", ["another code", "synthesis", "quit", "step"])
async def test_leaving_in_any_way_keeps_what_was_typed(subgroup, open_app, leave):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_subgroup(app, pilot)
        await pilot.press(*"Jeg får")  # no pause: nothing kept as a draft yet
        if leave == "another code":
            app.screen.query_one(CodebookTree).focus()
            await pilot.press("up")  # the code group above takes the right-hand side
        elif leave == "synthesis":
            app.screen.query_one(DataTable).focus()
            await pilot.press("s")  # the subgroup's synthesis in step 4
        elif leave == "step":
            await pilot.press("ctrl+z")  # inside the editor: undoes typing, not the project
            await pilot.press(*"Vi får")
            app.screen.query_one(DataTable).focus()
            await pilot.press("2")
        else:
            app.screen.query_one(DataTable).focus()
            await pilot.press("q")
        await settle(app, pilot)
        where = {"another code": ("condense", "Samhandling"), "synthesis": ("synthesis", None),
                 "step": ("units", None)}.get(leave)
        if where is not None:
            mode, code = where
            assert app.current_mode == mode
            assert code is None or app.screen.code.path == code
    expected = "Vi får" if leave == "step" else "Jeg får"
    assert subgroup.condensing.get("Samhandling/Varsling").text == expected


async def test_s_after_typing_opens_the_subgroups_own_synthesis(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_subgroup(app, pilot)
        await pilot.press(*"Jeg får")
        app.screen.query_one(DataTable).focus()
        await pilot.press("s")
        await settle(app, pilot)
        assert app.current_mode == "synthesis" and app.screen.code.path == "Samhandling/Varsling"


async def test_a_reload_never_overwrites_text_being_typed(subgroup, open_app):
    app = open_app(subgroup)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await _open_subgroup(app, pilot)
        await pilot.press(*"Jeg skriver")
        subgroup.condensing.set("Samhandling/Varsling", text="Noen andre skrev dette")
        app.post_message(ProjectChanged(elsewhere=True))
        await settle(app, pilot)
        assert editor.text == "Jeg skriver"
        await pilot.press("tab")
        await settle(app, pilot)
        assert subgroup.condensing.get("Samhandling/Varsling").text == "Jeg skriver"
        # and undo of that session brings back what the other one wrote
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert subgroup.condensing.get("Samhandling/Varsling").text == "Noen andre skrev dette"
        assert editor.text == "Noen andre skrev dette"


class _OneInput(App):
    def compose(self) -> ComposeResult:
        yield DraftInput(id="heading")


async def test_ctrl_z_in_a_one_line_field_undoes_its_typing_only():
    app = _OneInput()
    async with app.run_test() as pilot:
        field = app.query_one(DraftInput)
        field.show("synthesis.heading", 1, "Beskjed")
        await pilot.press(*" kommer")
        await pilot.pause(1.2)  # a new burst of typing
        await pilot.press(*" sent")
        assert field.value == "Beskjed kommer sent"
        await pilot.press("ctrl+z")
        assert field.value == "Beskjed kommer"
        await pilot.press("ctrl+z")
        assert field.value == "Beskjed"
        await pilot.press("ctrl+z")  # nothing more to undo here: the key stops in the field
        assert field.value == "Beskjed"
        await pilot.press("ctrl+y")
        assert field.value == "Beskjed kommer"
