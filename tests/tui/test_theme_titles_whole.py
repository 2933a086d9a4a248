"""Step 1 at 80x24: the themes beside the text wrap their titles; when a new theme makes the list scroll,
the scrollbar takes two columns and every title must still read whole (it lost its last words)."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.app import make_app
from qualcode.tui.screens.impression import ImpressionScreen, ThemeList


def _drawn(app, widget) -> list[str]:
    frame = app.screen._compositor.render_full_update()
    rows = ["".join(strip.text for strip in row) for row in frame.strips]
    area = widget.content_region
    return [row[area.x:area.right] for row in rows[area.y:area.bottom]]


async def test_every_theme_title_reads_whole_once_the_list_scrolls(demo_copy):
    app = make_app(demo_copy, "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        assert isinstance(app.screen, ImpressionScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"Pårørendes rolle utenfor møtene - ærlig og/eller åpen", "enter")
        await settle(app, pilot)
        themes = app.screen.query_one(ThemeList)
        assert themes.show_vertical_scrollbar
        seen: dict[int, str] = {}  # the list's row -> as drawn, a page at a time
        for top in range(0, themes.virtual_size.height, max(1, themes.content_region.height)):
            themes.scroll_to(y=top, animate=False)
            await pilot.pause()
            offset = themes.scroll_offset.y
            for line, row in enumerate(_drawn(app, themes), start=offset):
                seen.setdefault(line, " ".join(row.strip(" ▁▂▃▄▅▆▇█").split()))
        words = " ".join(seen[line] for line in sorted(seen))
        titles = [theme.title for theme in app.screen.themes]
    app.project.close()
    assert "Pårørendes rolle utenfor møtene - ærlig og/eller åpen" in titles
    for title in titles:
        assert title in words, title
