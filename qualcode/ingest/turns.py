"""Speaker turns: find `K1:`, `Intervjuer:`, `[00:01:23] Kari:`, `**K1:**`, `[id1]` and user patterns in text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING

from ..errors import ImportRefused, QualcodeError

if TYPE_CHECKING:
    import regex

ROLE_WORDS = (
    "Intervjuer|Intervjuar|Interviewer|Informant|Deltaker|Deltakar|Deltager|Deltagare|Participant|Moderator|"
    "Respondent|Forsker|Researcher|Speaker|Taler|Interviewee|Intervjuobjekt|Interviewperson|Befragte|Befragter|"
    "Facilitator|Observatør|Observer|Inf"
)
INTERVIEWER_LABELS = {
    "i", "int", "intervjuer", "intervjuar", "interviewer", "moderator", "forsker", "researcher",
    "facilitator", "m", "mod",
}
# Labels that say "the participant" without saying who: they stand for the participant of the
# document they are in (K3.txt's Informant is K3), never for one person across documents.
GENERIC_PARTICIPANT_LABELS = {
    "informant", "inf", "ip", "deltaker", "deltakar", "deltager", "deltagare", "respondent", "resp", "r", "b",
    "p", "interviewee", "intervjuobjekt", "interviewperson", "befragte", "befragter", "participant",
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
# QualCoder's convention: `[id1] words`; a code or role only, so `[ler]` and `[pause]` stay speech
_BRACKETED = re.compile(rf"[ \t]*\[(?P<speaker>{_LABEL_ROLE}|{_LABEL_CODE})\][ \t]+(?=\S)")
BRACKETED_FROM = 2  # a bracketed label is a speaker when it starts this many lines
# names whose lines read as speech less often than this label a list (a timetable), not turns;
# judged once there are enough of them (two `Kari: ja` lines are too few to tell)
SPOKEN_SHARE = 0.3
JUDGED_FROM = 4
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*(?:\s|$)")
SPOKEN_WORDS = 8  # words in a line that make it speech even without a full stop


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str
    body_start: int  # where the spoken words begin, after the speaker label
    time_start: float | None = None
    time_end: float | None = None


class SpeakerPattern:
    """A user's speaker-line pattern, matched under a time budget per document.

    Python's re backtracks without end on patterns like (a+)+$; the regex package's matcher takes a
    timeout, so a bad pattern costs one file a few seconds and a clear line, never a hung import."""

    BUDGET_SECONDS = 5.0

    def __init__(self, compiled: regex.Pattern[str]) -> None:
        self._compiled = compiled
        self._spent = 0.0

    def match(self, line: str) -> regex.Match[str] | None:
        started = monotonic()
        try:
            return self._compiled.match(line, timeout=max(self.BUDGET_SECONDS - self._spent, 0.01))
        except TimeoutError:
            raise ImportRefused(f"--speaker-pattern took over {self.BUDGET_SECONDS:.0f} s on this file (nested "
                                "repeats such as (a+)+ backtrack without end); simplify the pattern") from None
        finally:
            self._spent += monotonic() - started


def compile_speaker_pattern(pattern: str) -> SpeakerPattern:
    """A user's pattern must name the speaker with (?P<speaker>...); (?P<time>...) is optional."""
    import regex  # only a user's own pattern needs it

    try:
        compiled = regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise QualcodeError(f"bad --speaker-pattern: {exc}") from None
    if "speaker" not in compiled.groupindex:
        raise QualcodeError("--speaker-pattern needs a named group (?P<speaker>...)")
    return SpeakerPattern(compiled)


def is_interviewer(speaker: str) -> bool:
    return speaker.strip().lower() in INTERVIEWER_LABELS


def is_generic_participant(speaker: str) -> bool:
    """Informant, IP, Deltaker, R, B ...: the document's participant, whoever that is."""
    return speaker.strip().casefold() in GENERIC_PARTICIPANT_LABELS


def parse_seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def find_turns(text: str, pattern: SpeakerPattern | None = None) -> list[Turn]:
    """Turns run from a speaker line to the last non-blank line before the next speaker line."""
    heads = _speaker_lines(text, pattern)
    turns = []
    for index, (start, label_end, speaker, time) in enumerate(heads):
        limit = heads[index + 1][0] if index + 1 < len(heads) else len(text)
        end = start + len(text[start:limit].rstrip())
        turns.append(Turn(start, end, speaker, min(start + label_end, end), parse_seconds(time)))
    return turns


def _speaker_lines(text: str, pattern: SpeakerPattern | None) -> list[tuple[int, int, str, str | None]]:
    found = []
    lines = text.split("\n")
    positions = []
    position = 0
    for number, line in enumerate(lines):
        positions.append(position)
        match = pattern.match(line) if pattern else _builtin_match(line)
        if match and match.group("speaker") and match.group("speaker").strip():
            groups = match.groupdict()
            time = groups.get("time") or groups.get("time2")
            found.append(_Head(number, position, match.end(), match.group("speaker").strip(), time,
                               match.re is _BRACKETED))
        position += len(line) + 1
    if pattern is None:
        found = _drop_unlikely_labels(found, lines)
    return [(h.position, h.label_end, h.speaker, h.time) for h in found]


@dataclass(frozen=True)
class _Head:
    """A line that starts with a speaker label."""

    line: int
    position: int
    label_end: int
    speaker: str
    time: str | None
    bracketed: bool


def _builtin_match(line: str) -> re.Match[str] | None:
    return _BUILTIN.match(line) or _TABBED.match(line) or _BRACKETED.match(line)


def is_label_like(speaker: str) -> bool:
    """K1, I, H12, Informant 3, Moderator: a speaker label whether it recurs or not."""
    return bool(re.fullmatch(_LABEL_CODE, speaker) or re.fullmatch(_LABEL_ROLE, speaker))


def _drop_unlikely_labels(found: list[_Head], lines: list[str]) -> list[_Head]:
    """A capitalised word before a colon is a speaker only if it recurs (`Altså: ...` is speech), and
    such names label turns only if what follows them reads as speech often enough (a timetable's
    `Lunsj:` and `In-Class:` head items, not turns); a bracketed label only if it recurs."""
    counts = Counter(head.speaker for head in found)
    bracketed = Counter(head.speaker for head in found if head.bracketed)
    kept, names = [], []
    for index, head in enumerate(found):
        speaker = head.speaker
        if head.bracketed:
            if bracketed[speaker] >= BRACKETED_FROM:
                kept.append(head)
        elif is_label_like(speaker):
            kept.append(head)
        elif all(word[0].isupper() for word in speaker.split()) and counts[speaker] >= 2:
            until = found[index + 1].line if index + 1 < len(found) else len(lines)
            names.append((head, _sounds_spoken(_first_words(head, lines, until))))
    spoken = sum(1 for _, is_spoken in names if is_spoken)
    if len(names) < JUDGED_FROM or spoken >= SPOKEN_SHARE * len(names):
        kept.extend(head for head, _ in names)
    return sorted(kept, key=lambda head: head.line)


def _first_words(head: _Head, lines: list[str], until: int) -> str:
    """What is said after the label: the rest of its line, else the next line with words before the next label."""
    rest = lines[head.line][head.label_end:].strip()
    if rest:
        return rest
    for line in lines[head.line + 1 : until]:
        if line.strip():
            return line.strip()
    return ""


def _sounds_spoken(words: str) -> bool:
    return bool(_SENTENCE_END.search(words)) or len(words.split()) >= SPOKEN_WORDS
