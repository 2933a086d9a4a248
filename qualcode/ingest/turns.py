"""Speaker turns: find `K1:`, `Intervjuer:`, `[00:01:23] Kari:`, `**K1:**` and user patterns in text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import QualcodeError

ROLE_WORDS = (
    "Intervjuer|Intervjuar|Interviewer|Informant|Deltaker|Deltakar|Participant|Moderator|"
    "Respondent|Forsker|Researcher|Speaker|Taler|Interviewee|Facilitator|Observatør|Observer"
)
INTERVIEWER_LABELS = {
    "i", "int", "intervjuer", "intervjuar", "interviewer", "moderator", "forsker", "researcher",
    "facilitator", "m", "mod",
}

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# K1, H12, FG1, I; typed in lower case only with a number (k1) or as the interviewer's i
_LABEL_CODE = r"(?:[A-ZÆØÅÄÖ]{1,4}\d{0,3}|[a-zæøåäö]{1,3}\d{1,3}|i)"
_LABEL_ROLE = rf"(?i:{ROLE_WORDS})(?:[ \t]+\d{{1,3}})?"  # INTERVJUER:, Informant 2:
_LABEL_NAME = r"[^\W\d_][\w'’-]{0,30}(?:[ \t][^\W\d_][\w'’-]{0,30})?"
_BUILTIN = re.compile(
    rf"[ \t]*(?:\[(?P<time>{_TIME})\][ \t]*|(?P<time2>{_TIME})[ \t]+)?"
    r"(?:\*\*|__)?"
    rf"(?P<speaker>{_LABEL_ROLE}|{_LABEL_CODE}|{_LABEL_NAME})"
    r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?:[ \t]+|$)"
)
# columns pasted from a spreadsheet or table: `00:01:23<TAB>K1<TAB>words`
_TABBED = re.compile(
    rf"[ \t]*(?:\[?(?P<time>{_TIME})\]?\t+)?(?P<speaker>{_LABEL_ROLE}|{_LABEL_CODE}|{_LABEL_NAME})[ \t]*:?\t+"
)


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str
    body_start: int  # where the spoken words begin, after the speaker label
    time_start: float | None = None
    time_end: float | None = None


def compile_speaker_pattern(pattern: str) -> re.Pattern[str]:
    """A user's pattern must name the speaker with (?P<speaker>...); (?P<time>...) is optional."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise QualcodeError(f"bad --speaker-pattern: {exc}") from None
    if "speaker" not in compiled.groupindex:
        raise QualcodeError("--speaker-pattern needs a named group (?P<speaker>...)")
    return compiled


def is_interviewer(speaker: str) -> bool:
    return speaker.strip().lower() in INTERVIEWER_LABELS


def parse_seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def find_turns(text: str, pattern: re.Pattern[str] | None = None) -> list[Turn]:
    """Turns run from a speaker line to the last non-blank line before the next speaker line."""
    heads = _speaker_lines(text, pattern)
    turns = []
    for index, (start, label_end, speaker, time) in enumerate(heads):
        limit = heads[index + 1][0] if index + 1 < len(heads) else len(text)
        end = start + len(text[start:limit].rstrip())
        turns.append(Turn(start, end, speaker, min(start + label_end, end), parse_seconds(time)))
    return turns


def _speaker_lines(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int, str, str | None]]:
    found = []
    position = 0
    for line in text.split("\n"):
        match = pattern.match(line) if pattern else (_BUILTIN.match(line) or _TABBED.match(line))
        if match and match.group("speaker") and match.group("speaker").strip():
            groups = match.groupdict()
            time = groups.get("time") or groups.get("time2")
            found.append((position, match.end(), match.group("speaker").strip(), time))
        position += len(line) + 1
    if pattern is not None:
        return found
    return _drop_unlikely_names(found)


def is_label_like(speaker: str) -> bool:
    """K1, I, H12, Informant 3, Moderator: a speaker label whether it recurs or not."""
    return bool(re.fullmatch(_LABEL_CODE, speaker) or re.fullmatch(_LABEL_ROLE, speaker))


def _drop_unlikely_names(
    found: list[tuple[int, int, str, str | None]],
) -> list[tuple[int, int, str, str | None]]:
    """A capitalised word before a colon is a speaker only if it recurs (`Altså: ...` is speech)."""
    counts = Counter(item[2] for item in found)
    kept = []
    for item in found:
        speaker = item[2]
        if is_label_like(speaker):
            kept.append(item)
        elif all(word[0].isupper() for word in speaker.split()) and counts[speaker] >= 2:
            kept.append(item)
    return kept
