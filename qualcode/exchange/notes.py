"""What REFI-QDA has no element for, carried as notes our own import reads back exactly.

Themes, condensates and their golden nuggets, syntheses (heading, introduction, analytic text, quote order,
the read-back check), reading status, and each document's speaker turns and import details travel as
<Note>s with a title a person understands (`Condensate: Utskrivning/Varsling`), a readable text, and links
(NoteRef) from the code, the sources and the selections they belong to. The exact rows ride along in the
note's <Description> as JSON (ASCII, so any XML reader keeps them) marked {"qualcode": 1, "kind": ...}.
Another program shows the notes; our import restores the rows from them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

FORMAT = 1
KINDS = ("project", "document", "theme", "condensate", "synthesis", "reading", "memo")


@dataclass
class DataNote:
    guid: str
    name: str  # the title another program shows
    text: str  # what a person reads there
    data: dict[str, Any]  # the exact rows, for our import
    author: str = ""
    created_at: str = ""
    about: tuple[str, int] | None = None  # what this note stands for, when notes can be on it (a theme)


def encode(kind: str, data: dict[str, Any]) -> str:
    return json.dumps({"qualcode": FORMAT, "kind": kind, **data}, ensure_ascii=True, separators=(",", ":"))


def decode(description: str) -> dict[str, Any] | None:
    """The data of one of our notes, or None for anybody else's description."""
    text = description.strip()
    if not text.startswith("{") or '"qualcode"' not in text[:40]:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("qualcode") != FORMAT or data.get("kind") not in KINDS:
        return None
    return data
