"""Plain, frozen records that the domain hands to the CLI, the TUI and the exporters."""

from __future__ import annotations

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

    def line_starts(self) -> list[int]:
        starts = [0]
        for index, char in enumerate(self.text):
            if char == "\n":
                starts.append(index + 1)
        return starts


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


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # identical to a document already there
    failed: list[ImportFailure] = field(default_factory=list)
    words: int = 0
