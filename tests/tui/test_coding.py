"""Coding in the TUI: a new code from the picker, step 3's subgroup condensing, step 4's synthesis."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea
from tui_helpers import settle

from qualcode.tui.widgets.codebook_tree import CodebookTree


@pytest.fixture
def coded(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    return project


async def test_typed_new_code_path_is_created(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("n", "c")
        await pilot.pause()
        app.screen.query_one(Input).value = "Økonomi/Budsjett"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [u.codes for u in coded.units.list(code_path="Økonomi/Budsjett")] == [("Økonomi/Budsjett",)]


def test_code_paths_rank_by_their_own_name():
    from qualcode.tui.screens.pick_code import rank_paths

    paths = ["Overganger/Utskrivning og varsling", "Overganger/Utskrivning og varsling/Brå utskrivning",
             "Relasjoner/Respekt"]
    assert rank_paths("brå utskr", paths)[0] == "Overganger/Utskrivning og varsling/Brå utskrivning"
    assert "Relasjoner/Respekt" not in rank_paths("brå utskr", paths)


async def test_step_4_opens_a_subgroup_synthesis(coded, open_app):
    from qualcode.tui.screens.synthesis import SynthesisScreen

    text = coded.documents.get("K1-intervju").text
    coded.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                       codes=["Samhandling/Varsling"])
    coded.units.create("K1-intervju", text.index("Kommunens folk"), text.index("alvor.") + 6,
                       codes=["Samhandling/Respekt"], create_codes=True)
    app = open_app(coded)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.select_code(coded.codebook.code_id("Samhandling/Varsling"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)  # the places are read on a worker
        screen = app.screen
        assert isinstance(screen, SynthesisScreen)
        # the other code in the same turn first, then K1's turns where nothing is coded
        assert screen.places[0].codes == ("Samhandling/Respekt",)
        assert [p.codes for p in screen.places[1:]] == [(), ()]
        screen.query_one("#heading", Input).value = "Kommunen får beskjed tidligere"
        screen.query_one("#analytic", TextArea).text = "K1 forteller at varslingen er blitt bedre."
        await pilot.press("ctrl+s", "ctrl+r")
        await pilot.pause()
        synthesis = app.project.synthesizing.get("Samhandling/Varsling")
        assert synthesis.heading == "Kommunen får beskjed tidligere" and synthesis.checked_by == "tester"
        assert synthesis.analytic_text == "K1 forteller at varslingen er blitt bedre."
        await pilot.press("f5")
        await settle(app, pilot)
        chapter = coded.path.with_name(f"{coded.path.stem}-kapittel.docx")
        import docx

        headings = [p.text for p in docx.Document(str(chapter)).paragraphs if p.style.name == "Heading 3"]
        assert headings[0] == "1.1 Kommunen får beskjed tidligere"
