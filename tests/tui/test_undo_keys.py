"""The project's undo from the TUI: this coder's own changes, one per key press, saying what it undid;
it asks before going back past this session or taking back another program's change, and a held key
stops at a question instead of unwinding the work."""

from __future__ import annotations

import pytest
from tui_helpers import notifications, settle

from qualcode.project import Project
from qualcode.tui.app import UNDO_RUN
from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.widgets.draft_fields import DraftArea


@pytest.fixture
def base(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    return project


def _add_codes(app, names):
    for name in names:
        app.write(lambda project, name=name: project.codebook.add(f"Samhandling/{name}"), what="add code")


def _codes(project):
    return sorted(c.name for c in project.codebook.tree()[0].children)


async def test_undo_takes_back_this_sessions_changes_and_says_what(base, open_app):
    app = open_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        _add_codes(app, ["Tillit", "Respekt"])
        await settle(app, pilot)
        with Project(base.path, coder="ola") as ola:  # a colleague's newer change is not ours to undo
            ola.codebook.add("Samhandling/Olas kode")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert _codes(base) == ["Olas kode", "Tillit", "Varsling"]
        assert "undone: add code Samhandling/Respekt" in notifications(app)


async def test_going_back_past_this_session_asks_first(base, open_app):
    app = open_app(base)  # "add code Samhandling/Varsling" was made before the app opened
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm) and "before this session" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert _codes(base) == ["Varsling"]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert base.codebook.tree() == []


async def test_another_programs_change_as_the_same_coder_asks_first(base, open_app):
    app = open_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        with Project(base.path, coder=base.coder) as cli_as_me:
            cli_as_me.codebook.add("Samhandling/Fra skriptet")
        await pilot.pause(0.7)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm) and "another program" in app.screen.question
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Fra skriptet" in _codes(base)


async def test_a_held_key_stops_at_a_question(base, open_app):
    app = open_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        names = [f"Kode {n}" for n in range(UNDO_RUN + 4)]
        _add_codes(app, names)
        await settle(app, pilot)
        for _ in range(3 * UNDO_RUN):  # the key held down: presses come faster than the undos
            await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm) and f"{UNDO_RUN} changes in a row" in app.screen.question
        left = [name for name in names if name in _codes(base)]
        assert len(left) == len(names) - UNDO_RUN
        await pilot.press("y")  # one more, then the next run of UNDO_RUN
        await settle(app, pilot)
        assert len([name for name in names if name in _codes(base)]) == len(names) - UNDO_RUN - 1


async def test_ctrl_z_in_an_editor_never_reaches_the_project(base, open_app):
    app = open_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        _add_codes(app, ["Tillit"])
        await settle(app, pilot)
        await app.open_subgroup("Samhandling/Varsling")
        await settle(app, pilot)
        assert isinstance(app.screen, CondenseScreen)
        await pilot.press("e")  # from the subgroup in the tree into its condensate
        assert isinstance(app.focused, DraftArea)
        await pilot.press(*"Jeg", "ctrl+z", "ctrl+z", "ctrl+z")
        await settle(app, pilot)
        assert "Tillit" in _codes(base)
