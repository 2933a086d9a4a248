"""App-wide messages: widgets and screens post them, the app and the screens on show act on them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .writer import WriteDone


@dataclass
class ProjectChanged(Message):
    """The project holds something new: every screen on show reloads, the others when shown again.

    elsewhere: another process (the CLI, a second window) wrote it, noticed through SQLite's data_version.
    """

    elsewhere: bool = False
    summary: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ProjectChanged)  # ten changes in a row need one reload


@dataclass
class OpenPassage(Message):
    """Show a passage of a transcript: search, recontext, the units of a subgroup all open one this way.

    step: 1 reads it (total impression), 2 codes it (meaning units). start/end None: the document's top.
    """

    document: str
    start: int | None = None
    end: int | None = None
    step: int = 2


@dataclass
class Written(Message):
    """The writer thread finished a change (or failed to); the app hands the result to whoever asked."""

    done: WriteDone


@dataclass
class ImportProgress(Message):
    """One more file of an import read and written (a flood of these needs only the newest)."""

    done: int
    total: int
    path: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgress)
