"""The command palette (ctrl+p) over the project's own objects: steps, transcripts, subgroups, codes to
apply to the selection, the chapter export. Each command does what its key does elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..codebook.service import CodeInfo, flatten
from ..project import Project
from .messages import OpenPassage

if TYPE_CHECKING:
    from .app import QualcodeApp

STEP_NAMES = ("home: documents and participants", "total impression", "meaning units", "condensation",
              "synthesis")

Command = tuple[str, str, Callable[[], object]]  # what it says, a line of help, what it does


class ProjectCommands(Provider):
    """Steps, transcripts, subgroups, codes and exports of the open project."""

    async def startup(self) -> None:
        app: QualcodeApp = self.app  # type: ignore[assignment]
        # read on a thread with a connection of its own: a big codebook must not hold the palette's opening
        self._documents, self._codes = await asyncio.to_thread(_objects, app.project.path, app.project.coder)

    def _commands(self) -> Iterator[Command]:
        app: QualcodeApp = self.app  # type: ignore[assignment]
        for step, name in enumerate(STEP_NAMES):
            yield f"Go to step {step}: {name}", f"the key {step} does the same", partial(app.go_to_step, step)
        yield ("Export the chapter (Word or Markdown)", "F5: with the options of `qualcode export docx|markdown`",
               app.action_export)
        yield ("Export the project for another program (REFI-QDA .qdpx)", "F6: as `qualcode export qdpx`",
               app.action_export_qdpx)
        yield "Check the coders' agreement", "a: as `qualcode agreement`", app.action_agreement
        yield "Review a merge of two coders' work", "m: as `qualcode merge`", app.action_merge_review
        yield "Undo my last change", "ctrl+z outside a text field", app.action_undo
        yield "Help on this screen", "F1", app.action_help
        # P is the transcript's own key (extend back by a sentence): from steps 1 and 2 this is the way there
        yield ("Pseudonymise: replace names everywhere", "P outside a transcript: accept, edit or reject each term",
               app.action_pseudonymise)
        for label, title in self._documents:
            yield (f"Open transcript {label}", f"step 2, to code it · {title}",
                   partial(app.post_message, OpenPassage(label, step=2)))
            yield (f"Read transcript {label}", f"step 1, the total impression · {title}",
                   partial(app.post_message, OpenPassage(label, step=1)))
        selection = app.code_target()
        for code in self._codes:
            if code.level == 1:
                yield f"Open subgroup {code.path}", "step 3: condense it", partial(app.open_subgroup, code.path)
            if code.level <= 1:
                yield (f"Write the synthesis of {code.path}", "step 4: heading, analytic text, quotes",
                       partial(app.show_synthesis, code.path))
            if code.level >= 1 and selection is not None:
                yield f"Apply code {code.path}", "to the selected passage", partial(selection, code.path)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_line, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_line)

    async def discover(self) -> Hits:
        for text, help_line, command in self._commands():
            if text.startswith(("Go to step", "Export", "Undo", "Help")):
                yield DiscoveryHit(text, command, help=help_line)


def _objects(path, coder) -> tuple[list[tuple[str, str]], list[CodeInfo]]:
    with Project(path, coder) as reader:
        return [(d.label, d.title) for d in reader.documents.list()], flatten(reader.codebook.tree())
