"""The next start opens the transcript read last (kept per project file in the user's preferences)."""

from __future__ import annotations

from tui_helpers import settle

from qualcode.tui.app import make_app
from qualcode.tui.messages import OpenPassage


async def test_the_next_start_opens_the_transcript_read_last(project, transcript, tmp_path):
    second = tmp_path / "K2-intervju.txt"
    second.write_text("I: Hvordan er det?\n\nK2: Vi får beskjed for sent.\n", encoding="utf-8")
    project.documents.import_files([transcript, second])
    app = make_app(project.path, project.coder)
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenPassage("K2-intervju", step=1))
        await settle(app, pilot)
        assert app.screen.document.label == "K2-intervju"
    app.project.close()
    again = make_app(project.path, project.coder)
    assert again.document == "K2-intervju"
    again.project.close()
    project.documents.delete("K2-intervju")
    after_delete = make_app(project.path, project.coder)
    assert after_delete.document is None  # gone: the first transcript, as on a first start
    after_delete.project.close()
