"""Waiting for the TUI's writes, and what it said: shared by the Pilot tests."""

from __future__ import annotations

from qualcode.tui.app import QualcodeApp


async def settle(app: QualcodeApp, pilot) -> None:
    """Every write asked for has run and the screens have reloaded."""
    await pilot.pause()
    await app.settled()
    await pilot.pause()


def notifications(app: QualcodeApp) -> list[str]:
    return [n.message for n in app._notifications]
