"""Preferences kept between runs, transcript colours from the theme (readable light and dark), the help
built from the live bindings, the command palette over the project's objects."""

from __future__ import annotations

import json

import pytest
from rich.color import Color as RichColor
from tui_helpers import settle

from qualcode.tui import preferences
from qualcode.tui.app import make_app
from qualcode.tui.modals.help import HelpScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import GUTTER, TranscriptView


@pytest.fixture
def coded(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får")
    project.units.create("K1-intervju", start, text.index("tidligere") + 9, codes=["Samhandling/Varsling"],
                         create_codes=True)
    project.codebook.add("Samhandling/Tillit")
    return project


async def test_the_chosen_theme_is_kept_for_the_next_run(coded, own_config_folder):
    app = make_app(coded.path, coded.coder)
    async with app.run_test() as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    app.project.close()
    assert json.loads((own_config_folder / "tui.json").read_text())["theme"] == "textual-light"
    again = make_app(coded.path, coded.coder)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
    again.project.close()


def test_a_broken_preferences_file_means_the_defaults(own_config_folder):
    (own_config_folder / "tui.json").write_text("{ not json", encoding="utf-8")
    assert preferences.load() == preferences.Preferences()
    (own_config_folder / "tui.json").write_text(json.dumps({"theme": 3, "text_width": 90}), encoding="utf-8")
    assert preferences.load() == preferences.Preferences(text_width=90)


def _luminance(colour: RichColor) -> float:
    red, green, blue = colour.get_truecolor()

    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _contrast(one: RichColor, other: RichColor) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "solarized-light", "nord", "gruvbox"])
async def test_speakers_and_coded_text_are_readable_in_the_theme(coded, open_app, theme):
    app = open_app(coded)
    async with app.run_test(size=(110, 30)) as pilot:
        app.theme = theme
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        text = view.document.text
        coded_row = view.row_of_offset(text.index("Kommunen får"))
        speaker_row = next(i for i, r in enumerate(view.rows) if r.speaker == "K1" and r.first)
        segments = list(view.render_line(coded_row)) + list(view.render_line(speaker_row))
        coded_segment = next(s for s in segments if "Kommunen får" in s.text)
        speaker_segment = next(s for s in segments if s.text.strip() == "K1")
        for segment in (coded_segment, speaker_segment):
            assert segment.style.color is not None and segment.style.bgcolor is not None
            assert _contrast(segment.style.color, segment.style.bgcolor) >= 4.5, (theme, segment)
        assert coded_segment.style.underline  # not by colour alone: underlined, and a marker in the gutter
        number = next(s for s in view.render_line(speaker_row) if s.text.strip().isdigit())
        assert _contrast(number.style.color, number.style.bgcolor) >= 3.0, (theme, number)
        marker = "".join(s.text for s in view.render_line(coded_row))[6:8].strip()
        assert marker and marker != "│"
        start = text.index("Kommunen får")
        view.select(start, start + 12)  # a selection reads too (its colour is blended, not left to the terminal)
        selected = next(s for s in view.render_line(view.row_of_offset(start)) if s.text == "Kommunen får")
        assert _contrast(selected.style.color, selected.style.bgcolor) >= 4.5, (theme, selected)


async def test_the_tint_follows_a_change_of_theme(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(110, 30)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        row = view.row_of_offset(view.document.text.index("Kommunen får"))

        def tint():
            return next(s for s in view.render_line(row) if "Kommunen får" in s.text).style.bgcolor

        dark = tint()
        app.theme = "textual-light"
        await pilot.pause()
        assert tint() != dark


async def test_help_shows_this_steps_method_and_the_live_keys(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "meaning unit" in app.screen.text
        where = {place: [(key, what) for key, what, _ in keys] for place, keys in app.screen.keys}
        assert where["In the transcript"][0] == ("c", "Code it")  # the footer's keys first
        assert ("^z", "Undo") in where["Everywhere"]
        why = {what: tip for _, keys in app.screen.keys for _, what, tip in keys}
        assert why["Code it"].startswith("Code the selected passage")  # the binding's tooltip beside it
        await pilot.press("escape")
        await pilot.press("0")
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("⏎", "Code it") in [(key, what) for key, what, _ in dict(app.screen.keys)["In the table"]]


async def test_the_palette_opens_a_transcript_and_applies_a_code(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open transcript k1")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen) and app.screen.document.label == "K1-intervju"
        await pilot.press("n")
        span = app.screen.query_one(TranscriptView).highlight
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"apply code tillit")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert [(u.start, u.end) for u in coded.units.list(code_path="Samhandling/Tillit")] == [span]


async def test_the_palette_exports_the_project_for_another_program(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"refi-qda")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert coded.path.with_suffix(".qdpx").stat().st_size > 0


def test_the_gutter_is_what_the_layout_says():
    assert GUTTER == 6 + 3 + 11


async def test_a_keymap_of_ones_own(coded, own_config_folder):
    (own_config_folder / "tui.json").write_text(json.dumps({"keymap": {"units-next-unit": "j"}}), encoding="utf-8")
    app = make_app(coded.path, coded.coder)
    async with app.run_test(size=(110, 30)) as pilot:
        app.document = "K1-intervju"
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        await pilot.press("j")
        assert view.highlight is not None and view.units_at(*view.highlight)  # j went to the first unit
    app.project.close()
