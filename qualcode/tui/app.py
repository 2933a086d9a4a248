"""The qualcode Textual app: one mode per step of the method, the error funnel, and the one factory.

Modes (keys 0-4, each with its own stack of screens): home (the project), impression (step 1), units
(step 2), condense (step 3), synthesis (step 4). Reads go through `app.project`; every change goes through
`app.write(...)`, which runs it on the writer thread (a locked project is waited for there, not on the
screen). Another process's writes are noticed through SQLite's data_version and arrive as ProjectChanged.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from textual import on, work
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.theme import Theme
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from ..errors import QualcodeError
from ..export.chapter import ChapterOptions
from ..failures import one_line_for_file
from ..models import SearchHit
from ..project import Project
from . import preferences
from .collector import QuietCollector
from .commands import ProjectCommands
from .messages import OpenPassage, ProjectChanged, Written
from .modals.confirm import Confirm
from .modals.export import ExportChapter, ExportRequest
from .modals.help import HelpScreen, help_text, live_keys
from .preferences import Preferences
from .processes import start_resource_tracker
from .screens.base import StepScreen
from .screens.condense import CondenseScreen
from .screens.home import HomeScreen
from .screens.impression import ImpressionScreen
from .screens.synthesize import SynthesizeScreen
from .screens.units import UnitsScreen
from .terminal import hung_up
from .writer import ProjectWriter, WriteDone

T = TypeVar("T")

STEP_MODES = ("home", "impression", "units", "condense", "synthesis")  # index = the key that switches to it
WATCH_SECONDS = 0.5  # how often another process's writes and a vanished terminal are looked for
UNDO_RUN = 5  # undos in a row before the app asks whether to go on


class QualcodeApp(App[None]):
    TITLE = "qualcode"
    CSS_PATH = "qualcode.tcss"
    MODES = {"home": HomeScreen, "impression": ImpressionScreen, "units": UnitsScreen,
             "condense": CondenseScreen, "synthesis": SynthesizeScreen}
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {ProjectCommands}
    BINDINGS = [
        *(Binding(str(step), f"step({step})", f"Step {step}" if step else "Home", id=f"step-{step}", show=False)
          for step in range(5)),
        Binding("f1,question_mark", "help", "Help", tooltip="What this step asks of you, and every key here",
                id="help"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Take back your own newest change (asks past this session)",
                id="undo"),
        Binding("ctrl+y", "redo", "Redo", tooltip="Do again what undo took back", id="redo", show=False),
        # agreement (a), merge review (m) and pseudonymise (P) are the home screen's keys: a letter typed
        # by mistake on a step's tree must not open them (the palette has them everywhere)
        Binding("f5", "export", "Export chapter", tooltip="The results chapter, Word or Markdown, with options",
                id="export", show=False),  # ctrl letters belong to text fields
        Binding("f6", "export_qdpx", "Export .qdpx", tooltip="The whole project as a REFI-QDA archive",
                id="export-qdpx", show=False),
        Binding("q", "quit", "Quit", tooltip="Leave, with what is typed saved", id="quit"),
    ]

    def __init__(self, project: Project, *, settings: Preferences | None = None) -> None:
        super().__init__()
        start_resource_tracker()  # before the app takes over sys.stderr: an import's spawned workers need it
        self.project = project
        self.settings = settings if settings is not None else preferences.load()
        self._document: str | None = self._last_document()  # the transcript steps 1 and 2 show
        self.search_hits: list[SearchHit] = []  # the last search's, for F3
        self.search_index = -1
        self.writer = ProjectWriter(project.path, project.coder, lambda done: self.post_message(Written(done)))
        self.collector = QuietCollector()  # no long collection while a big list loads (collector.py)
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self._afterwards: dict[int, Callable[[], None]] = {}
        newest = project.history.log(limit=1)
        self._session_start = newest[0].id if newest else 0  # changes up to here were made before this session
        self._past_session_agreed = False
        self._undos_in_a_row = 0
        self._undo_busy = False  # an undo is running or being asked about: a held key does nothing more
        self._own_changes: set[int] = set()  # log entries this app's writes made
        self._seen_version = project.data_version()
        self._leaving = False
        self._on_terminal = False  # stdin was a terminal at start (a hung-up one no longer says it is)

    # starting, watching, leaving

    @property
    def document(self) -> str | None:
        return self._document

    @document.setter
    def document(self, label: str | None) -> None:
        """The transcript steps 1 and 2 show; kept in the preferences, so the next start opens it again."""
        self._document = label
        key = str(self.project.path.resolve())
        if label is not None and self.settings.last_documents.get(key) != label:
            kept = {**self.settings.last_documents, key: label}
            self.settings = replace(self.settings, last_documents=kept)
            preferences.save(self.settings)

    def _last_document(self) -> str | None:
        label = self.settings.last_documents.get(str(self.project.path.resolve()))
        if label is None:
            return None
        try:
            self.project.documents.get(label)
        except QualcodeError:
            return None  # renamed or deleted since: the first transcript, as on a first start
        return label

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)  # the user's own keys, by binding id
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        self.writer.start()
        # text typed in a session that ended without saying so (a killed terminal) goes into its fields now
        self.write(lambda project: project.drafts.promote_all(), what="keep last session's typing",
                   done=self._kept_from_last_session, quiet=True)  # nothing to reload unless it kept some
        self.set_interval(WATCH_SECONDS, self._watch)
        self.collector.start()
        if not self.is_headless:
            self._on_terminal = sys.__stdin__ is not None and sys.__stdin__.isatty()
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self._terminal_gone)

    def on_unmount(self) -> None:
        self.writer.stop()
        self.collector.stop()

    def _watch(self) -> None:
        if self._leaving:
            return
        if self._on_terminal and hung_up():
            self._terminal_gone()
            return
        if self.writer.outstanding:
            return  # our own write is on its way: its result reloads the screen
        version = self.project.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.post_message(ProjectChanged(elsewhere=True))

    def _keep_theme(self, theme: Theme) -> None:
        """The chosen theme is the next run's too."""
        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            preferences.save(self.settings)

    def _kept_from_last_session(self, saved: list[str]) -> None:
        if saved:
            self.notify("kept what you typed last time: " + "; ".join(saved), timeout=10)
            self.post_message(ProjectChanged(summary="kept last session's typing"))

    def save_all_typing(self) -> None:
        """Every typing session on every screen ends: the texts go into their fields."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, StepScreen):
                    screen.save_typing()

    async def action_quit(self) -> None:
        """Leave, what was typed saved first (q never drops a condensate)."""
        self._leaving = True
        self.save_all_typing()
        await asyncio.to_thread(self.writer.wait_idle, 15.0)
        self.exit()

    def _terminal_gone(self) -> None:
        """The window closed or the session was killed: keep what was typed, then leave (no spinning)."""
        if self._leaving:
            return
        self._leaving = True
        self.save_all_typing()
        self.writer.stop(timeout=5)
        # the driver may hang writing to a terminal that is gone; the work is saved, so leave regardless
        fallback = threading.Timer(2.0, os._exit, (129,))
        fallback.daemon = True
        fallback.start()
        self.exit(return_code=129)

    # the error funnel: every key's action, every write and every worker ends here when it fails

    def report(self, exc: BaseException, *, reload: bool = True) -> bool:
        """Tell the user in the CLI's one line; False for an error that is a bug (it is raised on).

        reload: read the screens again, since what failed may have been renamed or deleted elsewhere.
        """
        message = one_line_for_file(exc)
        if message is None:
            return False
        self.notify(message, severity="warning", timeout=8)
        if reload:
            self.post_message(ProjectChanged(elsewhere=True))
        return True

    async def run_action(self, action: str | ActionParseResult, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:
            if not self.report(exc):
                raise
            return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_failed(event)

    def worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker's error (the app's or a screen's: the message does not bubble) in one line, or raised."""
        error = event.worker.error
        if event.state == WorkerState.ERROR and error is not None and not self.report(error):
            raise error

    # writes

    def write(self, job: Callable[[Project], T], *, what: str, done: Callable[[T], None] | None = None,
              quiet: bool = False, after: Callable[[], None] | None = None) -> None:
        """Run a change on the writer thread, in order; done(result) runs on the app afterwards.

        after() runs once the write is over, whether it succeeded or failed.
        """
        ticket = self.writer.submit(job, what=what, quiet=quiet)
        if done is not None:
            self._callbacks[ticket] = done
        if after is not None:
            self._afterwards[ticket] = after

    @on(Written)
    def _written(self, message: Written) -> None:
        done: WriteDone = message.done
        callback = self._callbacks.pop(done.ticket, None)
        afterwards = self._afterwards.pop(done.ticket, None)
        self._own_changes.update(done.changes)
        if done.what not in ("undo", "redo") and not done.quiet:
            self._undos_in_a_row = 0  # a change of one's own ends a run of undos
        try:
            if done.error is not None:
                if not self.report(done.error):
                    raise done.error
            elif callback is not None:
                callback(done.result)
        finally:
            if afterwards is not None:
                afterwards()
            self._seen_version = self.project.data_version()
            self.writer.delivered(done.ticket)
            if done.error is not None or not done.quiet or done.elsewhere:
                self.post_message(ProjectChanged(elsewhere=done.elsewhere, summary=done.what))

    async def settled(self) -> None:
        """Wait until every write asked for has run, every worker is done and the screens have shown it
        (tests, benchmarks): three looks in a row, 10 ms apart, that find nothing going on."""
        quiet = 0
        while quiet < 3:
            await asyncio.sleep(0.01)
            busy = self.writer.outstanding or any(
                worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in self.workers)
            quiet = 0 if busy else quiet + 1

    # what every screen hears

    def mark_stale(self) -> None:
        """Every step screen reads the project again when it is next shown."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, StepScreen):
                    screen.stale = True

    @on(ProjectChanged)
    def _project_changed(self, message: ProjectChanged) -> None:
        self.mark_stale()
        for screen in self._screens_on_show():
            if isinstance(screen, StepScreen):
                screen.refresh_from_project()
            else:
                reload = getattr(screen, "reload", None)  # screens from before the step screens
                if callable(reload):
                    reload()

    def _screens_on_show(self) -> list[Any]:
        """The screen on top, and those a modal on top lets show through."""
        shown = []
        for screen in reversed(self.screen_stack):
            shown.append(screen)
            if not screen.is_modal:
                break
        return shown

    @on(OpenPassage)
    async def _open_passage(self, message: OpenPassage) -> None:
        mode = "impression" if message.step == 1 else "units"
        self.document = message.document
        await self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        base = self.screen_stack[0]
        if isinstance(base, (ImpressionScreen, UnitsScreen)):
            base.show_passage(message.document, message.start, message.end)

    # actions

    async def action_step(self, step: int) -> None:
        await self.switch_mode(STEP_MODES[step])

    async def go_to_step(self, step: int) -> None:
        await self.action_step(step)

    def action_help(self) -> None:
        """The help for the screen on show: what its step asks, and its keys as they are bound now."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = f"{screen.title or self.title} · {screen.sub_title}" if screen.sub_title else str(self.title)
        self.push_screen(HelpScreen(title, help_text(screen), live_keys(screen)))

    async def open_subgroup(self, path: str) -> None:
        """Step 3 on one subgroup (the palette's 'Open subgroup ...')."""
        await self.switch_mode("condense")
        while len(self.screen_stack) > 1:
            self.pop_screen()
        base = self.screen_stack[0]
        if isinstance(base, CondenseScreen) and not base.show_subgroup(path):
            self.notify(f"no subgroup {path}", severity="warning")

    async def show_synthesis(self, path: str) -> None:
        """Step 4 on one code group or subgroup (the palette's 'Write the synthesis of ...')."""
        await self.switch_mode("synthesis")
        while len(self.screen_stack) > 1:
            self.pop_screen()
        base = self.screen_stack[0]
        if isinstance(base, SynthesizeScreen) and not base.show_code(path):
            self.notify(f"no code group or subgroup {path}", severity="warning")

    def next_hit(self, step: int) -> SearchHit | None:
        """The next (or previous) hit of the last search, going round."""
        if not self.search_hits:
            return None
        self.search_index = (self.search_index + step) % len(self.search_hits)
        return self.search_hits[self.search_index]

    def code_target(self) -> Callable[[str], None] | None:
        """Where 'Apply code ...' goes: the transcript in step 2 with a passage selected, else nowhere."""
        screen = next((s for s in reversed(self.screen_stack) if not s.is_modal), None)  # under the palette
        if isinstance(screen, UnitsScreen) and screen.selection() is not None:
            return screen.apply_code
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # inside a text field its own undo has the key
        return not (action in ("undo", "redo") and _typing(self.focused))

    def action_undo(self) -> None:
        """Take back this coder's newest change, one per key press, saying what it was.

        A held key cannot unwind the work: while one undo runs further presses are ignored, every
        UNDO_RUN undos in a row ask before going on, and going back past what was done since the TUI
        opened asks first.
        """
        if self._undo_busy:
            return
        target = self.project.history.next_undo()
        if target is None:  # the domain says why there is nothing (an import, a colleague's change ...)
            self._undo(None)
            return
        question = None
        if target.id <= self._session_start and not self._past_session_agreed:
            question = (f"Undo '{target.summary}'? It was done before this session ({target.coder}, "
                        f"{target.at[:16].replace('T', ' ')}).")
        elif target.id > self._session_start and target.id not in self._own_changes:
            question = (f"Undo '{target.summary}'? It was done as {target.coder} by another program or window "
                        f"({target.at[11:16]}), not here.")
        elif self._undos_in_a_row and self._undos_in_a_row % UNDO_RUN == 0:
            question = f"You have undone {self._undos_in_a_row} changes in a row. Undo '{target.summary}' too?"
        if question is None:
            self._undo(target.id)
            return

        def answered(yes: bool | None) -> None:
            self._undo_busy = False
            if yes:
                self._past_session_agreed = self._past_session_agreed or target.id <= self._session_start
                self._undo(target.id)

        self._undo_busy = True
        self.push_screen(Confirm(question, yes="y: undo it", no="n: keep it"), answered)

    def _undo(self, change: int | None) -> None:
        self._undo_busy = True

        def undone(summary: str) -> None:
            self._undos_in_a_row += 1
            self.notify(f"undone: {summary}")

        self.write(lambda project: project.history.undo(change=change), what="undo", done=undone,
                   after=self._undo_finished)

    def _undo_finished(self) -> None:
        self._undo_busy = False

    def action_redo(self) -> None:
        if self._undo_busy:
            return
        self._undo_busy = True
        self.write(lambda project: project.history.redo(), what="redo",
                   done=lambda summary: self.notify(f"redone: {summary}"), after=self._undo_finished)

    def action_agreement(self) -> None:
        """Agreement between the project's coders, and their disagreements as a worklist."""
        from .screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen(self.project))

    def action_merge_review(self) -> None:
        """On a project a merge made: both codebooks and the proposed pairs, to accept, reject or re-pair."""
        from .screens.merge_review import MergeReviewScreen

        self.push_screen(MergeReviewScreen(self.project))

    def action_pseudonymise(self) -> None:
        """The proposed names to replace, each in context (qualcode/tui/screens/pseudonymise.py)."""
        from .screens.pseudonymise import PseudonymiseScreen

        self.push_screen(PseudonymiseScreen())

    def action_export(self) -> None:
        """The chapter as it stands, with the CLI's options, written in a worker (`qualcode export`)."""
        self.save_all_typing()  # the chapter has what is being typed too

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.notify(f"writing the chapter to {request.path} ...", timeout=3)
                self._export_chapter(request.path, request.options)

        self.push_screen(ExportChapter(self.project.path), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export_chapter(self, target: Path, options: ChapterOptions | None = None) -> None:
        self.writer.wait_idle(15.0)
        with Project(self.project.path, self.project.coder) as own:  # a connection of the worker's own
            written = own.chapter.write(target, options=options)
        self.call_from_thread(self.notify, f"chapter written: {written}")

    def action_export_qdpx(self) -> None:
        """The whole project as a REFI-QDA archive next to the project file (the same export as the CLI's)."""
        self._export_archive(self.project.path.with_suffix(".qdpx"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export_archive(self, target: Path) -> None:
        with Project(self.project.path, self.project.coder) as own:  # a connection of the worker's own
            own.exchange.export_qdpx(target)
        self.call_from_thread(self.notify, f"REFI-QDA archive written: {target}")


def _typing(widget: object) -> bool:
    return isinstance(widget, Input) or (isinstance(widget, TextArea) and not widget.read_only)


def make_app(project_path: Path | str, coder: str | None = None, settings: Preferences | None = None) -> QualcodeApp:
    """The one way to build the app: the CLI, the Pilot tests, the snapshot tests and the benchmarks.

    settings: the TUI's preferences; None reads them from the user's config folder.
    """
    return QualcodeApp(Project(project_path, coder), settings=settings)
