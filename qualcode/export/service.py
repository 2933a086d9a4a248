"""The chapter as one sub-API: build the results chapter and write it as Word or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QualcodeError
from ..private_files import write_private

if TYPE_CHECKING:
    from ..project import Project
    from .chapter import Chapter, ChapterOptions


class ChapterExport:
    def __init__(self, project: Project) -> None:
        self._project = project

    def build(self, options: ChapterOptions | None = None) -> Chapter:
        from .chapter import ChapterOptions, build_chapter

        return build_chapter(self._project, options or ChapterOptions())

    def write(self, path: Path | str, *, options: ChapterOptions | None = None, fmt: str | None = None) -> Path:
        """The results chapter as .docx or .md (format from the suffix unless given)."""
        path = Path(path)
        fmt = fmt or path.suffix.lower().lstrip(".")
        if fmt not in ("docx", "md", "markdown"):
            raise QualcodeError(f"export as .docx or .md, not {path.suffix or fmt!r}")
        if not path.parent.is_dir():
            raise QualcodeError(f"folder {path.parent} does not exist")
        chapter = self.build(options)
        if fmt == "docx":
            from .docx_chapter import write_docx as write
        else:
            from .markdown import write_markdown as write
        return write_private(path, lambda temporary: write(chapter, temporary))
