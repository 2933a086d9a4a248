"""Pick the reader for a file by its suffix and turn it into canonical text with speaker turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportRefused
from . import office, subtitles
from .encoding import decode, normalise
from .limits import check_file_size, check_line_lengths
from .turns import Turn, find_turns, is_label_like

SUFFIXES = (".txt", ".md", ".docx", ".odt", ".vtt", ".srt")


@dataclass
class RawDocument:
    """What a reader makes of a file, before language processing."""

    text: str
    turns: list[Turn] = field(default_factory=list)
    title: str = ""


def read_document(path: Path, speaker_pattern: re.Pattern[str] | None = None) -> RawDocument:
    """Read any supported file; raise ImportRefused with a one-line reason when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(f"unsupported file type {suffix or '(none)'} (use {', '.join(SUFFIXES)})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(f"cannot read file ({exc.strerror})") from None
    check_file_size(size)
    if suffix in (".vtt", ".srt"):
        text, turns = subtitles.read(_read_text(path), suffix)
        return RawDocument(text, turns, "")
    if suffix == ".docx":
        text = normalise(office.read_docx(path))
    elif suffix == ".odt":
        text = normalise(office.read_odt(path))
    elif suffix == ".md":
        text = normalise(_strip_markdown(_read_text(path)))
    else:
        text = normalise(_read_text(path))
    check_line_lengths(text)
    if not text.strip():
        raise ImportRefused("the file holds no text")
    turns = find_turns(text, speaker_pattern)
    return RawDocument(text, turns, _title(text, turns))


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"cannot read file ({exc.strerror})") from None
    return decode(data)


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
