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
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+(?P<speaker>[^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_PREFIX = re.compile(r"^(?P<speaker>[^\W\d_][\w .'’-]{0,40}?):\s+")
SILENCE_SPLITS_TURN_S = 4.0  # without speaker names, a pause this long starts a new paragraph


@dataclass
class _Cue:
    start: float
    end: float
    speaker: str
    text: str
    prefix: str = ""  # the speaker came from a "Name:" prefix, not a voice tag


def read(raw: str, suffix: str) -> tuple[str, list[Turn]]:
    text = normalise(raw)
    check_line_lengths(text)
    if suffix == ".vtt" and not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ImportRefused("not a WebVTT file (no WEBVTT header)")
    cues = _cues(text)
    if not cues:
        raise ImportRefused(f"no subtitle cues found in this {suffix} file")
    return _merge(cues)


def _cues(text: str) -> list[_Cue]:
    cues = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            timing = _TIMING.match(line)
            if timing:
                body = " ".join(part.strip() for part in lines[index + 1 :] if part.strip())
                cues.append(_cue(timing, body))
                break
    return _speech_not_speakers([cue for cue in cues if cue.text])


def _speech_not_speakers(cues: list[_Cue]) -> list[_Cue]:
    """Whisper has no names: "Det var sånn: vi gikk hjem." is speech. A prefix that comes once is put back."""
    counts = Counter(cue.prefix for cue in cues if cue.prefix)
    for cue in cues:
        if cue.prefix and counts[cue.prefix] < 2 and not is_label_like(cue.prefix):
            cue.text = f"{cue.prefix}: {cue.text}"
            cue.speaker = ""
    return cues


def _cue(timing: re.Match[str], body: str) -> _Cue:
    speaker = ""
    voice = _VOICE.search(body)
    if voice:
        speaker = voice.group("speaker").strip()
    body = html.unescape(_TAG.sub("", body)).strip()  # R&amp;D -> R&D
    found_prefix = ""
    if not speaker:
        prefix = _PREFIX.match(body)
        if prefix:
            speaker = found_prefix = prefix.group("speaker").strip()
            body = body[prefix.end() :]
    return _Cue(parse_seconds(timing.group("start")), parse_seconds(timing.group("end")), speaker, body, found_prefix)


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
