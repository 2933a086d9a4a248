"""Text being typed, kept as it is typed: project.drafts.

The TUI keeps a field's text here about once a second while the coder types (no audit row), and promotes
it into the real field, as one audited change through the same domain call the CLI makes, when the typing
session ends. A draft left by a killed terminal is promoted the next time the TUI opens the project. A
draft whose code or theme was deleted meanwhile becomes a project memo, so its words are never lost.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .codebook.edit import path_of
from .errors import NotFound, QualcodeError
from .stc.context import Context
from .store import codes as code_store
from .store import drafts as store

if TYPE_CHECKING:
    from .project import Project

SYNTHESIS_FIELDS = ("heading", "analytic_text", "introduction")
THEME_FIELDS = ("title", "note")
MEMO_KINDS = ("project", "document", "theme", "code", "unit")
FIELDS = ("condensate", *(f"synthesis.{f}" for f in SYNTHESIS_FIELDS), *(f"theme.{f}" for f in THEME_FIELDS),
          *(f"memo.{k}" for k in MEMO_KINDS))
_PASSAGE_MEMO = re.compile(r"memo\.passage:(\d+)-(\d+)")


def passage_memo_field(start: int, end: int) -> str:
    """The field of a memo on a passage: its offsets ride in the name, its document is the target."""
    return f"memo.passage:{start}-{end}"


@dataclass(frozen=True)
class Draft:
    field: str
    target: int  # the code (condensate, synthesis), theme, or memo target; 0 for the project
    text: str
    base: str  # what the field held when the typing began
    updated_at: str


class Drafts:
    def __init__(self, context: Context, project: Project) -> None:
        self._context = context
        self._project = project

    def keep(self, field: str, target: int, text: str, *, base: str) -> None:
        """Store the text being typed (no audit row); base: what the field held when typing began."""
        _require_field(field)
        store.put(self._context.conn, self._context.coder, field, target, text, base)

    def get(self, field: str, target: int) -> Draft | None:
        row = store.get(self._context.conn, self._context.coder, field, target)
        return Draft(row.field, row.target, row.text, row.base, row.updated_at) if row else None

    def list(self) -> builtins.list[Draft]:
        """This coder's drafts, oldest first."""
        return [Draft(r.field, r.target, r.text, r.base, r.updated_at)
                for r in store.of_coder(self._context.conn, self._context.coder)]

    def discard(self, field: str, target: int) -> None:
        store.delete(self._context.conn, self._context.coder, field, target)

    def stored(self, field: str, target: int) -> str:
        """What the real field holds now (a new memo holds nothing)."""
        _require_field(field)
        kind, _, name = field.partition(".")
        if kind == "condensate":
            return self._project.condensing.get(self._code_path(target)).text
        if kind == "synthesis":
            return str(getattr(self._project.synthesizing.get(self._code_path(target)), name))
        if kind == "theme":
            return str(getattr(self._theme(target), name))
        return ""

    def describe(self, field: str, target: int) -> str:
        """What the field is, in words: `the condensate of Samhandling/Varsling`."""
        kind, _, name = field.partition(".")
        try:
            if kind == "condensate":
                return f"the condensate of {self._code_path(target)}"
            if kind == "synthesis":
                return f"the {name.replace('_', ' ')} of {self._code_path(target)}"
            if kind == "theme":
                return f"the {name} of theme {self._theme(target).title}"
        except NotFound:
            return f"the {field.replace('.', ' ').replace('_', ' ')} of something deleted since"
        if passage := _PASSAGE_MEMO.fullmatch(field):
            return f"a memo on passage {passage[1]}-{passage[2]} of document {target}"
        return f"a memo on the {name}" if name == "project" else f"a memo on {name} {target}"

    def promote(self, field: str, target: int, *, units: builtins.list[int] | None = None) -> str | None:
        """Write the draft into its field (one audited change) and drop it; what was saved, or None.

        Nothing to write (no draft, or the field holds the text already) is None as well. A draft whose
        code or theme is gone is kept as a project memo instead, and that is what is returned.
        units: for a condensate, the units it rests on, set in the same change.
        """
        draft = self.get(field, target)
        if draft is None:
            return None
        what = self.describe(field, target)
        saved: str | None = what
        try:
            stored = self.stored(field, target)
            if draft.text.strip() == stored.strip() and units is None:
                saved = None
            else:
                if stored.strip() and stored.strip() not in (draft.base.strip(), draft.text.strip()):
                    # written elsewhere while this was typed: what was typed goes in, and theirs is kept
                    self._project.impression.add_memo(
                        f"Written elsewhere while {self._context.coder} typed {what}, and replaced: {stored}")
                    saved = f"{what} (the text written there meanwhile is kept as a project memo)"
                self._apply(field, target, draft.text, units)
        except NotFound:
            if draft.text.strip():
                self._project.impression.add_memo(f"Kept from {what}: {draft.text}")
                saved = f"a project memo (kept from {what})"
            else:
                saved = None
        store.delete(self._context.conn, self._context.coder, field, target, text=draft.text)
        return saved

    def promote_all(self) -> builtins.list[str]:
        """Promote every draft of this coder (a session that ended without saying so); what was saved."""
        saved = []
        for draft in self.list():
            result = self.promote(draft.field, draft.target)
            if result:
                saved.append(result)
        return saved

    def _apply(self, field: str, target: int, text: str, units: builtins.list[int] | None = None) -> None:
        kind, _, name = field.partition(".")
        if kind == "condensate":
            self._project.condensing.set(self._code_path(target), text=text, unit_ids=units)
        elif kind == "synthesis":
            path = self._code_path(target)
            if name == "heading":
                self._project.synthesizing.set(path, heading=text)
            elif name == "introduction":
                self._project.synthesizing.set(path, introduction=text)
            else:
                self._project.synthesizing.set(path, analytic_text=text)
        elif kind == "theme":
            if name == "note":
                self._project.impression.edit_theme(target, note=text)
            elif text.strip():  # a theme keeps its title until a new one is typed
                self._project.impression.edit_theme(target, title=text)
        elif passage := _PASSAGE_MEMO.fullmatch(field):
            if text.strip():
                self._passage_memo(target, int(passage[1]), int(passage[2]), text)
        elif text.strip():
            self._project.impression.add_memo(text, kind=name, target_id=target or None)

    def _passage_memo(self, document_id: int, start: int, end: int, text: str) -> None:
        try:
            self._project.impression.add_memo(text, kind="passage", target_id=document_id, start=start, end=end)
        except NotFound:
            raise
        except QualcodeError:  # the transcript was shortened since: the memo goes on it, saying where it was
            self._project.impression.add_memo(f"(on characters {start}-{end}) {text}", kind="document",
                                              target_id=document_id)

    def _code_path(self, code_id: int) -> str:
        if code_store.code_by_id(self._context.conn, code_id) is None:
            raise NotFound(f"no code {code_id}")
        return path_of(self._context.conn, code_id)

    def _theme(self, theme_id: int):
        for theme in self._project.impression.themes():
            if theme.id == theme_id:
                return theme
        raise NotFound(f"no theme {theme_id}")


def _require_field(field: str) -> None:
    if field not in FIELDS and not _PASSAGE_MEMO.fullmatch(field):
        raise QualcodeError(f"a draft is for one of: {', '.join(FIELDS)}")
