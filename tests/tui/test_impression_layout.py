"""Step 1 on a narrow terminal and around it: the themes beside the text at 80-109 columns, L linking the
theme the reader sees (or one chosen from a list), a theme list that keeps its rows, every field labelled,
quotes never cut inside a word, and the word frequencies counted on a worker under the step bar."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Input, Label
from tui_helpers import settle

from qualcode.stc.step1_impression import Impression
from qualcode.tui.modals.choose import Choose
from qualcode.tui.screens.impression import FrequenciesScreen, ImpressionScreen, ThemeList
from qualcode.tui.widgets import draft_fields
from qualcode.tui.widgets.step_bar import StepBar
from qualcode.tui.widgets.table_cells import short_quote
from qualcode.tui.widgets.transcript import TranscriptView


@pytest.fixture(autouse=True)
def short_pause(monkeypatch):
    monkeypatch.setattr(draft_fields, "TYPING_PAUSE", 0.2)


@pytest.fixture
def themed(project, transcript):
    project.documents.import_files([transcript])
    for title in ("Samarbeid", "Utskrivning", "Respekt"):
        project.impression.add_theme(title)
    return project


async def _open(app, pilot):
    app.document = "K1-intervju"
    await pilot.press("1")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ImpressionScreen)
    return screen, screen.query_one(TranscriptView)


@pytest.mark.parametrize("width", [80, 100])
async def test_below_110_columns_the_text_and_the_themes_are_both_shown(themed, open_app, width):
    app = open_app(themed)
    async with app.run_test(size=(width, 24)) as pilot:
        screen, view = await _open(app, pilot)
        side, themes = screen.query_one("#side"), screen.query_one(ThemeList)
        assert view.display and side.display and side.region.width == 28
        assert view.region.width >= width - 30 and themes.option_count == 3
        assert not screen.query_one("#theme-title").display  # the title and note wait for Enter
        themes.focus()
        await pilot.press("down", "enter")  # Enter on a theme: its title, typed at the whole width
        await pilot.pause()
        title = screen.query_one("#theme-title")
        assert title.has_focus and title.display and side.region.width == width
        await pilot.press("escape")  # back to the text, the themes beside it again
        await pilot.pause()
        assert view.has_focus and view.display and side.region.width == 28


async def test_l_links_the_theme_the_reader_sees_highlighted(themed, open_app):
    app = open_app(themed)
    async with app.run_test(size=(90, 24)) as pilot:
        screen, view = await _open(app, pilot)
        themes = screen.query_one(ThemeList)
        themes.focus()
        await pilot.press("down", "down")  # Respekt, highlighted beside the text
        view.focus()
        await pilot.press("n", "n", "L")
        await settle(app, pilot)
        linked = {t.title: len(t.sources) for t in themed.impression.themes()}
        assert linked == {"Samarbeid": 0, "Utskrivning": 0, "Respekt": 1}


async def test_with_the_themes_hidden_l_asks_which_theme(themed, open_app):
    app = open_app(themed)
    async with app.run_test(size=(90, 24)) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("k", "k")  # to the themes, then away: hidden
        await pilot.pause()
        assert not screen.query_one("#side").display and view.has_focus
        await pilot.press("n", "L")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        app.screen.query_one(Input).value = "utskr"
        await pilot.press("enter")
        await settle(app, pilot)
        linked = {t.title: len(t.sources) for t in themed.impression.themes()}
        assert linked == {"Samarbeid": 0, "Utskrivning": 1, "Respekt": 0}
        await pilot.press("k")
        await pilot.pause()
        assert screen.query_one("#side").display and screen.query_one(ThemeList).has_focus


@pytest.mark.parametrize("size", [(80, 24), (120, 24)])
async def test_the_theme_list_keeps_its_rows_when_the_transcript_has_memos(themed, open_app, size):
    document = themed.documents.get("K1-intervju").id
    for number in range(6):
        themed.impression.add_memo(f"Memo nummer {number} om noe som er langt nok til å gå over flere linjer "
                                   "på en smal terminal", kind="document", target_id=document)
    app = open_app(themed)
    async with app.run_test(size=size) as pilot:
        screen, view = await _open(app, pilot)
        await pilot.press("m")  # writing a memo takes room under the text, not from the themes
        await pilot.pause()
        assert screen.query_one(ThemeList).region.height >= 4
        assert view.region.height >= 4
        assert "Memo nummer 5" in str(screen.query_one("#memos").render())  # the newest first


async def test_every_field_of_step_1_has_a_label(themed, open_app):
    app = open_app(themed)
    async with app.run_test(size=(130, 36)) as pilot:
        screen, _ = await _open(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        for field, words in (("theme-title", "Title"), ("theme-note", "Note"), ("memo", "Memo on")):
            label = screen.query_one(f"#{field}-label", Label)
            widget = screen.query_one(f"#{field}")
            assert widget.display and label.display and "field-label" in label.classes
            assert str(label.render()).startswith(words)
            assert label.region.y < widget.region.y  # above its field


def test_a_quote_is_cut_at_a_word_never_inside_one():
    passage = ("Det ble litt enklere å få henne innlagt når vi føler hun trenger det, og mellom kommunene og "
               "helseforetaket")
    cut = short_quote(passage, 60)
    assert cut.endswith("…") and passage.startswith(cut[:-1]) and passage[len(cut) - 1] == " "
    assert short_quote("kort  og\ngreit") == "kort og greit"


async def test_frequencies_count_on_a_worker_under_the_step_bar(themed, open_app, monkeypatch):
    counting = threading.Event()
    go_on = threading.Event()
    real = Impression.frequencies

    def held(self, **options):
        counting.set()
        assert go_on.wait(20)
        return real(self, **options)

    monkeypatch.setattr(Impression, "frequencies", held)
    app = open_app(themed)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FrequenciesScreen)
        assert screen.query_one(StepBar).display
        assert counting.wait(10)
        assert str(screen.query_one("#frequencies-title").render()).startswith(" counting words by document…")
        await pilot.press("b")  # the screen answers while the worker counts
        await pilot.pause()
        assert screen.by == "group"
        assert str(screen.query_one("#frequencies-title").render()).startswith(" counting words by group…")
        await pilot.press("b")
        go_on.set()
        await settle(app, pilot)
        for _ in range(100):
            if ("document", False) in screen.counted:
                break
            await pilot.pause(0.1)
        await pilot.pause()
        table = screen.query_one(DataTable)
        words = [str(cell).split()[0] for cell in table.get_column_at(1)]
        assert words and "moderator" not in words and "hva" not in words
        assert "the 25 most frequent words by document" in str(screen.query_one("#frequencies-title").render())
        await pilot.press("s")  # the stop words, counted on request
        for _ in range(100):
            if ("document", True) in screen.counted:
                break
            await pilot.pause(0.1)
        await pilot.pause()
        words = [str(cell).split()[0] for cell in table.get_column_at(1)]
        assert "og" in words or "være" in words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ImpressionScreen)
        go_on.clear()  # opened again with nothing changed: the counts made are shown, not counted again
        await pilot.press("f")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, FrequenciesScreen) and again.query_one(DataTable).row_count > 5
        assert str(again.query_one("#frequencies-title").render()).startswith(" the 25 most frequent words")
        await pilot.press("escape")
        go_on.set()


async def _counted_frequencies(app, pilot) -> FrequenciesScreen:
    """f, then the screen once its first count (by document, stop words left out) is in."""
    await pilot.press("f")
    screen = app.screen
    assert isinstance(screen, FrequenciesScreen)
    for _ in range(150):
        if ("document", False) in screen.counted:
            break
        await pilot.pause(0.1)
    await pilot.pause()
    return screen


async def test_frequencies_of_a_big_corpus_count_in_the_app_itself(themed, open_app, monkeypatch):
    """Over HELPER_FROM_WORDS a count learns its words in a helper process, forked; in the TUI other threads
    run, so the count stays in the app (spawn, the other way, failed under Textual: the app ended on `f`)."""
    import multiprocessing

    from qualcode.nlp import frequencies

    monkeypatch.setattr(frequencies, "HELPER_FROM_WORDS", 1)  # this small project counts as a big one
    app = open_app(themed)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot)
        screen = await _counted_frequencies(app, pilot)
        assert app.screen is screen and ("document", False) in screen.counted
        words = [str(cell).split()[0] for cell in screen.query_one(DataTable).get_column_at(1)]
        assert words and "hva" not in words
        assert multiprocessing.active_children() == []


async def test_frequencies_show_the_open_transcript_first_and_at_most_a_few_columns(themed, open_app, tmp_path,
                                                                                    monkeypatch):
    """A thousand documents' columns held the screen 2.6 s: a few are shown, the open one first, and the
    title says how many there are (the CLI lists them all)."""
    for name in ("K2-intervju", "K3-intervju"):
        other = tmp_path / f"{name}.txt"
        other.write_text((tmp_path / "K1-intervju.txt").read_text(encoding="utf-8").replace("K1", name[:2]),
                         encoding="utf-8")
        themed.documents.import_files([other])
    monkeypatch.setattr(FrequenciesScreen, "COLUMNS", 2)
    app = open_app(themed)
    async with app.run_test(size=(100, 30)) as pilot:
        app.document = "K3-intervju"
        await pilot.press("1")
        await settle(app, pilot)
        screen = await _counted_frequencies(app, pilot)
        table = screen.query_one(DataTable)
        assert [str(column.label) for column in table.columns.values()] == ["Rank", "K3-intervju", "K1-intervju"]
        assert "the first 2 of 3 documents (qualcode frequencies lists all)" in str(
            screen.query_one("#frequencies-title").render())
