"""Code names with a slash of their own (samarbeid m/ DPS, og/eller): the codebook beside the text keeps
them whole when it adds next to them."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.modals.ask import Ask
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel


async def test_a_code_added_beside_one_with_a_slash_goes_under_their_subgroup(project, transcript, open_app):
    project.documents.import_files([transcript])
    project.codebook.add(r"Avtaler/Kjennskap/Samarbeid m\/ DPS og\/eller FACT")
    app = open_app(project)
    async with app.run_test(size=(130, 30)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        panel = app.screen.query_one(CodebookPanel)
        panel.focus()
        panel.select_code(project.codebook.code_id(r"Avtaler/Kjennskap/Samarbeid m\/ DPS og\/eller FACT"))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.press(*"Ny kode", "enter")
        await settle(app, pilot)
    subgroup = next(s for g in project.codebook.tree() if g.name == "Avtaler" for s in g.children)
    assert sorted(c.name for c in subgroup.children) == ["Ny kode", "Samarbeid m/ DPS og/eller FACT"]
