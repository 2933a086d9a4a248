"""Tagging shows the code in the transcript at once, before the write has been stored; a write that fails
takes the stand-in away again."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input
from tui_helpers import notifications, settle

from qualcode.errors import NotFound
from qualcode.stc.step2_units import Units
from qualcode.tui.modals.pick_code import PickCode
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import TranscriptView

CODE = "Samhandling/Varsling"


@pytest.fixture
def with_code(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add(CODE)
    return project


@pytest.fixture
def held_writes(monkeypatch):
    """Units.create waits until the test lets it go (the writer thread stands still meanwhile)."""
    release, entered = threading.Event(), threading.Event()
    original = Units.create

    def create(self, *args, **kwargs):
        entered.set()
        assert release.wait(10)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Units, "create", create)
    yield release, entered
    release.set()


async def _tag(app, pilot, typed: str):
    app.document = "K1-intervju"
    await pilot.press("2")
    await settle(app, pilot)
    assert isinstance(app.screen, UnitsScreen)
    view = app.screen.query_one(TranscriptView)
    await pilot.press("n")
    span = view.highlight
    await pilot.press("c")
    assert isinstance(app.screen, PickCode)
    app.screen.query_one(Input).value = typed
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    return view, span


async def test_the_code_shows_before_the_write_is_stored(with_code, open_app, held_writes):
    release, entered = held_writes
    app = open_app(with_code)
    async with app.run_test(size=(110, 30)) as pilot:
        view, span = await _tag(app, pilot, "Varsling")
        assert entered.wait(5)  # the write has begun and is held
        standing_in = [u for u in view.units if (u.start, u.end) == span]
        assert [[c.name for c in u.codes] for u in standing_in] == [["Varsling"]]
        assert standing_in[0].unit_id == 0 and with_code.units.list() == []
        release.set()
        await settle(app, pilot)
        (stored,) = with_code.units.list()
        assert [(u.unit_id, u.start, u.end) for u in view.units] == [(stored.id, *span)]


async def test_a_failed_write_takes_the_stand_in_away(with_code, open_app, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise NotFound("no code Samhandling/Varsling (renamed elsewhere a moment ago)")

    monkeypatch.setattr(Units, "create", refuse)
    app = open_app(with_code)
    async with app.run_test(size=(110, 30)) as pilot:
        view, span = await _tag(app, pilot, "Varsling")
        await settle(app, pilot)
        assert not [u for u in view.units if (u.start, u.end) == span]
        assert with_code.units.list() == []
        assert any("renamed elsewhere" in said for said in notifications(app))
