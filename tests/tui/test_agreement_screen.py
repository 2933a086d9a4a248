"""The agreement screen: `a` opens it, it lists the disagreements, Enter opens the place in step 2."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from qualcode.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.agreement import AgreementScreen
from qualcode.tui.screens.units import UnitsScreen
from qualcode.tui.widgets.transcript import TranscriptView

TEXT = ("I: Hvordan er samarbeidet med helseforetaket?\n\n"
        "K1: Det er bedre nå. Vi får beskjed før pasienten skrives ut.\n\n"
        "I: Og når det ikke skjer?\n\n"
        "K1: Da står vi der med en pasient og ingen epikrise. Det er det verste.\n")


def two_coders(tmp_path: Path) -> Path:
    path = tmp_path / "team.qualcode"
    source = tmp_path / "K1-intervju.txt"
    source.write_text(TEXT, encoding="utf-8")
    with Project.create(path, coder="leder") as project:
        project.documents.import_files([source])
    start = TEXT.index("Da står vi")
    with Project(path, coder="kari") as kari, Project(path, coder="ole") as ole:
        kari.units.create("K1-intervju", start, start + 30, codes=["Samhandling/Epikrise"], create_codes=True)
        ole.units.create("K1-intervju", start, start + 50, codes=["Samhandling/Epikrise"])
        ole.units.create("K1-intervju", TEXT.index("Det er bedre"), TEXT.index("Vi får"), codes=["Samhandling/Tillit"],
                         create_codes=True)
    return path


async def test_agreement_screen_lists_places_and_opens_the_transcript(tmp_path: Path) -> None:
    with Project(two_coders(tmp_path), coder="kari") as project:
        app = QualcodeApp(project)
        async with app.run_test(size=(140, 30)) as pilot:
            await pilot.press("a")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AgreementScreen)
            assert set(screen.coders) == {"kari", "ole"}
            figures = str(screen.query_one("#figures", Static).render())
            assert "kappa" in figures and "2 places to discuss" in figures
            table = screen.query_one(DataTable)
            assert table.row_count == 2
            kinds = {place.kind for place in screen.places}
            assert kinds == {"different extent", "one coder only"}
            target = next(i for i, place in enumerate(screen.places) if place.kind == "different extent")
            table.move_cursor(row=target)
            await pilot.press("enter")
            await app.settled()
            await pilot.pause()
            assert app.current_mode == "units" and isinstance(app.screen, UnitsScreen)
            assert app.screen.document is not None and app.screen.document.label == "K1-intervju"
            start = TEXT.index("Da står vi")
            view = app.screen.query_one(TranscriptView)
            assert view.highlight == (start, start + 50)
            assert {(start, start + 30), (start, start + 50)} <= set(view.unit_spans)  # both coders' units
            await pilot.press("0")  # the worklist is where it was, on the stack of the step it came from
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("u")
            await pilot.pause()
            assert app.screen.unit == "sentence"
