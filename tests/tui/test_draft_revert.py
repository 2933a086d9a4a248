"""Text typed and then taken back leaves no draft behind: the next start must not bring the taken-back
text into the field ("kept what you typed last time")."""

from __future__ import annotations

import asyncio

import pytest
from tui_helpers import settle

from qualcode.project import Project
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.widgets import draft_fields
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.draft_fields import DraftArea

SUBGROUP = "Samhandling/Varsling"


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch):
    monkeypatch.setattr(draft_fields, "TYPING_PAUSE", 0.1)


@pytest.fixture
def condensed(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får beskjed")
    project.units.create("K1-intervju", start, start + 20, codes=[SUBGROUP], create_codes=True)
    project.condensing.set(SUBGROUP, text="Vi får vite det for sent.")
    return project


async def _editor(app, pilot) -> DraftArea:
    await pilot.press("3")
    await settle(app, pilot)
    assert isinstance(app.screen, CondenseScreen)
    app.screen.query_one(CodebookTree).select_code(app.project.codebook.code_id(SUBGROUP))
    await settle(app, pilot)
    editor = app.screen.query_one(DraftArea)
    editor.focus()
    editor.move_cursor(editor.document.end)
    await pilot.pause()
    return editor


async def test_typing_taken_back_with_backspace_leaves_no_draft(condensed, open_app):
    app = open_app(condensed)
    async with app.run_test(size=(120, 34)) as pilot:
        await _editor(app, pilot)
        await pilot.press(*" QTESTZ")
        await asyncio.sleep(0.3)  # past the typing pause: a draft is kept
        await settle(app, pilot)
        assert [d.text for d in condensed.drafts.list()] == ["Vi får vite det for sent. QTESTZ"]
        await pilot.press(*["backspace"] * 7)  # back to the stored text
        await asyncio.sleep(0.3)
        await settle(app, pilot)
        assert condensed.drafts.list() == []
        app.screen.save_typing()  # the session ends as on leaving the screen
        await settle(app, pilot)
    with Project(condensed.path, coder=condensed.coder) as again:
        assert again.drafts.list() == []
        assert again.condensing.get(SUBGROUP).text == "Vi får vite det for sent."


async def test_a_pause_mid_way_back_keeps_the_text_as_it_stands(condensed, open_app):
    app = open_app(condensed)
    async with app.run_test(size=(120, 34)) as pilot:
        editor = await _editor(app, pilot)
        await pilot.press(*" QTESTZ")
        await asyncio.sleep(0.3)
        await pilot.press(*["backspace"] * 3)
        await asyncio.sleep(0.3)
        await settle(app, pilot)
        assert [d.text for d in condensed.drafts.list()] == ["Vi får vite det for sent. QTE"]
        assert editor.text.endswith("QTE")


async def test_a_stored_heading_is_not_replaced_by_the_first_key(condensed, open_app):
    from qualcode.tui.screens.synthesize import SynthesizeScreen
    from qualcode.tui.widgets.draft_fields import DraftInput

    condensed.synthesizing.set(SUBGROUP, heading="Varslene kommer for sent")
    app = open_app(condensed)
    async with app.run_test(size=(120, 34)) as pilot:
        await app.show_synthesis(SUBGROUP)
        await settle(app, pilot)
        assert isinstance(app.screen, SynthesizeScreen)
        heading = app.screen.query_one("#heading", DraftInput)
        assert heading.value == "Varslene kommer for sent"
        heading.focus()
        await pilot.pause()
        await pilot.press("!")  # the first key typed in the field adds to the heading
        assert heading.value.replace("!", "", 1) == "Varslene kommer for sent"
