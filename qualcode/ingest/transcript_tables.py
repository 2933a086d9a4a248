"""A transcript laid out as a Word or Writer table, (time |) speaker | words, becomes `[time] Speaker: words`."""

from __future__ import annotations

import re
from collections import Counter

from .turns import is_label_like

_TIMESTAMP = re.compile(r"\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?")
_NAME = re.compile(r"[^\W\d_][\w .'’-]{0,28}")


def transcript_table(rows: list[list[str]]) -> list[str | None]:
    """Per row its turn, when the table as a whole is a transcript: most rows are (time |) speaker |
    words and the speakers take turns (they recur), unlike a table of participants (each label once).
    A speaker met only once, such as a header row `Taler | Tekst`, stays cells unless it is a label."""
    turns = [table_row_as_turn(cells) for cells in rows]
    who = [turn.split(":", 1)[0].split("] ")[-1] if turn else "" for turn in turns]
    speakers = Counter(name for name in who if name)
    matched = sum(speakers.values())
    if matched < 2 or matched < 0.6 * len(rows) or max(speakers.values()) < 2:
        return [None] * len(rows)
    return [turn if turn and (speakers[name] > 1 or (is_label_like(name) and len(cells[-1].split()) > 1)) else None
            for turn, name, cells in zip(turns, who, rows, strict=True)]


def table_row_as_turn(cells: list[str]) -> str | None:
    """One row as a turn, or None when it is not (time |) speaker | words."""
    cells = [c.strip() for c in cells]
    time = ""
    if len(cells) == 3 and _TIMESTAMP.fullmatch(cells[0]):
        time, cells = f"[{cells[0].strip('[]')}] ", cells[1:]
    if len(cells) != 2 or not cells[1]:
        return None
    speaker = cells[0].rstrip(":").strip()
    if not speaker or not (is_label_like(speaker) or _NAME.fullmatch(speaker)) or len(speaker.split()) > 3:
        return None
    return f"{time}{speaker}: {cells[1]}"
