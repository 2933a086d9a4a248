"""The project: the one domain face that the CLI, the TUI and the tests use.

Every area of the work has its own sub-API, named as a noun in the method's words:
`project.documents`, `.participants`, `.codebook`, `.units`, `.impression`, `.condensing`,
`.synthesizing`, `.history`, `.chapter`, `.team` and `.progress`. Heavy libraries (spaCy, python-docx) load only inside
the calls that need them, so opening a project and listing what it holds is instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import settings as keys
from .codebook.book import Codebook
from .documents import Documents
from .drafts import Drafts
from .errors import QualcodeError
from .exchange import Exchange
from .export.service import ChapterExport
from .history import History
from .languages import LANGUAGES
from .participants import Participants
from .progress import Progress
from .settings import resolve_coder
from .stc.context import Context
from .stc.step1_impression import Impression
from .stc.step2_units import Units
from .stc.step3_condense import Condensing
from .stc.step4_synthesis import Synthesizing
from .store import settings as stored_settings
from .store.db import create_database, data_version, open_database
from .team.face import Team

if TYPE_CHECKING:
    from .pseudonyms.service import Pseudonyms


class Project:
    """An open project file. Every change goes through one of its sub-APIs, as one audited transaction."""

    def __init__(self, path: Path | str, coder: str | None = None) -> None:
        self.path = Path(path)
        self.conn = open_database(self.path)
        self.coder = resolve_coder(coder)
        context = Context(self.conn, self.coder, self.language)
        self.documents = Documents(context, self)
        self.participants = Participants(context)
        self.codebook = Codebook(context, self.path.stem)
        # the four steps of the method, in order
        self.impression = Impression(context)
        self.units = Units(context)
        self.condensing = Condensing(context)
        self.synthesizing = Synthesizing(context)
        self.history = History(context)
        self.chapter = ChapterExport(self)
        self.team = Team(context, self)  # agreement between coders, merging their projects
        self.exchange = Exchange(self)  # REFI-QDA codebooks (.qdc) and projects (.qdpx) in and out
        self.progress = Progress(context)  # where the analysis stands, per step and per document
        self.drafts = Drafts(context, self)  # text being typed in the TUI, kept outside the audit log

    @classmethod
    def create(cls, path: Path | str, *, language: str = "nb", coder: str | None = None) -> Project:
        if language not in LANGUAGES:
            raise QualcodeError(f"unsupported language {language!r} (choose {', '.join(LANGUAGES)})")
        conn = create_database(Path(path))
        stored_settings.put(conn, resolve_coder(coder), keys.LANGUAGE, language)
        conn.close()
        return cls(path, coder)

    @property
    def pseudonyms(self) -> Pseudonyms:
        """Pseudonymisation: propose the names to replace, apply the list everywhere (qualcode/pseudonyms/)."""
        from .pseudonyms.service import Pseudonyms

        return Pseudonyms(Context(self.conn, self.coder, self.language), self)

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
