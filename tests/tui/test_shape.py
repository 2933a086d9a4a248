"""The shape of the app: one mode per step with its own stack, writes on the writer thread, changes made
elsewhere noticed, and every failure a user can meet turned into one line instead of a crash."""

from __future__ import annotations

import asyncio
import time

from textual.widgets import DataTable
from tui_helpers import notifications, settle

from qualcode.project import Project
from qualcode.tui.screens.condense import CondenseScreen
from qualcode.tui.screens.home import HomeScreen
from qualcode.tui.screens.impression import ImpressionScreen
from qualcode.tui.screens.search import SearchScreen
from qualcode.tui.screens.synthesize import SynthesizeScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookTree
from qualcode.tui.widgets.transcript import TranscriptView


async def test_each_step_is_a_mode_with_its_own_stack(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HomeScreen) and app.current_mode == "home"
        for key, kind in (("1", ImpressionScreen), ("2", UnitsScreen), ("3", CondenseScreen),
                          ("4", SynthesizeScreen), ("0", HomeScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind), key
        await pilot.press("2", "slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one(DataTable).focus()  # out of the search field, where 3 would be typed
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, CondenseScreen)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)  # step 2 kept its own stack


async def test_enter_on_a_document_opens_it_in_step_2(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert [str(k.value) for k in table.rows] == ["K1-intervju"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen) and app.screen.document.label == "K1-intervju"
        view = app.screen.query_one(TranscriptView)
        assert len(view.unit_spans) == 1
        assert "Intervju med K1" in "".join(segment.text for segment in view.render_line(0))


async def test_a_unit_coded_from_the_cli_shows_within_two_seconds(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        assert len(view.unit_spans) == 1
        text = coded.documents.get("K1-intervju").text
        start = text.index("Kommunens folk")
        with Project(coded.path, coder="ola") as elsewhere:  # another process, as far as SQLite can tell
            elsewhere.units.create("K1-intervju", start, start + 20, codes=["Samhandling/Varsling"])
        began = time.monotonic()
        while (start, start + 20) not in view.unit_spans:
            assert time.monotonic() - began < 2, "the unit coded elsewhere did not show within 2 s"
            await asyncio.sleep(0.05)


async def test_a_code_renamed_elsewhere_is_one_line_not_a_crash(coded, open_app):
    coded.codebook.add("Samhandling/Tillit")
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.select_code(coded.codebook.code_id("Samhandling/Tillit"))
        await settle(app, pilot)
        with Project(coded.path, coder="ola") as elsewhere:
            elsewhere.codebook.rename("Samhandling/Varsling", "Beskjeder")
        app._seen_version = app.project.data_version()  # the rename is not noticed before the key
        await pilot.press("up")  # onto the code renamed meanwhile: reading it fails
        await settle(app, pilot)
        assert isinstance(app.screen, CondenseScreen) and app.is_running
        assert any("Varsling" in line for line in notifications(app)), notifications(app)
        labels = [str(node.label) for node in tree.root.children[0].children]
        assert any("Beskjeder" in label for label in labels), labels  # and the tree is read again


async def test_a_unit_removed_elsewhere_is_one_line_not_a_crash(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        (unit,) = coded.units.list(code_path="Samhandling/Varsling")
        await app.open_subgroup("Samhandling/Varsling")
        await settle(app, pilot)
        assert isinstance(app.screen, CondenseScreen) and [r.unit.id for r in app.screen.rows] == [unit.id]
        coded.units.delete(unit.id)
        app._seen_version = app.project.data_version()  # the delete is not noticed before the key
        app.screen.query_one("#units", DataTable).focus()
        await pilot.press("g")
        await settle(app, pilot)
        assert app.is_running
        assert any(f"unit {unit.id}" in line for line in notifications(app)), notifications(app)


async def test_code_a_sentence_on_the_writer_thread_and_undo_it(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("n", "n")
        view = screen.query_one(TranscriptView)
        start, end = view.highlight
        talk = next(i for i, s in enumerate(view.sentences) if s[0] >= view.document.turns[0].start)
        assert (start, end) == view.sentences[talk + 1]  # from where the talk starts (not the title): the second
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("Input").value = "Samhandling/Varsling"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert (start, end) in screen.query_one(TranscriptView).unit_spans
        assert any(u.start == start for u in coded.units.list(code_path="Samhandling/Varsling"))
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (start, end) not in screen.query_one(TranscriptView).unit_spans
        assert any(line.startswith("undone: unit K1-intervju") for line in notifications(app))


async def test_the_chapter_is_written_in_a_worker(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the dialog's defaults: Word, beside the project file
        await settle(app, pilot)
        target = coded.path.with_name(f"{coded.path.stem}-kapittel.docx")
        assert any(line == f"chapter written: {target}" for line in notifications(app))
    from docx import Document

    paragraphs = [p.text for p in Document(str(target)).paragraphs]  # read back: the chapter, not just a file
    assert "1 Samhandling" in paragraphs and "1.1 Varsling" in paragraphs
    assert any("Kommunen får beskjed tidligere" in p and p.endswith("K1") for p in paragraphs)


async def test_the_export_takes_the_clis_options(coded, open_app):
    from textual.widgets import Checkbox, Input, Select

    coded.synthesizing.set("Samhandling/Varsling", heading="Beskjeden kommer tidligere")
    app = open_app(coded)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#format", Select).value = "md"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith("-kapittel.md")
        dialog.query_one("#number", Input).value = "5"
        dialog.query_one("#quote-marks", Select).value = "«»"
        dialog.query_one("#appendix", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        text = coded.path.with_name(f"{coded.path.stem}-kapittel.md").read_text(encoding="utf-8")
        assert "### 5.1.1 Beskjeden kommer tidligere" in text and "«Kommunen får beskjed tidligere» K1" in text
