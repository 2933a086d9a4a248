"""Helpers for driving the TUI with Pilot: the app from the one factory, and waiting for its writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qualcode.project import Project
from qualcode.tui.app import QualcodeApp, make_app


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory, monkeypatch):
    """Preferences go to a folder of the test's own, never the user's (and start from the defaults)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("QUALCODE_CONFIG_DIR", str(folder))
    return folder


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


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo project, built once per test process (copy it before writing to it)."""
    from qualcode.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo"), "nb")


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> Path:
    """A private copy of the demo project for one test."""
    target = tmp_path / "demo-nb.qualcode"
    shutil.copy(demo_file, target)
    return target


# a transcript with one coded unit (Samhandling/Varsling); a file that needs more defines its own
@pytest.fixture
def coded(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får")
    project.units.create("K1-intervju", start, text.index("tidligere") + 9, codes=["Samhandling/Varsling"],
                         create_codes=True)
    return project


# two units in one subgroup (Samhandling/Varsling), for steps 3 and 4
@pytest.fixture
def subgroup(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    for quote in ("Kommunen får beskjed tidligere", "Helseforetakene er store."):
        start = text.index(quote)
        project.units.create("K1-intervju", start, start + len(quote), codes=["Samhandling/Varsling"],
                             create_codes=True)
    return project
