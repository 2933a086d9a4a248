"""Snapshots of each screen on the demo project (pytest-textual-snapshot); --snapshot-update redraws them."""

from __future__ import annotations

import pytest

from qualcode.tui.app import make_app


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


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.settled()
    await pilot.pause()


def test_home_screen(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(100, 30), run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_units_screen_with_a_transcript(snap_compare, demo_app, size):
    async def open_k1(pilot):
        pilot.app.document = "K1-intervju"
        await pilot.press("2")
        await _settle(pilot)

    assert snap_compare(demo_app(), terminal_size=size, run_before=open_k1)


@pytest.mark.parametrize("step", ["1", "3", "4"])
def test_step_screens(snap_compare, demo_app, step):
    async def go(pilot):
        pilot.app.document = "K1-intervju"
        await pilot.press(step)
        await _settle(pilot)

    assert snap_compare(demo_app(), terminal_size=(100, 30), run_before=go)
