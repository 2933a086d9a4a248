"""Helpers for driving the TUI with Pilot: the app from the one factory, and waiting for its writes."""

from __future__ import annotations

import pytest

from qualcode.project import Project
from qualcode.tui.app import QualcodeApp, make_app


@pytest.fixture
def open_app():
    """open_app(project) -> the app on that project's file, as `qualcode open` builds it."""
    made: list[QualcodeApp] = []

    def build(project: Project) -> QualcodeApp:
        app = make_app(project.path, project.coder)
        made.append(app)
        return app

    yield build
    for app in made:
        app.project.close()
