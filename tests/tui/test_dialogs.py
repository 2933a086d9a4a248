"""The dialogs at 80x24: every question is read whole (wrapped, never cut), a prefilled field keeps its
text when typed into, the export's drop-downs show their rows and it remembers what was asked, the
import's button and ctrl+s stay in view, and the picker puts a whole new path's code first and says when
nothing matches."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select
from textual.widgets._select import SelectOverlay
from tui_helpers import notifications, settle

from qualcode.project import Project
from qualcode.tui.modals.ask import Ask
from qualcode.tui.modals.choose import Choose
from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.modals.dialog import DialogBody
from qualcode.tui.modals.export import ExportChapter
from qualcode.tui.modals.import_files import ImportFiles, ImportReportScreen
from qualcode.tui.modals.pick_code import NEW, PickCode, Picked
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel

SMALL = (80, 24)
LONG_CODE = "Opplevelsen av samhandling mellom kommunen og helseforetaket/Informasjon og taushetsplikt"


def screen_rows(app: App) -> list[str]:
    """The terminal's rows as the app draws them now (the compositor's full frame, the modal on top)."""
    frame = app.screen._compositor.render_full_update()
    return ["".join(strip.text for strip in row) for row in frame.strips]


def shown(app: App, widget: Widget) -> str:
    """What of a widget can be read on the screen: its rows, each stripped, joined by a space."""
    area = widget.content_region
    assert area.bottom <= app.size.height and area.right <= app.size.width, f"{widget} is off the screen"
    rows = screen_rows(app)[area.y:area.bottom]
    return " ".join(" ".join(row[area.x:area.right].split()) for row in rows).strip()


def in_view(dialog, widget: Widget) -> bool:
    """Whether the whole widget shows inside the dialog's scrolling body, clear of its docked buttons."""
    body, buttons = dialog.query_one(DialogBody), dialog.query_one(".dialog-buttons")
    return body.content_region.contains_region(widget.region) and not widget.region.overlaps(buttons.region)


def label_text(label: Label) -> str:
    return " ".join(str(label.render()).split())


async def _codebook_at(app, pilot, path: str) -> CodebookPanel:
    app.document = "K1-intervju"
    await pilot.press("2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, UnitsScreen)
    await pilot.press("k")  # at 80 columns the codebook takes the whole width while shown
    await settle(app, pilot)
    panel = screen.query_one(CodebookPanel)
    panel.focus()
    panel.select_code(app.project.codebook.code_id(path))
    await settle(app, pilot)
    assert panel.chosen is not None and panel.chosen.path == path
    return panel


async def test_the_delete_question_names_the_code_and_its_units_whole_at_80x24(demo_copy, open_app):
    with Project(demo_copy, "tester") as project:
        units = len(project.units.list(code_path=LONG_CODE))
    app = open_app(Project(demo_copy, "tester"))
    async with app.run_test(size=SMALL) as pilot:
        await _codebook_at(app, pilot, LONG_CODE)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        question = shown(app, dialog.query_one("#question"))
        assert question == (f"Delete {LONG_CODE}? It holds {units} units, which lose this code. The condensate "
                            "and synthesis text written for it are kept as a project memo.")
        assert "y: delete it" in shown(app, dialog.query_one(".dialog-keys"))
        await pilot.press("n")


async def test_the_merge_question_is_read_whole_at_80x24(demo_copy, open_app):
    target = "Opplevelsen av samhandling mellom kommunen og helseforetaket/Kommunikasjon"
    app = open_app(Project(demo_copy, "tester"))
    async with app.run_test(size=SMALL) as pilot:
        await _codebook_at(app, pilot, LONG_CODE)
        await pilot.press("g")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, Choose)
        assert shown(app, chooser.query_one(Label)) == "Merge Informasjon og taushetsplikt into:"
        await pilot.press(*"helseforetaket/Kommunikasjon", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        assert shown(app, dialog.query_one("#question")) == (
            f"Merge {LONG_CODE} into {target}? Its 6 units (and sub-codes, and a condensate) move there.")
        await pilot.press("n")


async def test_rename_and_describe_add_to_the_text_they_start_with(demo_copy, open_app):
    before = "Hva som sies om å dele opplysninger, og når taushetsplikten står i veien."
    with Project(demo_copy, "tester") as project:
        project.codebook.describe(LONG_CODE, description=before)
    app = open_app(Project(demo_copy, "tester"))
    async with app.run_test(size=SMALL) as pilot:
        await _codebook_at(app, pilot, LONG_CODE)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Ask)
        assert shown(app, dialog.query_one("#question")) == label_text(dialog.query_one("#question", Label))
        assert LONG_CODE in shown(app, dialog.query_one("#question"))
        await pilot.press(*" i praksis", "enter")  # the first key adds to the name, it does not replace it
        await settle(app, pilot)
        renamed = LONG_CODE + " i praksis"
        assert app.project.codebook.code_id(renamed)
        app.screen.query_one(CodebookPanel).select_code(app.project.codebook.code_id(renamed))
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == before and field.cursor_position == len(before) and field.selection.is_empty
        await pilot.press(*" Også: drosje.", "enter")
        await settle(app, pilot)
        assert next(c for c in _codes(app.project) if c.path == renamed).description == before + " Også: drosje."


def _codes(project):
    pending, found = list(project.codebook.tree()), []
    while pending:
        code = pending.pop()
        found.append(code)
        pending.extend(code.children)
    return found


async def test_a_prefilled_answer_is_added_to_not_replaced(project, open_app):
    app = open_app(project)
    answers: list[str | None] = []
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(Ask("Colour of Varsling (#4e79a7; empty: its group's):", value="#4e79a"), answers.append)
        await pilot.pause()
        await pilot.press("7", "enter")
        await pilot.pause()
    assert answers == ["#4e79a7"]


@pytest.mark.parametrize("question", [
    "Move unit 60 to which subgroup of Innleggelse, utskrivning og overganger/Utskrivning og varsling?",
    "The interview guide (a Markdown or text file), each topic a theme: type its path, or drop the file here",
])
async def test_choose_and_ask_prompts_wrap_at_80x24(project, open_app, question):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(Choose(question, [("a", "a"), ("b", "b")]))
        await pilot.pause()
        assert shown(app, app.screen.query_one(Label)) == question
        app.pop_screen()
        app.push_screen(Ask(question))
        await pilot.pause()
        assert shown(app, app.screen.query_one("#question")) == question


async def test_the_undo_questions_are_read_whole_at_80x24(project, transcript, open_app):
    project.documents.import_files([transcript])
    project.codebook.add("Innleggelse, utskrivning og overganger/Utskrivning og varsling")
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+z")  # the code was added before this session
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, Confirm) and "before this session" in dialog.question
        assert shown(app, dialog.query_one("#question")) == dialog.question
        await pilot.press("n")
        await settle(app, pilot)
        with Project(project.path, coder=project.coder) as cli_as_me:
            cli_as_me.codebook.add("Innleggelse, utskrivning og overganger/Innleggelse og ventetid")
        await pilot.pause(0.7)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, Confirm) and "another program" in dialog.question
        assert shown(app, dialog.query_one("#question")) == dialog.question
        await pilot.press("n")


# the code picker

PATHS = ["Innleggelse, utskrivning og overganger/Utskrivning og varsling",
         "Samarbeidsavtaler og rutiner/Kjennskap til avtalene",
         "Samhandling/Varsling"]


async def _picker(app, pilot, typed: str, picked: list | None = None) -> OptionList:
    picked = [] if picked is None else picked
    app.push_screen(PickCode(PATHS, "Og vi hadde ikke fått noen beskjed om at han skulle hjem. " * 3), picked.append)
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause()
    return app.screen.query_one(OptionList)


async def test_a_whole_new_path_puts_its_new_code_first(project, open_app):
    typed = "Innleggelse, utskrivning og overganger/Utskrivning og varsling/Uten medisiner"
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        picked: list = []
        options = await _picker(app, pilot, typed, picked)
        assert options.highlighted == 0 and options.get_option_at_index(0).id == NEW + typed
        assert options.get_option_at_index(1).id == PATHS[0]  # its parent, one ↓ away
        await pilot.press("enter")
        await pilot.pause()
    assert picked == [Picked(typed, True)]


async def test_a_typo_of_a_path_is_no_match_but_a_half_typed_one_is(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        options = await _picker(app, pilot, "Samhandling/Varslign")  # fuzzy, not held whole
        assert str(options.get_option_at_index(0).id) == NEW + "Samhandling/Varslign"
        assert options.get_option_at_index(1).id == "Samhandling/Varsling"
        app.pop_screen()
        options = await _picker(app, pilot, "Samarbeidsavtaler og rutiner/Kjenn")  # on its way to a code
        assert options.highlighted == 0 and options.get_option_at_index(0).id == PATHS[1]
        last = options.get_option_at_index(options.option_count - 1)
        assert last.id == NEW + "Samarbeidsavtaler og rutiner/Kjenn"


async def test_a_path_the_codebook_cannot_hold_says_why_instead_of_failing(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        options = await _picker(app, pilot, "Samhandling//Varsling")
        assert not any(str(options.get_option_at_index(i).id).startswith(NEW) for i in range(options.option_count))
        assert "bad code path" in shown(app, app.screen.query_one("#picker-hint"))
        app.screen.query_one(Input).value = "Samhandling/Varsling sent"
        await pilot.pause()
        assert "A new code" in shown(app, app.screen.query_one("#picker-hint"))


async def test_the_picker_shows_its_passage_and_hint_whole_at_80x24(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        await _picker(app, pilot, "")
        title = app.screen.query_one(".dialog-title", Label)
        assert shown(app, title) == label_text(title) and shown(app, title).endswith("noen beskje…»")
        hint = app.screen.query_one("#picker-hint", Label)
        assert shown(app, hint) == label_text(hint)
        field = app.screen.query_one(Input)
        assert shown(app, field) == field.placeholder  # a placeholder cannot wrap: it fits


async def test_a_picker_says_when_nothing_matches_and_enter_then_keeps_it_open(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        picked: list = []
        options = await _picker(app, pilot, "bolig", picked)
        no_match = app.screen.query_one("#no-match", Label)
        assert options.option_count == 0 and shown(app, no_match) == "No code matches «bolig»"
        await pilot.press("enter")  # nothing to take: the picker stays, the typing too
        await pilot.pause()
        assert isinstance(app.screen, PickCode) and picked == []
        assert app.screen.query_one(Input).value == "bolig"
        app.screen.query_one(Input).value = "Samhandling/Varsling"
        await pilot.pause()
        assert not no_match.display and options.option_count
        await pilot.press("enter")
        await pilot.pause()
    assert picked == [Picked("Samhandling/Varsling", False)]


async def test_choose_says_when_nothing_matches_and_enter_then_keeps_it_open(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        chosen: list = []
        app.push_screen(Choose("Link the selected passage to which theme?",
                               [("1", "Tillit"), ("2", "Samarbeid på tvers")]), chosen.append)
        await pilot.pause()
        await pilot.press(*"ventetid")
        await pilot.pause()
        no_match = app.screen.query_one("#no-match", Label)
        assert app.screen.query_one(OptionList).option_count == 0
        assert shown(app, no_match) == "Nothing matches «ventetid»"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choose) and chosen == []
        app.screen.query_one(Input).value = "tvers"
        await pilot.pause()
        assert not no_match.display
        await pilot.press("enter")
        await pilot.pause()
    assert chosen == ["2"]


# import and export

async def test_the_import_button_and_ctrl_s_stay_in_view_at_80x24(project, open_app):
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportFiles)
        assert screen_rows(app)[-1].lstrip().startswith("esc Cancel ^s Import")  # the dialog's own footer
        body = dialog.query_one(DialogBody)
        button = dialog.query_one("#go", Button)
        assert shown(app, body.query(Label).first()).startswith("Import transcripts")
        children = list(body.children)
        for name in ("paths", "participants", "participant", "pattern"):
            field = dialog.query_one(f"#{name}")
            assert app.focused is field
            await pilot.pause(0.1)
            label = children[children.index(field) - 1]
            assert in_view(dialog, field) and shown(app, label) == label_text(label)  # wrapped: read whole
            assert body.region.contains_region(button.region) and "Import (ctrl+s)" in shown(app, button)
            await pilot.press("tab")
        assert app.focused is button


async def test_the_import_report_wraps_a_long_failure(project, open_app):
    reason = "not a valid zip container (a .docx is one); save it again from Word, or as .txt"
    line = f"failed: /tmp/audit-import/et-ganske-langt-navn-på-intervjuet/broken.docx: {reason}"
    app = open_app(project)
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(ImportReportScreen([("bold red", line), ("bold", "imported 0 documents (0 words)")]))
        await pilot.pause()
        failed = app.screen.query(Label)[1]
        assert shown(app, failed) == line


FIELDS = ["format", "path", "number", "title", "quote-marks", "body", "attributes", "appendix", "source",
          "include-empty", "go"]


@pytest.mark.parametrize("size", [SMALL, (200, 50)])
async def test_the_export_drop_downs_show_their_rows(coded, open_app, size):
    app = open_app(coded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportChapter)
        for name, rows in (("format", ["Word (.docx)", "Markdown (.md)"]), ("quote-marks", ["auto", "«»", "none"]),
                           ("body", ["analysis", "condensates", "both"])):
            select = dialog.query_one(f"#{name}", Select)
            select.focus()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause(0.1)
            overlay = select.query_one(SelectOverlay)
            assert overlay.display and overlay.content_region.height >= 2
            text = shown(app, overlay)
            assert all(row in text for row in rows), (name, text)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is dialog


async def test_the_export_tabs_through_its_visible_fields_in_order(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        assert [w.id for w in dialog.focus_chain] == FIELDS
        assert app.focused is dialog.query_one("#path")
        seen = []
        for _ in FIELDS:
            seen.append(app.focused.id)
            await pilot.pause(0.05)
            assert app.focused is dialog.query_one("#go") or in_view(dialog, app.focused)
            await pilot.press("tab")
        assert seen == FIELDS[1:] + FIELDS[:1]
        assert "Export (ctrl+s)" in shown(app, dialog.query_one("#go"))
        assert "^s Export" in screen_rows(app)[-1]


async def test_a_checkbox_says_its_state_without_colour(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        box = app.screen.query_one("#appendix", Checkbox)
        box.focus()
        await pilot.pause(0.1)
        assert shown(app, box).startswith("▐ ▌ Appendix")
        await pilot.press("space")
        await pilot.pause()
        assert box.value and shown(app, box).startswith("▐X▌ Appendix")


async def test_after_a_failed_export_the_dialog_keeps_what_was_asked(coded, open_app, tmp_path):
    missing = tmp_path / "ut" / "kapittel.md"
    app = open_app(coded)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        path = dialog.query_one("#path", Input)
        await pilot.press("x")  # the prefilled file name is added to, not replaced
        assert path.value.endswith("-kapittel.docxx")
        dialog.query_one("#format", Select).value = "md"
        await pilot.pause()
        path.value = str(missing)
        dialog.query_one("#number", Input).value = "5"
        dialog.query_one("#quote-marks", Select).value = "«»"
        dialog.query_one("#body", Select).value = "both"
        dialog.query_one("#attributes", Input).value = "rolle, tjeneste"
        dialog.query_one("#source", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert any("does not exist" in line for line in notifications(app)), notifications(app)
        await pilot.press("f5")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ExportChapter) and again is not dialog
        assert again.query_one("#format", Select).value == "md"
        assert again.query_one("#path", Input).value == str(missing)
        assert again.query_one("#number", Input).value == "5"
        assert again.query_one("#quote-marks", Select).value == "«»"
        assert again.query_one("#body", Select).value == "both"
        assert again.query_one("#attributes", Input).value == "rolle,tjeneste"
        assert again.query_one("#source", Checkbox).value and not again.query_one("#appendix", Checkbox).value
        again.query_one("#source").focus()
        await pilot.pause(0.1)
        assert shown(app, again.query_one("#source")).startswith("▐X▌")
