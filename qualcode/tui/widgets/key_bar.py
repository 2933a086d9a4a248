"""The footer of every qualcode screen: Textual's, showing only the keys that fit whole.

A screen's bindings come most important first; on a narrow terminal Textual's footer cuts the last ones
mid-word ("m Me▏", "f1 He▏"). Here the keys that do not fit are left out from the first one that does not
fit on, so every key shown can be read; the help key and the command palette's stay whatever the width
(help lists every key of the screen).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

_LOTS = Size(10_000, 1)
KEPT_ACTIONS = {"help", "app.help"}


def _width(key: FooterKey) -> int:
    """The key's width on its own: what it needs whether it is shown now or not."""
    margin = key.styles.margin
    return key.get_content_width(_LOTS, _LOTS) + key.styles.gutter.width + margin.left + margin.right


class KeyBar(Footer):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        keys = list(self.query(FooterKey))
        kept = [key for key in keys if key.has_class("-command-palette") or key.action in KEPT_ACTIONS]
        room = self.size.width - sum(_width(key) for key in kept)
        used, fitting = 0, True
        for key in keys:
            if key in kept:
                key.display = True
                continue
            width = _width(key)
            fitting = fitting and used + width <= room
            key.display = fitting
            used += width if fitting else 0
        self.refresh(layout=True)  # the whole bar again: a key left out must not leave a cell behind it
