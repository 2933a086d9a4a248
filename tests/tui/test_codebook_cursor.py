"""After a code is deleted in the codebook beside the text, the cursor stays where the work was (on the
deleted code's parent), not back at the top of the tree where the next key would act on another group."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel


async def test_the_cursor_stays_by_a_deleted_code(project, transcript, open_app):
    project.documents.import_files([transcript])
    for path in ("Avtaler/Kjennskap", "Avtaler/Rutiner", "Samhandling/Varsling", "Samhandling/Respekt"):
        project.codebook.add(path)
    app = open_app(project)
    async with app.run_test(size=(130, 30)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        panel = app.screen.query_one(CodebookPanel)
        panel.focus()
        panel.select_code(project.codebook.code_id("Samhandling/Respekt"))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert "Samhandling/Respekt" not in [c.path for g in project.codebook.tree() for c in g.children]
        node = panel.cursor_node
        assert node is not None and node.data is not None and node.data.path == "Samhandling"


async def test_a_narrow_tree_leaves_out_the_counts_before_it_cuts_a_name(demo_copy):
    from rich.style import Style

    from qualcode.tui.app import make_app
    from qualcode.tui.widgets.codebook_tree import CodebookTree

    for width, whole in ((80, False), (200, True)):
        app = make_app(demo_copy, "tester")
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.press("3")
            await settle(app, pilot)
            tree = app.screen.query_one(CodebookTree)
            group = tree.root.children[1]  # Innleggelse, utskrivning og overganger
            label = tree.render_label(group, Style(), Style()).plain
            assert ("informant" in label) is whole, label
            assert len(label) <= tree.size.width
            if not whole:
                assert label.endswith("…") and "Innleggelse" in label
        app.project.close()
