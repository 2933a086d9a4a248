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


SUBGROUP = "Innleggelse, utskrivning og overganger/Utskrivning og varsling"


async def _search(pilot):
    pilot.app.document = "K1-intervju"
    await pilot.press("2")
    await _settle(pilot)
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*"beskjed", "enter")
    await _settle(pilot)


async def _frequencies(pilot):
    pilot.app.document = "K1-intervju"
    await pilot.press("1")
    await _settle(pilot)
    pilot.app.screen.action_frequencies()
    await _settle(pilot)


async def _places(pilot):
    await pilot.app.show_synthesis(SUBGROUP)
    await _settle(pilot)
    pilot.app.screen.action_places()
    await _settle(pilot)


async def _preview(pilot):
    await pilot.app.show_synthesis(SUBGROUP)
    await _settle(pilot)
    pilot.app.screen.action_preview()
    await _settle(pilot)


async def _help(pilot):
    pilot.app.document = "K1-intervju"
    await pilot.press("2")
    await _settle(pilot)
    await pilot.press("f1")
    await _settle(pilot)


async def _export(pilot):
    from textual.widgets import Input

    await _settle(pilot)
    await pilot.press("f5")
    await _settle(pilot)
    pilot.app.screen.query_one("#path", Input).value = "exports/kapittel.docx"  # not the test's own folder
    await _still(pilot)


async def _still(pilot):
    """No blinking cursor in a dialog's fields: a snapshot taken mid-blink differs from one taken after."""
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _import(pilot):
    await _settle(pilot)
    await pilot.press("i")
    await _settle(pilot)
    await _still(pilot)


@pytest.mark.parametrize("screen", ["search", "frequencies", "places", "preview", "help", "export", "import"])
def test_pushed_screens(snap_compare, demo_app, screen):
    run_before = {"search": _search, "frequencies": _frequencies, "places": _places, "preview": _preview,
                  "help": _help, "export": _export, "import": _import}[screen]
    assert snap_compare(demo_app(), terminal_size=(100, 30), run_before=run_before)
