"""Coding in the TUI: a new code from the picker, step 3's subgroup condensing, step 4's synthesis."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_helpers import settle


@pytest.fixture
def coded(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    return project


async def test_typed_new_code_path_is_created(coded, open_app):
    app = open_app(coded)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("n", "c")
        await pilot.pause()
        app.screen.query_one(Input).value = "Økonomi/Budsjett"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [u.codes for u in coded.units.list(code_path="Økonomi/Budsjett")] == [("Økonomi/Budsjett",)]


def test_code_paths_rank_by_their_own_name():
    from qualcode.codebook.suggest import rank  # the ranking the code picker shows

    paths = ["Overganger/Utskrivning og varsling", "Overganger/Utskrivning og varsling/Brå utskrivning",
             "Relasjoner/Respekt"]
    ranked = [s.path for s in rank(paths, "brå utskr")]
    assert ranked[0] == "Overganger/Utskrivning og varsling/Brå utskrivning"
    assert "Relasjoner/Respekt" not in ranked
