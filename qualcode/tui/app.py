"""The qualcode Textual app and its one factory, shared by the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from ..project import Project
from .screens.documents import DocumentsScreen


class QualcodeApp(App):
    TITLE = "qualcode"

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def on_mount(self) -> None:
        self.push_screen(DocumentsScreen(self.project))


def make_app(project_path: Path, coder: str | None = None) -> QualcodeApp:
    return QualcodeApp(Project(project_path, coder))
