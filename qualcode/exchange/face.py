"""The exchange as a sub-API of the project (`project.exchange`), and a new project from an archive."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..project import Project
    from .codebook_import import CodebookImport
    from .qdpx_write import ExportSummary
    from .report import ExchangeReport


class Exchange:
    def __init__(self, project: Project) -> None:
        self._project = project

    def export_qdpx(self, path: Path | str) -> ExportSummary:
        """The whole project as a REFI-QDA archive, written private (0600) and whole."""
        from .qdpx_write import export_qdpx

        return export_qdpx(self._project, Path(path))

    def export_qdc(self, path: Path | str) -> int:
        """The codebook as a REFI-QDA codebook; returns the number of codes written."""
        from .codebook_export import export_qdc

        return export_qdc(self._project.conn, Path(path))

    def import_qdc(self, path: Path | str) -> CodebookImport:
        """Merge a .qdc into the codebook: same GUID, else same path, is the same code."""
        from .codebook_import import import_qdc

        return import_qdc(self._project.conn, self._project.coder, Path(path))


def create_from_qdpx(target: Path | str, archive: Path | str, *, coder: str | None = None,
                     language: str | None = None, workers: int | None = None) -> ExchangeReport:
    """A new project at target from a .qdpx (an existing one only while it holds nothing); see restore.py."""
    from .restore import create_from_qdpx as create

    return create(Path(target), Path(archive), coder=coder, language=language, workers=workers)
