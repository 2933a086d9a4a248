"""Plain, frozen records that the domain hands to the CLI, the TUI and the exporters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Participant:
    label: str
    attributes: dict[str, str] = field(default_factory=dict)
    documents: int = 0
    turns: int = 0


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    label: str
    title: str
    kind: str
    language: str
    source_name: str
    words: int
    turns: int
    speakers: tuple[str, ...]
    imported_at: str


@dataclass(frozen=True)
class TurnSpan:
    id: int
    start: int
    end: int
    body_start: int
    speaker: str
    participant: str | None
    time_start: float | None
    time_end: float | None


@dataclass(frozen=True)
class Document:
    id: int
    label: str
    title: str
    kind: str
    language: str
    source_name: str
    sha256: str
    text: str
    turns: tuple[TurnSpan, ...]

    def lines(self) -> list[tuple[int, int, str, str]]:
        """(line number, offset, speaker of the turn it belongs to, text) for every line."""
        result = []
        turns = self.turns
        turn_index = 0
        position = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            while turn_index < len(turns) and turns[turn_index].end < position:
                turn_index += 1
            speaker = ""
            if line and turn_index < len(turns) and turns[turn_index].start <= position <= turns[turn_index].end:
                speaker = turns[turn_index].speaker
            result.append((number, position, speaker, line))
            position += len(line) + 1
        return result


@dataclass(frozen=True)
class SearchHit:
    document: str
    line: int
    speaker: str
    start: int  # offsets of the matched word in the document text
    end: int
    left: str
    match: str
    right: str
    rank: float


@dataclass(frozen=True)
class ImportFailure:
    path: str
    reason: str


@dataclass(frozen=True)
class ImportWarning:
    path: str
    message: str


@dataclass(frozen=True)
class DocumentParticipant:
    """Who a document's generic speaker labels (Informant, IP, Deltaker ...) stand for."""

    document: str
    speakers: tuple[str, ...]  # the generic labels, as typed
    participant: str | None  # None: nothing said who, so no participant yet
    source: str = ""  # "--participant", the CSV's name, or "the file name"


@dataclass(frozen=True)
class Relabelled:
    """A file imported under a longer label because its name was taken in the batch (runde2/K1)."""

    path: str
    label: str


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # identical to a document already there
    failed: list[ImportFailure] = field(default_factory=list)
    words: int = 0
    named_participants: list[DocumentParticipant] = field(default_factory=list)
    unnamed_participants: list[DocumentParticipant] = field(default_factory=list)  # generic labels, no one named
    relabelled: list[Relabelled] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)  # document label -> how its text file was read
    warnings: list[ImportWarning] = field(default_factory=list)  # imported, with something the user should know

    def note_reading(self, label: str, path: str, encoding: str | None, warnings: Sequence[str]) -> None:
        """What the reader said about one imported file: its encoding (text files), its warnings."""
        if encoding:
            self.encodings[label] = encoding
        self.warnings.extend(ImportWarning(path, message) for message in warnings)

    def encodings_line(self) -> str:
        """`read as utf-8 (12 files); windows-1252: K3, K7`: the usual encoding counted, the others named."""
        groups: dict[str, list[str]] = {}
        for label, encoding in self.encodings.items():
            groups.setdefault(encoding, []).append(label)
        usual = max(groups, key=lambda name: len(groups[name]), default=None)
        parts = [f"{name} ({len(labels)} files)" if name == usual and len(labels) > 3
                 else f"{name}: {', '.join(labels)}"
                 for name, labels in sorted(groups.items(), key=lambda item: (item[0] != usual, item[0]))]
        return f"read as {'; '.join(parts)}" if parts else ""
