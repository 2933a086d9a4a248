"""What the longer dialogs share: their fields scroll on a short terminal while the buttons stay docked
below them (class dialog-buttons), and Tab goes through the fields in the order they read, then the buttons.
The scrolling body is no Tab stop of its own."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget

ResultType = TypeVar("ResultType")


def _in_button_row(widget: Widget) -> bool:
    return any(node.has_class("dialog-buttons") for node in widget.ancestors)


class DialogBody(VerticalScroll, can_focus=False):
    """A dialog's fields. A field that takes focus is scrolled clear of the docked buttons: Textual's own
    check counts a field under a docked row as in view and leaves it hidden there."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not _in_button_row(event.widget):
            self.scroll_to_widget(event.widget, animate=False)


class DialogScreen(ModalScreen[ResultType]):
    """A modal of fields in a DialogBody. Textual orders Tab by position on the screen, which put the
    docked button row among the fields it covers: here the buttons come after every field."""

    AUTO_FOCUS = ""  # a subclass focuses its first field on mount; Textual's focus, before layout, scrolled

    @property
    def focus_chain(self) -> list[Widget]:
        chain = super().focus_chain
        docked = [w for w in chain if _in_button_row(w)]
        return [w for w in chain if w not in docked] + docked
