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


async def test_the_picker_says_how_a_slash_inside_a_name_is_written(project, open_app):
    """Typed as it is said, "Avtalen m/ DPS og/eller FACT" is five levels deep: the hint under the list
    says so, and how to write the name's own slash (the + row is offered once it is written so)."""
    from textual.widgets import Input, Label, OptionList

    from qualcode.tui.modals.pick_code import NEW, PickCode

    app = open_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PickCode(["Avtaler/Kjennskap"], "Jeg har lest den, eller i hvert fall delene om innleggelse."))
        await pilot.pause()
        await pilot.press(*"Avtaler/Kjennskap/Avtalen m/ DPS og/eller FACT")
        await pilot.pause()
        hint = app.screen.query_one("#picker-hint", Label)
        frame = app.screen._compositor.render_full_update()
        rows = ["".join(strip.text for strip in row) for row in frame.strips]
        area = hint.content_region
        drawn = " ".join(" ".join(row[area.x:area.right].split()) for row in rows[area.y:area.bottom])
        assert "has 5 levels" in drawn and "a slash inside a name is written \\/" in drawn, drawn
        app.screen.query_one(Input).value = r"Avtaler/Kjennskap/Avtalen m\/ DPS og\/eller FACT"
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).id) == NEW + r"Avtaler/Kjennskap/Avtalen m\/ DPS og\/eller FACT"


async def test_step_3_sorts_a_group_by_a_subgroup_whose_name_holds_a_slash(project, transcript, open_app):
    """A code group's units by subgroup: the subgroup 'Samarbeid m/ DPS' reads whole (it read 'DPS'), and
    m does not offer a unit its own subgroup to move to."""
    from textual.widgets import DataTable, Input

    from qualcode.tui.modals.choose import Choose
    from qualcode.tui.screens.condense import CondenseScreen
    from qualcode.tui.widgets.codebook_tree import CodebookTree

    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    quote = "Kommunen får beskjed tidligere"
    start = text.index(quote)
    project.units.create("K1-intervju", start, start + len(quote), codes=[r"Avtaler/Samarbeid m\/ DPS"],
                         create_codes=True)
    project.codebook.add("Avtaler/Rutiner")
    app = open_app(project)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CondenseScreen)
        screen.query_one(CodebookTree).select_code(project.codebook.code_id("Avtaler"))
        await settle(app, pilot)
        table = screen.query_one("#units", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["Samarbeid m/ DPS"]
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        offered = [label for _, label in app.screen.choices]
        assert "Samarbeid m/ DPS" not in offered and "Rutiner" in offered, offered
        await pilot.press(*"new", "enter")  # the "+ a new subgroup" row: its name holds a slash too
        await pilot.pause()
        app.screen.query_one(Input).value = "Møter og/eller telefon"
        await pilot.press("enter")
        await settle(app, pilot)
    assert project.units.list()[0].codes == (r"Avtaler/Møter og\/eller telefon",)
