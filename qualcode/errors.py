"""Errors a researcher can cause and fix: shown as one line, never as a traceback."""


class QualcodeError(Exception):
    """A user's mistake or bad input. The message is one line that says what and why."""


class NotFound(QualcodeError):
    """A document, code, participant or other named thing does not exist."""


class ImportRefused(QualcodeError):
    """A file that cannot or must not be imported (corrupt, hostile, wrong encoding, duplicate)."""


class AlreadyImported(ImportRefused):
    """The same file (same text) is in the project already, perhaps imported by another window just now."""

    def __init__(self, label: str) -> None:
        super().__init__(f"identical to {label}, imported meanwhile")
        self.label = label
