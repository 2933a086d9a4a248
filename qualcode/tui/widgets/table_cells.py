"""Cells of the tables that list units, quotes and places: one line, short enough to measure quickly.

A DataTable measures every cell it is given; a unit of a few thousand characters in a table of a few
hundred rows costs the screen a visible pause, and only the first hundred characters or so are seen
anyway (the whole text is shown beside the table for the highlighted row).
"""

from __future__ import annotations

from rich.text import Text

CELL_CHARS = 160


def passage_cell(text: str, *, limit: int = CELL_CHARS) -> Text:
    """The text on one line (runs of white space as one space), cut at limit characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")
