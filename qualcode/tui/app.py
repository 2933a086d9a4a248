"""The qualcode Textual app and its one factory, shared by the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..errors import QualcodeError
from ..project import Project
from .screens.documents import DocumentsScreen


class QualcodeApp(App):
    TITLE = "qualcode"
    BINDINGS = [
        Binding("k", "codebook", "Codebook", id="codebook"),
        Binding("a", "agreement", "Agreement", id="agreement"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo"),
        Binding("f5", "export", "Export chapter", id="export"),  # ctrl letters belong to the text fields
        Binding("f6", "export_qdpx", "Export .qdpx", id="export-qdpx"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def on_mount(self) -> None:
        self.push_screen(DocumentsScreen(self.project))

    def action_codebook(self) -> None:
        """One codebook screen: go back to it if it is open below, rather than stack another."""
        from .screens.codebook import CodebookScreen

        stack = self.screen_stack
        opened = [i for i, screen in enumerate(stack) if isinstance(screen, CodebookScreen)]
        if not opened:
            self.push_screen(CodebookScreen(self.project))
            return
        for _ in range(len(stack) - 1 - opened[-1]):
            self.pop_screen()

    def action_agreement(self) -> None:
        """Agreement between the project's coders, and their disagreements as a worklist."""
        from .screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen(self.project))

    def action_export(self) -> None:
        """The chapter as it stands, next to the project file (the same export as the CLI's)."""
        target = self.project.path.with_name(f"{self.project.path.stem}-kapittel.docx")
        try:
            self.project.chapter.write(target)
        except (QualcodeError, OSError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"chapter written: {target}")

    def action_export_qdpx(self) -> None:
        """The whole project as a REFI-QDA archive next to the project file (the same export as the CLI's)."""
        target = self.project.path.with_suffix(".qdpx")
        try:
            self.project.exchange.export_qdpx(target)
        except (QualcodeError, OSError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"REFI-QDA archive written: {target}")

    def action_undo(self) -> None:
        self._history(self.project.history.undo, "undone")

    def action_redo(self) -> None:
        self._history(self.project.history.redo, "redone")

    def _history(self, step, verb: str) -> None:
        try:
            summary = step()
        except QualcodeError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"{verb}: {summary}")
        reload = getattr(self.screen, "reload", None)
        if reload:
            reload()


def make_app(project_path: Path, coder: str | None = None) -> QualcodeApp:
    return QualcodeApp(Project(project_path, coder))
