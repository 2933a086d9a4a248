"""Passages on one line: cells of the tables that list units, quotes and places (short enough to measure
quickly), and short quotes that name a passage in a heading or a question (cut at a word).

A DataTable measures every cell it is given; a unit of a few thousand characters in a table of a few
hundred rows costs the screen a visible pause, and only the first hundred characters or so are seen
anyway (the whole text is shown beside the table for the highlighted row).
"""

from __future__ import annotations

from rich.text import Text

CELL_CHARS = 160
QUOTE_CHARS = 60  # a passage named in a heading or a question, cut at a word


def passage_cell(text: str, *, limit: int = CELL_CHARS) -> Text:
    """The text on one line (runs of white space as one space), cut at limit characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")


def short_quote(text: str, width: int = QUOTE_CHARS) -> str:
    """The passage on one line, cut at a word (never inside one) with … when longer than width."""
    words = " ".join(text.split())
    if len(words) <= width:
        return words
    cut = words.rfind(" ", 0, width)
    return (words[:cut] if cut > 0 else words.split(" ", 1)[0]) + "…"
