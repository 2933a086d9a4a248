"""Deleting a subgroup (the codebook beside the transcript, step 2) says what becomes of its condensate
and synthesis text, and keeps them: they go into a project memo in the same change (undo takes both back)."""

from __future__ import annotations

import pytest
from tui_helpers import settle

from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel


@pytest.fixture
def written(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får beskjed tidligere")
    project.units.create("K1-intervju", start, start + 30, codes=["Samhandling/Varsling"], create_codes=True)
    project.condensing.set("Samhandling/Varsling", text="Jeg får beskjed tidligere nå.")
    project.synthesizing.set("Samhandling/Varsling", heading="Beskjeden kommer tidligere",
                             analytic_text="K1 forteller at varslingen er blitt bedre.")
    return project


async def test_deleting_a_subgroup_keeps_its_condensate_and_synthesis_as_a_memo(written, open_app):
    app = open_app(written)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        await pilot.press("k")
        await settle(app, pilot)
        panel = app.screen.query_one(CodebookPanel)
        panel.focus()
        panel.select_code(written.codebook.code_id("Samhandling/Varsling"))
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, Confirm)
        assert "condensate and synthesis text written for it are kept as a project memo" in question.question
        await pilot.press("y")
        await settle(app, pilot)
    assert "Samhandling/Varsling" not in [c.path for g in written.codebook.tree() for c in g.children]
    (memo,) = [m for m in written.impression.memos(kind="project") if "Samhandling/Varsling" in m.text]
    assert "Condensate of Samhandling/Varsling: Jeg får beskjed tidligere nå." in memo.text
    assert "Heading of Samhandling/Varsling: Beskjeden kommer tidligere" in memo.text
    assert "Analytic text of Samhandling/Varsling: K1 forteller at varslingen er blitt bedre." in memo.text


def test_undo_of_the_delete_takes_the_memo_back_with_the_texts(written):
    written.codebook.delete("Samhandling/Varsling", force=True)
    assert len(written.impression.memos(kind="project")) == 1
    written.history.undo()
    assert written.impression.memos(kind="project") == []
    assert written.condensing.get("Samhandling/Varsling").text == "Jeg får beskjed tidligere nå."


def test_a_code_with_nothing_written_leaves_no_memo(written):
    written.codebook.add("Samhandling/Tom")
    written.codebook.delete("Samhandling/Tom")
    assert written.impression.memos(kind="project") == []
