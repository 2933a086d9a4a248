"""Text fields that keep what is typed: a draft about a second after the last key, the real field when
the typing session ends (the field is left, the screen changes, the app quits).

Both post messages and touch no project: the screen they sit on turns them into writes (StepScreen).
DraftInput also undoes its own typing with ctrl+z (Textual's Input has no undo of its own), so ctrl+z in a
one-line field never reaches the project's undo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

TYPING_PAUSE = 1.0  # seconds without a key before the text is kept as a draft
UNDO_GROUP = 1.0  # keys typed within this many seconds of each other are undone together


@dataclass
class Typed(Message):
    """Keep this text as the field's draft (typing goes on)."""

    field: str
    target: int
    text: str
    base: str


@dataclass
class Discarded(Message):
    """The text is back to what the field holds: the draft kept meanwhile must go (or it would come back)."""

    field: str
    target: int


@dataclass
class Finished(Message):
    """The typing session is over: write the text into the real field."""

    field: str
    target: int
    text: str
    base: str


class DraftSession:
    """What a draft field remembers: which field it edits, what it was loaded with, and its pause timer."""

    def __init__(self, owner: Widget) -> None:
        self.owner = owner
        self.field = ""
        self.target = 0
        self.loaded = ""  # the stored text (or the draft) it was last loaded with, or last finished with
        self.timer: Timer | None = None
        self.kept = False  # a draft was kept since then

    def bind(self, field: str, target: int) -> None:
        self.field, self.target = field, target
        self.kept = False

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def changed(self, text: str) -> None:
        if not self.field:
            return
        self._stop_timer()
        if text == self.loaded:  # typed back to what is stored: nothing to keep, and no draft to come back
            self._discard()
            return
        self.timer = self.owner.set_timer(TYPING_PAUSE, lambda: self.keep(text))

    def keep(self, text: str) -> None:
        if self.field and text != self.loaded:
            self.owner.post_message(Typed(self.field, self.target, text, self.loaded))
            self.kept = True

    def _discard(self) -> None:
        if self.kept:
            self.owner.post_message(Discarded(self.field, self.target))
            self.kept = False

    def finish(self, text: str) -> Finished | None:
        """The session's end: a Finished to write, or None when nothing was typed."""
        self._stop_timer()
        if not self.field or text == self.loaded:
            self._discard()
            return None
        self.kept = False  # the Finished writes the field and ends its draft
        finished = Finished(self.field, self.target, text, self.loaded)
        self.loaded = text
        return finished


class DraftArea(TextArea):
    """A TextArea for a condensate, an analytic text, a memo, a theme's note."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, soft_wrap=True, **kwargs)
        self.draft = DraftSession(self)

    @property
    def dirty(self) -> bool:
        return bool(self.draft.field) and self.text != self.draft.loaded

    def show(self, field: str, target: int, stored: str) -> None:
        """Load what the field holds, unless the coder is typing in it (typing always wins)."""
        if self.dirty and (field, target) == (self.draft.field, self.draft.target):
            return
        self.draft.bind(field, target)
        self.draft.loaded = stored
        if self.text != stored:
            self.load_text(stored)

    def finish(self) -> Finished | None:
        return self.draft.finish(self.text)

    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.draft.changed(self.text)

    def _on_blur(self, event) -> None:
        finished = self.finish()
        if finished is not None:
            self.post_message(finished)


class DraftInput(Input):
    """An Input for a heading or a theme's title, with an undo of its own typing."""

    BINDINGS = [Binding("ctrl+z", "undo_typing", "Undo typing", show=False,
                        tooltip="Undo typing in this field", id="input-undo"),
                Binding("ctrl+y", "redo_typing", "Redo typing", show=False,
                        tooltip="Redo typing in this field", id="input-redo")]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)  # a stored heading must not go with the first key typed
        super().__init__(*args, **kwargs)
        self.draft = DraftSession(self)
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._previous = ""
        self._last_key_at = 0.0
        self._restoring = False

    @property
    def dirty(self) -> bool:
        return bool(self.draft.field) and self.value != self.draft.loaded

    def show(self, field: str, target: int, stored: str) -> None:
        if self.dirty and (field, target) == (self.draft.field, self.draft.target):
            return
        self.draft.bind(field, target)
        self.draft.loaded = stored
        if self.value != stored:
            self._restoring = True
            self.value = stored
        self._undo.clear()
        self._redo.clear()
        self._previous = stored

    def finish(self) -> Finished | None:
        return self.draft.finish(self.value)

    def _on_input_changed(self, event: Input.Changed) -> None:
        if self._restoring:
            self._restoring = False
            self._previous = self.value
            return
        now = time.monotonic()
        if now - self._last_key_at > UNDO_GROUP or not self._undo:
            self._undo.append(self._previous)
            self._redo.clear()
        self._last_key_at = now
        self._previous = self.value
        self.draft.changed(self.value)

    def action_undo_typing(self) -> None:
        """Back to the text before the last burst of typing (never the project's undo)."""
        if not self._undo:
            self.app.bell()
            return
        self._redo.append(self.value)
        self._set(self._undo.pop())

    def action_redo_typing(self) -> None:
        if not self._redo:
            self.app.bell()
            return
        self._undo.append(self.value)
        self._set(self._redo.pop())

    def _set(self, value: str) -> None:
        self._restoring = True
        self.value = value
        self.cursor_position = len(value)
        self._last_key_at = 0.0
        self.draft.changed(value)

    def _on_blur(self, event) -> None:
        finished = self.finish()
        if finished is not None:
            self.post_message(finished)
