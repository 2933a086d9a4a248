"""What every step screen shares: the project, writes through the app, reload on ProjectChanged, HELP."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, TextArea
from textual.worker import Worker, get_current_worker

from ...project import Project
from ..widgets.draft_fields import Discarded, DraftArea, DraftInput, Finished, Typed
from ..widgets.key_bar import KeyBar
from ..widgets.step_bar import StepBar

if TYPE_CHECKING:
    from ..app import QualcodeApp

T = TypeVar("T")


def typing_in(widget: Widget | None) -> bool:
    """A text field has the keys: letters type into it."""
    return isinstance(widget, Input) or (isinstance(widget, TextArea) and not widget.read_only)


class StepScreen(Screen):
    """A screen of one step of the method (or the home screen).

    reload() reads what the screen shows from the project again; it runs on mount, on ProjectChanged
    while the screen is on show, and when it is shown again after a change. A thing the screen shows that
    is gone (renamed or deleted elsewhere) makes reload raise the domain's NotFound: the screen says so in
    one line and goes back (gone()).
    """

    STEP: ClassVar[int | None] = None  # 0 home, 1-4 the steps of the method; None for a screen pushed on top
    HELP: ClassVar[str] = ""  # what this step of the method asks of the researcher, for the help screen

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stale = False

    @property
    def qualcode(self) -> QualcodeApp:
        from ..app import QualcodeApp

        assert isinstance(self.app, QualcodeApp)
        return self.app

    @property
    def project(self) -> Project:
        """The reading connection. Writes go through write(), never through this."""
        return self.qualcode.project

    def compose(self) -> ComposeResult:
        yield Header()
        if self.STEP is not None:
            yield StepBar(self.STEP)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_from_project()

    def reload(self) -> None:
        """Read what the screen shows again (subclasses)."""

    def refresh_from_project(self) -> None:
        self.stale = False
        if self.query(StepBar):
            self.read_then(lambda reader: reader.progress.steps(), self._show_steps, group="step-bar")
        try:
            self.reload()
        except Exception as exc:
            self._read_failed(exc)

    def _show_steps(self, steps) -> None:
        for bar in self.query(StepBar):
            bar.show(steps)

    def _read_failed(self, exc: Exception) -> None:
        if not self.qualcode.report(exc, reload=False):
            raise exc
        self.qualcode.mark_stale()  # what is gone here may be shown below too
        self.stale = False
        self.gone()

    def read_then(self, read: Callable[[Project], T], show: Callable[[T], None], *, group: str) -> None:
        """read(reader) on a worker thread, with a connection of its own; then show(result) here.

        The newest read of a group wins (an older one still running is cancelled and its result dropped),
        and a read that meets something gone ends as reload's errors do (one line, then gone())."""
        path, coder = self.project.path, self.project.coder

        def job() -> None:
            worker = get_current_worker()
            try:
                with Project(path, coder) as reader:
                    result = read(reader)
            except Exception as exc:
                if not worker.is_cancelled:
                    self.app.call_from_thread(self._read_failed_here, exc)
                return
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_here, show, result)

        self.run_worker(job, thread=True, exclusive=True, group=f"{group}-{id(self)}", exit_on_error=False)

    def _show_here(self, show: Callable[[T], None], result: T) -> None:
        if self.is_attached:
            show(result)

    def _read_failed_here(self, exc: Exception) -> None:
        if self.is_attached:
            self._read_failed(exc)

    def gone(self) -> None:
        """What the screen showed is no longer there: back to the screen below (base screens stay)."""
        if self.STEP is None and len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_from_project()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.qualcode.worker_failed(event)  # the screen's workers' errors go to the one funnel too

    def on_screen_suspend(self) -> None:
        self.save_typing()

    def action_back(self) -> None:
        """Back to the screen below, what was typed here saved first."""
        self.save_typing()
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # text being typed: a draft while typing goes on, the real field when the session ends

    @on(Typed)
    def _keep_draft(self, message: Typed) -> None:
        message.stop()
        field, target, text, base = message.field, message.target, message.text, message.base
        self.write(lambda project: project.drafts.keep(field, target, text, base=base), what="keep what is typed",
                   quiet=True)

    @on(Discarded)
    def _drop_draft(self, message: Discarded) -> None:
        message.stop()
        field, target = message.field, message.target
        self.write(lambda project: project.drafts.discard(field, target), what="drop what was typed", quiet=True)

    @on(Finished)
    def _save_field(self, message: Finished) -> None:
        message.stop()
        self.save(message)

    def save(self, finished: Finished, *, units: list[int] | None = None) -> None:
        """One audited change for the typing session (units: a condensate's, set with it)."""
        field, target, text, base = finished.field, finished.target, finished.text, finished.base

        def promote(project: Project) -> str | None:
            project.drafts.keep(field, target, text, base=base)
            return project.drafts.promote(field, target, units=units)

        def said(saved: str | None) -> None:
            if saved and "project memo" in saved:  # another's text, or a deleted code's words: say where it went
                self.notify(f"saved {saved}", severity="warning", timeout=8)

        self.write(promote, what="save what was typed", done=said)

    def save_typing(self) -> None:
        """End every typing session on this screen: what was typed goes into its field."""
        for field in self.query("DraftArea, DraftInput"):
            if isinstance(field, (DraftArea, DraftInput)):
                finished = field.finish()
                if finished is not None:
                    self.save(finished)

    def write(self, job: Callable[[Project], T], *, what: str, done: Callable[[T], None] | None = None,
              quiet: bool = False) -> None:
        """Run a change on the writer thread; done(result) runs here afterwards, errors become one line."""
        self.qualcode.write(job, what=what, done=done, quiet=quiet)

    def attempt(self, read: Callable[[], T]) -> T | None:
        """A read that may meet something renamed or deleted elsewhere: None and one line instead of a crash."""
        try:
            return read()
        except Exception as exc:
            if not self.qualcode.report(exc):
                raise
            return None
