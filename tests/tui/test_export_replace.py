"""F5 asks before it replaces a file that is there: the question names the file, No keeps the dialog open
with its choices, and the chapter is written only after Yes."""

from __future__ import annotations

from textual.widgets import Input, Label, Select
from tui_helpers import notifications, settle

from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.modals.export import ExportChapter


async def _ask_export_to(app, pilot, target, number="5"):
    await pilot.press("f5")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportChapter)
    dialog.query_one("#format", Select).value = "md"
    await pilot.pause()
    dialog.query_one("#path", Input).value = str(target)
    dialog.query_one("#number", Input).value = number
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return dialog


async def test_an_existing_file_is_replaced_only_after_yes(coded, open_app, tmp_path):
    target = tmp_path / "kapittel.md"
    target.write_text("mine: not to be lost\n", encoding="utf-8")
    app = open_app(coded)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _ask_export_to(app, pilot, target)
        question = app.screen
        assert isinstance(question, Confirm), "the export went ahead without asking"
        assert "kapittel.md" in " ".join(str(question.query_one("#question", Label).render()).split())
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog  # No: the dialog again, its choices as they were
        assert dialog.query_one("#path", Input).value == str(target)
        assert dialog.query_one("#format", Select).value == "md"
        assert dialog.query_one("#number", Input).value == "5"
        assert target.read_text(encoding="utf-8") == "mine: not to be lost\n"
        assert not any(line.startswith("chapter written") for line in notifications(app))

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, (Confirm, ExportChapter))
        assert any(line == f"chapter written: {target}" for line in notifications(app)), notifications(app)
    assert "5.1.1 Varsling" in target.read_text(encoding="utf-8")


async def test_a_new_file_is_written_without_a_question(coded, open_app, tmp_path):
    target = tmp_path / "ny.md"
    app = open_app(coded)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ask_export_to(app, pilot, target)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, (Confirm, ExportChapter))
        assert any(line == f"chapter written: {target}" for line in notifications(app)), notifications(app)
    assert target.is_file()


async def test_a_chapter_number_that_is_not_one_keeps_the_dialog_and_writes_nothing(coded, open_app, tmp_path):
    """A path typed into the number field by mistake became a heading prefix ('/tmp/k.docx.1.1 Avtalen')."""
    target = tmp_path / "kapittel.md"
    app = open_app(coded)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _ask_export_to(app, pilot, target, number=str(target))
        assert app.screen is dialog and not target.exists()
        assert any(line.startswith("a chapter number is digits or letters") for line in notifications(app))
        assert app.focused is dialog.query_one("#number", Input)
        dialog.query_one("#number", Input).value = "5.2"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.pause(0.2)
    assert "5.2.1 " in target.read_text(encoding="utf-8")
