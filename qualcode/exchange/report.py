"""What an exchange did: per kind, what came in, what was skipped and why, and the quirks it met."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KIND_ORDER = ("users", "codes", "sets", "variables", "cases", "sources", "selections", "codings", "notes",
              "links", "graphs")


@dataclass(frozen=True)
class Skipped:
    what: str
    why: str


@dataclass
class KindReport:
    came_in: int = 0
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class ExchangeReport:
    """One line per kind for the terminal, the same facts as JSON for scripts."""

    file: str
    target: str = ""
    kinds: dict[str, KindReport] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # each quirk met, and what was done about it
    position_reading: str = ""  # the reading's key (utf-16, code-points ...), when selections were placed
    language: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # how long each phase took (read, pipeline, write)
    unknown: Counter[str] = field(default_factory=Counter)  # "<Foo> in a TextSource" -> how many were skipped
    _said: set[str] = field(default_factory=set, repr=False)

    def kind(self, name: str) -> KindReport:
        return self.kinds.setdefault(name, KindReport())

    def took(self, name: str, count: int = 1) -> None:
        self.kind(name).came_in += count

    def skip(self, name: str, what: str, why: str) -> None:
        self.kind(name).skipped.append(Skipped(what, why))

    def note(self, line: str, *, once: str = "") -> None:
        """A quirk met and what was done; `once` names a kind of quirk said only the first time (with an example)."""
        if once:
            if once in self._said:
                return
            self._said.add(once)
        if line not in self.notes:
            self.notes.append(line)

    def note_unknown(self) -> None:
        """One note per kind of element nobody here knows, once the reading is done."""
        for what, count in sorted(self.unknown.items()):
            self.note(f"unknown element {what} skipped ({count})")
        self.unknown.clear()

    def came_in(self, name: str) -> int:
        return self.kinds[name].came_in if name in self.kinds else 0

    def skipped(self, name: str) -> list[Skipped]:
        return self.kinds[name].skipped if name in self.kinds else []

    def _ordered(self) -> list[tuple[str, KindReport]]:
        names = [k for k in KIND_ORDER if k in self.kinds] + sorted(k for k in self.kinds if k not in KIND_ORDER)
        return [(name, self.kinds[name]) for name in names]

    def lines(self, *, detail: int = 5) -> list[str]:
        """`codes: 152 in`, `sources: 1 in, 1 skipped: H6 intervju (its file ... is missing)`, then the notes."""
        out = []
        for name, kind in self._ordered():
            line = f"{name}: {kind.came_in} in"
            if kind.skipped:
                line += f", {len(kind.skipped)} skipped: " + _skips(kind.skipped, detail)
            out.append(line)
        out.extend(f"note: {note}" for note in self.notes)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "target": self.target,
            "language": self.language,
            "position_reading": self.position_reading,
            "kinds": {name: {"in": kind.came_in,
                             "skipped": [{"what": s.what, "why": s.why} for s in kind.skipped]}
                      for name, kind in self._ordered()},
            "notes": list(self.notes),
            "seconds": {phase: round(value, 2) for phase, value in self.seconds.items()},
        }


def _skips(skipped: list[Skipped], detail: int) -> str:
    """A few named, the rest counted by reason: one line however many there are."""
    if len(skipped) <= detail:
        return "; ".join(f"{s.what} ({s.why})" for s in skipped)
    reasons = Counter(s.why for s in skipped)
    return "; ".join(f"{reason} ({count})" for reason, count in reasons.most_common())
