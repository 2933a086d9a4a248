"""Step 1 in the TUI: read with the preliminary themes beside the text; add, link, rename, describe and
delete themes; memos on the transcript and on a passage; frequencies; themes from a guide; read status."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input
from tui_helpers import settle

from qualcode.tui.modals.confirm import Confirm
from qualcode.tui.screens.impression import FrequenciesScreen, ImpressionScreen, ThemeList
from qualcode.tui.widgets import draft_fields
from qualcode.tui.widgets.draft_fields import DraftArea, DraftInput
from qualcode.tui.widgets.transcript import TranscriptView


@pytest.fixture(autouse=True)
def short_pause(monkeypatch):
    monkeypatch.setattr(draft_fields, "TYPING_PAUSE", 0.2)


@pytest.fixture
def reading(project, transcript):
    project.documents.import_files([transcript])
    return project


async def _open(app, pilot):
    app.document = "K1-intervju"
    await pilot.press("1")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ImpressionScreen)
    return screen, screen.query_one(TranscriptView)


async def test_a_theme_from_a_passage_its_note_and_title_typed_and_deleted(reading, open_app):
    app = open_app(reading)
    async with app.run_test(size=(130, 36)) as pilot:
        screen, view = await _open(app, pilot)
        text = view.document.text
        start = text.index("Kommunens folk")
        view.select(start, start + 34)
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = "Å bli tatt på alvor"
        await pilot.press("enter")
        await settle(app, pilot)
        (theme,) = reading.impression.themes()
        assert theme.title == "Å bli tatt på alvor"
        assert [s.text for s in theme.sources] == ["Kommunens folk blir tatt på alvor."]
        note = screen.query_one("#theme-note", DraftArea)
        note.focus()
        await pilot.press(*"K1 sier det tydelig.", "tab")
        await settle(app, pilot)
        assert reading.impression.themes()[0].note == "K1 sier det tydelig."
        title = screen.query_one("#theme-title", DraftInput)
        title.focus()
        await pilot.press("end", *" og likeverd", "tab")
        await settle(app, pilot)
        assert reading.impression.themes()[0].title == "Å bli tatt på alvor og likeverd"
        # the same theme, prompted by another passage too
        view.focus()
        await pilot.press("n")
        await pilot.press("L")
        await settle(app, pilot)
        assert len(reading.impression.themes()[0].sources) == 2
        screen.query_one(ThemeList).focus()
        await pilot.press("T")  # a theme becomes a code group for step 2
        await settle(app, pilot)
        assert [g.name for g in reading.codebook.tree()] == ["Å bli tatt på alvor og likeverd"]
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert reading.impression.themes() == []


async def test_memos_on_the_transcript_a_passage_and_a_theme(reading, open_app):
    app = open_app(reading)
    async with app.run_test(size=(130, 36)) as pilot:
        screen, view = await _open(app, pilot)
        memo = screen.query_one("#memo", DraftArea)
        assert not memo.display  # the memo field shows while a memo is written
        await pilot.press("m")
        assert memo.display and memo.has_focus
        assert str(screen.query_one("#memo-label").render()) == "Memo on K1-intervju"
        await pilot.press(*"K1 virker fornøyd.")
        await pilot.press("escape")  # back to the text: the memo is kept
        await settle(app, pilot)
        assert view.has_focus and not memo.display
        text = view.document.text
        start = text.index("Helseforetakene er store.")
        view.select(start, start + 25)
        await pilot.press("m")
        line = text.count("\n", 0, start) + 1
        assert str(screen.query_one("#memo-label").render()) == f"Memo on line {line} «Helseforetakene er store.»"
        assert memo.text == ""  # the passage is the memo's anchor, not words typed into it
        await pilot.press(*"størrelse som forklaring")
        view.focus()
        await settle(app, pilot)
        reading.impression.add_theme("Tatt på alvor")  # from another connection: the screen hears of it
        themes = screen.query_one(ThemeList)
        for _ in range(50):
            await settle(app, pilot)
            if themes.option_count:
                break
        themes.focus()
        await pilot.press("m")  # the themes have the focus: a memo on the highlighted theme
        assert str(screen.query_one("#memo-label").render()) == "Memo on the theme Tatt på alvor"
        await pilot.press(*"går igjen hos alle", "escape")
        await settle(app, pilot)
        document = reading.documents.get("K1-intervju").id
        on_document = reading.impression.memos(kind="document", target_id=document)
        assert [(m.target_kind, m.text) for m in on_document] == [
            ("document", "K1 virker fornøyd."), ("passage", "størrelse som forklaring")]
        assert text[on_document[1].start:on_document[1].end] == "Helseforetakene er store."
        (theme,) = reading.impression.themes()
        assert [m.text for m in reading.impression.memos(kind="theme", target_id=theme.id)] == ["går igjen hos alle"]
        shown = str(screen.query_one("#memos").render())
        assert "on the transcript" in shown and "K1 virker fornøyd." in shown
        assert f"on line {line} «Helseforetakene er store.»" in shown and "on theme Tatt på alvor" in shown


async def test_read_re_read_frequencies_and_a_guide(reading, open_app, tmp_path):
    guide = tmp_path / "intervjuguide.md"
    guide.write_text("# Guide\n\n## Samarbeid\n\n- Hvordan er samarbeidet?\n\n"
                     "## Utskrivning\n\n- Når får dere beskjed?\n", encoding="utf-8")
    app = open_app(reading)
    async with app.run_test(size=(130, 36)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert reading.impression.reading_status()["K1-intervju"] == "read"
        await pilot.press("R")
        await settle(app, pilot)
        assert reading.impression.reading_status()["K1-intervju"] == "re-read"
        await pilot.press("G")
        await pilot.pause()
        app.screen.query_one(Input).value = str(guide)
        await pilot.press("enter")
        await settle(app, pilot)
        assert [t.title for t in reading.impression.themes()] == ["Samarbeid", "Utskrivning"]
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, FrequenciesScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 5 and str(table.columns[list(table.columns)[1]].label) == "K1-intervju"
        assert any("kommune" in str(cell) for cell in table.get_column_at(1))


async def test_a_new_theme_is_the_highlighted_one_so_L_links_to_it(reading, open_app):
    reading.impression.add_theme("Tillit")
    reading.impression.add_theme("Samarbeid")
    app = open_app(reading)
    async with app.run_test(size=(130, 36)) as pilot:
        screen, view = await _open(app, pilot)
        themes = screen.query_one(ThemeList)
        assert themes.highlighted == 0  # Tillit, before the new one
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = "Ventetid på plass"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [t.title for t in reading.impression.themes()] == ["Tillit", "Samarbeid", "Ventetid på plass"]
        assert themes.highlighted == 2
        assert screen.query_one("#theme-title", DraftInput).value == "Ventetid på plass"
        text = view.document.text
        start = text.index("Kommunens folk")
        view.select(start, start + 34)
        await pilot.press("L")
        await settle(app, pilot)
        sources = {t.title: [s.text for s in t.sources] for t in reading.impression.themes()}
        # t linked the transcript (nothing was selected), L the passage
        assert sources == {"Tillit": [], "Samarbeid": [],
                           "Ventetid på plass": [None, "Kommunens folk blir tatt på alvor."]}
