"""F6 in the TUI writes the project as a REFI-QDA archive beside the project file: the CLI's export."""

from __future__ import annotations

import asyncio
import stat
import zipfile

from qualcode.tui.app import make_app


async def test_f6_writes_the_archive_beside_the_project(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunens folk blir tatt på alvor")
    project.units.create("K1-intervju", start, start + 33, codes=["Samhandling/Respekt og likeverd"],
                         create_codes=True)
    target = project.path.with_suffix(".qdpx")
    app = make_app(project.path, "tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        for _ in range(100):  # the export may run in a worker
            await pilot.pause()
            if target.exists():
                break
            await asyncio.sleep(0.05)
        await pilot.pause()
    assert target.exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert "Kommunens folk blir tatt på alvor" in qde and "Respekt og likeverd" in qde
