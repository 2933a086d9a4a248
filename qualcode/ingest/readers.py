"""Pick the reader for a file by its suffix and turn it into canonical text with speaker turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportRefused
from . import docx, odt, subtitles
from .encoding import Decoded, decode_bytes, normalise
from .limits import check_file_size, check_line_lengths
from .turns import SpeakerPattern, Turn, find_turns, is_label_like

SUFFIXES = (".txt", ".md", ".docx", ".odt", ".vtt", ".srt")


@dataclass
class RawDocument:
    """What a reader makes of a file, before language processing."""

    text: str
    turns: list[Turn] = field(default_factory=list)
    title: str = ""
    encoding: str | None = None  # how a text file's bytes were read (utf-8, windows-1252 ...); None for Word, ODT
    warnings: tuple[str, ...] = ()  # what the import report should tell (bytes replaced)


def read_document(
    path: Path, speaker_pattern: SpeakerPattern | None = None, language: str | None = None
) -> RawDocument:
    """Read any supported file; raise ImportRefused with a one-line reason when it cannot be read.

    `language` is the project's: it decides between old code pages a text file may be in."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(f"unsupported file type {suffix or '(none)'} (use {', '.join(SUFFIXES)})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(f"cannot read file ({exc.strerror})") from None
    check_file_size(size)
    decoded: Decoded | None = None
    if suffix in (".vtt", ".srt"):
        decoded = _read_text(path, language)
        text, turns, placed = subtitles.read(decoded.text, suffix)
        return RawDocument(text, turns, "", decoded.encoding, (*decoded.warnings, *placed))
    if suffix == ".docx":
        text = normalise(docx.read_docx(path))
    elif suffix == ".odt":
        text = normalise(odt.read_odt(path))
    else:
        decoded = _read_text(path, language)
        text = normalise(_strip_markdown(decoded.text) if suffix == ".md" else decoded.text)
    check_line_lengths(text)
    if not text.strip():
        raise ImportRefused("the file holds no text")
    turns = find_turns(text, speaker_pattern)
    return RawDocument(text, turns, _title(text, turns), decoded.encoding if decoded else None,
                       decoded.warnings if decoded else ())


def _read_text(path: Path, language: str | None) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"cannot read file ({exc.strerror})") from None
    return decode_bytes(data, language)


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)")


def _strip_markdown(text: str) -> str:
    """Transcripts in Markdown use headings and bold speaker labels; keep the words only."""
    return _MD_EMPHASIS.sub("", _MD_HEADING.sub("", text))


def _title(text: str, turns: list[Turn]) -> str:
    """The first line, when it reads as a title: words (not a cell or a timestamp), before the talk."""
    first_line = text.split("\n", 1)[0].strip()
    starts_a_turn = bool(turns) and turns[0].start == 0
    if starts_a_turn or "\t" in first_line or len(first_line) > 160 or not re.search(r"[^\W\d_]", first_line):
        return ""
    if is_label_like(first_line):  # "I", "K7", "Deltaker": a table's cell, not a title
        return ""
    return first_line
