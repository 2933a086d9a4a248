"""Transcripts that change, in the TUI: the pseudonymisation screen (P) and the correct-passage modal (e),
driven through their keys on the demo project."""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, TextArea
from tui_helpers import notifications, settle

from qualcode.project import Project
from qualcode.tui.app import QualcodeApp, make_app
from qualcode.tui.modals.correct_passage import CorrectPassage
from qualcode.tui.screens.home import HomeScreen
from qualcode.tui.screens.pseudonymise import PseudonymiseScreen
from qualcode.tui.screens.search import SearchScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import TranscriptView

CODER = "demo"


@pytest.fixture
def demo_project(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo in a folder of its own: the key must be kept outside the project's folder."""
    target = tmp_path / "prosjekt" / demo_file.name
    target.parent.mkdir()
    shutil.copy(demo_file, target)
    return target


@pytest.fixture
def app_on(demo_project: Path):
    made: list[QualcodeApp] = []

    def build() -> QualcodeApp:
        made.append(make_app(demo_project, CODER))
        return made[-1]

    yield build
    for app in made:
        app.project.close()


def project_texts(path: Path) -> list[str]:
    """Every transcript's label, title and text, and every unit's text, as stored."""
    with Project(path, CODER) as project:
        documents = [project.documents.get(d.label) for d in project.documents.list()]
        units = project.units.list()
    return [*(part for d in documents for part in (d.label, d.title, d.text)), *(u.text for u in units)]


def holds(texts: list[str], term: str) -> bool:
    return any(term.casefold() in text.casefold() for text in texts)


def term_index(screen: PseudonymiseScreen, term: str) -> int:
    return next(i for i, d in enumerate(screen.decisions) if d.proposal.term == term)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def test_pseudonymise_screen_accepts_edits_rejects_saves_and_applies_with_a_key(app_on, demo_project, tmp_path):
    before = project_texts(demo_project)
    assert all(holds(before, term) for term in ("Fjordvik", "Nordby", "Vestfjord"))
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("P")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PseudonymiseScreen)
        terms = screen.query_one("#terms", OptionList)
        assert terms.has_focus
        order = [d.proposal.term for d in screen.decisions]
        accepted, edited, rejected = "Fjordvik", "Nordby", "Vestfjord"
        assert order.index(accepted) + 1 == order.index(edited) and order.index(edited) + 1 == order.index(rejected)

        terms.highlighted = term_index(screen, accepted)
        await pilot.pause()
        assert "Fjordvik" in str(screen.query_one("#hits").render())  # each hit in context
        await pilot.press("a")  # accept: the next term is highlighted
        assert terms.highlighted == term_index(screen, edited)
        await pilot.press("e")
        answer = screen.query_one("#answer", Input)
        assert answer.has_focus and answer.value == screen.decisions[term_index(screen, edited)].proposal.replacement
        await pilot.press(*["backspace"] * len(answer.value))
        await type_text(pilot, "[kommune Nord]")
        await pilot.press("enter")
        await pilot.pause()
        assert terms.has_focus and not answer.display
        await pilot.press("down", "r")  # reject the third
        decisions = {d.proposal.term: d for d in screen.decisions}
        assert (decisions[accepted].accepted, decisions[edited].accepted, decisions[rejected].accepted) == (
            True, True, False)
        assert decisions[edited].replacement == "[kommune Nord]"

        await pilot.press("s")  # save the list: the suggested name beside the project file
        assert answer.has_focus and answer.value.endswith("-navn.csv")
        saved = Path(answer.value)
        await pilot.press("enter")
        await settle(app, pilot)
        with saved.open(encoding="utf-8", newline="") as handle:
            rows = {row["term"]: row["replacement"] for row in csv.DictReader(handle)}
        assert rows[accepted] == decisions[accepted].replacement and rows[edited] == "[kommune Nord]"
        assert rows[rejected] == ""  # a rejected term has no replacement: --apply leaves it alone
        assert any(saved.name in said for said in notifications(app))

        key = tmp_path / "studie-nøkkel.csv"
        await pilot.press("k")
        assert answer.has_focus
        answer.value = str(key)  # a path, as pasted
        await pilot.press("enter")
        await settle(app, pilot)
        assert key.is_file(), notifications(app)

    after = project_texts(demo_project)
    assert not holds(after, accepted) and not holds(after, edited)
    assert holds(after, "[kommune Nord]") and holds(after, decisions[accepted].replacement)
    assert holds(after, rejected)  # rejected: left as it was
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with key.open(encoding="utf-8", newline="") as handle:
        keyed = {row["term"]: row["replacement"] for row in csv.DictReader(handle)}
    assert keyed == {accepted: decisions[accepted].replacement, edited: "[kommune Nord]"}


async def open_at_search_hit(app: QualcodeApp, pilot, word: str, document: str) -> tuple[int, int]:
    """Search for a word from the home screen and open the transcript at its hit in the document."""
    await settle(app, pilot)
    await pilot.press("slash")
    assert isinstance(app.screen, SearchScreen)
    await type_text(pilot, word)
    await pilot.press("enter")
    await pilot.pause()
    hits = app.screen.hits
    row = next(i for i, hit in enumerate(hits) if hit.document == document)
    app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, UnitsScreen)
    return hits[row].start, hits[row].end


async def test_e_corrects_the_highlighted_passage_and_the_unit_over_it_follows(app_on, demo_project):
    with Project(demo_project, CODER) as project:
        text = project.documents.get("K1-intervju").text
        units = {u.id: u for u in project.units.list(document="K1-intervju")}
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        start, end = await open_at_search_hit(app, pilot, "torsdag", "K1-intervju")
        view = app.screen.query_one(TranscriptView)
        assert view.highlight == (start, end) and text[start:end] == "torsdag"
        over = next(u for u in units.values() if u.start <= start and end <= u.end)
        later = next(u for u in units.values() if u.start > over.end)
        await pilot.press("e")
        assert isinstance(app.screen, CorrectPassage)
        area = app.screen.query_one(TextArea)
        assert area.has_focus and area.text == "torsdag"
        await pilot.press("shift+end")
        await type_text(pilot, "onsdag")
        assert area.text == "onsdag"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        assert "onsdag" in app.screen.document.text[start - 20:end + 20]

    shift = len("onsdag") - len("torsdag")
    with Project(demo_project, CODER) as project:
        stored = project.documents.get("K1-intervju").text
        assert stored == text[:start] + "onsdag" + text[end:]
        now = {u.id: u for u in project.units.list(document="K1-intervju")}
    assert (now[over.id].start, now[over.id].end) == (over.start, over.end + shift)
    assert now[over.id].text == over.text.replace("torsdag", "onsdag", 1)
    assert (now[later.id].start, now[later.id].end, now[later.id].text) == (
        later.start + shift, later.end + shift, later.text)


async def test_escape_in_the_correct_passage_modal_changes_nothing(app_on, demo_project):
    with Project(demo_project, CODER) as project:
        text = project.documents.get("K1-intervju").text
        spans = {u.id: (u.start, u.end) for u in project.units.list()}
        newest = project.history.log(limit=1)[0].id
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at_search_hit(app, pilot, "torsdag", "K1-intervju")
        await pilot.press("e")
        assert isinstance(app.screen, CorrectPassage)
        await type_text(pilot, "fredag ")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
    with Project(demo_project, CODER) as project:
        assert project.documents.get("K1-intervju").text == text
        assert {u.id: (u.start, u.end) for u in project.units.list()} == spans
        assert project.history.log(limit=1)[0].id == newest


async def test_from_a_transcript_the_palette_opens_the_pseudonymise_screen(app_on):
    """On steps 1 and 2 the transcript has P (extend back by a sentence); the palette is the way there."""
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen) and isinstance(app.focused, TranscriptView)
        await pilot.press("n", "n")
        sentence = app.focused.highlight
        await pilot.press("P")  # the transcript's own P: the selection grows back by a sentence
        assert isinstance(app.screen, UnitsScreen)
        grown = app.focused.highlight
        assert sentence and grown and grown[0] < sentence[0] and grown[1] == sentence[1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "pseudonymise")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PseudonymiseScreen)
        assert app.screen.decisions and app.screen.query_one("#terms", OptionList).option_count == len(
            app.screen.decisions)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitsScreen)
