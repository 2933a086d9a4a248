"""The footer at 80 columns: every key shown is shown whole, and F1 (which lists them all) is always there."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey
from tui_helpers import settle

from qualcode.tui.widgets.key_bar import KeyBar


@pytest.mark.parametrize("step", ["0", "1", "2", "3", "4"])
async def test_every_key_in_the_footer_is_whole_at_80_columns(demo_copy, step):
    from qualcode.tui.app import make_app

    app = make_app(demo_copy, "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        app.document = "K1-intervju"
        await pilot.press(step)
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        shown = [key for key in bar.query(FooterKey) if key.display]
        assert any(key.action in ("help", "app.help") for key in shown)
        right = bar.region.right
        for key in shown:
            assert key.region.width > 0 and key.region.right <= right, (key.key_display, key.region)
        ordinary = [key for key in bar.query(FooterKey)
                    if key.action not in ("help", "app.help") and not key.has_class("-command-palette")]
        shown_in_order = [key.display for key in ordinary]
        assert shown_in_order == sorted(shown_in_order, reverse=True)  # left out from the first that did not fit
    app.project.close()
