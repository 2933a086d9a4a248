"""WebVTT and SubRip (Teams, Zoom, Whisper): cues merged into speaker turns, timestamps kept."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from ..errors import ImportRefused
from .encoding import normalise
from .limits import check_line_lengths
from .turns import Turn, is_label_like, parse_seconds

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
# a line meant as a timing line but unreadable (`00:00:07.000 --> 00:00:1d.890`); a bare `-->` is cue text
_BROKEN_TIMING = re.compile(r"^\s*\d[\d:.,]*\s*-*-->")
_VTT_NOT_A_CUE = re.compile(r"^(NOTE|STYLE|REGION)(\s|$)")  # comments, style sheets, regions
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+(?P<speaker>[^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_UNCLOSED_TAG = re.compile(r"<[^>]*$")
_PREFIX = re.compile(r"^(?P<speaker>[^\W\d_][\w .'’-]{0,40}?):\s+")
SILENCE_SPLITS_TURN_S = 4.0  # without speaker names, a pause this long starts a new paragraph


@dataclass
class _Cue:
    start: float
    end: float
    speaker: str
    text: str
    prefix: str = ""  # the speaker came from a "Name:" prefix, not a voice tag


def read(raw: str, suffix: str) -> tuple[str, list[Turn], list[str]]:
    """The cues merged into turns, and warnings about text that had to be placed (a cue without timing)."""
    text = normalise(raw)
    check_line_lengths(text)
    lines = text.split("\n")
    if suffix == ".vtt":
        if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise ImportRefused("not a WebVTT file (no WEBVTT header)")
        numbered = _after_header(lines)
    else:
        numbered = list(enumerate(lines, 1))
    cues, warnings = _cues(numbered, vtt=suffix == ".vtt")
    if not cues:
        raise ImportRefused(f"no subtitle cues found in this {suffix} file")
    merged_text, turns = _merge(cues)
    return merged_text, turns, warnings


def _after_header(lines: list[str]) -> list[tuple[int, str]]:
    """A WebVTT file's lines after its header block (Kind:, Language:, Style: ...), with their line numbers.
    A timing line ends the header early (a header with no blank line after it)."""
    for index in range(1, len(lines)):
        if not lines[index].strip() or _TIMING.match(lines[index]):
            return [(number, line) for number, line in enumerate(lines[index:], index + 1)]
    return []


@dataclass
class _Block:
    """Lines of a cue being read: after a timing line (`timing`), or lines with no timing line before them."""

    first_line: int
    timing: re.Match[str] | None
    lines: list[str]
    broken_timing: str = ""  # a timing line that could not be read


def _cues(numbered_lines: list[tuple[int, str]], vtt: bool) -> tuple[list[_Cue], list[str]]:
    """A timing line starts a cue, blank line or not (YouTube leaves the blank out); lines without a timing
    line before them are kept with the cue before (or after) them, and a warning says so."""
    blocks: list[_Block] = []
    loose: list[tuple[int, str]] = []  # lines since the last blank line that belong to no cue (yet)
    current: _Block | None = None

    def close_loose(followed_by_timing: bool) -> None:
        nonlocal loose
        if followed_by_timing and loose:
            loose = loose[:-1]  # the line just before a timing line is the cue's number or identifier
        if loose and not (vtt and _VTT_NOT_A_CUE.match(loose[0][1])):
            body = [line for line in (x[1] for x in loose) if line.strip()]
            if body and body[0].strip().isdigit():
                body = body[1:]  # an SRT cue number
            if body:
                blocks.append(_Block(loose[0][0], None, body))
        loose = []

    for number, line in numbered_lines:
        timing = _TIMING.match(line)
        if timing or _BROKEN_TIMING.match(line):
            if current is None:
                close_loose(followed_by_timing=True)
            elif current.lines and current.lines[-1].strip().isdigit():
                current.lines.pop()  # the next cue's SRT number, with no blank line before it
            current = _Block(number, timing, [], "" if timing else line.strip())
            blocks.append(current)
        elif not line.strip():
            current = None
            close_loose(followed_by_timing=False)
        elif current is not None:
            current.lines.append(line)
        else:
            loose.append((number, line))
    close_loose(followed_by_timing=False)
    return _placed(blocks)


def _placed(blocks: list[_Block]) -> tuple[list[_Cue], list[str]]:
    """Timed blocks become cues; the text of the others joins the cue before it (the first cue, at the start)."""
    cues: list[_Cue] = []
    warnings: list[str] = []
    waiting: list[str] = []  # text seen before the first cue
    for block in blocks:
        body = " ".join(part.strip() for part in block.lines if part.strip())
        if block.timing is not None:
            cue = _cue(block.timing, body)
            if waiting:
                cue.text = f"{_clean(' '.join(waiting))} {cue.text}".strip()
                waiting = []
            if cue.text:
                cues.append(cue)
            continue
        if not body:
            continue
        why = f"timing line {block.broken_timing!r} not understood" if block.broken_timing else "no timing line"
        if cues:  # timed as the end of the cue before it: the same speaker's words join that turn
            previous = cues[-1]
            cue = _cue_at(previous.end, previous.end, body)
            cue.speaker = cue.speaker or previous.speaker  # no name of its own: the words go on
            if cue.text:
                cues.append(cue)
            warnings.append(f"line {block.first_line}: {why}; its text is kept with the cue before it "
                            f"({_clock(previous.start)})")
        else:
            waiting.append(body)
            warnings.append(f"line {block.first_line}: {why}; its text is kept with the first cue")
    if waiting and not cues:
        return [], warnings
    return _speech_not_speakers(cues), warnings


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _speech_not_speakers(cues: list[_Cue]) -> list[_Cue]:
    """Whisper has no names: "Det var sånn: vi gikk hjem." is speech. A prefix that comes once is put back,
    unless the file names its speakers this way (Zoom: most cues start `Name:`, a name recurs) and it reads
    as a name (each word capitalised), or it is a label (K1, Informant 2)."""
    counts = Counter(cue.prefix for cue in cues if cue.prefix)
    zoom_style = sum(counts.values()) >= 0.6 * len(cues) and any(count >= 2 for count in counts.values())
    for cue in cues:
        if not cue.prefix or counts[cue.prefix] >= 2 or is_label_like(cue.prefix):
            continue
        if zoom_style and all(word[:1].isupper() for word in cue.prefix.split()):
            continue
        cue.text = f"{cue.prefix}: {cue.text}"
        cue.speaker = ""
    return cues


def _cue(timing: re.Match[str], body: str) -> _Cue:
    return _cue_at(parse_seconds(timing.group("start")) or 0.0, parse_seconds(timing.group("end")) or 0.0, body)


def _cue_at(start: float, end: float, body: str) -> _Cue:
    speaker = ""
    voice = _VOICE.search(body)
    if voice:
        speaker = voice.group("speaker").strip()
    body = _clean(body)
    found_prefix = ""
    if not speaker:
        prefix = _PREFIX.match(body)
        if prefix:
            speaker = found_prefix = prefix.group("speaker").strip()
            body = body[prefix.end() :]
    return _Cue(start, end, speaker, body, found_prefix)


def _clean(body: str) -> str:
    """Tags out (a tag left open at the end of the cue runs to its end), entities decoded: R&amp;D -> R&D."""
    return html.unescape(_UNCLOSED_TAG.sub("", _TAG.sub("", body))).strip()


def _merge(cues: list[_Cue]) -> tuple[str, list[Turn]]:
    """Consecutive cues of one speaker become one turn, written `Speaker: words` as a paragraph."""
    groups: list[list[_Cue]] = []
    for cue in cues:
        previous = groups[-1][-1] if groups else None
        same_turn = previous is not None and previous.speaker == cue.speaker and (
            cue.speaker or cue.start - previous.end < SILENCE_SPLITS_TURN_S
        )
        if same_turn:
            groups[-1].append(cue)
        else:
            groups.append([cue])
    parts: list[str] = []
    turns: list[Turn] = []
    position = 0
    for group in groups:
        words = " ".join(cue.text for cue in group)
        paragraph = f"{group[0].speaker}: {words}" if group[0].speaker else words
        if parts:
            position += 2
        label = len(group[0].speaker) + 2 if group[0].speaker else 0
        turns.append(
            Turn(position, position + len(paragraph), group[0].speaker, position + label, group[0].start, group[-1].end)
        )
        parts.append(paragraph)
        position += len(paragraph)
    return "\n\n".join(parts), turns
