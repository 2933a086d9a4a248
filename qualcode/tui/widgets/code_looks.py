"""Each code's look in the transcript: a marker symbol and a colour (its own, else its group's, else one
of a palette), so two codes can be told apart by shape as well as by colour."""

from __future__ import annotations

from collections.abc import Sequence

from ...codebook.service import CodeInfo
from .transcript import CodeLook

SYMBOLS = "●▲■◆▼★✚◉▶◀"
# colour-blind-safe hues (Tableau 10); blended into the theme's background they read in light and dark themes
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")


def code_looks(tree: Sequence[CodeInfo]) -> dict[str, CodeLook]:
    """Code path -> look, for every code of the codebook (groups included, for codings made on them)."""
    looks: dict[str, CodeLook] = {}
    counter = 0

    def visit(nodes: Sequence[CodeInfo], inherited: str, group_index: int) -> None:
        nonlocal counter
        for code in nodes:
            colour = code.colour or inherited or PALETTE[group_index % len(PALETTE)]
            looks[code.path] = CodeLook(code.id, code.name, SYMBOLS[counter % len(SYMBOLS)], colour)
            counter += 1
            visit(code.children, colour if code.colour else inherited, group_index)

    for index, group in enumerate(tree):
        visit([group], "", index)
    return looks
