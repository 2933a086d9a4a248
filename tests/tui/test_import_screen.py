"""Import from the TUI: a folder with a failing file among good ones, in a worker, each failure one line."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label
from tui_helpers import notifications, settle

from qualcode.tui.modals.import_files import ImportFiles, ImportReportScreen, PathSuggester


async def test_a_folder_with_a_bad_file_among_good_ones(project, tmp_path, open_app):
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    (folder / "K1-intervju.txt").write_text("I: Hvordan er samarbeidet?\n\nK1: Det er bedre nå.\n", encoding="utf-8")
    (folder / "K2-intervju.txt").write_text("I: Og hos dere?\n\nK2: Vi får beskjed for sent.\n", encoding="utf-8")
    (folder / "ødelagt.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    app = open_app(project)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportFiles)
        dialog.query_one("#paths", Input).value = str(folder)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        report = app.screen
        assert isinstance(report, ImportReportScreen)
        lines = [str(label.render()) for label in report.query(Label)]
        failed = [line for line in lines if line.startswith("failed:")]
        assert len(failed) == 1 and "ødelagt.txt" in failed[0] and "\n" not in failed[0]
        assert any(line.startswith("imported 2 documents") for line in lines)
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert sorted(str(k.value) for k in table.rows) == ["K1-intervju", "K2-intervju"]


async def test_a_path_that_is_not_there_is_one_line(project, tmp_path, open_app):
    app = open_app(project)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = str(tmp_path / "finnes-ikke")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert any("no such file or folder" in line for line in notifications(app)), notifications(app)


async def test_paths_complete_from_the_disk(tmp_path):
    (tmp_path / "intervjuer").mkdir()
    (tmp_path / "intervjuguide.md").write_text("# Guide\n", encoding="utf-8")
    suggester = PathSuggester()
    assert await suggester.get_suggestion(str(tmp_path / "intervjue")) == str(tmp_path / "intervjuer") + "/"
    assert await suggester.get_suggestion(str(tmp_path / "intervjug")) == str(tmp_path / "intervjuguide.md")
    assert await suggester.get_suggestion(str(tmp_path / "zzz")) is None


async def test_a_folder_big_enough_for_worker_processes_imports_from_the_app(project, tmp_path, open_app):
    """Four files or more are read by worker processes; inside the app (threads running) they are spawned,
    which failed while Textual held sys.stderr ("bad value(s) in fds_to_keep")."""
    from multiprocessing import resource_tracker

    resource_tracker._resource_tracker._stop()  # as in a fresh `qualcode open`: no tracker yet
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for number in range(1, 6):
        (folder / f"K{number}-intervju.txt").write_text(
            f"I: Hvordan er samarbeidet med helseforetaket?\n\nK{number}: Vi ringer DPS-et, og det går bedre nå.\n",
            encoding="utf-8")
    app = open_app(project)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = str(folder)
        await pilot.press("ctrl+s")
        for _ in range(300):  # spawned workers import spaCy first: some seconds
            await pilot.pause(0.1)
            if isinstance(app.screen, ImportReportScreen):
                break
        report = app.screen
        assert isinstance(report, ImportReportScreen), notifications(app)
        lines = [str(label.render()) for label in report.query(Label)]
        assert any(line.startswith("imported 5 documents") for line in lines), lines
