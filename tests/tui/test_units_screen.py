"""Step 2 in the TUI: select any span by keyboard or mouse and code it with the picker; move between
units; change units and the codebook beside the text, the highlights following at once."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList
from tui_helpers import notifications, settle

from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.modals.pick_code import PickCode
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.codebook_tree import CodebookPanel
from qualcode.tui.widgets.transcript import TranscriptView

AVTALER = "Samarbeidsavtaler og rutiner/Kjennskap til avtalene"


@pytest.fixture
def project_with_codes(project, transcript, tmp_path):
    second = tmp_path / "K2-intervju.txt"
    second.write_text("I: Hvordan er det hos dere?\n\nK2: Vi får beskjed for sent. Det er det samme hver gang.\n",
                      encoding="utf-8")
    project.documents.import_files([transcript, second])
    project.codebook.add(AVTALER)
    project.codebook.add("Samhandling/Varsling")
    return project


async def _open(app, pilot, label="K1-intervju"):
    app.document = label
    await pilot.press("2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, UnitsScreen)
    return screen, screen.query_one(TranscriptView)


async def test_the_cursor_starts_at_the_top_of_the_page_not_the_title(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(100, 12)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("pagedown")
        await pilot.press("n")
        top = view.first_visible_offset()
        assert view.highlight[0] >= top > 0  # the first sentence on the page, not "Intervju med K1"


async def test_an_arbitrary_span_by_keyboard_coded_with_a_half_typed_existing_code(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        text = view.document.text
        start = text.index("Kommunen får beskjed")
        view.move_to(start)
        await pilot.press("ctrl+shift+right", "ctrl+shift+right", "ctrl+shift+right")  # three words
        assert text[slice(*view.highlight)] == "Kommunen får beskjed"
        await pilot.press("shift+right", "shift+left", "shift+left")  # a character more, two less
        assert text[slice(*view.highlight)] == "Kommunen får beskje"
        await pilot.press("s")  # snapped to the sentence edges
        sentence = text[slice(*view.highlight)]
        assert sentence.startswith("Kommunen får beskjed") and sentence.endswith("merker det også.")
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickCode)
        await pilot.press(*"Samarbeidsavtaler og rutiner/Kjenn")
        await pilot.pause()
        options = picker.query_one(OptionList)
        assert options.highlighted == 0 and options.get_option_at_index(0).id == AVTALER
        assert str(options.get_option_at_index(options.option_count - 1).prompt).startswith("+ new code")
        await pilot.press("enter")
        await settle(app, pilot)
        (unit,) = project_with_codes.units.list(code_path=AVTALER)
        assert text[unit.start:unit.end] == sentence
        assert [c.path for c in project_with_codes.codebook.tree()[0].children] == [AVTALER]  # no new code
        assert any(u.start == unit.start and u.codes for u in view.units)


async def test_a_new_code_is_an_explicit_choice(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("n", "c")
        await pilot.pause()
        await pilot.press(*"Samhandling/Varsl")  # half-typed: an existing code holds it, Enter takes that one
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "Samhandling/Varsling"
        await pilot.press("up")  # wraps? no: stays on the first row
        assert options.highlighted == 0
        last = options.get_option_at_index(options.option_count - 1)
        assert str(last.prompt) == "+ new code: Samhandling/Varsl"  # making one is there, and last
        await pilot.press(*"ing sent")  # a path no code holds whole: now the new code is the row Enter takes
        await pilot.pause()
        assert str(options.get_option_at_index(options.highlighted).prompt) == "+ new code: Samhandling/Varsling sent"
        await pilot.press("enter")
        await settle(app, pilot)
        assert project_with_codes.units.list(code_path="Samhandling/Varsling sent")


async def test_recent_codes_come_first_in_the_picker(project_with_codes, open_app):
    project_with_codes.units.create("K1-intervju", 0, 10, codes=["Samhandling/Varsling"])
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("n", "n", "c")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "Samhandling/Varsling"
        assert "recent" in str(options.get_option_at_index(0).prompt)
        await pilot.press("escape")


async def test_a_span_by_mouse_drag(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        row = next(i for i, r in enumerate(view.rows) if r.text.startswith("K1: Samarbeidet"))
        text_column = view.text_column  # after the gutter: line number, code markers (and speaker, if needed)
        await pilot.mouse_down(view, offset=(text_column + 4, row))
        await pilot.hover(view, offset=(text_column + 15, row))
        await pilot.mouse_up(view, offset=(text_column + 15, row))
        assert view.document.text[slice(*view.highlight)] == "Samarbeidet"


async def test_extend_by_sentences_and_turns(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        text = view.document.text
        view.move_to(text.index("Samarbeidet er bedre"))
        await pilot.press("s", "N")
        assert text[slice(*view.highlight)].endswith("merker det også.")
        await pilot.press("right_square_bracket")  # the next turn
        assert text[slice(*view.highlight)].startswith("I: Og kommunikasjon?") or \
            text[slice(*view.highlight)].startswith("Og kommunikasjon?")
        await pilot.press("right_curly_bracket")  # and the one after it too
        assert "e-meldinger" in text[slice(*view.highlight)]


async def test_units_next_of_a_code_remove_and_resize(project_with_codes, open_app):
    p = project_with_codes
    text = p.documents.get("K1-intervju").text
    first = p.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                           codes=["Samhandling/Varsling"])
    p.units.create("K1-intervju", text.index("Helseforetakene er store."), text.index("store.") + 6,
                   codes=["Samhandling/Varsling", AVTALER])
    other = p.documents.get("K2-intervju").text
    p.units.create("K2-intervju", other.index("Vi får beskjed"), other.index("sent.") + 5,
                   codes=["Samhandling/Varsling"])
    app = open_app(p)
    async with app.run_test(size=(130, 30)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("u")
        assert view.highlight == (text.index("Kommunen får"), text.index("tidligere") + 9)
        await pilot.press("u")
        assert view.document.text[slice(*view.highlight)] == "Helseforetakene er store."
        await pilot.press("U")
        await pilot.press("shift+right", "shift+right")  # widen by two characters, then w
        await pilot.press("w")
        await settle(app, pilot)
        (resized,) = p.units.get([first])
        assert resized.end == text.index("tidligere") + 11
        # Enter on a code in the codebook: its next unit, here and then in the next transcript
        panel = screen.query_one(CodebookPanel)
        assert panel.display  # a wide terminal shows the codebook beside the text
        panel.focus()
        panel.select_code(p.codebook.code_id("Samhandling/Varsling"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert view.document.text[slice(*view.highlight)] == "Helseforetakene er store."
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.document.label == "K2-intervju"
        # x on a unit with two codes asks which; on the last code the unit goes
        app.document = "K1-intervju"
        app.screen.show_passage("K1-intervju", text.index("Helseforetakene"), text.index("store.") + 6)
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"Varsling", "enter")
        await settle(app, pilot)
        assert [u.codes for u in p.units.list(document="K1-intervju") if u.text.startswith("Helse")] == [(AVTALER,)]
        await pilot.press("x")  # its last code: the unit goes too, so it asks, naming the unit
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "«Helseforetakene er store.»" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert not [u for u in p.units.list(document="K1-intervju") if u.text.startswith("Helse")]
        assert any("removed with its code" in line for line in notifications(app))


async def test_x_acts_on_the_unit_jumped_to_not_a_shorter_one_inside_it(project_with_codes, open_app):
    p = project_with_codes
    text = p.documents.get("K1-intervju").text
    outer = p.units.create("K1-intervju", text.index("Kommunen får"), text.index("store.") + 6,
                           codes=["Samhandling/Varsling"])
    inner = p.units.create("K1-intervju", text.index("Helseforetakene"), text.index("store.") + 6, codes=[AVTALER])
    app = open_app(p)
    async with app.run_test(size=(130, 30)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("u")  # the outer unit, which starts first
        assert view.highlight == (text.index("Kommunen får"), text.index("store.") + 6)
        await pilot.press("shift+left")  # narrowed a little: the selection still touches both units
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and f"unit {outer}" in app.screen.question
        await pilot.press("n")  # and no means no
        await settle(app, pilot)
        assert {u.id for u in p.units.list(document="K1-intervju")} == {outer, inner}


async def test_rename_in_the_codebook_and_the_highlights_follow(project_with_codes, open_app):
    p = project_with_codes
    text = p.documents.get("K1-intervju").text
    p.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                   codes=["Samhandling/Varsling"])
    app = open_app(p)
    async with app.run_test(size=(130, 30)) as pilot:
        screen, view = await _open(app, pilot)
        panel = screen.query_one(CodebookPanel)
        panel.focus()
        panel.select_code(p.codebook.code_id("Samhandling/Varsling"))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == "Varsling"
        field.value = "Beskjed om utskrivning"
        await pilot.press("enter")
        await settle(app, pilot)
        (mark,) = view.units
        assert [c.name for c in mark.codes] == ["Beskjed om utskrivning"]
        view.move_to(mark.start)
        await pilot.pause()
        assert "Beskjed om utskrivning" in str(screen.query_one("#codes-here").render())
        # delete says how many units the code holds, and asks
        panel.focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "It holds 1 unit, which lose" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert p.units.list(code_path="Samhandling/Beskjed om utskrivning")


async def test_f3_walks_the_search_hits(project_with_codes, open_app):
    app = open_app(project_with_codes)
    async with app.run_test(size=(110, 30)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"beskjed", "enter")
        await settle(app, pilot)
        hits = app.search_hits
        assert {h.document for h in hits} == {"K1-intervju", "K2-intervju"}
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.document.label == hits[0].document and view.highlight == (hits[0].start, hits[0].end)
        await pilot.press("f3")
        await settle(app, pilot)
        assert app.screen.document.label == hits[1].document
        assert app.screen.query_one(TranscriptView).highlight == (hits[1].start, hits[1].end)
        assert any(said.startswith(f"hit 2 of {len(hits)}: ") for said in notifications(app))
