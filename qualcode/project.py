"""The project: the one domain face that the CLI, the TUI and the tests use.

Every area of the work has its own sub-API, named as a noun in the method's words:
`project.documents`, `.participants`, `.codebook`, `.units`, `.impression`, `.condensing`,
`.synthesizing`, `.history`, `.chapter`, `.team`, `.exchange`, `.pseudonyms`, `.progress` and `.drafts`.
Each is made on first use, and heavy libraries (spaCy, python-docx, lxml) load only inside the calls that
need them, so opening a project and listing what it holds starts at once.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import settings as keys
from .errors import QualcodeError
from .languages import LANGUAGES
from .settings import resolve_coder
from .stc.context import Context
from .store import settings as stored_settings
from .store.db import create_database, data_version, open_database

if TYPE_CHECKING:
    from .codebook.book import Codebook
    from .documents import Documents
    from .drafts import Drafts
    from .exchange import Exchange
    from .export.service import ChapterExport
    from .history import History
    from .participants import Participants
    from .progress import Progress
    from .pseudonyms.service import Pseudonyms
    from .stc.step1_impression import Impression
    from .stc.step2_units import Units
    from .stc.step3_condense import Condensing
    from .stc.step4_synthesis import Synthesizing
    from .team.face import Team


class Project:
    """An open project file. Every change goes through one of its sub-APIs, as one audited transaction."""

    def __init__(self, path: Path | str, coder: str | None = None) -> None:
        self.path = Path(path)
        self.conn = open_database(self.path)
        self.coder = resolve_coder(coder)
        self._context = Context(self.conn, self.coder, self.language)

    # the sub-APIs, each made when first used
    @cached_property
    def documents(self) -> Documents:
        from .documents import Documents

        return Documents(self._context, self)

    @cached_property
    def participants(self) -> Participants:
        from .participants import Participants

        return Participants(self._context)

    @cached_property
    def codebook(self) -> Codebook:
        from .codebook.book import Codebook

        return Codebook(self._context, self.path.stem)

    # the four steps of the method, in order
    @cached_property
    def impression(self) -> Impression:
        from .stc.step1_impression import Impression

        return Impression(self._context)

    @cached_property
    def units(self) -> Units:
        from .stc.step2_units import Units

        return Units(self._context)

    @cached_property
    def condensing(self) -> Condensing:
        from .stc.step3_condense import Condensing

        return Condensing(self._context)

    @cached_property
    def synthesizing(self) -> Synthesizing:
        from .stc.step4_synthesis import Synthesizing

        return Synthesizing(self._context)

    @cached_property
    def history(self) -> History:
        from .history import History

        return History(self._context)

    @cached_property
    def chapter(self) -> ChapterExport:
        from .export.service import ChapterExport

        return ChapterExport(self)

    @cached_property
    def team(self) -> Team:
        """Agreement between coders, forking and merging their projects."""
        from .team.face import Team

        return Team(self._context, self)

    @cached_property
    def exchange(self) -> Exchange:
        """REFI-QDA codebooks (.qdc) and projects (.qdpx) in and out."""
        from .exchange import Exchange

        return Exchange(self)

    @cached_property
    def progress(self) -> Progress:
        """Where the analysis stands, per step and per document."""
        from .progress import Progress

        return Progress(self._context)

    @cached_property
    def drafts(self) -> Drafts:
        """Text being typed in the TUI, kept outside the audit log."""
        from .drafts import Drafts

        return Drafts(self._context, self)

    @classmethod
    def create(cls, path: Path | str, *, language: str = "nb", coder: str | None = None) -> Project:
        if language not in LANGUAGES:
            raise QualcodeError(f"unsupported language {language!r} (choose {', '.join(LANGUAGES)})")
        conn = create_database(Path(path))
        stored_settings.put(conn, resolve_coder(coder), keys.LANGUAGE, language)
        from .team.lineage import ensure_project_id

        ensure_project_id(conn, resolve_coder(coder))  # a merge of two copies tells them apart by it
        conn.close()
        return cls(path, coder)

    @cached_property
    def pseudonyms(self) -> Pseudonyms:
        """Pseudonymisation: propose the names to replace, apply the list everywhere (qualcode/pseudonyms/)."""
        from .pseudonyms.service import Pseudonyms

        return Pseudonyms(self._context, self)

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> int:
        """Changes when another connection (another process or window) has written to the project."""
        return data_version(self.conn)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # settings: the language is fixed at creation; the pipeline can be chosen later
    @property
    def language(self) -> str:
        return stored_settings.get(self.conn, keys.LANGUAGE, "nb")

    @property
    def trained_pipeline(self) -> str | None:
        return stored_settings.get(self.conn, keys.PIPELINE) or None

    def use_trained_pipeline(self, name: str | None) -> None:
        """Name an installed spaCy pipeline to use instead of blank + simplemma (None to go back)."""
        if name:
            from .nlp.pipeline import load_pipeline

            load_pipeline(self.language, name)  # fails now, clearly, if it is not installed
        stored_settings.put(self.conn, self.coder, keys.PIPELINE, name or "")
